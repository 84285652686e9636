package cluster

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/cluster/lab"
	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// TestIntegrationEnsureNamespaceForAClassroomAccount: an account with
// rights only on Pods in its Namespace (it may not even read the
// Namespace) can start the course there; one whose Namespace is missing
// is told it may not create it, and what to do.
func TestIntegrationEnsureNamespaceForAClassroomAccount(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := t.Context()
	ns := labtest.Namespace(t, c.Client)
	cfg := labtest.PodsOnlyAccount(t, c, ns, "elev-ola")
	if err := EnsureNamespace(ctx, &Target{Config: cfg, Namespace: ns}); err != nil {
		t.Errorf("own Namespace: %v", err)
	}
	// An account that may read Namespaces but not create them learns
	// that its Namespace is missing. (One that may not read them cannot
	// tell a missing Namespace from a forbidden one: RBAC answers first.)
	reader := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: ns + "-les-namespaces"},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"namespaces"}, Verbs: []string{"get"}}},
	}
	if _, err := c.Client.RbacV1().ClusterRoles().Create(ctx, reader, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	readerBinding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: ns + "-les-namespaces"},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: reader.Name},
		Subjects:   []rbacv1.Subject{{Kind: "User", Name: "elev-ola", APIGroup: "rbac.authorization.k8s.io"}},
	}
	if _, err := c.Client.RbacV1().ClusterRoleBindings().Create(ctx, readerBinding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = c.Client.RbacV1().ClusterRoleBindings().Delete(context.Background(), readerBinding.Name, metav1.DeleteOptions{})
		_ = c.Client.RbacV1().ClusterRoles().Delete(context.Background(), reader.Name, metav1.DeleteOptions{})
	})
	var err error
	for range 50 { // RBAC changes reach the authorizer's cache within a moment
		if err = EnsureNamespace(ctx, &Target{Config: cfg, Namespace: ns + "-mangler"}); err != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err == nil || !strings.Contains(err.Error(), "du har ikke lov til å lage det (create namespaces)") || !strings.Contains(err.Error(), "-n") {
		t.Errorf("missing Namespace: %v", err)
	}
}

// TestIntegrationEnsureNamespaceCreatesAndLabels: a missing Namespace is
// made, marked as the course's; an API server that does not answer is the
// environment's fault.
func TestIntegrationEnsureNamespaceCreatesAndLabels(t *testing.T) {
	c := labtest.Require(t, testCluster)
	name := labtest.Namespace(t, c.Client) + "-ny"
	t.Cleanup(func() { _ = c.Client.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{}) })
	if err := EnsureNamespace(t.Context(), &Target{Config: c.Config, Namespace: name}); err != nil {
		t.Fatal(err)
	}
	got, err := c.Client.CoreV1().Namespaces().Get(t.Context(), name, metav1.GetOptions{})
	if err != nil || got.Labels[ManagedByLabel] != ManagedBy {
		t.Errorf("Namespace %v, %v", got.Labels, err)
	}
	gone := &rest.Config{Host: "https://127.0.0.1:1", TLSClientConfig: rest.TLSClientConfig{Insecure: true}}
	err = EnsureNamespace(t.Context(), &Target{Config: gone, Namespace: "kurs"})
	var explained *ExplainedError
	if !errors.As(err, &explained) || !explained.Environment || !strings.Contains(err.Error(), "miljøfeil") {
		t.Errorf("unreachable: %v", err)
	}
}

// TestIntegrationResolveRunningLab: with nothing chosen, a running
// practice cluster is the cluster, in the Namespace «kurs», and the
// built-in kubectl is pointed at its admin kubeconfig.
func TestIntegrationResolveRunningLab(t *testing.T) {
	c := labtest.Require(t, testCluster)
	getenv := testEnv(t, map[string]string{"KUBEKURS_LAB_DATA": c.Lab.DataDir})
	p := newTestProvider(t, getenv, &answers{}, &bytes.Buffer{})
	got, err := p.Resolve(KubeconfigFlags{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != KindLab || got.Namespace != DefaultNamespace || got.Config.Host != c.Config.Host || !strings.Contains(got.Description, "øvingsclusteret") {
		t.Errorf("lab target %+v", got)
	}
	if got, _ := p.Resolve(KubeconfigFlags{Namespace: "annet"}); got == nil || got.Namespace != "annet" {
		t.Errorf("-n on the lab: %+v", got)
	}
	if d := p.KubectlDefaults(); d != (KubectlDefaults{Kubeconfig: lab.AdminKubeconfigPath(c.Lab.DataDir), Namespace: DefaultNamespace}) {
		t.Errorf("kubectl defaults %+v", d)
	}
	// The course uses the running cluster as it is: nothing is started.
	starts := 0
	got, err = newTestProvider(t, getenv, &answers{}, &bytes.Buffer{}, withKind(nil), withLabStart(&starts, errors.New("must not start"))).
		Course(t.Context(), KubeconfigFlags{})
	if err != nil || starts != 0 || got.Kind != KindLab {
		t.Errorf("course on a running lab: %+v, %v, %d starts", got, err, starts)
	}
}
