package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kubekurs/kubekurs/cluster/lab"
	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// tmuxSession runs kubekurs (this test binary, re-executed as kubekurs) in
// a detached tmux session of a fixed size, the way a person would run it
// in a terminal, and reads the screen with capture-pane.
type tmuxSession struct {
	t    *testing.T
	name string
}

func startTmux(t *testing.T, l *learner, args ...string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	s := &tmuxSession{t: t, name: fmt.Sprintf("kubekurs-test-%d", time.Now().UnixNano())}
	command := []string{"env", envRunAsKubekurs + "=1", "KUBECONFIG=" + l.kubeconfig, "HOME=" + l.home,
		"KUBEKURS_PROGRESS=" + l.home + "/progress.json", "TERM=xterm-256color", os.Args[0]}
	command = append(command, args...)
	tmuxArgs := append([]string{"new-session", "-d", "-s", s.name, "-x", "140", "-y", "45"}, command...)
	if out, err := exec.Command("tmux", tmuxArgs...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("tmux", "kill-session", "-t", s.name).Run() })
	// A cluster named through KUBECONFIG is used only after the learner
	// agrees, the first time; answer as a person would.
	s.waitFor("Fortsette? [j/N]", 15*time.Second)
	s.keys("j", "Enter")
	return s
}

// screen is what the course's pane (the first one) shows now.
func (s *tmuxSession) screen() string {
	out, err := exec.Command("tmux", "capture-pane", "-t", s.name+":0.0", "-p").Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// waitFor polls the screen until it contains text, and returns how long
// that took; it fails the test after timeout.
func (s *tmuxSession) waitFor(text string, timeout time.Duration) time.Duration {
	s.t.Helper()
	start := time.Now()
	for time.Since(start) < timeout {
		if strings.Contains(s.screen(), text) {
			return time.Since(start)
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("screen did not show %q within %s:\n%s", text, timeout, s.screen())
	return 0
}

func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	if out, err := exec.Command("tmux", append([]string{"send-keys", "-t", s.name + ":0.0"}, keys...)...).CombinedOutput(); err != nil {
		s.t.Fatalf("tmux send-keys: %v\n%s", err, out)
	}
}

// quit presses q, and confirms when the course asks because checks are
// still running (as it should then), and waits until the course's pane has
// closed or the session ended.
func (s *tmuxSession) quit() {
	s.t.Helper()
	s.keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		screen := s.screen()
		if strings.Contains(screen, "Vil du avslutte likevel") {
			s.keys("j")
		}
		out, err := exec.Command("tmux", "list-panes", "-t", s.name, "-F", "#{pane_id}").Output()
		if err != nil || len(strings.Fields(string(out))) <= 1 && !strings.Contains(screen, "Kubernetes") {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestIntegrationTUIShowsPassWithoutKeyPress opens L04 in the real program
// in tmux, applies the step's solution with kubectl from "another
// terminal", and expects the ✓ and «Steg fullført» on screen within 2 s,
// without a key press.
func TestIntegrationTUIShowsPassWithoutKeyPress(t *testing.T) {
	c := labtest.Require(t, testCluster)
	e := newContentEnv(t, c, "L04")
	s := startTmux(t, e.learner, "--lesson", "L04")
	s.waitFor("Din første Deployment", 15*time.Second)
	// A fresh step waits for the learner: no verdicts before a change,
	// and the informers' first list is not a change.
	s.waitFor("Venter på at du gjør steget", 10*time.Second)
	time.Sleep(time.Second)
	if screen := s.screen(); strings.Contains(screen, "ikke bestått") || !strings.Contains(screen, "Venter på at du gjør steget") {
		t.Fatalf("a fresh step shows verdicts before the learner did anything:\n%s", screen)
	}

	e.learner.apply(t, e.lesson.Steps[0].Solutions) // returns when kubectl apply returned
	took := s.waitFor("Steg fullført", 2*time.Second)
	t.Logf("✓ on screen %s after kubectl apply returned", took.Round(time.Millisecond))
	if screen := s.screen(); !strings.Contains(screen, "✓ Deploymenten «web» har 3 klare replikaer") {
		t.Errorf("criterion not shown as passed:\n%s", screen)
	}

	// The learner moves on and leaves; progress was saved.
	s.keys("n")
	s.waitFor("La kubectl skrive filen", 5*time.Second)
	s.quit()
	data, err := os.ReadFile(e.learner.home + "/progress.json")
	if err != nil {
		t.Fatalf("no progress saved: %v", err)
	}
	if !strings.Contains(string(data), `"L04"`) || !strings.Contains(string(data), `"1": {`) {
		t.Errorf("progress does not record L04 step 1:\n%s", data)
	}
}

// TestIntegrationTUITooSmallAndResize starts in a tiny terminal, expects
// the size message instead of a garbled layout, and the lesson after the
// window grows.
func TestIntegrationTUITooSmallAndResize(t *testing.T) {
	c := labtest.Require(t, testCluster)
	e := newContentEnv(t, c, "L01")
	s := startTmux(t, e.learner)
	if out, err := exec.Command("tmux", "resize-window", "-t", s.name, "-x", "40", "-y", "10").CombinedOutput(); err != nil {
		t.Fatalf("resize: %v\n%s", err, out)
	}
	s.waitFor("for lite", 10*time.Second)
	if out, err := exec.Command("tmux", "resize-window", "-t", s.name, "-x", "120", "-y", "40").CombinedOutput(); err != nil {
		t.Fatalf("resize: %v\n%s", err, out)
	}
	s.waitFor("Velkommen til Kubernetes", 10*time.Second)
}

// TestIntegrationTUISplitsTmuxWindow runs `kubekurs --tmux` inside tmux:
// the window splits into the course and a course shell whose kubectl
// context points at the learner's Namespace; quitting closes the shell.
func TestIntegrationTUISplitsTmuxWindow(t *testing.T) {
	c := labtest.Require(t, testCluster)
	e := newContentEnv(t, c, "L01")
	s := startTmux(t, e.learner, "--tmux", "--lesson", "L01")
	s.waitFor("Velkommen til Kubernetes", 15*time.Second)
	panes := func() []string {
		out, _ := exec.Command("tmux", "list-panes", "-t", s.name, "-F", "#{pane_id}").Output()
		return strings.Fields(string(out))
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(panes()) < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	ids := panes()
	if len(ids) != 2 {
		t.Fatalf("panes %v, want the course and a shell", ids)
	}
	shell := ids[1]
	_ = exec.Command("tmux", "send-keys", "-t", shell, `echo "NS=$KUBEKURS_NAMESPACE KC=${KUBECONFIG:+satt}"`, "Enter").Run()
	want := "NS=" + e.learner.namespace + " KC=satt"
	deadline = time.Now().Add(5 * time.Second)
	var screen []byte
	for time.Now().Before(deadline) {
		screen, _ = exec.Command("tmux", "capture-pane", "-t", shell, "-p").Output()
		if strings.Contains(string(screen), want) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(string(screen), want) {
		t.Fatalf("course shell lacks %q:\n%s", want, screen)
	}
	s.quit()
	deadline = time.Now().Add(5 * time.Second)
	for len(panes()) > 1 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := len(panes()); n > 1 {
		t.Errorf("%d panes after quitting, want the shell pane closed", n)
	}
}

// TestIntegrationTUIWithoutDockerUsesTheLab is `make run` on a machine
// without Docker: plain `kubekurs`, nothing chosen, no container runtime
// on PATH. The course starts the practice cluster in the background and
// says why on the start screen; the fallback is not remembered, so that
// Docker is offered once it is there.
func TestIntegrationTUIWithoutDockerUsesTheLab(t *testing.T) {
	labtest.Require(t, testCluster)
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	binDir, err := lab.DefaultBinDir(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	home, dataDir, emptyPath := t.TempDir(), t.TempDir(), t.TempDir()
	t.Cleanup(func() { _ = lab.StopRunning(context.Background(), dataDir) })
	s := &tmuxSession{t: t, name: fmt.Sprintf("kubekurs-test-%d", time.Now().UnixNano())}
	command := []string{"env", "-i", envRunAsKubekurs + "=1", "HOME=" + home, "PATH=" + emptyPath,
		"KUBEKURS_LAB_DATA=" + dataDir, "KUBEKURS_LAB_BIN=" + binDir, "TERM=xterm-256color", os.Args[0]}
	if out, err := exec.Command("tmux", append([]string{"new-session", "-d", "-s", s.name, "-x", "120", "-y", "40"}, command...)...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("tmux", "kill-session", "-t", s.name).Run() })
	took := s.waitFor("3 av 3 noder klare", 90*time.Second)
	t.Logf("start screen with a Ready practice cluster after %s", took.Round(100*time.Millisecond))
	for _, want := range []string{"kubekurs-lab (øvingsclusteret)", "Fant ikke Docker eller Podman", "kubekurs cluster create", "Namespace: kurs"} {
		if !strings.Contains(s.screen(), want) {
			t.Errorf("start screen lacks %q:\n%s", want, s.screen())
		}
	}
	s.quit()
	if _, err := os.Stat(filepath.Join(home, ".config", "kubekurs", "config.json")); err == nil {
		t.Error("the fallback to the practice cluster was remembered")
	}
}
