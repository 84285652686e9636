package lab

import (
	"context"
	"fmt"
	"runtime"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// kwokNodeAnnotation marks the nodes KWOK simulates (value "fake").
const kwokNodeAnnotation = "kwok.x-k8s.io/node"

// Node names follow kind's, so lessons read the same on both.
const (
	controlPlaneNode = "kubekurs-control-plane"
	workerNodePrefix = "kubekurs-worker"
	controlPlaneRole = "node-role.kubernetes.io/control-plane"
)

// nodeNames returns the control-plane node and n workers, named as kind
// names them: kubekurs-worker, kubekurs-worker2, ...
func nodeNames(workers int) []string {
	names := []string{controlPlaneNode}
	for i := 1; i <= workers; i++ {
		name := workerNodePrefix
		if i > 1 {
			name = fmt.Sprintf("%s%d", workerNodePrefix, i)
		}
		names = append(names, name)
	}
	return names
}

// simulatedNode describes a node as a kubelet would register it. The
// control-plane node carries kind's role label and NoSchedule taint, so
// ordinary Pods land on the workers and DaemonSets behave as on kind.
// Addresses are simulated data in kind's 172.18.0.0/16 style.
func simulatedNode(name string, index int) *corev1.Node {
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name: name,
			Labels: map[string]string{
				"kubernetes.io/hostname": name,
				"kubernetes.io/os":       "linux",
				"kubernetes.io/arch":     runtime.GOARCH,
				"beta.kubernetes.io/os":  "linux",
				"type":                   "kwok",
			},
			Annotations: map[string]string{
				kwokNodeAnnotation:             "fake",
				"node.alpha.kubernetes.io/ttl": "0",
			},
		},
		Status: corev1.NodeStatus{
			Capacity:    nodeResources(),
			Allocatable: nodeResources(),
			Addresses: []corev1.NodeAddress{
				{Type: corev1.NodeInternalIP, Address: fmt.Sprintf("172.18.0.%d", index+2)},
				{Type: corev1.NodeHostName, Address: name},
			},
			NodeInfo: corev1.NodeSystemInfo{
				KubeletVersion:          KubernetesVersion,
				OperatingSystem:         "linux",
				Architecture:            runtime.GOARCH,
				OSImage:                 "kubekurs øvingscluster (simulert node)",
				ContainerRuntimeVersion: "kwok://simulert",
			},
		},
	}
	if name == controlPlaneNode {
		node.Labels[controlPlaneRole] = ""
		node.Spec.Taints = []corev1.Taint{{Key: controlPlaneRole, Effect: corev1.TaintEffectNoSchedule}}
	}
	return node
}

func nodeResources() corev1.ResourceList {
	return corev1.ResourceList{
		corev1.ResourceCPU:              resource.MustParse("4"),
		corev1.ResourceMemory:           resource.MustParse("8Gi"),
		corev1.ResourcePods:             resource.MustParse("110"),
		corev1.ResourceEphemeralStorage: resource.MustParse("100Gi"),
	}
}

// ensureNodes registers the named nodes that do not exist yet. Existing
// nodes are left as they are: a learner may have labelled or cordoned
// them.
func ensureNodes(ctx context.Context, client kubernetes.Interface, names []string) error {
	for i, name := range names {
		_, err := client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		if err == nil {
			continue
		}
		if !apierrors.IsNotFound(err) {
			return fmt.Errorf("get node %s: %w", name, err)
		}
		if _, err := client.CoreV1().Nodes().Create(ctx, simulatedNode(name, i), metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("register node %s: %w", name, err)
		}
	}
	return nil
}

// deleteNodeLeases removes the nodes' heartbeat Leases left by a previous
// run. KWOK creates them anew at once; an old Lease held by the previous
// KWOK would otherwise delay the nodes' heartbeats until it expires.
func deleteNodeLeases(ctx context.Context, client kubernetes.Interface, names []string) error {
	leases := client.CoordinationV1().Leases(corev1.NamespaceNodeLease)
	for _, name := range names {
		err := leases.Delete(ctx, name, metav1.DeleteOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("delete stale lease of node %s: %w", name, err)
		}
	}
	return nil
}
