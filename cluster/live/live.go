// Package live is the course's live view of the learner's cluster: what
// the cluster is and can do, the step's checks run against it, the
// objects in the learner's Namespace for the cluster panel, a debounced
// stream of changes and of the connection state, lesson resets, and the
// course shell. Cluster implements the TUI's Cluster interface without
// importing the TUI: the TUI's data types are aliases of the ones here.
// It works the same for every sort of cluster (lab, kind, kubeconfig).
package live

import (
	"github.com/kubekurs/kubekurs/cluster/view"

	"context"
	"fmt"
	"sync"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/shell"
	"github.com/kubekurs/kubekurs/lessons"
)

// Limits of the live connection's API calls.
const (
	// clientTimeout bounds every request of the Cluster's client.
	clientTimeout = 10 * time.Second
	// infoTimeout bounds detecting what the cluster can do.
	infoTimeout = 5 * time.Second
	// objectsTimeout bounds listing the panel's objects.
	objectsTimeout = 5 * time.Second
)

// Cluster is the learner's cluster as the course sees it: informers on
// the learner's Namespace for changes, the check engine for verdicts, a
// health loop for the connection state. Its methods may be called from
// any goroutine.
type Cluster struct {
	config     *rest.Config
	client     kubernetes.Interface
	target     *checks.Target
	registry   *checks.Registry
	namespace  string
	name       string // the kubeconfig context's name
	why        string // why the course uses this cluster, in Norwegian
	kind       cluster.Kind
	kubeconfig []byte // the kubeconfig the course shell gets a copy of

	mu      sync.Mutex
	cleaner *cluster.Cleaner // made on first use

	kubectlOnce sync.Once
	kubectl     shell.Kubectl // which kubectl the course shell gets
}

// New returns the live view of the cluster t names. It only makes
// clients; nothing is asked of the API server until a method is called.
func New(t *cluster.Target) (*Cluster, error) {
	cfg := rest.CopyConfig(t.Config)
	cfg.Timeout = clientTimeout
	if cfg.QPS == 0 && cfg.RateLimiter == nil {
		cfg.QPS, cfg.Burst = 50, 100 // a preflight makes 13 requests at once
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("create client: %w", err)
	}
	target, err := checks.NewTarget(t.Config, t.Namespace)
	if err != nil {
		return nil, fmt.Errorf("create check target: %w", err)
	}
	return &Cluster{
		config: t.Config, client: client, target: target, registry: checks.NewRegistry(),
		namespace: t.Namespace, name: t.Context, why: t.Why, kind: t.Kind, kubeconfig: t.Kubeconfig,
	}, nil
}

// Info describes the cluster for the start screen and status bar. The
// TUI calls it at start and whenever the connection comes back, so
// capabilities are detected anew after every reconnect (the cluster may
// have changed meanwhile).
func (c *Cluster) Info(ctx context.Context) view.ClusterInfo {
	info := view.ClusterInfo{Name: c.name, Kind: string(c.kind), Server: c.config.Host, Namespace: c.namespace, Reason: c.why, Missing: map[string]string{}}
	ctx, cancel := context.WithTimeout(ctx, infoTimeout)
	defer cancel()
	report, err := cluster.Detect(ctx, c.client, c.namespace)
	if err != nil {
		return info // not connected
	}
	info.Connected, info.Version = true, report.Version
	info.Nodes, info.NodesReady = report.Nodes, report.NodesReady
	if report.Findings[cluster.RunningContainers].Forbidden {
		info.Nodes = -1 // not allowed to list them
	}
	for _, c := range cluster.AllCapabilities() {
		if report.Findings[c].State == cluster.Absent {
			info.Missing[string(c)] = cluster.Explain(c)
		}
	}
	if denied := cluster.ExplainDenied(report.Denied, c.namespace); denied != "" {
		info.Warnings = append(info.Warnings, denied)
	}
	return info
}

// Evaluate runs a step's checks once and returns one result per check.
// When every check passes, the cluster-scoped objects the lesson makes are
// labelled as the course's (Cleaner.Claim), so that a reset may remove
// them later.
func (c *Cluster) Evaluate(ctx context.Context, lesson *lessons.Lesson, step *lessons.Step) []checks.Result {
	compiled, err := lessons.CompileChecks(step, c.registry.CompileList)
	if err != nil {
		return []checks.Result{{Criterion: "Sjekkene i steget", Status: checks.EnvError, Detail: "Leksjonen har en ugyldig sjekk: " + err.Error()}}
	}
	results := checks.Evaluate(ctx, c.target, compiled, checks.EvalOptions{})
	if lesson != nil && checks.AllPassed(results) {
		c.claim(ctx, lesson)
	}
	return results
}

// PlanReset lists what resetting lesson would delete from the cluster,
// and what it would keep (with the reason), without changing anything.
func (c *Cluster) PlanReset(ctx context.Context, lesson *lessons.Lesson) (view.ResetPlan, error) {
	cleaner, err := c.getCleaner()
	if err != nil {
		return view.ResetPlan{}, err
	}
	doomed, kept, err := cleaner.Plan(ctx, LessonObjects(lesson))
	if err != nil {
		return view.ResetPlan{}, err
	}
	plan := view.ResetPlan{LessonID: lesson.ID, Handle: doomed}
	for _, o := range doomed {
		plan.Delete = append(plan.Delete, o.String())
	}
	for _, o := range kept {
		plan.Keep = append(plan.Keep, o.String()+": "+o.Kept)
	}
	return plan, nil
}

// Reset deletes what plan lists for deletion and waits, up to
// cluster.ResetTimeout, until it is gone.
func (c *Cluster) Reset(ctx context.Context, plan view.ResetPlan) error {
	cleaner, err := c.getCleaner()
	if err != nil {
		return err
	}
	doomed, _ := plan.Handle.([]cluster.Found)
	return cleaner.Delete(ctx, doomed, cluster.ResetTimeout)
}

// getCleaner makes the cleaner on first use (it asks discovery).
func (c *Cluster) getCleaner() (*cluster.Cleaner, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cleaner == nil {
		cleaner, err := cluster.NewCleaner(c.config, c.namespace)
		if err != nil {
			return nil, err
		}
		c.cleaner = cleaner
	}
	return c.cleaner, nil
}

// claim labels the lesson's cluster-scoped objects; failing to is not the
// learner's problem, so it is silent (reset then keeps those objects and
// says why).
func (c *Cluster) claim(ctx context.Context, lesson *lessons.Lesson) {
	refs := LessonObjects(lesson)
	if !hasClusterScoped(refs) {
		return
	}
	if cleaner, err := c.getCleaner(); err == nil {
		_ = cleaner.Claim(ctx, refs, lesson.ID)
	}
}

// LessonObjects is what the lessons say they make (their `creates`), as
// the cluster's Cleaner names them.
func LessonObjects(ls ...*lessons.Lesson) []cluster.ObjectRef {
	var refs []cluster.ObjectRef
	for _, l := range ls {
		for _, o := range l.Creates {
			refs = append(refs, cluster.ObjectRef{APIVersion: o.APIVersion, Kind: o.Kind, Namespace: o.Namespace, Name: o.Name})
		}
	}
	return refs
}

// hasClusterScoped reports whether any of refs may be cluster-scoped: a
// known cluster-scoped kind, or a kind the course does not know (a CRD's,
// which the cleaner looks up).
func hasClusterScoped(refs []cluster.ObjectRef) bool {
	for _, r := range refs {
		if known, clusterScoped := lessons.KnownKind(r.Kind); clusterScoped || !known {
			return true
		}
	}
	return false
}
