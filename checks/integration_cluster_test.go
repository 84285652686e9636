package checks

import (
	"context"
	"net"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

func TestIntegrationCanI(t *testing.T) {
	l := newLab(t)
	_, err := l.client.CoreV1().ServiceAccounts(l.ns).Create(l.ctx(), &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "leser"}}, metav1.CreateOptions{})
	l.must(err)
	cannotDelete := compileOne(t, `{type: canI, serviceAccount: leser, verb: delete, resource: pods, allowed: false}`)
	before, after := l.failThenPass(`{type: canI, serviceAccount: leser, verb: list, resource: pods, allowed: true}`, func() {
		role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "pod-leser"}, Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"get", "list", "watch"}},
			// A Role may name nodes, but cannot grant them: they are
			// cluster-scoped, and canI must ask without a namespace.
			{APIGroups: []string{""}, Resources: []string{"nodes"}, Verbs: []string{"list"}},
		}}
		_, err := l.client.RbacV1().Roles(l.ns).Create(l.ctx(), role, metav1.CreateOptions{})
		l.must(err)
		rb := &rbacv1.RoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: "leser-kan-lese"},
			RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "pod-leser"},
			Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Name: "leser", Namespace: l.ns}},
		}
		_, err = l.client.RbacV1().RoleBindings(l.ns).Create(l.ctx(), rb, metav1.CreateOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "ServiceAccounten «leser» kan liste pods")
	wantText(t, "found before", before.Found, "ikke tillatt")
	wantText(t, "found after", after.Found, "tillatt")
	r := l.run(cannotDelete)
	if r.Status != Passed {
		t.Errorf("cannot delete: %+v", r)
	}
	wantText(t, "criterion delete", r.Criterion, "ServiceAccounten «leser» kan ikke slette pods")

	// Nodes are cluster-scoped: the Role above does not grant them.
	if r := l.run(compileOne(t, `{type: canI, serviceAccount: leser, verb: list, resource: nodes, allowed: false}`)); r.Status != Passed {
		t.Errorf("list nodes: %+v", r)
	}
}

