package checks

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
)

// TestEveryTypeDeclaresItsAccess: a new check type must say what it
// reads, or `kubekurs grade rbac` would leave it out.
func TestEveryTypeDeclaresItsAccess(t *testing.T) {
	table := typeAccess()
	var names []string
	for _, td := range NewRegistry().Types() {
		names = append(names, td.Name)
		if _, ok := table[td.Name]; !ok {
			t.Errorf("check type %s is missing from typeAccess", td.Name)
		}
	}
	for name := range table {
		if !slices.Contains(names, name) {
			t.Errorf("typeAccess names %s, which is no check type", name)
		}
	}
}

// TestAccessOf: the access of a few checks, the kind they name included.
func TestAccessOf(t *testing.T) {
	tests := map[string]string{
		"type: deploymentReady\nname: web\nreplicas: 1\n":                        "get deployments.apps, get namespaces",
		"type: exists\nkind: Ingress\nname: web\n":                               "get ingresses.networking.k8s.io, get namespaces",
		"type: exists\nkind: Oppgave\napiVersion: kurs.example.no/v1\nname: x\n": "get namespaces, get oppgaves.kurs.example.no",
		"type: image\nkind: StatefulSet\nname: db\nimage: mysql:8.4\n":           "get namespaces, get statefulsets.apps",
		"type: podLog\nname: p\ncontains: [x]\n":                                 "get namespaces, get pods, get pods/log",
		"type: canI\nverb: get\nresource: pods\nuser: kari\nallowed: true\n":     "create subjectaccessreviews.authorization.k8s.io, get namespaces",
		"type: selectorMatches\nkind: Service\nname: web\n":                      "get namespaces, get pods, get services",
		"type: loadBalancerAddress\nname: web\n":                                 "get namespaces, get services",
	}
	for src, want := range tests {
		var got []string
		for _, a := range compileOne(t, src).Access() {
			got = append(got, a.String())
		}
		if strings.Join(got, ", ") != want {
			t.Errorf("%q: access %q, want %q", src, strings.Join(got, ", "), want)
		}
	}
}

// TestIntegrationAccessIsEnough runs each check type's README example as
// an account that may do exactly what the check's Access says, in a
// Namespace with a Deployment and a Service «web»: no check is refused.
func TestIntegrationAccessIsEnough(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.27", 1))
	l.createService("web", "web")
	for _, td := range NewRegistry().Types() {
		c := compileOne(t, exampleCheck(t, td.Name))
		cfg := accountWith(t, l, td.Name, c.Access())
		target, err := NewTarget(cfg, l.ns)
		if err != nil {
			t.Fatal(err)
		}
		r := c.Run(l.ctx(), target)
		if r.Status == Forbidden {
			t.Errorf("%s: refused with its declared access %v: %s", td.Name, c.Access(), r.Detail)
		}
	}
}

// accountWith makes a user whose ClusterRole grants exactly access, and a
// client configuration that impersonates it.
func accountWith(t *testing.T, l *labEnv, name string, access []Access) *rest.Config {
	t.Helper()
	user := fmt.Sprintf("tilgang-%s-%s", strings.ToLower(name), l.ns)
	role := &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: user}}
	for _, a := range access {
		verbs := []string{"get", "list", "watch"}
		if a.Create {
			verbs = []string{"create"}
		}
		role.Rules = append(role.Rules, rbacv1.PolicyRule{APIGroups: []string{a.Group}, Resources: []string{a.Resource}, Verbs: verbs})
	}
	ctx := context.Background()
	if _, err := l.client.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: user},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: user},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.UserKind, Name: user, APIGroup: rbacv1.GroupName}},
	}
	if _, err := l.client.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitAllowed(t, l, user, access)
	t.Cleanup(func() {
		_ = l.client.RbacV1().ClusterRoleBindings().Delete(context.Background(), user, metav1.DeleteOptions{})
		_ = l.client.RbacV1().ClusterRoles().Delete(context.Background(), user, metav1.DeleteOptions{})
	})
	cfg := rest.CopyConfig(cluster.Config)
	cfg.Impersonate = rest.ImpersonationConfig{UserName: user, Groups: []string{"system:authenticated"}}
	return cfg
}

// waitAllowed waits until the API server's authorizer, which learns of
// new roles through a watch, allows user every access.
func waitAllowed(t *testing.T, l *labEnv, user string, access []Access) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, a := range access {
		verb := "get"
		if a.Create {
			verb = "create"
		}
		res, sub, _ := strings.Cut(a.Resource, "/")
		review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
			User: user, Groups: []string{"system:authenticated"},
			ResourceAttributes: &authorizationv1.ResourceAttributes{Namespace: l.ns, Verb: verb, Group: a.Group, Resource: res, Subresource: sub},
		}}
		for {
			got, err := l.client.AuthorizationV1().SubjectAccessReviews().Create(l.ctx(), review, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Status.Allowed {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s is not allowed %s after 10s", user, a)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
