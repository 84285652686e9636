package tui

import "github.com/kubekurs/kubekurs/progress"

// StoreProgress is the learner's progress file as the TUI's Progress.
// Its methods are the store's: safe from any goroutine, and each write is
// saved at once.
func StoreProgress(store *progress.Store) Progress { return storeProgress{store} }

// storeProgress adds Load to a progress.Store, whose other methods are
// already Progress's.
type storeProgress struct{ *progress.Store }

// Load implements Progress.
func (p storeProgress) Load() (State, error) {
	f := p.Snapshot()
	st := State{Done: map[string][]int{}, LessonID: f.Position.Lesson, Step: f.Position.Step}
	for id := range f.Lessons {
		st.Done[id] = p.DoneSteps(id)
	}
	return st, nil
}
