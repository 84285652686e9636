package tui

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// Update handles one message and lays the screen out again.
func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	cmd = tea.Batch(cmd, m.layout())
	return m, cmd
}

// update changes the state for one message.
func (m *model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		if msg.IsDark() != m.styles.Dark {
			m.restyle(newStyles(msg.IsDark(), m.noColor))
		}
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		if m.screen == screenLesson {
			var cmd tea.Cmd
			m.lesson, cmd = m.lesson.Update(msg)
			return cmd
		}
	case progressLoadedMsg:
		return m.progressLoaded(msg)
	case clusterInfoMsg:
		m.info, m.infoKnown = msg.info, true
		m.syncInfo()
		return m.refreshSkip()
	case objectsLoadedMsg:
		m.panel.setObjects(msg)
	case changesSubscribedMsg:
		m.changes = msg.ch
		if msg.ch != nil {
			return waitForChange(msg.ch)
		}
	case clusterChangedMsg:
		return m.clusterChanged(msg.change)
	case checksFinishedMsg:
		return m.checksFinished(msg)
	case renderedMsg:
		return m.lesson.rendered(msg)
	case progressSavedMsg:
		return m.progressSaved(msg)
	case mirrorDueMsg:
		return m.mirror.due()
	case mirrorWrittenMsg:
		notice, cmd := m.mirror.written(msg.err)
		if notice != "" {
			m.setFlash(notice, true)
		}
		return cmd
	case shellPreparedMsg:
		if msg.err != nil {
			m.setFlash(fmt.Sprintf(fmtShellFailed, msg.err), true)
			return nil
		}
		return runShell(msg.shell)
	case shellExitedMsg:
		var exit *exec.ExitError
		if msg.err != nil && !errors.As(msg.err, &exit) { // the shell's own exit status is no failure
			m.setFlash(fmt.Sprintf(fmtShellFailed, msg.err), true)
		} else {
			m.setFlash(shellReturned, false)
		}
		return tea.Batch(cleanupShell(msg.cleanup), m.startChecks(), fetchObjects(m.cluster))
	case lessonChosenMsg:
		return m.openLesson(msg.lesson)
	case resetRequestedMsg:
		m.setFlash(resetPlanning, false)
		return planReset(m.cluster, m.course.Lessons[msg.lesson])
	case resetPlannedMsg:
		if msg.err != nil {
			m.setFlash(fmt.Sprintf(fmtResetFailed, msg.err), true)
			return nil
		}
		m.flash, m.reset, m.confirm = "", &msg.plan, confirmReset
	case resetDoneMsg:
		if msg.err != nil {
			m.setFlash(fmt.Sprintf(fmtResetFailed, msg.err), true)
			return nil
		}
		m.done.forget(msg.lessonID)
		m.setFlash(fmt.Sprintf(fmtResetDone, msg.lessonID), false)
		return tea.Batch(fetchObjects(m.cluster), m.mirror.changed())
	case quizAnsweredMsg:
		return m.quizAnswered(msg)
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.checks, cmd = m.checks.Update(msg)
		return cmd
	default:
		// The reflection input's cursor blinks with its own messages.
		if m.screen == screenLesson {
			var cmd tea.Cmd
			m.checks, cmd = m.checks.Update(msg)
			return cmd
		}
	}
	return nil
}

// handleKey handles the global keys, then gives the key to the screen.
func (m *model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	m.flash = ""
	if m.confirm != confirmNone {
		return m.answerConfirm(k)
	}
	typing := m.screen == screenLesson && m.checks.Typing()
	if k.String() == "ctrl+c" || (!typing && key.Matches(k, m.keys.Quit)) {
		return m.quit()
	}
	if m.tooSmall() {
		return nil
	}
	if !typing && key.Matches(k, m.keys.Help) {
		if m.status.ToggleHelp() {
			m.keys.Help.SetHelp("?", helpLess)
		} else {
			m.keys.Help.SetHelp("?", helpMore)
		}
		return nil
	}
	if m.screen == screenStart {
		var cmd tea.Cmd
		m.start, cmd = m.start.Update(k)
		return cmd
	}
	return m.lessonKey(k)
}

// answerConfirm handles j/n while a question waits.
func (m *model) answerConfirm(k tea.KeyPressMsg) tea.Cmd {
	asked := m.confirm
	switch {
	case k.String() == "ctrl+c" && asked == confirmQuit:
		return m.quitNow()
	case k.String() == "ctrl+c":
		m.confirm = confirmNone
		return m.quit()
	case key.Matches(k, m.keys.Yes):
		m.confirm = confirmNone
		if asked == confirmQuit {
			return m.quitNow()
		}
		if asked == confirmReset {
			plan := *m.reset
			m.reset = nil
			m.setFlash(resetRunning, false)
			return doReset(m.cluster, m.progress, plan)
		}
		m.lesson.showSolution()
		return tea.Batch(m.lesson.render(), recordSolution(m.progress, m.lesson.lesson().ID, m.lesson.ref.step))
	case key.Matches(k, m.keys.No):
		m.confirm, m.reset = confirmNone, nil
	}
	return nil
}

