package cluster

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kubekurs/kubekurs/cluster/lab"
)

// Resolve picks the cluster for commands that start nothing (check,
// reset, cluster status): flags or $KUBECONFIG, else the remembered
// choice, else the practice cluster if it runs (see Provider for the
// order). It never asks and never starts anything. When nothing names a
// cluster, the error is an *ExplainedError wrapping ErrNoCluster.
func (p *Provider) Resolve(flags KubeconfigFlags) (*Target, error) {
	t, err := p.resolve(flags)
	if errors.Is(err, ErrNoCluster) {
		return nil, explain(msgNoCluster, true, err)
	}
	return t, err
}

func (p *Provider) resolve(flags KubeconfigFlags) (*Target, error) {
	if p.Named(flags) {
		return p.fromFlags(flags)
	}
	var src source = labSource{}
	if s, err := p.openSettings(); err == nil {
		if c := s.Choice(); c != nil {
			src = sourceFor(*c)
		}
	}
	return src.target(p, flags.Namespace)
}

// fromFlags is the cluster flags or $KUBECONFIG name.
func (p *Provider) fromFlags(flags KubeconfigFlags) (*Target, error) {
	t, err := FromKubeconfig(p.getenv, flags)
	if err != nil {
		return nil, explain(fmt.Sprintf(msgBadKubeconfig, errors.Unwrap(err)), false, err)
	}
	return t, nil
}

// Confirm asks the learner, the first time a kubeconfig context and its
// API server are used, whether the course may work there: kubekurs never
// uses a cluster it does not own silently. The answer yes is remembered;
// no is an *ExplainedError wrapping ErrDeclined. Clusters kubekurs owns
// (the practice cluster, its kind clusters) are not asked about.
func (p *Provider) Confirm(t *Target) error {
	if t.Kind != KindKubeconfig {
		return nil
	}
	s, err := p.openSettings()
	if err != nil {
		return err
	}
	if s.Confirmed(t.Context, t.Config.Host) {
		return nil
	}
	if !p.ask(fmt.Sprintf(msgConfirm, t.Context, t.Config.Host, t.Namespace), false) {
		return explain(msgDeclined, false, ErrDeclined)
	}
	if err := s.Confirm(t.Context, t.Config.Host, p.now()); err != nil {
		return explain(msgAnswerNotSaved+err.Error(), false, err)
	}
	return nil
}

// KubectlDefaults is a kubeconfig file, context and Namespace for kubectl
// to fall back on; empty fields leave kubectl's own defaults.
type KubectlDefaults struct {
	// Kubeconfig is a kubeconfig path or path list, as $KUBECONFIG.
	Kubeconfig string
	// Context is the context to use; empty means the file's current one.
	Context string
	// Namespace is the learner's Namespace.
	Namespace string
}

// KubectlDefaults is the course's cluster as a kubeconfig file on disk
// (the practice cluster's or the kind cluster's own file, or the
// remembered context), for the built-in kubectl — but only when kubectl
// would find no kubeconfig of its own: $KUBECONFIG and ~/.kube/config
// always win, and then the result is empty. (A --kubeconfig argument is
// the caller's to see.)
func (p *Provider) KubectlDefaults() KubectlDefaults {
	if p.getenv("KUBECONFIG") != "" {
		return KubectlDefaults{}
	}
	if home := p.getenv("HOME"); home == "" {
		return KubectlDefaults{}
	} else if _, err := os.Stat(filepath.Join(home, ".kube", "config")); err == nil {
		return KubectlDefaults{}
	}
	var src source = labSource{}
	if s, err := p.openSettings(); err == nil {
		if c := s.Choice(); c != nil {
			src = sourceFor(*c)
		}
	}
	return src.kubectl(p)
}

// source is one sort of cluster. sourceFor is the one place that tells
// the sorts apart; everything else asks the source.
type source interface {
	// target connects without starting anything; namespace is the one the
	// learner named, "" for the cluster's default.
	target(p *Provider, namespace string) (*Target, error)
	// prepare makes the cluster ready to connect to: it starts the
	// practice cluster, or creates a kind cluster that is gone.
	prepare(ctx context.Context, p *Provider) error
	// kubectl is the cluster's kubeconfig on disk, or empty.
	kubectl(p *Provider) KubectlDefaults
}

