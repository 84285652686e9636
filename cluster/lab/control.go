package lab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Bounds of StopRunning's waits.
const (
	// supervisorStopWait is how long the supervising process may take to
	// stop its components and exit after SIGTERM before it is killed.
	supervisorStopWait = 30 * time.Second
	// recordWait is how long a process that holds the data directory may
	// take to record itself as its supervisor (it does so right after
	// taking the lock).
	recordWait = 5 * time.Second
)

// StopRunning stops the practice cluster that another process runs on
// dataDir. It signals only processes the state file records, and only
// while their PID and start time still match the record (see
// ProcessRecord): first the supervising process (SIGTERM: it stops its
// components and exits; SIGKILL if it has not exited within 30 s), then
// any recorded component still running, such as one that outlived a
// killed supervisor. Nothing else is ever signalled. It returns
// ErrNotRunning when nothing ran.
func StopRunning(ctx context.Context, dataDir string) error {
	st, err := ReadState(dataDir)
	if err != nil {
		return err
	}
	running, _ := IsRunning(dataDir)
	if !running && len(alive(st.Components)) == 0 {
		return ErrNotRunning
	}
	if running {
		if err := stopSupervisor(ctx, dataDir); err != nil {
			return err
		}
	}
	return stopOrphans(ctx, dataDir)
}

// stopSupervisor stops the recorded process that holds dataDir's lock.
func stopSupervisor(ctx context.Context, dataDir string) error {
	var sup *ProcessRecord
	var holder int
	waitUntil(ctx, recordWait, func() bool {
		var running bool
		if running, holder = IsRunning(dataDir); !running {
			return true
		}
		st, err := ReadState(dataDir)
		if err == nil && st.Supervisor != nil && st.Supervisor.PID == holder && st.Supervisor.Alive() {
			sup = st.Supervisor
		}
		return sup != nil
	})
	// Stopped once the data directory is free and the supervisor has exited.
	stopped := func() bool {
		running, _ := IsRunning(dataDir)
		return !running && (sup == nil || !sup.Alive())
	}
	switch {
	case stopped():
		return nil
	case holder == os.Getpid():
		return errors.New("the practice cluster runs in this process: stop it with Lab.Stop")
	case sup == nil:
		return &UnrecordedHolderError{PID: holder, DataDir: dataDir}
	}
	sup.signal(syscall.SIGTERM)
	if waitUntil(ctx, supervisorStopWait, stopped) {
		return nil
	}
	sup.signal(syscall.SIGKILL)
	if waitUntil(context.WithoutCancel(ctx), killWait, stopped) {
		return nil
	}
	return fmt.Errorf("supervisor %s of %s did not stop", sup, dataDir)
}

// stopOrphans stops the recorded components that outlived their
// supervisor, with the data directory's lock held so that no new start
// runs meanwhile, and clears the record. A start that took the lock
// first does the same itself.
func stopOrphans(ctx context.Context, dataDir string) error {
	lock, err := lockDataDir(dataDir)
	if errors.Is(err, ErrAlreadyRunning) {
		return nil
	}
	if err != nil {
		return err
	}
	defer lock.release()
	st, err := ReadState(dataDir)
	if err != nil {
		return err
	}
	if err := stopRecorded(ctx, st.Components); err != nil {
		return err
	}
	if st.PID == 0 && !st.Ready && st.Supervisor == nil && st.Components == nil {
		return nil
	}
	st.PID, st.Ready, st.Supervisor, st.Components = 0, false, nil, nil
	return writeState(dataDir, st)
}

// waitUntil polls cond every pollInterval until it holds (true), the
// timeout passes or ctx ends (false).
func waitUntil(ctx context.Context, timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(pollInterval)
	}
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
