package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubekurs/kubekurs/cluster/lab"
)

// clusterFlags choose the cluster and namespace a command works on.
type clusterFlags struct {
	kubeconfig string
	context    string
	namespace  string
}

func (f *clusterFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig-filen som skal brukes (som for kubectl)")
	cmd.Flags().StringVar(&f.context, "context", "", "konteksten i kubeconfig som skal brukes (som for kubectl)")
	cmd.Flags().StringVarP(&f.namespace, "namespace", "n", "", "Namespacet som skal sjekkes (standard: konteksten sitt, ellers default)")
}

// clusterTarget is a resolved cluster: where to connect, which namespace
// to work in, and a Norwegian description of where it came from.
type clusterTarget struct {
	config    *rest.Config
	namespace string
	source    string
	context   string // the kubeconfig context, "" for the practice cluster
}

// errNoCluster means neither flags, $KUBECONFIG nor a running practice
// cluster said which cluster to use.
var errNoCluster = errors.New("no cluster chosen")

// resolve picks the cluster, in this order:
//  1. --kubeconfig and/or --context, or $KUBECONFIG: resolved exactly as
//     kubectl resolves them (client-go's loading rules, several files in
//     $KUBECONFIG merged);
//  2. the practice cluster, if it runs.
//
// It never falls back to ~/.kube/config silently: a cluster the learner
// did not point at is not touched. The namespace is --namespace, else the
// context's namespace, else "default".
func (f *clusterFlags) resolve(env Env) (*clusterTarget, error) {
	kubeconfigEnv := env.Getenv("KUBECONFIG")
	if f.kubeconfig == "" && f.context == "" && kubeconfigEnv == "" {
		return f.labTarget(env)
	}
	rules := &clientcmd.ClientConfigLoadingRules{
		ExplicitPath: f.kubeconfig,
		Precedence:   filepath.SplitList(kubeconfigEnv),
	}
	if f.kubeconfig == "" && kubeconfigEnv == "" {
		if home := env.Getenv("HOME"); home != "" {
			rules.Precedence = []string{filepath.Join(home, ".kube", "config")}
		}
	}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: f.context}
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)
	cfg, err := loader.ClientConfig()
	if err != nil {
		return nil, failure(fmt.Sprintf("Kan ikke bruke kubeconfig: %v", err))
	}
	ns := f.namespace
	if ns == "" {
		if ns, _, err = loader.Namespace(); err != nil || ns == "" {
			ns = "default"
		}
	}
	raw, _ := loader.RawConfig()
	name := f.context
	if name == "" {
		name = raw.CurrentContext
	}
	return &clusterTarget{config: cfg, namespace: ns, source: fmt.Sprintf("konteksten «%s» (%s)", name, cfg.Host), context: name}, nil
}

func (f *clusterFlags) labTarget(env Env) (*clusterTarget, error) {
	dataDir, err := lab.DefaultDataDir(env.Getenv)
	if err != nil {
		return nil, errNoCluster
	}
	if running, _ := lab.IsRunning(dataDir); !running {
		return nil, errNoCluster
	}
	data, err := os.ReadFile(filepath.Join(dataDir, "kubeconfig", "admin.kubeconfig"))
	if err != nil {
		return nil, errNoCluster
	}
	cfg, err := clientcmd.RESTConfigFromKubeConfig(data)
	if err != nil {
		return nil, fmt.Errorf("parse practice cluster kubeconfig: %w", err)
	}
	ns := f.namespace
	if ns == "" {
		ns = "default"
	}
	return &clusterTarget{config: cfg, namespace: ns, source: "øvingsclusteret (" + cfg.Host + ")"}, nil
}

// msgNoCluster tells the learner how to choose a cluster.
const msgNoCluster = "Fant ikke noe cluster å sjekke mot.\n" +
	"Start øvingsclusteret med `kubekurs lab start`, eller pek på et cluster med --kubeconfig/--context eller KUBECONFIG."
