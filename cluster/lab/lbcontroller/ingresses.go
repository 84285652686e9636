package lbcontroller

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	networkinglisters "k8s.io/client-go/listers/networking/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
)

// ingresses is the Ingress controller: it gives every Ingress of an
// IngressClass whose controller is IngressControllerName the Ingress
// Controller's address, and leaves Ingresses of other classes alone.
type ingresses struct {
	*worker
	client   kubernetes.Interface
	lister   networkinglisters.IngressLister
	classes  networkinglisters.IngressClassLister
	address  netip.Addr
	recorder record.EventRecorder
}

func newIngresses(client kubernetes.Interface, factory informers.SharedInformerFactory, address netip.Addr, recorder record.EventRecorder) (*ingresses, error) {
	inf := factory.Networking().V1().Ingresses()
	classes := factory.Networking().V1().IngressClasses()
	c := &ingresses{client: client, lister: inf.Lister(), classes: classes.Lister(), address: address, recorder: recorder}
	c.worker = newWorker("ingresses", c.sync)
	if _, err := inf.Informer().AddEventHandler(enqueueHandler(c.queue, ingressChanged)); err != nil {
		return nil, fmt.Errorf("watch Ingresses: %w", err)
	}
	// A class that appears, changes or goes may change which Ingresses
	// are ours.
	requeueAll := func(any) { c.enqueueAll() }
	if _, err := classes.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    requeueAll,
		UpdateFunc: func(_, obj any) { requeueAll(obj) },
		DeleteFunc: requeueAll,
	}); err != nil {
		return nil, fmt.Errorf("watch IngressClasses: %w", err)
	}
	return c, nil
}

func (c *ingresses) enqueueAll() {
	list, err := c.lister.List(labels.Everything())
	if err != nil {
		return
	}
	for _, ing := range list {
		c.queue.Add(ing.Namespace + "/" + ing.Name)
	}
}

func (c *ingresses) sync(ctx context.Context, key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil // not a key this controller made; nothing to retry
	}
	ing, err := c.lister.Ingresses(ns).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	ours := []networkingv1.IngressLoadBalancerIngress{{IP: c.address.String()}}
	var want []networkingv1.IngressLoadBalancerIngress
	switch current := ing.Status.LoadBalancer.Ingress; {
	case c.isOurs(ing):
		want = ours
	case !ingressStatusEqual(current, ours):
		return nil // another controller's Ingress, or none's: not ours to touch
	}
	if ingressStatusEqual(ing.Status.LoadBalancer.Ingress, want) {
		return nil
	}
	patch, err := json.Marshal(map[string]any{"status": map[string]any{"loadBalancer": map[string]any{"ingress": want}}})
	if err != nil {
		return err
	}
	if _, err := c.client.NetworkingV1().Ingresses(ns).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{}, "status"); err != nil {
		return ignoreNotFound(fmt.Errorf("set address of Ingress %s: %w", key, err))
	}
	if want != nil {
		c.recorder.Eventf(ing, corev1.EventTypeNormal, reasonIngressAddress, msgIngressAddress, IngressControllerName, c.address)
	}
	return nil
}

// ingressChanged says whether an update may change the Ingress's class;
// a change of the status alone is the controller's own.
func ingressChanged(old, ing *networkingv1.Ingress) bool {
	return className(old) != className(ing) || old.UID != ing.UID
}

// className is the class the Ingress names: spec.ingressClassName, else
// the older annotation, else "".
func className(ing *networkingv1.Ingress) string {
	if ing.Spec.IngressClassName != nil {
		return *ing.Spec.IngressClassName
	}
	return ing.Annotations[legacyIngressClassAnnotation]
}

// isOurs reports whether the Ingress belongs to this controller: it names
// an IngressClass of IngressControllerName, or names none while such a
// class is the default. (The API server's DefaultIngressClass admission
// plugin names the default class in new Ingresses itself; an Ingress made
// while there was no default keeps no class.)
func (c *ingresses) isOurs(ing *networkingv1.Ingress) bool {
	if name := className(ing); name != "" {
		class, err := c.classes.Get(name)
		return err == nil && class.Spec.Controller == IngressControllerName
	}
	list, err := c.classes.List(labels.Everything())
	if err != nil {
		return false
	}
	return slices.ContainsFunc(list, func(class *networkingv1.IngressClass) bool {
		return class.Annotations[defaultIngressClassAnnotation] == "true" && class.Spec.Controller == IngressControllerName
	})
}

func ingressStatusEqual(a, b []networkingv1.IngressLoadBalancerIngress) bool {
	return slices.EqualFunc(a, b, func(x, y networkingv1.IngressLoadBalancerIngress) bool {
		return x.IP == y.IP && x.Hostname == y.Hostname && len(x.Ports) == len(y.Ports)
	})
}
