package checks

import (
	"context"
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// defaultCallTimeout is the deadline of one API call when
// Target.CallTimeout is zero.
const defaultCallTimeout = 5 * time.Second

// Target is the cluster and namespace a check runs against. It is safe
// for concurrent use by many checks.
type Target struct {
	// Client is a typed clientset.
	Client kubernetes.Interface
	// Dynamic reads kinds the typed client does not know.
	Dynamic dynamic.Interface
	// Mapper resolves kinds to resources. NewTarget gives one that asks
	// discovery once and again after Reset (meta.ResettableRESTMapper),
	// which checks call when a kind is unknown, so that CRDs installed
	// later are found. restmapper.NewDeferredDiscoveryRESTMapper works
	// too, but logs discovery failures to stderr.
	Mapper meta.RESTMapper
	// Namespace is the learner's namespace, the default for checks that
	// name none.
	Namespace string
	// CallTimeout is the deadline of each API call; 0 means 5s.
	CallTimeout time.Duration
	// Reads, when set, answers GETs that were made before (see
	// ReadCache); only for a view of the cluster that does not change.
	Reads *ReadCache
}

// NewTarget builds the clients and a cached discovery RESTMapper for cfg.
// A config without a rate limit (QPS 0) gets 50 requests per second with
// bursts of 100, since a step runs its checks concurrently and retries
// them while resources settle; a config without a timeout gets one for
// its discovery requests, which take no context; and API warnings are
// dropped unless cfg has a handler, since nothing may write to the
// terminal behind the TUI's back.
func NewTarget(cfg *rest.Config, namespace string) (*Target, error) {
	cfg = rest.CopyConfig(cfg)
	if cfg.QPS == 0 && cfg.RateLimiter == nil {
		cfg.QPS, cfg.Burst = 50, 100
	}
	if cfg.WarningHandler == nil && cfg.WarningHandlerWithContext == nil {
		cfg.WarningHandler = rest.NoWarnings{} // the TUI owns the terminal
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("checks: create client: %w", err)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("checks: create dynamic client: %w", err)
	}
	dcfg := rest.CopyConfig(cfg)
	if dcfg.Timeout == 0 {
		dcfg.Timeout = 2 * defaultCallTimeout
	}
	disco, err := discovery.NewDiscoveryClientForConfig(dcfg)
	if err != nil {
		return nil, fmt.Errorf("checks: create discovery client: %w", err)
	}
	return &Target{Client: client, Dynamic: dyn, Mapper: &discoveryMapper{disco: disco}, Namespace: namespace}, nil
}

// callTimeout is the deadline for one API call.
func (t *Target) callTimeout() time.Duration {
	if t.CallTimeout > 0 {
		return t.CallTimeout
	}
	return defaultCallTimeout
}

// withDeadline runs f, which takes no context (discovery and RESTMapper
// calls), and gives up when ctx ends or the call deadline passes. f keeps
// running in the background until its own HTTP timeout; its result is
// then dropped.
func withDeadline[T any](ctx context.Context, d time.Duration, f func() (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	type answer struct {
		v   T
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		v, err := f()
		ch <- answer{v, err}
	}()
	select {
	case a := <-ch:
		return a.v, a.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
