package lab

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
)

// eventually polls cond every 50 ms until it returns nil or timeout passes,
// then fails the test with cond's last error.
func eventually(t *testing.T, timeout time.Duration, what string, cond func(ctx context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	var last error
	for {
		if last = cond(ctx); last == nil {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: not within %s: %v", what, timeout, last)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// newNamespace creates a namespace for one test, waits for its default
// ServiceAccount (bare Pods are refused before it exists) and deletes the
// namespace when the test ends.
func newNamespace(t *testing.T, client kubernetes.Interface) string {
	t.Helper()
	name := strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	if len(name) > 50 {
		name = name[:50]
	}
	name = fmt.Sprintf("%s-%d", strings.TrimSuffix(name, "-"), time.Now().UnixNano()%100000)
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if _, err := client.CoreV1().Namespaces().Create(t.Context(), ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create namespace: %v", err)
	}
	t.Cleanup(func() {
		_ = client.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	eventually(t, 10*time.Second, "default ServiceAccount", func(ctx context.Context) error {
		_, err := client.CoreV1().ServiceAccounts(name).Get(ctx, "default", metav1.GetOptions{})
		return err
	})
	return name
}

func webDeployment(name, image string, replicas int32) *appsv1.Deployment {
	labels := map[string]string{"app": name}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{
					Name:  "web",
					Image: image,
					Ports: []corev1.ContainerPort{{ContainerPort: 80}},
				}}},
			},
		},
	}
}

// waitRolledOut waits until the Deployment's current generation is fully
// rolled out and available, as `kubectl rollout status` does.
func waitRolledOut(t *testing.T, client kubernetes.Interface, ns, name string, replicas int32) {
	t.Helper()
	eventually(t, 30*time.Second, "rollout of "+name, func(ctx context.Context) error {
		d, err := client.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		s := d.Status
		if s.ObservedGeneration < d.Generation || s.UpdatedReplicas != replicas ||
			s.ReadyReplicas != replicas || s.AvailableReplicas != replicas || s.Replicas != replicas {
			return fmt.Errorf("status %+v (generation %d)", s, d.Generation)
		}
		return nil
	})
}

func TestIntegrationNodes(t *testing.T) {
	tl := requireLab(t)
	nodes, err := tl.client.CoreV1().Nodes().List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes.Items) != 3 {
		t.Fatalf("got %d nodes, want 3", len(nodes.Items))
	}
	for _, n := range nodes.Items {
		if !nodeIsReady(&n) {
			t.Errorf("node %s is not Ready", n.Name)
		}
		_, isControlPlane := n.Labels[controlPlaneRole]
		if isControlPlane != (n.Name == controlPlaneNode) {
			t.Errorf("node %s: control-plane label = %v", n.Name, isControlPlane)
		}
		if isControlPlane && len(n.Spec.Taints) == 0 {
			t.Errorf("control-plane node has no taint")
		}
		if !isControlPlane && len(n.Spec.Taints) > 0 {
			t.Errorf("worker %s is tainted %v right after Start: Pods would not schedule", n.Name, n.Spec.Taints)
		}
	}
	v, err := tl.client.Discovery().ServerVersion()
	if err != nil {
		t.Fatal(err)
	}
	if v.GitVersion != KubernetesVersion {
		t.Errorf("server version %q, want %q (version ldflags missing?)", v.GitVersion, KubernetesVersion)
	}
}

