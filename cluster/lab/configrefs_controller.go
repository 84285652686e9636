package lab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

// Settings of the config-refs controller.
const (
	configRefsWorkers = 2
	// rootCAGrace is how long a Pod that lacks only kube-root-ca.crt waits
	// silently for the controller-manager to publish it before it is
	// reported as FailedMount.
	rootCAGrace = 5 * time.Second
	// configRefsCallTimeout bounds each API call of the controller.
	configRefsCallTimeout = 10 * time.Second
)

// configRefsController plays the part of a kubelet that resolves the
// ConfigMaps and Secrets a Pod refers to. For every Pending Pod bound to
// one of the lab's nodes it records the verdict of checkConfigRefs in the
// Pod's annotations, which the KWOK pod stages select on, and emits the
// kubelet's Warning Events. It checks a Pod again whenever the Pod, or a
// ConfigMap or Secret in its Namespace, changes.
type configRefsController struct {
	client     kubernetes.Interface
	nodes      map[string]bool        // the lab's own nodes
	nodeLister corelisters.NodeLister // any other node KWOK simulates (kwokNodeAnnotation)
	factory    informers.SharedInformerFactory
	pods       cache.Indexer
	configMaps corelisters.ConfigMapLister
	secrets    corelisters.SecretLister
	queue      workqueue.TypedRateLimitingInterface[string]
	rootCA     time.Duration // rootCAGrace, shorter in tests
	cancel     context.CancelFunc
	workers    sync.WaitGroup

	mu       sync.Mutex
	reported map[types.UID]map[string]bool // Event names created, per Pod
}

// startConfigRefs starts the config-refs controller for the lab's nodes and
// waits until its caches are filled. Stop stops it (stopConfigRefs).
func (lab *Lab) startConfigRefs(ctx context.Context, cfg *rest.Config, nodes []string) error {
	cfg = rest.CopyConfig(cfg)
	cfg.QPS, cfg.Burst = 100, 200 // a local API server; the default 5 QPS would slow a big Deployment
	cfg.UserAgent = "kubekurs-lab-config-refs"
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return fmt.Errorf("config-refs controller: create client: %w", err)
	}
	c := newConfigRefsController(client, nodes)
	if err := c.start(ctx); err != nil {
		return err
	}
	lab.configRefs = c
	return nil
}

// stopConfigRefs stops the config-refs controller, if it runs, and waits
// for its goroutines.
func (lab *Lab) stopConfigRefs() {
	if lab.configRefs != nil {
		lab.configRefs.stop()
		lab.configRefs = nil
	}
}

func newConfigRefsController(client kubernetes.Interface, nodes []string) *configRefsController {
	c := &configRefsController{
		client:   client,
		nodes:    map[string]bool{},
		factory:  informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithTransform(slimObject)),
		queue:    workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
		rootCA:   rootCAGrace,
		reported: map[types.UID]map[string]bool{},
	}
	for _, n := range nodes {
		c.nodes[n] = true
	}
	return c
}

// start registers the event handlers, starts the informers and the
// workers, and waits (bounded by ctx) for the caches. On failure it stops
// what it started.
func (c *configRefsController) start(ctx context.Context) error {
	pods := c.factory.Core().V1().Pods()
	cms := c.factory.Core().V1().ConfigMaps()
	secrets := c.factory.Core().V1().Secrets()
	c.pods, c.configMaps, c.secrets = pods.Informer().GetIndexer(), cms.Lister(), secrets.Lister()
	c.nodeLister = c.factory.Core().V1().Nodes().Lister()
	run, cancel := context.WithCancel(context.Background())
	c.cancel = cancel

	podHandler := cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueuePod,
		UpdateFunc: func(_, obj any) { c.enqueuePod(obj) },
		DeleteFunc: c.forgetPod,
	}
	refHandler := cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueueNamespace,
		UpdateFunc: func(_, obj any) { c.enqueueNamespace(obj) },
		DeleteFunc: c.enqueueNamespace,
	}
	if _, err := pods.Informer().AddEventHandler(podHandler); err != nil {
		c.stop()
		return fmt.Errorf("config-refs controller: watch pods: %w", err)
	}
	for _, inf := range []cache.SharedIndexInformer{cms.Informer(), secrets.Informer()} {
		if _, err := inf.AddEventHandler(refHandler); err != nil {
			c.stop()
			return fmt.Errorf("config-refs controller: watch configmaps and secrets: %w", err)
		}
	}

	c.factory.Start(run.Done())
	for i := 0; i < configRefsWorkers; i++ {
		c.workers.Add(1)
		go func() {
			defer c.workers.Done()
			for c.processNext(run) {
			}
		}()
	}
	for typ, ok := range c.factory.WaitForCacheSync(ctx.Done()) {
		if !ok {
			c.stop()
			return fmt.Errorf("config-refs controller: fill %v cache: %w", typ, errors.Join(ctx.Err(), errors.New("not synced")))
		}
	}
	return nil
}

// stop ends the workers and the informers and waits for them.
func (c *configRefsController) stop() {
	c.cancel()
	c.queue.ShutDown()
	c.workers.Wait()
	c.factory.Shutdown()
}

