package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/cluster"
)

func newClusterCommand(streams Streams, env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cluster",
		Short: "Velg hvilket cluster kurset bruker, og se hva det kan",
		Args:  noArgs,
		RunE:  showHelp,
	}
	f := &clusterFlags{}
	status := &cobra.Command{
		Use:   "status",
		Short: "Vis clusteret, hva det kan, og hva som mangler for leksjonene",
		Long: "Viser clusteret kurset bruker (valgt med --kubeconfig/--context eller KUBECONFIG,\n" +
			"ellers det du har valgt før, ellers øvingsclusteret), versjonen, nodene, hvilke\n" +
			"egenskaper leksjonene kan kreve som clusteret har eller mangler, og rettighetene\n" +
			"dine — med hva du kan gjøre med det som mangler.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runClusterStatus(cmd.Context(), streams, env, f)
		},
	}
	f.register(status)
	cmd.AddCommand(status, newClusterUseCommand(streams, env), newClusterCreateCommand(streams, env), newClusterDeleteCommand(streams, env))
	return cmd
}

func runClusterStatus(ctx context.Context, streams Streams, env Env, f *clusterFlags) error {
	target, err := f.resolve(env)
	if err != nil {
		return err
	}
	w := streams.Out
	fmt.Fprintf(w, "Cluster: %s\nNamespace: %s\n", target.Description, target.Namespace)
	client, err := kubernetes.NewForConfig(target.Config)
	if err != nil {
		return fmt.Errorf("create client: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	report, err := cluster.Detect(ctx, client, target.Namespace) // fails only when the API server does not answer
	if err != nil {
		return &exitCodeError{code: exitUsage, msg: fmt.Sprintf("miljøfeil: får ikke kontakt med API-serveren (%s). Kjører clusteret?", target.Config.Host)}
	}
	fmt.Fprintf(w, "Kubernetes: %s\n", report.Version)
	printReport(w, report, target.Namespace)
	return nil
}

// printReport writes the capabilities and permissions, then what to do
// about what is missing.
func printReport(w io.Writer, r *cluster.Report, namespace string) {
	fmt.Fprintf(w, "Noder: %d, %d Ready\n", r.Nodes, r.NodesReady)
	fmt.Fprintln(w, "\nEgenskaper leksjonene kan kreve:")
	var missing []cluster.Capability
	for _, c := range cluster.AllCapabilities() {
		finding := r.Findings[c]
		mark := "✓"
		switch finding.State {
		case cluster.Absent:
			mark = "✗"
			missing = append(missing, c)
		case cluster.Unknown:
			mark = "?"
		}
		fmt.Fprintf(w, "  %s %-21s %s\n", mark, c, finding.Detail)
	}
	if denied := cluster.ExplainDenied(r.Denied, namespace); denied != "" {
		fmt.Fprintf(w, "\nRettigheter:\n%s\n", denied)
	} else {
		fmt.Fprintf(w, "\nRettigheter: du har alle rettighetene leksjonene bruker i «%s».\n", namespace)
	}
	for _, c := range missing {
		fmt.Fprintf(w, "\n%s: %s\n", c, cluster.Explain(c))
	}
}

func newClusterUseCommand(streams Streams, env Env) *cobra.Command {
	f := &clusterFlags{}
	cmd := &cobra.Command{
		Use:   "use [lab | kind [NAVN]]",
		Short: "Velg clusteret kurset skal bruke fra nå av",
		Long: "Husker hvilket cluster `kubekurs` skal bruke når du ikke sier noe annet:\n\n" +
			"  kubekurs cluster use lab                    det innebygde øvingsclusteret\n" +
			"  kubekurs cluster use kind                   kind-clusteret «kubekurs»\n" +
			"  kubekurs cluster use --context skole -n elev-kari\n" +
			"                                              et eksisterende cluster fra kubeconfig\n\n" +
			"Uten argumenter viser den hva du har valgt.",
		Args: maxArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runClusterUse(cmd.Context(), streams, env, f, args)
		},
	}
	f.register(cmd)
	return cmd
}

func runClusterUse(ctx context.Context, streams Streams, env Env, f *clusterFlags, args []string) error {
	p, err := newProvider(streams, env)
	if err != nil {
		return err
	}
	if len(args) == 0 && !p.Named(f.kubeconfigFlags()) {
		c, err := p.Remembered()
		switch {
		case err != nil:
			return err
		case c != nil:
			fmt.Fprintf(streams.Out, "Kurset bruker %s.\n", c.Describe())
		default:
			fmt.Fprintln(streams.Out, "Du har ikke valgt noe cluster ennå; kurset velger selv når det starter (se `kubekurs cluster use --help`).")
		}
		return nil
	}
	choice, err := p.Use(ctx, f.kubeconfigFlags(), args...)
	if errors.Is(err, cluster.ErrBadChoice) {
		return &usageError{msg: "velg lab, kind [NAVN] eller --context/--kubeconfig, for eksempel `kubekurs cluster use lab`"}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(streams.Out, "Kurset bruker nå %s.\n", choice.Describe())
	return nil
}
