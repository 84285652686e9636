package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"time"
)

// FileVersion is the version of the file format this package writes.
// Parse also reads version 1 (migrated in memory; written back as
// FileVersion) and refuses newer versions with ErrNewerVersion. README.md
// describes the format.
const FileVersion = 2

// File is the progress file's content, and the ConfigMap mirror's.
//
//	{
//	  "version": 2,
//	  "position": {"lesson": "L04", "step": 2},
//	  "lessons": {
//	    "L04": {
//	      "steps": {
//	        "1": {"doneAt": "2026-11-22T10:00:00Z", "attempts": 2, "hintsShown": 1},
//	        "2": {"attempts": 3, "hintsShown": 2, "solutionShownAt": "2026-11-22T10:20:00Z"}
//	      },
//	      "quiz":  {"3": {"answer": "ReplicaSet-et", "correct": true, "at": "2026-11-22T10:30:00Z"}}
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
	// Steps are the steps the learner worked on: done or not (see
	// StepRecord.Done).
	Steps map[string]StepRecord `json:"steps,omitempty"`
	// Quiz holds the answers to the steps' quizzes.
	Quiz map[string]QuizRecord `json:"quiz,omitempty"`
}

// StepRecord is what the learner did in one step.
type StepRecord struct {
	// DoneAt is when the step's checks first all passed; zero (absent in
	// JSON) while the step is not done.
	DoneAt time.Time `json:"doneAt,omitzero"`
	// WithSolution is true when the step was done after the learner had
	// opened its solution ("løst med fasit"); instructors see it.
	WithSolution bool `json:"withSolution,omitempty"`
	// Attempts counts the verdicts with at least one failed criterion the
	// learner was shown before the step was done (README.md defines
	// exactly which count).
	Attempts int `json:"attempts,omitempty"`
	// HintsShown is how many of the step's hints the learner opened: the
	// most in any session.
	HintsShown int `json:"hintsShown,omitempty"`
	// SolutionShownAt is when the learner first opened the step's
	// solution; zero (absent) if never.
	SolutionShownAt time.Time `json:"solutionShownAt,omitzero"`
}

// Done reports whether the step's checks have passed.
func (r StepRecord) Done() bool { return !r.DoneAt.IsZero() }

// QuizRecord is the last answer to a quiz.
type QuizRecord struct {
	// Answer is the learner's answer.
	Answer string `json:"answer"`
	// Correct is whether it was the right choice (false for reflections).
	Correct bool `json:"correct"`
	// At is when it was given.
	At time.Time `json:"at"`
}

// ErrNewerVersion means the file was written by a newer kubekurs, in a
// format version this one does not know.
var ErrNewerVersion = errors.New("progress file from a newer kubekurs")

// unknownDoneAt is the DoneAt given, on migration, to a version 1 step
// record without a time: in version 1 a record meant "done".
func unknownDoneAt() time.Time { return time.Unix(0, 0).UTC() }

func newFile() *File { return &File{Version: FileVersion, Lessons: map[string]*Lesson{}} }

// Parse decodes a progress file (or a mirror's data), checks that it makes
// sense and migrates an older version to FileVersion. A version newer
// than FileVersion is an error that wraps ErrNewerVersion.
func Parse(data []byte) (*File, error) {
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	switch {
	case head.Version > FileVersion:
		return nil, fmt.Errorf("version %d (this kubekurs reads up to %d): %w", head.Version, FileVersion, ErrNewerVersion)
	case head.Version < 1:
		return nil, fmt.Errorf("unknown version %d", head.Version)
	}
	f := newFile()
	if err := json.Unmarshal(data, f); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if f.Lessons == nil {
		f.Lessons = map[string]*Lesson{}
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	if f.Version == 1 {
		f.migrateV1()
	}
	return f, nil
}

// validate checks what JSON decoding cannot.
func (f *File) validate() error {
	for id, l := range f.Lessons {
		if l == nil {
			return fmt.Errorf("lesson %q is null", id)
		}
		for key, r := range l.Steps {
			if !isStepKey(key) {
				return fmt.Errorf("lesson %q: step %q is not a step number", id, key)
			}
			if r.Attempts < 0 || r.HintsShown < 0 {
				return fmt.Errorf("lesson %q: step %s: negative count", id, key)
			}
		}
		for key := range l.Quiz {
			if !isStepKey(key) {
				return fmt.Errorf("lesson %q: quiz step %q is not a step number", id, key)
			}
		}
	}
	if f.Position.Step < 0 {
		return fmt.Errorf("negative position step %d", f.Position.Step)
	}
	return nil
}

// isStepKey reports whether a map key is a 1-based step number.
func isStepKey(key string) bool {
	n, err := strconv.Atoi(key)
	return err == nil && n >= 1
}

// migrateV1 turns a version 1 file into the current version. In version 1
// only done steps had a record, so every record is a done step.
func (f *File) migrateV1() {
	for _, l := range f.Lessons {
		for key, r := range l.Steps {
			if r.DoneAt.IsZero() {
				r.DoneAt = unknownDoneAt()
			}
			l.Steps[key] = r
		}
	}
	f.Version = FileVersion
}

// encode is the file's bytes on disk and in the mirror.
func (f *File) encode() ([]byte, error) {
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode progress: %w", err)
	}
	return append(data, '\n'), nil
}

// clone is a deep copy.
func (f *File) clone() *File {
	c := &File{Version: f.Version, Position: f.Position, Lessons: make(map[string]*Lesson, len(f.Lessons))}
	for id, l := range f.Lessons {
		c.Lessons[id] = &Lesson{Steps: maps.Clone(l.Steps), Quiz: maps.Clone(l.Quiz)}
	}
	return c
}

// lesson returns the lesson's record, made if missing.
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

// step changes one step's record with change.
func (f *File) step(lessonID string, step int, change func(*StepRecord)) {
	l := f.lesson(lessonID)
	key := strconv.Itoa(step)
	r := l.Steps[key]
	change(&r)
	if r == (StepRecord{}) {
		delete(l.Steps, key)
		return
	}
	l.Steps[key] = r
}
