// Package tui is the course's full-screen terminal interface (Bubble Tea):
// the lesson beside a live view of the learner's cluster. It talks to the
// cluster only through small interfaces that cmd wires in.
//
// cmd builds Options (the course, a Cluster over client-go, a Progress
// over the progress file, NoColor from NO_COLOR, an optional lesson to
// open) and calls Run, which returns when the learner quits. Cluster.Changes
// must already be debounced: every value re-runs the current step's checks
// and refreshes the cluster panel.
//
// The root model (model.go) owns the session and lays out the children:
// the start list (start.go), the lesson text (lesson.go), the check panel
// with the quiz (checkpanel.go, quiz.go), the cluster panel
// (clusterpanel.go) and the status bar (statusbar.go). All I/O runs in the
// commands of commands.go; Norwegian texts live in messages.go and key
// bindings in keys.go.
package tui
