package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"sigs.k8s.io/kind/pkg/log"

	"github.com/kubekurs/kubekurs/cluster/kind"
	"github.com/kubekurs/kubekurs/cluster/lab"
)

// DefaultNamespace is the learner's Namespace on the clusters kubekurs
// owns (the practice cluster, its kind cluster).
const DefaultNamespace = "kurs"

// Provider is the course's one way to a cluster. It turns what the
// learner chose into a Target, makes that cluster ready (starts the
// practice cluster in the background, creates the kind cluster) and
// remembers the choice. A bare NewProvider() uses the process's own
// environment; options inject what the command line and tests decide.
// A Provider is for one command: it is not safe for concurrent use.
//
// The cluster comes from the first of:
//  1. --kubeconfig and/or --context, or $KUBECONFIG (KubeconfigFlags),
//     resolved exactly as kubectl resolves them, and asked about the
//     first time a context is used (Confirm);
//  2. the cluster the learner chose before (`kubekurs cluster use`, or
//     the course's first start), in the settings;
//  3. for the course only (Course): the kind cluster «kubekurs» if it
//     exists, else, if Docker answers, an offer to create it (Decide);
//  4. the practice cluster: if it runs (Resolve), or started in the
//     background (Course).
//
// ~/.kube/config is never used unless the learner pointed at it.
type Provider struct {
	getenv      func(string) string
	executable  func() (string, error)
	out, errOut io.Writer
	ask         AskFunc
	progress    Progress
	now         func() time.Time
	// newKind and startLab are kind and the practice cluster's detached
	// start; tests replace them.
	newKind  func(log.Logger) (kindClusters, error)
	startLab func(context.Context, *lab.Lab, lab.DetachedOptions) (lab.State, error)

	settings *Settings // opened on first use
}

// AskFunc asks the learner a yes/no question (the question ends with
// its [j/N] or [J/n] hint) and returns the answer; def is the answer to
// an empty line or to no answer at all.
type AskFunc func(question string, def bool) bool

// Progress shows the learner a long operation made of named steps:
// creating a kind cluster.
type Progress interface {
	// Start shows title and returns the logger that receives the
	// operation's steps (kind's log.Logger) and a function to call when
	// the operation has ended, however it ended.
	Start(ctx context.Context, title string) (logger log.Logger, done func())
}

// ProviderOption configures a Provider. Its apply may fail, so that a
// bad option stops NewProvider early.
type ProviderOption interface {
	apply(*Provider) error
}

// providerOption adapts a function to ProviderOption.
type providerOption func(*Provider) error

func (o providerOption) apply(p *Provider) error { return o(p) }

// ProviderWithEnv makes the Provider read environment variables
// (KUBECONFIG, HOME, XDG_*, KUBEKURS_*) through getenv instead of
// os.Getenv.
func ProviderWithEnv(getenv func(string) string) ProviderOption {
	return providerOption(func(p *Provider) error {
		if getenv == nil {
			return errors.New("cluster provider: nil getenv")
		}
		p.getenv = getenv
		return nil
	})
}

// ProviderWithExecutable names the kubekurs binary that starts the
// practice cluster in the background, instead of os.Executable.
func ProviderWithExecutable(executable func() (string, error)) ProviderOption {
	return providerOption(func(p *Provider) error {
		if executable == nil {
			return errors.New("cluster provider: nil executable")
		}
		p.executable = executable
		return nil
	})
}

// ProviderWithOutput sends what the learner reads to out (why a cluster
// was chosen, progress) and warnings to errOut. Without it nothing is
// shown.
func ProviderWithOutput(out, errOut io.Writer) ProviderOption {
	return providerOption(func(p *Provider) error {
		if out == nil || errOut == nil {
			return errors.New("cluster provider: nil output")
		}
		p.out, p.errOut = out, errOut
		return nil
	})
}

// ProviderWithAsk lets the Provider ask the learner: whether to create
// the kind cluster, whether a kubeconfig context may be used. Without it
// every answer is no: no kind cluster is created, no new context used.
func ProviderWithAsk(ask AskFunc) ProviderOption {
	return providerOption(func(p *Provider) error {
		if ask == nil {
			return errors.New("cluster provider: nil ask")
		}
		p.ask = ask
		return nil
	})
}

