package lab

import (
	"context"
	"fmt"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// nodeGracePeriod is how long the node lifecycle controller waits for a
// heartbeat before it marks a node's Pods NotReady (kube-controller-manager's
// --node-monitor-grace-period, 50s by default), plus a margin.
const nodeGracePeriod = 70 * time.Second

// TestIntegrationPodsStayReadyPastNodeGracePeriod guards the simulated
// kubelets' heartbeats: without node leases, every Pod on the lab turned
// NotReady about 50 s after start and never recovered.
func TestIntegrationPodsStayReadyPastNodeGracePeriod(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	if _, err := tl.client.AppsV1().Deployments(ns).Create(t.Context(), webDeployment("web", "nginx", 2), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitRolledOut(t, tl.client, ns, "web", 2)
	if wait := nodeGracePeriod - time.Since(tl.started); wait > 0 {
		t.Logf("waiting %s until the cluster has run for %s", wait.Round(time.Second), nodeGracePeriod)
		time.Sleep(wait)
	}
	leases, err := tl.client.CoordinationV1().Leases("kube-node-lease").List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(leases.Items) != 3 {
		t.Errorf("%d node leases, want 3", len(leases.Items))
	}
	eventually(t, 5*time.Second, "pods still ready", func(ctx context.Context) error {
		d, err := tl.client.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if d.Status.ReadyReplicas != 2 {
			return fmt.Errorf("%d of 2 ready after %s", d.Status.ReadyReplicas, time.Since(tl.started).Round(time.Second))
		}
		return nodesReady(ctx, tl.client, nodeNames(DefaultWorkers))
	})
}
