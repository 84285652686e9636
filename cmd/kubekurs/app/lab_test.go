package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
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

	running, err := lab.ReadState(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if running.Supervisor == nil || len(running.Components) != 5 {
		t.Errorf("state file does not record the supervisor and 5 components: %+v", running)
	}
	code, out, errOut = run(t, env, append([]string{"lab", "stop"}, flags...)...)
	if code != exitOK || !strings.Contains(out, "stoppet") {
		t.Fatalf("lab stop: exit %d\n%s\n%s", code, out, errOut)
	}
	assertGone(t, running)
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

// TestDetachedStartMatchesLabStartFlags keeps lab.StartDetached's command
// line in step with `lab start`: a stand-in for kubekurs records the
// arguments it is given, and `lab start`'s own flags must parse them back
// into the same cluster.
func TestDetachedStartMatchesLabStartFlags(t *testing.T) {
	binDir := t.TempDir()
	for _, b := range []string{"labkube", "etcd", "kwok"} {
		if err := os.WriteFile(filepath.Join(binDir, b), []byte("#!/bin/sh\nexit 1\n"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	argsFile := filepath.Join(t.TempDir(), "args")
	exe := filepath.Join(t.TempDir(), "kubekurs")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\nprintf '%s\\n' \"$@\" > '"+argsFile+"'\nexit 1\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	effectiveWorkers := func(w int) int {
		switch {
		case w == 0:
			return lab.DefaultWorkers
		case w < 0:
			return 0
		}
		return w
	}
	effectiveTimeout := func(d time.Duration) time.Duration {
		if d <= 0 {
			return lab.DefaultStartTimeout
		}
		return d
	}
	tests := []*lab.Lab{
		{DataDir: t.TempDir(), BinDir: binDir},
		{DataDir: t.TempDir(), BinDir: binDir, Workers: -1, Ports: lab.Ports{APIServer: 16443}, StartTimeout: 2 * time.Minute, UnsafeNoFsync: true},
		{DataDir: t.TempDir(), BinDir: binDir, Workers: 5, StartTimeout: 90 * time.Second},
	}
	for i, want := range tests {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			_, err := lab.StartDetached(t.Context(), want, lab.DetachedOptions{Executable: exe, Timeout: 20 * time.Second})
			if !strings.Contains(lab.Message(err), "startet ikke") {
				t.Fatalf("the stand-in exits at once, want «startet ikke»: %v", err)
			}
			data, err := os.ReadFile(argsFile)
			if err != nil {
				t.Fatal(err)
			}
			args := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			if len(args) < 2 || args[0] != "lab" || args[1] != "start" {
				t.Fatalf("child runs %q, want `lab start ...`", args)
			}
			start, _, err := newRootCommand(Streams{}, Env{Getenv: func(string) string { return "" }}).Find(args[:2])
			if err != nil {
				t.Fatal(err)
			}
			if err := start.ParseFlags(args[2:]); err != nil {
				t.Fatalf("`lab start` does not accept %q: %v", args[2:], err)
			}
			fs := start.Flags()
			var sf labStartFlags
			var dirs labFlags
			for _, err := range []error{
				get(fs.GetBool, "foreground", &sf.foreground), get(fs.GetBool, "background-child", &sf.child),
				get(fs.GetInt, "workers", &sf.workers), get(fs.GetInt, "port", &sf.port),
				get(fs.GetDuration, "timeout", &sf.timeout), get(fs.GetBool, "unsafe-no-fsync", &sf.noFsync),
				get(fs.GetString, "data-dir", &dirs.dataDir), get(fs.GetString, "bin-dir", &dirs.binDir),
			} {
				if err != nil {
					t.Fatal(err)
				}
			}
			if !sf.foreground || !sf.child {
				t.Errorf("child not started with --foreground --background-child: %q", args)
			}
			got := sf.lab(dirs.dataDir, dirs.binDir)
			if got.DataDir != want.DataDir || got.BinDir != want.BinDir || got.Ports != want.Ports || got.UnsafeNoFsync != want.UnsafeNoFsync ||
				effectiveWorkers(got.Workers) != effectiveWorkers(want.Workers) || effectiveTimeout(got.StartTimeout) != effectiveTimeout(want.StartTimeout) {
				t.Errorf("`lab start %s` gives %+v, want %+v", strings.Join(args[2:], " "), got, want)
			}
		})
	}
}

// get reads one flag's value into dst.
func get[T any](read func(string) (T, error), name string, dst *T) error {
	v, err := read(name)
	*dst = v
	return err
}
