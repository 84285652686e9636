package tui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func TestRunQuits(t *testing.T) {
	fc := newFakeCluster()
	defer close(fc.changes)
	var out bytes.Buffer
	opts := Options{Course: testCourse(t), Cluster: fc, Progress: &fakeProgress{}, NoColor: true}
	done := make(chan error, 1)
	go func() {
		done <- Run(t.Context(), opts,
			tea.WithInput(strings.NewReader("q")), tea.WithOutput(&out), tea.WithWindowSize(80, 24))
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run = %v", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Run did not return after q")
	}
	// The program asked for the alternate screen.
	if !bytes.Contains(out.Bytes(), []byte("\x1b[?1049h")) {
		t.Error("no alternate screen")
	}
}

func TestRunContextEnds(t *testing.T) {
	fc := newFakeCluster()
	defer close(fc.changes)
	ctx, cancel := context.WithCancel(t.Context())
	opts := Options{Course: testCourse(t), Cluster: fc, Progress: &fakeProgress{}}
	done := make(chan error, 1)
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() {
		done <- Run(ctx, opts, tea.WithInput(pr), tea.WithOutput(io.Discard), tea.WithWindowSize(80, 24))
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Run did not return when ctx ended")
	}
}

func TestRunNeedsOptions(t *testing.T) {
	if err := Run(t.Context(), Options{}); err == nil {
		t.Error("Run without options succeeded")
	}
}

// TestRunStopsChanges: however the program ends, the subscription to the
// cluster's changes ends with it.
func TestRunStopsChanges(t *testing.T) {
	for _, how := range []string{"q", "context"} {
		t.Run(how, func(t *testing.T) {
			fc := newFakeCluster()
			defer close(fc.changes)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			pr, pw := io.Pipe()
			defer pw.Close()
			opts := Options{Course: testCourse(t), Cluster: fc, Progress: &fakeProgress{}, NoColor: true}
			done := make(chan error, 1)
			go func() {
				done <- Run(ctx, opts, tea.WithInput(pr), tea.WithOutput(io.Discard), tea.WithWindowSize(80, 24))
			}()
			deadline := time.Now().Add(waitTimeout)
			for fc.subscribed() == nil && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			sub := fc.subscribed()
			if sub == nil {
				t.Fatal("Changes never called")
			}
			if how == "q" {
				_, _ = io.WriteString(pw, "q")
			} else {
				cancel()
			}
			select {
			case <-done:
			case <-time.After(waitTimeout):
				t.Fatal("Run did not return")
			}
			if sub.Err() == nil {
				t.Error("the change notifications did not end with the program")
			}
		})
	}
}
