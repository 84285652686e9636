package tui

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/kubekurs/kubekurs/checks"
)

// Golden frames: the whole screen the model shows, driven through a real
// tea.Program by teatest. Refresh with `go test ./tui/ -run Golden -update`.
//
// The renderer writes only what changed between frames, so the tests
// compare the final model's View, not the byte stream.

// probeMsg asks the probe for the current screen.
type probeMsg struct{}

// probe records the screen from inside the program's loop, where reading
// the model is safe.
type probe struct {
	mu   sync.Mutex
	view string
}

func (p *probe) filter(m tea.Model, msg tea.Msg) tea.Msg {
	if _, ok := msg.(probeMsg); ok {
		p.mu.Lock()
		p.view = m.View().Content
		p.mu.Unlock()
	}
	return msg
}

func (p *probe) current() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.view
}

// session is a program under test with its fakes.
type session struct {
	tm    *teatest.TestModel
	probe *probe
	fc    *fakeCluster
	fp    *fakeProgress
}

// startSession runs the TUI on the test course at w×h without colors.
func startSession(t *testing.T, w, h int, configure func(*session, *Options)) *session {
	t.Helper()
	s := &session{probe: &probe{}, fc: newFakeCluster(), fp: &fakeProgress{}}
	t.Cleanup(func() { close(s.fc.changes) })
	opts := Options{Course: testCourse(t), Cluster: s.fc, Progress: s.fp, NoColor: true}
	if configure != nil {
		configure(s, &opts)
	}
	s.tm = teatest.NewTestModel(t, New(opts),
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(
			tea.WithFilter(s.probe.filter),
			tea.WithColorProfile(colorprofile.Ascii),
		))
	return s
}

// waitFor waits until the screen, without styles, contains every one of
// want.
func (s *session) waitFor(t *testing.T, want ...string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for time.Now().Before(deadline) {
		s.tm.Send(probeMsg{})
		time.Sleep(10 * time.Millisecond)
		v := ansi.Strip(s.probe.current())
		ok := v != ""
		for _, w := range want {
			ok = ok && strings.Contains(v, w)
		}
		if ok {
			return
		}
	}
	t.Fatalf("screen never showed %q; last:\n%s", want, s.probe.current())
}

// keys types keys one by one, waiting for each to be handled.
func (s *session) keys(keys ...string) {
	for _, k := range keys {
		s.tm.Send(keyPress(k))
	}
}

// checkNow waits until the step's criteria wait for the learner (and the
// screen shows every one of want), then presses s: the verdicts follow.
func (s *session) checkNow(t *testing.T, want ...string) {
	t.Helper()
	s.waitFor(t, append(want, checksWaiting)...)
	s.keys("s")
}

// finish quits and compares the final screen with the golden file.
func (s *session) finish(t *testing.T) {
	t.Helper()
	if err := s.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := s.tm.FinalModel(t, teatest.WithFinalTimeout(waitTimeout))
	golden.RequireEqual(t, fm.View().Content)
}

func TestGoldenStartScreen(t *testing.T) {
	s := startSession(t, 100, 30, nil)
	s.waitFor(t, "kind-kubekurs (kind-cluster)", "tilkoblet")
	s.keys("down")
	s.waitFor(t, "Steg 1 hoppes over")
	s.finish(t)
}

// TestGoldenStartScreenExplainsTheCluster: why the course chose the
// cluster, and what the learner may not do in it, are on the start screen.
func TestGoldenStartScreenExplainsTheCluster(t *testing.T) {
	s := startSession(t, 100, 30, func(s *session, _ *Options) {
		s.fc.info.Name, s.fc.info.Kind, s.fc.info.Nodes = "kubekurs-lab", "lab", -1
		s.fc.info.Reason = "Du har ikke valgt noe cluster. Fant ikke Docker eller Podman.\nKurset bruker derfor det innebygde øvingsclusteret."
		s.fc.info.Warnings = []string{"Du har ikke clusterbrede rettigheter til list nodes, create namespaces; stegene som bruker dem, vil feile med «ingen tilgang»."}
	})
	s.waitFor(t, "Fant ikke Docker eller Podman", "list nodes, create", "tilkoblet")
	s.finish(t)
}

