package checks

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// setPodImage changes the image of a Pod's only container (allowed while
// the Pod is Pending: the lab then pulls again).
func (l *labEnv) setPodImage(name, image string) {
	l.t.Helper()
	patch := `{"spec":{"containers":[{"name":"` + name + `","image":"` + image + `"}]}}`
	_, err := l.client.CoreV1().Pods(l.ns).Patch(l.ctx(), name, types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{})
	l.must(err)
}

func TestIntegrationPodReady(t *testing.T) {
	l := newLab(t)
	l.createPod(pod("nginx", "ngnix", nil))
	c := compileOne(t, `{type: podReady, name: nginx}`)
	// Wait for the lab to report the pull failure, so that Found names it.
	pulled := l.settled(compileOne(t, `{type: cel, kind: Pod, name: nginx,
	  expression: "object.status.containerStatuses.exists(s, s.state.waiting.reason.startsWith('ErrImagePull') || s.state.waiting.reason == 'ImagePullBackOff')"}`))
	if pulled.Status != Passed {
		t.Fatalf("the lab did not report the pull failure: %+v", pulled)
	}
	before := l.run(c)
	if before.Status != Failed {
		t.Fatalf("before: %+v", before)
	}
	wantText(t, "criterion", before.Criterion, "Poden «nginx» kjører og er klar")
	wantText(t, "expected", before.Expected, "Running og klar (Ready=True)")
	wantContains(t, "found before", before.Found, "Pending (", "ImagePull")
	if before.Hint != "" {
		t.Errorf("hint = %q, want none (the check has none)", before.Hint)
	}
	l.setPodImage("nginx", "nginx:1.27")
	after := l.settled(c)
	if after.Status != Passed {
		t.Fatalf("after: %+v", after)
	}
	wantText(t, "found after", after.Found, "Running, klar")
}

func TestIntegrationPodReadySelector(t *testing.T) {
	l := newLab(t)
	l.createPod(pod("web-1", "nginx:1.27", map[string]string{"app": "web"}))
	c := compileOne(t, `{type: podReady, selector: app=web, count: 2, hint: Lag to Poder}`)
	first := l.settled(compileOne(t, `{type: podReady, selector: app=web}`))
	if first.Status != Passed {
		t.Fatalf("one pod: %+v", first)
	}
	before := l.run(c)
	if before.Status != Failed {
		t.Fatalf("before: %+v", before)
	}
	wantText(t, "criterion", before.Criterion, "Minst 2 Poder med selector «app=web» kjører og er klare")
	wantText(t, "found before", before.Found, "1 av 1 klare")
	wantText(t, "hint", before.Hint, "Lag to Poder")
	l.createPod(pod("web-2", "nginx:1.27", map[string]string{"app": "web"}))
	after := l.settled(c)
	if after.Status != Passed {
		t.Fatalf("after: %+v", after)
	}
	wantText(t, "found after", after.Found, "2 av 2 klare")
	wantText(t, "hint after", after.Hint, "")
}

func TestIntegrationPodPhase(t *testing.T) {
	l := newLab(t)
	l.createPod(pod("nginx", "nginx:doesnotexist", nil))
	before, after := l.failThenPass(`{type: podPhase, name: nginx, phase: running}`, func() {
		l.setPodImage("nginx", "nginx:1.27")
	})
	wantText(t, "criterion", before.Criterion, "Poden «nginx» har fasen Running")
	wantContains(t, "found before", before.Found, "Pending")
	wantText(t, "found after", after.Found, "Running, klar")
}

func TestIntegrationImage(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.26", 1))
	before, after := l.failThenPass(`{type: image, kind: Deployment, name: web, image: docker.io/library/nginx:1.27}`, func() {
		l.patchDeployment("web", `{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}`)
	})
	wantText(t, "criterion", before.Criterion, "Deploymenten «web» bruker imaget docker.io/library/nginx:1.27")
	wantText(t, "found before", before.Found, "nginx:1.26")
	wantText(t, "found after", after.Found, "nginx:1.27")

	// A named container that does not exist.
	r := l.run(compileOne(t, `{type: image, kind: Deployment, name: web, container: app, image: nginx:1.27}`))
	if r.Status != Failed {
		t.Fatalf("missing container: %+v", r)
	}
	wantText(t, "found", r.Found, "ingen container heter «app» (containere: web)")
	wantText(t, "criterion", r.Criterion, "Containeren «app» i Deploymenten «web» bruker imaget nginx:1.27")
}
