// Package progress keeps what a learner has done in the course: which
// steps passed (and whether the solution was opened first), quiz answers,
// and where the learner was, so the course resumes there. It is one small
// JSON file, written atomically; a file that cannot be read is moved aside
// as a backup, never thrown away.
package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/kubekurs/kubekurs/internal/userfiles"
)

// FileVersion is the version of the file format this package writes.
const FileVersion = 1

// File is the progress file's content.
//
//	{
//	  "version": 1,
//	  "position": {"lesson": "L04", "step": 2},
//	  "lessons": {
//	    "L04": {
//	      "steps": {"1": {"doneAt": "2026-11-22T10:00:00Z", "withSolution": false}},
//	      "quiz":  {"3": {"answer": "ReplicaSet-et", "correct": true, "at": "…"}}
//	    }
//	  }
//	}
type File struct {
	// Version is FileVersion.
	Version int `json:"version"`
	// Position is where the learner was last.
	Position Position `json:"position"`
	// Lessons maps a lesson id to what was done in it.
	Lessons map[string]*Lesson `json:"lessons"`
}

// Position is a place in the course.
type Position struct {
	// Lesson is the lesson id.
	Lesson string `json:"lesson,omitempty"`
	// Step is 1-based.
	Step int `json:"step,omitempty"`
}

// Lesson is what was done in one lesson. Map keys are 1-based step
// numbers as strings (JSON object keys).
type Lesson struct {
	// Steps are the steps whose checks all passed.
	Steps map[string]StepRecord `json:"steps,omitempty"`
	// Quiz holds the answers to the steps' quizzes.
	Quiz map[string]QuizRecord `json:"quiz,omitempty"`
}

// StepRecord says when a step passed.
type StepRecord struct {
	// DoneAt is when its checks first all passed.
	DoneAt time.Time `json:"doneAt"`
	// WithSolution is true when the learner opened the solution first
	// ("løst med fasit"); instructors see it.
	WithSolution bool `json:"withSolution,omitempty"`
}

// QuizRecord is the last answer to a quiz.
type QuizRecord struct {
	// Answer is the learner's answer.
	Answer string `json:"answer"`
	// Correct is whether it was the right choice (false for reflections).
	Correct bool `json:"correct"`
	// At is when it was given.
	At time.Time `json:"at"`
}

// ErrCorrupt means the progress file could not be read; it has been moved
// aside (see CorruptError.Backup) and progress starts afresh.
var ErrCorrupt = errors.New("corrupt progress file")

// CorruptError tells where the unreadable progress file was moved.
type CorruptError struct {
	// Path is the progress file.
	Path string
	// Backup is where its content now is.
	Backup string
	// Err is why it could not be read.
	Err error
}

// Error implements error.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s: %v (moved to %s)", e.Path, e.Err, e.Backup)
}

// Unwrap makes errors.Is(err, ErrCorrupt) true.
func (e *CorruptError) Unwrap() error { return ErrCorrupt }

// Message is the Norwegian explanation for the learner.
func (e *CorruptError) Message() string {
	return fmt.Sprintf("Fremdriftsfilen %s kunne ikke leses, så kurset starter med blanke ark.\n"+
		"Ingenting er slettet: den gamle filen ligger i %s.", e.Path, e.Backup)
}

// Store reads and writes one progress file. It is safe for concurrent use.
type Store struct {
	path string
	now  func() time.Time

	mu   sync.Mutex
	file *File
}

// DefaultPath is the progress file in the user's config directory
// (os.UserConfigDir()/kubekurs/progress.json), or $KUBEKURS_PROGRESS.
func DefaultPath(getenv func(string) string) (string, error) {
	if p := getenv("KUBEKURS_PROGRESS"); p != "" {
		return filepath.Abs(p)
	}
	dir, err := userfiles.ConfigDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "progress.json"), nil
}

// Open reads the progress file at path (a missing file is an empty
// course). A file that cannot be parsed is renamed to a backup beside it
// and Open returns a working Store together with a *CorruptError, so the
// caller can tell the learner and go on.
func Open(path string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	s := &Store{path: path, now: now, file: newFile()}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read progress: %w", err)
	}
	f, parseErr := Parse(data)
	if parseErr == nil {
		s.file = f
		return s, nil
	}
	backup := fmt.Sprintf("%s.ødelagt-%s", path, now().UTC().Format("20060102T150405Z"))
	if err := os.Rename(path, backup); err != nil {
		return nil, fmt.Errorf("progress file %s is unreadable (%v) and could not be moved aside: %w", path, parseErr, err)
	}
	return s, &CorruptError{Path: path, Backup: backup, Err: parseErr}
}

