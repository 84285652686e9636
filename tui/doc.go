// Package tui is the course's full-screen terminal interface (Bubble Tea):
// the lesson beside a live view of the learner's cluster. It talks to the
// cluster only through small interfaces that cmd wires in.
package tui
