// Package lbcontroller is the practice cluster's simulated load balancer
// and Ingress Controller. It gives every Service of type LoadBalancer
// without a loadBalancerClass an address from a pool, the way a cloud's
// service controller does (with the same finalizer and Events), and every
// Ingress of the lab's IngressClass the Ingress Controller's address.
//
// The addresses come from TEST-NET-2 (RFC 5737), which is never routed:
// they are data in the API only. Nothing listens on them, and nothing in
// the lab ever connects to them.
//
// The API is the lab's own: fill in a Controller, call Start once the API
// server answers, call Stop.
package lbcontroller

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
)

// Names the lab writes into the cluster.
const (
	// Finalizer is the cloud service controllers' finalizer: a Service
	// that has an address keeps it until the address is released.
	Finalizer = "service.kubernetes.io/load-balancer-cleanup"
	// IngressClassName is the lab's default IngressClass.
	IngressClassName = "kubekurs-lab"
	// IngressControllerName is spec.controller of the lab's IngressClass.
	IngressControllerName = "kubekurs.no/lab-ingress"
	// MarkerNamespace and MarkerName name the ConfigMap that says the
	// cluster has this load balancer (capability detection reads it), and
	// describes the pool.
	MarkerNamespace = "kube-system"
	MarkerName      = "kubekurs-lab-loadbalancer"
	// Keys of the marker ConfigMap's data.
	MarkerKeyPool           = "pool"
	MarkerKeyIngressAddress = "ingress-address"
	MarkerKeyIngressClass   = "ingress-class"
	MarkerKeyNote           = "note"

	// defaultIngressClassAnnotation marks an IngressClass as the default.
	defaultIngressClassAnnotation = "ingressclass.kubernetes.io/is-default-class"
	// legacyIngressClassAnnotation is the class before spec.ingressClassName.
	legacyIngressClassAnnotation = "kubernetes.io/ingress.class"
	managedByLabel               = "app.kubernetes.io/managed-by"
	managedBy                    = "kubekurs-lab"
)

// Timing of the controllers.
const (
	resync      = 10 * time.Minute
	syncTimeout = 10 * time.Second
)

// Controller runs the Service and Ingress controllers. Set Client, call
// Start, then Stop.
type Controller struct {
	// Client talks to the practice cluster as an administrator.
	Client kubernetes.Interface
	// Pool is where addresses come from; the zero value means
	// DefaultPool.
	Pool Pool

	mu          sync.Mutex
	cancel      context.CancelFunc
	factory     informers.SharedInformerFactory
	broadcaster record.EventBroadcaster
	queues      []workqueue.TypedRateLimitingInterface[string]
	wg          sync.WaitGroup
}

// Start ensures the lab's IngressClass and marker ConfigMap, fills the
// informers' caches, rebuilds which Service holds which address from the
// Services' statuses, and starts the controllers. They run until Stop;
// ctx bounds only Start itself.
func (c *Controller) Start(ctx context.Context) (retErr error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		return errors.New("lbcontroller: Start called twice")
	}
	if c.Client == nil {
		return errors.New("lbcontroller: Client must be set")
	}
	pool := c.Pool
	if pool == (Pool{}) {
		pool = DefaultPool()
	}
	if err := pool.validate(); err != nil {
		return err
	}
	if err := ensureObjects(ctx, c.Client, pool); err != nil {
		return err
	}

	runCtx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	defer func() {
		if retErr != nil {
			c.stopLocked()
		}
	}()
	c.broadcaster = record.NewBroadcaster() // shut down after the workers stop, so none loses an Event
	c.broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: c.Client.CoreV1().Events("")})
	c.factory = informers.NewSharedInformerFactory(c.Client, resync)
	svc, err := newServices(c.Client, c.factory, pool,
		c.broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "service-controller"}))
	if err != nil {
		return err
	}
	ing, err := newIngresses(c.Client, c.factory, pool.Ingress,
		c.broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "lab-ingress-controller"}))
	if err != nil {
		return err
	}
	c.queues = []workqueue.TypedRateLimitingInterface[string]{svc.queue, ing.queue}
	c.factory.Start(runCtx.Done())
	for typ, ok := range c.factory.WaitForCacheSync(ctx.Done()) {
		if !ok {
			return fmt.Errorf("fill informer cache of %v: %w", typ, context.Cause(ctx))
		}
	}
	svc.rebuild()
	c.wg.Go(func() { svc.worker.run(runCtx) })
	c.wg.Go(func() { ing.worker.run(runCtx) })
	return nil
}

// Stop stops the controllers and waits for their goroutines. The
// addresses stay in the Services' statuses for the next Start.
func (c *Controller) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopLocked()
}

