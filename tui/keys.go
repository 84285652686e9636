package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
)

// keyMap holds every key binding of the TUI, grouped by where it applies.
// The help bar is generated from these bindings.
type keyMap struct {
	// Global keys work on every screen.
	Quit, Help key.Binding
	// Start screen.
	Up, Down, Open, Reset, Dismiss key.Binding
	// Lesson screen.
	Next, Prev, Check, Hint, Solution, Copy, Panel, Shell, Back, Quiz key.Binding
	// Scroll moves the lesson text.
	Scroll viewport.KeyMap
	// Quiz, while it has the focus.
	Choose, Answer, Leave key.Binding
	// Confirmation questions.
	Yes, No key.Binding
}

// newKeyMap returns the TUI's key bindings with Norwegian help.
func newKeyMap() keyMap {
	return keyMap{
		Quit: key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", helpQuit)),
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", helpMore)),

		Up:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", helpUp)),
		Down:  key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", helpDown)),
		Open:  key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", helpOpen)),
		Reset: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", helpReset)),
		// Dismiss hides the start screen's notice.
		Dismiss: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", helpDismiss)),

		Next:     key.NewBinding(key.WithKeys("n", "right"), key.WithHelp("n/→", helpNext)),
		Prev:     key.NewBinding(key.WithKeys("p", "left"), key.WithHelp("p/←", helpPrev)),
		Check:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", helpCheck)),
		Hint:     key.NewBinding(key.WithKeys("h"), key.WithHelp("h", helpHint)),
		Solution: key.NewBinding(key.WithKeys("l"), key.WithHelp("l", helpSolution)),
		Copy:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", helpCopy)),
		Panel:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", helpPanel)),
		Shell:    key.NewBinding(key.WithKeys("t", "!"), key.WithHelp("t", helpShell)),
		Back:     key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", helpBack)),
		Quiz:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", helpQuiz)),
		Scroll: viewport.KeyMap{
			Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", helpUp)),
			Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", helpDown)),
			PageDown:     key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("pgdn", helpPageDown)),
			PageUp:       key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", helpPageUp)),
			HalfPageDown: key.NewBinding(key.WithKeys("ctrl+d", "d"), key.WithHelp("d", helpHalfDown)),
			HalfPageUp:   key.NewBinding(key.WithKeys("ctrl+u", "u"), key.WithHelp("u", helpHalfUp)),
			// Left and right change steps; the text never scrolls sideways.
			Left:  key.NewBinding(key.WithDisabled()),
			Right: key.NewBinding(key.WithDisabled()),
		},

		Choose: key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", helpChoose)),
		Answer: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", helpAnswer)),
		Leave:  key.NewBinding(key.WithKeys("esc", "tab"), key.WithHelp("esc", helpLeaveQuiz)),

		Yes: key.NewBinding(key.WithKeys("j", "y", "J", "Y"), key.WithHelp("j", helpConfirmYes)),
		No:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", helpConfirmNo)),
	}
}

// helpKeys is one context's bindings for the help bar.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (h helpKeys) ShortHelp() []key.Binding { return h.short }

// FullHelp implements help.KeyMap.
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// startHelp is the start screen's help; notice adds the key that hides
// the notice while one is shown.
func (k keyMap) startHelp(notice bool) helpKeys {
	if notice {
		return helpKeys{
			short: []key.Binding{k.Up, k.Down, k.Open, k.Reset, k.Dismiss, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Up, k.Down, k.Open}, {k.Reset, k.Dismiss}, {k.Help, k.Quit}},
		}
	}
	return helpKeys{
		short: []key.Binding{k.Up, k.Down, k.Open, k.Reset, k.Help, k.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, k.Open}, {k.Reset}, {k.Help, k.Quit}},
	}
}

// lessonHelp is the lesson screen's help for a bar width columns wide:
// as many of the step keys as fit, then ? and q, which always show.
func (k keyMap) lessonHelp(quiz bool, width int) helpKeys {
	wanted := []key.Binding{k.Next, k.Prev, k.Check, k.Hint, k.Solution, k.Shell, k.Copy}
	if quiz {
		wanted = append([]key.Binding{k.Quiz}, wanted...)
	}
	tail := []key.Binding{k.Help, k.Quit}
	used := helpWidth(tail)
	var short []key.Binding
	for _, b := range wanted {
		if used+helpWidth([]key.Binding{b})-3 > width {
			break
		}
		used += helpWidth([]key.Binding{b})
		short = append(short, b)
	}
	steps := []key.Binding{k.Next, k.Prev, k.Check, k.Back}
	if quiz {
		steps = append(steps, k.Quiz)
	}
	return helpKeys{
		short: append(short, tail...),
		full: [][]key.Binding{
			steps,
			{k.Hint, k.Solution, k.Copy, k.Shell},
			{k.Scroll.Up, k.Scroll.Down, k.Scroll.PageDown, k.Scroll.PageUp},
			{k.Scroll.HalfPageDown, k.Scroll.HalfPageUp, k.Panel},
			{k.Help, k.Quit},
		},
	}
}

// helpWidth is how wide the short help draws bindings: "key desc" and a
// " • " separator each.
func helpWidth(bs []key.Binding) int {
	w := 0
	for _, b := range bs {
		w += lineWidth(b.Help().Key) + 1 + lineWidth(b.Help().Desc) + 3
	}
	return w
}

// quizHelp is the help while the quiz has the focus.
func (k keyMap) quizHelp(reflection bool) helpKeys {
	short := []key.Binding{k.Choose, k.Answer, k.Leave}
	if reflection {
		short = []key.Binding{k.Answer, k.Leave}
	}
	return helpKeys{short: short, full: columns(short)}
}

// confirmHelp is the help while a question waits for j/n.
func (k keyMap) confirmHelp() helpKeys {
	short := []key.Binding{k.Yes, k.No}
	return helpKeys{short: short, full: columns(short)}
}

// columns puts each binding in a column of its own, for a one-line full
// help.
func columns(bs []key.Binding) [][]key.Binding {
	out := make([][]key.Binding, len(bs))
	for i, b := range bs {
		out[i] = []key.Binding{b}
	}
	return out
}
