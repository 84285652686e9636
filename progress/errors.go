package progress

import (
	"errors"
	"fmt"
	"time"
)

// ErrCorrupt means the progress file could not be read; it has been moved
// aside (see CorruptError.Backup) and progress starts afresh.
var ErrCorrupt = errors.New("corrupt progress file")

// CorruptError tells where the unreadable progress file was moved.
type CorruptError struct {
	// Path is the progress file.
	Path string
	// Backup is where its content now is.
	Backup string
	// Err is why it could not be read; it wraps ErrNewerVersion when a
	// newer kubekurs wrote it.
	Err error
	// Version is the file's version when a newer kubekurs wrote it, else 0.
	Version int
}

// Error implements error.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s: %v (moved to %s)", e.Path, e.Err, e.Backup)
}

// Unwrap makes errors.Is(err, ErrCorrupt) true, and errors.Is(err,
// ErrNewerVersion) for a file from a newer kubekurs.
func (e *CorruptError) Unwrap() []error { return []error{ErrCorrupt, e.Err} }

// Message is the Norwegian explanation for the learner.
func (e *CorruptError) Message() string {
	if errors.Is(e.Err, ErrNewerVersion) {
		return fmt.Sprintf(fmtNewer, e.Path, e.Version, FileVersion, e.Backup)
	}
	return fmt.Sprintf(fmtCorrupt, e.Path, e.Backup)
}

// ErrLocked means another process held the progress file's lock past the
// deadline; nothing was written.
var ErrLocked = errors.New("progress file is locked")

// LockedError tells which lock was held and how long the store waited.
type LockedError struct {
	// Lock is the lock file.
	Lock string
	// Waited is how long the store tried.
	Waited time.Duration
}

// Error implements error.
func (e *LockedError) Error() string {
	return fmt.Sprintf("lock %s: still held by another process after %s", e.Lock, e.Waited)
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Unwrap() error { return ErrLocked }

// Message is the Norwegian explanation for the learner.
func (e *LockedError) Message() string { return fmt.Sprintf(fmtLocked, e.Lock, e.Waited) }
