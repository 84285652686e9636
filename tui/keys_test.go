package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestKeys(t *testing.T) {
	tests := []struct {
		name  string
		start func(*testing.T, model) model
		keys  []string
		check func(*testing.T, model, tea.Cmd)
	}{
		{"down moves the cursor", nil, []string{"down"}, func(t *testing.T, m model, _ tea.Cmd) {
			if m.start.cursor != 1 {
				t.Errorf("cursor = %d, want 1", m.start.cursor)
			}
		}},
		{"enter opens the lesson", nil, []string{"down", "enter"}, func(t *testing.T, m model, cmd tea.Cmd) {
			if msg, ok := cmd().(lessonChosenMsg); !ok || msg.lesson != 1 {
				t.Errorf("cmd reports %#v, want lessonChosenMsg{1}", msg)
			}
		}},
		{"n goes to the next step", lesson0, []string{"n"}, func(t *testing.T, m model, _ tea.Cmd) {
			if m.lesson.ref.step != 1 || m.screen != screenLesson {
				t.Errorf("step = %d, screen = %d", m.lesson.ref.step, m.screen)
			}
		}},
		{"→ and ← move between steps", lesson0, []string{"right", "right", "left"}, func(t *testing.T, m model, _ tea.Cmd) {
			if m.lesson.ref.step != 1 {
				t.Errorf("step = %d, want 1", m.lesson.ref.step)
			}
		}},
		{"p stops at the first step", lesson0, []string{"p"}, func(t *testing.T, m model, _ tea.Cmd) {
			if m.lesson.ref.step != 0 {
				t.Errorf("step = %d, want 0", m.lesson.ref.step)
			}
		}},
		{"h opens the hints one by one", lesson0, []string{"h", "h", "h"}, func(t *testing.T, m model, _ tea.Cmd) {
			if got := m.lesson.hints[m.lesson.ref]; got != 2 {
				t.Errorf("hints = %d, want 2", got)
			}
			if !strings.Contains(view(m), noMoreHints) {
				t.Errorf("view lacks %q", noMoreHints)
			}
		}},
		{"l asks before the solution", lesson0, []string{"l"}, func(t *testing.T, m model, _ tea.Cmd) {
			if m.confirm != confirmSolution || m.lesson.solution[m.lesson.ref] {
				t.Errorf("confirm = %d, solution = %v", m.confirm, m.lesson.solution[m.lesson.ref])
			}
			if !strings.Contains(view(m), "Vil du se løsningen?") {
				t.Error("the question is not shown")
			}
		}},
		{"j shows the solution", lesson0, []string{"l", "j"}, func(t *testing.T, m model, _ tea.Cmd) {
			if m.confirm != confirmNone || !m.lesson.solution[m.lesson.ref] {
				t.Errorf("confirm = %d, solution = %v", m.confirm, m.lesson.solution[m.lesson.ref])
			}
		}},
		{"n declines the solution", lesson0, []string{"l", "n"}, func(t *testing.T, m model, _ tea.Cmd) {
			if m.confirm != confirmNone || m.lesson.solution[m.lesson.ref] || m.lesson.ref.step != 0 {
				t.Errorf("confirm = %d, solution = %v, step = %d", m.confirm, m.lesson.solution[m.lesson.ref], m.lesson.ref.step)
			}
		}},
		{"v hides the cluster panel", lesson0, []string{"v"}, func(t *testing.T, m model, _ tea.Cmd) {
			if m.panelShown() || strings.Contains(view(m), "Namespace «kurs»") {
				t.Error("panel still shown")
			}
		}},
		{"esc goes back to the start screen", func(t *testing.T, m model) model { return openStep(t, m, 1, 0) }, []string{"esc"}, func(t *testing.T, m model, _ tea.Cmd) {
			if m.screen != screenStart || m.start.cursor != 1 {
				t.Errorf("screen = %d, cursor = %d", m.screen, m.start.cursor)
			}
		}},
		{"? shows all keys", lesson0, []string{"?"}, func(t *testing.T, m model, _ tea.Cmd) {
			if !m.status.help.ShowAll || !strings.Contains(view(m), helpLess) || !strings.Contains(view(m), helpHalfDown) {
				t.Errorf("full help not shown:\n%s", view(m))
			}
		}},
		{"q quits", nil, []string{"q"}, func(t *testing.T, _ model, cmd tea.Cmd) {
			if _, ok := cmd().(tea.QuitMsg); !ok {
				t.Error("q did not quit")
			}
		}},
		{"q asks while checks run", lesson0, []string{"q"}, func(t *testing.T, m model, cmd tea.Cmd) {
			if m.confirm != confirmQuit || isQuit(cmd) {
				t.Errorf("confirm = %d", m.confirm)
			}
			if !strings.Contains(view(m), msgConfirmQuit) {
				t.Error("the question is not shown")
			}
		}},
		{"j quits while checks run", lesson0, []string{"q", "j"}, func(t *testing.T, _ model, cmd tea.Cmd) {
			if !isQuit(cmd) {
				t.Error("did not quit")
			}
		}},
		{"ctrl+c quits while checks run after asking", lesson0, []string{"ctrl+c", "ctrl+c"}, func(t *testing.T, _ model, cmd tea.Cmd) {
			if !isQuit(cmd) {
				t.Error("did not quit")
			}
		}},
		{"c copies the first code block", lesson0, []string{"c"}, func(t *testing.T, m model, cmd tea.Cmd) {
			if got := fmt.Sprint(cmd()); got != "kubectl run web --image=nginx:1.27" {
				t.Errorf("clipboard = %q", got)
			}
			if !strings.Contains(view(m), "Kopiert til utklippstavlen") {
				t.Error("no copy message")
			}
		}},
		{"c copies the solution once shown", lesson1, []string{"l", "j", "c"}, func(t *testing.T, _ model, cmd tea.Cmd) {
			if got := fmt.Sprint(cmd()); got != "kubectl get pod web -o yaml" {
				t.Errorf("clipboard = %q", got)
			}
		}},
		{"tab focuses the quiz, arrows choose", lesson1, []string{"tab", "down"}, func(t *testing.T, m model, _ tea.Cmd) {
			if !m.checks.quiz.focused || m.checks.quiz.cursor != 1 {
				t.Errorf("focused = %v, cursor = %d", m.checks.quiz.focused, m.checks.quiz.cursor)
			}
		}},
		{"esc leaves the quiz", lesson1, []string{"tab", "esc"}, func(t *testing.T, m model, _ tea.Cmd) {
			if m.checks.quiz.focused || m.screen != screenLesson {
				t.Errorf("focused = %v, screen = %d", m.checks.quiz.focused, m.screen)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _, _ := setup(t)
			if tt.start != nil {
				m = tt.start(t, m)
			}
			var cmd tea.Cmd
			for _, k := range tt.keys {
				m, cmd = update(m, keyPress(k))
			}
			tt.check(t, m, cmd)
		})
	}
}

func lesson0(t *testing.T, m model) model { return openStep(t, m, 0, 0) }
func lesson1(t *testing.T, m model) model { return openStep(t, m, 0, 1) }

// isQuit reports whether cmd quits (alone or in a batch).
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		return slices.ContainsFunc(msg, isQuit)
	}
	return false
}
