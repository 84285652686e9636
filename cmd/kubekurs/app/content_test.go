package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/lessons"
	"github.com/kubekurs/kubekurs/lessons/packtest"
)

// The content test, in the spirit of `rustlings dev check`: every step of
// every embedded lesson, on a fresh Namespace of the practice cluster,
// must (a) not pass before its solution (unless it is observeOnly), and
// (b) pass after its solution, within its settle time. Solutions run
// through kubekurs's built-in kubectl (`kubekurs kubectl`), the same
// kubectl a learner gets, in a process of its own: this test binary,
// re-executed as kubekurs.

// learner is a Namespace of the practice cluster with a kubeconfig whose
// context points at it, as the course shell sets it up.
type learner struct {
	namespace  string
	kubeconfig string
	home       string
}

func newLearner(t *testing.T, c *labtest.Cluster) *learner {
	t.Helper()
	ns := labtest.Namespace(t, c.Client)
	cfg, err := clientcmd.Load(c.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Contexts[cfg.CurrentContext].Namespace = ns
	dir := t.TempDir()
	path := filepath.Join(dir, "kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // what lessons make outside the learner's Namespace
		_ = c.Client.CoreV1().Namespaces().Delete(context.Background(), ns+"-lek", metav1.DeleteOptions{})
		releaseNodePorts(c.Client, ns)
	})
	return &learner{namespace: ns, kubeconfig: path, home: dir}
}

// kubectl runs `kubekurs kubectl args...` as the learner.
func (l *learner) kubectl(t *testing.T, stdin string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], append([]string{"kubectl"}, args...)...)
	cmd.Env = append(os.Environ(), envRunAsKubekurs+"=1", "KUBECONFIG="+l.kubeconfig, "HOME="+l.home)
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
}

// apply runs a solution-shaped piece of work: commands one by one, a
// manifest through `kubectl apply -f -`.
func (l *learner) apply(t *testing.T, sols []lessons.Solution) {
	t.Helper()
	for _, s := range sols {
		switch s.Kind {
		case lessons.SolutionManifest:
			l.kubectl(t, s.Text, "apply", "-f", "-")
		default:
			for _, argv := range s.Commands {
				if len(argv) == 0 || argv[0] != "kubectl" {
					t.Fatalf("solution line %v does not start with kubectl", argv)
				}
				l.kubectl(t, "", argv[1:]...)
			}
		}
	}
}

// contentEnv is what a content test needs for one lesson.
type contentEnv struct {
	cluster  *labtest.Cluster
	learner  *learner
	lesson   *lessons.Lesson
	target   *checks.Target
	registry *checks.Registry
	caps     *cluster.Report
}

func newContentEnv(t *testing.T, c *labtest.Cluster, lessonID string) *contentEnv {
	t.Helper()
	l := newLearner(t, c)
	course, err := lessons.Load(lessons.Embedded(), "lessons/course", lessons.Vars{Namespace: l.namespace})
	if err != nil {
		t.Fatal(err)
	}
	var lesson *lessons.Lesson
	for _, candidate := range course.Lessons {
		if candidate.ID == lessonID {
			lesson = candidate
		}
	}
	if lesson == nil {
		t.Fatalf("no lesson %s", lessonID)
	}
	guardNodes(t, c, lesson)
	target, err := checks.NewTarget(c.Config, l.namespace)
	if err != nil {
		t.Fatal(err)
	}
	caps, err := cluster.Detect(t.Context(), c.Client, "")
	if err != nil {
		t.Fatal(err)
	}
	return &contentEnv{cluster: c, learner: l, lesson: lesson, target: target, registry: checks.NewRegistry(), caps: caps}
}

func (e *contentEnv) compile(t *testing.T, step *lessons.Step) []checks.Check {
	t.Helper()
	compiled, err := lessons.CompileChecks(step, e.registry.CompileList)
	if err != nil {
		t.Fatalf("step %q: %v", step.Title, err)
	}
	return compiled
}

