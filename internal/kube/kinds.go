package kube

import (
	"slices"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Kind is a built-in kind that lessons and checks may name without an
// apiVersion.
type Kind struct {
	// Name is the kind as the API spells it, e.g. "Deployment".
	Name string
	// Group is the API group, "" for the core group.
	Group string
	// Version is the version the API server prefers in Kubernetes v1.36.
	Version string
	// Namespaced is false for cluster-scoped kinds (Namespace, Node, …).
	Namespaced bool
}

// GroupVersionKind is the kind with its group and preferred version.
func (k Kind) GroupVersionKind() schema.GroupVersionKind {
	return schema.GroupVersionKind{Group: k.Group, Version: k.Version, Kind: k.Name}
}

// builtinKinds is the table behind Kinds and LookupKind, checked against
// the practice cluster's discovery by TestIntegrationKindsMatchDiscovery.
// It is read-only.
var builtinKinds = []Kind{
	{Name: "Pod", Version: "v1", Namespaced: true},
	{Name: "Service", Version: "v1", Namespaced: true},
	{Name: "ConfigMap", Version: "v1", Namespaced: true},
	{Name: "Secret", Version: "v1", Namespaced: true},
	{Name: "ServiceAccount", Version: "v1", Namespaced: true},
	{Name: "PersistentVolumeClaim", Version: "v1", Namespaced: true},
	{Name: "Endpoints", Version: "v1", Namespaced: true},
	{Name: "Event", Version: "v1", Namespaced: true},
	{Name: "LimitRange", Version: "v1", Namespaced: true},
	{Name: "ResourceQuota", Version: "v1", Namespaced: true},
	{Name: "Namespace", Version: "v1"},
	{Name: "Node", Version: "v1"},
	{Name: "PersistentVolume", Version: "v1"},

	{Name: "Deployment", Group: "apps", Version: "v1", Namespaced: true},
	{Name: "ReplicaSet", Group: "apps", Version: "v1", Namespaced: true},
	{Name: "StatefulSet", Group: "apps", Version: "v1", Namespaced: true},
	{Name: "DaemonSet", Group: "apps", Version: "v1", Namespaced: true},
	{Name: "Job", Group: "batch", Version: "v1", Namespaced: true},
	{Name: "CronJob", Group: "batch", Version: "v1", Namespaced: true},
	{Name: "HorizontalPodAutoscaler", Group: "autoscaling", Version: "v2", Namespaced: true},
	{Name: "PodDisruptionBudget", Group: "policy", Version: "v1", Namespaced: true},

	{Name: "Ingress", Group: "networking.k8s.io", Version: "v1", Namespaced: true},
	{Name: "IngressClass", Group: "networking.k8s.io", Version: "v1"},
	{Name: "NetworkPolicy", Group: "networking.k8s.io", Version: "v1", Namespaced: true},
	{Name: "EndpointSlice", Group: "discovery.k8s.io", Version: "v1", Namespaced: true},

	{Name: "StorageClass", Group: "storage.k8s.io", Version: "v1"},

	{Name: "Role", Group: "rbac.authorization.k8s.io", Version: "v1", Namespaced: true},
	{Name: "RoleBinding", Group: "rbac.authorization.k8s.io", Version: "v1", Namespaced: true},
	{Name: "ClusterRole", Group: "rbac.authorization.k8s.io", Version: "v1"},
	{Name: "ClusterRoleBinding", Group: "rbac.authorization.k8s.io", Version: "v1"},

	{Name: "PriorityClass", Group: "scheduling.k8s.io", Version: "v1"},
	{Name: "CustomResourceDefinition", Group: "apiextensions.k8s.io", Version: "v1"},
}

// Kinds lists the built-in kinds that may be named without an apiVersion,
// grouped by API group.
func Kinds() []Kind { return slices.Clone(builtinKinds) }

// LookupKind finds the built-in kind spelt exactly name, e.g. "Deployment".
func LookupKind(name string) (Kind, bool) {
	i := slices.IndexFunc(builtinKinds, func(k Kind) bool { return k.Name == name })
	if i < 0 {
		return Kind{}, false
	}
	return builtinKinds[i], true
}
