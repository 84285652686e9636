package packtest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/lessons"
)

// Kubectl runs one kubectl command line (args without "kubectl") with
// stdin, as the learner would: against the cluster and Namespace of the
// kubeconfig file, with home as $HOME, so that kubectl's cache stays in
// the run's own directory. It returns kubectl's combined output.
type Kubectl func(ctx context.Context, kubeconfig, home, stdin string, args []string) ([]byte, error)

// Options say what to test, where, and how to report.
type Options struct {
	// Pack is the course directory: FS holds course.yaml at Dir.
	Pack fs.FS
	// Dir names the course in messages and is its path in Pack.
	Dir string
	// Lesson, when set, tests only the lesson with this id.
	Lesson string
	// Step, when set (1-based), tests only this step of Lesson; the steps
	// before it are prepared with their solutions, unchecked.
	Step int
	// Target is the cluster; its Kubeconfig is copied, with the run's
	// Namespace, for kubectl.
	Target *cluster.Target
	// Kubectl runs the pack's commands.
	Kubectl Kubectl
	// WrongSettle is how long the cluster gets to act on a wrong attempt
	// before it is judged; 0 means DefaultWrongSettle.
	WrongSettle time.Duration
	// Parallel is how many wrong attempts of a lesson run at once; 0
	// means DefaultParallel. Lessons on nodes or fixed node ports run
	// theirs one at a time.
	Parallel int
	// Progress, when set, is called with each result as it is ready, in
	// course order, from one goroutine at a time.
	Progress func(Result)
}

// DefaultWrongSettle is how long a wrong attempt settles before it is
// judged: long enough for a Pod to fail to pull its image.
const DefaultWrongSettle = 3 * time.Second

// Status is how a step or a wrong attempt went.
type Status string

// The statuses, as JSON writes them.
const (
	// Passed: the step failed before and passed after its solution, or
	// the wrong attempt was caught as the block says.
	Passed Status = "passed"
	// Failed: it did not.
	Failed Status = "failed"
	// Skipped: the cluster lacks a capability, or an earlier step failed.
	Skipped Status = "skipped"
)

// Result is one step, or one wrong attempt of a step.
type Result struct {
	// Lesson is the lesson's id.
	Lesson string `json:"lesson"`
	// Step is the step's number, 1-based.
	Step int `json:"step"`
	// Title is the step's title.
	Title string `json:"title"`
	// Wrong names the wrong attempt; empty for the step itself.
	Wrong string `json:"wrong,omitempty"`
	// File and Line place the step (or the ```wrong block) in the pack.
	File string `json:"file"`
	// Line is the step's heading line, or the ```wrong block's fence.
	Line int `json:"line"`
	// Status is how it went.
	Status Status `json:"status"`
	// Problem says in Norwegian what went wrong, or why it was skipped.
	Problem string `json:"problem,omitempty"`
	// Failing lists the criteria that did not pass when they should have.
	Failing []string `json:"failing,omitempty"`
	// Duration is how long it took.
	Duration time.Duration `json:"-"`
	// Millis is Duration in milliseconds, for JSON.
	Millis int64 `json:"ms"`
}

// Report is a whole run.
type Report struct {
	// Course names the pack.
	Course string `json:"course"`
	// Cluster describes the cluster, in Norwegian.
	Cluster string `json:"cluster"`
	// Results are the steps and wrong attempts, in course order.
	Results []Result `json:"results"`
	// Passed, Failed and Skipped count the results.
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
	// Duration is the whole run's time.
	Duration time.Duration `json:"-"`
	// Millis is Duration in milliseconds, for JSON.
	Millis int64 `json:"ms"`
}

// OK reports whether nothing failed.
func (r *Report) OK() bool { return r.Failed == 0 }

// ErrNotFound is what errors.Is finds in the error Run returns when
// Options name a lesson or step the pack does not have; that error's
// message says which, in Norwegian.
var ErrNotFound = errors.New("not found")

// notFound is a lesson or step the pack lacks, in Norwegian.
type notFound string

