package tui

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kubekurs/kubekurs/progress"
)

// TestStoreProgressLoadsWhatWasSaved: what the course records through
// StoreProgress is what it loads next time, from the file.
func TestStoreProgressLoadsWhatWasSaved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	store, err := progress.Open(path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	p := StoreProgress(store)
	for _, step := range []int{1, 2} {
		if err := p.StepDone("L04", step, step == 2); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.SetPosition("L04", 3); err != nil {
		t.Fatal(err)
	}
	again, err := progress.Open(path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	st, err := StoreProgress(again).Load()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Done["L04"], []int{1, 2}) || st.LessonID != "L04" || st.Step != 3 {
		t.Errorf("loaded %+v", st)
	}
	if err := p.ResetLesson("L04"); err != nil {
		t.Fatal(err)
	}
	if st, _ := p.Load(); len(st.Done["L04"]) != 0 {
		t.Errorf("after reset: %+v", st)
	}
}