// sourceFor is the source of a remembered or decided choice.
func sourceFor(c Choice) source {
	switch c.Kind {
	case KindLab:
		return labSource{}
	case KindKind:
		return kindSource{name: c.Name}
	}
	return kubeconfigSource{choice: c}
}

func orDefaultNamespace(ns string) string {
	if ns == "" {
		return DefaultNamespace
	}
	return ns
}

// labSource is the built-in practice cluster.
type labSource struct{}

// target is the practice cluster if it runs, else ErrNoCluster.
func (labSource) target(p *Provider, namespace string) (*Target, error) {
	dataDir, err := lab.DefaultDataDir(p.getenv)
	if err != nil {
		return nil, ErrNoCluster
	}
	if running, _ := lab.IsRunning(dataDir); !running {
		return nil, ErrNoCluster
	}
	data, err := os.ReadFile(lab.AdminKubeconfigPath(dataDir))
	if err != nil {
		return nil, ErrNoCluster
	}
	t, err := FromKubeconfigBytes(KindLab, "øvingsclusteret", data, orDefaultNamespace(namespace))
	if err != nil {
		return nil, fmt.Errorf("practice cluster: %w", err)
	}
	return t, nil
}

func (labSource) prepare(ctx context.Context, p *Provider) error {
	return p.startLabIfStopped(ctx)
}

func (labSource) kubectl(p *Provider) KubectlDefaults {
	dataDir, err := lab.DefaultDataDir(p.getenv)
	if err != nil {
		return KubectlDefaults{}
	}
	if running, _ := lab.IsRunning(dataDir); !running {
		return KubectlDefaults{}
	}
	return KubectlDefaults{Kubeconfig: lab.AdminKubeconfigPath(dataDir), Namespace: DefaultNamespace}
}

// kindSource is a kind cluster, through the kubeconfig kubekurs keeps
// for it.
type kindSource struct{ name string }

func (k kindSource) target(p *Provider, namespace string) (*Target, error) {
	path, err := p.kindKubeconfigPath(k.name)
	if err != nil {
		return nil, ErrNoCluster
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, explain(fmt.Sprintf(msgKindNoKubeconfig, k.name, path), false, err)
	}
	if err != nil {
		return nil, fmt.Errorf("read kind kubeconfig: %w", err)
	}
	t, err := FromKubeconfigBytes(KindKind, fmt.Sprintf("kind-clusteret «%s»", k.name), data, orDefaultNamespace(namespace))
	if err != nil {
		return nil, explain(fmt.Sprintf(msgKindBadKubeconfig, k.name, err), false, err)
	}
	return t, nil
}

// prepare creates the cluster when kubekurs has no kubeconfig for it.
func (k kindSource) prepare(ctx context.Context, p *Provider) error {
	path, err := p.kindKubeconfigPath(k.name)
	if err != nil {
		return nil // target says what is wrong
	}
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	return p.ensureKind(ctx, k.name, KindWorkers)
}

func (k kindSource) kubectl(p *Provider) KubectlDefaults {
	path, err := p.kindKubeconfigPath(k.name)
	if err != nil {
		return KubectlDefaults{}
	}
	return KubectlDefaults{Kubeconfig: path, Namespace: DefaultNamespace}
}

// kubeconfigSource is a remembered kubeconfig context.
type kubeconfigSource struct{ choice Choice }

func (k kubeconfigSource) target(p *Provider, namespace string) (*Target, error) {
	c := k.choice
	if namespace == "" {
		namespace = c.Namespace
	}
	t, err := FromKubeconfig(envWithKubeconfig(p.getenv, c.Kubeconfig), KubeconfigFlags{Context: c.Context, Namespace: namespace})
	if err != nil {
		return nil, explain(fmt.Sprintf(msgRememberedBroken, c.Describe(), errors.Unwrap(err)), false, err)
	}
	return t, nil
}

func (kubeconfigSource) prepare(context.Context, *Provider) error { return nil }

func (k kubeconfigSource) kubectl(*Provider) KubectlDefaults {
	return KubectlDefaults{Kubeconfig: k.choice.Kubeconfig, Context: k.choice.Context, Namespace: k.choice.Namespace}
}
