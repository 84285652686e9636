package board

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/kubekurs/kubekurs/grade"
)

// Minimum terminal size for the board.
const (
	minWidth  = 60
	minHeight = 10
)

// tickEvery is how often the «stuck for» column is brought up to date
// when nothing else changes.
const tickEvery = 15 * time.Second

// Options configure the board.
type Options struct {
	// Updates are the watched class's states (grade.Watch's channel).
	// When it is closed, Ended, if set, says why.
	Updates <-chan *grade.Update
	Ended   <-chan error
	// NoColor turns colors off (NO_COLOR).
	NoColor bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// screen is what the board shows.
type screen int

const (
	screenList screen = iota
	screenDetails
)

// Messages.
type (
	// classGradedMsg: the watcher sent a new state of the class.
	classGradedMsg struct{ update *grade.Update }
	// watchEndedMsg: the watcher stopped; err says why (nil: asked to).
	watchEndedMsg struct{ err error }
	// clockTickedMsg: time passed; the «stuck for» column moves on.
	clockTickedMsg struct{ at time.Time }
)

// Model is the board. Create it with New.
type Model struct {
	opts   Options
	keys   keyMap
	styles Styles
	help   help.Model

	width, height int
	screen        screen
	update        *grade.Update
	rows          []row
	sortBy        sortMode
	cursor        int    // index into rows
	selected      string // Namespace of the selected student, kept across updates
	offset        int    // first row shown
	filtering     bool
	filter        textinput.Model
	details       viewport.Model
	now           time.Time
	ended         bool
	endErr        error
}

// New returns the board for opts.
func New(opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ti := textinput.New()
	ti.Prompt = filterPrompt
	ti.CharLimit = 60
	m := Model{opts: opts, keys: newKeyMap(), styles: newStyles(true, opts.NoColor), help: help.New(),
		filter: ti, details: viewport.New(), now: opts.Now()}
	m.help.Styles = m.styles.Help
	return m
}

// Init asks for the background color, the first state of the class and
// the clock.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, waitForUpdate(m.opts.Updates, m.opts.Ended), tick(m.opts.Now))
}

// waitForUpdate reads the next state of the class.
func waitForUpdate(updates <-chan *grade.Update, ended <-chan error) tea.Cmd {
	return func() tea.Msg {
		u, ok := <-updates
		if ok {
			return classGradedMsg{update: u}
		}
		var err error
		if ended != nil {
			err = <-ended
		}
		return watchEndedMsg{err: err}
	}
}

// tick reads the clock after a while.
func tick(now func() time.Time) tea.Cmd {
	return tea.Tick(tickEvery, func(time.Time) tea.Msg { return clockTickedMsg{at: now()} })
}

// Update handles one message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.styles = newStyles(msg.IsDark(), m.opts.NoColor)
		m.help.Styles = m.styles.Help
	case classGradedMsg:
		m.update = msg.update
		m.now = m.opts.Now()
		m.refresh()
		cmd = waitForUpdate(m.opts.Updates, m.opts.Ended)
	case watchEndedMsg:
		m.ended, m.endErr = true, msg.err
	case clockTickedMsg:
		m.now = msg.at
		cmd = tick(m.opts.Now)
	case tea.KeyPressMsg:
		cmd = m.handleKey(msg)
	}
	m.layout()
	return m, cmd
}

// handleKey acts on a key for the current screen.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.filtering {
		switch {
		case key.Matches(msg, m.keys.Accept):
			m.filtering = false
			m.filter.Blur()
		case key.Matches(msg, m.keys.Clear):
			m.filtering = false
			m.filter.Blur()
			m.filter.SetValue("")
		case msg.String() == "ctrl+c":
			return tea.Quit
		default:
			var cmd tea.Cmd
			m.filter, cmd = m.filter.Update(msg)
			m.refresh()
			return cmd
		}
		m.refresh()
		return nil
	}
	if key.Matches(msg, m.keys.Quit) {
		return tea.Quit
	}
	if m.screen == screenDetails {
		if key.Matches(msg, m.keys.Back) {
			m.screen = screenList
			return nil
		}
		var cmd tea.Cmd
		m.details, cmd = m.details.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, m.keys.Up):
		m.move(-1)
	case key.Matches(msg, m.keys.Down):
		m.move(1)
	case key.Matches(msg, m.keys.Open):
		if len(m.rows) > 0 {
			m.screen = screenDetails
			m.details.GotoTop()
		}
	case key.Matches(msg, m.keys.Sort):
		m.sortBy = (m.sortBy + 1) % sortModes
		m.refresh()
	case key.Matches(msg, m.keys.Filter):
		m.filtering = true
		return m.filter.Focus()
	case key.Matches(msg, m.keys.Back):
		if m.filter.Value() != "" {
			m.filter.SetValue("")
			m.refresh()
		}
	}
	return nil
}

// refresh sorts and filters the rows again, keeping the selected
// student selected.
func (m *Model) refresh() {
	m.rows = rowsOf(m.update, m.sortBy, m.filter.Value())
	m.cursor = 0
	for i, r := range m.rows {
		if r.student.Namespace == m.selected {
			m.cursor = i
		}
	}
	m.move(0)
}

// move moves the cursor by delta rows.
func (m *Model) move(delta int) {
	if len(m.rows) == 0 {
		m.cursor, m.selected = 0, ""
		return
	}
	m.cursor = min(max(m.cursor+delta, 0), len(m.rows)-1)
	m.selected = m.rows[m.cursor].student.Namespace
}

// selectedRow is the row under the cursor.
func (m *Model) selectedRow() (row, bool) {
	if m.cursor < len(m.rows) {
		return m.rows[m.cursor], true
	}
	return row{}, false
}

// View draws the board.
func (m Model) View() tea.View {
	v := tea.NewView(m.content())
	v.AltScreen = true
	v.WindowTitle = windowTitle
	return v
}
