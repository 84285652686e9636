package progress

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func fixedNow() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC) }

func TestStoreRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kubekurs", "progress.json")
	s, err := Open(path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.StepDone("L04", 2, false))
	must(t, s.StepDone("L04", 1, true))
	must(t, s.StepDone("L04", 1, false)) // a later pass keeps the first record
	must(t, s.QuizAnswered("L04", 3, "ReplicaSet-et", true))
	must(t, s.SetPosition("L04", 3))

	again, err := Open(path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := again.DoneSteps("L04"); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("DoneSteps = %v", got)
	}
	f := again.Snapshot()
	if !f.Lessons["L04"].Steps["1"].WithSolution {
		t.Error("step 1 lost «løst med fasit»")
	}
	if q := f.Lessons["L04"].Quiz["3"]; q.Answer != "ReplicaSet-et" || !q.Correct {
		t.Errorf("quiz = %+v", q)
	}
	if f.Position != (Position{Lesson: "L04", Step: 3}) {
		t.Errorf("position = %+v", f.Position)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, %v", st.Mode().Perm(), err)
	}
}

func TestCorruptFileIsBackedUpNotLost(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	garbage := []byte(`{"version": 1, "lessons": {"L01": {"steps": {"én": {}}}}}`)
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, fixedNow)
	var ce *CorruptError
	if !errors.As(err, &ce) || !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open of a corrupt file: %v", err)
	}
	if s == nil {
		t.Fatal("no usable store after a corrupt file")
	}
	backup, err := os.ReadFile(ce.Backup)
	if err != nil || string(backup) != string(garbage) {
		t.Fatalf("backup %s: %q, %v", ce.Backup, backup, err)
	}
	if !strings.Contains(ce.Message(), ce.Backup) || !strings.Contains(ce.Message(), "Ingenting er slettet") {
		t.Errorf("message %q", ce.Message())
	}
	must(t, s.StepDone("L01", 1, false))
	if got, _ := os.ReadFile(ce.Backup); string(got) != string(garbage) {
		t.Error("writing new progress touched the backup")
	}
}

func TestParseRejects(t *testing.T) {
	for _, bad := range []string{``, `{`, `[]`, `{}`, `{"version": 0}`, `{"version": 1, "lessons": {"L01": null}}`,
		`{"version": 1, "lessons": {"L01": {"quiz": {"0": {}}}}}`, `{"version": 1, "position": {"step": -1}}`,
		`{"version": 2, "lessons": {"L01": {"steps": {"1": {"attempts": -1}}}}}`,
		`{"version": 2, "lessons": {"L01": {"steps": {"1": {"hintsShown": -2}}}}}`,
		`{"version": 2, "lessons": {"L01": {"steps": {"x": {}}}}}`,
		`{"version": 2, "lessons": {"L01": {"steps": {"1": {"doneAt": "i går"}}}}}`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	for _, ok := range []string{`{"version": 1}`, `{"version": 2}`} {
		if _, err := Parse([]byte(ok)); err != nil {
			t.Errorf("minimal file %s: %v", ok, err)
		}
	}
}

func TestDefaultPath(t *testing.T) {
	env := map[string]string{"HOME": "/home/elev"}
	getenv := func(k string) string { return env[k] }
	if p, _ := DefaultPath(getenv); p != "/home/elev/.config/kubekurs/progress.json" {
		t.Errorf("HOME: %s", p)
	}
	env["XDG_CONFIG_HOME"] = "/xdg"
	if p, _ := DefaultPath(getenv); p != "/xdg/kubekurs/progress.json" {
		t.Errorf("XDG: %s", p)
	}
	env["KUBEKURS_PROGRESS"] = "/p.json"
	if p, _ := DefaultPath(getenv); p != "/p.json" {
		t.Errorf("override: %s", p)
	}
	if _, err := DefaultPath(func(string) string { return "" }); err == nil {
		t.Error("no HOME accepted")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"version":1,"position":{"lesson":"L04","step":2},"lessons":{"L04":{"steps":{"1":{"doneAt":"2026-11-22T10:00:00Z"}}}}}`))
	f.Add([]byte(`{"version":1,"lessons":{"L01":{"quiz":{"2":{"answer":"apps","correct":true}}}}}`))
	f.Add([]byte(`{"version":1,"lessons":{"L01":{"steps":{"1":{}}}}}`))
	f.Add([]byte(`{"version":2,"lessons":{"L01":{"steps":{"1":{"attempts":2,"hintsShown":1,"solutionShownAt":"2026-11-22T10:00:00Z"},` +
		`"2":{"doneAt":"2026-11-22T10:00:00Z","withSolution":true}}}}}`))
	f.Add([]byte(`{"version":3,"lessons":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		if err != nil {
			return
		}
		// Whatever Parse accepts, a Store can work with.
		dir := t.TempDir()
		path := filepath.Join(dir, "p.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(path, fixedNow)
		if err != nil {
			t.Fatalf("Parse accepted but Open failed: %v", err)
		}
		for id := range file.Lessons {
			_ = s.DoneSteps(id)
		}
		if err := s.StepDone("L01", 1, false); err != nil {
			t.Fatal(err)
		}
		// What the store writes, Parse reads back as the same progress,
		// in the current version.
		written, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(written)
		if err != nil {
			t.Fatalf("Parse of a file the store wrote: %v\n%s", err, written)
		}
		if again.Version != FileVersion || !again.Lessons["L01"].Steps["1"].Done() {
			t.Fatalf("rewritten file: %s", written)
		}
		for id, l := range file.Lessons {
			for key, r := range l.Steps {
				if id == "L01" && key == "1" {
					continue
				}
				if got := again.Lessons[id].Steps[key]; !got.DoneAt.Equal(r.DoneAt) || got.Attempts != r.Attempts ||
					got.HintsShown != r.HintsShown || !got.SolutionShownAt.Equal(r.SolutionShownAt) {
					t.Fatalf("lesson %s step %s: %+v became %+v", id, key, r, got)
				}
			}
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestResetLessonForgetsOnlyThatLesson(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	s, err := Open(path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.StepDone("L03", 1, false))
	must(t, s.QuizAnswered("L03", 2, "a", true))
	must(t, s.StepDone("L04", 1, false))
	must(t, s.SetPosition("L03", 4))
	must(t, s.ResetLesson("L03"))

	again, err := Open(path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := again.DoneSteps("L03"); len(got) != 0 {
		t.Errorf("L03 still has steps %v", got)
	}
	if _, ok := again.Snapshot().Lessons["L03"]; ok {
		t.Error("L03's quiz answers survived the reset")
	}
	if got := again.DoneSteps("L04"); !slices.Equal(got, []int{1}) {
		t.Errorf("L04 = %v, want [1]", got)
	}
	if p := again.Snapshot().Position; p != (Position{Lesson: "L03", Step: 1}) {
		t.Errorf("position = %+v, want L03 step 1", p)
	}
}