func TestIntegrationNamespace(t *testing.T) {
	l := newLab(t)
	before, after := l.failThenPass(`{type: namespace, name: `+l.ns+`, labels: {formal: opplaering}}`, func() {
		_, err := l.client.CoreV1().Namespaces().Patch(l.ctx(), l.ns, types.MergePatchType, []byte(`{"metadata":{"labels":{"formal":"opplaering"}}}`), metav1.PatchOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "Namespacet «"+l.ns+"» finnes og er aktivt (Active) og har labelen formal=opplaering")
	wantContains(t, "found before", before.Found, "Active, labeler: kubernetes.io/metadata.name=")
	wantContains(t, "found after", after.Found, "formal=opplaering")

	r := l.run(compileOne(t, `{type: namespace, name: kurs-finnes-ikke}`))
	if r.Status != Failed || r.Found != "finnes ikke" {
		t.Errorf("missing namespace: %+v", r)
	}
}

// TestIntegrationNodes adds a fourth node, first not Ready (nobody
// simulates it), then Ready (KWOK takes it over). A taint keeps the
// other tests' Pods off it. It does not run in parallel.
func TestIntegrationNodes(t *testing.T) {
	c := cluster
	if c == nil {
		t.Skip("integration test: needs the practice cluster (run without -short)")
	}
	target, err := NewTarget(c.Config, "default")
	if err != nil {
		t.Fatal(err)
	}
	l := &labEnv{t: t, client: c.Client, ns: "default", target: target}
	if r := l.run(compileOne(t, `{type: nodes, min: 3}`)); r.Status != Passed || r.Found != "3 noder, 3 klare" {
		t.Fatalf("3 nodes: %+v", r)
	}
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: "kubekurs-test-ekstra", Labels: map[string]string{"type": "kwok"}},
		Spec:       corev1.NodeSpec{Taints: []corev1.Taint{{Key: "kubekurs.test/ekstra", Effect: corev1.TaintEffectNoSchedule}}},
	}
	_, err = c.Client.CoreV1().Nodes().Create(l.ctx(), node, metav1.CreateOptions{})
	l.must(err)
	t.Cleanup(func() { _ = c.Client.CoreV1().Nodes().Delete(context.Background(), node.Name, metav1.DeleteOptions{}) })
	before, after := l.failThenPass(`{type: nodes, min: 4, ready: 4}`, func() {
		// KWOK (with node leases, as the lab runs it) only takes over
		// nodes that carry its annotation when they appear, not when the
		// annotation is added later; so the node is registered anew.
		l.must(c.Client.CoreV1().Nodes().Delete(l.ctx(), node.Name, metav1.DeleteOptions{}))
		managed := node.DeepCopy()
		managed.Annotations = map[string]string{"kwok.x-k8s.io/node": "fake"}
		_, err := c.Client.CoreV1().Nodes().Create(l.ctx(), managed, metav1.CreateOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "Clusteret har minst 4 noder og minst 4 klare noder")
	wantText(t, "found before", before.Found, "4 noder, 3 klare")
	wantText(t, "found after", after.Found, "4 noder, 4 klare")
}

func TestIntegrationClusterReachable(t *testing.T) {
	l := newLab(t)
	r := l.run(compileOne(t, `{type: clusterReachable}`))
	if r.Status != Passed {
		t.Fatalf("%+v", r)
	}
	wantText(t, "criterion", r.Criterion, "API-serveren svarer")
	wantContains(t, "found", r.Found, "Kubernetes v1.")
}

// TestIntegrationForbidden runs checks as a ServiceAccount without any
// rights: every check says which verb and resource it lacks.
func TestIntegrationForbidden(t *testing.T) {
	l := newLab(t)
	cfg := rest.CopyConfig(cluster.Config)
	cfg.Impersonate = rest.ImpersonationConfig{UserName: "system:serviceaccount:" + l.ns + ":ingen"}
	target, err := NewTarget(cfg, l.ns)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ check, verb, resource string }{
		{`{type: deploymentReady, name: web, replicas: 3}`, "get", "deployments.apps"},
		{`{type: podReady, selector: app=web}`, "list", "pods"},
		{`{type: exists, kind: ConfigMap, name: app-config}`, "get", "configmaps"},
		{`{type: nodes}`, "list", "nodes"},
		{`{type: canI, serviceAccount: leser, verb: list, resource: pods, allowed: true}`, "create", "subjectaccessreviews.authorization.k8s.io"},
	}
	for _, tc := range cases {
		checks := []Check{compileOne(t, tc.check)}
		r := Evaluate(l.ctx(), target, checks, EvalOptions{Settle: 5 * time.Second})[0]
		if r.Status != Forbidden {
			t.Errorf("%s: status %v, want Forbidden: %+v", tc.check, r.Status, r)
			continue
		}
		wantContains(t, "detail", r.Detail, "mangler tilgang: kan ikke "+tc.verb+" "+tc.resource, "system:serviceaccount:"+l.ns+":ingen")
		if r.Found != "" {
			t.Errorf("%s: Found %q for a Forbidden result", tc.check, r.Found)
		}
	}
}

// TestIntegrationEnvError points checks at a port nobody listens on:
// they report an environment error quickly and never fail the learner.
func TestIntegrationEnvError(t *testing.T) {
	labtest.Require(t, cluster)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	target, err := NewTarget(&rest.Config{Host: "https://" + addr, TLSClientConfig: rest.TLSClientConfig{Insecure: true}}, "kurs")
	if err != nil {
		t.Fatal(err)
	}
	target.CallTimeout = time.Second
	reg := NewRegistry()
	var checks []Check
	for _, td := range reg.Types() {
		checks = append(checks, compileOne(t, exampleCheck(t, td.Name)))
	}
	start := time.Now()
	results := Evaluate(context.Background(), target, checks, EvalOptions{})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s, want an answer within a few seconds", d)
	}
	for _, r := range results {
		if r.Status != EnvError {
			t.Errorf("%s: status %v, want EnvError: %+v", r.Criterion, r.Status, r)
			continue
		}
		wantContains(t, "detail of "+r.Criterion, r.Detail, "får ikke kontakt med API-serveren")
	}
}

// TestIntegrationEvaluateSettle creates a Deployment and evaluates a
// realistic step at once: within the settle time every check passes.
func TestIntegrationEvaluateSettle(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.27", 3))
	l.createService("web", "web")
	checks := stepChecks(t)
	start := time.Now()
	first := Evaluate(l.ctx(), l.target, checks, EvalOptions{})
	results := Evaluate(l.ctx(), l.target, checks, EvalOptions{Settle: settle})
	if !AllPassed(results) {
		t.Fatalf("not all passed within %s: %+v", settle, results)
	}
	p, f, _, _ := Summary(first)
	t.Logf("first round right after creating: %d passed, %d failed; all passed after %s", p, f, time.Since(start).Round(time.Millisecond))
	if p, f, e, fb := Summary(results); p != len(checks) || f+e+fb != 0 {
		t.Errorf("Summary = %d, %d, %d, %d", p, f, e, fb)
	}
}
