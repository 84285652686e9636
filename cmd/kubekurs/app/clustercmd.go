package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/lessons"
)

func newClusterCommand(streams Streams, env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cluster",
		Short: "Se hvilket cluster kurset bruker, og hva det kan",
		Args:  noArgs,
		RunE:  showHelp,
	}
	f := &clusterFlags{}
	status := &cobra.Command{
		Use:   "status",
		Short: "Vis clusteret, hva det kan, og hva som mangler for leksjonene",
		Long: "Viser clusteret kurset bruker (valgt med --kubeconfig/--context eller KUBECONFIG,\n" +
			"ellers øvingsclusteret), versjonen, nodene og hvilke egenskaper leksjonene kan\n" +
			"kreve som clusteret har eller mangler — med hva du kan gjøre med det som mangler.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runClusterStatus(cmd.Context(), streams, env, f)
		},
	}
	f.register(status)
	cmd.AddCommand(status, newClusterCreateCommand(streams, env), newClusterDeleteCommand(streams, env))
	return cmd
}

func runClusterStatus(ctx context.Context, streams Streams, env Env, f *clusterFlags) error {
	target, err := f.resolve(env)
	if errors.Is(err, errNoCluster) {
		return &exitCodeError{code: exitUsage, msg: msgNoCluster}
	}
	if err != nil {
		return err
	}
	w := streams.Out
	fmt.Fprintf(w, "Cluster: %s\nNamespace: %s\n", target.source, target.namespace)
	client, err := kubernetes.NewForConfig(target.config)
	if err != nil {
		return fmt.Errorf("create client: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	version, err := client.Discovery().ServerVersion()
	if err != nil {
		return &exitCodeError{code: exitUsage, msg: fmt.Sprintf("miljøfeil: får ikke kontakt med API-serveren (%s). Kjører clusteret?", target.config.Host)}
	}
	fmt.Fprintf(w, "Kubernetes: %s\n", version.GitVersion)
	caps, err := cluster.Detect(ctx, client)
	if err != nil {
		return &exitCodeError{code: exitUsage, msg: "Fikk ikke undersøkt clusteret: " + err.Error()}
	}
	fmt.Fprintln(w, "\nEgenskaper leksjonene kan kreve:")
	var missing []string
	for _, name := range lessons.KnownCapabilities() {
		if caps[cluster.Capability(name)] {
			fmt.Fprintf(w, "  ✓ %s\n", name)
			continue
		}
		fmt.Fprintf(w, "  ✗ %s\n", name)
		missing = append(missing, name)
	}
	for _, name := range missing {
		fmt.Fprintf(w, "\n%s: %s\n", name, cluster.Explain(cluster.Capability(name)))
	}
	return nil
}
