package lab

import (
	"context"
	"fmt"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/cluster/lab/lbcontroller"
)

// startLoadBalancer starts the simulated load balancer and Ingress
// Controller (package lbcontroller) in this process, talking to the API
// server as the administrator. stopLocked stops it.
func (lab *Lab) startLoadBalancer(ctx context.Context, cfg *rest.Config) error {
	cfg = rest.CopyConfig(cfg)
	cfg.UserAgent = "kubekurs-lab-loadbalancer"
	cfg.QPS, cfg.Burst = 50, 100
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return fmt.Errorf("create load balancer client: %w", err)
	}
	lb := &lbcontroller.Controller{Client: client}
	if err := lb.Start(ctx); err != nil {
		return fmt.Errorf("start load balancer: %w", err)
	}
	lab.loadBalancer = lb
	return nil
}

// stopLoadBalancer stops what startLoadBalancer started, if anything.
func (lab *Lab) stopLoadBalancer() {
	if lab.loadBalancer != nil {
		lab.loadBalancer.Stop()
		lab.loadBalancer = nil
	}
}
