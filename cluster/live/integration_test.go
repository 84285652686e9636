package live

import (
	"github.com/kubekurs/kubekurs/cluster/view"

	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/lab"
	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// TestIntegrationPodsOnlyAccount: for an account with rights only on Pods
// in its Namespace, the cluster panel shows the Pods it may list and
// leaves out the rest, and only what it may watch gets an informer.
func TestIntegrationPodsOnlyAccount(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := t.Context()
	ns := labtest.Namespace(t, c.Client)
	cfg := labtest.PodsOnlyAccount(t, c, ns, "elev-ola")

	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx:1.27"}}}}
	if _, err := c.Client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	lc, err := New(&cluster.Target{Config: cfg, Namespace: ns, Context: "elev"})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := lc.Objects(ctx)
	for range 50 { // RBAC changes reach the authorizer's cache within a moment
		if err != nil || len(rows) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
		rows, err = lc.Objects(ctx)
	}
	if err != nil || len(rows) != 1 || rows[0].Kind != "Pod" || rows[0].Name != "web" {
		t.Errorf("panel for a Pods-only account: %+v, %v", rows, err)
	}
	asked := []schema.GroupVersionResource{{Version: "v1", Resource: "pods"}, {Version: "v1", Resource: "secrets"}, {Group: "apps", Version: "v1", Resource: "replicasets"},
		{Group: "networking.k8s.io", Version: "v1", Resource: "ingresses"}}
	if got := lc.watchable(ctx, asked); len(got) != 1 || got[0].Resource != "pods" {
		t.Errorf("watchable = %v, want only pods: it must follow the account's Role", got)
	}
}

// TestIntegrationLiveView follows the learner's Namespace on the practice
// cluster: Info describes it, a new Deployment shows up as a Change and
// as a panel row, and the course shell points at the Namespace.
func TestIntegrationLiveView(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := t.Context()
	ns := labtest.Namespace(t, c.Client)
	lc, err := New(&cluster.Target{Kind: cluster.KindLab, Context: "kubekurs-lab", Config: c.Config, Namespace: ns, Kubeconfig: c.Kubeconfig, Why: "Fant ikke Docker."})
	if err != nil {
		t.Fatal(err)
	}

	info := lc.Info(ctx)
	if !info.Connected || info.Version != lab.KubernetesVersion || info.Kind != "lab" || info.Namespace != ns || info.Name != "kubekurs-lab" ||
		info.Reason != "Fant ikke Docker." || info.Server != c.Config.Host || info.Nodes < 1 || info.NodesReady > info.Nodes {
		t.Errorf("info = %+v", info)
	}
	for capability, why := range info.Missing {
		if why == "" {
			t.Errorf("capability %s is missing without an explanation", capability)
		}
	}

	changes := lc.Changes(ctx)
	quiet := func() { // the informers' first lists are changes too
		for {
			select {
			case <-changes:
			case <-time.After(3 * changeDebounce):
				return
			}
		}
	}
	quiet()
	replicas := int32(1)
	labels := map[string]string{"app": "web"}
	deploy := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx:1.27"}}},
			},
		},
	}
	created := time.Now()
	if _, err := c.Client.AppsV1().Deployments(ns).Create(ctx, deploy, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case ch := <-changes:
		if !ch.Connected {
			t.Errorf("change %+v, want connected", ch)
		}
		t.Logf("change %v after the Deployment was created", time.Since(created).Round(time.Millisecond))
	case <-time.After(2 * time.Second):
		t.Fatal("no change within 2s of creating a Deployment")
	}
	rows, err := lc.Objects(ctx)
	if err != nil || !slices.ContainsFunc(rows, func(o view.Object) bool { return o.Kind == "Deployment" && o.Name == "web" }) {
		t.Errorf("panel after creating a Deployment: %+v, %v", rows, err)
	}
	if slices.ContainsFunc(rows, func(o view.Object) bool { return o.Name == rootCAConfigMap }) {
		t.Errorf("panel shows %s: %+v", rootCAConfigMap, rows)
	}

	// An Ingress is watched (its new address re-runs the checks) and
	// shown; a Secret is shown by type and number of keys, never a value.
	quiet()
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db"}, StringData: map[string]string{"passord": "hemmelig-verdi"}}
	if _, err := c.Client.CoreV1().Secrets(ns).Create(ctx, secret, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	pathType := networkingv1.PathTypePrefix
	ingress := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: networkingv1.IngressSpec{Rules: []networkingv1.IngressRule{{
		Host: "web.kurs.local",
		IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
			Path: "/", PathType: &pathType,
			Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}},
		}}}},
	}}}}
	created = time.Now()
	if _, err := c.Client.NetworkingV1().Ingresses(ns).Create(ctx, ingress, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changes:
		t.Logf("change %v after the Ingress was created", time.Since(created).Round(time.Millisecond))
	case <-time.After(2 * time.Second):
		t.Fatal("no change within 2s of creating an Ingress")
	}
	rows, err = lc.Objects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(rows, func(o view.Object) bool {
		return o.Kind == "Ingress" && o.Name == "web" && strings.HasPrefix(o.Status, "web.kurs.local")
	}) {
		t.Errorf("panel after creating an Ingress: %+v", rows)
	}
	if !slices.Contains(rows, view.Object{Kind: "Secret", Name: "db", Status: "Opaque, 1 nøkler", Healthy: true}) {
		t.Errorf("panel after creating a Secret: %+v", rows)
	}
	for _, o := range rows {
		if strings.Contains(o.Status, "hemmelig") {
			t.Errorf("the panel shows a Secret's value: %+v", o)
		}
	}

	sh, err := lc.ShellCommand()
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Cleanup()
	if !slices.Contains(sh.Env, "KUBEKURS_NAMESPACE="+ns) || !slices.ContainsFunc(sh.Env, func(kv string) bool { return strings.HasPrefix(kv, "KUBECONFIG=") }) {
		t.Errorf("course shell environment lacks the Namespace or KUBECONFIG")
	}
}
