package lab

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestIntegrationSuperviseRestartsCrashedComponent kills the API server
// the way a crash would (SIGKILL) and expects Supervise to start it again,
// after which the API answers with the learner's data intact.
func TestIntegrationSuperviseRestartsCrashedComponent(t *testing.T) {
	tl := requireLab(t)
	var steps []string
	tl.lab.mu.Lock()
	tl.lab.Progress = func(s string) { steps = append(steps, s) }
	var apiserver *process
	for _, p := range tl.lab.procs {
		if p.name == componentAPIServer {
			apiserver = p
		}
	}
	tl.lab.mu.Unlock()
	defer func() { tl.lab.mu.Lock(); tl.lab.Progress = nil; tl.lab.mu.Unlock() }()
	if apiserver == nil {
		t.Fatal("no kube-apiserver process")
	}

	ctx, cancel := context.WithCancel(t.Context())
	supervised := make(chan error, 1)
	go func() { supervised <- tl.lab.Supervise(ctx) }()

	if err := syscall.Kill(apiserver.cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, "API server back", func(ctx context.Context) error {
		return apiServerReady(ctx, tl.client)
	})
	if _, err := tl.client.CoreV1().Namespaces().Get(t.Context(), "kube-system", metav1.GetOptions{}); err != nil {
		t.Errorf("after restart: %v", err)
	}
	// The state file records the new kube-apiserver, not the crashed one.
	st, err := ReadState(tl.lab.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	checkRecorded(t, st)
	if running := tl.records(); !slices.Equal(st.Components, running) {
		t.Errorf("state file records %+v, running are %+v", st.Components, running)
	}
	for _, r := range st.Components {
		if r.Name == componentAPIServer && (r.PID == apiserver.record.PID || !r.Alive()) {
			t.Errorf("restarted kube-apiserver recorded as %+v; the crashed one was %+v", r, apiserver.record)
		}
	}
	cancel()
	if err := <-supervised; err != nil {
		t.Errorf("Supervise returned %v after its context ended", err)
	}
	tl.lab.mu.Lock()
	got := strings.Join(steps, "\n")
	tl.lab.mu.Unlock()
	if !strings.Contains(got, "kube-apiserver stoppet uventet") {
		t.Errorf("restart not announced; progress was %q", got)
	}
}

func TestTailFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	var b strings.Builder
	for i := range 40 {
		b.WriteString(strings.Repeat("x", i) + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(tailFile(path, 3), "\n")
	if len(lines) != 3 || lines[2] != strings.Repeat("x", 39) {
		t.Errorf("tail = %q", lines)
	}
	if got := tailFile(filepath.Join(t.TempDir(), "missing"), 3); got != "" {
		t.Errorf("tail of a missing file = %q", got)
	}
}

func TestMessageIsNorwegianAndActionable(t *testing.T) {
	tests := []struct {
		err  error
		want []string
	}{
		{ErrAlreadyRunning, []string{"kjører allerede", "kubekurs lab stop"}},
		{&PortError{Port: 6443, Purpose: "API-serveren"}, []string{"6443", "API-serveren", "i bruk"}},
		{&MissingBinaryError{Path: "/x/etcd"}, []string{"/x/etcd", "make lab"}},
		{&CorruptFileError{Path: "/d/lab.json", Reason: "bad"}, []string{"/d/lab.json", "skadet", "Ingenting er slettet"}},
		{&ComponentError{Component: "etcd", Reason: reasonExited, LogFile: "/d/logs/etcd.log", LogTail: "panic: boom", Err: errors.New("exit status 2")},
			[]string{"etcd", "avsluttet uventet", "/d/logs/etcd.log", "panic: boom"}},
		{&ComponentError{Component: "etcd", Reason: reasonExited, LogTail: `{"level":"panic","msg":"failed to recover v3 backend from snapshot"}`, Err: errors.New("exit status 2")},
			[]string{"etcd-dataene", "skadet", "Ingenting er slettet"}},
	}
	for _, tt := range tests {
		msg := Message(tt.err)
		for _, w := range tt.want {
			if !strings.Contains(msg, w) {
				t.Errorf("Message(%v) = %q, lacks %q", tt.err, msg, w)
			}
		}
	}
}
