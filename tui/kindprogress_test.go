package tui

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// TestKindStepsBecomeProgressEvents: kind's status lines become the
// progress view's steps, in Norwegian; other lines go to the writer.
func TestKindStepsBecomeProgressEvents(t *testing.T) {
	var errOut bytes.Buffer
	events := make(chan StepEvent, 8)
	logger := stepLogger(&errOut, events)
	logger.V(0).Info(" • Ensuring node image (kindest/node:v1.33.1) 🖼  ...")
	logger.V(0).Info(" ✓ Ensuring node image (kindest/node:v1.33.1) 🖼")
	logger.V(0).Info(" • Preparing nodes 📦 📦  ...")
	logger.V(0).Info(" ✗ Preparing nodes 📦 📦")
	logger.Warn("noe kind sier")
	close(events)
	var got []StepEvent
	for e := range events {
		got = append(got, e)
	}
	want := []StepEvent{
		{Text: "Henter node-imaget", State: StepRunning},
		{Text: "Henter node-imaget", State: StepDone},
		{Text: "Forbereder nodene", State: StepRunning},
		{Text: "Forbereder nodene", State: StepFailed},
	}
	if !slices.Equal(got, want) {
		t.Errorf("events %+v, want %+v", got, want)
	}
	if !strings.Contains(errOut.String(), "Advarsel: noe kind sier") {
		t.Errorf("other lines: %q", errOut.String())
	}
}

// TestKindProgressDoneWaitsForTheView: done returns once the view has
// ended, also when kind reported steps the view never drew.
func TestKindProgressDoneWaitsForTheView(t *testing.T) {
	var out, errOut bytes.Buffer
	p := KindProgress{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, NoColor: true}
	logger, done := p.Start(t.Context(), "Lager kind-clusteret «kubekurs» med 2 worker-noder")
	for range 100 { // more than the events' buffer
		logger.V(0).Info(" • Preparing nodes 📦  ...")
	}
	done()
	if strings.Contains(out.String(), msgKindContinues) {
		t.Errorf("an uninterrupted view says kind continues:\n%s", out.String())
	}
}
