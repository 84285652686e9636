package tui

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/kubekurs/kubekurs/lessons"
	"github.com/kubekurs/kubekurs/progress"
)

// openLesson opens a lesson at the saved step if the learner was there
// last, or else at its first step not done.
func (m *model) openLesson(i int) tea.Cmd {
	l := m.course.Lessons[i]
	if len(l.Steps) == 0 {
		return nil
	}
	step := 0
	if m.state.LessonID == l.ID && m.state.Step > 0 && m.state.Step <= len(l.Steps) {
		step = m.state.Step - 1
	} else {
		for step < len(l.Steps)-1 && m.done.has(l.ID, step) {
			step++
		}
	}
	m.screen = screenLesson
	return m.enterStep(stepRef{lesson: i, step: step})
}

// enterStep shows a step: its text, its quiz, and its checks, run at once
// unless the cluster lacks what the step needs. Their verdicts wait for
// the learner (checkPanel.Reveal) unless they all pass.
func (m *model) enterStep(ref stepRef) tea.Cmd {
	m.lesson.setStep(ref)
	m.confirm = confirmNone
	l, s := m.lesson.lesson(), m.lesson.step()
	m.checks.Reset(ref, s, ref.step == len(l.Steps)-1, m.skippedLines(l, s))
	m.state.LessonID, m.state.Step = l.ID, ref.step+1
	return tea.Batch(savePosition(m.progress, l.ID, ref.step), m.startChecks())
}

// moveStep goes delta steps forward or back within the lesson.
func (m *model) moveStep(delta int) tea.Cmd {
	next := m.lesson.ref.step + delta
	if next < 0 || next >= len(m.lesson.lesson().Steps) {
		return nil
	}
	return m.enterStep(stepRef{lesson: m.lesson.ref.lesson, step: next})
}

// leaveLesson goes back to the start screen; a running check is dropped.
func (m *model) leaveLesson() {
	m.checks.Stop()
	m.screen = screenStart
	m.start.selectLesson(m.lesson.ref.lesson)
}

// skippedLines explains what the cluster lacks for a step; none when it
// has everything or is not described yet.
func (m *model) skippedLines(l *lessons.Lesson, s *lessons.Step) []string {
	missing := m.missing()
	var out []string
	for _, c := range missingCaps(stepNeeds(l, s), missing) {
		out = append(out, fmt.Sprintf(fmtSkippedCapability, c, missing[c]))
	}
	return out
}

// refreshSkip re-decides whether the current step is skipped once the
// cluster is described (again), and checks it if it no longer is or its
// checks waited for the description.
func (m *model) refreshSkip() tea.Cmd {
	if m.screen != screenLesson {
		return nil
	}
	if !m.checks.SetSkipped(m.skippedLines(m.lesson.lesson(), m.lesson.step())) {
		return nil
	}
	return m.startChecks()
}

// startChecks runs the current step's checks, or asks for another run if
// one is going. Until the cluster is described, it is not known whether
// the step is skipped: the run waits for the description.
func (m *model) startChecks() tea.Cmd {
	if m.screen != screenLesson || m.checks.Skipped() {
		return nil
	}
	if !m.infoKnown {
		m.checks.Defer()
		return nil
	}
	seq, tick, ok := m.checks.Start()
	if !ok {
		return nil
	}
	l, s := m.lesson.lesson(), m.lesson.step()
	return tea.Batch(runChecks(m.cluster, l, s, m.lesson.ref, seq), tick)
}

// checksFinished shows a run's results and completes the step if they
// all passed.
func (m *model) checksFinished(msg checksFinishedMsg) tea.Cmd {
	current, again := m.checks.Finish(msg)
	if !current {
		return nil
	}
	cmd := m.maybeComplete()
	if l, ref := m.lesson.lesson(), m.lesson.ref; m.checks.Attempted() && !m.done.has(l.ID, ref.step) {
		cmd = tea.Batch(cmd, recordAttempt(m.progress, l.ID, ref.step))
	}
	if again {
		cmd = tea.Batch(cmd, m.startChecks())
	}
	return cmd
}

// maybeComplete marks the step «Steg fullført» when its checks all passed
// (and, for an observe-only step, its quiz is answered), and records it
// the first time.
func (m *model) maybeComplete() tea.Cmd {
	l, ref := m.lesson.lesson(), m.lesson.ref
	withSolution := m.lesson.solution[ref]
	if !m.checks.Judge(withSolution) || m.done.has(l.ID, ref.step) {
		return nil
	}
	m.done.set(l.ID, ref.step, true)
	return recordStepDone(m.progress, l.ID, ref, withSolution)
}

// quizAnswered records a quiz answer and completes an observe-only step
// that waited for it.
func (m *model) quizAnswered(msg quizAnsweredMsg) tea.Cmd {
	l := m.course.Lessons[msg.ref.lesson]
	cmd := recordQuiz(m.progress, l.ID, msg.ref.step, msg.answer, msg.correct)
	if m.screen == screenLesson && msg.ref == m.lesson.ref {
		cmd = tea.Batch(cmd, m.maybeComplete())
	}
	return cmd
}

// showHint opens the step's next hint.
func (m *model) showHint() tea.Cmd {
	switch {
	case len(m.lesson.step().Hints) == 0:
		m.setFlash(noHints, false)
	case !m.lesson.showHint():
		m.setFlash(noMoreHints, false)
	default:
		ref := m.lesson.ref
		return tea.Batch(m.lesson.render(), recordHints(m.progress, m.lesson.lesson().ID, ref.step, m.lesson.hints[ref]))
	}
	return nil
}

// progressSaved takes a Progress write's outcome. A write that failed
// takes back the step it marked done; a file found corrupt meanwhile was
// set aside and the write went through, which the learner is told. A
// saved change is mirrored for the instructor.
func (m *model) progressSaved(msg progressSavedMsg) tea.Cmd {
	var corrupt *progress.CorruptError
	switch {
	case errors.As(msg.err, &corrupt):
		m.setFlash(corrupt.Message(), true)
	case msg.err != nil:
		if msg.step != nil {
			m.done.set(m.course.Lessons[msg.step.lesson].ID, msg.step.step, false)
		}
		m.setFlash(fmt.Sprintf(fmtSaveFailed, errorText(msg.err)), true)
		return nil
	}
	return m.mirror.changed()
}

// errorText is an error's Norwegian message if it has one.
func errorText(err error) string {
	if m, ok := err.(interface{ Message() string }); ok {
		return m.Message()
	}
	return err.Error()
}

// askSolution asks before opening the solution.
func (m *model) askSolution() tea.Cmd {
	switch {
	case len(m.lesson.step().Solutions) == 0:
		m.setFlash(noSolution, false)
	case m.lesson.solution[m.lesson.ref]:
		m.setFlash(solutionShownAlready, false)
	default:
		m.confirm = confirmSolution
	}
	return nil
}

// copyCode copies the solution once it is shown, or else the step's first
// code block, to the clipboard with OSC 52.
func (m *model) copyCode() tea.Cmd {
	s := m.lesson.step()
	text := ""
	if m.lesson.solution[m.lesson.ref] {
		text = solutionText(s)
	} else {
		text, _ = firstCodeBlock(s.Body)
	}
	if strings.TrimSpace(text) == "" {
		m.setFlash(nothingToCopy, false)
		return nil
	}
	first, rest, _ := strings.Cut(strings.TrimSpace(text), "\n")
	if rest != "" {
		first += " …"
	}
	m.setFlash(fmt.Sprintf(fmtCopied, first), false)
	return tea.SetClipboard(text)
}
