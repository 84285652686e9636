package lbcontroller

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
)

// Strategic merge patches of a Service's finalizers: they add or remove
// only this one, whatever else is there (as cloud controllers patch, so
// that a stale cache cannot cause a conflict).
var (
	addFinalizer    = []byte(`{"metadata":{"finalizers":["` + Finalizer + `"]}}`)
	removeFinalizer = []byte(`{"metadata":{"$deleteFromPrimitiveList/finalizers":["` + Finalizer + `"]}}`)
)

// services is the Service controller: it plays a cloud's service
// controller, with the pool as its load balancers.
type services struct {
	*worker
	client   kubernetes.Interface
	lister   corelisters.ServiceLister
	alloc    *allocator
	recorder record.EventRecorder
}

func newServices(client kubernetes.Interface, factory informers.SharedInformerFactory, pool Pool, recorder record.EventRecorder) (*services, error) {
	inf := factory.Core().V1().Services()
	s := &services{client: client, lister: inf.Lister(), alloc: newAllocator(pool), recorder: recorder}
	s.worker = newWorker("services", s.sync)
	s.after = s.retryPendingIfReleased
	if _, err := inf.Informer().AddEventHandler(enqueueHandler(s.queue, serviceChanged)); err != nil {
		return nil, fmt.Errorf("watch Services: %w", err)
	}
	return s, nil
}

// wantsLoadBalancer is the cloud controller's rule: a LoadBalancer
// Service without a loadBalancerClass is the default provider's.
func wantsLoadBalancer(svc *corev1.Service) bool {
	return svc.Spec.Type == corev1.ServiceTypeLoadBalancer && svc.Spec.LoadBalancerClass == nil
}

// serviceChanged says whether an update may need the controller: as the
// cloud service controller, it ignores changes of the status and of the
// finalizer alone, which it makes itself.
func serviceChanged(old, svc *corev1.Service) bool {
	return needsCleanup(svc) ||
		wantsLoadBalancer(old) != wantsLoadBalancer(svc) ||
		old.Spec.LoadBalancerIP != svc.Spec.LoadBalancerIP ||
		old.UID != svc.UID ||
		(old.DeletionTimestamp == nil) != (svc.DeletionTimestamp == nil)
}

func hasFinalizer(svc *corev1.Service) bool { return slices.Contains(svc.Finalizers, Finalizer) }

// needsCleanup: the Service holds the finalizer but is being deleted or
// no longer wants a load balancer.
func needsCleanup(svc *corev1.Service) bool {
	return hasFinalizer(svc) && (svc.DeletionTimestamp != nil || !wantsLoadBalancer(svc))
}

// statusIP is the first address in the Service's status, if any.
func statusIP(svc *corev1.Service) netip.Addr {
	if ingress := svc.Status.LoadBalancer.Ingress; len(ingress) > 0 {
		if ip, err := netip.ParseAddr(ingress[0].IP); err == nil {
			return ip
		}
	}
	return netip.Addr{}
}

// rebuild records the addresses that Services holding the finalizer
// already have, oldest Service first (so the older one keeps an address
// two claim), before the worker starts.
func (s *services) rebuild() {
	list, err := s.lister.List(labels.Everything())
	if err != nil {
		return
	}
	slices.SortFunc(list, func(a, b *corev1.Service) int {
		if c := a.CreationTimestamp.Compare(b.CreationTimestamp.Time); c != 0 {
			return c
		}
		return strings.Compare(a.Namespace+"/"+a.Name, b.Namespace+"/"+b.Name)
	})
	for _, svc := range list {
		if ip := statusIP(svc); hasFinalizer(svc) && ip.IsValid() {
			_ = s.alloc.claim(svc.Namespace+"/"+svc.Name, ip) // a Service that lost gets a new address when synced
		}
	}
	s.alloc.takeReleased()
}

func (s *services) sync(ctx context.Context, key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil // not a key this controller made; nothing to retry
	}
	svc, err := s.lister.Services(ns).Get(name)
	switch {
	case apierrors.IsNotFound(err):
		s.alloc.release(key)
		return nil
	case err != nil:
		return err
	case needsCleanup(svc):
		return s.cleanup(ctx, key, svc)
	case !wantsLoadBalancer(svc) || svc.DeletionTimestamp != nil:
		s.alloc.release(key) // not ours (or no longer, without our finalizer)
		return nil
	}
	return s.ensure(ctx, key, svc)
}

