package progress

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

// TestTwoStoresLoseNothing: two stores on the same file, as two kubekurs
// of the same learner, updating different steps at the same time keep
// every update.
func TestTwoStoresLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	const n = 50
	var wg sync.WaitGroup
	for i, lesson := range []string{"L01", "L02"} {
		s, err := Open(path, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			for k := 1; k <= n; k++ {
				if err := s.AttemptFailed(lesson, 1); err != nil {
					t.Error(err)
					return
				}
				if err := s.HintsShown(lesson, 2, k); err != nil {
					t.Error(err)
					return
				}
				if k%10 == 0 {
					if err := s.StepDone(lesson, 3+i, false); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	s, err := Open(path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	f := s.Snapshot()
	for i, lesson := range []string{"L01", "L02"} {
		steps := f.Lessons[lesson].Steps
		if steps["1"].Attempts != n || steps["2"].HintsShown != n || !steps[strconv.Itoa(3+i)].Done() {
			t.Errorf("%s: %+v", lesson, steps)
		}
	}
}

// TestTwoProcessesLoseNothing: two kubekurs processes counting attempts
// in the same file keep every one.
func TestTwoProcessesLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	const n = 100
	var cmds []*exec.Cmd
	for _, lesson := range []string{"L01", "L02"} {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), childMode+"=attempts", childPath+"="+path, childLesson+"="+lesson,
			childStep+"=1", childCount+"="+strconv.Itoa(n))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, lesson := range []string{"L01", "L02"} {
		if got := f.Lessons[lesson].Steps["1"].Attempts; got != n {
			t.Errorf("%s: %d attempts, want %d", lesson, got, n)
		}
	}
}

// TestLockedTooLong: a lock held past the deadline is a clear error and
// nothing is written.
func TestLockedTooLong(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	s, err := Open(path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.StepDone("L01", 1, false))
	before, _ := os.ReadFile(path)
	other := flock.New(path + ".lock")
	if err := other.Lock(); err != nil {
		t.Fatal(err)
	}
	defer other.Unlock()
	s.lockWait = 100 * time.Millisecond
	err = s.StepDone("L01", 2, false)
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) {
		t.Fatalf("StepDone under another's lock: %v", err)
	}
	if msg := le.Message(); !strings.Contains(msg, path+".lock") || !strings.Contains(msg, "låst av en annen kubekurs") {
		t.Errorf("message: %s", msg)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the file changed without the lock")
	}
	if err := other.Unlock(); err != nil {
		t.Fatal(err)
	}
	must(t, s.StepDone("L01", 2, false))
}
