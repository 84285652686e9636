package lab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// StopRunning stops the practice cluster that another process runs on
// dataDir: it asks that process to stop (SIGTERM; it stops its components
// and exits), kills it if it has not exited within the grace period, and
// finally ends any component process still running from dataDir, so that
// nothing is left behind. It returns ErrNotRunning when nothing ran.
func StopRunning(ctx context.Context, dataDir string) error {
	running, pid := IsRunning(dataDir)
	orphans := ProcessesUsing(dataDir)
	if !running && len(orphans) == 0 {
		return ErrNotRunning
	}
	if running && pid > 0 && pid != os.Getpid() {
		_ = syscall.Kill(pid, syscall.SIGTERM)
		if !waitUntil(ctx, 30*time.Second, func() bool { r, _ := IsRunning(dataDir); return !r }) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			waitUntil(ctx, 5*time.Second, func() bool { r, _ := IsRunning(dataDir); return !r })
		}
	}
	// Components die with their parent; give them a moment, then make sure.
	waitUntil(ctx, stopGrace, func() bool { return len(ProcessesUsing(dataDir)) == 0 })
	for _, p := range ProcessesUsing(dataDir) {
		_ = syscall.Kill(p, syscall.SIGKILL)
	}
	if left := ProcessesUsing(dataDir); len(left) > 0 {
		return fmt.Errorf("processes %v still use %s", left, dataDir)
	}
	return nil
}

// waitUntil polls cond every 100 ms until it holds (true), the timeout
// passes or ctx ends (false).
func waitUntil(ctx context.Context, timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// ProcessesUsing lists the PIDs, other than this process, whose command
// line mentions dataDir: the components of a cluster on it and the
// process that supervises them. It reads /proc and finds nothing where
// /proc is missing.
func ProcessesUsing(dataDir string) []int {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil
	}
	needle := []byte(abs)
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		if bytes.Contains(cmdline, needle) && !isZombie(pid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func isZombie(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return true
	}
	// The state follows the command name in parentheses: "pid (comm) S ...".
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] == 'Z'
}

// ComponentStatus is one component's health as seen from outside.
type ComponentStatus struct {
	// Name is the component, e.g. "etcd".
	Name string
	// Healthy is true when its health endpoint answered ok.
	Healthy bool
	// Port is the port on 127.0.0.1 it was probed on.
	Port int
}

// Report is what Status found.
type Report struct {
	// Running is true when a process holds the data directory.
	Running bool
	// PID is that process.
	PID int
	// State is the data directory's state file.
	State State
	// Components are the health of each component, in start order.
	Components []ComponentStatus
	// NodesReady and Nodes count the simulated nodes.
	NodesReady, Nodes int
	// Kubeconfig is the path of the admin kubeconfig.
	Kubeconfig string
}

// Status probes the practice cluster on dataDir without changing it.
func Status(ctx context.Context, dataDir string) (Report, error) {
	var r Report
	st, err := ReadState(dataDir)
	if err != nil {
		return r, err
	}
	r.State = st
	r.Running, r.PID = IsRunning(dataDir)
	ly := layout{dir: dataDir}
	r.Kubeconfig = ly.kubeconfig("admin")
	if !r.Running {
		return r, nil
	}
	probe := func(name string, port int, check func(context.Context) error) {
		c, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		r.Components = append(r.Components, ComponentStatus{Name: name, Port: port, Healthy: check(c) == nil})
	}
	pki := &PKI{Dir: ly.pki()}
	probe(componentEtcd, st.Ports.EtcdClient, func(c context.Context) error { return etcdHealthy(c, pki, st.Ports.EtcdClient) })
	var client kubernetes.Interface
	if kc, err := os.ReadFile(r.Kubeconfig); err == nil {
		if cfg, err := restConfigFrom(kc); err == nil {
			cfg.Timeout = 2 * time.Second
			client, _ = kubernetes.NewForConfig(cfg)
		}
	}
	probe(componentAPIServer, st.Ports.APIServer, func(c context.Context) error {
		if client == nil {
			return errors.New("no admin kubeconfig")
		}
		return apiServerReady(c, client)
	})
	probe(componentControllerManager, st.Ports.ControllerManager, func(c context.Context) error { return healthzOK(c, "https", st.Ports.ControllerManager) })
	probe(componentScheduler, st.Ports.Scheduler, func(c context.Context) error { return healthzOK(c, "https", st.Ports.Scheduler) })
	probe(componentKwok, st.Ports.Kwok, func(c context.Context) error { return healthzOK(c, "http", st.Ports.Kwok) })
	if client != nil {
		c, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		if nodes, err := client.CoreV1().Nodes().List(c, metav1.ListOptions{}); err == nil {
			r.Nodes = len(nodes.Items)
			for i := range nodes.Items {
				if nodeIsReady(&nodes.Items[i]) {
					r.NodesReady++
				}
			}
		}
	}
	return r, nil
}
