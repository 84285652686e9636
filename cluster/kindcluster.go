package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"sigs.k8s.io/kind/pkg/log"

	"github.com/kubekurs/kubekurs/cluster/kind"
)

// KindWorkers is the number of worker nodes of the kind cluster the
// course offers to create.
const KindWorkers = 2

// kindProbeTimeout bounds how long the course waits for Docker when it
// looks for a kind cluster; a hung daemon must not keep it from starting.
const kindProbeTimeout = 5 * time.Second

// kindClusters is what the Provider needs of kind (a *kind.Provider);
// tests fake it.
type kindClusters interface {
	Exists(name string) (bool, error)
	ExistsWithin(name string, timeout time.Duration) (bool, error)
	Kubeconfig(name string) ([]byte, error)
	Create(opts kind.Options) error
	Delete(name, kubeconfigPath string) error
	MergeKubeconfig(name string) error
}

// newKindClusters is kind on the container runtime it finds, logging to
// logger (nil: nothing).
func newKindClusters(logger log.Logger) (kindClusters, error) {
	p, err := kind.NewProvider(logger)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// kindExists asks kind, without showing anything, whether the named
// cluster exists, waiting at most kindProbeTimeout for Docker.
func (p *Provider) kindExists(name string) (bool, error) {
	k, err := p.newKind(nil)
	if err != nil {
		return false, err
	}
	return k.ExistsWithin(name, kindProbeTimeout)
}

// KindOptions are the settings for CreateKind.
type KindOptions struct {
	// Name is the cluster's name; empty means kind.DefaultName.
	Name string
	// Workers is the number of worker nodes besides the control plane.
	Workers int
	// MergeKubeconfig also adds the cluster's context to the kubeconfig
	// kubectl uses by default, and makes it the current context.
	MergeKubeconfig bool
}

// CreateKind makes sure the kind cluster exists — creating it, its steps
// shown through the Progress, when it does not — keeps its kubeconfig in
// kubekurs's own file (and, if asked, in kubectl's), and makes it the
// course's cluster from now on.
func (p *Provider) CreateKind(ctx context.Context, opts KindOptions) error {
	name := opts.Name
	if name == "" {
		name = kind.DefaultName
	}
	if err := p.ensureKind(ctx, name, opts.Workers); err != nil {
		return err
	}
	if opts.MergeKubeconfig {
		k, err := p.newKind(nil)
		if err != nil {
			return kindProblem(err)
		}
		if err := k.MergeKubeconfig(name); err != nil {
			return kindProblem(err)
		}
	}
	return p.remember(&Choice{Kind: KindKind, Name: name})
}

// DeleteKind deletes the named kind cluster and kubekurs's kubeconfig for
// it, and forgets it if it was the learner's choice; forgotten says so.
func (p *Provider) DeleteKind(name string) (forgotten bool, err error) {
	path, err := p.kindKubeconfigPath(name)
	if err != nil {
		return false, explain(msgKindNoKubeconfigDir, false, err)
	}
	k, err := p.newKind(kind.NewProgressLogger(p.out))
	if err != nil {
		return false, kindProblem(err)
	}
	if err := k.Delete(name, path); err != nil {
		return false, kindProblem(err)
	}
	_ = os.Remove(path)
	s, err := p.openSettings()
	if err != nil {
		return false, err
	}
	if c := s.Choice(); c == nil || c.Kind != KindKind || c.Name != name {
		return false, nil
	}
	if err := s.SetChoice(nil); err != nil {
		return false, explain(msgNotForgotten+err.Error(), false, err)
	}
	return true, nil
}

// ensureKind makes sure the named kind cluster exists, creating it with
// workers when it does not, and writes its kubeconfig to kubekurs's own
// file.
func (p *Provider) ensureKind(ctx context.Context, name string, workers int) error {
	path, err := p.kindKubeconfigPath(name)
	if err != nil {
		return explain(msgKindNoKubeconfigDir, false, err)
	}
	k, err := p.newKind(nil)
	if err != nil {
		return kindProblem(err)
	}
	exists, err := k.Exists(name)
	if err != nil {
		return kindProblem(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create config directory: %w", err)
	}
	if exists {
		kc, err := k.Kubeconfig(name)
		if err != nil {
			return kindProblem(err)
		}
		if err := os.WriteFile(path, kc, 0o600); err != nil {
			return fmt.Errorf("write kind kubeconfig: %w", err)
		}
		fmt.Fprintf(p.out, msgKindExists, name)
		return nil
	}
	logger, done := p.progress.Start(ctx, fmt.Sprintf(msgKindCreating, name, workers))
	creator, err := p.newKind(logger)
	if err == nil {
		err = creator.Create(kind.Options{Name: name, Workers: workers, KubeconfigPath: path})
	}
	done()
	if err != nil {
		return kindProblem(err)
	}
	return nil
}

// kindProblem explains a kind error in Norwegian. A container runtime
// that is missing or does not answer, a port that is taken and an image
// that cannot be pulled are the environment's fault.
func kindProblem(err error) error {
	var re *kind.RuntimeError
	var port *kind.PortTakenError
	var pull *kind.ImagePullError
	switch {
	case errors.As(err, &port):
		return explain(portTakenMessage(port.Port), true, err)
	case errors.As(err, &pull):
		return explain(fmt.Sprintf(msgKindPull, pull.Output), true, err)
	case errors.Is(err, kind.ErrNoRuntime):
		return explain(msgKindNoRuntime, true, err)
	case errors.As(err, &re):
		return explain(fmt.Sprintf(msgKindRuntime, re.Output), true, err)
	}
	return explain(fmt.Sprintf(msgKindFailed, err), false, err)
}

// portTakenMessage says which of the kind cluster's host ports is taken
// (0: one of them, unknown which) and how to find the program using it.
func portTakenMessage(port int) string {
	ports := make([]string, 0, len(kind.Ports()))
	for _, p := range kind.Ports() {
		ports = append(ports, strconv.Itoa(p))
	}
	list := strings.Join(ports, ", ")
	if port == 0 {
		return fmt.Sprintf(msgKindPortsTaken, list)
	}
	return fmt.Sprintf(msgKindPortTaken, port, list, port)
}
