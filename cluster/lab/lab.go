// Package lab runs kubekurs's built-in practice cluster: a real Kubernetes
// control plane (etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler) on 127.0.0.1, with nodes and kubelets simulated by KWOK.
// Pods are scheduled, become Running and Ready and get IP addresses, but
// no container ever runs: Pod and Service IPs are data, not addresses.
//
// The API is modelled on controller-runtime's envtest: fill in a Lab, call
// Start, use the returned *rest.Config, call Stop.
package lab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/internal/userfiles"
)

// KubernetesVersion is the Kubernetes release the lab binaries are built
// from (see hack/labbin/kube/go.mod; a test keeps the two in step).
const KubernetesVersion = "v1.36.3"

// Defaults of a Lab's options.
const (
	DefaultWorkers      = 2
	DefaultStartTimeout = 90 * time.Second
	stopGrace           = 10 * time.Second
	// A component is restarted at most maxRestarts times in restartWindow.
	maxRestarts   = 5
	restartWindow = time.Minute
)

// Lab is the practice cluster. The zero value is not usable: set at least
// DataDir and BinDir (DefaultDataDir and DefaultBinDir give the standard
// places).
type Lab struct {
	// DataDir holds everything the cluster keeps: etcd's data, the PKI,
	// kubeconfigs, logs. Resources survive a restart on the same DataDir.
	DataDir string
	// BinDir holds the binaries built by `make lab` (labkube and kwok).
	BinDir string
	// Workers is the number of simulated worker nodes besides the
	// control-plane node; 0 means DefaultWorkers, a negative number none.
	Workers int
	// Ports are the ports to listen on; zero ports are chosen (the ports of
	// the previous run when they are free).
	Ports Ports
	// UnsafeNoFsync makes etcd skip fsync: much faster, fine for tests,
	// but a crash can lose data. Leave it off for a learner's cluster.
	UnsafeNoFsync bool
	// StartTimeout bounds Start; 0 means DefaultStartTimeout.
	StartTimeout time.Duration
	// Progress, when set, receives a Norwegian line for each start step.
	Progress func(step string)

	mu         sync.Mutex
	lock       *dirLock
	state      State // what the state file says while this Lab runs
	procs      []*process
	kubeconfig []byte
	config     *rest.Config
	configRefs *configRefsController // see configrefs_controller.go
}

// Start brings the cluster up and returns an admin client configuration
// once the API server answers, every node is Ready and the default
// ServiceAccount exists. A failed start stops whatever it had started and
// returns an error naming the component, with the tail of its log.
func (lab *Lab) Start(ctx context.Context) (_ *rest.Config, retErr error) {
	lab.mu.Lock()
	defer lab.mu.Unlock()
	if lab.procs != nil || lab.lock != nil {
		return nil, errors.New("lab: Start called twice")
	}
	if lab.DataDir == "" || lab.BinDir == "" {
		return nil, errors.New("lab: DataDir and BinDir must be set")
	}
	if err := lab.CheckBinaries(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(lab.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	lock, err := lockDataDir(lab.DataDir)
	if err != nil {
		return nil, err
	}
	lab.lock = lock
	defer func() {
		if retErr != nil {
			_ = lab.stopLocked()
		}
	}()

	timeout := lab.startTimeout()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	started := time.Now()
	ly := layout{dir: lab.DataDir}

	prev, err := ReadState(lab.DataDir)
	if err != nil {
		return nil, err
	}
	if err := lab.takeOver(ctx, prev); err != nil {
		return nil, err
	}
	lab.progress(stepPrepare)
	pki, err := LoadOrCreatePKI(ly.pki(), time.Now())
	if err != nil {
		return nil, fmt.Errorf("prepare certificates: %w", err)
	}
	ports, err := resolvePorts(lab.Ports, prev.Ports)
	if err != nil {
		return nil, err
	}
	admin, err := componentKubeconfigs(pki, url(ports.APIServer), ly)
	if err != nil {
		return nil, err
	}
	cfg, err := restConfigFrom(admin)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(ly.kwokDir(), "home"), 0o700); err != nil {
		return nil, fmt.Errorf("create kwok directory: %w", err)
	}
	if err := userfiles.WriteAtomic(filepath.Join(ly.kwokDir(), "stages.yaml"), kwokStages(), 0o600); err != nil {
		return nil, err
	}

	lab.progress(stepEtcd)
	etcd := lab.etcdProcess(pki, ly, ports)
	if err := lab.startAndWait(ctx, etcd, timeout, func(ctx context.Context) error {
		return etcdHealthy(ctx, pki, ports.EtcdClient)
	}); err != nil {
		return nil, err
	}

	lab.progress(stepAPIServer)
	apiserver := lab.apiServerProcess(pki, ly, ports)
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("create client: %w", err)
	}
	if err := lab.startAndWait(ctx, apiserver, timeout, func(ctx context.Context) error {
		return apiServerReady(ctx, client)
	}); err != nil {
		return nil, err
	}
	lab.state.Version, lab.state.Ports, lab.state.StartedAt = KubernetesVersion, ports, started
	if err := lab.saveStateLocked(); err != nil {
		return nil, err
	}

	lab.progress(stepNodes)
	names := nodeNames(lab.workers())
	if err := ensureNodes(ctx, client, names); err != nil {
		return nil, err
	}
	if err := deleteNodeLeases(ctx, client, names); err != nil {
		return nil, err
	}
	if err := lab.startConfigRefs(ctx, cfg, names); err != nil {
		return nil, err
	}

	lab.progress(stepControllers)
	for _, p := range []*process{
		lab.kwokProcess(ly, ports),
		lab.controllerManagerProcess(pki, ly, ports),
		lab.schedulerProcess(ly, ports),
	} {
		if err := lab.startProcess(p); err != nil {
			return nil, err
		}
	}

	lab.progress(stepWaitNodes)
	if err := lab.waitAll(ctx, timeout, componentKwok, func(ctx context.Context) error {
		return nodesReady(ctx, client, names)
	}); err != nil {
		return nil, err
	}
	if err := lab.waitAll(ctx, timeout, componentControllerManager, func(ctx context.Context) error {
		return defaultServiceAccountExists(ctx, client)
	}); err != nil {
		return nil, err
	}

	lab.state.Ready = true
	if err := lab.saveStateLocked(); err != nil {
		return nil, err
	}
	lab.kubeconfig, lab.config = admin, cfg
	lab.progress(fmt.Sprintf(stepReady, time.Since(started).Seconds()))
	return rest.CopyConfig(cfg), nil
}

