package checks

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/cluster/lab"
)

// The practice cluster has no containers, so httpGet can only fail
// there. These cases fail before the API server dials anything: it never
// connects to a simulated Pod or Service address for them.
func TestIntegrationHTTPGetFailsFast(t *testing.T) {
	l := newLab(t)
	l.createService("web", "ingen-poder-har-denne-labelen")
	tests := []struct{ src, found string }{
		{`{type: httpGet, service: web, port: 80, contains: Welcome to nginx!}`, "ingen klare endepunkter: API-serveren fant ingen Pod å sende forespørselen til"},
		{`{type: httpGet, service: web, port: 8080}`, "Servicen har ingen port 8080 (porter: 80)"},
		{`{type: httpGet, service: finnes-ikke, port: 80}`, "finnes ikke"},
	}
	for _, tc := range tests {
		c := compileOne(t, tc.src)
		for deadline := time.Now().Add(settle); l.run(c).Found == msgHTTPNotYet && time.Now().Before(deadline); {
			time.Sleep(100 * time.Millisecond) // the proxy has not seen the new Service yet
		}
		start := time.Now()
		r := l.run(c)
		if r.Status != Failed || r.Found != tc.found {
			t.Errorf("%s: %s %q (%s), want ikke bestått %q", tc.src, r.Status, r.Found, r.Detail, tc.found)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s took %s, want it to fail at once", tc.src, d)
		}
	}
}

// With ready endpoints the API server reaches for a Pod, and the
// practice cluster refuses at once (it has no containers): that is the
// environment's doing, not the learner's, so the check says so in an
// EnvError with the lab's Norwegian reason, fast, and does not take the
// API server for unreachable.
func TestIntegrationHTTPGetRefusedByThePracticeCluster(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.27", 1))
	l.createService("web", "web")
	tests := []struct{ src, who string }{
		{`{type: httpGet, service: web, port: 80, contains: Welcome to nginx!}`, "Podene bak Servicen"},
		{`{type: httpGet, selector: app=web, port: 80, contains: Welcome to nginx!}`, "Poden «web-"}, // the Pod's name is random
	}
	for _, tc := range tests {
		c := compileOne(t, tc.src)
		deadline := time.Now().Add(settle)
		for {
			start := time.Now()
			r := l.run(c)
			took := time.Since(start)
			if r.Status == Failed && time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond) // no endpoints or ready Pod yet, or the proxy has not seen the new Service
				continue
			}
			if r.Status != EnvError || r.unreachable {
				t.Fatalf("%s: status %s (unreachable %v), found %q, detail %q; want a miljøfeil", tc.src, r.Status, r.unreachable, r.Found, r.Detail)
			}
			if want := "API-serveren fikk ikke koble seg til " + tc.who; !strings.HasPrefix(r.Detail, want) || !strings.HasSuffix(r.Detail, ": "+lab.EgressRefusal) {
				t.Errorf("%s: detail %q, want %q…: %s", tc.src, r.Detail, want, lab.EgressRefusal)
			}
			if tc.who == "Podene bak Servicen" {
				wantText(t, "detail", r.Detail, "API-serveren fikk ikke koble seg til Podene bak Servicen: "+lab.EgressRefusal)
			}
			if took > 2*time.Second {
				t.Errorf("%s: the refusal took %s, want it at once", tc.src, took)
			}
			break
		}
	}
}

func TestIntegrationServiceHeadlessAndExternalName(t *testing.T) {
	l := newLab(t)
	l.createService("web", "web")
	r := l.run(compileOne(t, `{type: service, name: web, headless: true}`))
	if r.Status != Failed {
		t.Errorf("a ClusterIP Service passes as headless: %+v", r)
	}
	wantContains(t, "found", r.Found, "clusterIP 10.")
	_, _ = l.failThenPass(`{type: service, name: web-headless, selector: {app: web}, headless: true}`, func() {
		s := service("web-headless", "web")
		s.Spec.ClusterIP = corev1.ClusterIPNone
		_, err := l.client.CoreV1().Services(l.ns).Create(l.ctx(), s, metav1.CreateOptions{})
		l.must(err)
	})

	ext := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "ekstern-db"},
		Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "192.0.2.10", Selector: map[string]string{"app": "ekstern-db"}}}
	_, err := l.client.CoreV1().Services(l.ns).Create(l.ctx(), ext, metav1.CreateOptions{})
	l.must(err)
	before, after := l.failThenPass(`{type: service, name: ekstern-db, serviceType: ExternalName, externalName: db.example.com, selector: {}}`, func() {
		s, err := l.client.CoreV1().Services(l.ns).Get(l.ctx(), "ekstern-db", metav1.GetOptions{})
		l.must(err)
		s.Spec.ExternalName, s.Spec.Selector = "db.example.com", nil
		_, err = l.client.CoreV1().Services(l.ns).Update(l.ctx(), s, metav1.UpdateOptions{})
		l.must(err)
	})
	wantText(t, "found before", before.Found, "type ExternalName; selector app=ekstern-db; externalName 192.0.2.10 (en IP-adresse, ikke et DNS-navn)")
	wantText(t, "found after", after.Found, "type ExternalName; ingen selector; externalName db.example.com")
}

// A load balancer provider writes the address into the Service's status;
// here the test plays the provider, so the check is tested whether or
// not the cluster has one.
func TestIntegrationLoadBalancerAddress(t *testing.T) {
	l := newLab(t)
	s := service("web-lb", "web")
	s.Spec.Type = corev1.ServiceTypeLoadBalancer
	class := "kurs.example.no/ingen" // no provider serves this class
	s.Spec.LoadBalancerClass = &class
	_, err := l.client.CoreV1().Services(l.ns).Create(l.ctx(), s, metav1.CreateOptions{})
	l.must(err)
	before, after := l.failThenPass(`{type: loadBalancerAddress, name: web-lb}`, func() {
		s, err := l.client.CoreV1().Services(l.ns).Get(l.ctx(), "web-lb", metav1.GetOptions{})
		l.must(err)
		s.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{IP: "198.51.100.77"}}
		_, err = l.client.CoreV1().Services(l.ns).UpdateStatus(l.ctx(), s, metav1.UpdateOptions{})
		l.must(err)
	})
	wantText(t, "found before", before.Found, "ingen adresse ennå (<pending>); loadBalancerClass kurs.example.no/ingen")
	wantText(t, "found after", after.Found, "198.51.100.77")

	l.createService("web", "web")
	r := l.run(compileOne(t, `{type: loadBalancerAddress, name: web}`))
	if r.Status != Failed || r.Found != "ingen ekstern adresse: Servicen har type ClusterIP, ikke LoadBalancer" {
		t.Errorf("ClusterIP Service: %+v", r)
	}
}
