package tui

import (
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/kubekurs/kubekurs/checks"
)

// setup returns a model at 120×40 with the cluster described and the
// progress loaded, as after its first commands, and its fakes.
func setup(t *testing.T, opts ...func(*Options)) (model, *fakeCluster, *fakeProgress) {
	t.Helper()
	fc, fp := newFakeCluster(), &fakeProgress{}
	t.Cleanup(func() { close(fc.changes) })
	o := Options{Course: testCourse(t), Cluster: fc, Progress: fp, NoColor: true}
	for _, f := range opts {
		f(&o)
	}
	m, _ := update(New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	m, _ = update(m, clusterInfoMsg{info: fc.info})
	m, _ = update(m, progressLoadedMsg{state: fp.state})
	objs, _ := fc.Objects(t.Context())
	m, _ = update(m, objectsLoadedMsg{objects: objs})
	return m, fc, fp
}

// openStep opens a step of the test course's lesson and feeds its render
// back, without running its checks.
func openStep(t *testing.T, m model, lesson, step int) model {
	t.Helper()
	m, _ = update(m, lessonChosenMsg{lesson: lesson})
	for m.lesson.ref.step < step {
		m, _ = update(m, keyPress("n"))
	}
	k := m.lesson.key()
	out, err := renderMarkdown(stepMarkdown(m.lesson.lesson(), k.ref.step, k.hints, k.solution), k.style, k.width)
	if err != nil {
		t.Fatal(err)
	}
	m, _ = update(m, renderedMsg{key: k, out: out})
	return m
}

// finish feeds results for the current check run.
func finish(m model, rs ...checks.Result) (model, tea.Cmd) {
	return update(m, checksFinishedMsg{ref: m.lesson.ref, seq: m.checks.seq, results: rs})
}

// view is the model's screen text.
func view(m model) string { return m.View().Content }

// runAll runs cmd and returns the messages its commands report within d.
func runAll(cmd tea.Cmd, d time.Duration) []tea.Msg {
	r := newCmdRunner()
	r.run(cmd)
	var out []tea.Msg
	deadline := time.After(d)
	for {
		select {
		case msg := <-r.msgs:
			out = append(out, msg)
		case <-deadline:
			return out
		}
	}
}

var (
	passed  = checks.Result{Criterion: "Poden «web» er klar", Status: checks.Passed}
	failed  = checks.Result{Criterion: "Poden «web» er klar", Status: checks.Failed, Expected: "Running", Found: "Pending", Hint: "Se på hendelsene med `kubectl describe pod web`."}
	envErr  = checks.Result{Criterion: "Poden «web» er klar", Status: checks.EnvError, Detail: "tidsavbrudd mot API-serveren"}
	noRight = checks.Result{Criterion: "Poden «web» er klar", Status: checks.Forbidden, Detail: "get pods i Namespace «kurs» er ikke tillatt"}
)

func TestChecksAllPassed(t *testing.T) {
	m, _, fp := setup(t)
	m = openStep(t, m, 0, 0)
	m, cmd := finish(m, passed, passed)
	if v := view(m); !strings.Contains(v, stepDone) || strings.Contains(v, stepDoneWithSolution) {
		t.Errorf("view lacks «%s»:\n%s", stepDone, v)
	}
	runAll(cmd, 100*time.Millisecond)
	want := []stepDoneCall{{"T01", 1, false}}
	if got := fp.done(); !slices.Equal(got, want) {
		t.Errorf("StepDone calls = %v, want %v", got, want)
	}
	// Passing again records nothing new.
	m, _ = update(m, keyPress("s"))
	_, cmd = finish(m, passed, passed)
	runAll(cmd, 50*time.Millisecond)
	if got := fp.done(); len(got) != 1 {
		t.Errorf("StepDone calls = %v, want one", got)
	}
}

func TestChecksWithSolution(t *testing.T) {
	m, _, fp := setup(t)
	m = openStep(t, m, 0, 0)
	m, _ = update(m, keyPress("l"))
	m, _ = update(m, keyPress("j"))
	m, cmd := finish(m, passed)
	if !strings.Contains(view(m), stepDoneWithSolution) {
		t.Errorf("view lacks «%s»", stepDoneWithSolution)
	}
	runAll(cmd, 100*time.Millisecond)
	if got, want := fp.done(), []stepDoneCall{{"T01", 1, true}}; !slices.Equal(got, want) {
		t.Errorf("StepDone calls = %v, want %v", got, want)
	}
}

func TestCheckVerdicts(t *testing.T) {
	tests := []struct {
		name   string
		result checks.Result
		want   []string
	}{
		{"failed", failed, []string{symbolFailed, "ikke bestått", "forventet: Running · fant: Pending", "hint: Se på hendelsene"}},
		{"env error", envErr, []string{symbolEnvError, "miljøfeil", "detalj: tidsavbrudd", "ikke din feil"}},
		{"forbidden", noRight, []string{symbolForbidden, "mangler tilgang", "detalj: get pods", "rettigheter"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _, fp := setup(t)
			m = openStep(t, m, 0, 0)
			m, cmd := finish(m, passed, tt.result)
			v := view(m)
			for _, w := range tt.want {
				if !strings.Contains(v, w) {
					t.Errorf("view lacks %q:\n%s", w, v)
				}
			}
			if strings.Contains(v, stepDone) || strings.Contains(v, "hint: Se på") && tt.result.Status != checks.Failed {
				t.Errorf("view shows what it should not:\n%s", v)
			}
			runAll(cmd, 50*time.Millisecond)
			if got := fp.done(); len(got) != 0 {
				t.Errorf("StepDone called: %v", got)
			}
		})
	}
}

func TestChangeRechecks(t *testing.T) {
	m, fc, _ := setup(t)
	m = openStep(t, m, 0, 0)
	m, _ = finish(m, failed)
	before := len(fc.evaluated())
	m, cmd := update(m, clusterChangedMsg{change: Change{Connected: true, At: time.Now()}})
	if !m.checks.running {
		t.Error("checks not running after a change")
	}
	msgs := runAll(cmd, 200*time.Millisecond)
	if got := len(fc.evaluated()); got != before+1 {
		t.Errorf("evaluations = %d, want %d", got, before+1)
	}
	var sawChecks, sawObjects bool
	for _, msg := range msgs {
		switch msg.(type) {
		case checksFinishedMsg:
			sawChecks = true
		case objectsLoadedMsg:
			sawObjects = true
		}
	}
	if !sawChecks || !sawObjects {
		t.Errorf("after a change: checks %v, objects %v", sawChecks, sawObjects)
	}
	// A change while checks run asks for one more run when they finish.
	m, cmd = update(m, clusterChangedMsg{change: Change{Connected: true}})
	if cmd == nil || !m.checks.rerun {
		t.Error("no rerun asked for while checks run")
	}
	m, cmd = finish(m, failed)
	if !m.checks.running || cmd == nil {
		t.Error("rerun did not start")
	}
}

func TestChangeDisconnected(t *testing.T) {
	m, _, _ := setup(t)
	m, cmd := update(m, clusterChangedMsg{change: Change{Connected: false}})
	if !strings.Contains(view(m), statusDisconnected) {
		t.Errorf("view lacks %q", statusDisconnected)
	}
	if cmd == nil {
		t.Error("no command after a change")
	}
}

func TestStaleResultsIgnored(t *testing.T) {
	m, _, fp := setup(t)
	m = openStep(t, m, 0, 0)
	old := checksFinishedMsg{ref: m.lesson.ref, seq: m.checks.seq, results: []checks.Result{passed}}
	m, _ = update(m, keyPress("n"))
	m, cmd := update(m, old)
	runAll(cmd, 50*time.Millisecond)
	if strings.Contains(view(m), stepDone) || len(fp.done()) != 0 {
		t.Error("results of the previous step were taken")
	}
}

func TestResize(t *testing.T) {
	m, _, _ := setup(t)
	m = openStep(t, m, 0, 0)
	for _, size := range [][2]int{{59, 40}, {120, 15}, {30, 8}} {
		m, _ = update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v := view(m)
		if !strings.Contains(strings.Join(strings.Fields(v), " "), "Terminalvinduet er for lite") {
			t.Errorf("%v: no size message:\n%s", size, v)
		}
		assertFrame(t, v, size[0], size[1])
	}
	m, cmd := update(m, tea.WindowSizeMsg{Width: 70, Height: 24})
	if strings.Contains(view(m), "for lite") {
		t.Error("size message after growing")
	}
	if cmd == nil {
		t.Error("no render at the new width")
	}
	assertFrame(t, view(m), 70, 24)
}

// assertFrame checks that v is exactly w×h.
func assertFrame(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lineWidth(l) != w {
			t.Errorf("line %d is %d wide, want %d: %q", i+1, lineWidth(l), w, l)
		}
	}
}

