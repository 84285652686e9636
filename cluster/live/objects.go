package live

import (
	"github.com/kubekurs/kubekurs/cluster/view"

	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Objects lists what the cluster panel shows: Deployments, Pods,
// Services, Ingresses, ConfigMaps and Secrets (their type and number of
// keys, never a value) in the learner's Namespace, in panel order (see
// panelRows). A kind the learner may not list (a classroom role that may
// not list Secrets) is left out rather than failing the panel.
func (c *Cluster) Objects(ctx context.Context) ([]view.Object, error) {
	ctx, cancel := context.WithTimeout(ctx, objectsTimeout)
	defer cancel()
	apps, core, networking := c.client.AppsV1(), c.client.CoreV1(), c.client.NetworkingV1()
	deployments, err := listAllowed(ctx, "deployments", apps.Deployments(c.namespace).List)
	if err != nil {
		return nil, err
	}
	pods, err := listAllowed(ctx, "pods", core.Pods(c.namespace).List)
	if err != nil {
		return nil, err
	}
	services, err := listAllowed(ctx, "services", core.Services(c.namespace).List)
	if err != nil {
		return nil, err
	}
	ingresses, err := listAllowed(ctx, "ingresses", networking.Ingresses(c.namespace).List)
	if err != nil {
		return nil, err
	}
	configMaps, err := listAllowed(ctx, "configmaps", core.ConfigMaps(c.namespace).List)
	if err != nil {
		return nil, err
	}
	secrets, err := listAllowed(ctx, "secrets", core.Secrets(c.namespace).List)
	if err != nil {
		return nil, err
	}
	return panelRows(namespaceObjects{
		deployments: deployments.Items, pods: pods.Items, services: services.Items,
		ingresses: ingresses.Items, configMaps: configMaps.Items, secrets: secrets.Items,
	}), nil
}

// listAllowed calls list, and gives an empty list when the learner may
// not list what (a plural resource name, for the error).
func listAllowed[L any](ctx context.Context, what string, list func(context.Context, metav1.ListOptions) (*L, error)) (*L, error) {
	l, err := list(ctx, metav1.ListOptions{})
	switch {
	case apierrors.IsForbidden(err):
		return new(L), nil
	case err != nil:
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	return l, nil
}
