package tui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// TestGoldenProgressSteps feeds kind-like steps to the progress view:
// finished steps get ✓ or ✗, and the view ends when the events end.
func TestGoldenProgressSteps(t *testing.T) {
	events := make(chan StepEvent, 8)
	tm := teatest.NewTestModel(t, newProgressModel("Lager kind-clusteret «kubekurs» med 2 worker-noder", events),
		teatest.WithInitialTermSize(70, 10))
	for _, e := range []StepEvent{
		{Text: "Henter node-imaget", State: StepRunning},
		{Text: "Henter node-imaget", State: StepDone},
		{Text: "Forbereder nodene", State: StepRunning},
		{Text: "Forbereder nodene", State: StepDone},
		{Text: "Starter kontrollplanet", State: StepRunning},
		{Text: "Starter kontrollplanet", State: StepFailed},
		{Text: "Melder inn worker-nodene", State: StepRunning},
	} {
		events <- e
	}
	close(events)
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(waitTimeout))
	m := fm.(progressModel)
	if !m.done || m.interrupted || len(m.steps) != 4 {
		t.Fatalf("final model: done=%v interrupted=%v steps=%v", m.done, m.interrupted, m.steps)
	}
	golden.RequireEqual(t, m.View().Content)
}

func TestProgressCtrlCInterrupts(t *testing.T) {
	events := make(chan StepEvent)
	tm := teatest.NewTestModel(t, newProgressModel("", events), teatest.WithInitialTermSize(70, 10))
	tm.Send(keyPress("ctrl+c"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(waitTimeout))
	if !fm.(progressModel).interrupted {
		t.Error("ctrl+c did not end the view as interrupted")
	}
}