func TestGoldenLessonScreen(t *testing.T) {
	s := startSession(t, 120, 40, func(s *session, o *Options) {
		o.StartLesson = "T01"
		s.fp.state = State{Done: map[string][]int{"T01": {1, 2}}, LessonID: "T01", Step: 3}
		s.fc.setResults("T01", "Rydd opp", failed)
	})
	s.checkNow(t, "3. Rydd opp")
	s.waitFor(t, "3. Rydd opp", "Namespace «kurs»", "ImagePullBackOff", "ikke bestått")
	s.finish(t)
}

func TestGoldenChecksPassed(t *testing.T) {
	s := startSession(t, 120, 40, func(s *session, o *Options) {
		o.StartLesson = "T01"
		s.fc.setResults("T01", "Lag en Pod", failed)
	})
	s.checkNow(t, "Velkommen!")
	s.waitFor(t, "Velkommen!", "ikke bestått")
	// The learner fixes the Pod; the change re-runs the checks without a key.
	s.fc.setResults("T01", "Lag en Pod", passed, checks.Result{Criterion: "Imaget er nginx:1.27", Status: checks.Passed})
	s.fc.changes <- Change{Connected: true, At: time.Unix(0, 0)}
	s.waitFor(t, stepDone, "Imaget er nginx:1.27")
	s.finish(t)
	if got := s.fp.done(); len(got) != 1 || got[0] != (stepDoneCall{"T01", 1, false}) {
		t.Errorf("StepDone calls = %v", got)
	}
}

func TestGoldenChecksFailed(t *testing.T) {
	s := startSession(t, 120, 40, func(s *session, o *Options) {
		o.StartLesson = "T01"
		s.fc.setResults("T01", "Lag en Pod", passed, failed)
	})
	s.checkNow(t, "Velkommen!")
	s.waitFor(t, "Velkommen!", "ikke bestått", "1 av 2 kriterier")
	s.finish(t)
}

func TestGoldenChecksEnvError(t *testing.T) {
	s := startSession(t, 120, 40, func(s *session, o *Options) {
		o.StartLesson = "T01"
		s.fc.setResults("T01", "Lag en Pod", envErr, noRight)
	})
	s.checkNow(t, "Velkommen!")
	s.waitFor(t, "Velkommen!", "miljøfeil", "mangler tilgang")
	s.finish(t)
}

func TestGoldenHintAndSolution(t *testing.T) {
	s := startSession(t, 120, 40, func(s *session, o *Options) {
		o.StartLesson = "T01"
		s.fc.setResults("T01", "Lag en Pod", failed)
	})
	s.checkNow(t, "Velkommen!")
	s.waitFor(t, "Velkommen!", "ikke bestått")
	s.keys("h", "h")
	s.waitFor(t, "Hint 2 av 2")
	s.keys("l")
	s.waitFor(t, "Vil du se løsningen?")
	s.keys("j")
	s.waitFor(t, "### Løsning")
	s.fc.setResults("T01", "Lag en Pod", passed)
	s.keys("s")
	s.waitFor(t, stepDoneWithSolution)
	s.finish(t)
	if got := s.fp.done(); len(got) != 1 || got[0] != (stepDoneCall{"T01", 1, true}) {
		t.Errorf("StepDone calls = %v", got)
	}
}

func TestGoldenNarrow(t *testing.T) {
	s := startSession(t, 80, 30, func(s *session, o *Options) {
		o.StartLesson = "T01"
		s.fc.setResults("T01", "Lag en Pod", failed)
	})
	s.checkNow(t, "Velkommen!")
	s.waitFor(t, "Velkommen!", "ikke bestått")
	s.finish(t)
}

func TestGoldenTooSmall(t *testing.T) {
	s := startSession(t, 50, 12, func(_ *session, o *Options) { o.StartLesson = "T01" })
	s.waitFor(t, "Terminalvinduet er for lite")
	s.finish(t)
}