// ensure gives the Service its address: finalizer first, then status.
func (s *services) ensure(ctx context.Context, key string, svc *corev1.Service) error {
	ip, err := s.address(key, svc)
	if err != nil {
		s.recorder.Event(svc, corev1.EventTypeWarning, reasonSyncFailed, failure(err, svc.Spec.LoadBalancerIP, s.alloc.pool))
		return nil // pending until the Service changes or an address is freed
	}
	vip := corev1.LoadBalancerIPModeVIP
	want := corev1.LoadBalancerStatus{Ingress: []corev1.LoadBalancerIngress{{IP: ip.String(), IPMode: &vip}}}
	if hasFinalizer(svc) && statusEqual(svc.Status.LoadBalancer, want) {
		return nil
	}
	s.recorder.Event(svc, corev1.EventTypeNormal, reasonEnsuring, msgEnsuring)
	services := s.client.CoreV1().Services(svc.Namespace)
	if !hasFinalizer(svc) {
		if _, err := services.Patch(ctx, svc.Name, types.StrategicMergePatchType, addFinalizer, metav1.PatchOptions{}); err != nil {
			return fmt.Errorf("add finalizer to Service %s: %w", key, err)
		}
	}
	if !statusEqual(svc.Status.LoadBalancer, want) {
		patch, err := json.Marshal(map[string]any{"status": map[string]any{"loadBalancer": want}})
		if err != nil {
			return err
		}
		if _, err := services.Patch(ctx, svc.Name, types.MergePatchType, patch, metav1.PatchOptions{}, "status"); err != nil {
			return fmt.Errorf("set address of Service %s: %w", key, err)
		}
	}
	s.recorder.Eventf(svc, corev1.EventTypeNormal, reasonEnsured, msgEnsured, ip)
	return nil
}

// address decides the Service's address: the loadBalancerIP it asks for,
// else the one it holds, else the one its status names (if free), else
// the lowest free one.
func (s *services) address(key string, svc *corev1.Service) (netip.Addr, error) {
	if requested := svc.Spec.LoadBalancerIP; requested != "" {
		ip, err := netip.ParseAddr(requested)
		if err != nil || !ip.Is4() {
			return netip.Addr{}, errNotIPv4
		}
		return ip, s.alloc.claim(key, ip)
	}
	if ip, ok := s.alloc.lookup(key); ok {
		return ip, nil
	}
	if ip := statusIP(svc); hasFinalizer(svc) && ip.IsValid() && s.alloc.claim(key, ip) == nil {
		return ip, nil
	}
	return s.alloc.next(key)
}

// cleanup releases the address and removes the finalizer, as a cloud
// controller does on delete or type change.
func (s *services) cleanup(ctx context.Context, key string, svc *corev1.Service) error {
	ip, had := s.alloc.release(key)
	if !had {
		ip = statusIP(svc)
	}
	s.recorder.Event(svc, corev1.EventTypeNormal, reasonDeleting, msgDeleting)
	// The API server clears the status itself when the type changes, and
	// a Service being deleted needs none.
	if _, err := s.client.CoreV1().Services(svc.Namespace).Patch(ctx, svc.Name, types.StrategicMergePatchType, removeFinalizer, metav1.PatchOptions{}); err != nil {
		return ignoreNotFound(fmt.Errorf("remove finalizer from Service %s: %w", key, err))
	}
	if ip.IsValid() {
		s.recorder.Eventf(svc, corev1.EventTypeNormal, reasonDeleted, msgDeletedAddress, ip)
	} else {
		s.recorder.Event(svc, corev1.EventTypeNormal, reasonDeleted, msgDeleted)
	}
	return nil
}

// retryPendingIfReleased queues, once an address was freed, every
// LoadBalancer Service still without an address, or without the
// loadBalancerIP it asks for: the freed one may be what it waits for.
func (s *services) retryPendingIfReleased() {
	if !s.alloc.takeReleased() {
		return
	}
	list, err := s.lister.List(labels.Everything())
	if err != nil {
		return
	}
	for _, svc := range list {
		waiting := len(svc.Status.LoadBalancer.Ingress) == 0 ||
			svc.Spec.LoadBalancerIP != "" && svc.Spec.LoadBalancerIP != svc.Status.LoadBalancer.Ingress[0].IP
		if wantsLoadBalancer(svc) && svc.DeletionTimestamp == nil && waiting {
			s.queue.Add(svc.Namespace + "/" + svc.Name)
		}
	}
}

func statusEqual(a, b corev1.LoadBalancerStatus) bool {
	return slices.EqualFunc(a.Ingress, b.Ingress, func(x, y corev1.LoadBalancerIngress) bool {
		return x.IP == y.IP && x.Hostname == y.Hostname && (x.IPMode == nil) == (y.IPMode == nil) &&
			(x.IPMode == nil || *x.IPMode == *y.IPMode) && len(x.Ports) == len(y.Ports)
	})
}

func ignoreNotFound(err error) error {
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}
