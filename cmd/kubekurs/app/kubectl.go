package app

import (
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/component-base/cli"
	kubectlcmd "k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/plugin"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
)

// newKubectlCommand is `kubekurs kubectl ...`: the real kubectl, built in
// from the k8s.io/kubectl library at the practice cluster's version, so
// every learner has a kubectl that matches the course. It behaves exactly
// as kubectl does, messages and exit codes included — except that a
// machine without any kubeconfig (no $KUBECONFIG, no ~/.kube/config) gets
// the course's cluster and Namespace instead of an error.
func newKubectlCommand(streams Streams, env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "kubectl [argumenter …]",
		Short: "Kjør kubectl (innebygd, samme versjon som øvingsclusteret)",
		Long: "Den ekte kubectl, bygget inn i kubekurs med samme versjon som øvingsclusteret.\n" +
			"Har maskinen ingen kubeconfig (verken KUBECONFIG eller ~/.kube/config), bruker\n" +
			"den kursets cluster og Namespace, for eksempel: kubekurs kubectl get nodes",
		DisableFlagParsing: true,
		RunE: func(_ *cobra.Command, args []string) error {
			runKubectl(streams, args, courseKubeconfig(env, args))
			return nil
		},
	}
}

// kubectlTarget is a kubeconfig file, context and namespace for kubectl
// to default to; empty fields leave kubectl's own defaults.
type kubectlTarget struct {
	kubeconfig, context, namespace string
}

// courseKubeconfig is the course's cluster as a kubeconfig file on disk,
// for kubectl, but only when kubectl would find no kubeconfig of its own:
// $KUBECONFIG, --kubeconfig and ~/.kube/config always win (see
// cluster.Provider.KubectlDefaults).
func courseKubeconfig(env Env, args []string) kubectlTarget {
	if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--kubeconfig") }) {
		return kubectlTarget{}
	}
	p, err := newProvider(Streams{}, env)
	if err != nil {
		return kubectlTarget{}
	}
	d := p.KubectlDefaults()
	return kubectlTarget{kubeconfig: d.Kubeconfig, context: d.Context, namespace: d.Namespace}
}

// runKubectl runs one kubectl command line. On failure kubectl prints its
// own message and exits the process with its own exit code, as the kubectl
// binary does.
func runKubectl(streams Streams, args []string, defaults kubectlTarget) {
	stampKubeVersion()
	io := genericiooptions.IOStreams{In: streams.In, Out: streams.Out, ErrOut: streams.ErrOut}
	flags := genericclioptions.NewConfigFlags(true).
		WithDeprecatedPasswordFlag().
		WithDiscoveryBurst(300).
		WithDiscoveryQPS(50.0).
		WithWarningPrinter(io)
	if defaults.kubeconfig != "" {
		// Through the environment rather than the flag, so that kubectl's
		// `config` subcommands, which read their own --kubeconfig, see it
		// too. This process runs nothing but this one kubectl command.
		_ = os.Setenv("KUBECONFIG", defaults.kubeconfig)
	}
	for _, d := range []struct {
		value string
		field **string
	}{{defaults.context, &flags.Context}, {defaults.namespace, &flags.Namespace}} {
		if d.value != "" {
			*d.field = &d.value
		}
	}
	command := kubectlcmd.NewDefaultKubectlCommandWithArgs(kubectlcmd.KubectlOptions{
		PluginHandler: kubectlcmd.NewDefaultPluginHandler(plugin.ValidPluginFilenamePrefixes),
		Arguments:     append([]string{"kubectl"}, args...),
		ConfigFlags:   flags,
		IOStreams:     io,
	})
	command.SetArgs(args)
	if err := cli.RunNoErrOutput(command); err != nil {
		cmdutil.CheckErr(err)
	}
}
