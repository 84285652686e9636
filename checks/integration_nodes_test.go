package checks

import (
	"context"
	"fmt"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// testNodes adds two nodes of the test's own, a and b, that KWOK
// simulates. They carry the label kubekurs-test=<namespace> and a taint
// that keeps the other tests' Pods off them; this test's Pods are bound
// to them by spec.nodeName. Cordoning them touches no other test.
func (l *labEnv) testNodes() (a, b string) {
	l.t.Helper()
	c := l.client.CoreV1().Nodes()
	names := []string{l.ns + "-a", l.ns + "-b"}
	for _, name := range names {
		node := &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name:        name,
				Labels:      map[string]string{"type": "kwok", "kubekurs-test": l.ns, "kubernetes.io/hostname": name},
				Annotations: map[string]string{"kwok.x-k8s.io/node": "fake"},
			},
			Spec: corev1.NodeSpec{Taints: []corev1.Taint{{Key: "kubekurs.test/egen", Effect: corev1.TaintEffectNoSchedule}}},
		}
		_, err := c.Create(l.ctx(), node, metav1.CreateOptions{})
		l.must(err)
		l.t.Cleanup(func() { _ = c.Delete(context.Background(), name, metav1.DeleteOptions{}) })
	}
	return names[0], names[1]
}

// cordon sets or clears spec.unschedulable, as kubectl cordon and
// uncordon do.
func (l *labEnv) cordon(node string, on bool) {
	l.t.Helper()
	patch := fmt.Sprintf(`{"spec":{"unschedulable":%t}}`, on)
	_, err := l.client.CoreV1().Nodes().Patch(l.ctx(), node, types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{})
	l.must(err)
}

// podOn is a Pod of app=spredt bound to a node.
func podOn(name, node string) *corev1.Pod {
	p := pod(name, "nginx:1.27", map[string]string{"app": "spredt"})
	p.Spec.NodeName = node
	p.Spec.Tolerations = []corev1.Toleration{{Key: "kubekurs.test/egen", Operator: corev1.TolerationOpExists}}
	return p
}

func TestIntegrationPodNodes(t *testing.T) {
	l := newLab(t)
	a, b := l.testNodes()
	l.createPod(podOn("en", a))
	l.createPod(podOn("to", a))
	spread := `{type: podNodes, selector: app=spredt, minNodes: 2}`
	if r := l.settled(compileOne(t, `{type: podReady, selector: app=spredt, count: 2}`)); r.Status != Passed {
		t.Fatalf("pods not running: %+v", r)
	}
	before, after := l.failThenPass(spread, func() { l.createPod(podOn("tre", b)) })
	wantText(t, "criterion", before.Criterion, "Podene med selector «app=spredt» kjører på minst 2 forskjellige noder")
	wantText(t, "expected", before.Expected, "minst 2 noder")
	wantText(t, "found before", before.Found, fmt.Sprintf("2 Poder på 1 node: %s (2)", a))
	wantText(t, "found after", after.Found, fmt.Sprintf("3 Poder på 2 noder: %s (2), %s (1)", a, b))

	// A DaemonSet's Pod on the node stays, as drain leaves it.
	ds := &appsv1.DaemonSet{
		ObjectMeta: metav1.ObjectMeta{Name: "agent"},
		Spec: appsv1.DaemonSetSpec{
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "agent"}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "agent"}},
				Spec: corev1.PodSpec{
					NodeSelector: map[string]string{"kubernetes.io/hostname": a},
					Tolerations:  []corev1.Toleration{{Key: "kubekurs.test/egen", Operator: corev1.TolerationOpExists}},
					Containers:   []corev1.Container{{Name: "agent", Image: "busybox:1.36"}},
				},
			},
		},
	}
	_, err := l.client.AppsV1().DaemonSets(l.ns).Create(l.ctx(), ds, metav1.CreateOptions{})
	l.must(err)
	if r := l.settled(compileOne(t, `{type: podNodes, selector: app=agent, minNodes: 1}`)); r.Status != Passed {
		t.Fatalf("DaemonSet pod not placed: %+v", r)
	}

	// Cordoning a node the Pods run on fails the check, and names them;
	// with the Pods gone from it (the DaemonSet's aside), it passes.
	emptied := `{type: podNodes, schedulableOnly: true}`
	if r := l.run(compileOne(t, emptied)); r.Status != Passed {
		t.Fatalf("nothing cordoned: %+v", r)
	}
	l.cordon(a, true)
	before, after = l.failThenPass(emptied, func() {
		for _, name := range []string{"en", "to"} {
			l.must(l.client.CoreV1().Pods(l.ns).Delete(l.ctx(), name, metav1.DeleteOptions{}))
		}
	})
	wantText(t, "criterion", before.Criterion, "Ingen av Podene i Namespacet kjører på en node som er stengt for nye Poder (cordon), DaemonSet-Poder unntatt")
	wantContains(t, "found before", before.Found, "4 Poder på 2 noder",
		fmt.Sprintf("; stengt med cordon, men Podene kjører der fortsatt: en på %[1]s, to på %[1]s", a))
	wantText(t, "found after", after.Found, fmt.Sprintf("2 Poder på 2 noder: %s (1), %s (1)", a, b))

	// Both conditions in one check.
	both := l.run(compileOne(t, `{type: podNodes, selector: app=spredt, minNodes: 2, schedulableOnly: true}`))
	wantText(t, "found both", both.Found, fmt.Sprintf("1 Pod på 1 node: %s (1)", b))
	if both.Status != Failed {
		t.Errorf("one node left: %+v", both)
	}
}

