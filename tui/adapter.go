package tui

import (
	"context"

	"github.com/kubekurs/kubekurs/checks"
	clusterview "github.com/kubekurs/kubekurs/cluster/view"
	"github.com/kubekurs/kubekurs/lessons"
)

// Cluster is everything the TUI needs from the learner's cluster. The TUI
// never uses client-go: live.Cluster implements Cluster over client-go
// (informers, the check engine) and tests use a fake. Every method may be
// called from a tea.Cmd goroutine; none is called from Update or View.
type Cluster interface {
	// Info describes the cluster for the start screen and status bar.
	Info(ctx context.Context) ClusterInfo
	// Evaluate runs a step's checks once (no settling; the TUI re-runs
	// them when the cluster changes) and returns one result per check.
	// A step whose capabilities the cluster lacks is not passed here.
	Evaluate(ctx context.Context, lesson *lessons.Lesson, step *lessons.Step) []checks.Result
	// Objects lists what the cluster panel shows: the objects in the
	// learner's Namespace, in a stable order.
	Objects(ctx context.Context) ([]Object, error)
	// Changes delivers a value whenever something in the learner's
	// Namespace changed (already debounced), and whenever the connection
	// state changed. It is closed when ctx ends.
	Changes(ctx context.Context) <-chan Change
	// ShellCommand prepares the course shell: the user's $SHELL with
	// KUBECONFIG pointing at a copy whose context has the learner's
	// Namespace, and a prompt marker. The TUI runs it with tea.ExecProcess.
	ShellCommand() (ShellCmd, error)
	// PlanReset lists what resetting a lesson would delete from the
	// cluster, and what it would keep (with the reason), without changing
	// anything.
	PlanReset(ctx context.Context, lesson *lessons.Lesson) (ResetPlan, error)
	// Reset deletes what plan lists for deletion and waits until it is
	// gone.
	Reset(ctx context.Context, plan ResetPlan) error
}

// The data the Cluster interface returns is defined in cluster/view, a
// package without client-go that cluster/live and cluster/shell fill in
// (they must not import the TUI); these aliases give the TUI its own
// names for it.
type (
	// ResetPlan is what resetting a lesson does to the cluster.
	ResetPlan = clusterview.ResetPlan
	// ClusterInfo describes the cluster in use.
	ClusterInfo = clusterview.ClusterInfo
	// Object is one row of the cluster panel.
	Object = clusterview.Object
	// Change is one notification from Cluster.Changes.
	Change = clusterview.Change
	// ShellCmd is a prepared course shell.
	ShellCmd = clusterview.ShellCmd
)

// Progress records what the learner has done; cmd implements it over the
// progress file. Methods are called from tea.Cmd goroutines.
type Progress interface {
	// Load returns the saved state.
	Load() (State, error)
	// StepDone records that a step's checks all passed; withSolution is
	// true when the learner had opened the solution first ("løst med
	// fasit").
	StepDone(lessonID string, step int, withSolution bool) error
	// QuizAnswered records a quiz answer.
	QuizAnswered(lessonID string, step int, answer string, correct bool) error
	// AttemptFailed counts a failed attempt at a step: a verdict with a
	// failed criterion that the learner asked for or that differs from the
	// one before (progress/README.md). A done step's count stays.
	AttemptFailed(lessonID string, step int) error
	// HintsShown records that the learner has opened the step's first n
	// hints.
	HintsShown(lessonID string, step, n int) error
	// SolutionShown records that the learner opened the step's solution.
	SolutionShown(lessonID string, step int) error
	// SetPosition remembers where the learner is, to resume there.
	SetPosition(lessonID string, step int) error
	// ResetLesson forgets the lesson's steps and quiz answers.
	ResetLesson(lessonID string) error
}

// Mirror copies the saved progress where an instructor can read it; cmd
// implements it with progress.Mirror (a ConfigMap in the learner's
// Namespace). Write is called from a tea.Cmd goroutine, one call at a
// time. An error may have a Message() string method, the Norwegian notice
// for the learner.
type Mirror interface {
	// Write copies the progress as saved now.
	Write(ctx context.Context) error
}

// State is the saved progress.
type State struct {
	// Done maps lesson id to the steps (1-based) done.
	Done map[string][]int
	// LessonID and Step are where the learner was last.
	LessonID string
	Step     int
}
