package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/kubekurs/kubekurs/lessons"
)

// startList is the start screen: the course's lessons with their status,
// the cluster in use, and what the cluster lacks for the chosen lesson.
type startList struct {
	styles Styles
	keys   keyMap
	course *lessons.Course
	// notice is shown above the lessons until the learner dismisses it.
	notice string

	done      doneSet
	info      ClusterInfo
	infoKnown bool

	cursor, offset int
	width, height  int
}

// newStartList returns the start screen for course; done is the steps
// done, which the root model keeps up to date.
func newStartList(course *lessons.Course, st Styles, keys keyMap, done doneSet) startList {
	return startList{styles: st, keys: keys, course: course, done: done}
}

// restyle switches styles.
func (s *startList) restyle(st Styles) { s.styles = st }

// SetCluster shows the cluster's description and what it lacks.
func (s *startList) SetCluster(info ClusterInfo) {
	s.info, s.infoKnown = info, true
}

// SetNotice shows notice above the lessons until the learner dismisses
// it; "" shows none.
func (s *startList) SetNotice(notice string) {
	s.notice = notice
	s.scroll()
}

// HasNotice reports whether a notice is shown.
func (s startList) HasNotice() bool { return s.notice != "" }

// SetSize sets the screen's size.
func (s *startList) SetSize(w, h int) {
	s.width, s.height = w, h
	s.scroll()
}

