package kind

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestTranslate(t *testing.T) {
	tests := map[string]string{
		" • Ensuring node image (kindest/node:v1.33.1) 🖼  ...": "• Henter node-imaget …",
		" ✓ Preparing nodes 📦 📦 📦":                             "✓ Forbereder nodene",
		" • Waiting ≤ 3m0s for control-plane = Ready ⏳  ...":   "• Venter på at kontrollplanet blir klart …",
		" ✗ Starting control-plane 🕹️":                         "✗ Starter kontrollplanet",
		"something new":                                        "something new",
	}
	for in, want := range tests {
		if got := Translate(in); got != want {
			t.Errorf("Translate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestProgressLoggerShowsOnlyUserFacingLines(t *testing.T) {
	var buf bytes.Buffer
	l := NewProgressLogger(&buf)
	l.V(0).Infof(" • %s  ...\n", "Installing CNI 🔌")
	l.V(1).Info("debug noise")
	l.Warn("disk nearly full")
	want := "• Installerer Pod-nettverket (CNI) …\nAdvarsel: disk nearly full\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

// TestNoRuntime runs with a PATH where no container runtime exists.
func TestNoRuntime(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := NewProvider(nil); !errors.Is(err, ErrNoRuntime) {
		t.Fatalf("NewProvider without Docker: %v, want ErrNoRuntime", err)
	}
}

// TestStoppedDockerDaemonSaysWhy needs a docker client without a running
// daemon (as on the machines this project is built on); it checks that the
// daemon's own message comes through instead of "exit status 1".
func TestStoppedDockerDaemonSaysWhy(t *testing.T) {
	if _, err := exec.LookPath("docker"); err != nil {
		t.Skip("no docker client installed")
	}
	if exec.Command("docker", "info").Run() == nil {
		t.Skip("the Docker daemon runs here; this test is for a stopped one (see make test-kind)")
	}
	p, err := NewProvider(nil)
	if err != nil {
		t.Fatalf("NewProvider: %v", err)
	}
	_, err = p.Exists(DefaultName)
	var re *RuntimeError
	if !errors.As(err, &re) {
		t.Fatalf("Exists with a stopped daemon: %v, want RuntimeError", err)
	}
	if !strings.Contains(strings.ToLower(re.Output), "daemon") {
		t.Errorf("runtime output %q does not carry the daemon's message", re.Output)
	}
}

// TestIntegrationKindLifecycle creates, finds and deletes a real kind
// cluster. It needs a running Docker (or Podman) daemon and network access
// to pull the node image: run it with `make test-kind` where they exist.
func TestIntegrationKindLifecycle(t *testing.T) {
	if testing.Short() || os.Getenv("KUBEKURS_TEST_KIND") != "1" {
		t.Skip("needs Docker and network: run `make test-kind` (sets KUBEKURS_TEST_KIND=1)")
	}
	var log bytes.Buffer
	p, err := NewProvider(NewProgressLogger(&log))
	if err != nil {
		t.Fatal(err)
	}
	name := "kubekurs-test"
	kubeconfig := t.TempDir() + "/kubeconfig"
	t.Cleanup(func() { _ = p.Delete(name, kubeconfig) })
	if err := p.Create(Options{Name: name, Workers: 1, KubeconfigPath: kubeconfig}); err != nil {
		t.Fatalf("create: %v\n%s", err, log.String())
	}
	if ok, err := p.Exists(name); err != nil || !ok {
		t.Fatalf("exists after create: %v, %v", ok, err)
	}
	if !strings.Contains(log.String(), "Starter kontrollplanet") {
		t.Errorf("progress not in Norwegian:\n%s", log.String())
	}
	if err := p.Delete(name, kubeconfig); err != nil {
		t.Fatal(err)
	}
	if ok, _ := p.Exists(name); ok {
		t.Error("cluster still exists after delete")
	}
}

func TestClassifyNamesPortAndPullProblems(t *testing.T) {
	runtime := func(out string) error { return &RuntimeError{Output: out, Err: errors.New("exit status 125")} }
	var port *PortTakenError
	err := classify(runtime("docker: Error response from daemon: driver failed programming external connectivity on endpoint kubekurs-control-plane: Bind for 127.0.0.1:30001 failed: port is already allocated."))
	if !errors.As(err, &port) || port.Port != 30001 {
		t.Errorf("docker port message: %v", err)
	}
	err = classify(runtime("Error: rootlessport listen tcp 127.0.0.1:8080: bind: address already in use"))
	if !errors.As(err, &port) || port.Port != 8080 {
		t.Errorf("podman port message: %v", err)
	}
	var pull *ImagePullError
	for _, out := range []string{
		"Error response from daemon: pull access denied for kindest/nodd, repository does not exist",
		"Error response from daemon: manifest for kindest/node:v9 not found: manifest unknown",
		"Error response from daemon: toomanyrequests: You have reached your pull rate limit.",
	} {
		if err := classify(runtime(out)); !errors.As(err, &pull) {
			t.Errorf("%q: %v, want ImagePullError", out, err)
		}
	}
	daemon := runtime("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?")
	if got := classify(daemon); got != daemon {
		t.Errorf("a stopped daemon is not a port or pull problem: %v", got)
	}
}

func TestCheckPortsNamesATakenPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	taken := l.Addr().(*net.TCPAddr).Port
	var port *PortTakenError
	if err := CheckPorts([]int{taken}); !errors.As(err, &port) || port.Port != taken {
		t.Fatalf("CheckPorts(%d) = %v", taken, err)
	}
	l.Close()
	if err := CheckPorts([]int{taken}); err != nil {
		t.Errorf("a free port: %v", err)
	}
}

func TestStepLoggerHandsOverSteps(t *testing.T) {
	var other bytes.Buffer
	var steps []Step
	l := NewStepLogger(&other, func(s Step) { steps = append(steps, s) })
	l.V(0).Info(" • Preparing nodes 📦 📦  ...")
	l.V(0).Info(" ✓ Preparing nodes 📦 📦")
	l.V(0).Info(" • Something kind added later  ...")
	l.V(0).Info("Set kubectl context to \"kind-kubekurs\"")
	l.V(3).Info(" • debug")
	l.Warn("low disk")
	want := []Step{
		{Text: "Forbereder nodene", State: StepStarted},
		{Text: "Forbereder nodene", State: StepDone},
		{Text: "Something kind added later", State: StepStarted},
	}
	if len(steps) != len(want) {
		t.Fatalf("steps = %+v", steps)
	}
	for i := range want {
		if steps[i] != want[i] {
			t.Errorf("step %d = %+v, want %+v", i, steps[i], want[i])
		}
	}
	if got := other.String(); got != "Set kubectl context to \"kind-kubekurs\"\nAdvarsel: low disk\n" {
		t.Errorf("other lines = %q", got)
	}
}

// TestExistsWithinGivesUpOnAHungDaemon uses a stand-in docker whose `ps`
// never answers (a hung daemon): the probe gives up after its timeout
// with a RuntimeError saying so.
func TestExistsWithinGivesUpOnAHungDaemon(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep command")
	}
	dir := t.TempDir()
	script := "#!/bin/sh\ncase \"$1\" in\n-v) echo 'Docker version 27.3.1, build ce12230' ;;\n*) exec " + sleep + " 3 ;;\nesac\n"
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	p, err := NewProvider(nil)
	if err != nil {
		t.Fatalf("NewProvider: %v", err)
	}
	start := time.Now()
	_, err = p.ExistsWithin(DefaultName, 300*time.Millisecond)
	var re *RuntimeError
	if !errors.As(err, &re) || !errors.Is(err, ErrRuntimeTimeout) || !strings.Contains(re.Output, "ingen svar") {
		t.Fatalf("err = %v, want a RuntimeError for the timeout", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("gave up after %v", took)
	}
}
