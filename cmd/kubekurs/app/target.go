package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/lab"
)

// defaultNamespace is the learner's Namespace on the clusters kubekurs
// owns (the practice cluster, its kind cluster).
const defaultNamespace = "kurs"

// clusterFlags choose the cluster and namespace a command works on.
type clusterFlags struct {
	kubeconfig string
	context    string
	namespace  string
}

func (f *clusterFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig-filen som skal brukes (som for kubectl)")
	cmd.Flags().StringVar(&f.context, "context", "", "konteksten i kubeconfig som skal brukes (som for kubectl)")
	cmd.Flags().StringVarP(&f.namespace, "namespace", "n", "", "Namespacet kurset jobber i (standard: konteksten sitt; «kurs» på øvingsclusteret og kind)")
}

// explicit reports whether the learner named a kubeconfig cluster, by
// flag or $KUBECONFIG.
func (f *clusterFlags) explicit(env Env) bool {
	return f.kubeconfig != "" || f.context != "" || env.Getenv("KUBECONFIG") != ""
}

// errNoCluster means neither flags, $KUBECONFIG, a remembered choice nor a
// running practice cluster said which cluster to use.
var errNoCluster = errors.New("no cluster chosen")

// resolve picks the cluster for commands that do not start one, in this
// order:
//  1. --kubeconfig and/or --context, or $KUBECONFIG: resolved exactly as
//     kubectl resolves them;
//  2. the cluster the learner chose before (`kubekurs cluster use`, or
//     the course's first start);
//  3. the practice cluster, if it runs.
//
// It never falls back to ~/.kube/config silently: a cluster the learner
// did not point at is not touched.
func (f *clusterFlags) resolve(env Env) (*cluster.Target, error) {
	if f.explicit(env) {
		return f.fromKubeconfig(env, cluster.KubeconfigFlags{Kubeconfig: f.kubeconfig, Context: f.context, Namespace: f.namespace})
	}
	if settings, err := openSettings(nil, env); err == nil {
		if c := settings.Choice(); c != nil {
			return f.fromChoice(env, *c)
		}
	}
	return f.labTarget(env)
}

// fromChoice resolves a remembered choice without starting anything.
func (f *clusterFlags) fromChoice(env Env, c cluster.Choice) (*cluster.Target, error) {
	switch c.Kind {
	case cluster.KindLab:
		return f.labTarget(env)
	case cluster.KindKind:
		return f.kindTarget(env, c.Name)
	}
	ns := f.namespace
	if ns == "" {
		ns = c.Namespace
	}
	t, err := cluster.FromKubeconfig(envWithKubeconfig(env, c.Kubeconfig).Getenv, cluster.KubeconfigFlags{Context: c.Context, Namespace: ns})
	if err != nil {
		return nil, failure(fmt.Sprintf("Kan ikke bruke %s, som du valgte tidligere: %v\n"+
			"Velg et annet cluster med `kubekurs cluster use lab` eller `kubekurs cluster use --context NAVN`.", c.Describe(), errors.Unwrap(err)))
	}
	return t, nil
}

func (f *clusterFlags) fromKubeconfig(env Env, flags cluster.KubeconfigFlags) (*cluster.Target, error) {
	t, err := cluster.FromKubeconfig(env.Getenv, flags)
	if err != nil {
		return nil, failure(fmt.Sprintf("Kan ikke bruke kubeconfig: %v", errors.Unwrap(err)))
	}
	return t, nil
}

// kubeconfigChoice is the choice to remember for t, which the flags or
// $KUBECONFIG named: the kubeconfig as given, t's context, and the
// Namespace if one was named.
func (f *clusterFlags) kubeconfigChoice(env Env, t *cluster.Target) *cluster.Choice {
	kubeconfig := f.kubeconfig
	if kubeconfig == "" {
		kubeconfig = env.Getenv("KUBECONFIG")
	}
	return &cluster.Choice{Kind: cluster.KindKubeconfig, Kubeconfig: kubeconfig, Context: t.Context, Namespace: f.namespace}
}

// envWithKubeconfig is env with $KUBECONFIG set to paths (unchanged when
// paths is empty, which means ~/.kube/config).
func envWithKubeconfig(env Env, paths string) Env {
	if paths == "" {
		return env
	}
	getenv := env.Getenv
	return Env{Executable: env.Executable, Getenv: func(k string) string {
		if k == "KUBECONFIG" {
			return paths
		}
		return getenv(k)
	}}
}

// namespaceOr is --namespace, or def.
func (f *clusterFlags) namespaceOr(def string) string {
	if f.namespace != "" {
		return f.namespace
	}
	return def
}

// labTarget is the practice cluster, if it runs.
func (f *clusterFlags) labTarget(env Env) (*cluster.Target, error) {
	dataDir, err := lab.DefaultDataDir(env.Getenv)
	if err != nil {
		return nil, errNoCluster
	}
	if running, _ := lab.IsRunning(dataDir); !running {
		return nil, errNoCluster
	}
	data, err := os.ReadFile(lab.AdminKubeconfigPath(dataDir))
	if err != nil {
		return nil, errNoCluster
	}
	t, err := cluster.FromKubeconfigBytes(cluster.KindLab, "øvingsclusteret", data, f.namespaceOr(defaultNamespace))
	if err != nil {
		return nil, fmt.Errorf("practice cluster: %w", err)
	}
	return t, nil
}

// kindTarget is the named kind cluster, from the kubeconfig kubekurs keeps
// for it.
func (f *clusterFlags) kindTarget(env Env, name string) (*cluster.Target, error) {
	path, err := kindKubeconfigPath(env, name)
	if err != nil {
		return nil, errNoCluster
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, failure(fmt.Sprintf("Fant ikke kubeconfig for kind-clusteret «%s» (%s). Lag clusteret med `kubekurs cluster create`.", name, path))
	}
	if err != nil {
		return nil, fmt.Errorf("read kind kubeconfig: %w", err)
	}
	t, err := cluster.FromKubeconfigBytes(cluster.KindKind, fmt.Sprintf("kind-clusteret «%s»", name), data, f.namespaceOr(defaultNamespace))
	if err != nil {
		return nil, failure(fmt.Sprintf("Kubeconfig for kind-clusteret «%s» kan ikke leses: %v", name, err))
	}
	return t, nil
}

// openSettings opens kubekurs's config file, telling the learner (on
// streams, when given) if an unreadable one was moved aside.
func openSettings(streams *Streams, env Env) (*cluster.Settings, error) {
	dir, err := cluster.ConfigDir(env.Getenv)
	if err != nil {
		return nil, failure("Fant ingen plass til kubekurs' innstillinger: sett HOME.")
	}
	s, err := cluster.OpenSettings(dir, time.Now)
	if err != nil {
		return nil, failure("Innstillingene kan ikke leses: " + err.Error())
	}
	if b := s.Recovered(); b != "" && streams != nil {
		fmt.Fprintf(streams.ErrOut, "Filen %s kunne ikke leses og er flyttet til %s.\n", s.Path(), b)
	}
	return s, nil
}

// msgNoCluster tells the learner how to choose a cluster.
const msgNoCluster = "Fant ikke noe cluster å sjekke mot.\n" +
	"Start øvingsclusteret med `kubekurs lab start`, eller pek på et cluster med --kubeconfig/--context eller KUBECONFIG."
