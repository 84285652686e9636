package checks

import (
	"context"
	"testing"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

// createIngressClass makes a cluster-scoped IngressClass for one test
// (not the default, so that it changes nothing for other tests) and
// deletes it when the test ends.
func (l *labEnv) createIngressClass(name string) {
	l.t.Helper()
	_, err := l.client.NetworkingV1().IngressClasses().Create(l.ctx(), &networkingv1.IngressClass{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       networkingv1.IngressClassSpec{Controller: "kubekurs.no/test"},
	}, metav1.CreateOptions{})
	l.must(err)
	l.t.Cleanup(func() {
		_ = l.client.NetworkingV1().IngressClasses().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
}

// ingressPath is a Prefix path to a Service's port 80.
func ingressPath(path, service string) networkingv1.HTTPIngressPath {
	return networkingv1.HTTPIngressPath{Path: path, PathType: ptr.To(networkingv1.PathTypePrefix), Backend: networkingv1.IngressBackend{
		Service: &networkingv1.IngressServiceBackend{Name: service, Port: networkingv1.ServiceBackendPort{Number: 80}},
	}}
}

// TestIntegrationIngress follows L09 on the lab: the rule, a class that
// resolves and backends that exist, then the typical mistakes of a
// second path (a Service that does not exist, then one on another port).
func TestIntegrationIngress(t *testing.T) {
	l := newLab(t)
	class := l.ns + "-klasse"
	l.createIngressClass(class)
	l.createService("web", "web")
	src := `{type: ingress, name: web, host: web.kurs.local, path: /, pathType: Prefix, service: web, port: 80, classResolves: true, backendsExist: true}`
	before, after := l.failThenPass(src, func() {
		_, err := l.client.NetworkingV1().Ingresses(l.ns).Create(l.ctx(), &networkingv1.Ingress{
			ObjectMeta: metav1.ObjectMeta{Name: "web"},
			Spec: networkingv1.IngressSpec{IngressClassName: &class, Rules: []networkingv1.IngressRule{{
				Host: "web.kurs.local",
				IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
					Paths: []networkingv1.HTTPIngressPath{ingressPath("/", "web")},
				}},
			}}},
		}, metav1.CreateOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "Ingressen «web» har regelen web.kurs.local/ (Prefix) → web:80, hører til en IngressClass som finnes og peker på Servicer som finnes i Namespacet, med porter de har")
	wantText(t, "found before", before.Found, "finnes ikke")
	wantText(t, "found after", after.Found, "regler: web.kurs.local/ (Prefix) → web:80; ingressClassName «"+class+"» finnes; web:80 finnes")

	ing, err := l.client.NetworkingV1().Ingresses(l.ns).Get(l.ctx(), "web", metav1.GetOptions{})
	l.must(err)
	ing.Spec.Rules[0].HTTP.Paths = append(ing.Spec.Rules[0].HTTP.Paths, ingressPath("/hallo", "hallo"))
	_, err = l.client.NetworkingV1().Ingresses(l.ns).Update(l.ctx(), ing, metav1.UpdateOptions{})
	l.must(err)
	backends := compileOne(t, `{type: ingress, name: web, backendsExist: true}`)
	r := l.run(backends)
	wantText(t, "missing backend", r.Found, "Servicen «hallo» finnes ikke i Namespacet «"+l.ns+"»")
	hallo := service("hallo", "hallo")
	hallo.Spec.Ports[0].Port = 8080
	_, err = l.client.CoreV1().Services(l.ns).Create(l.ctx(), hallo, metav1.CreateOptions{})
	l.must(err)
	r = l.run(backends)
	wantText(t, "backend on another port", r.Found, "Servicen «hallo» har ikke port 80 (porter: 8080)")
	if r.Status != Failed {
		t.Errorf("backend on another port: status %v, want Failed", r.Status)
	}

	r = l.run(compileOne(t, `{type: ingressClass, name: `+class+`}`))
	if r.Status != Passed {
		t.Errorf("ingressClass %s: %+v", class, r)
	}
}

// TestIntegrationIngressAddress: on the lab, an Ingress without a class
// gets the default class (the API server's DefaultIngressClass admission)
// and, from the lab's simulated Ingress Controller, an address; one of a
// class that does not exist gets neither.
func TestIntegrationIngressAddress(t *testing.T) {
	l := newLab(t)
	if r := l.run(compileOne(t, `{type: ingressClass, default: true}`)); r.Status != Passed {
		t.Fatalf("the lab has no default IngressClass: %+v", r)
	}
	l.createService("web", "web")
	ingress := func(name string, class *string) {
		_, err := l.client.NetworkingV1().Ingresses(l.ns).Create(l.ctx(), &networkingv1.Ingress{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			Spec: networkingv1.IngressSpec{IngressClassName: class, Rules: []networkingv1.IngressRule{{
				IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
					Paths: []networkingv1.HTTPIngressPath{ingressPath("/", "web")},
				}},
			}}},
		}, metav1.CreateOptions{})
		l.must(err)
	}
	before, after := l.failThenPass(`{type: ingress, name: web, classResolves: true, address: true}`, func() { ingress("web", nil) })
	wantText(t, "found before", before.Found, "finnes ikke")
	wantContains(t, "found after", after.Found, "ingressClassName «", "» finnes; adresse 198.51.100.")

	ingress("feil", ptr.To("finnes-ikke"))
	r := l.run(compileOne(t, `{type: ingress, name: feil, classResolves: true}`))
	wantContains(t, "wrong class", r.Found, "ingressClassName «finnes-ikke» finnes ikke; IngressClasser: ", "(standard)")
	// The controller has had time to act when it gave web its address;
	// watch two seconds more that it leaves this one alone.
	noAddress := Evaluate(l.ctx(), l.target, []Check{compileOne(t, `{type: ingress, name: feil, address: true}`)}, EvalOptions{Settle: 2 * time.Second})
	if r := noAddress[0]; r.Status != Failed || r.Found != "ingen adresse ennå" {
		t.Errorf("an Ingress of a class that does not exist: %+v", r)
	}
}
