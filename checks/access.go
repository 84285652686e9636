package checks

import (
	"reflect"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kubekurs/kubekurs/internal/kube"
)

// Access is one permission a check needs from the API server: reading a
// resource (get, list and watch) or creating one (a SubjectAccessReview).
type Access struct {
	// Create is true for a resource the check creates; else it reads.
	Create bool
	// Group is the API group, "" for the core group.
	Group string
	// Resource is the resource, with "/subresource" where one is used
	// (pods/log, services/proxy).
	Resource string
}

// String spells the access as `kubectl auth can-i` takes it, e.g. "get
// deployments.apps" or "create subjectaccessreviews.authorization.k8s.io".
func (a Access) String() string {
	verb := "get"
	if a.Create {
		verb = "create"
	}
	r, sub, _ := strings.Cut(a.Resource, "/")
	if a.Group != "" {
		r += "." + a.Group
	}
	if sub != "" {
		r += "/" + sub
	}
	return verb + " " + r
}

// typeAccess are the resources each check type reads beyond the kind its
// `kind` key names, written as `kubectl auth can-i` spells them. Every
// check may also read Namespaces: a missing object's message says
// whether its Namespace is missing.
func typeAccess() map[string][]string {
	return map[string][]string{
		"podReady":            {"pods"},
		"podPhase":            {"pods"},
		"selectorMatches":     {"pods"},
		"deploymentReady":     {"deployments.apps"},
		"deploymentStrategy":  {"deployments.apps"},
		"rolloutHistory":      {"deployments.apps", "replicasets.apps"},
		"service":             {"services"},
		"serviceEndpoints":    {"services", "endpointslices.discovery.k8s.io"},
		"ingress":             {"ingresses.networking.k8s.io", "ingressclasses.networking.k8s.io", "services"},
		"ingressClass":        {"ingressclasses.networking.k8s.io"},
		"configMapKeys":       {"configmaps"},
		"secretKeys":          {"secrets"},
		"pvcBound":            {"persistentvolumeclaims"},
		"namespace":           {"namespaces"},
		"canI":                {"create subjectaccessreviews.authorization.k8s.io"},
		"nodes":               {"nodes"},
		"podNodes":            {"pods", "nodes"},
		"cordonedNodes":       {"nodes"},
		"podWaiting":          {"pods", "deployments.apps", "replicasets.apps"},
		"clusterReachable":    {"nodes"},
		"podLog":              {"pods", "pods/log"},
		"httpGet":             {"pods", "services", "configmaps", "pods/proxy", "services/proxy"},
		"exists":              nil,
		"absent":              nil,
		"labels":              nil,
		"annotations":         nil,
		"cel":                 nil,
		"image":               nil,
		"envFrom":             nil,
		"env":                 nil,
		"volumeMount":         nil,
		"resources":           nil,
		"probe":               nil,
		"loadBalancerAddress": {"services"}, // kind: Ingress adds ingresses
	}
}

// parseAccess reads "pods", "deployments.apps", "pods/log" or "create
// subjectaccessreviews.authorization.k8s.io".
func parseAccess(s string) Access {
	var a Access
	if rest, ok := strings.CutPrefix(s, "create "); ok {
		a.Create, s = true, rest
	}
	res, sub, _ := strings.Cut(s, "/")
	a.Resource, a.Group, _ = strings.Cut(res, ".")
	if sub != "" {
		a.Resource += "/" + sub
	}
	return a
}

// kindAccess is the read of the kind a check's parameters name in `kind`
// (with `apiVersion` for kinds outside the built-in table), found by
// reflection so that every type with such a key is covered.
func kindAccess(params reflect.Value) []Access {
	var kind, apiVersion string
	for _, f := range fieldsOf(params.Type()) {
		v := params.FieldByIndex(f.index)
		if v.Kind() != reflect.String {
			continue
		}
		switch f.key {
		case "kind":
			kind = v.String()
		case "apiVersion":
			apiVersion = v.String()
		}
	}
	if kind == "" {
		return nil
	}
	kind = canonicalKind(kind)
	group := ""
	if gv, err := schema.ParseGroupVersion(apiVersion); apiVersion != "" && err == nil {
		group = gv.Group
	} else if k, ok := kube.LookupKind(kind); ok {
		group = k.Group
	}
	plural, _ := meta.UnsafeGuessKindToResource(schema.GroupVersionKind{Group: group, Kind: kind})
	return []Access{{Group: group, Resource: plural.Resource}}
}

// accessOf is what a compiled check of type name with the given
// parameters needs.
func accessOf(name string, params reflect.Value) []Access {
	out := []Access{{Resource: "namespaces"}}
	for _, s := range typeAccess()[name] {
		out = append(out, parseAccess(s))
	}
	out = append(out, kindAccess(params)...)
	slices.SortFunc(out, compareAccess)
	return slices.Compact(out)
}

func compareAccess(a, b Access) int {
	return strings.Compare(a.String(), b.String())
}

// NeededAccess is every permission the checks need, sorted and without
// duplicates.
func NeededAccess(list []Check) []Access {
	var out []Access
	for _, c := range list {
		out = append(out, c.Access()...)
	}
	slices.SortFunc(out, compareAccess)
	return slices.Compact(out)
}
