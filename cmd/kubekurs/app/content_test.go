package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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

// The content test (TestIntegrationLessonsTest) is `kubekurs lessons test`
// on the embedded course, in the spirit of `rustlings dev check`. The
// helpers here (learner, contentEnv) let other tests do a lesson's steps
// as a learner would: solutions run through kubekurs's built-in kubectl
// (`kubekurs kubectl`), in a process of its own: this test binary,
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

// describe lists results for a test failure.
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
	// Under -race the built-in kubectl is race-enabled too, and upstream
	// kubectl's drain has a data race of its own (k8s.io/kubectl
	// pkg/cmd/drain/drain.go:276, two eviction goroutines write one
	// field): a detected race must not turn a drain that worked into a
	// failed solution. The race is still reported in the output.
	kubectl := packtest.Executable(os.Args[0], append(os.Environ(), envRunAsKubekurs+"=1", "GORACE=exitcode=0"))
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