func TestGoldenSkippedStep(t *testing.T) {
	s := startSession(t, 100, 30, func(_ *session, o *Options) { o.StartLesson = "T02" })
	s.waitFor(t, "hoppet over", "Her ser du på loggene.")
	s.finish(t)
	if got := s.fc.evaluated(); len(got) != 0 {
		t.Errorf("a skipped step was evaluated: %v", got)
	}
}

func TestGoldenQuiz(t *testing.T) {
	s := startSession(t, 100, 30, func(s *session, o *Options) {
		o.StartLesson = "T01"
		s.fc.setResults("T01", "Se på Poden", passed)
	})
	s.waitFor(t, "Velkommen!")
	s.keys("n")
	s.waitFor(t, quizNeeded)
	s.keys("tab")
	s.waitFor(t, quizChoose)
	s.keys("enter")
	s.waitFor(t, quizRight, stepDone)
	s.finish(t)
}

// TestGoldenColor pins the dark styles; the other frames have no colors.
func TestGoldenColor(t *testing.T) {
	s := startSession(t, 120, 30, func(s *session, o *Options) {
		o.StartLesson = "T01"
		o.NoColor = false
		s.fc.setResults("T01", "Lag en Pod", passed, failed, envErr)
	})
	s.checkNow(t, "Velkommen!")
	s.waitFor(t, "Velkommen!", "miljøfeil")
	s.finish(t)
}

// TestShellSession runs a real (trivial) shell through tea.ExecProcess.
func TestShellSession(t *testing.T) {
	cleaned := make(chan struct{})
	s := startSession(t, 100, 30, func(s *session, o *Options) {
		o.StartLesson = "T01"
		s.fc.shell = ShellCmd{Path: "true", Args: []string{"true"}, Cleanup: func() { close(cleaned) }}
	})
	s.checkNow(t, "Velkommen!")
	s.waitFor(t, "Velkommen!", "ikke bestått")
	before := len(s.fc.evaluated())
	s.keys("t")
	s.waitFor(t, shellReturned)
	select {
	case <-cleaned:
	case <-time.After(waitTimeout):
		t.Fatal("Cleanup not called")
	}
	s.waitFor(t, "ikke bestått")
	if err := s.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	s.tm.WaitFinished(t, teatest.WithFinalTimeout(waitTimeout))
	if got := len(s.fc.evaluated()); got <= before {
		t.Errorf("no re-check after the shell: %d evaluations, %d before", got, before)
	}
}

// TestGoldenResetLesson: x on the start screen shows what a reset would
// delete and keep, j deletes it and forgets the lesson's progress.
func TestGoldenResetLesson(t *testing.T) {
	s := startSession(t, 100, 30, func(s *session, _ *Options) {
		s.fp.state = State{Done: map[string][]int{"T01": {1, 2}}}
		s.fc.resetPlan = ResetPlan{
			Delete: []string{"Pod kurs/web", "Namespace kurs-lek"},
			Keep:   []string{"Namespace lek: navnet begynner ikke med «kurs-»"},
		}
	})
	s.waitFor(t, "2 av 3 steg", "tilkoblet")
	s.keys("x")
	s.waitFor(t, "Nullstille T01?", "Pod kurs/web, Namespace", "Beholdes: Namespace lek", "(j/n)")
	s.keys("n")
	s.waitFor(t, "2 av 3 steg")
	if got := s.fc.resetCalls(); len(got) != 0 {
		t.Fatalf("answering n reset %v", got)
	}
	s.keys("x")
	s.waitFor(t, "Nullstille T01?")
	s.keys("j")
	s.waitFor(t, "T01 er nullstilt", "0 av 3 steg")
	if got := s.fc.resetCalls(); len(got) != 1 || got[0] != "plan-T01" {
		t.Errorf("Reset calls = %v", got)
	}
	s.fp.mu.Lock()
	reset := append([]string(nil), s.fp.reset...)
	s.fp.mu.Unlock()
	if len(reset) != 1 || reset[0] != "T01" {
		t.Errorf("progress reset = %v", reset)
	}
	s.finish(t)
}
