package app

import (
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
// as kubectl does, messages and exit codes included.
func newKubectlCommand(streams Streams) *cobra.Command {
	return &cobra.Command{
		Use:                "kubectl [argumenter …]",
		Short:              "Kjør kubectl (innebygd, samme versjon som øvingsclusteret)",
		DisableFlagParsing: true,
		RunE: func(_ *cobra.Command, args []string) error {
			runKubectl(streams, args)
			return nil
		},
	}
}

// runKubectl runs one kubectl command line. On failure kubectl prints its
// own message and exits the process with its own exit code, as the kubectl
// binary does.
func runKubectl(streams Streams, args []string) {
	stampKubeVersion()
	io := genericiooptions.IOStreams{In: streams.In, Out: streams.Out, ErrOut: streams.ErrOut}
	command := kubectlcmd.NewDefaultKubectlCommandWithArgs(kubectlcmd.KubectlOptions{
		PluginHandler: kubectlcmd.NewDefaultPluginHandler(plugin.ValidPluginFilenamePrefixes),
		Arguments:     append([]string{"kubectl"}, args...),
		ConfigFlags: genericclioptions.NewConfigFlags(true).
			WithDeprecatedPasswordFlag().
			WithDiscoveryBurst(300).
			WithDiscoveryQPS(50.0).
			WithWarningPrinter(io),
		IOStreams: io,
	})
	command.SetArgs(args)
	if err := cli.RunNoErrOutput(command); err != nil {
		cmdutil.CheckErr(err)
	}
}
