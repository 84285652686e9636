package app

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kubekurs/kubekurs/cluster/lab"
)

// The tests in this file prove that `lab stop` and `lab start` signal only
// the processes the practice cluster started (issue 9).

// startLab runs `lab start` on dataDir and returns the state file, which
// must record the supervisor and every component, all running. The
// cluster is stopped when the test ends.
func startLab(t *testing.T, env Env, dataDir string) lab.State {
	t.Helper()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = lab.StopRunning(ctx, dataDir)
	})
	code, out, errOut := run(t, env, "lab", "start", "--unsafe-no-fsync", "--data-dir", dataDir)
	if code != exitOK {
		t.Fatalf("lab start: exit %d\n%s\n%s", code, out, errOut)
	}
	st, err := lab.ReadState(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Supervisor == nil || len(st.Components) != 5 {
		t.Fatalf("state file does not record the supervisor and 5 components: %+v", st)
	}
	for _, r := range recorded(st) {
		if !r.Alive() {
			t.Fatalf("recorded process %+v does not run", r)
		}
	}
	return st
}

// recorded is the supervisor and the components st records.
func recorded(st lab.State) []lab.ProcessRecord {
	rs := append([]lab.ProcessRecord(nil), st.Components...)
	if st.Supervisor != nil {
		rs = append(rs, *st.Supervisor)
	}
	return rs
}

// assertGone fails for every process st records that still runs.
func assertGone(t *testing.T, st lab.State) {
	t.Helper()
	for _, r := range recorded(st) {
		if r.Alive() {
			t.Errorf("%s (%d) still runs", r.Name, r.PID)
		}
	}
}

// startChild starts a program in its own process group; it is killed and
// reaped when the test ends. done is closed once it has exited.
func startChild(t *testing.T, name string, args ...string) (cmd *exec.Cmd, done <-chan struct{}) {
	t.Helper()
	cmd = exec.Command(name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			t.Errorf("%s (%d) not reaped", name, cmd.Process.Pid)
		}
	})
	return cmd, exited
}

// exitsWithin reports whether done is closed within d.
func exitsWithin(done <-chan struct{}, d time.Duration) bool {
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

func TestIntegrationLabStopSparesTailOfALog(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: starts the practice cluster")
	}
	env := testEnv(t)
	dataDir := t.TempDir()
	st := startLab(t, env, dataDir)
	_, tailDone := startChild(t, "tail", "-f", filepath.Join(dataDir, "logs", "etcd.log"))

	code, out, errOut := run(t, env, "lab", "stop", "--data-dir", dataDir)
	if code != exitOK {
		t.Fatalf("lab stop: exit %d\n%s\n%s", code, out, errOut)
	}
	assertGone(t, st)
	if exitsWithin(tailDone, 500*time.Millisecond) {
		t.Error("`lab stop` stopped a `tail -f` on the lab's log")
	}
}

func TestIntegrationLabStopSparesLabWithLongerPath(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: starts the practice cluster")
	}
	env := testEnv(t)
	base := t.TempDir()
	first, second := filepath.Join(base, "lab"), filepath.Join(base, "lab2")
	st1 := startLab(t, env, first)
	st2 := startLab(t, env, second)

	code, out, errOut := run(t, env, "lab", "stop", "--data-dir", first)
	if code != exitOK {
		t.Fatalf("lab stop: exit %d\n%s\n%s", code, out, errOut)
	}
	assertGone(t, st1)
	for _, r := range recorded(st2) {
		if !r.Alive() {
			t.Errorf("stopping %s stopped %s (%d) of %s", first, r.Name, r.PID, second)
		}
	}
	code, out, _ = run(t, env, "lab", "status", "--data-dir", second)
	if code != exitOK || !strings.Contains(out, "Noder: 3 av 3 er Ready.") || strings.Contains(out, "✗") {
		t.Errorf("lab status of %s: exit %d\n%s", second, code, out)
	}
}

// TestIntegrationLabStartCleansUpAfterKilledSupervisor kills the
// background process with SIGKILL. Its components die with it; one that
// would not (a `sleep` the test records as a component) is stopped by the
// next `lab start`, which then starts the cluster on the same ports.
func TestIntegrationLabStartCleansUpAfterKilledSupervisor(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: starts the practice cluster")
	}
	env := testEnv(t)
	dataDir := t.TempDir()
	st := startLab(t, env, dataDir)
	// The supervisor is ours: `lab start` above started it.
	if err := syscall.Kill(st.Supervisor.PID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if !eventually(15*time.Second, func() bool { running, _ := lab.IsRunning(dataDir); return !running }) {
		t.Fatal("the killed supervisor still holds the data directory")
	}
	// Pdeathsig sends etcd SIGTERM, and it closes its database; the others
	// get SIGKILL. The bound is generous for a loaded 2-core machine; a
	// component that never dies still fails the test.
	if !eventually(60*time.Second, func() bool { return !anyAlive(st.Components) }) {
		for _, r := range st.Components {
			if r.Alive() {
				t.Errorf("%s (%d) outlived the killed supervisor by 60 s (Pdeathsig)", r.Name, r.PID)
			}
		}
	}

	survivor, survivorDone := startChild(t, "sleep", "300")
	after, err := lab.ReadState(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	after.Components = append(after.Components, recordOf(t, "kwok", survivor.Process.Pid))
	data, err := json.Marshal(after)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dataDir, "lab.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}

	restarted := startLab(t, env, dataDir)
	if !exitsWithin(survivorDone, time.Second) {
		t.Error("`lab start` did not stop the recorded component that outlived its supervisor")
	}
	if restarted.Supervisor.PID == st.Supervisor.PID || restarted.Ports.APIServer != st.Ports.APIServer {
		t.Errorf("after restart: supervisor %d (was %d), API server port %d (was %d)",
			restarted.Supervisor.PID, st.Supervisor.PID, restarted.Ports.APIServer, st.Ports.APIServer)
	}
}

// eventually polls cond every 100 ms for up to d.
func eventually(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	return true
}

func anyAlive(rs []lab.ProcessRecord) bool {
	for _, r := range rs {
		if r.Alive() {
			return true
		}
	}
	return false
}

// recordOf records the running process pid as the lab records a
// component it started: PID, process group and start time (field 22 of
// /proc/PID/stat, counted after the command name in parentheses).
func recordOf(t *testing.T, name string, pid int) lab.ProcessRecord {
	t.Helper()
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	start, err := strconv.ParseUint(fields[22-3], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	boot, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		t.Fatal(err)
	}
	r := lab.ProcessRecord{Name: name, PID: pid, PGID: pid, StartTime: start, BootID: strings.TrimSpace(string(boot))}
	if !r.Alive() {
		t.Fatalf("record %+v does not match process %d", r, pid)
	}
	return r
}
