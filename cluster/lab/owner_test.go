package lab

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// statLine is a /proc/PID/stat line as Linux writes it.
func statLine(pid int, comm string, state byte, pgrp int, start uint64) string {
	return fmt.Sprintf("%d (%s) %c 1 %d %d 0 -1 4194560 100 0 0 0 10 5 0 0 20 0 8 0 %d 123456 789 18446744073709551615 1 2 3\n",
		pid, comm, state, pgrp, pgrp, start)
}

func TestParseStat(t *testing.T) {
	tests := []struct {
		name string
		line string
		want procStat
	}{
		{"plain", statLine(1234, "etcd", 'S', 1234, 98765), procStat{pid: 1234, state: 'S', ppid: 1, pgrp: 1234, startTime: 98765}},
		{"spaces and parentheses in the name", statLine(42, "a) (b) R 1 2 3", 'R', 7, 5), procStat{pid: 42, state: 'R', ppid: 1, pgrp: 7, startTime: 5}},
		{"name ends in )", statLine(9, "x)", 'Z', 9, 1), procStat{pid: 9, state: 'Z', ppid: 1, pgrp: 9, startTime: 1}},
		{"newline in the name", statLine(3, "a\nb", 'S', 3, 77), procStat{pid: 3, state: 'S', ppid: 1, pgrp: 3, startTime: 77}},
		{"empty name", statLine(5, "", 'S', 5, 6), procStat{pid: 5, state: 'S', ppid: 1, pgrp: 5, startTime: 6}},
	}
	for _, tt := range tests {
		got, err := parseStat([]byte(tt.line))
		if err != nil || got != tt.want {
			t.Errorf("%s: parseStat(%q) = %+v, %v; want %+v", tt.name, tt.line, got, err, tt.want)
		}
	}
	for _, bad := range []string{
		"",
		"1234 etcd S 1 1234",
		"(etcd) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
		"x (etcd) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
		"12 (etcd) S 1 2 3",
		"12 (etcd) S x 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
		"12 (etcd) S 1 x 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
		"12 (etcd) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 -19 20",
		"12 (etcd) SS 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
		"12 (etcd S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
		"12(etcd) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
	} {
		if got, err := parseStat([]byte(bad)); err == nil {
			t.Errorf("parseStat(%q) = %+v, want an error", bad, got)
		}
	}
}

func TestReadStatOfThisProcess(t *testing.T) {
	st, err := readStat(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if st.pid != os.Getpid() || st.startTime == 0 || st.pgrp != syscall.Getpgrp() || st.ppid != os.Getppid() {
		t.Errorf("stat of this process: %+v", st)
	}
	if bootID() == "" {
		t.Error("no boot ID")
	}
}

// FuzzParseStat checks that parseStat never panics, and that whatever a
// process calls itself, the fields after its name are read right.
func FuzzParseStat(f *testing.F) {
	for _, comm := range []string{"etcd", ") (", "a) (b", "x)", "(", ")", " ", "kube-apiserver", "\n)", "1 (2) S 3"} {
		f.Add(comm, uint32(4321), uint32(99), uint64(123456))
	}
	f.Fuzz(func(t *testing.T, comm string, pid, pgrp uint32, start uint64) {
		_, _ = parseStat([]byte(comm))
		if pid == 0 || pid > 1<<30 || pgrp > 1<<30 {
			return
		}
		line := statLine(int(pid), comm, 'S', int(pgrp), start)
		got, err := parseStat([]byte(line))
		want := procStat{pid: int(pid), state: 'S', ppid: 1, pgrp: int(pgrp), startTime: start}
		if err != nil || got != want {
			t.Fatalf("parseStat(%q) = %+v, %v; want %+v", line, got, err, want)
		}
	})
}

// child is a process a test started, reaped in the background.
type child struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once it has exited and been reaped
}

// startChild starts a command, in its own process group when ownGroup,
// and kills and reaps it when the test ends.
func startChild(t *testing.T, ownGroup bool, name string, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(name, args...), done: make(chan struct{})}
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: ownGroup}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = c.cmd.Wait(); close(c.done) }()
	t.Cleanup(func() {
		_ = c.cmd.Process.Kill()
		if !c.exited(10 * time.Second) {
			t.Errorf("%s (%d) not reaped", name, c.cmd.Process.Pid)
		}
	})
	return c
}

// exited reports whether the child exits within d.
func (c *child) exited(d time.Duration) bool {
	select {
	case <-c.done:
		return true
	case <-time.After(d):
		return false
	}
}