// Update moves the cursor and reports the chosen lesson.
func (s startList) Update(msg tea.Msg) (startList, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	if s.notice != "" && key.Matches(k, s.keys.Dismiss) {
		s.notice = ""
		s.scroll()
		return s, nil
	}
	if len(s.course.Lessons) == 0 {
		return s, nil
	}
	switch {
	case key.Matches(k, s.keys.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(k, s.keys.Down):
		s.cursor = min(len(s.course.Lessons)-1, s.cursor+1)
	case key.Matches(k, s.keys.Open):
		i := s.cursor
		return s, func() tea.Msg { return lessonChosenMsg{lesson: i} }
	case key.Matches(k, s.keys.Reset):
		i := s.cursor
		return s, func() tea.Msg { return resetRequestedMsg{lesson: i} }
	}
	s.scroll()
	return s, nil
}

// select puts the cursor on lesson i.
func (s *startList) selectLesson(i int) {
	if i >= 0 && i < len(s.course.Lessons) {
		s.cursor = i
		s.scroll()
	}
}

// listHeight is how many lesson rows fit.
func (s startList) listHeight() int {
	return max(1, s.height-len(s.noticeLines())-len(s.detailLines())-len(s.clusterLines())-4)
}

// scroll keeps the cursor's row visible.
func (s *startList) scroll() {
	h := s.listHeight()
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+h {
		s.offset = s.cursor - h + 1
	}
}

// View draws the start screen.
func (s startList) View() string {
	var b strings.Builder
	b.WriteString(s.styles.Title.Render(s.course.Title))
	b.WriteString("\n\n")
	for _, l := range s.noticeLines() {
		b.WriteString(l + "\n")
	}
	b.WriteString(s.styles.Heading.Render(headingLessons))
	b.WriteString("\n")
	if len(s.course.Lessons) == 0 {
		b.WriteString(courseEmpty + "\n")
	}
	end := min(len(s.course.Lessons), s.offset+s.listHeight())
	for i := s.offset; i < end; i++ {
		b.WriteString(s.row(i))
		b.WriteString("\n")
	}
	for _, l := range s.detailLines() {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n")
	b.WriteString(strings.Join(s.clusterLines(), "\n"))
	return fit(b.String(), s.width, s.height)
}

// row draws lesson i's line.
func (s startList) row(i int) string {
	l := s.course.Lessons[i]
	status, doneN := lessonStatus(l, s.done)
	cursor, title := " ", l.Title
	if i == s.cursor {
		cursor, title = symbolCursor, s.styles.Selected.Render(l.Title)
	}
	mark := " "
	if s.infoKnown && len(missingCaps(lessonNeeds(l), s.info.Missing)) > 0 {
		mark = s.styles.Warning.Render(symbolEnvError)
	}
	titleW := 10
	for _, l := range s.course.Lessons {
		titleW = max(titleW, lineWidth(l.Title))
	}
	titleW = min(titleW, max(10, s.width-50))
	line := fmt.Sprintf("%s %s %-5s %s  %-13s %-12s",
		cursor, mark, l.ID, padRight(clip(title, titleW, 1), titleW),
		status, fmt.Sprintf(fmtStepsDone, doneN, len(l.Steps)))
	if l.Minutes > 0 {
		line += " " + s.styles.Subtle.Render(fmt.Sprintf(fmtMinutes, l.Minutes))
	}
	if status == lessonCompleted {
		line = strings.Replace(line, status, s.styles.Passed.Render(status), 1)
	}
	return line
}

// noticeLines are the notice, with how to dismiss it, and a blank line;
// none when there is no notice.
func (s startList) noticeLines() []string {
	if s.notice == "" {
		return nil
	}
	w := max(10, s.width-4)
	return splitLines([]string{
		s.styles.Warning.Render(wrap(s.notice, w)),
		s.styles.Subtle.Render(wrap(fmt.Sprintf(fmtNoticeDismiss, s.keys.Dismiss.Help().Key), w)),
		"",
	})
}

// detailLines describe the lesson under the cursor: its description and
// what the cluster lacks for it.
func (s startList) detailLines() []string {
	if len(s.course.Lessons) == 0 {
		return nil
	}
	l := s.course.Lessons[s.cursor]
	w := max(10, s.width-4)
	var out []string
	if l.Description != "" {
		out = append(out, "", s.styles.Subtle.Render(wrap(l.Description, w)))
	}
	if !s.infoKnown {
		return out
	}
	for _, c := range missingCaps(l.Requires, s.info.Missing) {
		out = append(out, s.styles.Warning.Render(wrap(fmt.Sprintf(fmtLessonMissing, c, s.info.Missing[c]), w)))
	}
	if len(missingCaps(l.Requires, s.info.Missing)) > 0 {
		out = append(out, s.styles.Warning.Render(lessonNeedsAll))
		return splitLines(out)
	}
	for i, st := range l.Steps {
		for _, c := range missingCaps(st.Options.Requires, s.info.Missing) {
			out = append(out, s.styles.Warning.Render(wrap(fmt.Sprintf(fmtStepMissing, i+1, c)+" "+s.info.Missing[c], w)))
		}
	}
	return splitLines(out)
}

// clusterLines describe the cluster in use.
func (s startList) clusterLines() []string {
	out := []string{s.styles.Heading.Render(headingCluster)}
	if !s.infoKnown {
		return append(out, s.styles.Subtle.Render(clusterLoading))
	}
	i := s.info
	parts := []string{fmt.Sprintf(fmtClusterName, i.Name, kindText(i.Kind))}
	if i.Version != "" {
		parts = append(parts, fmt.Sprintf(fmtClusterVersion, i.Version))
	}
	if i.Nodes < 0 {
		parts = append(parts, clusterNodesUnknown)
	} else {
		parts = append(parts, fmt.Sprintf(fmtClusterNodes, i.NodesReady, i.Nodes))
	}
	out = append(out, strings.Join(parts, " · "))
	if i.Server != "" {
		out = append(out, s.styles.Subtle.Render(fmt.Sprintf(fmtClusterServer, i.Server)))
	}
	if i.Reason != "" {
		out = append(out, s.styles.Subtle.Render(wrap(i.Reason, max(10, s.width-4))))
	}
	if !i.Connected {
		out = append(out, s.styles.Disconnected.Render(wrap(clusterUnreachable, max(10, s.width-4))))
	}
	for _, w := range i.Warnings {
		out = append(out, s.styles.Warning.Render(wrap(w, max(10, s.width-4))))
	}
	return splitLines(out)
}

// splitLines splits multi-line entries so that each entry is one line.
func splitLines(in []string) []string {
	var out []string
	for _, s := range in {
		out = append(out, strings.Split(s, "\n")...)
	}
	return out
}

// kindText describes ClusterInfo.Kind.
func kindText(kind string) string {
	switch kind {
	case "lab":
		return kindLab
	case "kind":
		return kindKind
	case "kubeconfig":
		return kindKubeconfig
	}
	return kind
}

// lessonNeeds lists every capability a lesson or one of its steps needs.
func lessonNeeds(l *lessons.Lesson) []string {
	need := append([]string(nil), l.Requires...)
	for _, s := range l.Steps {
		need = append(need, s.Options.Requires...)
	}
	return need
}

// lessonStatus says whether a lesson is not started, started or completed,
// and how many of its steps are done.
func lessonStatus(l *lessons.Lesson, done doneSet) (string, int) {
	n := 0
	for i := range l.Steps {
		if done.has(l.ID, i) {
			n++
		}
	}
	switch {
	case n == 0:
		return lessonNotStarted, 0
	case n >= len(l.Steps):
		return lessonCompleted, n
	}
	return lessonStarted, n
}

// doneSet holds the steps done, by lesson id and 0-based step index.
type doneSet map[string]map[int]bool

// newDoneSet reads State.Done (1-based steps).
func newDoneSet(st State) doneSet {
	d := doneSet{}
	for id, steps := range st.Done {
		for _, n := range steps {
			d.set(id, n-1, true)
		}
	}
	return d
}

// has reports whether the step is done.
func (d doneSet) has(id string, step int) bool { return d[id][step] }

// forget marks every step of lesson id not done.
func (d doneSet) forget(id string) { delete(d, id) }

// set marks the step done or not done.
func (d doneSet) set(id string, step int, done bool) {
	if d[id] == nil {
		d[id] = map[int]bool{}
	}
	if done {
		d[id][step] = true
	} else {
		delete(d[id], step)
	}
}