// Stop stops every component, newest first, waits for each to exit and
// releases the data directory. The data stays for the next Start.
func (lab *Lab) Stop() error {
	lab.mu.Lock()
	defer lab.mu.Unlock()
	return lab.stopLocked()
}

func (lab *Lab) stopLocked() error {
	lab.stopConfigRefs()
	var errs []error
	for i := len(lab.procs) - 1; i >= 0; i-- {
		if err := lab.procs[i].stop(stopGrace); err != nil {
			errs = append(errs, err)
		}
	}
	lab.procs = nil
	if lab.lock != nil {
		if lab.state.Supervisor != nil {
			lab.state.PID, lab.state.Ready = 0, false
			lab.state.Supervisor, lab.state.Components = nil, nil
			errs = append(errs, writeState(lab.DataDir, lab.state))
		}
		lab.state = State{}
		errs = append(errs, lab.lock.release())
		lab.lock = nil
	}
	lab.config = nil
	return errors.Join(errs...)
}

// Kubeconfig returns the admin kubeconfig of the running cluster, with
// its certificates embedded, or nil before Start.
func (lab *Lab) Kubeconfig() []byte {
	lab.mu.Lock()
	defer lab.mu.Unlock()
	return append([]byte(nil), lab.kubeconfig...)
}

// Config returns a copy of the admin client configuration, or nil before
// Start.
func (lab *Lab) Config() *rest.Config {
	lab.mu.Lock()
	defer lab.mu.Unlock()
	if lab.config == nil {
		return nil
	}
	return rest.CopyConfig(lab.config)
}

func (lab *Lab) workers() int {
	switch {
	case lab.Workers == 0:
		return DefaultWorkers
	case lab.Workers < 0:
		return 0
	}
	return lab.Workers
}

// startTimeout is StartTimeout or its default.
func (lab *Lab) startTimeout() time.Duration {
	if lab.StartTimeout <= 0 {
		return DefaultStartTimeout
	}
	return lab.StartTimeout
}

func (lab *Lab) progress(step string) {
	if lab.Progress != nil {
		lab.Progress(step)
	}
}

// takeOver prepares the data directory, whose lock this Lab has just
// taken, for a new start: it stops the components a previous run
// recorded that still run (orphans of a supervisor that was killed), and
// records this process as the supervisor of a cluster that is not ready.
func (lab *Lab) takeOver(ctx context.Context, prev State) error {
	if err := stopRecorded(ctx, prev.Components); err != nil {
		return err
	}
	self, err := recordProcess(supervisorName, os.Getpid())
	if err != nil {
		return err
	}
	lab.state = prev
	lab.state.PID, lab.state.Ready, lab.state.Supervisor = self.PID, false, &self
	return lab.saveStateLocked()
}

// saveStateLocked writes lab.state, with the components now running, to
// the state file.
func (lab *Lab) saveStateLocked() error {
	lab.state.Components = nil
	for _, p := range lab.procs {
		lab.state.Components = append(lab.state.Components, p.record)
	}
	return writeState(lab.DataDir, lab.state)
}

// startProcess starts p and records it, for Stop and in the state file.
func (lab *Lab) startProcess(p *process) error {
	if err := p.start(); err != nil {
		return p.failure(reasonExited, err)
	}
	lab.procs = append(lab.procs, p)
	return lab.saveStateLocked()
}

// startAndWait starts p and polls ready until it succeeds.
func (lab *Lab) startAndWait(ctx context.Context, p *process, timeout time.Duration, ready func(context.Context) error) error {
	if err := lab.startProcess(p); err != nil {
		return err
	}
	return lab.waitAll(ctx, timeout, p.name, ready)
}

// waitAll polls ready every 100 ms until it succeeds. It fails at once if
// any started component exits, and when ctx ends it blames the component
// named blame.
func (lab *Lab) waitAll(ctx context.Context, timeout time.Duration, blame string, ready func(context.Context) error) error {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		for _, p := range lab.procs {
			if err := p.exitErr(); err != nil {
				return err
			}
		}
		attempt, cancel := context.WithTimeout(ctx, 2*time.Second)
		last = ready(attempt)
		cancel()
		if last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			for _, p := range lab.procs {
				if p.name == blame {
					return p.failure(fmt.Sprintf(reasonNotReady, timeout), errors.Join(ctx.Err(), last))
				}
			}
			return fmt.Errorf("wait for %s: %w", blame, errors.Join(ctx.Err(), last))
		case <-tick.C:
		}
	}
}
