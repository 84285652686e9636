package app

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/cluster/live"
	"github.com/kubekurs/kubekurs/progress"
)

// runWithInput is run with stdin.
func runWithInput(t *testing.T, env Env, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	err := Run(ctx, Streams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut}, env, args)
	return report(&errOut, err), out.String(), errOut.String()
}

// TestIntegrationResetLesson does L03 up to its clean-up step, then
// resets it: asked first, the learner's Pods go, the learner's extra
// Namespace goes only after the course has claimed it (by passing its
// step), and L03's progress is forgotten while L04's stays.
func TestIntegrationResetLesson(t *testing.T) {
	c := labtest.Require(t, testCluster)
	e := newContentEnv(t, c, "L03")
	ns, lek := e.learner.namespace, e.learner.namespace+"-lek"
	env := Env{Executable: os.Executable, Getenv: func(k string) string {
		if k == "HOME" {
			return e.learner.home
		}
		return ""
	}}
	for _, step := range e.lesson.Steps[:len(e.lesson.Steps)-1] {
		e.learner.apply(t, step.Solutions)
	}
	store, err := progress.Open(e.learner.home+"/.config/kubekurs/progress.json", time.Now)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"L03", "L04"} {
		if err := store.StepDone(id, 1, false); err != nil {
			t.Fatal(err)
		}
	}
	reset := []string{"reset", "L03", "--kubeconfig", e.learner.kubeconfig}

	// A new context is confirmed first; then "n" deletes nothing.
	code, out, errOut := runWithInput(t, env, "j\nn\n", reset...)
	if code != exitError || !strings.Contains(errOut, "Avbrutt; ingenting er slettet.") {
		t.Fatalf("answering no: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"Fortsette? [j/N]", "Dette slettes:", "Pod " + ns + "/nginx", "Pod " + ns + "/cache", "Pod " + lek + "/nginx",
		"Dette beholdes:", "Namespace " + lek + ": mangler labelen app.kubernetes.io/managed-by=kubekurs", "Fremdriften din i leksjon L03 nullstilles også."} {
		if !strings.Contains(out, want) {
			t.Errorf("reset listing lacks %q:\n%s", want, out)
		}
	}
	if _, err := c.Client.CoreV1().Pods(ns).Get(t.Context(), "nginx", metav1.GetOptions{}); err != nil {
		t.Fatalf("answering no deleted the Pod: %v", err)
	}

	// Passing the Namespace step in the course claims the Namespace.
	target, err := (&clusterFlags{kubeconfig: e.learner.kubeconfig}).resolve(env)
	if err != nil {
		t.Fatal(err)
	}
	lc, err := live.New(target)
	if err != nil {
		t.Fatal(err)
	}
	nsStep := e.lesson.Steps[4]
	if results := lc.Evaluate(t.Context(), e.lesson, nsStep); !checks.AllPassed(results) {
		t.Fatalf("step %q does not pass: %s", nsStep.Title, describe(results))
	}
	got, err := c.Client.CoreV1().Namespaces().Get(t.Context(), lek, metav1.GetOptions{})
	if err != nil || got.Labels[cluster.ManagedByLabel] != cluster.ManagedBy || got.Labels[cluster.LessonLabel] != "L03" {
		t.Fatalf("Namespace not claimed: %v %v", got.Labels, err)
	}

	code, out, errOut = runWithInput(t, env, "", append(reset, "--yes")...)
	if code != exitOK || !strings.Contains(out, "Namespace "+lek+"\n") || !strings.Contains(out, "Slettet 4 objekter.") {
		t.Fatalf("reset --yes: exit %d\n%s%s", code, out, errOut)
	}
	for _, name := range []string{"nginx", "cache"} {
		if _, err := c.Client.CoreV1().Pods(ns).Get(t.Context(), name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Errorf("Pod %s survived the reset: %v", name, err)
		}
	}
	if _, err := c.Client.CoreV1().Namespaces().Get(t.Context(), lek, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("Namespace %s survived the reset: %v", lek, err)
	}
	if _, err := c.Client.CoreV1().Namespaces().Get(t.Context(), ns, metav1.GetOptions{}); err != nil {
		t.Errorf("the learner's own Namespace was deleted: %v", err)
	}
	after, err := progress.Open(e.learner.home+"/.config/kubekurs/progress.json", time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.DoneSteps("L03")) != 0 || len(after.DoneSteps("L04")) != 1 {
		t.Errorf("progress after reset: L03 %v, L04 %v", after.DoneSteps("L03"), after.DoneSteps("L04"))
	}

	// The lesson can be started over at once: its first step fails again.
	if results := lc.Evaluate(t.Context(), e.lesson, e.lesson.Steps[0]); checks.AllPassed(results) {
		t.Error("step 1 still passes after the reset")
	}
	code, out, _ = runWithInput(t, env, "", append(reset, "--yes")...)
	if code != exitOK || !strings.Contains(out, "Ingen av objektene finnes") {
		t.Errorf("second reset: exit %d\n%s", code, out)
	}

	// The same reset from the TUI (x on the start screen): plan, then delete.
	e.learner.apply(t, e.lesson.Steps[0].Solutions)
	plan, err := lc.PlanReset(t.Context(), e.lesson)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Delete) != 1 || plan.Delete[0] != "Pod "+ns+"/nginx" || len(plan.Keep) != 0 {
		t.Fatalf("TUI plan = %+v", plan)
	}
	if err := lc.Reset(t.Context(), plan); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Client.CoreV1().Pods(ns).Get(t.Context(), "nginx", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("TUI reset left the Pod: %v", err)
	}
}
