package lab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// supervisorLogName is the log, in the data directory's logs/, of the
// background process StartDetached starts: the progress it prints and
// why it failed.
const supervisorLogName = "kubekurs-lab"

// Bounds of StartDetached's waits.
const (
	// detachedMargin is added to the Lab's StartTimeout for the default
	// Timeout: the child's own launch and its exit after a failed start.
	detachedMargin = 30 * time.Second
	// detachedStopWait is how long a child asked to stop (SIGTERM) may take
	// to stop its components before it is killed.
	detachedStopWait = 30 * time.Second
	// killWait is how long a killed process may take to disappear.
	killWait = 5 * time.Second
	// pollInterval is how often a wait looks again.
	pollInterval = 100 * time.Millisecond
)

// DetachedOptions says how StartDetached starts the practice cluster in a
// background process.
type DetachedOptions struct {
	// Executable is the kubekurs binary. The child runs `Executable lab
	// start --foreground --background-child ...` with the Lab's settings as
	// flags (lab owns that command line; a test keeps it in step with cmd's
	// `lab start` flags).
	Executable string
	// Out receives the child's progress lines while it starts (may be nil).
	Out io.Writer
	// Timeout bounds the whole wait; 0 means a sensible default derived
	// from the Lab's StartTimeout.
	Timeout time.Duration
}

// StartDetached starts the cluster described by l in a detached process
// (own session), echoes its progress to opts.Out, and returns once the
// state file says it is ready (with the child's PID). It fails when the
// child exits, ctx ends or the wait runs out; then the child is stopped
// (SIGTERM, SIGKILL after 30 s; at most 35 s) and the error (a
// *DetachedError) has a Norwegian Message. A cluster
// that already runs on l.DataDir gives an *AlreadyRunningError, missing
// binaries a *MissingBinaryError.
func StartDetached(ctx context.Context, l *Lab, opts DetachedOptions) (State, error) {
	if l.DataDir == "" || l.BinDir == "" {
		return State{}, errors.New("lab: DataDir and BinDir must be set")
	}
	if opts.Executable == "" {
		return State{}, errors.New("lab: DetachedOptions.Executable must be set")
	}
	if err := l.CheckBinaries(); err != nil {
		return State{}, err
	}
	if running, pid := IsRunning(l.DataDir); running {
		return State{}, &AlreadyRunningError{PID: pid}
	}
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = l.startTimeout() + detachedMargin
	}
	ly := layout{dir: l.DataDir}
	if err := os.MkdirAll(ly.logs(), 0o700); err != nil {
		return State{}, fmt.Errorf("create log directory: %w", err)
	}
	logPath := ly.log(supervisorLogName)
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return State{}, fmt.Errorf("open %s: %w", logPath, err)
	}
	defer logFile.Close()

	child := exec.Command(opts.Executable, l.detachedArgs()...)
	child.Stdout, child.Stderr = logFile, logFile
	child.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := child.Start(); err != nil {
		return State{}, fmt.Errorf("start background process: %w", err)
	}
	// The child is reaped here, also after StartDetached has returned.
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()

	follow := &logFollower{path: logPath, out: out}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	fail := func(reason string, cause error) (State, error) {
		follow.flush()
		return State{}, &DetachedError{Reason: reason, LogFile: logPath, Err: cause}
	}
	for {
		select {
		case err := <-exited:
			if err == nil {
				err = errors.New("exited before the cluster was ready")
			}
			return fail(fmt.Sprintf(msgDetachedExited, logPath), err)
		case <-ctx.Done():
			if !stopChild(child, exited) {
				return fail(fmt.Sprintf(msgDetachedNotStopped, child.Process.Pid), ctx.Err())
			}
			return fail(msgDetachedInterrupted, ctx.Err())
		case <-deadline.C:
			cause := fmt.Errorf("not ready within %s: %w", timeout, context.DeadlineExceeded)
			if !stopChild(child, exited) {
				return fail(fmt.Sprintf(msgDetachedNotStopped, child.Process.Pid), cause)
			}
			return fail(fmt.Sprintf(msgDetachedTimeout, timeout, logPath), cause)
		case <-tick.C:
			follow.flush()
			st, err := ReadState(l.DataDir)
			if err == nil && st.Ready && st.PID == child.Process.Pid {
				return st, nil
			}
		}
	}
}

// detachedArgs is the command line, after the executable, of the child
// StartDetached starts: cmd's `lab start` in the foreground with l's
// settings. Of the ports only the API server's has a flag.
func (lab *Lab) detachedArgs() []string {
	args := []string{"lab", "start", "--foreground", "--background-child",
		"--data-dir", lab.DataDir, "--bin-dir", lab.BinDir,
		"--workers", strconv.Itoa(lab.workers()),
		"--port", strconv.Itoa(lab.Ports.APIServer),
		"--timeout", lab.startTimeout().String(),
	}
	if lab.UnsafeNoFsync {
		args = append(args, "--unsafe-no-fsync")
	}
	return args
}

// stopChild asks the child to stop (it stops its components first),
// kills it if it has not exited within detachedStopWait, and reports
// whether it is gone. The child is not yet reaped when the signals are
// sent, so its PID still names it.
func stopChild(child *exec.Cmd, exited <-chan error) bool {
	_ = child.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
		return true
	case <-time.After(detachedStopWait):
	}
	_ = child.Process.Kill()
	select {
	case <-exited:
		return true
	case <-time.After(killWait):
		return false
	}
}

// logFollower echoes what has been appended to a file since last time.
type logFollower struct {
	path   string
	out    io.Writer
	offset int64
}

func (f *logFollower) flush() {
	file, err := os.Open(f.path)
	if err != nil {
		return
	}
	defer file.Close()
	if _, err := file.Seek(f.offset, io.SeekStart); err != nil {
		return
	}
	n, _ := io.Copy(f.out, file)
	f.offset += n
}

// DetachedError says why StartDetached returned without a ready cluster.
type DetachedError struct {
	// Reason says in Norwegian what happened and what to do next.
	Reason string
	// LogFile is the background process's log.
	LogFile string
	// Err is the cause: the child's exit status, ctx's error, or
	// context.DeadlineExceeded when the wait ran out.
	Err error
}

// Error implements error.
func (e *DetachedError) Error() string { return fmt.Sprintf("start in background: %v", e.Err) }

// Unwrap returns the cause.
func (e *DetachedError) Unwrap() error { return e.Err }

// AlreadyRunningError says that a practice cluster already runs on the
// data directory, and in which process.
type AlreadyRunningError struct {
	// PID is the process that holds the data directory (0 when unknown).
	PID int
}

// Error implements error.
func (e *AlreadyRunningError) Error() string {
	return fmt.Sprintf("%v (pid %d)", ErrAlreadyRunning, e.PID)
}

// Unwrap makes errors.Is(err, ErrAlreadyRunning) true.
func (e *AlreadyRunningError) Unwrap() error { return ErrAlreadyRunning }
