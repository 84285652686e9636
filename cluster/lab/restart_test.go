package lab

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func TestIntegrationSecondStartIsRefused(t *testing.T) {
	tl := requireLab(t)
	second := &Lab{DataDir: tl.lab.DataDir, BinDir: tl.lab.BinDir}
	_, err := second.Start(t.Context())
	if !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("second Start on a running data dir: %v, want ErrAlreadyRunning", err)
	}
	if msg := Message(err); msg != msgAlreadyRunning {
		t.Errorf("message %q", msg)
	}
	// The first cluster must be unharmed.
	if _, err := tl.client.CoreV1().Nodes().List(t.Context(), metav1.ListOptions{}); err != nil {
		t.Fatalf("first cluster broken after refused second start: %v", err)
	}
}

func TestIntegrationPortInUse(t *testing.T) {
	tl := requireLab(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	other := &Lab{DataDir: t.TempDir(), BinDir: tl.lab.BinDir, Ports: Ports{APIServer: port}}
	_, err = other.Start(t.Context())
	var pe *PortError
	if !errors.As(err, &pe) || pe.Port != port {
		t.Fatalf("Start with a taken API server port: %v, want PortError for %d", err, port)
	}
	if st, err := ReadState(other.DataDir); err != nil || st.Supervisor != nil || st.Components != nil {
		t.Errorf("failed start left records of processes: %+v, %v", st, err)
	}
	if stray := strayChildren(tl.records()); len(stray) > 0 {
		t.Errorf("failed start left processes %v", stray)
	}
}

func TestIntegrationCorruptStateKeepsData(t *testing.T) {
	tl := requireLab(t)
	dir := t.TempDir()
	garbage := []byte("{ikke json")
	if err := os.WriteFile(filepath.Join(dir, stateFileName), garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	other := &Lab{DataDir: dir, BinDir: tl.lab.BinDir}
	_, err := other.Start(t.Context())
	var cf *CorruptFileError
	if !errors.As(err, &cf) || !errors.Is(err, ErrCorruptDataDir) {
		t.Fatalf("Start on a corrupt state file: %v, want CorruptFileError", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, stateFileName)); string(got) != string(garbage) {
		t.Errorf("corrupt state file was changed to %q", got)
	}
	if running, _ := IsRunning(dir); running {
		t.Error("lock still held after failed start")
	}
}

// TestIntegrationRestartKeepsResources stops the shared cluster and starts
// it again on the same data: what the learner made survives, the API
// server keeps its port (so handed-out kubeconfigs keep working) and the
// nodes become Ready again.
func TestIntegrationRestartKeepsResources(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	if _, err := tl.client.AppsV1().Deployments(ns).Create(t.Context(), webDeployment("web", "nginx", 2), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitRolledOut(t, tl.client, ns, "web", 2)
	before, err := ReadState(tl.lab.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	checkRecorded(t, before)
	if err := tl.lab.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if left := leftovers(before.Components); len(left) > 0 {
		t.Fatalf("processes left after Stop: %v", left)
	}
	if stray := strayChildren(nil); len(stray) > 0 {
		t.Fatalf("child processes left after Stop: %v", stray)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	start := time.Now()
	cfg, err := tl.lab.Start(ctx)
	if err != nil {
		t.Fatalf("restart: %v\n%s", err, Message(err))
	}
	t.Logf("restart on existing data took %s", time.Since(start).Round(time.Millisecond))
	after, err := ReadState(tl.lab.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	if after.Ports.APIServer != before.Ports.APIServer {
		t.Errorf("API server port changed from %d to %d", before.Ports.APIServer, after.Ports.APIServer)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tl.client, tl.config, tl.started = client, cfg, time.Now()
	d, err := client.AppsV1().Deployments(ns).Get(t.Context(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("deployment lost over restart: %v", err)
	}
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 2 {
		t.Errorf("replicas after restart: %v", d.Spec.Replicas)
	}
	waitRolledOut(t, client, ns, "web", 2)

	// A new Deployment works right after the restart.
	if _, err := client.AppsV1().Deployments(ns).Create(t.Context(), webDeployment("etter", "nginx", 1), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	waitRolledOut(t, client, ns, "etter", 1)
	t.Logf("first Deployment after restart ready in %s", time.Since(start).Round(time.Millisecond))
}

func TestMissingBinary(t *testing.T) {
	l := &Lab{DataDir: t.TempDir(), BinDir: t.TempDir()}
	_, err := l.Start(t.Context())
	var mb *MissingBinaryError
	if !errors.As(err, &mb) || !errors.Is(err, ErrBinaryMissing) {
		t.Fatalf("Start without binaries: %v, want MissingBinaryError", err)
	}
	if want := filepath.Join(l.BinDir, binaryControlPlane); mb.Path != want {
		t.Errorf("missing path %q, want %q", mb.Path, want)
	}
	if msg := Message(err); !strings.Contains(msg, mb.Path) || !strings.Contains(msg, "make lab") {
		t.Errorf("message does not name the file and the fix: %q", msg)
	}
}

func TestResolvePorts(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	taken := l.Addr().(*net.TCPAddr).Port

	got, err := resolvePorts(Ports{}, Ports{APIServer: taken})
	if err != nil {
		t.Fatal(err)
	}
	if got.APIServer == taken || got.APIServer == 0 {
		t.Errorf("previous port %d is taken, got %d", taken, got.APIServer)
	}
	seen := map[int]bool{}
	for _, s := range got.slots() {
		if *s.port == 0 || seen[*s.port] {
			t.Errorf("port for %s is %d (duplicate or zero) in %+v", s.purpose, *s.port, got)
		}
		seen[*s.port] = true
	}

	_, err = resolvePorts(Ports{APIServer: taken}, Ports{})
	var pe *PortError
	if !errors.As(err, &pe) || pe.Port != taken {
		t.Fatalf("explicit taken port: %v", err)
	}
	if msg := Message(err); !strings.Contains(msg, strconv.Itoa(taken)) {
		t.Errorf("message does not name the port: %q", msg)
	}
}