func TestSkippedStep(t *testing.T) {
	m, fc, fp := setup(t)
	m = openStep(t, m, 1, 0)
	if m.checks.running {
		t.Error("checks run for a skipped step")
	}
	v := view(m)
	for _, w := range []string{checks.Skipped.String(), "running-containers", "kubekurs lab up", "Du kan gå videre"} {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q:\n%s", w, v)
		}
	}
	m, _ = update(m, clusterChangedMsg{change: Change{Connected: true}})
	if m.checks.running || len(fc.evaluated()) != 0 || len(fp.done()) != 0 {
		t.Error("a change checked a skipped step")
	}
	m, _ = update(m, keyPress("n"))
	if m.lesson.ref.step != 1 || len(m.checks.skipped) != 0 {
		t.Error("could not move on from a skipped step")
	}
}

func TestObserveOnlyQuiz(t *testing.T) {
	m, _, fp := setup(t)
	m = openStep(t, m, 0, 1)
	m, cmd := finish(m, passed)
	runAll(cmd, 50*time.Millisecond)
	if v := view(m); strings.Contains(v, stepDone) || !strings.Contains(v, quizNeeded) {
		t.Errorf("observe-only step done before its quiz:\n%s", v)
	}
	m, _ = update(m, keyPress("tab"))
	m, _ = update(m, keyPress("down"))
	m, cmd = update(m, keyPress("enter"))
	answered, ok := cmd().(quizAnsweredMsg)
	if !ok || answered.answer != "apps" || answered.correct {
		t.Fatalf("answer = %#v", answered)
	}
	m, cmd = update(m, answered)
	runAll(cmd, 100*time.Millisecond)
	v := view(m)
	for _, w := range []string{"Ikke riktig. Riktig svar er «core».", stepDone} {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q:\n%s", w, v)
		}
	}
	if got, want := fp.quizAnswers(), []string{"T01/2: apps (feil)"}; !slices.Equal(got, want) {
		t.Errorf("quiz answers = %v, want %v", got, want)
	}
	if got, want := fp.done(), []stepDoneCall{{"T01", 2, false}}; !slices.Equal(got, want) {
		t.Errorf("StepDone calls = %v, want %v", got, want)
	}
}

