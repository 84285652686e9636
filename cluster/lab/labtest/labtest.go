// Package labtest gives a test package one practice cluster: TestMain
// starts it through Run, and the tests create a namespace each with
// Namespace. Integration tests name themselves TestIntegration... and skip
// under -short, when no cluster is started.
package labtest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/cluster/lab"
)

// Cluster is a running practice cluster for tests.
type Cluster struct {
	// Lab is the cluster itself.
	Lab *lab.Lab
	// Config is an admin client configuration.
	Config *rest.Config
	// Client is an admin clientset.
	Client kubernetes.Interface
	// Kubeconfig is the admin kubeconfig, certificates embedded.
	Kubeconfig []byte
}

// maxStartAttempts bounds how often Run starts a cluster whose freshly
// picked port was taken by another test cluster meanwhile.
const maxStartAttempts = 3

// Run is meant for TestMain. Under -short it runs the tests without a
// cluster (use receives nil). Otherwise it starts a practice cluster on a
// temporary data directory (binaries from lab.DefaultBinDir: run `make lab`
// first), hands it to use, runs the tests and stops the cluster. It
// returns the exit code for os.Exit.
//
// Fuzzing (-fuzz, and the fuzz worker processes, which run TestMain too)
// also starts no cluster: fuzz targets need none.
func Run(m *testing.M, use func(*Cluster)) int {
	flag.Parse()
	if testing.Short() || Fuzzing() {
		use(nil)
		return m.Run()
	}
	binDir, err := lab.DefaultBinDir(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "labtest:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var l *lab.Lab
	var cfg *rest.Config
	// `go test ./...` runs several packages at once, each with its own
	// cluster. A free port a cluster picked can be taken by another one
	// before its component binds it; that start is retried on fresh ports.
	for attempt := 1; ; attempt++ {
		dataDir, err := os.MkdirTemp("", "kubekurs-labtest-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "labtest:", err)
			return 1
		}
		defer os.RemoveAll(dataDir)
		l = &lab.Lab{DataDir: dataDir, BinDir: binDir, UnsafeNoFsync: true}
		cfg, err = l.Start(ctx)
		if err == nil {
			break
		}
		var ce *lab.ComponentError
		if attempt < maxStartAttempts && errors.As(err, &ce) && strings.Contains(ce.LogTail, "address already in use") {
			fmt.Fprintf(os.Stderr, "labtest: %s lost a port to another test cluster; starting again on new ports\n", ce.Component)
			continue
		}
		fmt.Fprintf(os.Stderr, "labtest: start practice cluster (build it with `make lab`): %v\n%s\n", err, lab.Message(err))
		return 1
	}
	defer func() {
		if err := l.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "labtest: stop:", err)
		}
	}()
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "labtest:", err)
		return 1
	}
	use(&Cluster{Lab: l, Config: cfg, Client: client, Kubeconfig: l.Kubeconfig()})
	return m.Run()
}

// Require skips the test when c is nil (under -short) and returns c.
func Require(t testing.TB, c *Cluster) *Cluster {
	t.Helper()
	if c == nil {
		t.Skip("integration test: needs the practice cluster (run without -short)")
	}
	return c
}

// Namespace creates a fresh namespace named after the test, waits for its
// default ServiceAccount (Pods are refused before it exists) and deletes
// the namespace when the test ends.
func Namespace(t testing.TB, client kubernetes.Interface) string {
	t.Helper()
	name := strings.ToLower(strings.NewReplacer("/", "-", "_", "-", " ", "-").Replace(t.Name()))
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, name)
	if len(name) > 45 {
		name = name[:45]
	}
	name = fmt.Sprintf("%s-%d", strings.Trim(name, "-"), time.Now().UnixNano()%1000000)
	ctx := context.Background()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if _, err := client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create namespace %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = client.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, err := client.CoreV1().ServiceAccounts(name).Get(ctx, "default", metav1.GetOptions{})
		if err == nil {
			return name
		}
		if time.Now().After(deadline) {
			t.Fatalf("namespace %s: default ServiceAccount not created: %v", name, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Fuzzing reports whether this test process runs or serves a fuzz target,
// or only lists tests (-list): then no cluster is needed.
func Fuzzing() bool {
	for _, name := range []string{"test.fuzz", "test.fuzzworker", "test.list"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" && f.Value.String() != "false" {
			return true
		}
	}
	return false
}

// PodsOnlyAccount gives user every right on Pods in ns and nothing else
// (a Role and a RoleBinding, deleted with ns), and returns c's admin
// configuration impersonating that user: a classroom learner with the
// narrowest useful role.
func PodsOnlyAccount(t testing.TB, c *Cluster, ns, user string) *rest.Config {
	t.Helper()
	ctx := context.Background()
	role := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "bare-poder", Namespace: ns},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"*"}}},
	}
	if _, err := c.Client.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create role: %v", err)
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: user, Namespace: ns},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: role.Name},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.UserKind, Name: user, APIGroup: rbacv1.GroupName}},
	}
	if _, err := c.Client.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create role binding: %v", err)
	}
	cfg := rest.CopyConfig(c.Config)
	cfg.Impersonate = rest.ImpersonationConfig{UserName: user, Groups: []string{"system:authenticated"}}
	return cfg
}
