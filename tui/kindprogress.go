package tui

import (
	"context"
	"fmt"
	"io"

	"sigs.k8s.io/kind/pkg/log"

	"github.com/kubekurs/kubekurs/cluster/kind"
)

// msgKindContinues tells the learner who pressed Ctrl-C while a kind
// cluster was being created that kind finishes first.
const msgKindContinues = "kind gjør ferdig clusteret før kubekurs avslutter; slett det etterpå med `kubekurs cluster delete` om du ikke vil ha det."

// KindProgress shows the steps of creating a kind cluster as a list with
// a spinner (RunProgress). It implements cluster.Progress.
type KindProgress struct {
	// In and Out are the terminal.
	In  io.Reader
	Out io.Writer
	// ErrOut receives kind's lines that are not steps (warnings, errors).
	ErrOut io.Writer
	// NoColor drops colors (NO_COLOR).
	NoColor bool
}

// Start shows title and kind's steps until done is called (after kind is
// done). If the learner presses Ctrl-C, the view ends and kind's
// remaining steps are drained: kind cannot be stopped halfway safely.
func (k KindProgress) Start(ctx context.Context, title string) (logger log.Logger, done func()) {
	events := make(chan StepEvent, 64)
	logger = stepLogger(k.ErrOut, events)
	shown := make(chan struct{})
	go func() {
		defer close(shown)
		err := RunProgress(ctx, ProgressOptions{Title: title, In: k.In, Out: k.Out, NoColor: k.NoColor}, events)
		if err != nil {
			fmt.Fprintln(k.Out, msgKindContinues)
			for range events { // keep kind's logger from blocking
			}
		}
	}()
	return logger, func() {
		close(events)
		<-shown
	}
}

// stepLogger is a kind logger that sends kind's steps to events and
// writes its other lines to w.
func stepLogger(w io.Writer, events chan<- StepEvent) log.Logger {
	return kind.NewStepLogger(w, func(s kind.Step) { events <- StepEvent{Text: s.Text, State: stepState(s.State)} })
}

// stepState is a kind step's state as the progress view shows it.
func stepState(s kind.StepState) StepState {
	switch s {
	case kind.StepDone:
		return StepDone
	case kind.StepFailed:
		return StepFailed
	}
	return StepRunning
}