// ProviderWithProgress shows kind's steps through progress (a list with a
// spinner on a terminal, say) instead of as lines on the output.
func ProviderWithProgress(progress Progress) ProviderOption {
	return providerOption(func(p *Provider) error {
		if progress == nil {
			return errors.New("cluster provider: nil progress")
		}
		p.progress = progress
		return nil
	})
}

// ProviderWithClock replaces time.Now, which stamps confirmations and
// names the backup of an unreadable settings file.
func ProviderWithClock(now func() time.Time) ProviderOption {
	return providerOption(func(p *Provider) error {
		if now == nil {
			return errors.New("cluster provider: nil clock")
		}
		p.now = now
		return nil
	})
}

// NewProvider returns a Provider with the options applied over sane
// defaults: the process's environment and executable, no output, no
// questions (every answer no).
func NewProvider(opts ...ProviderOption) (*Provider, error) {
	p := &Provider{
		getenv:     os.Getenv,
		executable: os.Executable,
		out:        io.Discard,
		errOut:     io.Discard,
		ask:        func(string, bool) bool { return false },
		now:        time.Now,
		newKind:    newKindClusters,
		startLab:   lab.StartDetached,
	}
	for _, o := range opts {
		if err := o.apply(p); err != nil {
			return nil, err
		}
	}
	if p.progress == nil {
		p.progress = lineProgress{w: p.out}
	}
	return p, nil
}

// Named reports whether flags or $KUBECONFIG name a kubeconfig cluster:
// then nothing remembered or decided applies.
func (p *Provider) Named(flags KubeconfigFlags) bool {
	return flags.Kubeconfig != "" || flags.Context != "" || p.getenv("KUBECONFIG") != ""
}

// Remembered is the cluster the learner chose before, or nil.
func (p *Provider) Remembered() (*Choice, error) {
	s, err := p.openSettings()
	if err != nil {
		return nil, err
	}
	return s.Choice(), nil
}

// remember saves c as the learner's choice (nil forgets it).
func (p *Provider) remember(c *Choice) error {
	s, err := p.openSettings()
	if err != nil {
		return err
	}
	if err := s.SetChoice(c); err != nil {
		return explain(msgNotSaved+err.Error(), false, err)
	}
	return nil
}

// openSettings opens kubekurs's settings once, telling the learner if an
// unreadable file was moved aside.
func (p *Provider) openSettings() (*Settings, error) {
	if p.settings != nil {
		return p.settings, nil
	}
	dir, err := ConfigDir(p.getenv)
	if err != nil {
		return nil, explain(msgNoSettingsDir, false, fmt.Errorf("settings: %w", err))
	}
	s, err := OpenSettings(dir, p.now)
	if err != nil {
		return nil, explain(msgSettingsUnreadable+err.Error(), false, err)
	}
	if b := s.Recovered(); b != "" {
		fmt.Fprintf(p.errOut, msgSettingsRecovered, s.Path(), b)
	}
	p.settings = s
	return s, nil
}

// kindKubeconfigPath is where kubekurs keeps a kind cluster's kubeconfig:
// its own file, never merged into ~/.kube/config.
func (p *Provider) kindKubeconfigPath(name string) (string, error) {
	dir, err := ConfigDir(p.getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "kind-"+name+".kubeconfig"), nil
}

// envWithKubeconfig is getenv with $KUBECONFIG set to paths (unchanged
// when paths is empty, which means ~/.kube/config).
func envWithKubeconfig(getenv func(string) string, paths string) func(string) string {
	if paths == "" {
		return getenv
	}
	return func(k string) string {
		if k == "KUBECONFIG" {
			return paths
		}
		return getenv(k)
	}
}

// lineProgress is the default Progress: the title and kind's steps as
// lines.
type lineProgress struct{ w io.Writer }

// Start implements Progress: the title with " …", then kind's steps.
func (l lineProgress) Start(_ context.Context, title string) (log.Logger, func()) {
	fmt.Fprintln(l.w, title+" …")
	return kind.NewProgressLogger(l.w), func() {}
}
