package checks

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// service is a ClusterIP Service selecting app=<selector> on port
// 80 → 80.
func service(name, selector string) *corev1.Service {
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app": selector},
			Ports: []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(80)}}},
	}
}

func (l *labEnv) createService(name, selector string) {
	l.t.Helper()
	_, err := l.client.CoreV1().Services(l.ns).Create(l.ctx(), service(name, selector), metav1.CreateOptions{})
	l.must(err)
}

func TestIntegrationService(t *testing.T) {
	l := newLab(t)
	l.createService("web", "web")
	before, after := l.failThenPass(`
type: service
name: web
serviceType: NodePort
ports: [{port: 80, targetPort: http, nodePort: 30080}]
selector: {app: web}`, func() {
		s, err := l.client.CoreV1().Services(l.ns).Get(l.ctx(), "web", metav1.GetOptions{})
		l.must(err)
		s.Spec.Type = corev1.ServiceTypeNodePort
		s.Spec.Ports[0].TargetPort = intstr.FromString("http")
		s.Spec.Ports[0].NodePort = 30080
		_, err = l.client.CoreV1().Services(l.ns).Update(l.ctx(), s, metav1.UpdateOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "Servicen «web» har type NodePort, port 80 → http (nodePort 30080) og selector app=web")
	wantText(t, "found before", before.Found, "type ClusterIP; porter 80 → 80; selector app=web")
	wantText(t, "found after", after.Found, "type NodePort; porter 80 → http (nodePort 30080); selector app=web")
}

func TestIntegrationServiceEndpoints(t *testing.T) {
	l := newLab(t)
	l.createService("web", "web")
	before, after := l.failThenPass(`{type: serviceEndpoints, name: web, ready: 3}`, func() {
		l.createDeployment(deployment("web", "nginx:1.27", 3))
	})
	wantText(t, "criterion", before.Criterion, "Servicen «web» har 3 klare endepunkter")
	wantText(t, "expected", before.Expected, "3 klare endepunkter")
	wantText(t, "found before", before.Found, "0 klare endepunkter")
	wantText(t, "found after", after.Found, "3 klare endepunkter")

	r := l.run(compileOne(t, `{type: serviceEndpoints, name: finnes-ikke, ready: 1}`))
	if r.Status != Failed || r.Found != "finnes ikke" {
		t.Errorf("missing service: %+v", r)
	}
}
