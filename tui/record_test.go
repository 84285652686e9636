package tui

import (
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/kubekurs/kubekurs/checks"
)

// failedOther fails another criterion than failed does.
var failedOther = checks.Result{Criterion: "Poden «web» har riktig image", Status: checks.Failed, Expected: "nginx:1.27", Found: "nginx:1.25"}

// TestAttemptsCounted: a failed verdict the learner sees is an attempt
// when asked for with s or when other criteria fail than before; hidden
// verdicts, repeats, miljøfeil and verdicts after the step is done are
// not.
func TestAttemptsCounted(t *testing.T) {
	m, _, fp := setup(t)
	m = openStep(t, m, 0, 0)
	changed := func(m model) model {
		m, _ = update(m, clusterChangedMsg{change: Change{Connected: true, At: time.Now()}})
		return m
	}
	steps := []struct {
		name    string
		act     func(model) model
		results []checks.Result
		want    int
	}{
		{"the first run, still waiting", func(m model) model { return m }, []checks.Result{passed, failed}, 0},
		{"a change shows a failure", changed, []checks.Result{passed, failed}, 1},
		{"the same failure after another change", changed, []checks.Result{passed, failed}, 1},
		{"the same failure, asked for with s", func(m model) model { m, _ = update(m, keyPress("s")); return m }, []checks.Result{passed, failed}, 2},
		{"miljøfeil only", changed, []checks.Result{passed, envErr}, 2},
		{"another criterion fails", changed, []checks.Result{failedOther, passed}, 3},
		{"passed", changed, []checks.Result{passed, passed}, 3},
		{"a failure after the step is done", func(m model) model { m, _ = update(m, keyPress("s")); return m }, []checks.Result{passed, failed}, 3},
	}
	for _, st := range steps {
		m = st.act(m)
		var cmd tea.Cmd
		m, cmd = finish(m, st.results...)
		runAll(cmd, 30*time.Millisecond)
		if got := fp.recorded(&fp.attempts); len(got) != st.want {
			t.Fatalf("%s: attempts %v, want %d", st.name, got, st.want)
		}
	}
	if got := fp.recorded(&fp.attempts); got[0] != "T01/1" {
		t.Errorf("attempts recorded for %v", got)
	}
}

// TestAttemptsNotCountedForDoneStep: a step done in an earlier session
// gets no attempts.
func TestAttemptsNotCountedForDoneStep(t *testing.T) {
	m, _, fp := setup(t)
	m, _ = update(m, progressLoadedMsg{state: State{Done: map[string][]int{"T01": {1}}}})
	m = openStep(t, m, 0, 0)
	m, _ = update(m, keyPress("s"))
	_, cmd := finish(m, failed)
	runAll(cmd, 30*time.Millisecond)
	if got := fp.recorded(&fp.attempts); len(got) != 0 {
		t.Errorf("attempts %v for a done step", got)
	}
}

// TestHintsAndSolutionRecorded: each hint opened and the solution, once
// the learner says yes, are recorded for the step.
func TestHintsAndSolutionRecorded(t *testing.T) {
	m, _, fp := setup(t)
	m = openStep(t, m, 0, 0)
	for _, k := range []string{"h", "h", "h", "l", "n", "l", "j"} {
		var cmd tea.Cmd
		m, cmd = update(m, keyPress(k))
		runAll(cmd, 20*time.Millisecond) // in order, as the learner pressed them
	}
	if got, want := fp.recorded(&fp.hints), []string{"T01/1: 1", "T01/1: 2"}; !slices.Equal(got, want) {
		t.Errorf("hints %v, want %v (the third h finds no more)", got, want)
	}
	if got, want := fp.recorded(&fp.solutions), []string{"T01/1"}; !slices.Equal(got, want) {
		t.Errorf("solutions %v, want %v (n declines the first question)", got, want)
	}
}