// skipReason says why a step cannot be done on this cluster, or "".
func (e *contentEnv) skipReason(step *lessons.Step) string {
	need := append(slices.Clone(e.lesson.Requires), step.Options.Requires...)
	if missing := e.caps.Missing(need); len(missing) > 0 {
		return cluster.Explain(missing[0])
	}
	return ""
}

func describe(results []checks.Result) string {
	var b strings.Builder
	for _, r := range results {
		fmt.Fprintf(&b, "\n  [%s] %s (forventet %q, fant %q) %s", r.Status, r.Criterion, r.Expected, r.Found, r.Detail)
	}
	return b.String()
}

// TestIntegrationLessonsTest is the content test: `kubekurs lessons test`
// on the embedded course, through the same engine (package packtest), one
// subtest per lesson. Every step must fail before and pass after its
// solution, and every ```wrong block must be caught as it says.
func TestIntegrationLessonsTest(t *testing.T) {
	c := labtest.Require(t, testCluster)
	course, err := lessons.Load(lessons.Embedded(), "lessons/course", lessons.Vars{Namespace: "elev-test"})
	if err != nil {
		t.Fatal(err)
	}
	target := labTarget(c)
	kubectl := packtest.Executable(os.Args[0], append(os.Environ(), envRunAsKubekurs+"=1"))
	for _, lesson := range course.Lessons {
		t.Run(lesson.ID, func(t *testing.T) {
			guardNodes(t, c, lesson)
			report, err := packtest.Run(t.Context(), packtest.Options{
				Pack: lessons.Embedded(), Dir: "lessons/course", Lesson: lesson.ID, Target: target, Kubectl: kubectl,
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range report.Results {
				what := fmt.Sprintf("steg%d %q", r.Step, r.Title)
				if r.Wrong != "" {
					what += fmt.Sprintf(" feilforsøk %q", r.Wrong)
				}
				switch r.Status {
				case packtest.Failed:
					t.Errorf("%s (%s:%d): %s\n  %s", what, r.File, r.Line, r.Problem, strings.Join(r.Failing, "\n  "))
				case packtest.Skipped:
					if step := lesson.Steps[r.Step-1]; r.Wrong == "" && !step.Options.ObserveOnly {
						t.Errorf("%s needs a capability the lab lacks but is not observeOnly, so later steps may depend on it: %s", what, r.Problem)
					}
					t.Logf("%s hoppet over: %s", what, r.Problem)
				default:
					t.Logf("%s bestått på %s", what, r.Duration.Round(time.Millisecond))
				}
			}
		})
	}
}

// labTarget is the test's practice cluster as a cluster.Target.
func labTarget(c *labtest.Cluster) *cluster.Target {
	return &cluster.Target{Kind: cluster.KindLab, Description: "øvingsclusteret", Config: c.Config, Namespace: cluster.DefaultNamespace, Kubeconfig: c.Kubeconfig}
}

// settleOf is the step's settle time, or the default when it has none.
func settleOf(step *lessons.Step) time.Duration {
	if step.Options.Settle > 0 {
		return step.Options.Settle
	}
	return lessons.DefaultSettle
}

// wrongAttempt is a typical mistake from the course's mistakes list: the
// dirty state in before is made, the solutions of the steps before it are
// applied, then the mistake, and the named criterion must fail with the
// hint that explains it. When fix or redo is set, the hint must also lead
// on: after the fix (and the step's solution again, if redo) the step
// must pass. Command strings may hold several lines and {{ns}}.
type wrongAttempt struct {
	name     string
	lesson   string
	step     int    // 1-based
	before   string // kubectl lines run first: an object left over from an earlier lesson or a failed first try
	commands string // kubectl lines, as in a solution block
	manifest string // or a manifest, applied with kubectl apply -f -; neither: the learner's attempt failed and changed nothing
	failing  string // part of the criterion that must fail
	hint     string // part of the hint it must show
	fix      string // kubectl lines the hint tells the learner to run
	redo     bool   // after fix, run the step's solution again
}

// wrongAttempts lists the typical mistakes of every lesson. Each group of
// lessons keeps its own list in a file of its own (content_lNN_test.go).
func wrongAttempts() []wrongAttempt {
	return slices.Concat(
		wrongAttemptsL01toL04(),
		wrongAttemptsL05L06(),
		wrongAttemptsL07L08(),
		wrongAttemptsL09(),
		wrongAttemptsL10L11(),
	)
}

func wrongAttemptsL01toL04() []wrongAttempt {
	return []wrongAttempt{
		{name: "feilstavet image", lesson: "L01", step: 4, commands: "kubectl create deployment hei --image=ngnix:1.27",
			failing: "hei", hint: "ImagePullBackOff", fix: "kubectl delete deployment hei", redo: true},
		{name: "feil versjon", lesson: "L01", step: 4, commands: "kubectl create deployment hei --image=nginx:1.26",
			failing: "image", hint: "nginx:1.27", fix: "kubectl set image deployment/hei nginx=nginx:1.27"},
		{name: "feil image-tag", lesson: "L02", step: 1, manifest: podManifest("nginx", "nginx:1.26", "app: nginx"),
			failing: "image", hint: "nginx:1.27", redo: true},
		{name: "feil label", lesson: "L02", step: 1, manifest: podManifest("nginx", "nginx:1.27", "app: web"),
			failing: "label", hint: "app: nginx", redo: true},
		{name: "Pod uten port finnes", lesson: "L02", step: 1, manifest: strings.Split(podManifest("nginx", "nginx:1.27", "app: nginx"), "      ports:")[0],
			failing: "containerPort", hint: "kubectl delete pod nginx", fix: "kubectl delete pod nginx", redo: true},
		{name: "glemt --restart=Never", lesson: "L02", step: 2, commands: "kubectl run hallo --image=busybox:1.36 -- sh -c 'sleep 3600'",
			failing: "restartPolicy", hint: "--restart=Never", fix: "kubectl delete pod hallo", redo: true},
		{name: "nginx igjen fra leksjon 2", lesson: "L03", step: 1, before: "kubectl run nginx --image=nginx:1.27 --labels=app=nginx",
			failing: "nginx", hint: "leksjon 2", fix: "kubectl delete pod nginx", redo: true},
		{name: "feil labelverdi", lesson: "L03", step: 2, commands: "kubectl label pod nginx miljo=prod",
			failing: "miljo", hint: "miljo", fix: "kubectl label pod nginx miljo=dev --overwrite"},
		{name: "cache uten labeler", lesson: "L03", step: 3, commands: "kubectl run cache --image=busybox:1.36 -- sleep 3600",
			failing: "cache", hint: "kubectl label pod cache", fix: "kubectl label pod cache app=cache miljo=test --overwrite"},
		{name: "Namespace uten label", lesson: "L03", step: 5, commands: "kubectl create namespace {{ns}}-lek",
			failing: "lek", hint: "formal=opplaering", fix: "kubectl label namespace {{ns}}-lek formal=opplaering"},
		{name: "én replika for lite", lesson: "L04", step: 1, manifest: deploymentManifest("web", "nginx:1.26", 2),
			failing: "web", hint: "replicas", redo: true},
		{name: "image som ikke finnes", lesson: "L04", step: 1, manifest: deploymentManifest("web", "nginx:doesnotexist", 3),
			failing: "image", hint: "nginx:1.26", redo: true},
		{name: "create i stedet for apply", lesson: "L04", step: 2, commands: "kubectl create deployment hallo --image=nginx:1.27",
			failing: "apply", hint: "kubectl apply -f hallo.yaml", redo: true},
	}
}

func podManifest(name, image, label string) string {
	return fmt.Sprintf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\n  labels:\n    %s\nspec:\n  containers:\n    - name: nginx\n      image: %s\n      ports:\n        - containerPort: 80\n", name, label, image)
}

func deploymentManifest(name, image string, replicas int) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s
spec:
  replicas: %[3]d
  selector:
    matchLabels:
      app: %[1]s
  template:
    metadata:
      labels:
        app: %[1]s
    spec:
      containers:
        - name: nginx
          image: %[2]s
`, name, image, replicas)
}

func TestIntegrationTypicalMistakesFailWithTheRightHint(t *testing.T) {
	c := labtest.Require(t, testCluster)
	perLesson := map[string]int{}
	for _, w := range wrongAttempts() {
		perLesson[w.lesson]++
		t.Run(w.lesson+"/"+w.name, func(t *testing.T) {
			e := newContentEnv(t, c, w.lesson)
			e.learner.apply(t, commandLines(w.before, e.learner.namespace))
			for _, step := range e.lesson.Steps[:w.step-1] {
				if e.skipReason(step) == "" { // a step the cluster cannot do is observeOnly: nothing later needs it
					e.learner.apply(t, step.Solutions)
				}
			}
			step := e.lesson.Steps[w.step-1]
			wrong := commandLines(w.commands, e.learner.namespace)
			if w.manifest != "" {
				wrong = []lessons.Solution{{Kind: lessons.SolutionManifest, Text: w.manifest}}
			}
			e.learner.apply(t, wrong)
			// Give the cluster time to act on the mistake, then judge.
			results := checks.Evaluate(t.Context(), e.target, e.compile(t, step), checks.EvalOptions{Settle: 3 * time.Second})
			found := false
			for _, r := range results {
				if r.Status == checks.Passed || !strings.Contains(strings.ToLower(r.Criterion), strings.ToLower(w.failing)) {
					continue
				}
				if r.Status != checks.Failed {
					t.Errorf("criterion %q: status %s, want ikke bestått", r.Criterion, r.Status)
				}
				if strings.Contains(r.Hint, w.hint) {
					found = true
				}
			}
			if !found {
				t.Errorf("no failed criterion containing %q with a hint containing %q:%s", w.failing, w.hint, describe(results))
			}
			if w.fix == "" && !w.redo {
				return
			}
			shown := strings.Join(step.Hints, "\n")
			for _, r := range results {
				shown += "\n" + r.Hint
			}
			for _, line := range strings.Split(strings.ReplaceAll(w.fix, "{{ns}}", e.learner.namespace), "\n") {
				if line != "" && !strings.Contains(shown, line) {
					t.Errorf("no hint names the fix %q:%s", line, describe(results))
				}
			}
			e.learner.apply(t, commandLines(w.fix, e.learner.namespace))
			if w.redo {
				e.learner.apply(t, step.Solutions)
			}
			if after := checks.Evaluate(t.Context(), e.target, e.compile(t, step), checks.EvalOptions{Settle: settleOf(step)}); !checks.AllPassed(after) {
				t.Errorf("the step does not pass after the hint's fix %q (redo %v):%s", w.fix, w.redo, describe(after))
			}
		})
	}
	course, err := lessons.Load(lessons.Embedded(), "lessons/course", lessons.Vars{Namespace: "elev-test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, lesson := range course.Lessons {
		if perLesson[lesson.ID] < 2 {
			t.Errorf("lesson %s has %d typical mistakes in the test, want at least 2", lesson.ID, perLesson[lesson.ID])
		}
	}
}

// commandLines is text's kubectl lines, with {{ns}} replaced, as a
// commands solution; none when text is empty.
func commandLines(text, namespace string) []lessons.Solution {
	if text == "" {
		return nil
	}
	sol := lessons.Solution{Kind: lessons.SolutionCommands}
	for _, line := range strings.Split(strings.ReplaceAll(text, "{{ns}}", namespace), "\n") {
		sol.Commands = append(sol.Commands, splitArgs(line))
	}
	return []lessons.Solution{sol}
}

// splitArgs splits a command line on spaces, honouring single quotes (the
// only quoting the mistakes above use).
func splitArgs(line string) []string {
	var args []string
	var cur strings.Builder
	quoted, inArg := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, inArg = !quoted, true
		case r == ' ' && !quoted:
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args
}
