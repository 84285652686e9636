package lab

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// testLab is the one practice cluster this package's integration tests
// share; TestMain starts it unless -short is given.
type testLab struct {
	lab     *Lab
	config  *rest.Config
	client  kubernetes.Interface
	started time.Time // when the cluster was last (re)started
}

// shared is set by TestMain for the integration tests (nil under -short).
// It is test-only state, the one exception to "no package variables".
var shared *testLab

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() || fuzzing() {
		os.Exit(m.Run()) // fuzz targets need no cluster; every fuzz worker runs TestMain
	}
	os.Exit(runWithLab(m))
}

func runWithLab(m *testing.M) int {
	binDir, err := DefaultBinDir(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lab tests:", err)
		return 1
	}
	dataDir, err := os.MkdirTemp("", "kubekurs-lab-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "lab tests:", err)
		return 1
	}
	defer os.RemoveAll(dataDir)
	l := &Lab{DataDir: dataDir, BinDir: binDir, UnsafeNoFsync: true}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	cfg, err := l.Start(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lab tests: start practice cluster (build it with `make lab`): %v\n%s\n", err, Message(err))
		return 1
	}
	fmt.Fprintf(os.Stderr, "lab tests: practice cluster ready in %s\n", time.Since(start).Round(time.Millisecond))
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		_ = l.Stop()
		fmt.Fprintln(os.Stderr, "lab tests:", err)
		return 1
	}
	shared = &testLab{lab: l, config: cfg, client: client, started: time.Now()}
	code := m.Run()
	recorded, err := ReadState(dataDir)
	if err != nil || len(recorded.Components) != len(componentNames) {
		fmt.Fprintf(os.Stderr, "lab tests: state file before Stop records %d components (%v)\n", len(recorded.Components), err)
		code = 1
	}
	if err := l.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "lab tests: stop:", err)
		code = 1
	}
	if left := leftovers(recorded.Components); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "lab tests: processes left behind after Stop: %v\n", left)
		code = 1
	}
	if stray := strayChildren(nil); len(stray) > 0 {
		fmt.Fprintf(os.Stderr, "lab tests: child processes left behind after Stop: %v\n", stray)
		code = 1
	}
	return code
}

// requireLab skips integration tests under -short and returns the shared
// cluster otherwise.
func requireLab(t *testing.T) *testLab {
	t.Helper()
	if testing.Short() || shared == nil {
		t.Skip("integration test: needs the practice cluster (run without -short)")
	}
	return shared
}

// fuzzing reports whether this test process runs or serves a fuzz target,
// or only lists tests (as labtest.Fuzzing, which this package's tests
// cannot import).
func fuzzing() bool {
	for _, name := range []string{"test.fuzz", "test.fuzzworker", "test.list"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" && f.Value.String() != "false" {
			return true
		}
	}
	return false
}
