package live

import (
	"github.com/kubekurs/kubekurs/cluster/view"

	"context"
	"slices"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"

	"github.com/kubekurs/kubekurs/cluster"
)

// Timing of the live connection to the cluster.
const (
	// changeDebounce gathers a burst of watch events (an apply creates a
	// Deployment, a ReplicaSet and Pods) into one re-check.
	changeDebounce = 200 * time.Millisecond
	// healthInterval is how often the connection is probed; with
	// healthTimeout it bounds how late "frakoblet" shows (< 2 s).
	healthInterval = time.Second
	healthTimeout  = 800 * time.Millisecond
	// informerResync is how often the informers replay their caches.
	informerResync = 10 * time.Minute
	// reviewTimeout bounds asking which resources the learner may watch.
	reviewTimeout = 5 * time.Second
)

// Changes delivers a value whenever something in the learner's Namespace
// changed (informers, debounced by changeDebounce), and whenever the
// connection state changed (a health loop). It is closed when ctx ends.
func (c *Cluster) Changes(ctx context.Context) <-chan view.Change {
	events := make(chan struct{}, 1)
	poke := func() {
		select {
		case events <- struct{}{}:
		default:
		}
	}
	factory := informers.NewSharedInformerFactoryWithOptions(c.client, informerResync, informers.WithNamespace(c.namespace))
	handler := changeHandler(poke)
	// A classroom role may not watch everything; an informer that may not
	// list would only retry and fail, forever.
	for _, gvr := range c.watchable(ctx, watchedResources()) {
		if inf, err := factory.ForResource(gvr); err == nil {
			_, _ = inf.Informer().AddEventHandler(handler)
		}
	}
	factory.Start(ctx.Done())
	health := watchHealth(ctx, c.healthy, healthInterval)
	return debounce(ctx, events, health, changeDebounce, factory.Shutdown)
}

// changeHandler calls poke for what the learner (or a controller) changed,
// and not for what only the informers did: the objects of the first list
// are not changes (every Namespace has a kube-root-ca.crt ConfigMap, so
// reporting them would end a fresh step's waiting state at once), and
// neither is a periodic resync, which delivers an unchanged object as an
// update.
func changeHandler(poke func()) cache.ResourceEventHandler {
	return cache.ResourceEventHandlerDetailedFuncs{
		AddFunc: func(_ any, initial bool) {
			if !initial {
				poke()
			}
		},
		UpdateFunc: func(oldObj, newObj any) {
			if resourceVersion(oldObj) != resourceVersion(newObj) || resourceVersion(newObj) == "" {
				poke()
			}
		},
		DeleteFunc: func(any) { poke() },
	}
}

// resourceVersion is obj's resourceVersion, or "" when obj has no object
// metadata.
func resourceVersion(obj any) string {
	if m, err := meta.Accessor(obj); err == nil {
		return m.GetResourceVersion()
	}
	return ""
}

// debounce turns events and connection states into Changes: the first
// event of a burst starts a wait of quiet, and one Change goes out when
// it ends; a new connection state goes out at once. The channel closes,
// after done has run, when ctx ends.
func debounce(ctx context.Context, events <-chan struct{}, health <-chan bool, quiet time.Duration, done func()) <-chan view.Change {
	out := make(chan view.Change, 1)
	go func() {
		defer close(out)
		defer done()
		connected := true
		var wait <-chan time.Time
		send := func() {
			select {
			case out <- view.Change{Connected: connected, At: time.Now()}:
			case <-ctx.Done():
			}
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-events:
				if wait == nil {
					wait = time.After(quiet)
				}
			case <-wait:
				wait = nil
				send()
			case now, ok := <-health:
				if !ok {
					health = nil // the health loop ended with ctx
					continue
				}
				connected = now
				send()
			}
		}
	}()
	return out
}

// watchedResources are the kinds in the learner's Namespace whose changes
// re-run the checks.
func watchedResources() []schema.GroupVersionResource {
	return []schema.GroupVersionResource{
		{Version: "v1", Resource: "pods"},
		{Version: "v1", Resource: "services"},
		{Version: "v1", Resource: "configmaps"},
		{Version: "v1", Resource: "secrets"},
		{Group: "apps", Version: "v1", Resource: "deployments"},
		{Group: "apps", Version: "v1", Resource: "replicasets"},
		{Group: "discovery.k8s.io", Version: "v1", Resource: "endpointslices"},
		{Group: "networking.k8s.io", Version: "v1", Resource: "ingresses"},
	}
}

// watchable is the part of resources the learner may list and watch in
// their Namespace, asked in one go (cluster.Denied). A resource whose
// review fails counts as watchable: better a retrying informer than a
// silent panel.
func (c *Cluster) watchable(ctx context.Context, resources []schema.GroupVersionResource) []schema.GroupVersionResource {
	ctx, cancel := context.WithTimeout(ctx, reviewTimeout)
	defer cancel()
	var perms []cluster.Permission
	for _, r := range resources {
		for _, verb := range []string{"list", "watch"} {
			perms = append(perms, cluster.Permission{Verb: verb, Group: r.Group, Resource: r.Resource})
		}
	}
	denied := cluster.Denied(ctx, c.client, c.namespace, perms)
	var out []schema.GroupVersionResource
	for _, r := range resources {
		if !slices.ContainsFunc(denied, func(p cluster.Permission) bool { return p.Group == r.Group && p.Resource == r.Resource }) {
			out = append(out, r)
		}
	}
	return out
}

// watchHealth calls probe every interval and sends each change of its
// answer, starting from healthy; the channel closes when ctx ends. With
// probe bounded by healthTimeout, a lost connection is reported within
// interval+healthTimeout.
func watchHealth(ctx context.Context, probe func(context.Context) bool, interval time.Duration) <-chan bool {
	out := make(chan bool)
	go func() {
		defer close(out)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		state := true
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if now := probe(ctx); now != state {
				state = now
				select {
				case out <- now:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}

// healthy probes the API server's /readyz within healthTimeout.
func (c *Cluster) healthy(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	_, err := c.client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
	return err == nil
}
