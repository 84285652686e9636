package lab

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
)

// BenchmarkPodReady creates one bare Pod per iteration in a warm cluster
// and reports the time from Create to Ready (a watch sees the Ready
// condition): the median and the slowest. This is the wait behind a
// learner's ✓ after `kubectl apply`.
func BenchmarkPodReady(b *testing.B) {
	if testing.Short() || shared == nil {
		b.Skip("needs the practice cluster")
	}
	client := shared.client
	ctx := context.Background()
	ns := fmt.Sprintf("bench-pod-ready-%d", time.Now().UnixNano()%1000000)
	if _, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = client.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) }()
	waitServiceAccount(b, client, ns)

	var took []time.Duration
	i := 0
	for b.Loop() {
		i++
		took = append(took, timePodReady(b, client, ns, fmt.Sprintf("web-%d", i)))
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "ms-max")
}

// timePodReady creates a Pod called name and returns how long it took to
// become Ready.
func timePodReady(b *testing.B, client kubernetes.Interface, ns, name string) time.Duration {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	w, err := client.CoreV1().Pods(ns).Watch(ctx, metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("metadata.name", name).String()})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Stop()
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx:1.27"}}},
	}
	start := time.Now()
	if _, err := client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		b.Fatal(err)
	}
	for ev := range w.ResultChan() {
		if ev.Type == watch.Error {
			b.Fatalf("watch: %v", ev.Object)
		}
		if p, ok := ev.Object.(*corev1.Pod); ok && podReady(p) {
			return time.Since(start)
		}
	}
	b.Fatalf("pod %s not Ready: %v", name, ctx.Err())
	return 0
}

// podReady reports whether p's Ready condition is True.
func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// waitServiceAccount waits up to 15 s for ns's default ServiceAccount.
func waitServiceAccount(tb testing.TB, client kubernetes.Interface, ns string) {
	tb.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, err := client.CoreV1().ServiceAccounts(ns).Get(context.Background(), "default", metav1.GetOptions{})
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("default ServiceAccount in %s: %v", ns, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