func TestIntegrationCordonedNodes(t *testing.T) {
	l := newLab(t)
	a, b := l.testNodes()
	mine := fmt.Sprintf("kubekurs-test=%s", l.ns)
	some := fmt.Sprintf(`{type: cordonedNodes, selector: '%s', min: 1}`, mine)
	none := fmt.Sprintf(`{type: cordonedNodes, selector: '%s', max: 0}`, mine)
	if r := l.run(compileOne(t, none)); r.Status != Passed || r.Found != "0 av 2 noder stengt" {
		t.Fatalf("none cordoned: %+v", r)
	}
	before, after := l.failThenPass(some, func() { l.cordon(b, true) })
	wantText(t, "criterion", before.Criterion, fmt.Sprintf("Minst 1 av nodene med selector «%s» er stengt for nye Poder (cordon)", mine))
	wantText(t, "expected", before.Expected, "minst 1 stengt")
	wantText(t, "found before", before.Found, "0 av 2 noder stengt")
	wantText(t, "found after", after.Found, "1 av 2 noder stengt: "+b)

	before, after = l.failThenPass(none, func() { l.cordon(b, false) })
	wantText(t, "criterion none", before.Criterion, fmt.Sprintf("Ingen av nodene med selector «%s» er stengt for nye Poder (cordon)", mine))
	wantText(t, "found before uncordon", before.Found, "1 av 2 noder stengt: "+b)
	wantText(t, "found after uncordon", after.Found, "0 av 2 noder stengt")

	l.cordon(a, true)
	l.cordon(b, true)
	r := l.run(compileOne(t, fmt.Sprintf(`{type: cordonedNodes, selector: '%s', max: 1}`, mine)))
	if r.Status != Failed {
		t.Errorf("two cordoned, at most one wanted: %+v", r)
	}
	wantText(t, "found two", r.Found, fmt.Sprintf("2 av 2 noder stengt: %s, %s", a, b))
}

func TestIntegrationPodWaiting(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.26", 2))
	if r := l.settled(compileOne(t, `{type: deploymentReady, name: web, replicas: 2}`)); r.Status != Passed {
		t.Fatalf("web not ready: %+v", r)
	}
	stalled := `{type: podWaiting, deployment: web, reasons: [ErrImagePull, ImagePullBackOff]}`
	before, after := l.failThenPass(stalled, func() {
		l.patchDeployment("web", `{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:9.9-finnesikke"}]}}}}`)
	})
	wantText(t, "criterion", before.Criterion, "Minst 1 Pod i den nyeste revisjonen av Deploymenten «web» venter med ErrImagePull eller ImagePullBackOff")
	wantText(t, "expected", before.Expected, "minst 1 Pod venter")
	wantText(t, "found before", before.Found, "0 av 2 Poder venter")
	wantContains(t, "found after", after.Found, "av 1 Pod venter: web-") // maxSurge 1 of 2 replicas

	// The old Pods still run: selected by label, they are counted too.
	none := `{type: podWaiting, selector: app=web, reasons: [ErrImagePull, ImagePullBackOff], max: 0}`
	before, after = l.failThenPass(none, func() {
		l.patchDeployment("web", `{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}}}`)
	})
	wantText(t, "criterion none", before.Criterion, "Ingen Poder med selector «app=web» venter med ErrImagePull eller ImagePullBackOff")
	wantContains(t, "found before none", before.Found, "1 av 3 Poder venter: web-")
	wantText(t, "found after none", after.Found, "0 av 2 Poder venter")

	// A missing Deployment fails.
	r := l.run(compileOne(t, `{type: podWaiting, deployment: finnesikke, reasons: [ErrImagePull]}`))
	if r.Status != Failed || r.Found != "finnes ikke" {
		t.Errorf("missing deployment: %+v", r)
	}
}
