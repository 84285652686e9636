package kind

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"sigs.k8s.io/kind/pkg/log"
)

// statusWords translate kind's progress steps (the text after " • " or
// " ✓ ") into Norwegian, matched by their start.
func statusWords() [][2]string {
	return [][2]string{
		{"Ensuring node image", "Henter node-imaget"},
		{"Preparing nodes", "Forbereder nodene"},
		{"Writing configuration", "Skriver konfigurasjonen"},
		{"Starting control-plane", "Starter kontrollplanet"},
		{"Installing CNI", "Installerer Pod-nettverket (CNI)"},
		{"Installing StorageClass", "Installerer StorageClass"},
		{"Joining worker nodes", "Melder inn worker-nodene"},
		{"Joining more control-plane nodes", "Melder inn flere kontrollplan-noder"},
		{"Configuring the external load balancer", "Setter opp lastbalansereren"},
		{"Waiting", "Venter på at kontrollplanet blir klart"},
	}
}

// ProgressLogger is a kind log.Logger that writes kind's user-facing
// progress (V(0)) as Norwegian steps to a writer, or hands the steps to a
// function, and drops debug output.
type ProgressLogger struct {
	mu     sync.Mutex
	w      io.Writer
	onStep func(Step)
}

// NewProgressLogger writes progress to w.
func NewProgressLogger(w io.Writer) *ProgressLogger { return &ProgressLogger{w: w} }

// NewStepLogger hands each progress step to onStep (from kind's
// goroutine) and writes other lines (warnings, errors, unknown output) to
// w.
func NewStepLogger(w io.Writer, onStep func(Step)) *ProgressLogger {
	return &ProgressLogger{w: w, onStep: onStep}
}

// Warn implements log.Logger.
func (l *ProgressLogger) Warn(message string) { l.print("Advarsel: " + message) }

// Warnf implements log.Logger.
func (l *ProgressLogger) Warnf(format string, args ...any) { l.Warn(fmt.Sprintf(format, args...)) }

// Error implements log.Logger.
func (l *ProgressLogger) Error(message string) { l.print("Feil: " + message) }

// Errorf implements log.Logger.
func (l *ProgressLogger) Errorf(format string, args ...any) { l.Error(fmt.Sprintf(format, args...)) }

// V implements log.Logger: level 0 is shown, the rest is dropped.
func (l *ProgressLogger) V(level log.Level) log.InfoLogger {
	return infoLogger{l: l, enabled: level == 0}
}

func (l *ProgressLogger) print(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.w, line)
}

// Translate turns one kind status line into Norwegian: " • Preparing
// nodes 📦  ..." becomes "• Forbereder nodene …", " ✓ …" keeps its ✓.
// Lines it does not know are returned trimmed, as they are.
func Translate(line string) string {
	step, ok := ParseStep(line)
	if !ok {
		return strings.TrimSpace(line)
	}
	switch step.State {
	case StepDone:
		return "✓ " + step.Text
	case StepFailed:
		return "✗ " + step.Text
	}
	return "• " + step.Text + " …"
}

// StepState is where one of kind's steps stands.
type StepState int

// The states kind reports a step in.
const (
	// StepStarted: " • Preparing nodes 📦  ...".
	StepStarted StepState = iota
	// StepDone: " ✓ Preparing nodes 📦".
	StepDone
	// StepFailed: " ✗ Preparing nodes 📦".
	StepFailed
)

// Step is one of kind's progress steps, its text in Norwegian.
type Step struct {
	Text  string
	State StepState
}

// ParseStep reads one of kind's status lines (" • X  ...", " ✓ X",
// " ✗ X"); ok is false for other lines. Known steps are translated; an
// unknown step keeps kind's text, without trailing dots and spaces.
func ParseStep(line string) (step Step, ok bool) {
	line = strings.TrimSpace(line)
	for _, m := range []struct {
		mark  string
		state StepState
	}{{"•", StepStarted}, {"✓", StepDone}, {"✗", StepFailed}} {
		if rest, found := strings.CutPrefix(line, m.mark); found {
			step.State, line, ok = m.state, strings.TrimSpace(rest), true
		}
	}
	if !ok {
		return Step{}, false
	}
	step.Text = strings.TrimRight(line, ". ") // kind's "  ..." after a running step
	for _, w := range statusWords() {
		if strings.HasPrefix(line, w[0]) {
			step.Text = w[1]
		}
	}
	return step, true
}

type infoLogger struct {
	l       *ProgressLogger
	enabled bool
}

func (i infoLogger) Info(message string) {
	if !i.enabled {
		return
	}
	if step, ok := ParseStep(message); ok && i.l.onStep != nil {
		i.l.onStep(step)
		return
	}
	i.l.print(Translate(message))
}

func (i infoLogger) Infof(format string, args ...any) { i.Info(fmt.Sprintf(format, args...)) }

func (i infoLogger) Enabled() bool { return i.enabled }
