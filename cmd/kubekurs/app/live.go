package app

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/lessons"
	"github.com/kubekurs/kubekurs/tui"
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
)

// liveCluster implements tui.Cluster over client-go: informers on the
// learner's Namespace for changes, the check engine for verdicts, and a
// health loop for the connection state.
type liveCluster struct {
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
	kubectl     kubectlChoice // which kubectl the course shell gets
}

func newLiveCluster(t *cluster.Target) (*liveCluster, error) {
	cfg := rest.CopyConfig(t.Config)
	cfg.Timeout = 10 * time.Second
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
	return &liveCluster{
		config: t.Config, client: client, target: target, registry: checks.NewRegistry(),
		namespace: t.Namespace, name: t.Context, why: t.Why, kind: t.Kind, kubeconfig: t.Kubeconfig,
	}, nil
}

// Info implements tui.Cluster. The TUI calls it at start and whenever the
// connection comes back, so capabilities are detected anew after every
// reconnect (the cluster may have changed meanwhile).
func (c *liveCluster) Info(ctx context.Context) tui.ClusterInfo {
	info := tui.ClusterInfo{Name: c.name, Kind: string(c.kind), Server: c.config.Host, Namespace: c.namespace, Reason: c.why, Missing: map[string]string{}}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
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
	for _, name := range lessons.KnownCapabilities() {
		if report.Missing([]string{name}) != nil {
			info.Missing[name] = cluster.Explain(cluster.Capability(name))
		}
	}
	if denied := cluster.ExplainDenied(report.Denied, c.namespace); denied != "" {
		info.Warnings = append(info.Warnings, denied)
	}
	return info
}

// Evaluate implements tui.Cluster. When every check passes, the
// cluster-scoped objects the lesson makes are labelled as the course's
// (Cleaner.Claim), so that `kubekurs reset` may remove them later.
func (c *liveCluster) Evaluate(ctx context.Context, lesson *lessons.Lesson, step *lessons.Step) []checks.Result {
	compiled, err := compileStep(c.registry, step)
	if err != nil {
		return []checks.Result{{Criterion: "Sjekkene i steget", Status: checks.EnvError, Detail: "Leksjonen har en ugyldig sjekk: " + err.Error()}}
	}
	results := checks.Evaluate(ctx, c.target, compiled, checks.EvalOptions{})
	if lesson != nil && checks.AllPassed(results) {
		c.claim(ctx, lesson)
	}
	return results
}

// PlanReset implements tui.Cluster.
func (c *liveCluster) PlanReset(ctx context.Context, lesson *lessons.Lesson) (tui.ResetPlan, error) {
	cleaner, err := c.getCleaner()
	if err != nil {
		return tui.ResetPlan{}, err
	}
	doomed, kept, err := planLessonReset(ctx, cleaner, []*lessons.Lesson{lesson})
	if err != nil {
		return tui.ResetPlan{}, err
	}
	plan := tui.ResetPlan{LessonID: lesson.ID, Handle: doomed}
	for _, o := range doomed {
		plan.Delete = append(plan.Delete, o.String())
	}
	for _, o := range kept {
		plan.Keep = append(plan.Keep, o.String()+": "+o.Kept)
	}
	return plan, nil
}

// Reset implements tui.Cluster.
func (c *liveCluster) Reset(ctx context.Context, plan tui.ResetPlan) error {
	cleaner, err := c.getCleaner()
	if err != nil {
		return err
	}
	doomed, _ := plan.Handle.([]cluster.Found)
	return cleaner.Delete(ctx, doomed, resetTimeout)
}

