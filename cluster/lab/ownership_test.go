package lab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes"
)

// componentNames are the components every running cluster records.
var componentNames = []string{componentEtcd, componentAPIServer, componentKwok, componentControllerManager, componentScheduler}

// checkRecorded fails unless st records each component once, so that
// leftovers of its records covers the whole cluster.
func checkRecorded(t *testing.T, st State) {
	t.Helper()
	var names []string
	for _, r := range st.Components {
		names = append(names, r.Name)
	}
	if !slices.Equal(names, componentNames) {
		t.Errorf("state file records components %q, want %q", names, componentNames)
	}
}

// leftovers names what still runs of the recorded processes: a recorded
// process itself, or any live process in a recorded process group.
func leftovers(records []ProcessRecord) []string {
	var left []string
	for _, r := range records {
		if r.Alive() {
			left = append(left, r.String())
		}
	}
	for _, st := range liveProcesses() {
		for _, r := range records {
			if r.PGID != 0 && st.pgrp == r.PGID {
				left = append(left, fmt.Sprintf("process %d in the group of %s", st.pid, r))
			}
		}
	}
	return left
}

// strayChildren lists the live children of this test process other than
// the recorded processes in keep.
func strayChildren(keep []ProcessRecord) []int {
	var stray []int
	for _, st := range liveProcesses() {
		if st.ppid != os.Getpid() {
			continue
		}
		if !slices.ContainsFunc(keep, func(r ProcessRecord) bool { return r.PID == st.pid && r.StartTime == st.startTime }) {
			stray = append(stray, st.pid)
		}
	}
	return stray
}

// liveProcesses reads the stat of every process that is not a zombie.
func liveProcesses() []procStat {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var live []procStat
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, err := readStat(pid); err == nil && st.state != 'Z' && st.state != 'X' {
			live = append(live, st)
		}
	}
	return live
}

// records are the shared cluster's components as they run now.
func (tl *testLab) records() []ProcessRecord {
	tl.lab.mu.Lock()
	defer tl.lab.mu.Unlock()
	var rs []ProcessRecord
	for _, p := range tl.lab.procs {
		rs = append(rs, p.record)
	}
	return rs
}

// TestIntegrationStartLeavesProgramWithRecordedPIDAlone restarts the
// shared cluster after its state file has been made to name another
// program's PID, with start times that do not match it: the program is
// neither stopped by StopRunning nor by Start's clean-up of orphans.
func TestIntegrationStartLeavesProgramWithRecordedPIDAlone(t *testing.T) {
	tl := requireLab(t)
	if err := tl.lab.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	other := startChild(t, true, "sleep", "60")
	impostors := other.impostors(t)
	st, err := ReadState(tl.lab.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	st.PID, st.Ready, st.Supervisor, st.Components = other.cmd.Process.Pid, true, &impostors[0], impostors
	if err := writeState(tl.lab.DataDir, st); err != nil {
		t.Fatal(err)
	}
	if err := StopRunning(t.Context(), tl.lab.DataDir); !errors.Is(err, ErrNotRunning) {
		t.Errorf("StopRunning: %v, want ErrNotRunning", err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cfg, err := tl.lab.Start(ctx)
	if err != nil {
		t.Fatalf("start: %v\n%s", err, Message(err))
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tl.client, tl.config, tl.started = client, cfg, time.Now()
	if other.exited(300 * time.Millisecond) {
		t.Fatal("the program whose PID the state file named was stopped")
	}
	after, err := ReadState(tl.lab.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	checkRecorded(t, after)
	if after.Supervisor == nil || after.Supervisor.PID != os.Getpid() || !after.Supervisor.Alive() || after.PID != os.Getpid() || !after.Ready {
		t.Errorf("state after start: %+v", after)
	}
}
