package progress

import (
	"bytes"
	"context"
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

	"github.com/gofrs/flock"

	"github.com/kubekurs/kubekurs/internal/userfiles"
)

// Timing of the file lock.
const (
	// lockWait bounds how long a store waits for another process's lock.
	lockWait = 5 * time.Second
	// lockRetry is how often it tries meanwhile.
	lockRetry = 5 * time.Millisecond
	// staleTempAge is how old a temporary file of a killed writer must be
	// before Open removes it. Writers hold the lock, so one that old is no
	// writer's at work; the margin covers a kubekurs without the lock.
	staleTempAge = time.Minute
)

// Store reads and writes one progress file. It is safe for concurrent use,
// also by several processes: every change takes the file lock (the path
// with ".lock" appended, which stays), reads the file as it is on disk,
// applies the change to that, writes it atomically and lets go of the
// lock, so two kubekurs of the same learner keep each other's updates.
type Store struct {
	path     string
	now      func() time.Time
	lock     *flock.Flock
	lockWait time.Duration

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
// course) and removes temporary files that killed writers left beside it.
// A file that cannot be parsed, or one from a newer kubekurs, is renamed
// to a backup beside it and Open returns a working Store together with a
// *CorruptError, so the caller can tell the learner and go on. Open waits
// at most a few seconds for another process's lock (*LockedError).
func Open(path string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	s := &Store{path: path, now: now, lockWait: lockWait, file: newFile(),
		lock: flock.New(path+".lock", flock.SetPermissions(0o600))}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(filepath.Dir(path)); errors.Is(err, fs.ErrNotExist) {
			return s, nil // nothing to read or clean; the first write makes the directory
		}
	}
	unlock, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer unlock()
	f, corrupt, err := s.readLocked()
	if err != nil {
		return nil, err
	}
	s.file = f
	if _, err := userfiles.RemoveStaleTemps(path, staleTempAge, now()); err != nil {
		return nil, err
	}
	if corrupt != nil {
		return s, corrupt
	}
	return s, nil
}

// acquire takes the file lock within s.lockWait and returns its release.
func (s *Store) acquire() (unlock func(), _ error) {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", filepath.Dir(s.path), err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.lockWait)
	defer cancel()
	locked, err := s.lock.TryLockContext(ctx, lockRetry)
	if errors.Is(err, context.DeadlineExceeded) || err == nil && !locked {
		return nil, &LockedError{Lock: s.lock.Path(), Waited: s.lockWait}
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", s.lock.Path(), err)
	}
	return func() { _ = s.lock.Unlock() }, nil
}

// readLocked reads the file on disk; the caller holds the lock. A missing
// file is an empty course. A file that cannot be parsed is moved aside:
// the result is then a copy of what the store had in memory, and
// corrupt says where the file went.
func (s *Store) readLocked() (_ *File, corrupt *CorruptError, _ error) {
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return newFile(), nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read progress: %w", err)
	}
	f, parseErr := Parse(data)
	if parseErr == nil {
		return f, nil, nil
	}
	backup := s.backupName()
	if err := os.Rename(s.path, backup); err != nil {
		return nil, nil, fmt.Errorf("progress file %s is unreadable (%v) and could not be moved aside: %w", s.path, parseErr, err)
	}
	corrupt = &CorruptError{Path: s.path, Backup: backup, Err: parseErr}
	if errors.Is(parseErr, ErrNewerVersion) {
		corrupt.Version = versionOf(data)
	}
	return s.file.clone(), corrupt, nil
}

// backupName is a name beside the file for moving it aside, taken by no
// earlier backup.
func (s *Store) backupName() string {
	base := fmt.Sprintf("%s.ødelagt-%s", s.path, s.now().UTC().Format("20060102T150405Z"))
	name := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}

// versionOf is the version field of a file, 0 if it has none.
func versionOf(data []byte) int {
	var head struct {
		Version int `json:"version"`
	}
	_ = json.Unmarshal(data, &head) // Parse decoded it already
	return head.Version
}

