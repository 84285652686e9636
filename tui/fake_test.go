package tui

import (
	"context"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/internal/capability"
	"github.com/kubekurs/kubekurs/lessons"
)

// fakeCluster is a Cluster with fixed answers and a Changes channel the
// test controls.
type fakeCluster struct {
	mu          sync.Mutex
	info        ClusterInfo
	objects     []Object
	results     map[string][]checks.Result // by "lessonID/step title"
	evaluations []string
	changes     chan Change
	changesCtx  context.Context // what Changes was given
	shell       ShellCmd
	shellErr    error
	// resetPlan is what PlanReset answers (with the lesson filled in), or
	// resetErr; resets records the plans Reset was given.
	resetPlan ResetPlan
	resetErr  error
	resets    []string
	// block, if set, makes Evaluate wait until it is closed.
	block chan struct{}
}

func newFakeCluster() *fakeCluster {
	return &fakeCluster{
		info: ClusterInfo{
			Name: "kind-kubekurs", Kind: "kind", Server: "https://127.0.0.1:6443",
			Version: "v1.36.3", Namespace: "kurs", NodesReady: 1, Nodes: 1, Connected: true,
			Missing: map[string]string{
				string(capability.RunningContainers): "kind-clusteret kjører ikke ekte containere her. Bruk øvingsclusteret: `kubekurs lab up`.",
				string(capability.Metrics):           "metrics-server er ikke installert. Installer den med `kubekurs lab addon metrics`.",
			},
		},
		objects: []Object{
			{Kind: "Pod", Name: "web", Status: "Running 1/1", Healthy: true},
			{Kind: "Pod", Name: "feil", Status: "ImagePullBackOff 0/1", Healthy: false},
			{Kind: "Service", Name: "web", Status: "ClusterIP 10.96.0.12", Healthy: true},
		},
		results: map[string][]checks.Result{},
		changes: make(chan Change, 8),
	}
}

func (f *fakeCluster) Info(context.Context) ClusterInfo {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.info
}

func (f *fakeCluster) setResults(lessonID, stepTitle string, rs ...checks.Result) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.results[lessonID+"/"+stepTitle] = rs
}

func (f *fakeCluster) Evaluate(ctx context.Context, l *lessons.Lesson, s *lessons.Step) []checks.Result {
	f.mu.Lock()
	k := l.ID + "/" + s.Title
	f.evaluations = append(f.evaluations, k)
	rs, ok := f.results[k]
	block := f.block
	f.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
		}
	}
	if !ok {
		return []checks.Result{{Criterion: "Poden «web» finnes", Status: checks.Failed,
			Expected: "finnes", Found: "finnes ikke", Hint: "Lag Poden med `kubectl run`."}}
	}
	return rs
}

func (f *fakeCluster) evaluated() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.evaluations...)
}

func (f *fakeCluster) Objects(context.Context) ([]Object, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Object(nil), f.objects...), nil
}

func (f *fakeCluster) Changes(ctx context.Context) <-chan Change {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.changesCtx = ctx
	return f.changes
}

// subscribed returns the context Changes was given, or nil before.
func (f *fakeCluster) subscribed() context.Context {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.changesCtx
}

func (f *fakeCluster) ShellCommand() (ShellCmd, error) { return f.shell, f.shellErr }

func (f *fakeCluster) PlanReset(_ context.Context, l *lessons.Lesson) (ResetPlan, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	plan := f.resetPlan
	plan.LessonID, plan.Handle = l.ID, "plan-"+l.ID
	return plan, f.resetErr
}

func (f *fakeCluster) Reset(_ context.Context, plan ResetPlan) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resets = append(f.resets, plan.Handle.(string))
	return nil
}

func (f *fakeCluster) resetCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.resets...)
}

// fakeProgress records what the TUI saves.
type fakeProgress struct {
	mu        sync.Mutex
	state     State
	stepsDone []stepDoneCall
	quizzes   []string
	positions []string
	reset     []string
	// attempts, hints and solutions record AttemptFailed, HintsShown and
	// SolutionShown as "lesson/step" (with ": n" for hints).
	attempts  []string
	hints     []string
	solutions []string
}

func (p *fakeProgress) AttemptFailed(lessonID string, step int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.attempts = append(p.attempts, lessonID+"/"+itoa(step))
	return nil
}

func (p *fakeProgress) HintsShown(lessonID string, step, n int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hints = append(p.hints, lessonID+"/"+itoa(step)+": "+itoa(n))
	return nil
}

func (p *fakeProgress) SolutionShown(lessonID string, step int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.solutions = append(p.solutions, lessonID+"/"+itoa(step))
	return nil
}

// recorded returns a copy of one of the recorded lists.
func (p *fakeProgress) recorded(list *[]string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), *list...)
}

func (p *fakeProgress) ResetLesson(lessonID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reset = append(p.reset, lessonID)
	return nil
}

type stepDoneCall struct {
	lessonID     string
	step         int
	withSolution bool
}

func (p *fakeProgress) Load() (State, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state, nil
}

func (p *fakeProgress) StepDone(lessonID string, step int, withSolution bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stepsDone = append(p.stepsDone, stepDoneCall{lessonID, step, withSolution})
	return nil
}

func (p *fakeProgress) QuizAnswered(lessonID string, step int, answer string, correct bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	mark := "feil"
	if correct {
		mark = "riktig"
	}
	p.quizzes = append(p.quizzes, lessonID+"/"+itoa(step)+": "+answer+" ("+mark+")")
	return nil
}

func (p *fakeProgress) SetPosition(lessonID string, step int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.positions = append(p.positions, lessonID+"/"+itoa(step))
	return nil
}

func (p *fakeProgress) done() []stepDoneCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]stepDoneCall(nil), p.stepsDone...)
}

func (p *fakeProgress) quizAnswers() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.quizzes...)
}

func itoa(i int) string {
	return strconv.Itoa(i)
}

// testCourse loads the small course in testdata/course.
func testCourse(tb testing.TB) *lessons.Course {
	tb.Helper()
	c, err := lessons.Load(os.DirFS("testdata/course"), "testdata/course", lessons.Vars{Namespace: "kurs"})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// realCourse loads the course shipped in the binary.
func realCourse(tb testing.TB) *lessons.Course {
	tb.Helper()
	c, err := lessons.Load(lessons.Embedded(), "lessons/course", lessons.Vars{Namespace: "kurs"})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// waitTimeout bounds how long a test waits for a command.
const waitTimeout = 5 * time.Second