func TestReflection(t *testing.T) {
	m, _, fp := setup(t)
	m = openStep(t, m, 1, 1)
	m, _ = update(m, keyPress("tab"))
	for _, k := range []string{"q", "?", "n"} { // typed, not keys
		m, _ = update(m, keyPress(k))
	}
	if m.screen != screenLesson || m.lesson.ref.step != 1 || m.checks.quiz.input.Value() != "q?n" {
		t.Fatalf("typing was taken as keys: value %q", m.checks.quiz.input.Value())
	}
	m, cmd := update(m, keyPress("enter"))
	m, cmd = update(m, cmd())
	runAll(cmd, 100*time.Millisecond)
	if !strings.Contains(view(m), quizSaved) {
		t.Errorf("view lacks %q", quizSaved)
	}
	if got, want := fp.quizAnswers(), []string{"T02/2: q?n (riktig)"}; !slices.Equal(got, want) {
		t.Errorf("quiz answers = %v, want %v", got, want)
	}
}

func TestShell(t *testing.T) {
	m, fc, _ := setup(t)
	m = openStep(t, m, 0, 0)
	m, _ = finish(m, failed)
	cleaned := make(chan struct{})
	fc.shell = ShellCmd{Path: "/bin/sh", Args: []string{"sh"}, Cleanup: func() { close(cleaned) }}
	m, cmd := update(m, keyPress("t"))
	prepared, ok := cmd().(shellPreparedMsg)
	if !ok || prepared.err != nil {
		t.Fatalf("shell not prepared: %#v", prepared)
	}
	m, cmd = update(m, prepared)
	if cmd == nil {
		t.Fatal("no exec command")
	}
	before := len(fc.evaluated())
	exitErr := exec.Command("/bin/sh", "-c", "exit 3").Run() // the learner's last exit status
	m, cmd = update(m, shellExitedMsg{cleanup: fc.shell.Cleanup, err: exitErr})
	runAll(cmd, 100*time.Millisecond)
	select {
	case <-cleaned:
	default:
		t.Error("Cleanup not called")
	}
	if len(fc.evaluated()) != before+1 {
		t.Error("no re-check after the shell")
	}
	if !strings.Contains(view(m), shellReturned) {
		t.Errorf("view lacks %q", shellReturned)
	}

	fc.shellErr = errors.New("ingen kubeconfig")
	_, cmd = update(m, keyPress("t"))
	m, _ = update(m, cmd())
	if !strings.Contains(view(m), "Klarte ikke å starte skallet: ingen kubeconfig") {
		t.Errorf("no shell error:\n%s", view(m))
	}
}

