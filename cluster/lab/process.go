package lab

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// logTailLines is how many lines of a failed component's log an error shows.
const logTailLines = 15

// process is one running component of the practice cluster: a child
// process whose output goes to a log file in the data directory.
type process struct {
	name    string
	path    string
	args    []string
	env     []string
	logPath string

	cmd     *exec.Cmd
	record  ProcessRecord // who it is, for the state file
	logFile *os.File
	done    chan struct{} // closed when the process has been reaped
	waitErr error         // set before done is closed
}

// deathSignal is what a component gets when the supervisor that started
// it dies (Pdeathsig). etcd gets SIGTERM, to close its database cleanly;
// the others keep nothing of their own and get SIGKILL, since a graceful
// kube-apiserver with its etcd gone waits for its requests to time out,
// over a minute on a loaded machine, holding its port all the while.
func deathSignal(name string) syscall.Signal {
	if name == componentEtcd {
		return syscall.SIGTERM
	}
	return syscall.SIGKILL
}

// start launches the process. It dies with its parent (Pdeathsig), lives
// in its own process group so a signal to it reaches anything it forks,
// and appends its output to logPath after rotating the previous log to
// logPath+".prev".
func (p *process) start() error {
	if err := os.MkdirAll(filepath.Dir(p.logPath), 0o700); err != nil {
		return fmt.Errorf("create log directory for %s: %w", p.name, err)
	}
	if _, err := os.Stat(p.logPath); err == nil {
		_ = os.Rename(p.logPath, p.logPath+".prev")
	}
	logFile, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("open log for %s: %w", p.name, err)
	}
	cmd := exec.Command(p.path, p.args...)
	cmd.Env = p.env
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Setpgid:   true,
		Pdeathsig: deathSignal(p.name),
	}
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return fmt.Errorf("start %s: %w", p.name, err)
	}
	// Not yet reaped, the child keeps its PID (and /proc entry) even if it
	// has already exited.
	record, err := recordProcess(p.name, cmd.Process.Pid)
	if err != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		_ = logFile.Close()
		return err
	}
	p.cmd, p.record, p.logFile = cmd, record, logFile
	p.done = make(chan struct{})
	go func() {
		p.waitErr = cmd.Wait()
		_ = logFile.Close()
		close(p.done)
	}()
	return nil
}

// again returns a process like p that has not been started, to run p
// anew after it exited.
func (p *process) again() *process {
	return &process{name: p.name, path: p.path, args: p.args, env: p.env, logPath: p.logPath}
}

// exitErr returns a ComponentError when the process has exited, nil while
// it runs.
func (p *process) exitErr() error {
	select {
	case <-p.done:
		cause := p.waitErr
		if cause == nil {
			cause = errors.New("exited unexpectedly")
		}
		return p.failure(reasonExited, cause)
	default:
		return nil
	}
}

// failure wraps cause with the component's name, a Norwegian reason and
// the tail of its log.
func (p *process) failure(reason string, cause error) error {
	return &ComponentError{
		Component: p.name,
		Reason:    reason,
		LogFile:   p.logPath,
		LogTail:   tailFile(p.logPath, logTailLines),
		Err:       cause,
	}
}

// stop asks the process and its group to terminate, waits up to grace,
// then kills them, signalling by the record as for any recorded process.
// It returns once the process has been reaped, or after killWait.
func (p *process) stop(grace time.Duration) error {
	if p.cmd == nil || p.cmd.Process == nil {
		return nil
	}
	select {
	case <-p.done:
		return nil
	default:
	}
	p.record.signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return nil
	case <-time.After(grace):
	}
	p.record.signal(syscall.SIGKILL)
	select {
	case <-p.done:
		return fmt.Errorf("%s did not stop within %s and was killed", p.name, grace)
	case <-time.After(killWait):
		return fmt.Errorf("%s (pid %d) could not be killed", p.name, p.record.PID)
	}
}

// tailFile returns the last n lines of a file, or "" if it cannot be read.
func tailFile(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	const maxRead = 64 << 10
	if st, err := f.Stat(); err == nil && st.Size() > maxRead {
		if _, err := f.Seek(-maxRead, io.SeekEnd); err != nil {
			return ""
		}
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(bytes.ToValidUTF8(data, nil)), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