func (e notFound) Error() string { return string(e) }

// Is makes notFound an ErrNotFound.
func (notFound) Is(target error) bool { return target == ErrNotFound }

// run is one call of Run.
type run struct {
	opts     Options
	client   kubernetes.Interface
	caps     *cluster.Report
	registry *checks.Registry
	report   *Report
	mu       sync.Mutex // guards deleted
	deleted  []string   // the run's Namespaces being deleted, for lessons that drain nodes
	home     string     // the run's directory: kubeconfigs, kubectl's cache
}

// Run tests the pack as Options say. The pack must be valid
// (lessons.Validate); an error means the run could not go on (the
// cluster, not the pack): the report holds what was done until then.
func Run(ctx context.Context, opts Options) (*Report, error) {
	start := time.Now()
	if opts.WrongSettle <= 0 {
		opts.WrongSettle = DefaultWrongSettle
	}
	t := opts.Target
	client, err := kubernetes.NewForConfig(t.Config)
	if err != nil {
		return nil, fmt.Errorf("packtest: client: %w", err)
	}
	r := &run{opts: opts, client: client, registry: checks.NewRegistry(), report: &Report{Course: opts.Dir, Cluster: t.Description}}
	defer func() {
		r.report.Duration = time.Since(start)
		r.report.Millis = r.report.Duration.Milliseconds()
	}()
	lessonList, err := r.lessons()
	if err != nil {
		return r.report, err
	}
	if r.caps, err = cluster.Detect(ctx, client, ""); err != nil {
		return r.report, fmt.Errorf(msgUnreachable, err)
	}
	if r.home, err = newHome(); err != nil {
		return r.report, err
	}
	defer removeHome(r.home)
	for _, id := range lessonList {
		if err := r.lesson(ctx, id); err != nil {
			return r.report, err
		}
	}
	return r.report, nil
}

// lessons are the ids of the lessons to test, checked against the pack.
func (r *run) lessons() ([]string, error) {
	course, err := lessons.Load(r.opts.Pack, r.opts.Dir, lessons.Vars{Namespace: "elev-test"})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, l := range course.Lessons {
		if r.opts.Lesson == "" || l.ID == r.opts.Lesson {
			ids = append(ids, l.ID)
			if r.opts.Step > len(l.Steps) {
				return nil, notFound(fmt.Sprintf(msgNoStep, l.ID, r.opts.Step, len(l.Steps)))
			}
		}
	}
	if len(ids) == 0 {
		return nil, notFound(fmt.Sprintf(msgNoLesson, r.opts.Lesson))
	}
	return ids, nil
}

// add records a result and reports it.
func (r *run) add(res Result) {
	res.Millis = res.Duration.Milliseconds()
	r.report.Results = append(r.report.Results, res)
	switch res.Status {
	case Passed:
		r.report.Passed++
	case Failed:
		r.report.Failed++
	case Skipped:
		r.report.Skipped++
	}
	if r.opts.Progress != nil {
		r.opts.Progress(res)
	}
}

// skipReason says in Norwegian why the cluster cannot do step, or "".
func (r *run) skipReason(l *lessons.Lesson, step *lessons.Step) string {
	need := append(slices.Clone(l.Requires), step.Options.Requires...)
	if missing := r.caps.Missing(need); len(missing) > 0 {
		return cluster.Explain(missing[0])
	}
	return ""
}

// needsNodes reports whether a lesson works on nodes (cordon, drain).
func needsNodes(l *lessons.Lesson) bool {
	if slices.Contains(l.Requires, string(cluster.MultipleNodes)) {
		return true
	}
	for _, s := range l.Steps {
		if slices.Contains(s.Options.Requires, string(cluster.MultipleNodes)) {
			return true
		}
	}
	return false
}

// settleOf is the step's settle time.
func settleOf(step *lessons.Step) time.Duration {
	if step.Options.Settle > 0 {
		return step.Options.Settle
	}
	return lessons.DefaultSettle
}
