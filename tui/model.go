package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/kubekurs/kubekurs/lessons"
)

// windowTitle is the terminal window's title while the TUI runs.
const windowTitle = "kubekurs"

// Options configure the TUI. Course, Cluster and Progress are required.
type Options struct {
	// Course is the course to teach.
	Course *lessons.Course
	// Cluster is the learner's cluster.
	Cluster Cluster
	// Progress records what the learner has done.
	Progress Progress
	// Mirror, if set, copies the progress for the instructor after it
	// changes; nil mirrors nothing.
	Mirror Mirror
	// NoColor turns colors off (cmd sets it from NO_COLOR); verdicts keep
	// their symbols.
	NoColor bool
	// StartLesson is the id of a lesson to open at once instead of the
	// start screen; "" shows the start screen.
	StartLesson string
	// Notice is a message in Norwegian for the learner, shown on the
	// start screen until dismissed, e.g. that an unreadable progress
	// file was set aside; "" shows none.
	Notice string
}

// screen is what the TUI shows.
type screen int

const (
	// screenStart lists the lessons.
	screenStart screen = iota
	// screenLesson shows a step of a lesson.
	screenLesson
)

// confirmKind is the j/n question waiting for an answer, if any.
type confirmKind int

const (
	confirmNone confirmKind = iota
	// confirmSolution asks before showing the solution.
	confirmSolution
	// confirmQuit asks before quitting while checks run.
	confirmQuit
	// confirmReset asks before resetting a lesson (model.reset).
	confirmReset
)

// model is the root model: it owns the session's state, handles the
// global keys and forwards the rest to the focused child. It changes a
// child only through the child's methods.
type model struct {
	course   *lessons.Course
	cluster  Cluster
	progress Progress
	noColor  bool

	keys   keyMap
	styles Styles
	screen screen
	width  int
	height int

	info      ClusterInfo
	infoKnown bool
	done      doneSet
	state     State
	changes   <-chan Change
	// changesSub ends the subscription to Cluster.Changes when the
	// learner quits, or when Run's program ends otherwise.
	changesSub *subscription

	start  startList
	lesson lessonView
	checks checkPanel
	panel  clusterPanel
	status statusBar
	mirror mirrorSync

	showPanel bool
	confirm   confirmKind
	reset     *ResetPlan // the reset waiting for confirmReset
	flash     string
	flashErr  bool
	// resume asks to go to the saved step once progress is loaded.
	resume   bool
	initCmds tea.Cmd
}

// New returns the TUI's root model. Each of its commands makes its calls
// with its own deadline; the cluster's change notifications run until the
// model quits (Run also ends them when the program ends).
func New(opts Options) tea.Model {
	return newModel(opts)
}

// newModel builds the root model.
func newModel(opts Options) model {
	course := opts.Course
	if course == nil {
		course = &lessons.Course{}
	}
	st := newStyles(true, opts.NoColor)
	keys := newKeyMap()
	done := doneSet{}
	m := model{
		course:     course,
		cluster:    opts.Cluster,
		progress:   opts.Progress,
		noColor:    opts.NoColor,
		keys:       keys,
		styles:     st,
		done:       done,
		start:      newStartList(course, st, keys, done),
		lesson:     newLessonView(course, st, keys),
		checks:     newCheckPanel(st, keys),
		panel:      newClusterPanel(st),
		status:     newStatusBar(st),
		mirror:     mirrorSync{mirror: opts.Mirror},
		showPanel:  true,
		changesSub: &subscription{},
	}
	m.start.SetNotice(opts.Notice)
	if opts.StartLesson != "" {
		if i := m.lessonIndex(opts.StartLesson); i >= 0 && len(course.Lessons[i].Steps) > 0 {
			m.start.selectLesson(i)
			m.screen = screenLesson
			m.resume = true
			m.initCmds = m.enterStep(stepRef{lesson: i})
		} else {
			m.setFlash(fmt.Sprintf(fmtLessonUnknown, opts.StartLesson), true)
		}
	}
	return m
}

// Init asks for the terminal's background, the saved progress, the
// cluster's description, its objects and its changes.
func (m model) Init() tea.Cmd {
	return tea.Batch(
		tea.RequestBackgroundColor,
		loadProgress(m.progress),
		fetchInfo(m.cluster),
		fetchObjects(m.cluster),
		subscribeChanges(m.cluster, m.changesSub),
		m.initCmds,
	)
}

// View draws the whole screen.
func (m model) View() tea.View {
	v := tea.NewView(m.content())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = windowTitle
	return v
}

// content is the screen's text.
func (m *model) content() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.tooSmall() {
		return m.tooSmallView()
	}
	var body string
	switch m.screen {
	case screenLesson:
		body = m.lessonScreen()
	default:
		body = m.start.View()
	}
	parts := []string{body}
	if msg := m.messageLines(); msg != "" {
		parts = append(parts, msg)
	}
	parts = append(parts, m.status.View(m.helpKeys()))
	return fit(strings.Join(parts, "\n"), m.width, m.height)
}

