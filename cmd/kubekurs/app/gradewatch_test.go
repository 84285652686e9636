package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/grade"
)

// TestIntegrationGradeWatchBoard runs `kubekurs grade --watch` in tmux
// against a class of two on the lab: the board lists both; one student
// applies L04's first solution from "another terminal" and the board
// moves that student on without a key press; enter opens the student's
// steps; q quits.
func TestIntegrationGradeWatchBoard(t *testing.T) {
	c := labtest.Require(t, testCluster)
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	class := fmt.Sprintf("tavle-%d", time.Now().UnixNano()%1e6)
	var envs []*contentEnv
	for _, name := range []string{"Ada", "Bjørn"} {
		e := newContentEnv(t, c, "L04")
		patch := fmt.Sprintf(`{"metadata":{"labels":{%q:%q},"annotations":{%q:%q}}}`, grade.ClassLabel, class, grade.StudentNameAnnotation, name)
		if _, err := c.Client.CoreV1().Namespaces().Patch(context.Background(), e.learner.namespace, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		envs = append(envs, e)
	}
	s := &tmuxSession{t: t, name: fmt.Sprintf("kubekurs-test-%d", time.Now().UnixNano())}
	l := envs[0].learner
	command := []string{"env", envRunAsKubekurs + "=1", "KUBECONFIG=" + l.kubeconfig, "HOME=" + l.home, "TERM=xterm-256color",
		os.Args[0], "grade", "--watch", "-l", grade.ClassLabel + "=" + class, "--lesson", "L04"}
	tmuxArgs := append([]string{"new-session", "-d", "-s", s.name, "-x", "140", "-y", "40"}, command...)
	if out, err := exec.Command("tmux", tmuxArgs...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("tmux", "kill-session", "-t", s.name).Run() })

	s.waitFor("2 elever", 30*time.Second)
	s.waitFor("Bjørn", 5*time.Second)
	s.waitFor("L04.1 Din første Deployment", 5*time.Second)

	bjorn := envs[1]
	bjorn.learner.apply(t, bjorn.lesson.Steps[0].Solutions) // returns when kubectl apply returned
	took := s.waitFor("L04.2", 30*time.Second)
	t.Logf("board moved the student on %s after kubectl apply returned", took.Round(time.Millisecond))
	if screen := s.screen(); strings.Count(screen, "L04.1 Din første Deployment") != 1 {
		t.Errorf("want Ada still on L04.1 and Bjørn moved on:\n%s", screen)
	}

	s.keys("/")
	s.waitFor("Filter:", 5*time.Second)
	s.keys("B", "j", "ø", "r", "n", "Enter")
	s.waitFor("filter: «Bjørn»", 5*time.Second)
	s.keys("Enter")
	s.waitFor("Bjørn ("+bjorn.learner.namespace+")", 5*time.Second)
	s.waitFor("1. Din første Deployment — bestått", 5*time.Second)
	s.keys("Escape")
	s.waitFor("Sortert etter fremdrift", 5*time.Second)
	s.keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if err := exec.Command("tmux", "has-session", "-t", s.name).Run(); err != nil {
			return // the program ended and took the session with it
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("q did not end the board:\n%s", s.screen())
}

// TestGradeWatchRefuses: --watch without a terminal points to -o, and
// says why it cannot go with -o or --kubeconfigs; all before any
// cluster is read.
func TestGradeWatchRefuses(t *testing.T) {
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"grade", "--watch", "-l", "kubekurs.no/class=2a"}, "trenger en terminal"},
		{[]string{"grade", "--watch", "-l", "kubekurs.no/class=2a", "-o", "csv"}, "kan ikke brukes med -o"},
		{[]string{"grade", "--watch", "--kubeconfigs", t.TempDir()}, "kan ikke brukes med --kubeconfigs"},
	} {
		code, _, errOut := run(t, env, tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, errOut, exitUsage, tc.want)
		}
	}
}
