package board

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/kubekurs/kubekurs/grade"
)

// Widths of the table's fixed columns.
const (
	cursorWidth     = 2
	maxStudentWidth = 20
	maxCurrentWidth = 34
	stuckWidth      = 10
	minFlagsWidth   = 12
)

// content is the screen's text.
func (m *Model) content() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.width < minWidth || m.height < minHeight {
		return m.tooSmallView()
	}
	var top []string
	var body string
	if m.screen == screenDetails {
		top = m.detailsHeader()
		body = m.details.View()
	} else {
		top = m.listHeader()
		body = m.table(m.tableHeight())
	}
	lines := append(top, body)
	lines = append(lines, m.footer()...)
	return fit(strings.Join(lines, "\n"), m.width, m.height)
}

// layout sizes the details view for the terminal and fills it.
func (m *Model) layout() {
	m.help.SetWidth(m.width)
	m.filter.SetWidth(max(10, m.width-len(filterPrompt)-1))
	if m.width < minWidth || m.height < minHeight {
		return
	}
	m.details.SetWidth(m.width)
	m.details.SetHeight(max(1, m.height-len(m.detailsHeader())-len(m.footer())))
	if r, ok := m.selectedRow(); ok {
		m.details.SetContent(m.detailsBody(r))
	}
	// Keep the cursor's row in view.
	h := m.tableHeight() - 1
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if h > 0 && m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
	m.offset = max(0, min(m.offset, len(m.rows)-h))
}

// listHeader is the title and the order and filter line.
func (m *Model) listHeader() []string {
	head := m.styles.Title.Render(title)
	if u := m.update; u != nil {
		head = m.styles.Title.Render(title) + m.styles.Subtle.Render(fmt.Sprintf(fmtHeader,
			count(len(u.Class.Students), "elev", "elever"), u.At.Format("15:04:05"), len(u.Regraded),
			count(int(u.Class.Requests.Total), "forespørsel", "forespørsler")))
	}
	second := m.styles.Subtle.Render(fmt.Sprintf(fmtSorted, m.sortBy))
	switch {
	case m.filtering:
		second = m.filter.View()
	case m.filter.Value() != "":
		second += m.styles.Subtle.Render(fmt.Sprintf(fmtFilter, m.filter.Value()))
	}
	return []string{head, second}
}

// footer is the notices and the help bar.
func (m *Model) footer() []string {
	var lines []string
	if m.ended {
		text := msgWatchEnded
		if m.endErr != nil {
			text = fmt.Sprintf(fmtWatchEnded, m.endErr)
		}
		lines = append(lines, m.styles.Warning.Render(ansi.Truncate(text, m.width, "…")))
	}
	if m.update != nil && len(m.update.Unwatched) > 0 {
		lines = append(lines, m.styles.Warning.Render(ansi.Truncate(fmt.Sprintf(fmtUnwatched, strings.Join(m.update.Unwatched, ", ")), m.width, "…")))
	}
	bindings := m.keys.listHelp(m.filter.Value() != "")
	switch {
	case m.filtering:
		bindings = m.keys.filterHelp()
	case m.screen == screenDetails:
		bindings = m.keys.detailsHelp()
	}
	return append(lines, m.help.ShortHelpView(bindings))
}

// tableHeight is the number of lines for the table, its header included.
func (m *Model) tableHeight() int {
	return max(2, m.height-len(m.listHeader())-len(m.footer()))
}

// columns are the table's widths for the terminal.
type columns struct {
	student, current int
	lessons          []grade.LessonInfo // the lessons that fit
	lessonWidth      []int
	flags            int
}

func (m *Model) columns() columns {
	c := columns{student: len(colStudent), current: len(colCurrent)}
	for _, r := range m.rows {
		c.student = max(c.student, ansi.StringWidth(r.student.Name))
		c.current = max(c.current, ansi.StringWidth(currentText(r.current)))
	}
	c.student = min(c.student, maxStudentWidth)
	c.current = min(c.current, maxCurrentWidth, max(12, m.width/3))
	used := cursorWidth + c.student + 1 + c.current + 1 + stuckWidth + 1 + m.scoreWidth() + 1
	if m.update != nil {
		for _, l := range m.update.Class.Lessons {
			w := max(ansi.StringWidth(l.ID), l.Steps)
			if used+w+1+minFlagsWidth > m.width {
				break
			}
			c.lessons = append(c.lessons, l)
			c.lessonWidth = append(c.lessonWidth, w)
			used += w + 1
		}
	}
	c.flags = max(0, m.width-used)
	return c
}

