package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/kubekurs/kubekurs/lessons"
)

// lessonView shows the current step's text, rendered by Glamour in a
// command and cached per width, in a scrollable viewport.
type lessonView struct {
	styles Styles
	course *lessons.Course

	ref      stepRef
	hints    map[stepRef]int
	solution map[stepRef]bool

	vp        viewport.Model
	cache     map[docKey]string
	pending   map[docKey]bool
	shown     docKey
	hasShown  bool
	toBottom  bool
	renderErr error
}

// newLessonView returns an empty lesson view.
func newLessonView(course *lessons.Course, st Styles, keys keyMap) lessonView {
	vp := viewport.New()
	vp.KeyMap = keys.Scroll
	return lessonView{
		styles:   st,
		course:   course,
		hints:    map[stepRef]int{},
		solution: map[stepRef]bool{},
		vp:       vp,
		cache:    map[docKey]string{},
		pending:  map[docKey]bool{},
	}
}

// SetSize sets the text's size.
func (v *lessonView) SetSize(w, h int) {
	v.vp.SetWidth(w)
	v.vp.SetHeight(h)
}

// lesson and step return what the view shows.
func (v lessonView) lesson() *lessons.Lesson { return v.course.Lessons[v.ref.lesson] }
func (v lessonView) step() *lessons.Step     { return v.lesson().Steps[v.ref.step] }

// setStep shows another step from its top.
func (v *lessonView) setStep(ref stepRef) {
	v.ref = ref
	v.hasShown = false
	v.renderErr = nil
	v.vp.GotoTop()
}

// key is the rendering the view wants now.
func (v lessonView) key() docKey {
	return docKey{
		ref:      v.ref,
		hints:    v.hints[v.ref],
		solution: v.solution[v.ref],
		width:    max(20, v.vp.Width()-1),
		style:    v.styles.Glamour,
	}
}

// restyle switches styles; renderings in the old style are dropped.
func (v *lessonView) restyle(st Styles) {
	v.styles = st
	clear(v.cache)
}

// render shows the wanted rendering if it is cached, or returns the
// command that renders it.
func (v *lessonView) render() tea.Cmd {
	k := v.key()
	if out, ok := v.cache[k]; ok {
		v.show(k, out)
		return nil
	}
	if v.pending[k] {
		return nil
	}
	v.pending[k] = true
	l := v.lesson()
	return renderStep(k, stepMarkdown(l, k.ref.step, k.hints, k.solution))
}

// rendered stores a finished rendering and shows it if it is still wanted.
func (v *lessonView) rendered(msg renderedMsg) tea.Cmd {
	delete(v.pending, msg.key)
	if msg.err != nil {
		if msg.key == v.key() {
			v.renderErr = msg.err
		}
		return nil
	}
	v.cache[msg.key] = msg.out
	if msg.key == v.key() {
		v.show(msg.key, msg.out)
		return nil
	}
	// The size or step changed while rendering: render what is wanted now.
	return v.render()
}

// show puts a rendering in the viewport, keeping the scroll position
// when only the width changed.
func (v *lessonView) show(k docKey, out string) {
	if v.hasShown && v.shown == k {
		return
	}
	sameStep := v.hasShown && v.shown.ref == k.ref
	off := v.vp.YOffset()
	v.vp.SetContent(out)
	v.shown, v.hasShown = k, true
	switch {
	case v.toBottom:
		v.vp.GotoBottom()
		v.toBottom = false
	case sameStep:
		v.vp.SetYOffset(off)
	default:
		v.vp.GotoTop()
	}
}

// showHint opens the next hint; it reports false when none is left.
func (v *lessonView) showHint() bool {
	if v.hints[v.ref] >= len(v.step().Hints) {
		return false
	}
	v.hints[v.ref]++
	v.toBottom = true
	return true
}

// showSolution opens the solution.
func (v *lessonView) showSolution() {
	v.solution[v.ref] = true
	v.toBottom = true
}

// Update scrolls the text.
func (v lessonView) Update(msg tea.Msg) (lessonView, tea.Cmd) {
	var cmd tea.Cmd
	v.vp, cmd = v.vp.Update(msg)
	return v, cmd
}

// View draws the text.
func (v lessonView) View() string {
	switch {
	case v.renderErr != nil:
		return fit(v.styles.Failed.Render(wrap(fmt.Sprintf(fmtRenderFailed, v.renderErr), v.vp.Width())), v.vp.Width(), v.vp.Height())
	case !v.hasShown:
		return fit("\n  "+v.styles.Subtle.Render(renderLoading), v.vp.Width(), v.vp.Height())
	}
	return fit(v.vp.View(), v.vp.Width(), v.vp.Height())
}

// header draws the line above the text: the lesson, the step and the
// steps' progress (✓ done, ↷ skipped, · to do; the current in brackets).
func (v lessonView) header(width int, done doneSet, missing map[string]string) string {
	l := v.lesson()
	var marks strings.Builder
	for i, s := range l.Steps {
		m := symbolTodo
		switch {
		case done.has(l.ID, i):
			m = v.styles.Passed.Render(symbolDone)
		case len(missingCaps(stepNeeds(l, s), missing)) > 0:
			m = v.styles.Skipped.Render(symbolSkipped)
		}
		if i == v.ref.step {
			m = v.styles.Selected.Render("[") + m + v.styles.Selected.Render("]")
		}
		marks.WriteString(m)
	}
	right := fmt.Sprintf(fmtStepOf, v.ref.step+1, len(l.Steps))
	if withMarks := right + " " + marks.String(); lineWidth(withMarks) <= width/2 {
		right = withMarks
	}
	leftW := max(0, width-lineWidth(right)-2)
	left := clip(v.styles.Title.Render(l.ID+"  "+l.Title), leftW, 1)
	return padRight(left, width-lineWidth(right)) + right
}
