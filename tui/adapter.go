package tui

import (
	"context"
	"time"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/lessons"
)

// Cluster is everything the TUI needs from the learner's cluster. The TUI
// never imports client-go: cmd implements Cluster over client-go
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

// ResetPlan is what resetting a lesson does to the cluster.
type ResetPlan struct {
	// LessonID is the lesson's id.
	LessonID string
	// Delete names the objects that go, e.g. "Pod kurs/nginx".
	Delete []string
	// Keep names the objects that stay, each with the reason.
	Keep []string
	// Handle is the Cluster's own record of the plan, for Reset.
	Handle any
}

// ClusterInfo describes the cluster in use.
type ClusterInfo struct {
	// Name is what the learner calls it, e.g. "øvingsclusteret" or a
	// kubeconfig context name.
	Name string
	// Kind is "lab", "kind" or "kubeconfig".
	Kind string
	// Server is the API server's URL.
	Server string
	// Version is the server's Kubernetes version, e.g. "v1.36.3".
	Version string
	// Namespace is the learner's Namespace.
	Namespace string
	// NodesReady and Nodes count the nodes; Nodes is -1 when the learner
	// may not list them.
	NodesReady, Nodes int
	// Connected is false when the API server does not answer.
	Connected bool
	// Missing maps each capability the cluster lacks (as lessons name
	// them in `requires`) to a Norwegian explanation with the fix.
	Missing map[string]string
	// Reason says why the course uses this cluster, when it chose it
	// itself (e.g. no Docker, so the practice cluster), in Norwegian.
	Reason string
	// Warnings are other problems with the cluster, in Norwegian with the
	// fix, e.g. permissions the learner lacks.
	Warnings []string
}

// Object is one row of the cluster panel.
type Object struct {
	// Kind is the object's kind, e.g. "Pod".
	Kind string
	// Name is the object's name.
	Name string
	// Status is a short Norwegian/Kubernetes status, e.g. "Running 1/1",
	// "3/3 klare", "ClusterIP 10.96.0.12".
	Status string
	// Healthy is false for objects in trouble (ImagePullBackOff, not
	// ready), which the panel shows as such.
	Healthy bool
}

// Change is one notification from Cluster.Changes.
type Change struct {
	// Connected is the connection state at the time of the change.
	Connected bool
	// At is when the change was seen.
	At time.Time
}

// ShellCmd is a prepared course shell.
type ShellCmd struct {
	// Path and Args are the program to run (Args[0] is the program name).
	Path string
	Args []string
	// Env is the full environment for it.
	Env []string
	// Cleanup removes temporary files; call it after the shell exits.
	Cleanup func()
}

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
	// SetPosition remembers where the learner is, to resume there.
	SetPosition(lessonID string, step int) error
	// ResetLesson forgets the lesson's steps and quiz answers.
	ResetLesson(lessonID string) error
}

// State is the saved progress.
type State struct {
	// Done maps lesson id to the steps (1-based) done.
	Done map[string][]int
	// LessonID and Step are where the learner was last.
	LessonID string
	Step     int
}
