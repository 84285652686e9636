package cluster

import (
	"fmt"

	"k8s.io/client-go/rest"
)

// InCluster is the cluster kubekurs runs in, when it runs in a Pod (a
// grading Job): the Pod's ServiceAccount, as client-go's in-cluster
// configuration finds it. ok is false outside a Pod, told by the
// KUBERNETES_SERVICE_HOST variable that the kubelet sets.
func InCluster(getenv func(string) string) (_ *Target, ok bool, _ error) {
	if getenv("KUBERNETES_SERVICE_HOST") == "" {
		return nil, false, nil
	}
	cfg, err := rest.InClusterConfig()
	if err != nil {
		return nil, true, fmt.Errorf("in-cluster config: %w", err)
	}
	return &Target{Kind: KindKubeconfig, Context: "in-cluster", Description: fmt.Sprintf(msgInCluster, cfg.Host), Config: cfg}, true, nil
}