func (c *Controller) stopLocked() {
	if c.cancel == nil {
		return
	}
	c.cancel()
	for _, q := range c.queues {
		q.ShutDown()
	}
	c.wg.Wait()
	if c.factory != nil {
		c.factory.Shutdown()
	}
	if c.broadcaster != nil {
		c.broadcaster.Shutdown()
	}
	c.cancel, c.factory, c.broadcaster, c.queues = nil, nil, nil, nil
}

// ensureObjects writes the IngressClass and the marker, trying again
// until ctx ends: right after the API server is ready, kube-system may not
// exist yet.
func ensureObjects(ctx context.Context, client kubernetes.Interface, pool Pool) error {
	var last error
	err := wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		last = ensureIngressClass(ctx, client)
		if last == nil {
			last = ensureMarker(ctx, client, pool)
		}
		return last == nil, nil
	})
	if err != nil && last != nil {
		return last
	}
	return err
}

// ensureIngressClass creates the lab's default IngressClass unless an
// IngressClass of that name exists: what the learner changed in it stays.
func ensureIngressClass(ctx context.Context, client kubernetes.Interface) error {
	class := &networkingv1.IngressClass{
		ObjectMeta: metav1.ObjectMeta{
			Name:        IngressClassName,
			Labels:      map[string]string{managedByLabel: managedBy},
			Annotations: map[string]string{defaultIngressClassAnnotation: "true"},
		},
		Spec: networkingv1.IngressClassSpec{Controller: IngressControllerName},
	}
	_, err := client.NetworkingV1().IngressClasses().Create(ctx, class, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("create IngressClass %s: %w", IngressClassName, err)
	}
	return nil
}

// ensureMarker creates or updates the marker ConfigMap.
func ensureMarker(ctx context.Context, client kubernetes.Interface, pool Pool) error {
	data := map[string]string{
		MarkerKeyPool:           pool.String(),
		MarkerKeyIngressAddress: pool.Ingress.String(),
		MarkerKeyIngressClass:   IngressClassName,
		MarkerKeyNote:           fmt.Sprintf(markerNote, IngressClassName, pool.Ingress),
	}
	configMaps := client.CoreV1().ConfigMaps(MarkerNamespace)
	cm, err := configMaps.Get(ctx, MarkerName, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		cm = &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: MarkerName, Namespace: MarkerNamespace, Labels: map[string]string{managedByLabel: managedBy}},
			Data:       data,
		}
		_, err = configMaps.Create(ctx, cm, metav1.CreateOptions{})
	} else if err == nil && !maps.Equal(cm.Data, data) {
		cm.Data = data
		_, err = configMaps.Update(ctx, cm, metav1.UpdateOptions{})
	}
	if err != nil {
		return fmt.Errorf("write ConfigMap %s/%s: %w", MarkerNamespace, MarkerName, err)
	}
	return nil
}

// worker takes keys off a queue and syncs them one at a time, retrying a
// failed sync with backoff.
type worker struct {
	queue workqueue.TypedRateLimitingInterface[string]
	sync  func(ctx context.Context, key string) error
	// after, when set, runs after each sync.
	after func()
}

func newWorker(name string, sync func(context.Context, string) error) *worker {
	return &worker{
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: name}),
		sync: sync,
	}
}

func (w *worker) run(ctx context.Context) {
	for w.next(ctx) {
	}
}

func (w *worker) next(ctx context.Context) bool {
	key, quit := w.queue.Get()
	if quit {
		return false
	}
	defer w.queue.Done(key)
	syncCtx, cancel := context.WithTimeout(ctx, syncTimeout)
	err := w.sync(syncCtx, key)
	cancel()
	if w.after != nil {
		w.after()
	}
	switch {
	case err == nil:
		w.queue.Forget(key)
	case ctx.Err() == nil:
		utilruntime.HandleErrorWithContext(ctx, err, "Sync failed, retrying", "key", key)
		w.queue.AddRateLimited(key)
	}
	return true
}

// enqueueHandler adds the key of every object added or deleted, and of
// every object changed where changed(old, new) says so. Like Kubernetes'
// own controllers it leaves out the changes the controller itself makes:
// the informer's cache may not show them yet when it sees the event, and
// a sync from a stale cache only repeats the same writes and Events.
func enqueueHandler[T any](q workqueue.TypedRateLimitingInterface[string], changed func(old, new T) bool) cache.ResourceEventHandler {
	add := func(obj any) {
		if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
			q.Add(key)
		}
	}
	return cache.ResourceEventHandlerFuncs{
		AddFunc: add,
		UpdateFunc: func(oldObj, newObj any) {
			o, ok1 := oldObj.(T)
			n, ok2 := newObj.(T)
			if !ok1 || !ok2 || changed(o, n) {
				add(newObj)
			}
		},
		DeleteFunc: add,
	}
}
