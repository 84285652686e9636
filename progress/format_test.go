package progress

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kubekurs/kubekurs/cluster"
)

// v1File is a version 1 file as kubekurs wrote it before version 2.
const v1File = `{
  "version": 1,
  "position": {"lesson": "L04", "step": 3},
  "lessons": {
    "L04": {
      "steps": {
        "1": {"doneAt": "2026-11-20T09:00:00Z", "withSolution": true},
        "2": {"doneAt": "2026-11-20T09:30:00Z"},
        "4": {}
      },
      "quiz": {"3": {"answer": "ReplicaSet-et", "correct": true, "at": "2026-11-20T09:40:00Z"}}
    }
  }
}`

// TestMigrateV1: a version 1 file is read with every record a done step,
// keeps its quiz and position, and is written back as version 2.
func TestMigrateV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	if err := os.WriteFile(path, []byte(v1File), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.DoneSteps("L04"); !slices.Equal(got, []int{1, 2, 4}) {
		t.Errorf("DoneSteps = %v, want [1 2 4]", got)
	}
	f := s.Snapshot()
	if f.Version != FileVersion {
		t.Errorf("version in memory %d", f.Version)
	}
	one := f.Lessons["L04"].Steps["1"]
	if !one.WithSolution || !one.DoneAt.Equal(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)) || one.Attempts != 0 {
		t.Errorf("step 1 = %+v", one)
	}
	if four := f.Lessons["L04"].Steps["4"]; !four.Done() || !four.DoneAt.Equal(time.Unix(0, 0)) {
		t.Errorf("step 4 (done, time unknown) = %+v", four)
	}
	if q := f.Lessons["L04"].Quiz["3"]; q.Answer != "ReplicaSet-et" || f.Position != (Position{Lesson: "L04", Step: 3}) {
		t.Errorf("quiz %+v, position %+v", q, f.Position)
	}
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), `"version": 1`) {
		t.Errorf("Open alone rewrote the file:\n%s", data)
	}
	must(t, s.AttemptFailed("L04", 5))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"version": 2`) || !strings.Contains(string(data), `"attempts": 1`) {
		t.Errorf("written back:\n%s", data)
	}
	again, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Lessons["L04"].Steps["1"].WithSolution || !again.Lessons["L04"].Steps["4"].Done() {
		t.Errorf("migrated records lost: %+v", again.Lessons["L04"].Steps)
	}
}

// TestNewerVersionIsKept: a file from a newer kubekurs is moved aside,
// never overwritten, with a message that says so in Norwegian.
func TestNewerVersionIsKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	newer := []byte(`{"version": 3, "lessons": {"L01": {"steps": {"1": {"doneAt": "2026-11-22T10:00:00Z", "karakter": "A"}}}}}`)
	if err := os.WriteFile(path, newer, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(newer); !errors.Is(err, ErrNewerVersion) {
		t.Errorf("Parse: %v, want ErrNewerVersion", err)
	}
	s, err := Open(path, fixedNow)
	var ce *CorruptError
	if !errors.As(err, &ce) || !errors.Is(err, ErrNewerVersion) || !errors.Is(err, ErrCorrupt) || s == nil {
		t.Fatalf("Open: %v", err)
	}
	if got, _ := os.ReadFile(ce.Backup); string(got) != string(newer) {
		t.Errorf("backup %s holds %q", ce.Backup, got)
	}
	msg := ce.Message()
	for _, want := range []string{"nyere kubekurs", "filformat 3", "til og med 2", ce.Backup, "Ingenting er slettet"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	must(t, s.StepDone("L01", 2, false))
	if got, _ := os.ReadFile(ce.Backup); string(got) != string(newer) {
		t.Error("a write touched the backup")
	}
}

// TestBackupsDoNotOverwriteEachOther: two corrupt files within the same
// second get two backups.
func TestBackupsDoNotOverwriteEachOther(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	var backups []string
	for _, content := range []string{"første", "andre"} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Open(path, fixedNow)
		var ce *CorruptError
		if !errors.As(err, &ce) {
			t.Fatalf("Open: %v", err)
		}
		if got, _ := os.ReadFile(ce.Backup); string(got) != content {
			t.Errorf("backup %s = %q, want %q", ce.Backup, got, content)
		}
		backups = append(backups, ce.Backup)
	}
	if backups[0] == backups[1] {
		t.Errorf("same backup twice: %s", backups[0])
	}
}

// TestStepRecords: attempts, hints and the solution are recorded per step
// whether or not it is done; DoneSteps lists only done steps.
func TestStepRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	clock := fixedNow()
	s, err := Open(path, func() time.Time { return clock })
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.AttemptFailed("L02", 1))
	must(t, s.AttemptFailed("L02", 1))
	must(t, s.HintsShown("L02", 1, 2))
	must(t, s.HintsShown("L02", 1, 1)) // a new session saw fewer: the most stays
	clock = clock.Add(time.Minute)
	must(t, s.SolutionShown("L02", 1))
	clock = clock.Add(time.Minute)
	must(t, s.SolutionShown("L02", 1)) // the first time stays
	must(t, s.HintsShown("L02", 2, 1))
	if got := s.DoneSteps("L02"); len(got) != 0 {
		t.Errorf("DoneSteps before any pass = %v", got)
	}
	clock = clock.Add(time.Minute)
	must(t, s.StepDone("L02", 1, false)) // the solution was opened earlier
	must(t, s.AttemptFailed("L02", 1))   // after done: not counted
	if got := s.DoneSteps("L02"); !slices.Equal(got, []int{1}) {
		t.Errorf("DoneSteps = %v, want [1]", got)
	}
	again, err := Open(path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	r := again.Snapshot().Lessons["L02"].Steps["1"]
	want := StepRecord{DoneAt: fixedNow().Add(3 * time.Minute), WithSolution: true, Attempts: 2, HintsShown: 2,
		SolutionShownAt: fixedNow().Add(time.Minute)}
	if r != want {
		t.Errorf("step 1 = %+v\nwant %+v", r, want)
	}
	if r2 := again.Snapshot().Lessons["L02"].Steps["2"]; r2.Done() || r2.HintsShown != 1 {
		t.Errorf("step 2 = %+v", r2)
	}
}

// TestUnchangedIsNotWritten: a change that changes nothing does not
// rewrite the file.
func TestUnchangedIsNotWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	s, err := Open(path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.StepDone("L01", 1, false))
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	must(t, s.StepDone("L01", 1, true))
	must(t, s.HintsShown("L01", 1, 0))
	after, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("an unchanged file was written again")
	}
}

// TestManagedByLabelMatchesCluster: the mirror's label is the one the
// rest of kubekurs marks its objects with.
func TestManagedByLabelMatchesCluster(t *testing.T) {
	if managedByLabel != cluster.ManagedByLabel || managedBy != cluster.ManagedBy {
		t.Errorf("%s=%s, cluster uses %s=%s", managedByLabel, managedBy, cluster.ManagedByLabel, cluster.ManagedBy)
	}
}
