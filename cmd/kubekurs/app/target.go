package app

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/tui"
)

// defaultNamespace is the learner's Namespace on the clusters kubekurs
// owns (the practice cluster, its kind cluster).
const defaultNamespace = cluster.DefaultNamespace

// clusterFlags choose the cluster and namespace a command works on.
type clusterFlags struct {
	kubeconfig string
	context    string
	namespace  string
}

func (f *clusterFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig-filen som skal brukes (som for kubectl)")
	cmd.Flags().StringVar(&f.context, "context", "", "konteksten i kubeconfig som skal brukes (som for kubectl)")
	cmd.Flags().StringVarP(&f.namespace, "namespace", "n", "", "Namespacet kurset jobber i (standard: konteksten sitt; «"+defaultNamespace+"» på øvingsclusteret og kind)")
}

// kubeconfigFlags are the flags as package cluster takes them.
func (f *clusterFlags) kubeconfigFlags() cluster.KubeconfigFlags {
	return cluster.KubeconfigFlags{Kubeconfig: f.kubeconfig, Context: f.context, Namespace: f.namespace}
}

// resolve is the cluster for a command that starts none: the flags or
// $KUBECONFIG, the remembered choice, or the running practice cluster
// (cluster.Provider.Resolve). It asks nothing and prints nothing.
func (f *clusterFlags) resolve(env Env) (*cluster.Target, error) {
	p, err := newProvider(Streams{}, env)
	if err != nil {
		return nil, err
	}
	return p.Resolve(f.kubeconfigFlags())
}

// newProvider is the cluster provider for a command: env's variables and
// executable, and — when streams are given — messages on streams,
// questions answered on streams.In, and kind's steps as a list with a
// spinner on a terminal.
func newProvider(streams Streams, env Env) (*cluster.Provider, error) {
	opts := []cluster.ProviderOption{cluster.ProviderWithEnv(env.Getenv)}
	if env.Executable != nil {
		opts = append(opts, cluster.ProviderWithExecutable(env.Executable))
	}
	if streams.Out != nil && streams.ErrOut != nil {
		opts = append(opts, cluster.ProviderWithOutput(streams.Out, streams.ErrOut))
	}
	if streams.In != nil && streams.Out != nil {
		opts = append(opts, cluster.ProviderWithAsk(func(question string, def bool) bool {
			fmt.Fprint(streams.Out, question)
			return askYes(streams, def)
		}))
	}
	if isTerminal(streams.Out) && isTerminal(streams.In) {
		opts = append(opts, cluster.ProviderWithProgress(tui.KindProgress{
			In: streams.In, Out: streams.Out, ErrOut: streams.ErrOut, NoColor: env.Getenv("NO_COLOR") != "",
		}))
	}
	return cluster.NewProvider(opts...)
}
