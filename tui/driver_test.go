package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// cmdRunner runs commands the way Bubble Tea does (batches concurrently)
// and delivers their messages on one channel.
type cmdRunner struct{ msgs chan tea.Msg }

func newCmdRunner() *cmdRunner { return &cmdRunner{msgs: make(chan tea.Msg, 256)} }

// run runs cmd and everything it batches.
func (r *cmdRunner) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		switch msg := cmd().(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				r.run(c)
			}
		default:
			r.msgs <- msg
		}
	}()
}

// drive feeds the runner's messages to m (running the commands Update
// returns) until done reports true for a message just handled, or fails
// after waitTimeout. Messages for which skip reports true are dropped.
func drive(tb testing.TB, m tea.Model, r *cmdRunner, done func(tea.Msg) bool) tea.Model {
	tb.Helper()
	deadline := time.After(waitTimeout)
	for {
		select {
		case msg := <-r.msgs:
			var cmd tea.Cmd
			m, cmd = m.Update(msg)
			r.run(cmd)
			if done(msg) {
				return m
			}
		case <-deadline:
			tb.Fatalf("drive: condition not met within %s", waitTimeout)
			return m
		}
	}
}

// update sends msg to m and returns the new model and the command.
func update(m tea.Model, msg tea.Msg) (model, tea.Cmd) {
	next, cmd := m.Update(msg)
	return next.(model), cmd
}

// keyPress is a key press of a printable key or a named one.
func keyPress(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}
