package tui

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/lessons"
)

// Deadlines of the calls the commands make.
const (
	// callTimeout bounds Cluster.Info and Cluster.Objects.
	callTimeout = 10 * time.Second
	// checkTimeout bounds one run of a step's checks.
	checkTimeout = 30 * time.Second
	// resetTimeout bounds Cluster.Reset, which waits until the deleted
	// objects are gone.
	resetTimeout = 3 * time.Minute
)

// Messages: facts the commands report back to Update.

// progressLoadedMsg: Progress.Load returned.
type progressLoadedMsg struct {
	state State
	err   error
}

// clusterInfoMsg: Cluster.Info described the cluster.
type clusterInfoMsg struct{ info ClusterInfo }

// objectsLoadedMsg: Cluster.Objects listed the cluster panel's rows.
type objectsLoadedMsg struct {
	objects []Object
	err     error
}

// changesSubscribedMsg: Cluster.Changes handed out its channel.
type changesSubscribedMsg struct{ ch <-chan Change }

// clusterChangedMsg: something in the learner's Namespace, or the
// connection, changed.
type clusterChangedMsg struct{ change Change }

// checksFinishedMsg: one run of a step's checks finished.
type checksFinishedMsg struct {
	ref     stepRef
	seq     int
	results []checks.Result
}

// renderedMsg: Glamour rendered a step's text.
type renderedMsg struct {
	key docKey
	out string
	err error
}

// progressSavedMsg: a Progress write finished; step is set for StepDone.
type progressSavedMsg struct {
	step *stepRef
	err  error
}

// shellPreparedMsg: Cluster.ShellCommand prepared the course shell.
type shellPreparedMsg struct {
	shell ShellCmd
	err   error
}

// shellExitedMsg: the course shell exited and the TUI is back.
type shellExitedMsg struct {
	cleanup func()
	err     error
}

// lessonChosenMsg: the learner picked a lesson on the start screen.
type lessonChosenMsg struct{ lesson int }

// resetRequestedMsg: the learner asked to reset a lesson.
type resetRequestedMsg struct{ lesson int }

// resetPlannedMsg: Cluster.PlanReset answered.
type resetPlannedMsg struct {
	plan ResetPlan
	err  error
}

// resetDoneMsg: the reset finished (err from the cluster or progress).
type resetDoneMsg struct {
	lessonID string
	err      error
}

// quizAnsweredMsg: the learner answered a step's quiz.
type quizAnsweredMsg struct {
	ref     stepRef
	answer  string
	correct bool
}

// Commands: the TUI's I/O, each run by Bubble Tea off the update loop.

// loadProgress reads the saved progress.
func loadProgress(p Progress) tea.Cmd {
	return func() tea.Msg {
		st, err := p.Load()
		return progressLoadedMsg{state: st, err: err}
	}
}

// planReset asks the cluster what resetting lesson would do.
func planReset(c Cluster, lesson *lessons.Lesson) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		plan, err := c.PlanReset(ctx, lesson)
		return resetPlannedMsg{plan: plan, err: err}
	}
}

// doReset deletes what plan lists and forgets the lesson's progress.
func doReset(c Cluster, p Progress, plan ResetPlan) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), resetTimeout)
		defer cancel()
		if err := c.Reset(ctx, plan); err != nil {
			return resetDoneMsg{lessonID: plan.LessonID, err: err}
		}
		return resetDoneMsg{lessonID: plan.LessonID, err: p.ResetLesson(plan.LessonID)}
	}
}

// fetchInfo describes the cluster.
func fetchInfo(c Cluster) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		return clusterInfoMsg{info: c.Info(ctx)}
	}
}

// fetchObjects lists the objects in the learner's Namespace.
func fetchObjects(c Cluster) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		objs, err := c.Objects(ctx)
		return objectsLoadedMsg{objects: objs, err: err}
	}
}

// subscribeChanges asks the cluster for its change notifications. The
// subscription has no deadline: it lasts until sub is stopped.
func subscribeChanges(c Cluster, sub *subscription) tea.Cmd {
	return func() tea.Msg {
		return changesSubscribedMsg{ch: c.Changes(sub.context())}
	}
}

// subscription ends the cluster's change notifications. The model's
// copies and the command that subscribes share it, so that a stop that
// comes before the subscription still ends it.
type subscription struct {
	mu      sync.Mutex
	cancel  context.CancelFunc
	stopped bool
}

