// Package tui is the course's full-screen terminal interface (Bubble Tea):
// the lesson beside a live view of the learner's cluster. It talks to the
// cluster only through small interfaces that cmd wires in.
//
// cmd builds Options (the course, a Cluster over client-go, a Progress
// over the progress file, NoColor from NO_COLOR, an optional lesson to
// open) and calls Run, which returns when the learner quits. Cluster.Changes
// must already be debounced: every value re-runs the current step's checks
// and refreshes the cluster panel. A fresh step shows its criteria as
// waiting, without verdicts, until the learner presses s or a Change that
// is not only the connection coming back arrives; so Changes must report
// real changes in the Namespace only (not an informer's initial list or a
// resync).
//
// The root model (model.go) owns the session and lays out the children:
// the start list (start.go), the lesson text (lesson.go), the check panel
// with the quiz (checkpanel.go, checkpanel_view.go, quiz.go), the cluster
// panel (clusterpanel.go) and the status bar (statusbar.go); it changes
// them only through their methods. All I/O runs in the commands of
// commands.go, every call with its own deadline; Norwegian texts live in
// messages.go and key bindings in keys.go.
package tui
