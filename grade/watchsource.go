package grade

import (
	"context"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

// syncTimeout bounds the wait for a new watch's first list. A type whose
// watch has not synced by then (refused, or not watchable, like metrics)
// is not watched.
const syncTimeout = 30 * time.Second

// watchQPS and watchBurst limit the watches' own requests: one LIST and
// one WATCH per resource type, and reconnects.
const (
	watchQPS   = 50
	watchBurst = 100
)

// configMaps is the resource type of the progress mirror, watched from
// the start.
var configMaps = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}

// namespaces is the resource type of the students' Namespaces.
var namespaces = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}

// changes collects what the watches saw: which students' Namespaces
// changed since the last grading, and which students came and went. Its
// methods are safe for concurrent use; the informers' goroutines call
// them, the watcher's loop drains them.
type changes struct {
	mu       sync.Mutex
	students map[string]Student // by Namespace
	dirty    map[string]bool    // Namespaces to grade again
	removed  map[string]bool    // Namespaces gone from the class
	kick     chan struct{}      // has a value when something changed
}

func newChanges(students []Student) *changes {
	c := &changes{students: map[string]Student{}, dirty: map[string]bool{}, removed: map[string]bool{}, kick: make(chan struct{}, 1)}
	for _, s := range students {
		c.students[s.Namespace] = s
	}
	return c
}

// notify wakes the watcher's loop.
func (c *changes) notify() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// touched marks the students that work in namespace ("" for a change
// to a cluster-scoped object: every student). A lesson may make
// Namespaces named after the learner's, e.g. «elev-1-lek»; they belong
// to the learner.
func (c *changes) touched(namespace string) {
	c.mu.Lock()
	found := false
	for ns := range c.students {
		if namespace == "" || namespace == ns || strings.HasPrefix(namespace, ns+"-") {
			c.dirty[ns], found = true, true
		}
	}
	c.mu.Unlock()
	if found {
		c.notify()
	}
}

// all marks every student.
func (c *changes) all() {
	c.touched("")
}

// joined adds a student whose Namespace appeared.
func (c *changes) joined(s Student) {
	c.mu.Lock()
	if _, ok := c.students[s.Namespace]; ok {
		c.mu.Unlock()
		return
	}
	c.students[s.Namespace] = s
	c.dirty[s.Namespace] = true
	delete(c.removed, s.Namespace)
	c.mu.Unlock()
	c.notify()
}

// left drops a student whose Namespace is gone or going.
func (c *changes) left(namespace string) {
	c.mu.Lock()
	if _, ok := c.students[namespace]; !ok {
		c.mu.Unlock()
		return
	}
	delete(c.students, namespace)
	delete(c.dirty, namespace)
	c.removed[namespace] = true
	c.mu.Unlock()
	c.notify()
}

// take returns and clears what changed: the students to grade again, the
// Namespaces that left, and the class as it is now, sorted by Namespace.
func (c *changes) take() (dirty []Student, removed []string, roster []Student) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ns := range c.dirty {
		dirty = append(dirty, c.students[ns])
	}
	for ns := range c.removed {
		removed = append(removed, ns)
	}
	for _, s := range c.students {
		roster = append(roster, s)
	}
	clear(c.dirty)
	clear(c.removed)
	byNamespace := func(a, b Student) int { return strings.Compare(a.Namespace, b.Namespace) }
	slices.SortFunc(dirty, byNamespace)
	slices.SortFunc(roster, byNamespace)
	slices.Sort(removed)
	return dirty, removed, roster
}

// watches are the running watches, one per resource type, with metadata
// only: the watcher needs to know where something changed, not what.
type watches struct {
	client  metadata.Interface
	changes *changes
	// forget drops a type's objects in a Namespace ("" for all) from the
	// grading's snapshot.
	forget func(gvr schema.GroupVersionResource, namespace string)

	cancel    map[schema.GroupVersionResource]context.CancelFunc
	unwatched map[schema.GroupVersionResource]bool
	// count counts the watches' own requests (LISTs, WATCHes).
	count *countingTransport
}

func newWatches(cfg *rest.Config, ch *changes, forget func(schema.GroupVersionResource, string)) (*watches, error) {
	count := &countingTransport{}
	cfg = rest.CopyConfig(cfg)
	cfg.QPS, cfg.Burst = watchQPS, watchBurst
	cfg.Wrap(count.wrap)
	client, err := metadata.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	return &watches{client: client, changes: ch, forget: forget, count: count,
		cancel: map[schema.GroupVersionResource]context.CancelFunc{}, unwatched: map[schema.GroupVersionResource]bool{}}, nil
}

