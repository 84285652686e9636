// Package cluster finds and describes the cluster a learner works in: the
// practice cluster (package lab), a kind cluster or an existing one, and
// what each of them can do.
package cluster

import (
	"context"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Capability is something a lesson may need from the cluster. The names
// are the ones lessons use in `requires`.
type Capability string

// The capabilities lessons can require.
const (
	// RunningContainers: containers really run (logs, exec, traffic).
	RunningContainers Capability = "running-containers"
	// IngressController: an IngressClass exists.
	IngressController Capability = "ingress-controller"
	// DefaultStorageClass: a StorageClass is marked as the default.
	DefaultStorageClass Capability = "default-storageclass"
	// Metrics: the metrics API (metrics.k8s.io) answers.
	Metrics Capability = "metrics"
	// LoadBalancer: a LoadBalancer Service has been given an address.
	LoadBalancer Capability = "loadbalancer"
	// MultipleNodes: at least two Ready nodes accept ordinary Pods.
	MultipleNodes Capability = "multiple-nodes"
)

// simulatedNodeAnnotation marks the practice cluster's KWOK nodes.
const simulatedNodeAnnotation = "kwok.x-k8s.io/node"

// Capabilities is what a cluster can do.
type Capabilities map[Capability]bool

// Missing returns the capabilities in need that c lacks, in order.
func (c Capabilities) Missing(need []string) []Capability {
	var missing []Capability
	for _, n := range need {
		if !c[Capability(n)] && !slices.Contains(missing, Capability(n)) {
			missing = append(missing, Capability(n))
		}
	}
	return missing
}

// Detect asks the cluster what it can do. Every call carries ctx's
// deadline; an API error is returned wrapped, so callers can tell an
// unreachable cluster from a missing capability.
func Detect(ctx context.Context, client kubernetes.Interface) (Capabilities, error) {
	caps := Capabilities{}
	nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list nodes: %w", err)
	}
	simulated, schedulable := 0, 0
	for i := range nodes.Items {
		n := &nodes.Items[i]
		if n.Annotations[simulatedNodeAnnotation] == "fake" {
			simulated++
		}
		if nodeReady(n) && !n.Spec.Unschedulable && !hasNoScheduleTaint(n) {
			schedulable++
		}
	}
	caps[RunningContainers] = len(nodes.Items) > 0 && simulated < len(nodes.Items)
	caps[MultipleNodes] = schedulable >= 2

	classes, err := client.StorageV1().StorageClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list storage classes: %w", err)
	}
	for _, sc := range classes.Items {
		if sc.Annotations["storageclass.kubernetes.io/is-default-class"] == "true" {
			caps[DefaultStorageClass] = true
		}
	}
	ingressClasses, err := client.NetworkingV1().IngressClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list ingress classes: %w", err)
	}
	caps[IngressController] = len(ingressClasses.Items) > 0
	if _, err := client.Discovery().ServerResourcesForGroupVersion("metrics.k8s.io/v1beta1"); err == nil {
		caps[Metrics] = true
	}
	services, err := client.CoreV1().Services(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	for _, s := range services.Items {
		if s.Spec.Type == corev1.ServiceTypeLoadBalancer && len(s.Status.LoadBalancer.Ingress) > 0 {
			caps[LoadBalancer] = true
		}
	}
	return caps, nil
}

func nodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func hasNoScheduleTaint(n *corev1.Node) bool {
	for _, t := range n.Spec.Taints {
		if t.Effect == corev1.TaintEffectNoSchedule {
			return true
		}
	}
	return false
}

// Explain says in Norwegian why a missing capability matters and how to
// get it, for the learner.
func Explain(c Capability) string {
	switch c {
	case RunningContainers:
		return "Dette steget trenger ekte containere (logger, exec eller trafikk). Øvingsclusteret simulerer nodene, så her kjører ingen containere. Bruk et cluster med ekte containere, for eksempel kind (krever Docker), og start kurset med `kubekurs --context kind-kind`."
	case IngressController:
		return "Denne leksjonen trenger en Ingress Controller. Installer en, for eksempel ingress-nginx, og prøv igjen."
	case DefaultStorageClass:
		return "Denne leksjonen trenger en standard-StorageClass som lager volumer av seg selv. kind har det fra start; på eget cluster må en Storage Provisioner installeres."
	case Metrics:
		return "Denne leksjonen trenger metrics-API-et. Installer Metrics Server i clusteret."
	case LoadBalancer:
		return "Denne leksjonen trenger lastbalanserere for Servicer av typen LoadBalancer, for eksempel MetalLB eller cloud-provider-kind."
	case MultipleNodes:
		return "Denne leksjonen trenger minst to worker-noder."
	}
	return fmt.Sprintf("Clusteret mangler «%s».", string(c))
}
