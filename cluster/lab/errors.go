package lab

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors of the practice cluster. Callers test them with errors.Is
// and turn them into messages for the learner (see Message).
var (
	// ErrAlreadyRunning means another process holds the data directory's lock.
	ErrAlreadyRunning = errors.New("practice cluster already running")
	// ErrNotRunning means no practice cluster runs on the data directory.
	ErrNotRunning = errors.New("practice cluster not running")
	// ErrBinaryMissing means a control-plane binary was not found.
	ErrBinaryMissing = errors.New("practice cluster binary missing")
	// ErrPortInUse means a port the cluster must listen on is taken.
	ErrPortInUse = errors.New("port in use")
	// ErrCorruptDataDir means a file in the data directory cannot be read.
	ErrCorruptDataDir = errors.New("corrupt data directory")
	// ErrComponentFailed means a component exited or never became healthy.
	ErrComponentFailed = errors.New("component failed")
)

// ComponentError tells which component failed and what its log said last.
type ComponentError struct {
	// Component is the name of the failed component, e.g. "kube-apiserver".
	Component string
	// Reason says in Norwegian what went wrong ("avsluttet uventet", ...).
	Reason string
	// LogFile is where the component's full log is.
	LogFile string
	// LogTail holds the last lines of the component's log.
	LogTail string
	// Err is the underlying cause.
	Err error
}

// Error implements error.
func (e *ComponentError) Error() string {
	return fmt.Sprintf("%s: %v", e.Component, e.Err)
}

// Unwrap lets errors.Is see both ErrComponentFailed and the cause.
func (e *ComponentError) Unwrap() []error { return []error{ErrComponentFailed, e.Err} }

// Message turns an error from this package into a Norwegian explanation
// with what to do next. Errors it does not know are returned as they are,
// after a generic Norwegian lead-in.
func Message(err error) string {
	if err == nil {
		return ""
	}
	var ce *ComponentError
	var pe *PortError
	var mb *MissingBinaryError
	var cf *CorruptFileError
	var ar *AlreadyRunningError
	var de *DetachedError
	var oe *OrphanError
	var uh *UnrecordedHolderError
	switch {
	case errors.As(err, &uh):
		return fmt.Sprintf(msgUnrecordedHolder, uh.PID, uh.DataDir, uh.PID)
	case errors.As(err, &oe):
		names := make([]string, len(oe.Processes))
		for i, p := range oe.Processes {
			names[i] = fmt.Sprintf("%s (prosess %d)", p.Name, p.PID)
		}
		return fmt.Sprintf(msgOrphans, strings.Join(names, ", "))
	case errors.As(err, &de):
		return de.Reason
	case errors.As(err, &ar) && ar.PID > 0:
		return fmt.Sprintf(msgAlreadyRunningPID, ar.PID)
	case errors.As(err, &pe):
		return fmt.Sprintf(msgPortInUse, pe.Port, pe.Purpose)
	case errors.Is(err, ErrAlreadyRunning):
		return msgAlreadyRunning
	case errors.Is(err, ErrNotRunning):
		return msgNotRunning
	case errors.As(err, &mb):
		return fmt.Sprintf(msgBinaryMissing, mb.Path)
	case errors.As(err, &cf):
		return fmt.Sprintf(msgCorruptDataDir, cf.Path)
	case errors.As(err, &ce):
		var b strings.Builder
		fmt.Fprintf(&b, msgComponentFailed, ce.Component, ce.Reason, ce.LogFile)
		if ce.Component == componentEtcd && etcdDataLooksCorrupt(ce.LogTail) {
			b.WriteString("\n\n" + msgEtcdCorrupt)
		}
		if tail := strings.TrimSpace(ce.LogTail); tail != "" {
			b.WriteString("\n\nSiste linjer i loggen:\n")
			b.WriteString(tail)
		}
		return b.String()
	}
	return fmt.Sprintf(msgUnknown, err)
}

// PortError names a port that was asked for but is taken.
type PortError struct {
	// Port is the TCP port on 127.0.0.1.
	Port int
	// Purpose says in Norwegian what the port was for.
	Purpose string
}

// Error implements error.
func (e *PortError) Error() string {
	return fmt.Sprintf("port 127.0.0.1:%d (%s) is in use", e.Port, e.Purpose)
}

// Unwrap makes errors.Is(err, ErrPortInUse) true.
func (e *PortError) Unwrap() error { return ErrPortInUse }

// etcdDataLooksCorrupt reports whether etcd's log says its data files are
// damaged (rather than, say, a port or certificate problem).
func etcdDataLooksCorrupt(log string) bool {
	log = strings.ToLower(log)
	for _, sign := range []string{"corrupt", "checksum", "crc mismatch", "failed to recover", "unexpected eof", "invalid database", "file size too small", "walpb"} {
		if strings.Contains(log, sign) {
			return true
		}
	}
	return false
}