// scoreWidth is the width of the score column.
func (m *Model) scoreWidth() int {
	w := len(colScore)
	for _, r := range m.rows {
		w = max(w, len(points(r.student.Score, r.student.Max)))
	}
	return w
}

// table draws the header and the rows that fit in height lines.
func (m *Model) table(height int) string {
	if m.update == nil {
		return m.styles.Subtle.Render(msgWaiting)
	}
	if len(m.update.Class.Students) == 0 {
		return m.styles.Subtle.Render(ansi.Wordwrap(msgNoStudents, m.width, ""))
	}
	if len(m.rows) == 0 {
		return m.styles.Subtle.Render(msgNoMatch)
	}
	c := m.columns()
	sw := m.scoreWidth()
	cells := []string{pad("", cursorWidth) + pad(colStudent, c.student), pad(colCurrent, c.current), pad(colStuck, stuckWidth), pad(colScore, sw)}
	for i, l := range c.lessons {
		cells = append(cells, pad(l.ID, c.lessonWidth[i]))
	}
	cells = append(cells, colFlags)
	lines := []string{m.styles.Heading.Render(ansi.Truncate(strings.Join(cells, " "), m.width, ""))}
	for i := m.offset; i < len(m.rows) && len(lines) < height; i++ {
		lines = append(lines, m.rowLine(m.rows[i], i == m.cursor, c, sw))
	}
	return strings.Join(lines, "\n")
}

// rowLine draws one student.
func (m *Model) rowLine(r row, selected bool, c columns, sw int) string {
	mark := "  "
	name := pad(r.student.Name, c.student)
	if selected {
		mark = cursor + " "
		name = m.styles.Selected.Render(name)
	}
	cells := []string{mark + name, pad(currentText(r.current), c.current), pad(stuckFor(r.current, m.now), stuckWidth), pad(points(r.student.Score, r.student.Max), sw)}
	byID := map[string]grade.LessonGrade{}
	for _, l := range r.student.Lessons {
		byID[l.ID] = l
	}
	for i, info := range c.lessons {
		var marks strings.Builder
		for _, st := range byID[info.ID].Steps {
			marks.WriteString(m.statusStyle(st.Status).Render(st.Status.Symbol()))
		}
		cells = append(cells, marks.String()+strings.Repeat(" ", max(0, c.lessonWidth[i]-len(byID[info.ID].Steps))))
	}
	cells = append(cells, ansi.Truncate(flags(r.student), c.flags, "…"))
	return ansi.Truncate(strings.Join(cells, " "), m.width, "…")
}

// statusStyle colors a step's mark.
func (m *Model) statusStyle(s grade.StepStatus) lipgloss.Style {
	switch s {
	case grade.StepPassed:
		return m.styles.Passed
	case grade.StepFailed:
		return m.styles.Failed
	case grade.StepNoAccess, grade.StepEnvError, grade.StepRecorded:
		return m.styles.Warning
	}
	return m.styles.Subtle
}

// tooSmallView asks for a larger terminal.
func (m *Model) tooSmallView() string {
	text := fmt.Sprintf(fmtTooSmall, minWidth, minHeight) + " " + fmt.Sprintf(fmtSizeNow, m.width, m.height)
	var lines []string
	for _, l := range strings.Split(ansi.Wordwrap(text, max(10, m.width), ""), "\n") {
		lines = append(lines, strings.TrimRight(l, " "))
	}
	return fit(strings.Join(lines, "\n"), m.width, m.height)
}

// pad truncates or pads s to width columns.
func pad(s string, width int) string {
	s = ansi.Truncate(s, width, "…")
	return s + strings.Repeat(" ", max(0, width-ansi.StringWidth(s)))
}

// fit cuts text to width×height and fills it to height lines.
func fit(text string, width, height int) string {
	lines := strings.Split(text, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, width, "")
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// count spells n with the singular or plural noun: «1 elev», «2 elever».
func count(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
