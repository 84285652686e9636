package lab

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/kubekurs/kubekurs/internal/userfiles"
)

// stateFileName is the file in the data directory that records how the
// cluster was started, so a later start reuses its ports and `lab status`
// can find it.
const stateFileName = "lab.json"

// lockFileName is the file a running cluster holds an exclusive flock on.
const lockFileName = "lab.lock"

// State is what the data directory records about the practice cluster.
type State struct {
	// Version is the Kubernetes version of the binaries that last ran.
	Version string `json:"version"`
	// Ports are the ports the components listened on.
	Ports Ports `json:"ports"`
	// PID is the process that owns the running cluster (0 when stopped).
	PID int `json:"pid,omitempty"`
	// Ready is true once the cluster answered and its nodes were Ready.
	Ready bool `json:"ready,omitempty"`
	// StartedAt is when the running cluster was started.
	StartedAt time.Time `json:"startedAt,omitzero"`
	// Supervisor is the process that started and supervises the
	// components (nil when stopped).
	Supervisor *ProcessRecord `json:"supervisor,omitempty"`
	// Components are the component processes it started and that have
	// not been stopped, restarted ones as they run now. Only these are
	// ever signalled by StopRunning or by Start's clean-up.
	Components []ProcessRecord `json:"components,omitempty"`
}

// ReadState reads the state file of a data directory. A missing file gives
// a zero State and no error; an unreadable one an error wrapping
// ErrCorruptDataDir that names the file.
func ReadState(dataDir string) (State, error) {
	path := filepath.Join(dataDir, stateFileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return State{}, nil
	}
	if err != nil {
		return State{}, fmt.Errorf("read %s: %w", path, err)
	}
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return State{}, &CorruptFileError{Path: path, Reason: err.Error()}
	}
	return st, nil
}

// writeState replaces the state file atomically.
func writeState(dataDir string, st State) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	return userfiles.WriteAtomic(filepath.Join(dataDir, stateFileName), append(data, '\n'), 0o600)
}

// CorruptFileError names a file in the data directory that cannot be used.
type CorruptFileError struct {
	// Path is the file.
	Path string
	// Reason says what is wrong with it.
	Reason string
	// Err is a more specific sentinel, such as ErrCorruptPKI, or nil.
	Err error
}

// Error implements error.
func (e *CorruptFileError) Error() string {
	return fmt.Sprintf("%s: %s", e.Path, e.Reason)
}

// Unwrap makes errors.Is(err, ErrCorruptDataDir) true, and errors.Is for
// the more specific sentinel in Err.
func (e *CorruptFileError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrCorruptDataDir}
	}
	return []error{ErrCorruptDataDir, e.Err}
}

// dirLock is an exclusive, non-blocking flock on the data directory's lock
// file. The kernel releases it when the holder dies, so a crash never
// leaves a stale lock behind.
type dirLock struct{ f *os.File }

// lockDataDir takes the lock or fails with ErrAlreadyRunning.
func lockDataDir(dataDir string) (*dirLock, error) {
	f, err := os.OpenFile(filepath.Join(dataDir, lockFileName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrAlreadyRunning
		}
		return nil, fmt.Errorf("lock data directory: %w", err)
	}
	_ = f.Truncate(0)
	_, _ = fmt.Fprintf(f, "%d\n", os.Getpid())
	return &dirLock{f: f}, nil
}

// release drops the lock.
func (l *dirLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// IsRunning reports whether some process holds the data directory's lock,
// i.e. a practice cluster runs (or is starting) on it, and that process's
// PID when known.
func IsRunning(dataDir string) (bool, int) {
	f, err := os.OpenFile(filepath.Join(dataDir, lockFileName), os.O_RDWR, 0)
	if err != nil {
		return false, 0
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err == nil {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return false, 0
	}
	var pid int
	if data, err := os.ReadFile(f.Name()); err == nil {
		_, _ = fmt.Sscanf(strings.TrimSpace(string(data)), "%d", &pid)
	}
	return true, pid
}