// slimObject drops what the controller never reads from the objects its
// informers keep: managed fields everywhere, and the values of ConfigMaps
// and Secrets (only their keys count), so the lab's supervisor holds no
// secret values.
func slimObject(obj any) (any, error) {
	if m, err := meta.Accessor(obj); err == nil {
		m.SetManagedFields(nil)
	}
	switch o := obj.(type) {
	case *corev1.Secret:
		for k := range o.Data {
			o.Data[k] = nil
		}
		o.StringData = nil
	case *corev1.ConfigMap:
		for k := range o.Data {
			o.Data[k] = ""
		}
		for k := range o.BinaryData {
			o.BinaryData[k] = nil
		}
	}
	return obj, nil
}

// needsCheck reports whether pod is one the controller looks after: bound
// to a node KWOK simulates, Pending and not being deleted.
func (c *configRefsController) needsCheck(pod *corev1.Pod) bool {
	return c.simulated(pod.Spec.NodeName) && pod.Status.Phase == corev1.PodPending && pod.DeletionTimestamp == nil
}

// simulated reports whether KWOK plays the kubelet of the node: one of the
// lab's own nodes, or another node with KWOK's annotation (KWOK manages
// every node so annotated, and its ready stage waits for this controller's
// verdict on their Pods too).
func (c *configRefsController) simulated(node string) bool {
	if c.nodes[node] {
		return true
	}
	if node == "" || c.nodeLister == nil {
		return false
	}
	n, err := c.nodeLister.Get(node)
	return err == nil && n.Annotations[kwokNodeAnnotation] == "fake"
}

func (c *configRefsController) enqueuePod(obj any) {
	if pod, ok := obj.(*corev1.Pod); ok && c.needsCheck(pod) {
		c.queue.Add(pod.Namespace + "/" + pod.Name)
	}
}

// enqueueNamespace checks again every Pending Pod in the Namespace of a
// ConfigMap or Secret that changed.
func (c *configRefsController) enqueueNamespace(obj any) {
	if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = d.Obj
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return
	}
	list, err := c.pods.ByIndex(cache.NamespaceIndex, m.GetNamespace())
	if err != nil {
		return
	}
	for _, o := range list {
		c.enqueuePod(o)
	}
}

// forgetPod drops what the controller remembers of a deleted Pod.
func (c *configRefsController) forgetPod(obj any) {
	if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = d.Obj
	}
	if pod, ok := obj.(*corev1.Pod); ok {
		c.mu.Lock()
		delete(c.reported, pod.UID)
		c.mu.Unlock()
	}
}

func (c *configRefsController) processNext(ctx context.Context) bool {
	key, quit := c.queue.Get()
	if quit {
		return false
	}
	defer c.queue.Done(key)
	if err := c.reconcile(ctx, key); err != nil {
		if ctx.Err() == nil {
			utilruntime.HandleErrorWithContext(ctx, err, "Checking a Pod's ConfigMaps and Secrets failed", "pod", key)
			c.queue.AddRateLimited(key)
		}
		return true
	}
	c.queue.Forget(key)
	return true
}

// reconcile checks the Pod called key and records the verdict.
func (c *configRefsController) reconcile(ctx context.Context, key string) error {
	obj, exists, err := c.pods.GetByKey(key)
	if err != nil || !exists {
		return err
	}
	pod := obj.(*corev1.Pod)
	if !c.needsCheck(pod) {
		return nil
	}
	verdict, err := checkConfigRefs(pod, cachedRefs{c})
	if err != nil {
		return err
	}
	if verdict.reason != refsOK {
		// The caches may lag behind an object created just before the
		// Pod: report only what the API server confirms.
		if verdict, err = checkConfigRefs(pod, liveRefs{ctx, c.client}); err != nil {
			return err
		}
	}
	if verdict.waitsOnlyForRootCA() {
		if wait := c.rootCA - time.Since(pod.CreationTimestamp.Time); wait > 0 {
			c.queue.AddAfter(key, wait)
			return nil
		}
	}
	if err := c.emitEvents(ctx, pod, verdict); err != nil {
		return err
	}
	return c.annotate(ctx, pod, verdict)
}

// annotate records verdict in pod's annotations unless they say so already.
func (c *configRefsController) annotate(ctx context.Context, pod *corev1.Pod, verdict refsVerdict) error {
	var messages *string
	if verdict.reason != refsOK {
		data, err := json.Marshal(verdict.messages())
		if err != nil {
			return fmt.Errorf("encode messages: %w", err)
		}
		s := string(data)
		messages = &s
	}
	current, hasMessages := pod.Annotations[annotationConfigRefsMessages]
	if pod.Annotations[annotationConfigRefs] == verdict.reason &&
		(messages == nil && !hasMessages || messages != nil && hasMessages && current == *messages) {
		return nil
	}
	patch, err := json.Marshal(map[string]any{"metadata": map[string]any{"annotations": map[string]any{
		annotationConfigRefs:         verdict.reason,
		annotationConfigRefsMessages: messages, // nil removes it
	}}})
	if err != nil {
		return fmt.Errorf("encode patch: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, configRefsCallTimeout)
	defer cancel()
	_, err = c.client.CoreV1().Pods(pod.Namespace).Patch(ctx, pod.Name, types.MergePatchType, patch, metav1.PatchOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("annotate pod %s/%s: %w", pod.Namespace, pod.Name, err)
	}
	return nil
}
