package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/kubekurs/kubekurs/checks"
)

// assertWaiting fails unless the view lists criterion as waiting (under
// the spinner while checks run) and shows no verdict.
func assertWaiting(t *testing.T, m model, criterion string) {
	t.Helper()
	v := view(m)
	head := checksWaiting
	if m.checks.running {
		head = checksRunning
	}
	if !strings.Contains(v, head) || !strings.Contains(v, symbolWaiting+" "+criterion) {
		t.Errorf("criterion %q not waiting:\n%s", criterion, v)
	}
	for _, no := range append(notVerdicts, checks.EnvError.String(), checks.Forbidden.String(), labelDetail+":", stepDone) {
		if strings.Contains(v, no) {
			t.Errorf("the waiting step shows %q:\n%s", no, v)
		}
	}
}

// TestFreshStepWaits: whatever the step's first run finds (short of
// passing), its criteria wait without verdicts.
func TestFreshStepWaits(t *testing.T) {
	for _, r := range []checks.Result{failed, envErr, noRight} {
		t.Run(r.Status.String(), func(t *testing.T) {
			m, _, _ := setup(t)
			m = openStep(t, m, 0, 0)
			m, _ = finish(m, r)
			assertWaiting(t, m, r.Criterion)
		})
	}
}

// TestCheckNowShowsVerdicts: s ends the waiting with its own run's
// results; the spinner shows until they come.
func TestCheckNowShowsVerdicts(t *testing.T) {
	m, _, _ := setup(t)
	m = openStep(t, m, 0, 0)
	m, _ = finish(m, failed)
	m, _ = update(m, keyPress("s"))
	if !m.checks.running {
		t.Fatal("s did not run the checks")
	}
	v := view(m)
	if !strings.Contains(v, checksRunning) || strings.Contains(v, symbolFailed) {
		t.Errorf("verdicts before the run finished:\n%s", v)
	}
	m, _ = finish(m, failed)
	v = view(m)
	for _, w := range []string{symbolFailed + " Poden «web» er klar — ikke bestått", "hint: Se på hendelsene", "0 av 1 kriterier oppfylt"} {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q:\n%s", w, v)
		}
	}
	if strings.Contains(v, checksWaiting) {
		t.Errorf("still waiting:\n%s", v)
	}
}

// TestChangeShowsVerdicts: the first change in the Namespace ends the
// waiting, with the results of the run it starts; a run that started
// before the change does not.
func TestChangeShowsVerdicts(t *testing.T) {
	m, _, _ := setup(t)
	m = openStep(t, m, 0, 0) // the step's first run is going
	m, _ = update(m, clusterChangedMsg{change: Change{Connected: true, At: time.Now()}})
	m, _ = finish(m, failed) // the first run, started before the change
	assertWaiting(t, m, failed.Criterion)
	if !m.checks.running {
		t.Fatal("the change did not run the checks again")
	}
	m, _ = finish(m, failed)
	if v := view(m); !strings.Contains(v, "ikke bestått") || strings.Contains(v, checksWaiting) {
		t.Errorf("no verdicts after a change:\n%s", v)
	}
}

// TestReconnectKeepsWaiting: the connection going and coming back is no
// change by the learner.
func TestReconnectKeepsWaiting(t *testing.T) {
	m, _, _ := setup(t)
	m = openStep(t, m, 0, 0)
	m, _ = finish(m, failed)
	m, _ = update(m, clusterChangedMsg{change: Change{Connected: false}})
	m, _ = update(m, clusterChangedMsg{change: Change{Connected: true}})
	m, _ = finish(m, failed)
	assertWaiting(t, m, failed.Criterion)
}

// TestPassedStepShowsVerdicts: a step whose checks already pass when it
// is opened (done before, or done ahead) shows ✓ and «Steg fullført» at
// once, as before there was a waiting state.
func TestPassedStepShowsVerdicts(t *testing.T) {
	m, _, _ := setup(t)
	m = openStep(t, m, 0, 0)
	m, _ = finish(m, passed)
	v := view(m)
	for _, w := range []string{symbolPassed + " Poden «web» er klar", stepDone} {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q:\n%s", w, v)
		}
	}
	if strings.Contains(v, checksWaiting) {
		t.Errorf("a passed step waits:\n%s", v)
	}
}

// TestEveryStepWaits: each step opened waits for the learner again.
func TestEveryStepWaits(t *testing.T) {
	m, _, _ := setup(t)
	m = openStep(t, m, 0, 0)
	m, _ = finish(m, failed)
	m, _ = update(m, keyPress("s"))
	m, _ = finish(m, failed)
	if strings.Contains(view(m), checksWaiting) {
		t.Fatal("still waiting after s")
	}
	for _, k := range []string{"n", "p"} {
		m, _ = update(m, keyPress(k))
		m, _ = finish(m, failed)
		assertWaiting(t, m, failed.Criterion)
	}
}

// TestChecksWaitForTheCluster: before the cluster is described the
// checks cannot run; the step waits, and says how to check.
func TestChecksWaitForTheCluster(t *testing.T) {
	fc := newFakeCluster()
	t.Cleanup(func() { close(fc.changes) })
	m, _ := update(New(Options{Course: testCourse(t), Cluster: fc, Progress: &fakeProgress{}, NoColor: true, StartLesson: "T01"}),
		tea.WindowSizeMsg{Width: 120, Height: 40})
	v := view(m)
	if m.checks.running || !strings.Contains(v, checksWaiting) || !strings.Contains(v, "Sjekkene kjører av seg selv") {
		t.Errorf("running %v:\n%s", m.checks.running, v)
	}
}

// TestQuitStopsChanges: quitting ends the change notifications, and a
// closed Changes channel reports nothing.
func TestQuitStopsChanges(t *testing.T) {
	m, fc, _ := setup(t)
	msg := subscribeChanges(fc, m.changesSub)()
	m, _ = update(m, msg)
	if err := fc.subscribed().Err(); err != nil {
		t.Fatalf("subscription ended early: %v", err)
	}
	_, cmd := update(m, keyPress("q"))
	if !isQuit(cmd) {
		t.Fatal("q did not quit")
	}
	if fc.subscribed().Err() == nil {
		t.Error("quitting did not end the change notifications")
	}
	// A subscription made after the stop ends at once.
	subscribeChanges(fc, m.changesSub)()
	if fc.subscribed().Err() == nil {
		t.Error("a subscription after the stop did not end")
	}
	closed := make(chan Change)
	close(closed)
	if got := waitForChange(closed)(); got != nil {
		t.Errorf("closed channel reported %#v", got)
	}
}
