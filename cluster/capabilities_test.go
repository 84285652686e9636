package cluster

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// testCluster is the practice cluster TestMain starts (nil under -short).
var testCluster *labtest.Cluster

func TestMain(m *testing.M) {
	os.Exit(labtest.Run(m, func(c *labtest.Cluster) { testCluster = c }))
}

func TestIntegrationDetectOnLab(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	r, err := Detect(t.Context(), c.Client, ns)
	if err != nil {
		t.Fatal(err)
	}
	want := map[Capability]State{
		RunningContainers:   Absent, // KWOK simulates the nodes
		MultipleNodes:       Present,
		DefaultStorageClass: Absent,
		IngressController:   Present, // the lab's simulated one (package lbcontroller)
		Metrics:             Absent,
		LoadBalancer:        Present, // found by its marker, with no LoadBalancer Service yet
		DNS:                 Absent,  // no CoreDNS on the practice cluster
		RBAC:                Present,
	}
	for _, capability := range AllCapabilities() {
		f, ok := r.Findings[capability]
		if !ok {
			t.Errorf("%s not probed", capability)
			continue
		}
		if f.State != want[capability] {
			t.Errorf("%s = %v (%s), want %v", capability, f.State, f.Detail, want[capability])
		}
		if f.Detail == "" {
			t.Errorf("%s has no detail", capability)
		}
	}
	for c, want := range map[Capability]string{
		IngressController: "IngressClass «kubekurs-lab» (øvingsclusterets simulerte, standard)",
		LoadBalancer:      "øvingsclusterets simulerte lastbalanserer (adresser 198.51.100.10-198.51.100.250, bare data)",
	} {
		if got := r.Findings[c].Detail; got != want {
			t.Errorf("%s detail %q, want %q", c, got, want)
		}
	}
	if r.Version == "" {
		t.Error("no server version in the report")
	}
	if r.Nodes != 3 || r.NodesReady != 3 {
		t.Errorf("nodes %d/%d ready, want 3/3", r.NodesReady, r.Nodes)
	}
	if len(r.Denied) != 0 {
		t.Errorf("the admin is denied %v", r.Denied)
	}
	missing := r.Missing([]string{"running-containers", "multiple-nodes", "metrics", "running-containers"})
	if !slices.Equal(missing, []Capability{RunningContainers, Metrics}) {
		t.Errorf("Missing = %v", missing)
	}
}

// TestIntegrationDetectAsLimitedLearner plays a classroom: a learner with
// the built-in "edit" role in their own Namespace only. Cluster-wide
// probes are Unknown (not errors, not Absent), and the missing
// permissions are named.
func TestIntegrationDetectAsLimitedLearner(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := t.Context()
	ns := labtest.Namespace(t, c.Client)
	learner := clientFor(t, editorIn(t, c, ns, "elev-kari"))
	r, err := Detect(ctx, learner, ns)
	if err != nil {
		t.Fatalf("a limited learner must get a report, not %v", err)
	}
	for _, capability := range []Capability{RunningContainers, MultipleNodes, DefaultStorageClass, IngressController} {
		if f := r.Findings[capability]; f.State != Unknown || !f.Forbidden || !strings.Contains(f.Detail, "har ikke lov til å liste") {
			t.Errorf("%s = %v %q, want Unknown because forbidden", capability, f.State, f.Detail)
		}
	}
	if got := r.Missing([]string{"running-containers"}); len(got) != 0 {
		t.Errorf("an unknown capability was reported missing: %v", got)
	}
	var denied []string
	for _, p := range r.Denied {
		denied = append(denied, p.String())
	}
	// The built-in "edit" role covers what the lessons do in a Namespace;
	// what it lacks is cluster-wide.
	if !slices.Equal(denied, []string{"list nodes", "create namespaces"}) {
		t.Errorf("denied = %v, want [list nodes create namespaces]", denied)
	}
	msg := ExplainDenied(r.Denied, ns)
	if !strings.Contains(msg, "clusterbrede rettigheter til list nodes, create namespaces") {
		t.Errorf("explanation %q", msg)
	}

	// With no rights at all in the Namespace, the lessons' own verbs are
	// named, with the fix.
	stranger := clientFor(t, impersonating(c.Config, "fremmed"))
	r, err = Detect(ctx, stranger, ns)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Denied) != len(LessonPermissions()) {
		t.Errorf("a stranger is denied %d of %d permissions", len(r.Denied), len(LessonPermissions()))
	}
	if msg := ExplainDenied(r.Denied, ns); !strings.Contains(msg, "create deployments.apps") || !strings.Contains(msg, "--clusterrole=edit") {
		t.Errorf("explanation %q", msg)
	}
}

// editorIn gives user the built-in "edit" role in namespace only, as a
// classroom does, and returns a config that acts as that user.
func editorIn(t *testing.T, c *labtest.Cluster, namespace, user string) *rest.Config {
	t.Helper()
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: user + "-edit", Namespace: namespace},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "edit"},
		Subjects:   []rbacv1.Subject{{Kind: "User", Name: user, APIGroup: "rbac.authorization.k8s.io"}},
	}
	if _, err := c.Client.RbacV1().RoleBindings(namespace).Create(t.Context(), binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	return impersonating(c.Config, user)
}

// impersonating is cfg acting as user, an authenticated user with no
// other groups.
func impersonating(cfg *rest.Config, user string) *rest.Config {
	cfg = rest.CopyConfig(cfg)
	cfg.Impersonate = rest.ImpersonationConfig{UserName: user, Groups: []string{"system:authenticated"}}
	return cfg
}

func clientFor(t *testing.T, cfg *rest.Config) kubernetes.Interface {
	t.Helper()
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func TestIntegrationDNSFoundWhenKubeDNSHasReadyEndpoints(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := context.Background()
	if f := detectDNS(ctx, c.Client); f.State != Absent {
		t.Fatalf("before: %v %q", f.State, f.Detail)
	}
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "kube-dns", Namespace: metav1.NamespaceSystem},
		Spec:       corev1.ServiceSpec{Selector: map[string]string{"k8s-app": "kube-dns"}, Ports: []corev1.ServicePort{{Name: "dns", Port: 53, Protocol: corev1.ProtocolUDP}}},
	}
	if _, err := c.Client.CoreV1().Services(metav1.NamespaceSystem).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = c.Client.CoreV1().Services(metav1.NamespaceSystem).Delete(context.Background(), "kube-dns", metav1.DeleteOptions{})
	})
	if f := detectDNS(ctx, c.Client); f.State != Absent || !strings.Contains(f.Detail, "ingen DNS-Pod er klar") {
		t.Errorf("Service without ready Pods: %v %q", f.State, f.Detail)
	}
}

func TestExplainIsNorwegianForEveryCapability(t *testing.T) {
	for _, c := range AllCapabilities() {
		if msg := Explain(c); msg == "" || msg == "Clusteret mangler «"+string(c)+"»." {
			t.Errorf("no explanation for %s", c)
		}
	}
}
