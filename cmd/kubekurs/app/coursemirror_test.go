package app

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/cluster/live"
	"github.com/kubekurs/kubekurs/lessons"
	"github.com/kubekurs/kubekurs/progress"
	"github.com/kubekurs/kubekurs/tui"
)

// TestIntegrationCourseMirror runs the course TUI as runCourse wires it,
// on the practice cluster: an admin's progress shows up in the labelled
// ConfigMap; a learner whose role covers only Pods is told once that the
// mirror failed, and the course goes on.
func TestIntegrationCourseMirror(t *testing.T) {
	c := labtest.Require(t, testCluster)

	t.Run("mirrored", func(t *testing.T) {
		ns := labtest.Namespace(t, c.Client)
		s := startCourse(t, c.Config, ns)
		s.press(t, "\r") // open the first lesson: its position is saved
		deadline := time.Now().Add(20 * time.Second)
		for {
			cm, err := c.Client.CoreV1().ConfigMaps(ns).Get(t.Context(), progress.MirrorName, metav1.GetOptions{})
			if err == nil {
				f, err := progress.ParseMirror(cm)
				if err != nil {
					t.Fatal(err)
				}
				if f.Position.Lesson == s.course.Lessons[0].ID {
					if cm.Labels[cluster.ManagedByLabel] != cluster.ManagedBy {
						t.Errorf("labels %v", cm.Labels)
					}
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("the ConfigMap never held the position (%d writes): %v", s.mirror.writes.Load(), err)
			}
			time.Sleep(200 * time.Millisecond)
		}
		s.quit(t)
	})

	t.Run("forbidden", func(t *testing.T) {
		ns := labtest.Namespace(t, c.Client)
		s := startCourse(t, labtest.PodsOnlyAccount(t, c, ns, "elev-kari"), ns)
		s.waitFor(t, func() bool { return s.mirror.writes.Load() >= 1 }, "the first write")
		s.waitForScreen(t, "Fremdriften kunne ikke speiles til clusteret", "mangler tilgang til å endre configmaps", "Kurset fortsetter")
		s.press(t, "\r") // the learner goes on: a lesson opens
		s.waitFor(t, func() bool { return s.mirror.writes.Load() >= 2 }, "the second write")
		time.Sleep(300 * time.Millisecond) // its outcome reaches the program
		s.waitForScreen(t, s.course.Lessons[0].Title)
		if v := s.screen(); strings.Contains(v, "speiles") {
			t.Errorf("the second failure was told again:\n%s", v)
		}
		s.quit(t)
	})
}

// courseSession is the course TUI under test, with keys from a pipe.
type courseSession struct {
	prog   *tea.Program
	course *lessons.Course
	mirror *countingMirror
	keys   *io.PipeWriter
	cancel context.CancelFunc
	done   chan error
	mu     sync.Mutex
	view   string
}

// countingMirror counts the writes of the mirror runCourse makes.
type countingMirror struct {
	inner  tui.Mirror
	writes atomic.Int32
}

func (m *countingMirror) Write(ctx context.Context) error {
	defer m.writes.Add(1)
	return m.inner.Write(ctx)
}

// startCourse runs the TUI on the embedded course in ns with cfg's rights,
// with the progress store and mirror runCourse would give it.
func startCourse(t *testing.T, cfg *rest.Config, ns string) *courseSession {
	t.Helper()
	course, err := loadCourse("", lessons.Vars{Namespace: ns})
	if err != nil {
		t.Fatal(err)
	}
	target := &cluster.Target{Config: cfg, Namespace: ns, Context: "elev"}
	store, err := progress.Open(filepath.Join(t.TempDir(), "progress.json"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	mirror, err := progressMirror(target, store)
	if err != nil {
		t.Fatal(err)
	}
	lc, err := live.New(target)
	if err != nil {
		t.Fatal(err)
	}
	in, keys := io.Pipe()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	s := &courseSession{course: course, mirror: &countingMirror{inner: mirror}, keys: keys, cancel: cancel, done: make(chan error, 1)}
	opts := tui.Options{Course: course, Cluster: lc, Progress: tui.StoreProgress(store), Mirror: s.mirror, NoColor: true}
	// A probe records the screen from inside the program's loop, where
	// reading the model is safe.
	record := tea.WithFilter(func(m tea.Model, msg tea.Msg) tea.Msg {
		if _, ok := msg.(screenProbeMsg); ok {
			v := ansi.Strip(m.View().Content)
			s.mu.Lock()
			s.view = v
			s.mu.Unlock()
		}
		return msg
	})
	s.prog = tea.NewProgram(tui.New(opts), tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(io.Discard),
		tea.WithWindowSize(120, 40), record)
	go func() {
		_, err := s.prog.Run()
		s.done <- err
	}()
	t.Cleanup(func() {
		cancel()
		_ = keys.Close()
	})
	return s
}

// press types keys.
func (s *courseSession) press(t *testing.T, keys string) {
	t.Helper()
	if _, err := io.WriteString(s.keys, keys); err != nil {
		t.Fatal(err)
	}
}

// screenProbeMsg asks for the current screen.
type screenProbeMsg struct{}

// screen is the screen now.
func (s *courseSession) screen() string {
	s.prog.Send(screenProbeMsg{})
	time.Sleep(20 * time.Millisecond)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.view
}

// waitForScreen waits until the screen, its lines joined, shows every one
// of want.
func (s *courseSession) waitForScreen(t *testing.T, want ...string) {
	t.Helper()
	s.waitFor(t, func() bool {
		v := strings.Join(strings.Fields(s.screen()), " ")
		for _, w := range want {
			if !strings.Contains(v, w) {
				return false
			}
		}
		return true
	}, strings.Join(want, ", "))
}

// waitFor waits up to 20 s for ok.
func (s *courseSession) waitFor(t *testing.T, ok func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("never saw %s; screen:\n%s", what, s.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// quit ends the program with q and waits for it.
func (s *courseSession) quit(t *testing.T) {
	t.Helper()
	s.press(t, "q")
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("the TUI: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("the TUI did not quit")
	}
}
