package tui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Timing of the progress mirror.
const (
	// mirrorDebounce is how long the mirror waits after a change for more
	// changes, so that a burst of them costs one write.
	mirrorDebounce = 2 * time.Second
	// mirrorTimeout bounds one write.
	mirrorTimeout = 15 * time.Second
)

// mirrorDueMsg: the mirror's wait after a change is over.
type mirrorDueMsg struct{}

// mirrorWrittenMsg: a Mirror.Write finished.
type mirrorWrittenMsg struct{ err error }

// mirrorSync coalesces progress changes into mirror writes: the first
// change starts a wait of mirrorDebounce, changes meanwhile ride along,
// and changes during a write start another wait when it is done. Only one
// write runs at a time. A failure is told once per session.
type mirrorSync struct {
	mirror  Mirror
	waiting bool
	writing bool
	dirty   bool
	warned  bool
}

// changed notes that the progress changed and returns the wait to start,
// if none is going.
func (s *mirrorSync) changed() tea.Cmd {
	switch {
	case s.mirror == nil:
		return nil
	case s.writing:
		s.dirty = true
		return nil
	case s.waiting:
		return nil
	}
	s.waiting = true
	return tea.Tick(mirrorDebounce, func(time.Time) tea.Msg { return mirrorDueMsg{} })
}

// due starts the write the wait was for.
func (s *mirrorSync) due() tea.Cmd {
	s.waiting = false
	if s.writing {
		s.dirty = true
		return nil
	}
	s.writing = true
	return writeMirror(s.mirror)
}

// written takes a write's outcome: notice is the learner's message the
// first time a write fails, and cmd the next wait if the progress changed
// during the write.
func (s *mirrorSync) written(err error) (notice string, cmd tea.Cmd) {
	s.writing = false
	if err != nil && !s.warned {
		s.warned = true
		notice = mirrorNotice(err)
	}
	if s.dirty {
		s.dirty = false
		cmd = s.changed()
	}
	return notice, cmd
}

// mirrorNotice is the Norwegian notice for a failed write.
func mirrorNotice(err error) string {
	if m, ok := err.(interface{ Message() string }); ok {
		return m.Message()
	}
	return fmt.Sprintf(fmtMirrorFailed, err)
}

// writeMirror copies the saved progress for the instructor.
func writeMirror(m Mirror) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), mirrorTimeout)
		defer cancel()
		return mirrorWrittenMsg{err: m.Write(ctx)}
	}
}
