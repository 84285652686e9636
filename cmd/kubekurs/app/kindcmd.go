package app

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/kind"
)

func newClusterCreateCommand(streams Streams, env Env) *cobra.Command {
	opts := cluster.KindOptions{}
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Lag et kind-cluster for kurset (krever Docker eller Podman)",
		Long: "Lager et kind-cluster med ett kontrollplan og worker-noder, med portene kurset\n" +
			"bruker (30001, 8080 og 8443 på 127.0.0.1). Kubeconfig legges i en egen fil, ikke\n" +
			"i ~/.kube/config (med --merge-kubeconfig også der). Finnes clusteret allerede,\n" +
			"brukes det.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := newProvider(streams, env)
			if err != nil {
				return err
			}
			if err := p.CreateKind(cmd.Context(), opts); err != nil {
				return err
			}
			if opts.MergeKubeconfig {
				fmt.Fprintf(streams.Out, "Konteksten «kind-%s» er lagt til i kubeconfig-en din og er nå gjeldende.\n", opts.Name)
			}
			fmt.Fprintln(streams.Out, "Kurset bruker nå dette clusteret. Start kurset med `kubekurs`.")
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Name, "name", kind.DefaultName, "navnet på clusteret")
	cmd.Flags().IntVar(&opts.Workers, "workers", cluster.KindWorkers, "antall worker-noder")
	cmd.Flags().BoolVar(&opts.MergeKubeconfig, "merge-kubeconfig", false, "legg også konteksten inn i ~/.kube/config (eller KUBECONFIG), og gjør den gjeldende")
	return cmd
}

func newClusterDeleteCommand(streams Streams, env Env) *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "delete",
		Short: "Slett kursets kind-cluster",
		Args:  noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			p, err := newProvider(streams, env)
			if err != nil {
				return err
			}
			forgotten, err := p.DeleteKind(name)
			if err != nil {
				return err
			}
			fmt.Fprintf(streams.Out, "Kind-clusteret «%s» er slettet.\n", name)
			if forgotten {
				fmt.Fprintln(streams.Out, "Kurset har glemt at du valgte det; neste gang spør det på nytt.")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", kind.DefaultName, "navnet på clusteret")
	return cmd
}
