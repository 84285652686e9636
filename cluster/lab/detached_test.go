package lab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeBinDir is a BinDir whose binaries exist but are never run.
func fakeBinDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, b := range []string{binaryControlPlane, binaryEtcd, binaryKwok} {
		if err := os.WriteFile(filepath.Join(dir, b), []byte("#!/bin/sh\nexit 1\n"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fakeKubekurs writes a shell script that stands in for the kubekurs
// binary StartDetached runs, and returns its path.
func fakeKubekurs(t *testing.T, script string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubekurs")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

// gone waits up to 10 s until pid no longer exists (the detached child
// is reaped inside StartDetached) and reports whether it went.
func gone(pid int) bool {
	return waitUntil(context.Background(), 10*time.Second, func() bool {
		return syscall.Kill(pid, 0) != nil
	})
}

func TestStartDetachedReady(t *testing.T) {
	l := &Lab{DataDir: t.TempDir(), BinDir: fakeBinDir(t)}
	state := filepath.Join(l.DataDir, stateFileName)
	exe := fakeKubekurs(t, fmt.Sprintf("echo Starter etcd\nprintf '{\"version\":\"x\",\"pid\":%%d,\"ready\":true}\\n' $$ > %q\nexec sleep 60\n", state))
	var out bytes.Buffer
	st, err := StartDetached(t.Context(), l, DetachedOptions{Executable: exe, Out: &out, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatalf("StartDetached: %v\n%s", err, Message(err))
	}
	if st.PID <= 0 || !st.Ready {
		t.Fatalf("state %+v, want the child's PID and Ready", st)
	}
	// The child is ours: it was started by this test through StartDetached.
	if err := syscall.Kill(st.PID, syscall.SIGKILL); err != nil {
		t.Errorf("kill child %d: %v", st.PID, err)
	}
	if !gone(st.PID) {
		t.Errorf("child %d still there", st.PID)
	}
	if !strings.Contains(out.String(), "Starter etcd") {
		t.Errorf("progress not echoed: %q", out.String())
	}
	if _, err := os.Stat(filepath.Join(l.DataDir, "logs", "kubekurs-lab.log")); err != nil {
		t.Errorf("no supervisor log: %v", err)
	}
}

func TestStartDetachedChildExits(t *testing.T) {
	l := &Lab{DataDir: t.TempDir(), BinDir: fakeBinDir(t)}
	exe := fakeKubekurs(t, "echo 'etcd: noe gikk galt'\nexit 3\n")
	var out bytes.Buffer
	_, err := StartDetached(t.Context(), l, DetachedOptions{Executable: exe, Out: &out, Timeout: 20 * time.Second})
	var de *DetachedError
	if !errors.As(err, &de) {
		t.Fatalf("StartDetached with a failing child: %v, want DetachedError", err)
	}
	logPath := filepath.Join(l.DataDir, "logs", "kubekurs-lab.log")
	if de.LogFile != logPath {
		t.Errorf("log file %q, want %q", de.LogFile, logPath)
	}
	if msg := Message(err); !strings.Contains(msg, "startet ikke") || !strings.Contains(msg, logPath) {
		t.Errorf("message %q", msg)
	}
	if !strings.Contains(out.String(), "noe gikk galt") {
		t.Errorf("the child's last words were not echoed: %q", out.String())
	}
}

func TestStartDetachedTimesOut(t *testing.T) {
	l := &Lab{DataDir: t.TempDir(), BinDir: fakeBinDir(t)}
	pidFile := filepath.Join(t.TempDir(), "pid")
	exe := fakeKubekurs(t, fmt.Sprintf("echo $$ > %q\nexec sleep 60\n", pidFile))
	start := time.Now()
	_, err := StartDetached(t.Context(), l, DetachedOptions{Executable: exe, Timeout: 500 * time.Millisecond})
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("timed-out start took %s", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("StartDetached with a child that never gets ready: %v, want DeadlineExceeded", err)
	}
	if msg := Message(err); !strings.Contains(msg, "ble ikke klart innen 500ms") || !strings.Contains(msg, "er stoppet") {
		t.Errorf("message %q", msg)
	}
	assertChildGone(t, pidFile)
}

func TestStartDetachedInterrupted(t *testing.T) {
	l := &Lab{DataDir: t.TempDir(), BinDir: fakeBinDir(t)}
	pidFile := filepath.Join(t.TempDir(), "pid")
	exe := fakeKubekurs(t, fmt.Sprintf("echo $$ > %q\nexec sleep 60\n", pidFile))
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	_, err := StartDetached(ctx, l, DetachedOptions{Executable: exe, Timeout: 20 * time.Second})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("StartDetached after ctx ended: %v", err)
	}
	if msg := Message(err); msg != msgDetachedInterrupted {
		t.Errorf("message %q", msg)
	}
	assertChildGone(t, pidFile)
}

// assertChildGone checks that the child that wrote its PID to pidFile
// has been stopped.
func assertChildGone(t *testing.T, pidFile string) {
	t.Helper()
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("child did not run: %v", err)
	}
	var pid int
	if _, err := fmt.Sscan(string(data), &pid); err != nil || pid <= 0 {
		t.Fatalf("pid file %q", data)
	}
	if !gone(pid) {
		t.Errorf("child %d not stopped", pid)
	}
}

func TestStartDetachedRefuses(t *testing.T) {
	exe := fakeKubekurs(t, "exit 0\n")
	l := &Lab{DataDir: t.TempDir(), BinDir: t.TempDir()}
	if _, err := StartDetached(t.Context(), l, DetachedOptions{Executable: exe}); !errors.Is(err, ErrBinaryMissing) {
		t.Errorf("without binaries: %v, want ErrBinaryMissing", err)
	}

	l.BinDir = fakeBinDir(t)
	lock, err := lockDataDir(l.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.release()
	_, err = StartDetached(t.Context(), l, DetachedOptions{Executable: exe})
	var ar *AlreadyRunningError
	if !errors.As(err, &ar) || !errors.Is(err, ErrAlreadyRunning) || ar.PID != os.Getpid() {
		t.Fatalf("on a running data dir: %v, want AlreadyRunningError naming this process", err)
	}
	if msg := Message(err); !strings.Contains(msg, "kjører allerede") || !strings.Contains(msg, fmt.Sprint(os.Getpid())) {
		t.Errorf("message %q", msg)
	}
}

func TestDetachedArgs(t *testing.T) {
	l := &Lab{DataDir: "/d", BinDir: "/b", Workers: -1, Ports: Ports{APIServer: 6443}, UnsafeNoFsync: true}
	want := "lab start --foreground --background-child --data-dir /d --bin-dir /b --workers 0 --port 6443 --timeout 1m30s --unsafe-no-fsync"
	if got := strings.Join(l.detachedArgs(), " "); got != want {
		t.Errorf("args\n%s\nwant\n%s", got, want)
	}
}
