package lab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// supervisorName is the Name of the supervising process's record.
const supervisorName = "supervisor"

// ProcessRecord is a process the practice cluster started, as the state
// file records it. The lab signals a process only while its PID and its
// start time both match a record: a PID alone may by now belong to
// another program.
type ProcessRecord struct {
	// Name is the component ("etcd", ...) or "supervisor".
	Name string `json:"name"`
	// PID is the process ID.
	PID int `json:"pid"`
	// PGID is the process group it leads (PGID == PID), or 0. A leader's
	// group is signalled with it, so anything it forked stops too.
	PGID int `json:"pgid,omitempty"`
	// StartTime is when the process started, in clock ticks after boot
	// (field 22 of /proc/PID/stat).
	StartTime uint64 `json:"startTime"`
	// BootID is the kernel's boot ID then: after a reboot a recorded start
	// time names no process.
	BootID string `json:"bootID,omitempty"`
}

// Alive reports whether the recorded process still runs: its PID names a
// live process (not a zombie) that started at StartTime, in the same boot.
func (r ProcessRecord) Alive() bool {
	_, ok := r.current()
	return ok
}

// current returns the recorded process's stat while it is alive.
func (r ProcessRecord) current() (procStat, bool) {
	if r.PID <= 0 || r.StartTime == 0 || r.BootID != bootID() {
		return procStat{}, false
	}
	st, err := readStat(r.PID)
	if err != nil || st.startTime != r.StartTime || st.state == 'Z' || st.state == 'X' {
		return procStat{}, false
	}
	return st, true
}

// String names the process for errors and messages.
func (r ProcessRecord) String() string { return fmt.Sprintf("%s (%d)", r.Name, r.PID) }

// signal sends sig to the recorded process if it is still the recorded
// process: to its process group when it leads one as recorded, else to it
// alone. It never signals this process. It reports whether it sent.
//
// The process is opened (on Linux as a pidfd) before it is checked, so
// a signal to it alone cannot reach a program that took the PID over
// after the check; a group is signalled while its checked leader lives.
func (r ProcessRecord) signal(sig syscall.Signal) bool {
	if r.PID <= 0 || r.PID == os.Getpid() {
		return false
	}
	p, err := os.FindProcess(r.PID)
	if err != nil {
		return false
	}
	defer p.Release()
	st, ok := r.current()
	if !ok {
		return false
	}
	if r.PGID == r.PID && st.pgrp == r.PID {
		return syscall.Kill(-r.PID, sig) == nil
	}
	return p.Signal(sig) == nil
}

// recordProcess records the running process pid under name.
func recordProcess(name string, pid int) (ProcessRecord, error) {
	st, err := readStat(pid)
	if err != nil {
		return ProcessRecord{}, fmt.Errorf("record %s: %w", name, err)
	}
	r := ProcessRecord{Name: name, PID: pid, StartTime: st.startTime, BootID: bootID()}
	if st.pgrp == pid {
		r.PGID = pid
	}
	return r, nil
}

// alive returns the records whose processes still run.
func alive(records []ProcessRecord) []ProcessRecord {
	var live []ProcessRecord
	for _, r := range records {
		if r.Alive() {
			live = append(live, r)
		}
	}
	return live
}

// stopRecorded stops the recorded processes that still run: SIGTERM (and
// SIGCONT, in case one is stopped), up to stopGrace to exit, then SIGKILL
// and up to killWait. It fails with an *OrphanError naming those that
// still run.
func stopRecorded(ctx context.Context, records []ProcessRecord) error {
	live := alive(records)
	if len(live) == 0 {
		return nil
	}
	for _, r := range live {
		r.signal(syscall.SIGTERM)
		r.signal(syscall.SIGCONT)
	}
	waitUntil(ctx, stopGrace, func() bool { return len(alive(live)) == 0 })
	for _, r := range alive(live) {
		r.signal(syscall.SIGKILL)
	}
	// Bounded by killWait, also when ctx has ended: a kill is not undone.
	waitUntil(context.WithoutCancel(ctx), killWait, func() bool { return len(alive(live)) == 0 })
	if left := alive(live); len(left) > 0 {
		return &OrphanError{Processes: left}
	}
	return nil
}

// OrphanError names recorded processes of the practice cluster that did
// not stop when told to.
type OrphanError struct {
	// Processes are the processes still running.
	Processes []ProcessRecord
}

// Error implements error.
func (e *OrphanError) Error() string {
	return fmt.Sprintf("processes of the practice cluster did not stop: %v", e.Processes)
}

// procStat is what the lab reads from /proc/PID/stat.
type procStat struct {
	pid       int
	state     byte
	ppid      int
	pgrp      int
	startTime uint64
}

// readStat reads /proc/PID/stat.
func readStat(pid int) (procStat, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, err
	}
	st, err := parseStat(data)
	if err != nil {
		return procStat{}, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	if st.pid != pid {
		return procStat{}, fmt.Errorf("/proc/%d/stat names process %d", pid, st.pid)
	}
	return st, nil
}

// parseStat parses a /proc/PID/stat line: "pid (comm) state ppid pgrp
// ...", starttime being field 22 (see proc_pid_stat(5)). The command name in parentheses may
// hold spaces and parentheses of its own, so the fields after it are
// taken from after the last ')'.
func parseStat(data []byte) (procStat, error) {
	open := bytes.IndexByte(data, '(')
	end := bytes.LastIndexByte(data, ')')
	if open < 1 || end < open || data[open-1] != ' ' {
		return procStat{}, errors.New("no command name in parentheses")
	}
	pid, err := strconv.Atoi(string(data[:open-1]))
	if err != nil || pid <= 0 {
		return procStat{}, fmt.Errorf("bad pid %q", data[:open-1])
	}
	// fields[0] is field 3 (state), so field n is fields[n-3].
	fields := strings.Fields(string(data[end+1:]))
	if len(fields) < 22-2 {
		return procStat{}, fmt.Errorf("%d fields after the command name, want at least 20", len(fields))
	}
	if len(fields[0]) != 1 {
		return procStat{}, fmt.Errorf("bad state %q", fields[0])
	}
	ppid, err := strconv.Atoi(fields[4-3])
	if err != nil {
		return procStat{}, fmt.Errorf("bad parent %q", fields[4-3])
	}
	pgrp, err := strconv.Atoi(fields[5-3])
	if err != nil {
		return procStat{}, fmt.Errorf("bad process group %q", fields[5-3])
	}
	start, err := strconv.ParseUint(fields[22-3], 10, 64)
	if err != nil {
		return procStat{}, fmt.Errorf("bad start time %q", fields[22-3])
	}
	return procStat{pid: pid, state: fields[0][0], ppid: ppid, pgrp: pgrp, startTime: start}, nil
}

// bootID identifies the running kernel's boot, or is "" where it cannot
// be read.
func bootID() string {
	data, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}

// UnrecordedHolderError means a process holds the data directory's lock
// but the state file does not record it as the cluster's supervisor (a
// practice cluster started by a kubekurs from before the record, say).
// It is not signalled: kubekurs touches only processes it recorded.
type UnrecordedHolderError struct {
	// PID is the process that holds the lock.
	PID int
	// DataDir is the data directory.
	DataDir string
}

// Error implements error.
func (e *UnrecordedHolderError) Error() string {
	return fmt.Sprintf("process %d holds %s but is not recorded as its supervisor; it is left alone", e.PID, e.DataDir)
}
