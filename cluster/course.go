package cluster

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kubekurs/kubekurs/cluster/kind"
	"github.com/kubekurs/kubekurs/cluster/lab"
)

// Course picks the cluster for the course and makes it ready, in the
// order Provider lists. A cluster that flags or $KUBECONFIG name is
// asked about the first time (Confirm) and, when flags named it outside
// the course shell, remembered. Otherwise Decide chooses — the remembered
// cluster, the kind cluster, an offer to create it (asked through the
// AskFunc), or the practice cluster — and that cluster is made ready: the
// practice cluster started in the background, a missing kind cluster
// created. Target.Why says why, when the course chose.
func (p *Provider) Course(ctx context.Context, flags KubeconfigFlags) (*Target, error) {
	settings, err := p.openSettings()
	if err != nil {
		return nil, err
	}
	if p.Named(flags) {
		t, err := p.fromFlags(flags)
		if err != nil {
			return nil, err
		}
		if err := p.Confirm(t); err != nil {
			return nil, err
		}
		if (flags.Kubeconfig != "" || flags.Context != "") && p.getenv("KUBEKURS_SHELL") == "" {
			if err := p.remember(p.kubeconfigChoice(flags, t)); err != nil {
				return nil, err
			}
		}
		return t, nil
	}
	d, err := Decide(settings.Choice(), p.kindExists)
	var unavailable *UnavailableError
	if errors.As(err, &unavailable) {
		return nil, explain(unavailable.Message(), false, err)
	}
	if err != nil {
		return nil, err
	}
	if d.Why != "" && (settings.Choice() == nil || d.OfferKind) {
		fmt.Fprintln(p.out, d.Why)
	}
	if d.OfferKind {
		if p.ask(fmt.Sprintf(msgOfferKind, d.Choice.Name), true) {
			if err := p.ensureKind(ctx, d.Choice.Name, KindWorkers); err != nil {
				return nil, err
			}
		} else {
			fmt.Fprintln(p.out, msgKindRefused)
			d.Choice = Choice{Kind: KindLab}
		}
	}
	if d.Remember {
		if err := p.remember(&d.Choice); err != nil {
			return nil, err
		}
	}
	src := sourceFor(d.Choice)
	if err := src.prepare(ctx, p); err != nil {
		return nil, err
	}
	t, err := src.target(p, flags.Namespace)
	if errors.Is(err, ErrNoCluster) {
		return nil, explain(msgNoCluster, false, err)
	}
	if err != nil {
		return nil, err
	}
	if err := p.Confirm(t); err != nil {
		return nil, err
	}
	t.Why = d.Why
	return t, nil
}

// Use makes the cluster the learner names the one the course uses from
// now on, and returns it. args are `kubekurs cluster use`'s: "lab",
// "kind [NAME]", or none when flags or $KUBECONFIG name a kubeconfig
// context (asked about first, see Confirm). A kind cluster must exist;
// its kubeconfig is fetched. Other arguments give ErrBadChoice.
func (p *Provider) Use(ctx context.Context, flags KubeconfigFlags, args ...string) (Choice, error) {
	var choice *Choice
	switch {
	case len(args) == 0 && p.Named(flags):
		t, err := p.fromFlags(flags)
		if err != nil {
			return Choice{}, err
		}
		if err := p.Confirm(t); err != nil {
			return Choice{}, err
		}
		choice = p.kubeconfigChoice(flags, t)
	case len(args) == 1 && args[0] == "lab":
		choice = &Choice{Kind: KindLab}
	case len(args) >= 1 && len(args) <= 2 && args[0] == "kind":
		name := kind.DefaultName
		if len(args) == 2 {
			name = args[1]
		}
		exists, err := p.kindExists(name)
		if err != nil {
			return Choice{}, kindProblem(err)
		}
		if !exists {
			return Choice{}, explain(fmt.Sprintf(msgKindMissing, name, name), false, fmt.Errorf("kind cluster %q not found", name))
		}
		if err := p.ensureKind(ctx, name, KindWorkers); err != nil {
			return Choice{}, err
		}
		choice = &Choice{Kind: KindKind, Name: name}
	default:
		return Choice{}, fmt.Errorf("cluster use %q: %w", strings.Join(args, " "), ErrBadChoice)
	}
	if err := p.remember(choice); err != nil {
		return Choice{}, err
	}
	return *choice, nil
}

// kubeconfigChoice is the choice to remember for t, which flags or
// $KUBECONFIG named: the kubeconfig as given, t's context, and the
// Namespace if one was named.
func (p *Provider) kubeconfigChoice(flags KubeconfigFlags, t *Target) *Choice {
	kubeconfig := flags.Kubeconfig
	if kubeconfig == "" {
		kubeconfig = p.getenv("KUBECONFIG")
	}
	return &Choice{Kind: KindKubeconfig, Kubeconfig: kubeconfig, Context: t.Context, Namespace: flags.Namespace}
}

// startLabIfStopped starts the practice cluster in the background unless
// it runs, echoing its progress.
func (p *Provider) startLabIfStopped(ctx context.Context) error {
	dataDir, err := lab.DefaultDataDir(p.getenv)
	if err != nil {
		return explain(msgLabNoDataDir, false, err)
	}
	if running, _ := lab.IsRunning(dataDir); running {
		return nil
	}
	fmt.Fprintln(p.out, msgLabStarting)
	binDir, err := lab.DefaultBinDir(p.getenv)
	if err != nil {
		return explain(msgLabNoBinDir, false, err)
	}
	exe, err := p.executable()
	if err != nil {
		return fmt.Errorf("find kubekurs binary: %w", err)
	}
	st, err := p.startLab(ctx, &lab.Lab{DataDir: dataDir, BinDir: binDir}, lab.DetachedOptions{Executable: exe, Out: p.out})
	if err != nil {
		return explain(lab.Message(err), false, fmt.Errorf("start practice cluster: %w", err))
	}
	fmt.Fprint(p.out, lab.HowToUse(dataDir)+lab.RunsInBackground(st.PID))
	return nil
}

// Proving is the cluster `kubekurs lessons test` proves a lesson pack on:
// the cluster --kubeconfig or --context names, or else the practice
// cluster, started in the background if it is not running. $KUBECONFIG
// and the remembered choice are not used: a test makes and deletes
// Namespaces and may cordon and drain nodes, so another cluster is used
// only when named on the command line, and only when the user says yes
// to that, every time (or passed yes, for scripts).
func (p *Provider) Proving(ctx context.Context, flags KubeconfigFlags, yes bool) (*Target, error) {
	if flags.Kubeconfig != "" || flags.Context != "" {
		t, err := p.fromFlags(flags)
		if err != nil {
			return nil, err
		}
		if !yes && !p.ask(fmt.Sprintf(msgConfirmProving, t.Context, t.Config.Host), false) {
			return nil, explain(msgDeclinedProving, true, ErrDeclined)
		}
		return t, nil
	}
	src := labSource{}
	if err := src.prepare(ctx, p); err != nil {
		return nil, err
	}
	t, err := src.target(p, "")
	if errors.Is(err, ErrNoCluster) {
		return nil, explain(msgNoCluster, false, err)
	}
	return t, err
}
