package app

import (
	"context"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/lessons"
)

// What the content test does about the practice cluster being shared by
// the package's tests: nodes a lesson drains, node ports a lesson holds.

// guardNodes prepares the practice cluster for a lesson that works on
// nodes (one with a step that needs multiple-nodes, such as L05's drain):
// it waits until the earlier tests' Pods without a controller are gone
// from their deleted Namespaces, since kubectl drain refuses a node with
// such a Pod in any Namespace. (packtest waits for its own Namespaces,
// and opens again the nodes a lesson cordoned.)
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

// releaseNodePorts deletes the Services in ns that hold a node port and
// waits until they are gone. A node port belongs to the whole cluster, and
// the next test may want the same one (L08's 30001) at once, while the
// Namespace takes seconds to go.
func releaseNodePorts(client kubernetes.Interface, ns string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	services, err := client.CoreV1().Services(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return
	}
	var held []string
	for _, s := range services.Items {
		for _, p := range s.Spec.Ports {
			if p.NodePort != 0 {
				held = append(held, s.Name)
				_ = client.CoreV1().Services(ns).Delete(ctx, s.Name, metav1.DeleteOptions{})
				break
			}
		}
	}
	for _, name := range held {
		for ctx.Err() == nil {
			if _, err := client.CoreV1().Services(ns).Get(ctx, name, metav1.GetOptions{}); apierrors.IsNotFound(err) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}
