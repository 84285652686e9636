package app

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/lessons/packtest"
)

// testPack is a small lesson pack of an instructor's: one step with a
// wrong attempt. solution is the step's solution.
func testPack(t *testing.T, solution string) string {
	t.Helper()
	dir := t.TempDir()
	lesson := "---\nid: P01\ntitle: Web\n---\n\nEn liten leksjon.\n\n## Lag Deployment web\n\nLag en Deployment web med to replikaer.\n\n" +
		"```check\n- type: deploymentReady\n  name: web\n  replicas: 2\n  hint: Sjekk at `replicas` er 2, for eksempel med `kubectl scale deployment web --replicas=2`.\n- type: image\n  kind: Deployment\n  name: web\n  container: nginx\n  image: nginx:1.27\n```\n\n" +
		"```hint\nBruk `kubectl create deployment`.\n```\n\n" +
		"```solution\n" + solution + "\n```\n\n" +
		"```wrong\nname: én replika\ncommands: kubectl create deployment web --image=nginx:1.27\nfails: web\nhint: replicas\n" +
		"fix: kubectl scale deployment web --replicas=2\n```\n"
	for name, text := range map[string]string{"course.yaml": "title: Testpakke\nlessons: [P01-web.md]\n", "P01-web.md": lesson} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runAnswering runs kubekurs with answer on stdin (the confirmation that
// the named cluster may be used).
func runAnswering(t *testing.T, env Env, answer string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	err := Run(ctx, Streams{In: strings.NewReader(answer), Out: &out, ErrOut: &errOut}, env, args)
	return report(&errOut, err), out.String(), errOut.String()
}

func TestIntegrationLessonsTestCommand(t *testing.T) {
	c := labtest.Require(t, testCluster)
	t.Setenv(envRunAsKubekurs, "1") // the built-in kubectl is this test binary
	home := t.TempDir()
	kubeconfig := filepath.Join(home, "admin.kubeconfig")
	if err := os.WriteFile(kubeconfig, c.Kubeconfig, 0o600); err != nil {
		t.Fatal(err)
	}
	env := Env{Executable: os.Executable, Getenv: func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}}

	good := testPack(t, "kubectl create deployment web --image=nginx:1.27 --replicas=2")
	// Another cluster than the practice cluster is used only after a yes.
	code, out, errOut := run(t, env, "lessons", "test", good, "--kubeconfig", kubeconfig)
	if code != exitUsage || !strings.Contains(out, "Testen lager og sletter egne Namespaces") || !strings.Contains(errOut, "testen har ikke rørt clusteret") {
		t.Errorf("without a yes: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runAnswering(t, env, "j\n", "lessons", "test", good, "--kubeconfig", kubeconfig)
	if code != exitOK {
		t.Fatalf("a good pack: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"✓ Steg 1: Lag Deployment web", "✓ feilforsøk: én replika", " s\n", "1 steg og 1 feilforsøk: 2 bestått, 0 feilet, 0 hoppet over"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// A wrong solution (the wrong image): exit 1, naming the step and the
	// criterion that still fails. --yes answers the question.
	bad := testPack(t, "kubectl create deployment web --image=nginx:1.26 --replicas=2")
	code, out, errOut = run(t, env, "lessons", "test", bad, "--kubeconfig", kubeconfig, "--yes")
	if code != exitError {
		t.Fatalf("a wrong solution: exit %d, want %d\n%s%s", code, exitError, out, errOut)
	}
	for _, want := range []string{"✗ Steg 1: Lag Deployment web", "P01-web.md:8: sjekkene består ikke 10s etter løsningen", "nginx:1.27"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut = run(t, env, "lessons", "test", bad, "--kubeconfig", kubeconfig, "--yes", "-o", "json")
	var report packtest.Report
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("json: %v\n%s%s", err, out, errOut)
	}
	if code != exitError || report.Failed != 1 || len(report.Results) != 2 || report.Results[0].Status != packtest.Failed ||
		report.Results[0].Step != 1 || len(report.Results[0].Failing) == 0 || report.Results[0].Millis <= 0 {
		t.Errorf("json report (exit %d): %+v", code, report)
	}

	code, _, errOut = run(t, env, "lessons", "test", good, "--kubeconfig", kubeconfig, "--yes", "--lesson", "P09")
	if code != exitUsage || !strings.Contains(errOut, "Fant ingen leksjon med id «P09».") {
		t.Errorf("an unknown lesson: exit %d\n%s", code, errOut)
	}
	code, _, errOut = run(t, env, "lessons", "test", good, "--kubeconfig", kubeconfig, "--yes", "--lesson", "P01", "--step", "2")
	if code != exitUsage || !strings.Contains(errOut, "Leksjon P01 har ikke steg 2 (den har 1).") {
		t.Errorf("an unknown step: exit %d\n%s", code, errOut)
	}

	// Only the run's own Namespaces were made, and they are being deleted.
	namespaces, err := c.Client.CoreV1().Namespaces().List(t.Context(), metav1.ListOptions{LabelSelector: packtest.RunLabel})
	if err != nil {
		t.Fatal(err)
	}
	for _, ns := range namespaces.Items {
		if ns.DeletionTimestamp == nil {
			t.Errorf("namespace %s is left behind", ns.Name)
		}
	}
}

func TestLessonsTestUsage(t *testing.T) {
	env := Env{Executable: os.Executable, Getenv: func(string) string { return "" }}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"lessons", "test", "a", "b"}, "oppgi høyst én katalog"},
		{[]string{"lessons", "test", "--step", "2"}, "--step trenger --lesson"},
		{[]string{"lessons", "test", "-o", "yaml"}, "--output må være text eller json"},
		{[]string{"lessons", "test", "/finnes/ikke"}, "Finner ikke katalogen «/finnes/ikke»"},
	} {
		code, _, errOut := run(t, env, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q; want exit %d and %q", tt.args, code, errOut, exitUsage, tt.want)
		}
	}
	// An invalid pack is not run: its problems as fil:linje, exit 2.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "course.yaml"), []byte("title: T\nlessons: [L.md]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "L.md"), []byte("---\nid: L\ntitle: T\n---\n## S\n```check\n- type: podReady\n  name: p\n```\n```hint\nh\n```\n```solution\nkubectl delete ns kube-system\n```\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, env, "lessons", "test", dir)
	if code != exitUsage || !strings.Contains(errOut, "L.md:14: Namespace «kube-system» gjelder hele clusteret") {
		t.Errorf("invalid pack: exit %d\n%s", code, errOut)
	}
}
