package tui

import (
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
			// The step's first run leaves its criteria waiting; the
			// verdicts come with the run the learner asks for with s.
			m, _ = finish(m, passed, tt.result)
			m, _ = update(m, keyPress("s"))
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
