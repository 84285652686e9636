package grade

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/lessons"
)

// RBACOptions name the grader's objects.
type RBACOptions struct {
	// Name is the ServiceAccount's and the roles' name (default
	// "kubekurs-grader").
	Name string
	// Namespace is the ServiceAccount's Namespace (default
	// "kubekurs-grader").
	Namespace string
	// StudentNamespaces get a RoleBinding each to the role for what may
	// only be read in a student's Namespace (see GraderAccess).
	StudentNamespaces []string
}

// GraderAccess is what grading the chosen lessons (ids; all when empty)
// of course needs, split in two: cluster-wide reads (one LIST per type for
// the whole class), and what is granted only in the students'
// Namespaces — Secrets, Pod logs and the proxies to Pods and Services —
// so that the grader cannot read every Secret or log in the cluster. The
// grader's own reads are included: Namespaces (to find the students),
// ConfigMaps (the progress mirror), and what capability detection reads.
func GraderAccess(course *lessons.Course, ids []string) (clusterWide, perNamespace []checks.Access, _ error) {
	reg := checks.NewRegistry()
	var all []checks.Access
	for _, r := range []string{"namespaces", "configmaps", "nodes", "services"} {
		all = append(all, checks.Access{Resource: r})
	}
	all = append(all,
		checks.Access{Group: "storage.k8s.io", Resource: "storageclasses"},
		checks.Access{Group: "networking.k8s.io", Resource: "ingressclasses"})
	for _, l := range course.Lessons {
		if len(ids) > 0 && !containsFold(ids, l.ID) {
			continue
		}
		for i, s := range l.Steps {
			compiled, err := lessons.CompileChecks(s, reg.CompileList)
			if err != nil {
				return nil, nil, fmt.Errorf("lesson %s step %d: %w", l.ID, i+1, err)
			}
			all = append(all, checks.NeededAccess(compiled)...)
		}
	}
	slices.SortFunc(all, func(a, b checks.Access) int { return strings.Compare(a.String(), b.String()) })
	for _, a := range slices.Compact(all) {
		if namespaceOnly(a) {
			perNamespace = append(perNamespace, a)
		} else {
			clusterWide = append(clusterWide, a)
		}
	}
	return clusterWide, perNamespace, nil
}

// namespaceOnly reports whether a is granted only in the students'
// Namespaces.
func namespaceOnly(a checks.Access) bool {
	return a.Group == "" && (a.Resource == "secrets" || strings.Contains(a.Resource, "/"))
}

// RBACManifests writes the manifests for a read-only grader account, as
// YAML for `kubectl apply -f -`, led by Norwegian comments on how to use
// it.
func RBACManifests(course *lessons.Course, ids []string, opts RBACOptions) (string, error) {
	name, ns := opts.Name, opts.Namespace
	if name == "" {
		name = "kubekurs-grader"
	}
	if ns == "" {
		ns = "kubekurs-grader"
	}
	clusterWide, perNamespace, err := GraderAccess(course, ids)
	if err != nil {
		return "", err
	}
	labels := map[string]string{"app.kubernetes.io/managed-by": "kubekurs", "app.kubernetes.io/component": "grader"}
	meta := func(n, namespace string) metav1.ObjectMeta {
		return metav1.ObjectMeta{Name: n, Namespace: namespace, Labels: labels}
	}
	subject := []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: name, Namespace: ns}}
	objects := []any{
		map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns, "labels": labels}},
		&corev1.ServiceAccount{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"}, ObjectMeta: meta(name, ns)},
		&rbacv1.ClusterRole{TypeMeta: roleType("ClusterRole"), ObjectMeta: meta(name, ""), Rules: rules(clusterWide)},
		&rbacv1.ClusterRoleBinding{TypeMeta: roleType("ClusterRoleBinding"), ObjectMeta: meta(name, ""),
			RoleRef: rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: name}, Subjects: subject},
	}
	nsRole := name + "-namespace"
	if len(perNamespace) > 0 {
		objects = append(objects, &rbacv1.ClusterRole{TypeMeta: roleType("ClusterRole"), ObjectMeta: meta(nsRole, ""), Rules: rules(perNamespace)})
		for _, student := range opts.StudentNamespaces {
			objects = append(objects, &rbacv1.RoleBinding{TypeMeta: roleType("RoleBinding"), ObjectMeta: meta(name, student),
				RoleRef: rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: nsRole}, Subjects: subject})
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, rbacIntro, name, ns, nsRole, len(opts.StudentNamespaces))
	for _, o := range objects {
		data, err := yaml.Marshal(o)
		if err != nil {
			return "", fmt.Errorf("encode %T: %w", o, err)
		}
		b.WriteString("---\n")
		b.Write(data)
	}
	return b.String(), nil
}

func roleType(kind string) metav1.TypeMeta {
	return metav1.TypeMeta{APIVersion: rbacv1.SchemeGroupVersion.String(), Kind: kind}
}

// rules turns accesses into policy rules, one per API group and verb set.
func rules(access []checks.Access) []rbacv1.PolicyRule {
	type key struct {
		group  string
		create bool
	}
	byKey := map[key][]string{}
	var order []key
	for _, a := range access {
		k := key{a.Group, a.Create}
		if _, seen := byKey[k]; !seen {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], a.Resource)
	}
	var out []rbacv1.PolicyRule
	for _, k := range order {
		verbs := []string{"get", "list", "watch"}
		if k.create {
			verbs = []string{"create"}
		}
		out = append(out, rbacv1.PolicyRule{APIGroups: []string{k.group}, Resources: byKey[k], Verbs: verbs})
	}
	return out
}
