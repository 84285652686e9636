package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubekurs/kubekurs/cluster/lab"
	"github.com/kubekurs/kubekurs/internal/kube"
)

// run executes one command line and returns its exit code and output.
func run(t *testing.T, env Env, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	err := Run(ctx, Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}, env, args)
	code = report(&errOut, err)
	return code, out.String(), errOut.String()
}

// testEnv is the process environment, with the test binary standing in
// for kubekurs.
func testEnv(t *testing.T) Env {
	t.Helper()
	t.Setenv(envRunAsKubekurs, "1")
	return OSEnv()
}

func TestIntegrationLabCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: starts the practice cluster")
	}
	env := testEnv(t)
	dataDir := t.TempDir()
	flags := []string{"--data-dir", dataDir}
	t.Cleanup(func() { _ = lab.StopRunning(context.Background(), dataDir) })

	code, out, errOut := run(t, env, append([]string{"lab", "start", "--unsafe-no-fsync"}, flags...)...)
	if code != exitOK {
		t.Fatalf("lab start: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"Starter etcd", "Øvingsclusteret er klart", "kjører i bakgrunnen", "export KUBECONFIG="} {
		if !strings.Contains(out, want) {
			t.Errorf("lab start output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Ctrl-C") {
		t.Errorf("background start tells the user to press Ctrl-C:\n%s", out)
	}

	code, out, _ = run(t, env, append([]string{"lab", "status"}, flags...)...)
	if code != exitOK || !strings.Contains(out, "Noder: 3 av 3 er Ready.") || strings.Contains(out, "✗") {
		t.Errorf("lab status: exit %d\n%s", code, out)
	}

	code, kubeconfig, errOut := run(t, env, append([]string{"lab", "kubeconfig"}, flags...)...)
	if code != exitOK {
		t.Fatalf("lab kubeconfig: exit %d: %s", code, errOut)
	}
	assertThreeReadyNodes(t, []byte(kubeconfig))

	code, _, errOut = run(t, env, append([]string{"lab", "start"}, flags...)...)
	if code != exitError || !strings.Contains(errOut, "kjører allerede") {
		t.Errorf("second lab start: exit %d: %s", code, errOut)
	}

	code, out, errOut = run(t, env, append([]string{"lab", "stop"}, flags...)...)
	if code != exitOK || !strings.Contains(out, "stoppet") {
		t.Fatalf("lab stop: exit %d\n%s\n%s", code, out, errOut)
	}
	if left := lab.ProcessesUsing(dataDir); len(left) > 0 {
		t.Errorf("processes left after lab stop: %v", left)
	}
	code, out, _ = run(t, env, append([]string{"lab", "status"}, flags...)...)
	if code != exitError || !strings.Contains(out, "kjører ikke") {
		t.Errorf("lab status after stop: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "etcd")); err != nil {
		t.Errorf("data removed by stop: %v", err)
	}
}

func assertThreeReadyNodes(t *testing.T, kubeconfig []byte) {
	t.Helper()
	cfg, err := clientcmd.RESTConfigFromKubeConfig(kubeconfig)
	if err != nil {
		t.Fatalf("parse kubeconfig: %v", err)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	nodes, err := client.CoreV1().Nodes().List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatalf("list nodes: %v", err)
	}
	ready := 0
	for i := range nodes.Items {
		if kube.NodeReady(&nodes.Items[i]) {
			ready++
		}
	}
	if len(nodes.Items) != 3 || ready != 3 {
		t.Errorf("%d nodes, %d Ready; want 3 Ready", len(nodes.Items), ready)
	}
}

func TestCommandLineErrors(t *testing.T) {
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"unknown flag", []string{"lab", "start", "--bogus"}, exitUsage, "ukjent flagg: --bogus"},
		{"unknown subcommand", []string{"lab", "foo"}, exitUsage, "ukjent kommando «foo» for «kubekurs lab»"},
		{"unknown command", []string{"foo"}, exitUsage, "«foo»"},
		{"bad value", []string{"lab", "start", "--workers", "mange"}, exitUsage, "ugyldig verdi"},
		{"no home", []string{"lab", "status"}, exitError, "--data-dir"},
		{"missing binaries", []string{"lab", "start", "--data-dir", t.TempDir(), "--bin-dir", t.TempDir()}, exitError, "make lab"},
		{"kubeconfig before start", []string{"lab", "kubeconfig", "--data-dir", t.TempDir()}, exitError, "ikke startet ennå"},
		{"stop when stopped", []string{"lab", "stop", "--data-dir", t.TempDir()}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, env, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out+errOut, tt.contains) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", tt.contains, out, errOut)
			}
		})
	}
}

// TestHelpIsNorwegian reads the help of every command (but the built-in
// kubectl, whose help is kubectl's own).
func TestHelpIsNorwegian(t *testing.T) {
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	all := [][]string{{"--help"}, {"help", "lab"}}
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, sub := range c.Commands() {
			if sub.Name() == "kubectl" || sub.Name() == "help" {
				continue
			}
			p := append(append([]string(nil), path...), sub.Name())
			all = append(all, append(append([]string(nil), p...), "--help"))
			walk(sub, p)
		}
	}
	walk(newRootCommand(Streams{}, env), nil)
	if len(all) < 15 {
		t.Fatalf("only %d commands found: %v", len(all), all)
	}
	for _, args := range all {
		code, out, _ := run(t, env, args...)
		if code != exitOK {
			t.Errorf("%v: exit %d", args, code)
		}
		for _, english := range []string{"Usage:", "Flags:", "Available Commands", "help for", "(default "} {
			if strings.Contains(out, english) {
				t.Errorf("%v: help contains English %q:\n%s", args, english, out)
			}
		}
		if !strings.Contains(out, "Bruk:") {
			t.Errorf("%v: help lacks \"Bruk:\":\n%s", args, out)
		}
	}
}