// lessonScreen draws the header, the lesson text with the check panel
// below it, and the cluster panel beside them.
func (m *model) lessonScreen() string {
	leftW := m.leftWidth()
	bodyH := m.bodyHeight() - 1
	rule := m.styles.Subtle.Render(strings.Repeat("─", leftW))
	checksH := max(0, bodyH-m.lesson.vp.Height()-1)
	left := m.lesson.View() + "\n" + rule + "\n" + fit(m.checks.View(), leftW, checksH)
	if m.panelShown() {
		lines := strings.Split(fit(left, leftW, bodyH), "\n")
		right := strings.Split(m.panel.View(), "\n")
		for i := range lines {
			if i < len(right) {
				lines[i] += right[i]
			}
		}
		left = strings.Join(lines, "\n")
	}
	header := m.lesson.header(m.width, m.done, m.missing())
	return header + "\n" + fit(left, m.width, bodyH)
}

// layout sizes the children for the terminal and the current content, and
// asks for the lesson text at its new width.
func (m *model) layout() tea.Cmd {
	if m.width <= 0 || m.height <= 0 || m.tooSmall() {
		return nil
	}
	m.status.SetSize(m.width)
	if m.screen == screenStart {
		m.start.SetSize(m.width, m.bodyHeight())
		return nil
	}
	leftW, bodyH := m.leftWidth(), m.bodyHeight()-1
	m.panel.SetSize(m.width-leftW, bodyH)
	m.checks.SetSize(leftW, max(3, bodyH/2))
	checksH := lineCount(m.checks.View())
	m.lesson.SetSize(leftW, max(1, bodyH-checksH-1))
	return m.lesson.render()
}

// bodyHeight is the height above the message and status lines.
func (m *model) bodyHeight() int {
	return m.height - m.status.height(m.helpKeys()) - lineCount(m.messageLines())
}

// panelShown reports whether the cluster panel is beside the lesson.
func (m *model) panelShown() bool {
	return m.showPanel && m.width >= panelMinTerminal
}

// leftWidth is the width of the lesson column.
func (m *model) leftWidth() int {
	if !m.panelShown() {
		return m.width
	}
	return m.width - min(panelMaxWidth, max(panelMinWidth, m.width/3))
}

// tooSmall reports whether the terminal is below the minimum size.
func (m *model) tooSmall() bool {
	return m.width < minWidth || m.height < minHeight
}

// tooSmallView asks for a larger terminal, centered.
func (m *model) tooSmallView() string {
	w := max(10, m.width-4)
	text := wrap(fmt.Sprintf(fmtTooSmall, minWidth, minHeight), w) + "\n" +
		wrap(fmt.Sprintf(fmtSizeNow, m.width, m.height), w)
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.Repeat(" ", max(0, (m.width-lineWidth(l))/2)) + l
	}
	top := max(0, (m.height-len(lines))/2)
	return fit(strings.Repeat("\n", top)+strings.Join(lines, "\n"), m.width, m.height)
}

// messageLines is the question waiting for j/n, or the last flash message.
func (m *model) messageLines() string {
	switch {
	case m.confirm == confirmSolution:
		return m.styles.Question.Render(wrap(msgConfirmSolution, m.width))
	case m.confirm == confirmQuit:
		return m.styles.Question.Render(wrap(msgConfirmQuit, m.width))
	case m.confirm == confirmReset && m.reset != nil:
		return m.styles.Question.Render(clip(wrap(resetQuestion(*m.reset), m.width), m.width, 4))
	case m.flash == "":
		return ""
	case m.flashErr:
		return m.styles.Failed.Render(clip(wrap(m.flash, m.width), m.width, 2))
	}
	return m.styles.Flash.Render(clip(wrap(m.flash, m.width), m.width, 2))
}

// setFlash shows a message until the next key.
func (m *model) setFlash(text string, isErr bool) {
	m.flash, m.flashErr = text, isErr
}

// helpKeys are the bindings the help bar shows now.
func (m *model) helpKeys() help.KeyMap {
	switch {
	case m.confirm != confirmNone:
		return m.keys.confirmHelp()
	case m.screen == screenStart:
		return m.keys.startHelp(m.start.HasNotice())
	case m.checks.QuizFocused():
		return m.keys.quizHelp(m.checks.Typing())
	}
	return m.keys.lessonHelp(m.lesson.step().Quiz != nil, m.width)
}

// restyle switches every child to new styles.
func (m *model) restyle(st Styles) {
	m.styles = st
	m.start.restyle(st)
	m.lesson.restyle(st)
	m.checks.restyle(st)
	m.panel.restyle(st)
	m.status.restyle(st)
}

// missing is what the cluster lacks, once known.
func (m *model) missing() map[string]string {
	if !m.infoKnown {
		return nil
	}
	return m.info.Missing
}

// lessonIndex finds a lesson by id, or -1.
func (m *model) lessonIndex(id string) int {
	for i, l := range m.course.Lessons {
		if l.ID == id {
			return i
		}
	}
	return -1
}

// stop ends the subscription to the cluster's changes.
func (m model) stop() {
	m.changesSub.stop()
}
