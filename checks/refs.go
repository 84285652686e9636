package checks

import (
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// kindGroups is the API group of the kinds a check may name without an
// apiVersion. It is read-only.
var kindGroups = map[string]string{
	"Pod": "", "Service": "", "ConfigMap": "", "Secret": "", "Namespace": "", "Node": "",
	"ServiceAccount": "", "PersistentVolumeClaim": "", "PersistentVolume": "", "Endpoints": "",
	"Event": "", "LimitRange": "", "ResourceQuota": "",
	"Deployment": "apps", "ReplicaSet": "apps", "StatefulSet": "apps", "DaemonSet": "apps",
	"Job": "batch", "CronJob": "batch",
	"Role": "rbac.authorization.k8s.io", "RoleBinding": "rbac.authorization.k8s.io",
	"ClusterRole": "rbac.authorization.k8s.io", "ClusterRoleBinding": "rbac.authorization.k8s.io",
	"Ingress": "networking.k8s.io", "IngressClass": "networking.k8s.io", "NetworkPolicy": "networking.k8s.io",
	"StorageClass": "storage.k8s.io", "HorizontalPodAutoscaler": "autoscaling",
	"EndpointSlice": "discovery.k8s.io", "PodDisruptionBudget": "policy",
	"CustomResourceDefinition": "apiextensions.k8s.io",
}

// clusterScopedKinds are the kinds in kindGroups that have no namespace.
// It is read-only.
var clusterScopedKinds = map[string]bool{
	"Namespace": true, "Node": true, "PersistentVolume": true, "StorageClass": true,
	"ClusterRole": true, "ClusterRoleBinding": true, "IngressClass": true, "CustomResourceDefinition": true,
}

// kindRef is the `kind` and `apiVersion` of the checks that read any
// kind of object.
type kindRef struct {
	Kind       string `yaml:"kind" doc:"objektets kind, f.eks. Pod, Deployment, Service, ConfigMap" check:"required"`
	APIVersion string `yaml:"apiVersion" doc:"objektets apiVersion, f.eks. apps/v1; kan utelates for vanlige kinds"`
}

// canonicalKind spells a known kind as the API does ("deployment" →
// "Deployment"); unknown kinds are returned unchanged.
func canonicalKind(kind string) string {
	if _, ok := kindGroups[kind]; ok {
		return kind
	}
	for k := range kindGroups {
		if strings.EqualFold(k, kind) {
			return k
		}
	}
	return kind
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
	group, ok := kindGroups[kind]
	if !ok {
		return schema.GroupVersionKind{}, b.errorf("kind", msgUnknownKindNeedsVersion, ref.Kind)
	}
	return schema.GroupVersionKind{Group: group, Kind: kind}, nil
}
