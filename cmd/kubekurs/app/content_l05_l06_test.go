package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/lessons"
)

// wrongAttemptsL05L06 are the typical mistakes of L05 (scaling, drift,
// drain) and L06 (rolling update and rollback), from the syllabus's
// lists 4.3 and 4.4. The lab's workers are kubekurs-worker and
// kubekurs-worker2, and the lessons' solutions drain kubekurs-worker.
func wrongAttemptsL05L06() []wrongAttempt {
	web := "kubectl create deployment web --image=nginx:1.26 --replicas=3\nkubectl rollout status deployment/web"
	return []wrongAttempt{
		{name: "skalerte ReplicaSet-et", lesson: "L05", step: 1, before: web,
			commands: "kubectl scale replicaset -l app=web --replicas=5",
			failing:  "5 klare replikaer", hint: "ReplicaSet-et", fix: "kubectl scale deployment web --replicas=5"},
		{name: "gammel fil brukt igjen etter scale", lesson: "L05", step: 3, manifest: l05WebManifest(3, "nginx:1.26"),
			failing: "2 klare replikaer", hint: "replicas: 3", redo: true},
		{name: "skalerte i stedet for å endre filen", lesson: "L05", step: 3, commands: "kubectl scale deployment web --replicas=2",
			failing: "replicas 2 (annotationen", hint: "kubectl apply -f web-deployment.yaml", redo: true},
		// drain refuses a Pod no controller owns, after it has cordoned
		// the node: what is left is a cordoned node with the Pod on it.
		{name: "drain stoppet av en Pod uten kontroller", lesson: "L05", step: 4,
			before:   `kubectl run nginx --image=nginx:1.27 --overrides={"spec":{"nodeName":"kubekurs-worker"}}`,
			commands: "kubectl cordon kubekurs-worker",
			failing:  "stengt for nye Poder (cordon), DaemonSet-Poder unntatt", hint: "cannot delete Pods that declare no controller",
			fix: "kubectl delete pod nginx", redo: true},
		{name: "åpnet feil node", lesson: "L05", step: 5, commands: "kubectl uncordon kubekurs-worker2",
			failing: "Ingen worker-noder", hint: "SchedulingDisabled", fix: "kubectl uncordon kubekurs-worker"},

		// kubectl refuses `set image deployment/web web=nginx:1.27`
		// (unable to find container named "web") and changes nothing.
		{name: "feil containernavn i set image", lesson: "L06", step: 1, before: web,
			failing: "bruker imaget nginx:1.27", hint: "containernavnet", fix: "kubectl set image deployment/web nginx=nginx:1.27"},
		{name: "change-cause uten prefiks", lesson: "L06", step: 2, commands: "kubectl annotate deployment web change-cause=Oppgradert",
			failing: "kubernetes.io/change-cause", hint: "med prefikset", redo: true},
		{name: "rollout undo to ganger", lesson: "L06", step: 4,
			commands: "kubectl rollout undo deployment/web\nkubectl rollout status deployment/web\nkubectl rollout undo deployment/web",
			failing:  "bruker imaget nginx:1.27", hint: "to ganger", fix: "kubectl rollout undo deployment/web --to-revision=4"},
		{name: "strategi lagt til, men filen har fortsatt det gamle imaget", lesson: "L06", step: 5,
			manifest: strings.Replace(l06StrategyManifest(), "nginx:1.27", "nginx:1.26", 1),
			failing:  "bruker imaget nginx:1.27", hint: "image: nginx:1.27", redo: true},
	}
}

// l05WebManifest is L05's web-deployment.yaml.
func l05WebManifest(replicas int, image string) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: %d
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: %s
          ports:
            - containerPort: 80
`, replicas, image)
}

// l06StrategyManifest is L06's last web-deployment.yaml.
func l06StrategyManifest() string {
	return strings.Replace(l05WebManifest(3, "nginx:1.27"), "  replicas: 3\n",
		"  replicas: 3\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n", 1)
}

// guardNodes prepares the practice cluster for a lesson that works on
// nodes (one with a step that needs multiple-nodes, such as L05's drain)
// and tidies up after it. Before: it waits until the earlier tests' Pods
// without a controller are gone from their deleted Namespaces, since
// kubectl drain refuses a node with such a Pod in any Namespace. After:
// it opens every node the test cordoned, so that a lesson that stops
// half-way does not leave the lab with one worker for the lessons after
// it.
func guardNodes(t *testing.T, c *labtest.Cluster, lesson *lessons.Lesson) {
	t.Helper()
	needsNodes := slices.Contains(lesson.Requires, string(cluster.MultipleNodes))
	for _, step := range lesson.Steps {
		needsNodes = needsNodes || slices.Contains(step.Options.Requires, string(cluster.MultipleNodes))
	}
	if !needsNodes {
		return
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	start := time.Now()
	for strayPods(ctx, t, c) {
		select {
		case <-ctx.Done():
			t.Fatal("Pods without a controller in deleted Namespaces are still there after a minute")
		case <-time.After(250 * time.Millisecond):
		}
	}
	if waited := time.Since(start); waited > time.Second {
		t.Logf("waited %s for the earlier tests' Pods without a controller to go", waited.Round(time.Millisecond))
	}
	nodes, err := c.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var open []string
	for _, n := range nodes.Items {
		if !n.Spec.Unschedulable {
			open = append(open, n.Name)
		}
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		patch := []byte(`{"spec":{"unschedulable":false}}`)
		for _, name := range open {
			if _, err := c.Client.CoreV1().Nodes().Patch(ctx, name, types.StrategicMergePatchType, patch, metav1.PatchOptions{}); err != nil {
				t.Errorf("uncordon %s after the test: %v", name, err)
			}
		}
	})
}

// strayPods reports whether a Namespace being deleted still holds a
// running Pod that no controller owns.
func strayPods(ctx context.Context, t *testing.T, c *labtest.Cluster) bool {
	t.Helper()
	namespaces, err := c.Client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ns := range namespaces.Items {
		if ns.Status.Phase != corev1.NamespaceTerminating {
			continue
		}
		pods, err := c.Client.CoreV1().Pods(ns.Name).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pods.Items {
			finished := p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed
			if metav1.GetControllerOf(&p) == nil && !finished {
				return true
			}
		}
	}
	return false
}
