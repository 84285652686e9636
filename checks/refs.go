package checks

import (
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kubekurs/kubekurs/internal/kube"
)

// kindRef is the `kind` and `apiVersion` of the checks that read any
// kind of object.
type kindRef struct {
	Kind       string `yaml:"kind" doc:"objektets kind, f.eks. Pod, Deployment, Service, ConfigMap" check:"required"`
	APIVersion string `yaml:"apiVersion" doc:"objektets apiVersion, f.eks. apps/v1; kan utelates for vanlige kinds"`
}

// canonicalKind spells a built-in kind as the API does ("deployment" →
// "Deployment"); other kinds are returned unchanged.
func canonicalKind(kind string) string {
	if _, ok := kube.LookupKind(kind); ok {
		return kind
	}
	for _, k := range kube.Kinds() {
		if strings.EqualFold(k.Name, kind) {
			return k.Name
		}
	}
	return kind
}

// clusterScoped reports whether kind is a built-in kind without a
// namespace.
func clusterScoped(kind string) bool {
	k, ok := kube.LookupKind(kind)
	return ok && !k.Namespaced
}

// gvk resolves the kind reference; the version is empty when apiVersion
// was left out (the RESTMapper picks the preferred one).
func (b *builder) gvk(ref kindRef) (schema.GroupVersionKind, error) {
	kind := canonicalKind(ref.Kind)
	if ref.APIVersion != "" {
		gv, err := schema.ParseGroupVersion(ref.APIVersion)
		if err != nil || gv.Version == "" {
			return schema.GroupVersionKind{}, b.errorf("apiVersion", msgBadAPIVersion, ref.APIVersion)
		}
		return gv.WithKind(kind), nil
	}
	k, ok := kube.LookupKind(kind)
	if !ok {
		return schema.GroupVersionKind{}, b.errorf("kind", msgUnknownKindNeedsVersion, ref.Kind)
	}
	return schema.GroupVersionKind{Group: k.Group, Kind: kind}, nil
}
