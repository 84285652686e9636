package tui

import (
	"errors"
	"strings"
	"testing"

	"github.com/kubekurs/kubekurs/progress"
)

// corruptNotice is what cmd passes as Options.Notice when the progress
// file could not be read.
func corruptNotice() string {
	return (&progress.CorruptError{Path: "/home/kari/.config/kubekurs/progress.json",
		Backup: "/home/kari/.config/kubekurs/progress.json.ødelagt-20261204-174500", Err: errors.New("unexpected end of JSON input")}).Message()
}

// TestGoldenStartScreenNotice: why every lesson is «ikke startet» is on
// the start screen, with the key that hides it.
func TestGoldenStartScreenNotice(t *testing.T) {
	s := startSession(t, 100, 30, func(_ *session, o *Options) { o.Notice = corruptNotice() })
	s.waitFor(t, "kunne ikke leses", "ødelagt-20261204-174500", "Trykk esc for å skjule meldingen.", "skjul meldingen", "tilkoblet")
	s.finish(t)
}

// TestNoticeDismissed: esc hides the notice for good, and the start
// screen's keys work while it shows.
func TestNoticeDismissed(t *testing.T) {
	m, _, _ := setup(t, func(o *Options) { o.Notice = corruptNotice() })
	if !m.start.HasNotice() || !strings.Contains(view(m), "blanke ark") || !strings.Contains(view(m), helpDismiss) {
		t.Fatalf("the notice is not shown:\n%s", view(m))
	}
	m, _ = update(m, keyPress("down"))
	if m.start.cursor != 1 || !m.start.HasNotice() {
		t.Errorf("down with the notice shown: cursor %d, notice %v", m.start.cursor, m.start.HasNotice())
	}
	m, cmd := update(m, keyPress("esc"))
	if cmd != nil || m.start.HasNotice() || m.screen != screenStart {
		t.Errorf("after esc: notice %v, screen %d, cmd %v", m.start.HasNotice(), m.screen, cmd)
	}
	if v := view(m); strings.Contains(v, "blanke ark") || strings.Contains(v, helpDismiss) {
		t.Errorf("the notice is still shown after esc:\n%s", v)
	}
}

// TestNoNoticeNoDismissKey: without a notice the start screen neither
// shows one nor offers the key.
func TestNoNoticeNoDismissKey(t *testing.T) {
	m, _, _ := setup(t)
	if m.start.HasNotice() || strings.Contains(view(m), helpDismiss) {
		t.Errorf("a notice or its key without a notice:\n%s", view(m))
	}
}
