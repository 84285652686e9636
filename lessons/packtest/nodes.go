package packtest

import (
	"context"
	"fmt"
	"slices"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Lessons on nodes (cordon, drain) change the whole cluster. Before such
// a lesson the run waits until its own earlier Namespaces are gone, since
// kubectl drain refuses a node that runs a Pod no controller owns, in any
// Namespace; after each pass it opens the nodes it cordoned, so that a
// lesson that stops half-way does not leave the cluster with fewer nodes.

// openNodes lists the nodes that take new Pods now, after waiting for the
// run's deleted Namespaces to go.
func (r *run) openNodes(ctx context.Context) ([]string, error) {
	if err := r.waitDeleted(ctx); err != nil {
		return nil, err
	}
	nodes, err := r.client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("packtest: list nodes: %w", err)
	}
	open := []string{}
	for _, n := range nodes.Items {
		if !n.Spec.Unschedulable {
			open = append(open, n.Name)
		}
	}
	return open, nil
}

// reopenNodes uncordons the nodes of open that no longer take Pods.
func (r *run) reopenNodes(ctx context.Context, open []string) {
	nodes, err := r.client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return
	}
	patch := []byte(`{"spec":{"unschedulable":false}}`)
	for _, n := range nodes.Items {
		if n.Spec.Unschedulable && slices.Contains(open, n.Name) {
			_, _ = r.client.CoreV1().Nodes().Patch(ctx, n.Name, types.StrategicMergePatchType, patch, metav1.PatchOptions{})
		}
	}
}

// waitDeleted waits, up to a minute, until the Namespaces the run deleted
// are gone.
func (r *run) waitDeleted(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	r.mu.Lock()
	pending := r.deleted
	r.deleted = nil
	r.mu.Unlock()
	for len(pending) > 0 {
		_, err := r.client.CoreV1().Namespaces().Get(ctx, pending[0], metav1.GetOptions{})
		switch {
		case apierrors.IsNotFound(err):
			pending = pending[1:]
			continue
		case err != nil && ctx.Err() == nil:
			return fmt.Errorf(msgReadNamespace, pending[0], err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf(msgStillDeleting, pending[0])
		case <-time.After(250 * time.Millisecond):
		}
	}
	return nil
}