func newFile() *File { return &File{Version: FileVersion, Lessons: map[string]*Lesson{}} }

// Parse decodes a progress file and checks that it makes sense.
func Parse(data []byte) (*File, error) {
	f := newFile()
	if err := json.Unmarshal(data, f); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if f.Version != FileVersion {
		return nil, fmt.Errorf("unknown version %d", f.Version)
	}
	if f.Lessons == nil {
		f.Lessons = map[string]*Lesson{}
	}
	for id, l := range f.Lessons {
		if l == nil {
			return nil, fmt.Errorf("lesson %q is null", id)
		}
		for key := range l.Steps {
			if n, err := strconv.Atoi(key); err != nil || n < 1 {
				return nil, fmt.Errorf("lesson %q: step %q is not a step number", id, key)
			}
		}
		for key := range l.Quiz {
			if n, err := strconv.Atoi(key); err != nil || n < 1 {
				return nil, fmt.Errorf("lesson %q: quiz step %q is not a step number", id, key)
			}
		}
	}
	if f.Position.Step < 0 {
		return nil, fmt.Errorf("negative position step %d", f.Position.Step)
	}
	return f, nil
}

// Snapshot returns a deep copy of the current progress.
func (s *Store) Snapshot() *File {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, _ := json.Marshal(s.file) // a File always encodes
	copied, _ := Parse(data)
	return copied
}

// DoneSteps returns the 1-based steps done in a lesson, sorted.
func (s *Store) DoneSteps(lessonID string) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.file.Lessons[lessonID]
	if l == nil {
		return nil
	}
	steps := make([]int, 0, len(l.Steps))
	for key := range l.Steps {
		n, _ := strconv.Atoi(key) // validated by Parse or written by StepDone
		steps = append(steps, n)
	}
	slices.Sort(steps)
	return steps
}

// StepDone records that a step passed. The first pass is kept: passing
// again later does not change when or how it was first done.
func (s *Store) StepDone(lessonID string, step int, withSolution bool) error {
	return s.update(func(f *File) {
		l := f.lesson(lessonID)
		key := strconv.Itoa(step)
		if _, done := l.Steps[key]; done {
			return
		}
		l.Steps[key] = StepRecord{DoneAt: s.now().UTC(), WithSolution: withSolution}
	})
}

// QuizAnswered records the latest answer to a step's quiz.
func (s *Store) QuizAnswered(lessonID string, step int, answer string, correct bool) error {
	return s.update(func(f *File) {
		f.lesson(lessonID).Quiz[strconv.Itoa(step)] = QuizRecord{Answer: answer, Correct: correct, At: s.now().UTC()}
	})
}

// ResetLesson forgets everything recorded for a lesson (steps and quiz
// answers), so that the learner can start it over; a position inside it
// moves to its first step.
func (s *Store) ResetLesson(lessonID string) error {
	return s.update(func(f *File) {
		delete(f.Lessons, lessonID)
		if f.Position.Lesson == lessonID {
			f.Position.Step = 1
		}
	})
}

// SetPosition remembers where the learner is.
func (s *Store) SetPosition(lessonID string, step int) error {
	return s.update(func(f *File) { f.Position = Position{Lesson: lessonID, Step: step} })
}

func (f *File) lesson(id string) *Lesson {
	l := f.Lessons[id]
	if l == nil {
		l = &Lesson{}
		f.Lessons[id] = l
	}
	if l.Steps == nil {
		l.Steps = map[string]StepRecord{}
	}
	if l.Quiz == nil {
		l.Quiz = map[string]QuizRecord{}
	}
	return l
}

// update changes the progress and writes the file atomically.
func (s *Store) update(change func(*File)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	change(s.file)
	data, err := json.MarshalIndent(s.file, "", "  ")
	if err != nil {
		return fmt.Errorf("encode progress: %w", err)
	}
	if err := userfiles.WriteAtomic(s.path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("save progress: %w", err)
	}
	return nil
}
