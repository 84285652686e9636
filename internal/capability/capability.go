// Package capability names what a lesson may require of a cluster: the
// words lesson files write in `requires`, which package lessons validates
// and package cluster detects and explains. It is the one list of them;
// lessons and cluster may not import each other, so both read it here.
package capability

import "slices"

// Name is one capability, spelt as lesson files write it.
type Name string

// The capabilities lessons can require.
const (
	// RunningContainers: containers really run (logs, exec, traffic).
	RunningContainers Name = "running-containers"
	// MultipleNodes: at least two Ready nodes accept ordinary Pods.
	MultipleNodes Name = "multiple-nodes"
	// DNS: cluster DNS (CoreDNS behind the kube-dns Service) answers.
	DNS Name = "dns"
	// DefaultStorageClass: a StorageClass is marked as the default, so
	// volumes are provisioned by themselves.
	DefaultStorageClass Name = "default-storageclass"
	// IngressController: an IngressClass exists.
	IngressController Name = "ingress-controller"
	// LoadBalancer: Services of type LoadBalancer get an address.
	LoadBalancer Name = "loadbalancer"
	// Metrics: the metrics API (metrics.k8s.io) answers.
	Metrics Name = "metrics"
	// RBAC: the API server serves rbac.authorization.k8s.io.
	RBAC Name = "rbac"
)

// All lists every capability, in the order reports and messages show them.
func All() []Name {
	return []Name{RunningContainers, MultipleNodes, DNS, DefaultStorageClass,
		IngressController, LoadBalancer, Metrics, RBAC}
}

// Known reports whether name is a capability.
func Known(name string) bool {
	return slices.Contains(All(), Name(name))
}