// add starts watching the types not watched yet and waits until each has
// listed what exists. It reports the types it started: their changes
// before the watch began are unknown, so the caller forgets them.
func (w *watches) add(ctx context.Context, types []schema.GroupVersionResource) []schema.GroupVersionResource {
	type started struct {
		gvr    schema.GroupVersionResource
		synced cache.InformerSynced
		wait   context.Context
		giveUp context.CancelFunc
	}
	deadline := time.Now().Add(syncTimeout)
	var fresh []started
	for _, gvr := range types {
		if w.cancel[gvr] != nil || w.unwatched[gvr] {
			continue
		}
		informer := metadatainformer.NewFilteredMetadataInformer(w.client, gvr, metav1.NamespaceAll, 0, cache.Indexers{}, nil).Informer()
		_, _ = informer.AddEventHandler(cache.ResourceEventHandlerDetailedFuncs{
			AddFunc: func(obj any, initial bool) {
				if !initial {
					w.changed(gvr, obj)
				}
			},
			UpdateFunc: func(_, obj any) { w.changed(gvr, obj) },
			DeleteFunc: func(obj any) { w.changed(gvr, obj) },
		})
		wait, giveUp := context.WithDeadline(ctx, deadline)
		// The reflector retries errors; one that will not go away
		// (refused, no such type, not watchable) gives the type up at
		// once instead of at the deadline. Nothing goes to the terminal.
		_ = informer.SetWatchErrorHandlerWithContext(func(_ context.Context, _ *cache.Reflector, err error) {
			if apierrors.IsForbidden(err) || apierrors.IsNotFound(err) || apierrors.IsMethodNotSupported(err) {
				giveUp()
			}
		})
		runCtx, cancel := context.WithCancel(ctx)
		w.cancel[gvr] = cancel
		go informer.RunWithContext(runCtx)
		fresh = append(fresh, started{gvr, informer.HasSynced, wait, giveUp})
	}
	var out []schema.GroupVersionResource
	for _, s := range fresh {
		ok := cache.WaitForCacheSync(s.wait.Done(), s.synced)
		s.giveUp()
		if !ok {
			w.cancel[s.gvr]()
			delete(w.cancel, s.gvr)
			w.unwatched[s.gvr] = ctx.Err() == nil
			continue
		}
		out = append(out, s.gvr)
	}
	return out
}

// changed forgets the snapshot's objects of a type in the Namespace
// where obj changed, then marks the students there: in that order, so
// that a grading that starts after the mark reads afresh.
func (w *watches) changed(gvr schema.GroupVersionResource, obj any) {
	if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tomb.Obj
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return
	}
	if gvr == namespaces {
		// A Namespace is cluster-scoped; it belongs to the student it
		// is named after.
		w.forget(gvr, "")
		if m.GetName() != "" {
			w.changes.touched(m.GetName())
		}
		return
	}
	ns := m.GetNamespace()
	w.forget(gvr, ns)
	w.changes.touched(ns)
}

// unwatchedTypes lists the types that could not be watched.
func (w *watches) unwatchedTypes() []string {
	var out []string
	for gvr, bad := range w.unwatched {
		if bad {
			out = append(out, qualifiedGVR(gvr))
		}
	}
	slices.Sort(out)
	return out
}

// stop ends every watch.
func (w *watches) stop() {
	for _, cancel := range w.cancel {
		cancel()
	}
}

// followRoster watches the Namespaces that select students (glob and
// selector as for FromNamespaces): a new one adds a student, one that is
// deleted or being deleted drops its student.
func (w *watches) followRoster(ctx context.Context, glob, selector string) bool {
	informer := metadatainformer.NewFilteredMetadataInformer(w.client, namespaces, metav1.NamespaceAll, 0, cache.Indexers{},
		func(o *metav1.ListOptions) { o.LabelSelector = selector }).Informer()
	matches := func(obj any) (metav1.Object, bool) {
		if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = tomb.Obj
		}
		m, err := meta.Accessor(obj)
		if err != nil {
			return nil, false
		}
		ok, _ := path.Match(glob, m.GetName())
		return m, glob == "" || ok
	}
	seen := func(obj any) {
		m, ok := matches(obj)
		switch {
		case !ok:
		case m.GetDeletionTimestamp() != nil:
			w.changes.left(m.GetName())
		default:
			name := m.GetAnnotations()[StudentNameAnnotation]
			if name == "" {
				name = m.GetName()
			}
			w.changes.joined(Student{Name: name, Namespace: m.GetName()})
		}
	}
	_, _ = informer.AddEventHandler(cache.ResourceEventHandlerDetailedFuncs{
		AddFunc:    func(obj any, _ bool) { seen(obj) },
		UpdateFunc: func(_, obj any) { seen(obj) },
		DeleteFunc: func(obj any) {
			if m, ok := matches(obj); ok {
				w.changes.left(m.GetName())
			}
		},
	})
	_ = informer.SetWatchErrorHandlerWithContext(func(context.Context, *cache.Reflector, error) {})
	runCtx, cancel := context.WithCancel(ctx)
	w.cancel[schema.GroupVersionResource{Resource: "roster"}] = cancel
	go informer.RunWithContext(runCtx)
	waitCtx, stop := context.WithTimeout(ctx, syncTimeout)
	defer stop()
	return cache.WaitForCacheSync(waitCtx.Done(), informer.HasSynced)
}

// qualifiedGVR is "deployments.apps", as the API server names a type.
func qualifiedGVR(gvr schema.GroupVersionResource) string {
	if gvr.Group == "" {
		return gvr.Resource
	}
	return gvr.Resource + "." + gvr.Group
}
