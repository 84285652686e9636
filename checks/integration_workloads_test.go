package checks

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func TestIntegrationDeploymentReady(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "ngnix:1.27", 3))
	c := compileOne(t, `{type: deploymentReady, name: web, replicas: 3}`)
	// Let the controller create the Pods first, so Found is stable.
	if r := l.settled(compileOne(t, `{type: selectorMatches, kind: Deployment, name: web, minPods: 3}`)); r.Status != Passed {
		t.Fatalf("pods not created: %+v", r)
	}
	before := l.run(c)
	if before.Status != Failed {
		t.Fatalf("before: %+v", before)
	}
	wantText(t, "criterion", before.Criterion, "Deploymenten «web» har 3 klare replikaer")
	wantText(t, "expected", before.Expected, "3 klare replikaer")
	wantContains(t, "found before", before.Found, "0 av 3 klare")
	l.patchDeployment("web", `{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}`)
	after := l.settled(c)
	if after.Status != Passed {
		t.Fatalf("after: %+v", after)
	}
	wantText(t, "found after", after.Found, "3 av 3 klare")

	// A different replica count fails with spec.replicas named.
	r := l.run(compileOne(t, `{type: deploymentReady, name: web, replicas: 5}`))
	wantText(t, "criterion 5", r.Criterion, "Deploymenten «web» har 5 klare replikaer")
	wantText(t, "found 5", r.Found, "spec.replicas er 3 (3 klare)")
}

func TestIntegrationDeploymentStrategy(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.27", 1))
	before, after := l.failThenPass(`{type: deploymentStrategy, name: web, strategy: RollingUpdate, maxSurge: 1, maxUnavailable: 0}`, func() {
		l.updateDeployment("web", func(d *appsv1.Deployment) {
			one, zero := intstr.FromInt32(1), intstr.FromInt32(0)
			d.Spec.Strategy.RollingUpdate = &appsv1.RollingUpdateDeployment{MaxSurge: &one, MaxUnavailable: &zero}
		})
	})
	wantText(t, "criterion", before.Criterion, "Deploymenten «web» bruker strategien RollingUpdate (maxSurge 1, maxUnavailable 0)")
	wantText(t, "found before", before.Found, "RollingUpdate (maxSurge 25%, maxUnavailable 25%)")
	wantText(t, "found after", after.Found, "RollingUpdate (maxSurge 1, maxUnavailable 0)")

	_, after = l.failThenPass(`{type: deploymentStrategy, name: web, strategy: Recreate}`, func() {
		l.updateDeployment("web", func(d *appsv1.Deployment) {
			d.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
		})
	})
	wantText(t, "found recreate", after.Found, "Recreate")
}

func TestIntegrationRolloutHistory(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.26", 2))
	if r := l.settled(compileOne(t, `{type: rolloutHistory, deployment: web, minRevisions: 1}`)); r.Status != Passed {
		t.Fatalf("first revision: %+v", r)
	}
	before, after := l.failThenPass(`{type: rolloutHistory, deployment: web, minRevisions: 2}`, func() {
		l.patchDeployment("web", `{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}`)
	})
	wantText(t, "criterion", before.Criterion, "Deploymenten «web» har minst 2 revisjoner")
	wantText(t, "expected", before.Expected, "minst 2 revisjoner")
	wantText(t, "found before", before.Found, "1 revisjon (1)")
	wantText(t, "found after", after.Found, "2 revisjoner (1, 2)")
}

func TestIntegrationSelectorMatches(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.27", 2))
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "wbe"},
			Ports: []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(80)}}},
	}
	_, err := l.client.CoreV1().Services(l.ns).Create(l.ctx(), svc, metav1.CreateOptions{})
	l.must(err)
	before, after := l.failThenPass(`{type: selectorMatches, kind: service, name: web, minPods: 2}`, func() {
		s, err := l.client.CoreV1().Services(l.ns).Get(l.ctx(), "web", metav1.GetOptions{})
		l.must(err)
		s.Spec.Selector = map[string]string{"app": "web"}
		_, err = l.client.CoreV1().Services(l.ns).Update(l.ctx(), s, metav1.UpdateOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "Selectoren til Servicen «web» treffer minst 2 Poder")
	wantText(t, "found before", before.Found, "selectoren app=wbe treffer 0 Poder")
	wantText(t, "found after", after.Found, "selectoren app=web treffer 2 Poder")

	// A Deployment's selector matches its template (the API insists), and
	// its Pods.
	if r := l.settled(compileOne(t, `{type: selectorMatches, kind: Deployment, name: web, minPods: 2}`)); r.Status != Passed {
		t.Errorf("deployment selector: %+v", r)
	}
}