// record records the child as component name.
func (c *child) record(t *testing.T, name string) ProcessRecord {
	t.Helper()
	r, err := recordProcess(name, c.cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// impostors are records with c's PID that do not name c.
func (c *child) impostors(t *testing.T) []ProcessRecord {
	r := c.record(t, componentEtcd)
	later, earlier, otherBoot := r, r, r
	later.StartTime++
	earlier.StartTime--
	otherBoot.BootID = "00000000-0000-0000-0000-000000000000"
	return []ProcessRecord{later, earlier, otherBoot}
}

func TestSignalOnlyTheRecordedProcess(t *testing.T) {
	sleep := startChild(t, true, "sleep", "60")
	for _, r := range sleep.impostors(t) {
		if r.Alive() || r.signal(syscall.SIGKILL) {
			t.Errorf("record %+v matches sleep %+v", r, sleep.record(t, "x"))
		}
	}
	if sleep.exited(300 * time.Millisecond) {
		t.Fatal("sleep was signalled through a record that does not match it")
	}
	r := sleep.record(t, componentEtcd)
	if r.PGID != r.PID {
		t.Errorf("sleep leads its group, but the record has PGID %d", r.PGID)
	}
	if !r.Alive() || !r.signal(syscall.SIGKILL) || !sleep.exited(10*time.Second) {
		t.Fatal("the recorded process was not signalled")
	}
	if r.Alive() || r.signal(syscall.SIGKILL) {
		t.Error("a process that has exited is still alive by its record")
	}
	self, err := recordProcess(supervisorName, os.Getpid())
	if err != nil || !self.Alive() {
		t.Fatalf("record of this process: %+v, %v", self, err)
	}
	if self.signal(syscall.SIGCONT) {
		t.Error("signal reached this process")
	}
}

func TestSignalReachesTheGroupOfALeader(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	sh := startChild(t, true, "sh", "-c", "sleep 60 & echo $! > "+pidFile+"; wait")
	var grandchild int
	if !waitUntil(t.Context(), 10*time.Second, func() bool {
		data, _ := os.ReadFile(pidFile)
		grandchild, _ = strconv.Atoi(strings.TrimSpace(string(data)))
		return grandchild > 0
	}) {
		t.Fatal("sh did not start sleep")
	}
	forked, err := recordProcess("sleep", grandchild)
	if err != nil {
		t.Fatal(err)
	}
	if !sh.record(t, componentEtcd).signal(syscall.SIGKILL) || !sh.exited(10*time.Second) {
		t.Fatal("the recorded leader was not signalled")
	}
	if !waitUntil(t.Context(), 10*time.Second, func() bool { return !forked.Alive() }) {
		_ = syscall.Kill(grandchild, syscall.SIGKILL) // ours: forked by the sh this test started
		t.Error("the signal did not reach the process the leader forked")
	}
}

func TestSignalSparesTheGroupOfANonLeader(t *testing.T) {
	sleep := startChild(t, false, "sleep", "60") // in this test's own process group
	r := sleep.record(t, componentEtcd)
	if r.PGID != 0 {
		t.Errorf("sleep leads no group, but the record has PGID %d", r.PGID)
	}
	r.PGID = r.PID // a forged record must not make the lab signal a group
	if !r.signal(syscall.SIGKILL) || !sleep.exited(10*time.Second) {
		t.Fatal("the recorded process was not signalled")
	}
}

func TestStopRunningLeavesOtherProgramsAlone(t *testing.T) {
	sleep := startChild(t, true, "sleep", "60")
	impostors := sleep.impostors(t)
	dir := t.TempDir()
	st := State{PID: sleep.cmd.Process.Pid, Ready: true, Supervisor: &impostors[0], Components: impostors}
	if err := writeState(dir, st); err != nil {
		t.Fatal(err)
	}
	if err := StopRunning(t.Context(), dir); !errors.Is(err, ErrNotRunning) {
		t.Errorf("StopRunning with records of another program: %v, want ErrNotRunning", err)
	}
	if err := stopRecorded(t.Context(), impostors); err != nil {
		t.Errorf("stopRecorded with records of another program: %v", err)
	}

	// The lock is held, and the lock file and the state file both name
	// the other program.
	lock, err := lockDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.release()
	if err := os.WriteFile(filepath.Join(dir, lockFileName), []byte(strconv.Itoa(sleep.cmd.Process.Pid)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = StopRunning(t.Context(), dir)
	if err == nil || !strings.Contains(err.Error(), "not recorded") {
		t.Errorf("StopRunning when the lock holder is not the recorded supervisor: %v", err)
	}
	var uh *UnrecordedHolderError
	if !errors.As(err, &uh) || uh.PID != sleep.cmd.Process.Pid {
		t.Errorf("StopRunning: %v, want an UnrecordedHolderError naming %d", err, sleep.cmd.Process.Pid)
	} else if msg := Message(err); !strings.Contains(msg, strconv.Itoa(uh.PID)) || !strings.Contains(msg, "får være i fred") {
		t.Errorf("message %q", msg)
	}
	if took := time.Since(start); took > recordWait+5*time.Second {
		t.Errorf("StopRunning took %s", took)
	}
	if sleep.exited(300 * time.Millisecond) {
		t.Fatal("another program was signalled")
	}
}

func TestStopRunningStopsRecordedOrphans(t *testing.T) {
	orphan := startChild(t, true, "sleep", "60")
	dir := t.TempDir()
	st := State{Version: KubernetesVersion, Ports: Ports{APIServer: 6443}, PID: 1, Ready: true,
		Components: []ProcessRecord{orphan.record(t, componentEtcd)}}
	if err := writeState(dir, st); err != nil {
		t.Fatal(err)
	}
	if err := StopRunning(t.Context(), dir); err != nil {
		t.Fatalf("StopRunning: %v", err)
	}
	if !orphan.exited(time.Second) {
		t.Fatal("the recorded orphan was not stopped")
	}
	got, err := ReadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.PID != 0 || got.Ready || got.Supervisor != nil || got.Components != nil || got.Ports != st.Ports {
		t.Errorf("state after stop: %+v", got)
	}
	if err := StopRunning(t.Context(), dir); !errors.Is(err, ErrNotRunning) {
		t.Errorf("second StopRunning: %v, want ErrNotRunning", err)
	}
}

func TestOrphanErrorMessage(t *testing.T) {
	err := &OrphanError{Processes: []ProcessRecord{{Name: componentEtcd, PID: 4242}}}
	if msg := Message(fmt.Errorf("start: %w", err)); !strings.Contains(msg, "etcd (prosess 4242)") || !strings.Contains(msg, "stoppet ikke") {
		t.Errorf("message %q", msg)
	}
}
