// Package kind creates, finds and deletes the course's kind cluster
// through the sigs.k8s.io/kind Go library (no kind binary needed; Docker,
// Podman or nerdctl must run). Errors from the container runtime carry the
// runtime's own message, which kind itself hides behind "exit status 1".
package kind

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	kindcluster "sigs.k8s.io/kind/pkg/cluster"
	kindexec "sigs.k8s.io/kind/pkg/exec"
	"sigs.k8s.io/kind/pkg/log"
)

// DefaultName is the name of the course's kind cluster.
const DefaultName = "kubekurs"

// ErrNoRuntime means neither Docker, Podman nor nerdctl was found.
var ErrNoRuntime = errors.New("no container runtime found")

// RuntimeError is a container runtime that is there but did not answer,
// typically a stopped Docker daemon.
type RuntimeError struct {
	// Output is what the runtime said, e.g. "Cannot connect to the Docker
	// daemon at unix:///var/run/docker.sock. Is the docker daemon running?".
	Output string
	// Err is the underlying error.
	Err error
}

// Error implements error.
func (e *RuntimeError) Error() string { return fmt.Sprintf("container runtime: %s", e.Output) }

// Unwrap returns the underlying error.
func (e *RuntimeError) Unwrap() error { return e.Err }

// Options are the settings for Create.
type Options struct {
	// Name is the cluster's name; empty means DefaultName.
	Name string
	// Workers is the number of worker nodes besides the control plane.
	Workers int
	// KubeconfigPath is where the cluster's kubeconfig is written (never
	// merged into ~/.kube/config).
	KubeconfigPath string
	// Logger receives kind's progress; nil discards it.
	Logger log.Logger
}

// Provider is the course's handle on kind.
type Provider struct {
	p *kindcluster.Provider
}

// NewProvider finds a container runtime and returns a Provider using it.
func NewProvider(logger log.Logger) (*Provider, error) {
	runtime, err := kindcluster.DetectNodeProvider()
	if err != nil {
		return nil, ErrNoRuntime
	}
	opts := []kindcluster.ProviderOption{runtime}
	if logger != nil {
		opts = append(opts, kindcluster.ProviderWithLogger(logger))
	}
	return &Provider{p: kindcluster.NewProvider(opts...)}, nil
}

// Exists reports whether a kind cluster of that name exists.
func (p *Provider) Exists(name string) (bool, error) {
	names, err := p.p.List()
	if err != nil {
		return false, runtimeError(err)
	}
	return slices.Contains(names, nameOrDefault(name)), nil
}

// ExistsWithin is Exists bounded by timeout: a runtime that has not
// answered by then (a hung daemon) is a *RuntimeError saying so, and the
// runtime's command is left to finish in the background.
func (p *Provider) ExistsWithin(name string, timeout time.Duration) (bool, error) {
	type answer struct {
		exists bool
		err    error
	}
	ch := make(chan answer, 1)
	go func() {
		exists, err := p.Exists(name)
		ch <- answer{exists, err}
	}()
	select {
	case a := <-ch:
		return a.exists, a.err
	case <-time.After(timeout):
		return false, &RuntimeError{Output: fmt.Sprintf("ingen svar på %s", timeout), Err: ErrRuntimeTimeout}
	}
}

// ErrRuntimeTimeout means the container runtime did not answer in time.
var ErrRuntimeTimeout = errors.New("container runtime did not answer in time")

// Create makes a kind cluster with one control-plane node and opts.Workers
// workers, the course's ports mapped on 127.0.0.1 (30001 for the NodePort
// lessons, 8080/8443 to an ingress controller's 80/443), and writes its
// kubeconfig to opts.KubeconfigPath. It waits up to 3 minutes for the
// control plane to be ready.
func (p *Provider) Create(opts Options) error {
	name := nameOrDefault(opts.Name)
	if err := CheckPorts(Ports()); err != nil {
		return err
	}
	cfg := &v1alpha4.Cluster{
		TypeMeta: v1alpha4.TypeMeta{Kind: "Cluster", APIVersion: "kind.x-k8s.io/v1alpha4"},
		Nodes: []v1alpha4.Node{{
			Role: v1alpha4.ControlPlaneRole,
			ExtraPortMappings: []v1alpha4.PortMapping{
				{ContainerPort: 30001, HostPort: int32(Ports()[0]), ListenAddress: "127.0.0.1"},
				{ContainerPort: 80, HostPort: int32(Ports()[1]), ListenAddress: "127.0.0.1"},
				{ContainerPort: 443, HostPort: int32(Ports()[2]), ListenAddress: "127.0.0.1"},
			},
		}},
	}
	for range opts.Workers {
		cfg.Nodes = append(cfg.Nodes, v1alpha4.Node{Role: v1alpha4.WorkerRole})
	}
	err := p.p.Create(name,
		kindcluster.CreateWithV1Alpha4Config(cfg),
		kindcluster.CreateWithKubeconfigPath(opts.KubeconfigPath),
		kindcluster.CreateWithWaitForReady(3*time.Minute),
		kindcluster.CreateWithDisplayUsage(false),
		kindcluster.CreateWithDisplaySalutation(false),
	)
	if err != nil {
		return fmt.Errorf("create kind cluster %q: %w", name, classify(runtimeError(err)))
	}
	return nil
}

// Delete removes the kind cluster and its entry in kubeconfigPath.
func (p *Provider) Delete(name, kubeconfigPath string) error {
	if err := p.p.Delete(nameOrDefault(name), kubeconfigPath); err != nil {
		return fmt.Errorf("delete kind cluster %q: %w", nameOrDefault(name), runtimeError(err))
	}
	return nil
}

// Kubeconfig returns the cluster's kubeconfig for use from this machine.
func (p *Provider) Kubeconfig(name string) ([]byte, error) {
	kc, err := p.p.KubeConfig(nameOrDefault(name), false)
	if err != nil {
		return nil, runtimeError(err)
	}
	return []byte(kc), nil
}

// MergeKubeconfig adds the cluster's context to the kubeconfig kubectl
// uses by default ($KUBECONFIG's first file, else ~/.kube/config) and
// makes it the current context, as `kind export kubeconfig` does. The
// course never does this unless asked.
func (p *Provider) MergeKubeconfig(name string) error {
	if err := p.p.ExportKubeConfig(nameOrDefault(name), "", false); err != nil {
		return fmt.Errorf("merge kubeconfig of %q: %w", nameOrDefault(name), runtimeError(err))
	}
	return nil
}

func nameOrDefault(name string) string {
	if name == "" {
		return DefaultName
	}
	return name
}

// runtimeError digs the container runtime's own output out of kind's
// error chain; kind reports a stopped daemon only as "exit status 1".
func runtimeError(err error) error {
	if re := kindexec.RunErrorForError(err); re != nil {
		if out := strings.TrimSpace(string(re.Output)); out != "" {
			return &RuntimeError{Output: out, Err: err}
		}
	}
	return err
}