// getCleaner makes the cleaner on first use (it asks discovery).
func (c *liveCluster) getCleaner() (*cluster.Cleaner, error) {
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
func (c *liveCluster) claim(ctx context.Context, lesson *lessons.Lesson) {
	refs := lessonObjects(lesson)
	if !hasClusterScoped(refs) {
		return
	}
	if cleaner, err := c.getCleaner(); err == nil {
		_ = cleaner.Claim(ctx, refs, lesson.ID)
	}
}

// Objects implements tui.Cluster: Deployments, Pods, Services and
// ConfigMaps in the learner's Namespace. A kind the learner may not list
// (a classroom role) is left out rather than failing the panel.
func (c *liveCluster) Objects(ctx context.Context) ([]tui.Object, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var rows []tui.Object
	skip := func(err error) bool { return apierrors.IsForbidden(err) }
	deployments, err := c.client.AppsV1().Deployments(c.namespace).List(ctx, metav1.ListOptions{})
	if err != nil && !skip(err) {
		return nil, fmt.Errorf("list deployments: %w", err)
	}
	if err == nil {
		for i := range deployments.Items {
			rows = append(rows, deploymentRow(&deployments.Items[i]))
		}
	}
	pods, err := c.client.CoreV1().Pods(c.namespace).List(ctx, metav1.ListOptions{})
	if err != nil && !skip(err) {
		return nil, fmt.Errorf("list pods: %w", err)
	}
	if err == nil {
		for i := range pods.Items {
			rows = append(rows, podRow(&pods.Items[i]))
		}
	}
	services, err := c.client.CoreV1().Services(c.namespace).List(ctx, metav1.ListOptions{})
	if err != nil && !skip(err) {
		return nil, fmt.Errorf("list services: %w", err)
	}
	if err == nil {
		for _, s := range services.Items {
			rows = append(rows, tui.Object{Kind: "Service", Name: s.Name, Status: string(s.Spec.Type) + " " + s.Spec.ClusterIP, Healthy: true})
		}
	}
	configMaps, err := c.client.CoreV1().ConfigMaps(c.namespace).List(ctx, metav1.ListOptions{})
	if err != nil && !skip(err) {
		return nil, fmt.Errorf("list configmaps: %w", err)
	}
	if err == nil {
		for _, cm := range configMaps.Items {
			if cm.Name == "kube-root-ca.crt" {
				continue
			}
			rows = append(rows, tui.Object{Kind: "ConfigMap", Name: cm.Name, Status: fmt.Sprintf("%d nøkler", len(cm.Data)+len(cm.BinaryData)), Healthy: true})
		}
	}
	order := map[string]int{"Deployment": 0, "Pod": 1, "Service": 2, "ConfigMap": 3}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Kind != rows[j].Kind {
			return order[rows[i].Kind] < order[rows[j].Kind]
		}
		return rows[i].Name < rows[j].Name
	})
	return rows, nil
}

// deploymentRow renders a Deployment as a panel row: ready of desired.
func deploymentRow(d *appsv1.Deployment) tui.Object {
	want := int32(1)
	if d.Spec.Replicas != nil {
		want = *d.Spec.Replicas
	}
	return tui.Object{
		Kind: "Deployment", Name: d.Name,
		Status:  fmt.Sprintf("%d/%d klare", d.Status.ReadyReplicas, want),
		Healthy: d.Status.ReadyReplicas == want,
	}
}

// podRow renders a Pod as a panel row: its phase, or the reason a
// container waits (ImagePullBackOff), and ready containers.
func podRow(p *corev1.Pod) tui.Object {
	status := string(p.Status.Phase)
	ready := 0
	for _, cs := range p.Status.ContainerStatuses {
		if cs.Ready {
			ready++
		}
		if cs.State.Waiting != nil && cs.State.Waiting.Reason != "" {
			status = cs.State.Waiting.Reason
		}
	}
	if p.DeletionTimestamp != nil {
		status = "Terminating"
	}
	total := len(p.Spec.Containers)
	return tui.Object{
		Kind: "Pod", Name: p.Name,
		Status:  fmt.Sprintf("%s %d/%d", status, ready, total),
		Healthy: p.Status.Phase == corev1.PodRunning && ready == total && p.DeletionTimestamp == nil,
	}
}

// Changes implements tui.Cluster: informers on the learner's Namespace
// signal changes, debounced; a health loop signals connection changes.
func (c *liveCluster) Changes(ctx context.Context) <-chan tui.Change {
	out := make(chan tui.Change, 1)
	raw := make(chan struct{}, 1)
	poke := func() {
		select {
		case raw <- struct{}{}:
		default:
		}
	}
	factory := informers.NewSharedInformerFactoryWithOptions(c.client, 10*time.Minute, informers.WithNamespace(c.namespace))
	handler := cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { poke() },
		UpdateFunc: func(any, any) { poke() },
		DeleteFunc: func(any) { poke() },
	}
	// A classroom role may not watch everything; an informer that may not
	// list would only retry and fail, forever.
	for _, gvr := range c.watchable(ctx, watchedResources()) {
		if inf, err := factory.ForResource(gvr); err == nil {
			_, _ = inf.Informer().AddEventHandler(handler)
		}
	}
	factory.Start(ctx.Done())

	health := watchHealth(ctx, c.healthy, healthInterval)
	go func() {
		defer close(out)
		defer factory.Shutdown()
		connected := true
		var debounce <-chan time.Time
		send := func() {
			select {
			case out <- tui.Change{Connected: connected, At: time.Now()}:
			case <-ctx.Done():
			}
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-raw:
				if debounce == nil {
					debounce = time.After(changeDebounce)
				}
			case <-debounce:
				debounce = nil
				send()
			case now := <-health:
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
	}
}

// watchable is the part of resources the learner may list and watch in
// their Namespace, asked in one go (cluster.Denied). A resource whose
// review fails counts as watchable: better a retrying informer than a
// silent panel.
func (c *liveCluster) watchable(ctx context.Context, resources []schema.GroupVersionResource) []schema.GroupVersionResource {
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
func (c *liveCluster) healthy(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	_, err := c.client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
	return err == nil
}
