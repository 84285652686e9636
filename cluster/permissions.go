package cluster

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Permission is one thing the lessons need the learner to be allowed to
// do: a verb on a resource, in the learner's Namespace unless
// ClusterWide.
type Permission struct {
	Verb        string
	Group       string
	Resource    string
	Subresource string
	ClusterWide bool
}

// String spells the permission as kubectl's `auth can-i` takes it, e.g.
// "create deployments.apps" or "get pods/log".
func (p Permission) String() string {
	r := p.Resource
	if p.Group != "" {
		r += "." + p.Group
	}
	if p.Subresource != "" {
		r += "/" + p.Subresource
	}
	return p.Verb + " " + r
}

// LessonPermissions are the permissions the course's lessons use. Reading
// nodes and creating Namespaces are cluster-wide; a classroom cluster may
// deny them, and the lessons that use them say so.
func LessonPermissions() []Permission {
	var ps []Permission
	for _, r := range []struct{ group, resource string }{
		{"", "pods"}, {"apps", "deployments"}, {"", "services"}, {"", "configmaps"}, {"", "secrets"},
	} {
		for _, verb := range []string{"create", "get", "list", "watch", "patch", "delete"} {
			ps = append(ps, Permission{Verb: verb, Group: r.group, Resource: r.resource})
		}
	}
	return append(ps,
		Permission{Verb: "list", Group: "apps", Resource: "replicasets"},
		Permission{Verb: "list", Resource: "events"},
		Permission{Verb: "get", Resource: "pods", Subresource: "log"},
		Permission{Verb: "create", Resource: "pods", Subresource: "exec"},
		Permission{Verb: "get", Resource: "services", Subresource: "proxy"}, // httpGet checks on a Service
		Permission{Verb: "get", Resource: "pods", Subresource: "proxy"},     // httpGet checks on a Pod
		Permission{Verb: "list", Resource: "nodes", ClusterWide: true},
		Permission{Verb: "create", Resource: "namespaces", ClusterWide: true},
	)
}

// Denied finds which of perms the learner lacks in namespace. The namespaced ones come from one SelfSubjectRulesReview,
// matched as RBAC matches rules; the cluster-wide ones, and all of them
// when the review says it is incomplete (an authorizer that cannot list
// rules), from one SelfSubjectAccessReview each. A review that fails is
// not reported as denied: only a clear "no" is.
func Denied(ctx context.Context, client kubernetes.Interface, namespace string, all []Permission) []Permission {
	review := &authorizationv1.SelfSubjectRulesReview{Spec: authorizationv1.SelfSubjectRulesReviewSpec{Namespace: namespace}}
	rules, err := client.AuthorizationV1().SelfSubjectRulesReviews().Create(ctx, review, metav1.CreateOptions{})
	useRules := err == nil && !rules.Status.Incomplete
	denied := make([]bool, len(all))
	var wg sync.WaitGroup
	for i, p := range all {
		if useRules && !p.ClusterWide {
			denied[i] = !rulesAllow(rules.Status.ResourceRules, p)
			continue
		}
		wg.Go(func() { denied[i] = accessDenied(ctx, client, namespace, p) })
	}
	wg.Wait()
	var out []Permission
	for i, d := range denied {
		if d {
			out = append(out, all[i])
		}
	}
	return out
}

// accessDenied asks one SelfSubjectAccessReview; a failed review is not
// a denial.
func accessDenied(ctx context.Context, client kubernetes.Interface, namespace string, p Permission) bool {
	attrs := &authorizationv1.ResourceAttributes{Verb: p.Verb, Group: p.Group, Resource: p.Resource, Subresource: p.Subresource}
	if !p.ClusterWide {
		attrs.Namespace = namespace
	}
	review := &authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{ResourceAttributes: attrs}}
	got, err := client.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
	return err == nil && !got.Status.Allowed
}

// rulesAllow reports whether rules grant p on every object (rules limited
// to resourceNames do not), matching as the RBAC authorizer does: "*" for
// any verb, group or resource, and "resource/*" or "*/subresource" for
// subresources.
func rulesAllow(rules []authorizationv1.ResourceRule, p Permission) bool {
	resource := p.Resource
	if p.Subresource != "" {
		resource += "/" + p.Subresource
	}
	for _, r := range rules {
		if len(r.ResourceNames) > 0 || !matchesAny(r.Verbs, p.Verb) || !matchesAny(r.APIGroups, p.Group) {
			continue
		}
		for _, have := range r.Resources {
			if have == "*" || have == resource ||
				(p.Subresource != "" && (have == p.Resource+"/*" || have == "*/"+p.Subresource)) {
				return true
			}
		}
	}
	return false
}

// matchesAny reports whether list has want or "*".
func matchesAny(list []string, want string) bool {
	return slices.Contains(list, want) || slices.Contains(list, "*")
}

// ExplainDenied says in Norwegian which permissions the learner lacks and
// what to ask for, or "" when nothing is denied.
func ExplainDenied(denied []Permission, namespace string) string {
	if len(denied) == 0 {
		return ""
	}
	var local, wide []string
	for _, p := range denied {
		if p.ClusterWide {
			wide = append(wide, p.String())
		} else {
			local = append(local, p.String())
		}
	}
	var b strings.Builder
	if len(local) > 0 {
		fmt.Fprintf(&b, "Du mangler rettigheter i Namespacet «%s»: %s.\n", namespace, strings.Join(local, ", "))
		fmt.Fprintf(&b, "Be den som drifter clusteret om rollen «edit» der: `kubectl create rolebinding kubekurs-edit --clusterrole=edit --user=<deg> -n %s`.", namespace)
	}
	if len(wide) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "Du har ikke clusterbrede rettigheter til %s; stegene som bruker dem, vil feile med «ingen tilgang».", strings.Join(wide, ", "))
	}
	return b.String()
}
