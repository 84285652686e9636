package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/kubekurs/kubekurs/checks"
)

// freshStep are results like those of L02's first step before the
// learner has done anything: every criterion fails, with hints.
var freshStep = []checks.Result{
	{Criterion: "Poden «nginx» finnes", Status: checks.Failed, Expected: "finnes", Found: "finnes ikke", Hint: "Lag Poden med `kubectl apply -f pod.yaml`."},
	{Criterion: "Poden «nginx» bruker imaget nginx:1.27", Status: checks.Failed, Expected: "nginx:1.27", Found: "Poden finnes ikke", Hint: "Imaget står under `spec.containers`."},
	{Criterion: "Containeren «nginx» oppgir containerPort 80", Status: checks.Failed, Found: "Poden finnes ikke", Hint: "Under containeren skal det stå `ports:`."},
	{Criterion: "Poden «nginx» kjører og er klar", Status: checks.Failed, Expected: "Running og klar (Ready=True)", Found: "Poden finnes ikke"},
}

// notVerdicts are texts the waiting criteria never show.
var notVerdicts = []string{symbolFailed, checks.Failed.String(), labelHint + ":", labelExpected + ":", labelFound + ":", "kriterier oppfylt"}

// TestGoldenWaitingStep: a fresh step lists its criteria as waiting, with
// a neutral mark and no verdict, expectation or hint, until the learner
// does something.
func TestGoldenWaitingStep(t *testing.T) {
	s := startSession(t, 120, 40, func(s *session, o *Options) {
		o.StartLesson = "T01"
		s.fc.setResults("T01", "Lag en Pod", freshStep...)
	})
	s.waitFor(t, "Velkommen!", checksWaiting, "Containeren «nginx» oppgir containerPort 80", "Trykk s for å")
	screen := ansi.Strip(s.probe.current())
	for _, no := range notVerdicts {
		if strings.Contains(screen, no) {
			t.Errorf("the waiting step shows %q:\n%s", no, screen)
		}
	}
	s.finish(t)
}

// TestGoldenVerdictsAfterChange: the first change in the Namespace after
// the step is opened shows the verdicts, with their hints.
func TestGoldenVerdictsAfterChange(t *testing.T) {
	s := startSession(t, 120, 40, func(s *session, o *Options) {
		o.StartLesson = "T01"
		s.fc.setResults("T01", "Lag en Pod", freshStep...)
	})
	s.waitFor(t, "Velkommen!", checksWaiting, "Poden «nginx» kjører og er klar")
	// The learner creates the Pod, with the wrong image.
	s.fc.setResults("T01", "Lag en Pod",
		checks.Result{Criterion: freshStep[0].Criterion, Status: checks.Passed},
		checks.Result{Criterion: freshStep[1].Criterion, Status: checks.Failed, Expected: "nginx:1.27", Found: "nginx:1.25", Hint: freshStep[1].Hint},
		checks.Result{Criterion: freshStep[2].Criterion, Status: checks.Passed},
		checks.Result{Criterion: freshStep[3].Criterion, Status: checks.Failed, Expected: "Running og klar (Ready=True)", Found: "Pending (ContainerCreating)"})
	s.fc.changes <- Change{Connected: true, At: time.Unix(0, 0)}
	s.waitFor(t, "2 av 4 kriterier oppfylt", "✓ Poden «nginx» finnes", "ikke bestått", "hint: Imaget står under")
	if strings.Contains(ansi.Strip(s.probe.current()), checksWaiting) {
		t.Error("still waiting after a change")
	}
	s.finish(t)
}
