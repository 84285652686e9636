package checks

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func TestIntegrationResources(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.27", 1))
	before, after := l.failThenPass(`{type: resources, kind: Deployment, name: web, requests: {cpu: 500m, memory: 128Mi}, limits: {memory: 0.25Gi}}`, func() {
		l.updateDeployment("web", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.Containers[0].Resources = corev1.ResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("0.5"), corev1.ResourceMemory: resource.MustParse("128Mi")},
				Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("256Mi")},
			}
		})
	})
	wantText(t, "criterion", before.Criterion, "Deploymenten «web» har requests cpu 500m, memory 128Mi og limits memory 256Mi")
	wantText(t, "found before", before.Found, "requests ingen; limits ingen")
	wantText(t, "found after", after.Found, "requests cpu 500m, memory 128Mi; limits memory 256Mi")
}

func TestIntegrationProbe(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.27", 1))
	before, after := l.failThenPass(`{type: probe, kind: Deployment, name: web, probe: readiness, httpGet: {path: /healthz, port: 80}}`, func() {
		l.updateDeployment("web", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.Containers[0].ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{
				HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromString("http")},
			}}
		})
	})
	wantText(t, "criterion", before.Criterion, "Deploymenten «web» har en readinessProbe (httpGet /healthz port 80)")
	wantText(t, "found before", before.Found, "ingen readinessProbe")
	wantText(t, "found after", after.Found, "readinessProbe (httpGet /healthz port http)")

	// The wrong handler fails.
	r := l.run(compileOne(t, `{type: probe, kind: Deployment, name: web, probe: readiness, tcpSocket: {port: 80}}`))
	if r.Status != Failed {
		t.Errorf("tcpSocket wanted, httpGet found: %+v", r)
	}
}
