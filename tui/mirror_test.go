package tui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kubekurs/kubekurs/progress"
)

// fakeMirror counts writes and fails them with err.
type fakeMirror struct {
	mu     sync.Mutex
	writes int
	err    error
}

func (f *fakeMirror) Write(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		return errors.New("no deadline")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	return f.err
}

func (f *fakeMirror) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writes
}

// forbiddenMirror is the error progress.Mirror gives a learner whose role
// may not create ConfigMaps.
func forbiddenMirror() error {
	return &progress.MirrorError{Namespace: "elev-kari", Err: apierrors.NewForbidden(schema.GroupResource{Resource: "configmaps"},
		progress.MirrorName, errors.New(`User "kari" cannot create resource "configmaps" in API group "" in the namespace "elev-kari"`))}
}

// TestMirrorCoalesces: the loaded progress and the changes after it wait
// together; a burst costs one write, and changes during a write one more.
func TestMirrorCoalesces(t *testing.T) {
	fm := &fakeMirror{}
	m, _, _ := setup(t, func(o *Options) { o.Mirror = fm })
	if !m.mirror.waiting {
		t.Fatal("the loaded progress is not mirrored")
	}
	for range 5 {
		var cmd tea.Cmd
		m, cmd = update(m, progressSavedMsg{})
		if cmd != nil {
			t.Fatal("a change during the wait started another")
		}
	}
	m, cmd := update(m, mirrorDueMsg{})
	msgs := runAll(cmd, 50*time.Millisecond)
	if fm.count() != 1 || len(msgs) != 1 {
		t.Fatalf("writes %d, messages %v", fm.count(), msgs)
	}
	m, _ = update(m, progressSavedMsg{}) // during the write
	m, cmd = update(m, msgs[0])
	if cmd == nil || !m.mirror.waiting {
		t.Fatal("a change during the write is not mirrored after it")
	}
	m, _ = update(m, mirrorDueMsg{})
	if !m.mirror.writing || m.mirror.waiting {
		t.Errorf("state after the second wait: %+v", m.mirror)
	}
}

// TestMirrorBurstOneWrite: through the real commands and timer, a burst
// of saved changes costs one write.
func TestMirrorBurstOneWrite(t *testing.T) {
	fm := &fakeMirror{}
	fc, fp := newFakeCluster(), &fakeProgress{}
	t.Cleanup(func() { close(fc.changes) })
	m := New(Options{Course: testCourse(t), Cluster: fc, Progress: fp, Mirror: fm, NoColor: true})
	r := newCmdRunner()
	m, cmd := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	r.run(cmd)
	m, cmd = m.Update(progressLoadedMsg{})
	r.run(cmd)
	for range 5 {
		m, cmd = m.Update(progressSavedMsg{})
		r.run(cmd)
	}
	start := time.Now()
	drive(t, m, r, func(msg tea.Msg) bool { _, ok := msg.(mirrorWrittenMsg); return ok })
	if d := time.Since(start); fm.count() != 1 || d < mirrorDebounce/2 {
		t.Errorf("%d writes after %s", fm.count(), d)
	}
}

// TestMirrorFailureToldOnce: a mirror that cannot be written is told once,
// in Norwegian with the verb it lacks; the course goes on, and the next
// failure says nothing.
func TestMirrorFailureToldOnce(t *testing.T) {
	fm := &fakeMirror{err: forbiddenMirror()}
	m, _, _ := setup(t, func(o *Options) { o.Mirror = fm })
	m, cmd := update(m, mirrorDueMsg{})
	msgs := runAll(cmd, 50*time.Millisecond)
	if len(msgs) != 1 {
		t.Fatalf("messages %v", msgs)
	}
	m, _ = update(m, msgs[0])
	v := view(m)
	for _, want := range []string{"Fremdriften kunne ikke speiles", "kubekurs-progress", "opprette", "Kurset fortsetter"} {
		if !strings.Contains(strings.Join(strings.Fields(v), " "), want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	m, _ = update(m, keyPress("down")) // the learner goes on
	m, _ = update(m, progressSavedMsg{})
	m, cmd = update(m, mirrorDueMsg{})
	msgs = runAll(cmd, 50*time.Millisecond)
	m, _ = update(m, msgs[0])
	if fm.count() != 2 || strings.Contains(view(m), "speiles") {
		t.Errorf("second failure: %d writes, view:\n%s", fm.count(), view(m))
	}
}

// TestNoMirror: without a mirror, changes start no waits.
func TestNoMirror(t *testing.T) {
	m, _, _ := setup(t)
	if m, cmd := update(m, progressSavedMsg{}); cmd != nil || m.mirror.waiting {
		t.Error("a change without a mirror started a wait")
	}
}