func TestIntegrationDeploymentAndService(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	ctx := t.Context()
	if _, err := tl.client.AppsV1().Deployments(ns).Create(ctx, webDeployment("web", "nginx:1.27", 3), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitRolledOut(t, tl.client, ns, "web", 3)

	pods, err := tl.client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=web"})
	if err != nil {
		t.Fatal(err)
	}
	podCIDR := netip.MustParsePrefix(podCIDR)
	for _, p := range pods.Items {
		if p.Spec.NodeName == controlPlaneNode {
			t.Errorf("pod %s scheduled on the tainted control-plane node", p.Name)
		}
		ip, err := netip.ParseAddr(p.Status.PodIP)
		if err != nil || !podCIDR.Contains(ip) {
			t.Errorf("pod %s IP %q not in %s", p.Name, p.Status.PodIP, podCIDR)
		}
	}

	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: corev1.ServiceSpec{
			Selector: map[string]string{"app": "web"},
			Ports:    []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(80)}},
		},
	}
	created, err := tl.client.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ip, err := netip.ParseAddr(created.Spec.ClusterIP); err != nil || !netip.MustParsePrefix(serviceCIDR).Contains(ip) {
		t.Errorf("ClusterIP %q not in %s", created.Spec.ClusterIP, serviceCIDR)
	}
	eventually(t, 15*time.Second, "3 ready endpoints", func(ctx context.Context) error {
		slices, err := tl.client.DiscoveryV1().EndpointSlices(ns).List(ctx, metav1.ListOptions{LabelSelector: discoveryv1.LabelServiceName + "=web"})
		if err != nil {
			return err
		}
		ready := 0
		for _, s := range slices.Items {
			for _, e := range s.Endpoints {
				if e.Conditions.Ready != nil && *e.Conditions.Ready {
					ready++
				}
			}
		}
		if ready != 3 {
			return fmt.Errorf("%d ready endpoints in %d slices", ready, len(slices.Items))
		}
		return nil
	})
}

func TestIntegrationRolloutAndUndo(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	ctx := t.Context()
	deployments := tl.client.AppsV1().Deployments(ns)
	if _, err := deployments.Create(ctx, webDeployment("web", "nginx:1.26", 2), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitRolledOut(t, tl.client, ns, "web", 2)

	setImage(t, tl.client, ns, "web", "nginx:1.27")
	waitRolledOut(t, tl.client, ns, "web", 2)
	if got := replicaSetRevisions(t, tl.client, ns); len(got) != 2 {
		t.Fatalf("after image change: ReplicaSets by revision %v, want 2", got)
	}

	rollbackToPrevious(t, tl.client, ns, "web")
	waitRolledOut(t, tl.client, ns, "web", 2)
	d, err := deployments.Get(ctx, "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if img := d.Spec.Template.Spec.Containers[0].Image; img != "nginx:1.26" {
		t.Errorf("after undo image is %q, want nginx:1.26", img)
	}
	revs := replicaSetRevisions(t, tl.client, ns)
	if revs["3"] != "nginx:1.26" {
		t.Errorf("after undo ReplicaSets by revision %v, want revision 3 = nginx:1.26", revs)
	}
}

func setImage(t *testing.T, client kubernetes.Interface, ns, name, image string) {
	t.Helper()
	d, err := client.AppsV1().Deployments(ns).Get(t.Context(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.Spec.Template.Spec.Containers[0].Image = image
	if _, err := client.AppsV1().Deployments(ns).Update(t.Context(), d, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// replicaSetRevisions maps each ReplicaSet's revision to its image.
func replicaSetRevisions(t *testing.T, client kubernetes.Interface, ns string) map[string]string {
	t.Helper()
	list, err := client.AppsV1().ReplicaSets(ns).List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	revs := map[string]string{}
	for _, rs := range list.Items {
		revs[rs.Annotations["deployment.kubernetes.io/revision"]] = rs.Spec.Template.Spec.Containers[0].Image
	}
	return revs
}

// rollbackToPrevious does what `kubectl rollout undo` does: it copies the
// pod template of the ReplicaSet with the second-highest revision back
// into the Deployment.
func rollbackToPrevious(t *testing.T, client kubernetes.Interface, ns, name string) {
	t.Helper()
	list, err := client.AppsV1().ReplicaSets(ns).List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var current, previous *appsv1.ReplicaSet
	revision := func(rs *appsv1.ReplicaSet) int {
		n, _ := strconv.Atoi(rs.Annotations["deployment.kubernetes.io/revision"])
		return n
	}
	for i := range list.Items {
		rs := &list.Items[i]
		switch {
		case current == nil || revision(rs) > revision(current):
			previous, current = current, rs
		case previous == nil || revision(rs) > revision(previous):
			previous = rs
		}
	}
	if previous == nil {
		t.Fatal("no previous revision to roll back to")
	}
	d, err := client.AppsV1().Deployments(ns).Get(t.Context(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tmpl := previous.Spec.Template.DeepCopy()
	delete(tmpl.Labels, appsv1.DefaultDeploymentUniqueLabelKey)
	d.Spec.Template = *tmpl
	if _, err := client.AppsV1().Deployments(ns).Update(t.Context(), d, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}