func TestBackgroundColor(t *testing.T) {
	m, _, _ := setup(t, func(o *Options) { o.NoColor = false })
	if !m.styles.Dark || m.styles.Glamour != "dark" {
		t.Fatalf("default styles: dark %v, glamour %q", m.styles.Dark, m.styles.Glamour)
	}
	m = openStep(t, m, 0, 0)
	m, cmd := update(m, tea.BackgroundColorMsg{Color: whiteColor{}})
	if m.styles.Dark || m.styles.Glamour != "light" || m.lesson.key().style != "light" {
		t.Errorf("after a light background: dark %v, glamour %q", m.styles.Dark, m.styles.Glamour)
	}
	if cmd == nil {
		t.Error("no re-render in the light style")
	}
}

// whiteColor is a light terminal background.
type whiteColor struct{}

func (whiteColor) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

func TestStartLesson(t *testing.T) {
	m, _, _ := setup(t, func(o *Options) { o.StartLesson = "T02" })
	if m.screen != screenLesson || m.lesson.ref.lesson != 1 {
		t.Errorf("screen %d, lesson %d", m.screen, m.lesson.ref.lesson)
	}
	m, _, _ = setup(t, func(o *Options) { o.StartLesson = "T99" })
	if m.screen != screenStart || !strings.Contains(view(m), "Fant ingen leksjon med id «T99».") {
		t.Errorf("unknown lesson: screen %d\n%s", m.screen, view(m))
	}
}

func TestResume(t *testing.T) {
	fp := &fakeProgress{state: State{Done: map[string][]int{"T01": {1, 2}}, LessonID: "T01", Step: 3}}
	m, _, _ := setup(t, func(o *Options) { o.Progress = fp })
	m, _ = update(m, progressLoadedMsg{state: fp.state})
	if v := view(m); !strings.Contains(v, "påbegynt") || !strings.Contains(v, "2 av 3 steg") {
		t.Errorf("start screen lacks the progress:\n%s", v)
	}
	m, _ = update(m, lessonChosenMsg{lesson: 0})
	if m.lesson.ref.step != 2 {
		t.Errorf("opened step %d, want the saved 3rd", m.lesson.ref.step+1)
	}
}

func TestMouseWheelScrolls(t *testing.T) {
	m, _, _ := setup(t)
	m, _ = update(m, tea.WindowSizeMsg{Width: 80, Height: 16})
	m = openStep(t, m, 0, 0)
	if m.lesson.vp.TotalLineCount() <= m.lesson.vp.Height() {
		t.Skip("the step fits; nothing to scroll")
	}
	m, _ = update(m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.lesson.vp.YOffset() == 0 {
		t.Error("wheel did not scroll")
	}
}