// resetQuestion asks before a reset, naming what goes and what stays.
func resetQuestion(p ResetPlan) string {
	q := fmt.Sprintf(fmtConfirmResetNothing, p.LessonID)
	if len(p.Delete) > 0 {
		q = fmt.Sprintf(fmtConfirmReset, p.LessonID, strings.Join(p.Delete, ", "))
	}
	if len(p.Keep) > 0 {
		q += fmt.Sprintf(fmtResetKept, strings.Join(p.Keep, "; "))
	}
	return q + confirmYesNo
}

// quit quits, after asking if checks are running.
func (m *model) quit() tea.Cmd {
	if m.screen == screenLesson && m.checks.Running() {
		m.confirm = confirmQuit
		return nil
	}
	return m.quitNow()
}

// quitNow ends the change notifications and quits.
func (m *model) quitNow() tea.Cmd {
	m.stop()
	return tea.Quit
}

// lessonKey handles a key on the lesson screen.
func (m *model) lessonKey(k tea.KeyPressMsg) tea.Cmd {
	if m.checks.QuizFocused() {
		var cmd tea.Cmd
		m.checks, cmd = m.checks.Update(k)
		return cmd
	}
	switch {
	case key.Matches(k, m.keys.Next):
		return m.moveStep(1)
	case key.Matches(k, m.keys.Prev):
		return m.moveStep(-1)
	case key.Matches(k, m.keys.Check):
		m.checks.Ask()
		return m.startChecks()
	case key.Matches(k, m.keys.Hint):
		return m.showHint()
	case key.Matches(k, m.keys.Solution):
		return m.askSolution()
	case key.Matches(k, m.keys.Copy):
		return m.copyCode()
	case key.Matches(k, m.keys.Panel):
		m.showPanel = !m.showPanel
	case key.Matches(k, m.keys.Shell):
		return prepareShell(m.cluster)
	case key.Matches(k, m.keys.Back):
		m.leaveLesson()
	case key.Matches(k, m.keys.Quiz):
		return m.checks.FocusQuiz()
	default:
		var cmd tea.Cmd
		m.lesson, cmd = m.lesson.Update(k)
		return cmd
	}
	return nil
}

// syncInfo hands the cluster's description to the children.
func (m *model) syncInfo() {
	m.start.SetCluster(m.info)
	m.status.SetCluster(m.info)
	m.panel.SetCluster(m.info)
	m.checks.SetConnected(m.info.Connected)
}

// progressLoaded takes the saved progress, and resumes at the saved step
// of a lesson opened with Options.StartLesson.
func (m *model) progressLoaded(msg progressLoadedMsg) tea.Cmd {
	resume := m.resume
	m.resume = false
	if msg.err != nil {
		m.setFlash(fmt.Sprintf(fmtProgressFailed, msg.err), true)
		return nil
	}
	m.state = msg.state
	mirror := m.mirror.changed()
	for id, steps := range newDoneSet(msg.state) {
		for s := range steps {
			m.done.set(id, s, true)
		}
	}
	if i := m.lessonIndex(msg.state.LessonID); i >= 0 && m.screen == screenStart {
		m.start.selectLesson(i)
	}
	if !resume || m.screen != screenLesson || m.lesson.ref.step != 0 {
		return mirror
	}
	l := m.lesson.lesson()
	if msg.state.LessonID == l.ID && msg.state.Step > 1 && msg.state.Step <= len(l.Steps) {
		return tea.Batch(mirror, m.enterStep(stepRef{lesson: m.lesson.ref.lesson, step: msg.state.Step - 1}))
	}
	return mirror
}

// clusterChanged re-checks the step and refreshes the cluster panel. A
// change in the Namespace (not the connection coming or going) shows the
// step's verdicts from now on.
func (m *model) clusterChanged(c Change) tea.Cmd {
	was := m.info.Connected
	m.info.Connected = c.Connected
	if m.infoKnown {
		m.syncInfo()
	} else {
		m.checks.SetConnected(c.Connected)
	}
	if was && c.Connected {
		m.checks.Reveal()
	}
	cmds := []tea.Cmd{fetchObjects(m.cluster)}
	if c.Connected {
		// Checks against an unreachable cluster only say miljøfeil; they
		// run again with the change that reports the connection back.
		cmds = append(cmds, m.startChecks())
	}
	if m.changes != nil {
		cmds = append(cmds, waitForChange(m.changes))
	}
	if was != c.Connected {
		cmds = append(cmds, fetchInfo(m.cluster))
	}
	return tea.Batch(cmds...)
}
