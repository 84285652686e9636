package app

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/grade"
)

func TestIntegrationCheckCommand(t *testing.T) {
	c := labtest.Require(t, testCluster)
	e := newContentEnv(t, c, "L04")
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	check := func(extra ...string) (int, string, string) {
		return run(t, env, append([]string{"check", "L04", "--step", "2", "--kubeconfig", e.learner.kubeconfig, "--wait", "0"}, extra...)...)
	}

	code, out, errOut := check()
	if code != exitError {
		t.Fatalf("before the solution: exit %d, want %d\n%s%s", code, exitError, out, errOut)
	}
	if !strings.Contains(out, "✗") || !strings.Contains(out, "Steg 2: La kubectl skrive filen") || !strings.Contains(out, e.learner.namespace) {
		t.Errorf("before the solution, output:\n%s", out)
	}

	e.learner.apply(t, e.lesson.Steps[1].Solutions)
	code, out, errOut = run(t, env, "check", "L04", "--step", "2", "--kubeconfig", e.learner.kubeconfig) // the step's own settle time
	if code != exitOK || strings.Contains(out, "✗") || !strings.Contains(out, "4 av 4 kriterier bestått") {
		t.Fatalf("after the solution: exit %d\n%s%s", code, out, errOut)
	}

	code, out, _ = check("-o", "json")
	var report grade.Report
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("json output: %v\n%s", err, out)
	}
	if code != exitOK || !report.Passed || len(report.Steps) != 1 || report.Steps[0].Step != 2 || len(report.Steps[0].Results) != 4 {
		t.Errorf("json report (exit %d): %+v", code, report)
	}
	if !strings.Contains(out, `"status": "passed"`) {
		t.Errorf("json statuses are not the documented words:\n%s", out)
	}

	// A whole lesson: step 1 (web) is not done in this Namespace.
	code, out, _ = run(t, env, "check", "L04", "--kubeconfig", e.learner.kubeconfig, "--wait", "0")
	if code != exitError || !strings.Contains(out, "Steg 1: Din første Deployment") || !strings.Contains(out, "Steg 4: Selvreparasjon") {
		t.Errorf("whole lesson: exit %d\n%s", code, out)
	}
}

func TestCheckCommandUsage(t *testing.T) {
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte(unreachableKubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"no lesson", []string{"check"}, exitUsage, "oppgi én leksjon"},
		{"unknown lesson", []string{"check", "L99", "--kubeconfig", kubeconfig}, exitUsage, "L01, L02, L03, L04"},
		{"step out of range", []string{"check", "L04", "--step", "9", "--kubeconfig", kubeconfig}, exitUsage, "steg 1 til 4"},
		{"bad output", []string{"check", "L04", "-o", "xml", "--kubeconfig", kubeconfig}, exitUsage, "text eller json"},
		{"no cluster", []string{"check", "L04"}, exitUsage, "kubekurs lab start"},
		{"unreachable cluster", []string{"check", "L04", "--step", "2", "--kubeconfig", kubeconfig, "--wait", "0"}, exitUsage, "miljøfeil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, env, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.contains) {
				t.Errorf("exit %d (want %d), output lacks %q?\n%s%s", code, tt.code, tt.contains, out, errOut)
			}
			if strings.Contains(out+errOut, "ikke bestått") && tt.name == "unreachable cluster" {
				t.Errorf("an unreachable cluster is blamed on the learner:\n%s", out)
			}
		})
	}
}

// unreachableKubeconfig points at a loopback port nothing listens on
// (port 1 needs root to bind, so nothing does).
const unreachableKubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: borte
  cluster:
    server: https://127.0.0.1:1
    insecure-skip-tls-verify: true
users:
- name: elev
  user:
    token: x
contexts:
- name: borte
  context: {cluster: borte, user: elev, namespace: kurs}
current-context: borte
`

// TestCheckCommandStoppedServerIsQuick: against a stopped API server
// (a loopback port whose listener is closed, so connections are refused)
// `check` gives up after a short retry instead of the step's settle
// time, and does not try the steps after it.
func TestCheckCommandStoppedServerIsQuick(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	stopped := strings.Replace(unreachableKubeconfig, "https://127.0.0.1:1", "https://"+addr, 1)
	if err := os.WriteFile(kubeconfig, []byte(stopped), 0o600); err != nil {
		t.Fatal(err)
	}
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	var out string // of the last run, the whole lesson
	for _, args := range [][]string{{"check", "L02", "--step", "1"}, {"check", "L02"}} {
		start := time.Now()
		var code int
		var errOut string
		code, out, errOut = run(t, env, append(args, "--kubeconfig", kubeconfig)...)
		took := time.Since(start)
		t.Logf("%v against a stopped API server: exit %d after %s", args, code, took)
		if code != exitUsage || !strings.Contains(out, "miljøfeil") || !strings.Contains(out, "tilkoblingen ble avvist") {
			t.Errorf("%v: exit %d (want %d)\n%s%s", args, code, exitUsage, out, errOut)
		}
		if took > 5*time.Second {
			t.Errorf("%v took %s against a stopped API server, want under 5s", args, took)
		}
	}
	if !strings.Contains(out, "Steg 2:") || !strings.Contains(out, "hoppet over: API-serveren kan ikke nås (se steg 1)") {
		t.Errorf("the steps after the first are not skipped with the reason:\n%s", out)
	}
}

func TestIntegrationClusterStatus(t *testing.T) {
	c := labtest.Require(t, testCluster)
	l := newLearner(t, c)
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	code, out, errOut := run(t, env, "cluster", "status", "--kubeconfig", l.kubeconfig)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"Kubernetes: v1.36.3", "Namespace: " + l.namespace, "✗ running-containers", "✓ multiple-nodes", "✓ ingress-controller", "✓ loadbalancer", "running-containers: Dette steget trenger ekte containere"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestClusterStatusUnreachable(t *testing.T) {
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte(unreachableKubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, env, "cluster", "status", "--kubeconfig", kubeconfig)
	if code != exitUsage || !strings.Contains(out+errOut, "miljøfeil") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
}

func TestClusterCreateExplainsMissingDocker(t *testing.T) {
	home := t.TempDir()
	env := Env{Getenv: func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}, Executable: os.Executable}
	t.Setenv("PATH", t.TempDir()) // no docker, podman or nerdctl
	code, out, errOut := run(t, env, "cluster", "create")
	if code != exitUsage || !strings.Contains(out+errOut, "Fant ikke Docker. Kjører Docker? Prøv `docker info`.") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
}