// update applies change to the progress as it is on disk, under the file
// lock, and writes the result atomically (not at all when nothing
// changed). A file found corrupt meanwhile is moved aside and the change
// applied to what the store had in memory; the write then succeeds and
// update returns the *CorruptError.
func (s *Store) update(change func(*File)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	unlock, err := s.acquire()
	if err != nil {
		return err
	}
	defer unlock()
	f, corrupt, err := s.readLocked()
	if err != nil {
		return err
	}
	before, err := f.encode()
	if err != nil {
		return err
	}
	change(f)
	after, err := f.encode()
	if err != nil {
		return err
	}
	if corrupt != nil || !bytes.Equal(before, after) || !s.exists() {
		if err := userfiles.WriteAtomic(s.path, after, 0o600); err != nil {
			return fmt.Errorf("save progress: %w", err)
		}
	}
	s.file = f
	if corrupt != nil {
		return corrupt
	}
	return nil
}

// exists reports whether the progress file is there.
func (s *Store) exists() bool {
	_, err := os.Stat(s.path)
	return err == nil
}

// Snapshot returns a deep copy of the progress as this store last read or
// wrote it.
func (s *Store) Snapshot() *File {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.file.clone()
}

// Latest reads the progress file as it is now on disk, where other
// processes' changes are too, and returns a copy; the store keeps it. When
// the file cannot be read or parsed it returns what the store has, and
// the error.
func (s *Store) Latest() (*File, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := os.ReadFile(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s.file.clone(), nil
	case err != nil:
		return s.file.clone(), fmt.Errorf("read progress: %w", err)
	}
	f, err := Parse(data)
	if err != nil {
		return s.file.clone(), fmt.Errorf("read progress %s: %w", s.path, err)
	}
	s.file = f
	return f.clone(), nil
}

// DoneSteps returns the 1-based steps done in a lesson, sorted. Steps the
// learner worked on without passing them are not in it.
func (s *Store) DoneSteps(lessonID string) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.file.Lessons[lessonID]
	if l == nil {
		return nil
	}
	steps := make([]int, 0, len(l.Steps))
	for key, r := range l.Steps {
		if !r.Done() {
			continue
		}
		n, _ := strconv.Atoi(key) // validated by Parse or written by the store
		steps = append(steps, n)
	}
	slices.Sort(steps)
	return steps
}

// StepDone records that a step passed. The first pass is kept: passing
// again later does not change when or how it was first done. It counts as
// done with the solution when withSolution is set or the solution was
// opened before (SolutionShown, in any session).
func (s *Store) StepDone(lessonID string, step int, withSolution bool) error {
	now := s.now().UTC()
	return s.update(func(f *File) {
		f.step(lessonID, step, func(r *StepRecord) {
			if r.Done() {
				return
			}
			r.DoneAt = now
			r.WithSolution = withSolution || !r.SolutionShownAt.IsZero()
		})
	})
}

// AttemptFailed counts one failed attempt at a step that is not done yet
// (README.md says which verdicts are attempts); after the step is done it
// changes nothing.
func (s *Store) AttemptFailed(lessonID string, step int) error {
	return s.update(func(f *File) {
		f.step(lessonID, step, func(r *StepRecord) {
			if !r.Done() {
				r.Attempts++
			}
		})
	})
}

// HintsShown records that the learner has opened the first n hints of a
// step; a smaller n than recorded (a new session) changes nothing.
func (s *Store) HintsShown(lessonID string, step, n int) error {
	return s.update(func(f *File) {
		f.step(lessonID, step, func(r *StepRecord) { r.HintsShown = max(r.HintsShown, n) })
	})
}

// SolutionShown records that the learner opened a step's solution; the
// first time is kept.
func (s *Store) SolutionShown(lessonID string, step int) error {
	now := s.now().UTC()
	return s.update(func(f *File) {
		f.step(lessonID, step, func(r *StepRecord) {
			if r.SolutionShownAt.IsZero() {
				r.SolutionShownAt = now
			}
		})
	})
}

// QuizAnswered records the latest answer to a step's quiz.
func (s *Store) QuizAnswered(lessonID string, step int, answer string, correct bool) error {
	now := s.now().UTC()
	return s.update(func(f *File) {
		f.lesson(lessonID).Quiz[strconv.Itoa(step)] = QuizRecord{Answer: answer, Correct: correct, At: now}
	})
}

// ResetLesson forgets everything recorded for a lesson (steps, attempts,
// hints, solutions and quiz answers), so that the learner can start it
// over; a position inside it moves to its first step.
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