// context returns the subscription's context, already ended if the
// subscription was stopped.
func (s *subscription) context() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		cancel()
	} else {
		s.cancel = cancel
	}
	return ctx
}

// stop ends the subscription; it may be called more than once.
func (s *subscription) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	if s.cancel != nil {
		s.cancel()
	}
}

// waitForChange waits for the next change notification; it reports
// nothing once the channel is closed.
func waitForChange(ch <-chan Change) tea.Cmd {
	return func() tea.Msg {
		c, ok := <-ch
		if !ok {
			return nil
		}
		return clusterChangedMsg{change: c}
	}
}

// runChecks evaluates a step's checks once.
func runChecks(c Cluster, l *lessons.Lesson, s *lessons.Step, ref stepRef, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
		defer cancel()
		return checksFinishedMsg{ref: ref, seq: seq, results: c.Evaluate(ctx, l, s)}
	}
}

// renderStep renders a step's Markdown with Glamour.
func renderStep(key docKey, md string) tea.Cmd {
	return func() tea.Msg {
		out, err := renderMarkdown(md, key.style, key.width)
		return renderedMsg{key: key, out: out, err: err}
	}
}

// recordStepDone records a finished step (step is 0-based here, 1-based
// in Progress).
func recordStepDone(p Progress, lessonID string, ref stepRef, withSolution bool) tea.Cmd {
	return func() tea.Msg {
		return progressSavedMsg{step: &ref, err: p.StepDone(lessonID, ref.step+1, withSolution)}
	}
}

// recordQuiz records a quiz answer.
func recordQuiz(p Progress, lessonID string, step int, answer string, correct bool) tea.Cmd {
	return func() tea.Msg {
		return progressSavedMsg{err: p.QuizAnswered(lessonID, step+1, answer, correct)}
	}
}

// recordAttempt counts a failed attempt at a step (0-based here).
func recordAttempt(p Progress, lessonID string, step int) tea.Cmd {
	return func() tea.Msg {
		return progressSavedMsg{err: p.AttemptFailed(lessonID, step+1)}
	}
}

// recordHints records that the step's first n hints are open.
func recordHints(p Progress, lessonID string, step, n int) tea.Cmd {
	return func() tea.Msg {
		return progressSavedMsg{err: p.HintsShown(lessonID, step+1, n)}
	}
}

// recordSolution records that the step's solution was opened.
func recordSolution(p Progress, lessonID string, step int) tea.Cmd {
	return func() tea.Msg {
		return progressSavedMsg{err: p.SolutionShown(lessonID, step+1)}
	}
}

// savePosition remembers where the learner is.
func savePosition(p Progress, lessonID string, step int) tea.Cmd {
	return func() tea.Msg {
		return progressSavedMsg{err: p.SetPosition(lessonID, step+1)}
	}
}

// prepareShell prepares the course shell.
func prepareShell(c Cluster) tea.Cmd {
	return func() tea.Msg {
		sh, err := c.ShellCommand()
		if err != nil {
			return shellPreparedMsg{err: err}
		}
		if len(sh.Args) == 0 {
			sh.Args = []string{sh.Path}
		}
		if !strings.ContainsRune(sh.Path, filepath.Separator) {
			// exec.Cmd runs Path as given; a bare name must be looked up.
			path, err := exec.LookPath(sh.Path)
			if err != nil {
				if sh.Cleanup != nil {
					sh.Cleanup()
				}
				return shellPreparedMsg{err: err}
			}
			sh.Path = path
		}
		return shellPreparedMsg{shell: sh}
	}
}

// runShell suspends the TUI and runs the prepared shell in the terminal.
func runShell(sh ShellCmd) tea.Cmd {
	cmd := &exec.Cmd{Path: sh.Path, Args: sh.Args, Env: sh.Env}
	return tea.ExecProcess(cmd, func(err error) tea.Msg {
		return shellExitedMsg{cleanup: sh.Cleanup, err: err}
	})
}

// cleanupShell removes the shell's temporary files.
func cleanupShell(cleanup func()) tea.Cmd {
	if cleanup == nil {
		return nil
	}
	return func() tea.Msg {
		cleanup()
		return nil
	}
}
