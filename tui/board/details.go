package board

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/grade"
)

// detailsHeader names the student whose steps are shown.
func (m *Model) detailsHeader() []string {
	r, ok := m.selectedRow()
	if !ok {
		return []string{m.styles.Title.Render(title), ""}
	}
	s := r.student
	head := m.styles.Title.Render(fmt.Sprintf(fmtDetailsHead, s.Name, s.Namespace, points(s.Score, s.Max)))
	now := m.styles.Subtle.Render(allDone)
	if r.current.Lesson != "" {
		now = m.styles.Subtle.Render(fmt.Sprintf(fmtDetailsNow, currentText(r.current), stuckFor(r.current, m.now)))
	}
	return []string{head, now}
}

// detailsBody is every step of the student, lesson by lesson, with the
// criteria and what the progress mirror says.
func (m *Model) detailsBody(r row) string {
	s := r.student
	width := max(20, m.width-2)
	var b strings.Builder
	if s.Error != "" {
		b.WriteString(m.styles.Failed.Render(ansi.Wordwrap(s.Error, width, "")) + "\n")
	}
	if s.Mirror != "" && s.Mirror != grade.MirrorRead {
		b.WriteString(m.styles.Warning.Render(fmt.Sprintf(fmtMirror, s.Mirror)) + "\n")
	}
	titles := map[string]string{}
	if m.update != nil {
		for _, l := range m.update.Class.Lessons {
			titles[l.ID] = l.Title
		}
	}
	for _, l := range s.Lessons {
		b.WriteString("\n" + m.styles.Heading.Render(fmt.Sprintf("%s %s · %s", l.ID, titles[l.ID], points(l.Score, l.Max))) + "\n")
		for _, st := range l.Steps {
			line := fmt.Sprintf("%s %d. %s — %s", m.statusStyle(st.Status).Render(st.Status.Symbol()), st.Step, st.Title, st.Status)
			if notes := stepNotes(st); notes != "" {
				line += m.styles.Subtle.Render(" · " + notes)
			}
			b.WriteString(ansi.Truncate(line, width, "…") + "\n")
			if st.Reason != "" {
				b.WriteString(indent(ansi.Wordwrap(st.Reason, width-4, ""), 4) + "\n")
			}
			if st.Status == grade.StepPassed {
				continue // the criteria of a passed step are all ✓
			}
			for _, res := range st.Results {
				b.WriteString(m.criterion(res, width))
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// criterion draws one criterion's result, with what was found and the
// hint when it did not pass.
func (m *Model) criterion(r checks.Result, width int) string {
	mark, style := "✓", m.styles.Passed
	if r.Status != checks.Passed {
		mark, style = "✗", m.styles.Failed
	}
	text := style.Render(mark) + " " + r.Criterion
	var lines []string
	lines = append(lines, indent(ansi.Wordwrap(text, width-4, ""), 4))
	if r.Status == checks.Passed {
		return strings.Join(lines, "\n") + "\n"
	}
	for _, extra := range []struct{ format, value string }{{fmtFound, r.Found}, {fmtExpected, r.Expected}, {"%s", r.Detail}, {fmtHint, r.Hint}} {
		if extra.value != "" {
			lines = append(lines, m.styles.Subtle.Render(indent(ansi.Wordwrap(fmt.Sprintf(extra.format, extra.value), width-8, ""), 8)))
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// stepNotes says what the mirror records of a step.
func stepNotes(st grade.StepGrade) string {
	var parts []string
	if st.SolutionShown {
		parts = append(parts, markSolution)
	}
	if st.HintsShown > 0 {
		parts = append(parts, fmt.Sprintf(fmtHints, st.HintsShown))
	}
	if st.Attempts > 0 {
		parts = append(parts, fmt.Sprintf(fmtAttempts, st.Attempts))
	}
	return strings.Join(parts, ", ")
}

// indent puts n spaces before every line of s.
func indent(s string, n int) string {
	pre := strings.Repeat(" ", n)
	return pre + strings.ReplaceAll(s, "\n", "\n"+pre)
}
