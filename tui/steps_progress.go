package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// StepState is where a step of a long task stands.
type StepState int

// The states of a step.
const (
	// StepRunning: the step has started.
	StepRunning StepState = iota
	// StepDone: the step finished well.
	StepDone
	// StepFailed: the step failed.
	StepFailed
)

// StepEvent reports one step of a long task, such as creating a kind
// cluster. A later event with the same Text updates the step.
type StepEvent struct {
	Text  string
	State StepState
}

// ProgressOptions configure RunProgress.
type ProgressOptions struct {
	// Title is the first line, e.g. «Lager kind-clusteret «kubekurs»».
	Title string
	// In and Out are the terminal.
	In  io.Reader
	Out io.Writer
	// NoColor drops colors (NO_COLOR).
	NoColor bool
}

// RunProgress shows events as a list of steps, the running one with a
// spinner and the finished ones with ✓ or ✗, inline in the terminal (no
// full screen), until events is closed. Ctrl-C ends the view early and
// returns ErrProgressInterrupted; the task itself is the caller's to stop.
func RunProgress(ctx context.Context, opts ProgressOptions, events <-chan StepEvent) error {
	progOpts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(opts.In), tea.WithOutput(opts.Out)}
	if opts.NoColor {
		progOpts = append(progOpts, tea.WithColorProfile(colorprofile.Ascii))
	}
	m := newProgressModel(opts.Title, events)
	final, err := tea.NewProgram(m, progOpts...).Run()
	if err != nil {
		return fmt.Errorf("run progress view: %w", err)
	}
	if final.(progressModel).interrupted {
		return ErrProgressInterrupted
	}
	return nil
}

// ErrProgressInterrupted means the learner pressed Ctrl-C during
// RunProgress.
var ErrProgressInterrupted = errors.New("progress interrupted")

// progressModel is RunProgress's Bubble Tea model.
type progressModel struct {
	title       string
	events      <-chan StepEvent
	steps       []StepEvent
	spinner     spinner.Model
	done        bool
	interrupted bool
}

// stepMsg carries one event; stepsClosedMsg says there are no more.
type (
	stepMsg        StepEvent
	stepsClosedMsg struct{}
)

func newProgressModel(title string, events <-chan StepEvent) progressModel {
	return progressModel{title: title, events: events, spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot))}
}

// next waits for the next event.
func (m progressModel) next() tea.Msg {
	e, ok := <-m.events
	if !ok {
		return stepsClosedMsg{}
	}
	return stepMsg(e)
}

// Init implements tea.Model.
func (m progressModel) Init() tea.Cmd { return tea.Batch(m.next, m.spinner.Tick) }

// Update implements tea.Model.
func (m progressModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case stepMsg:
		m.steps = upsertStep(m.steps, StepEvent(msg))
		return m, m.next
	case stepsClosedMsg:
		m.done = true
		return m, tea.Quit
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			m.interrupted = true
			return m, tea.Quit
		}
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	}
	return m, nil
}

// upsertStep updates the step with e's text, or appends e.
func upsertStep(steps []StepEvent, e StepEvent) []StepEvent {
	for i := range steps {
		if steps[i].Text == e.Text {
			steps[i].State = e.State
			return steps
		}
	}
	return append(steps, e)
}

// View implements tea.Model.
func (m progressModel) View() tea.View {
	var b strings.Builder
	if m.title != "" {
		b.WriteString(m.title + "\n")
	}
	for _, s := range m.steps {
		switch s.State {
		case StepDone:
			b.WriteString(" " + symbolPassed + " " + s.Text + "\n")
		case StepFailed:
			b.WriteString(" " + symbolFailed + " " + s.Text + "\n")
		default:
			if m.done || m.interrupted {
				b.WriteString("   " + s.Text + "\n")
			} else {
				b.WriteString(" " + m.spinner.View() + " " + s.Text + " …\n")
			}
		}
	}
	return tea.NewView(b.String())
}
