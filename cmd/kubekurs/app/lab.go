package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/cluster/lab"
)

// labFlags are the options shared by the lab subcommands. Each directory
// is taken, in order, from its flag, its environment variable
// (KUBEKURS_LAB_DATA, KUBEKURS_LAB_BIN) and the default place.
type labFlags struct {
	dataDir string
	binDir  string
}

// resolveDataDir returns the absolute data directory.
func (f *labFlags) resolveDataDir(env Env) (string, error) {
	dir := f.dataDir
	if dir == "" {
		var err error
		if dir, err = lab.DefaultDataDir(env.Getenv); err != nil {
			return "", failure("Fant verken $HOME eller $XDG_DATA_HOME, så øvingsclusteret har ingen plass til data. Bruk --data-dir.")
		}
	}
	return filepath.Abs(dir)
}

// resolveBinDir returns the absolute directory of the lab binaries.
func (f *labFlags) resolveBinDir(env Env) (string, error) {
	dir := f.binDir
	if dir == "" {
		var err error
		if dir, err = lab.DefaultBinDir(env.Getenv); err != nil {
			return "", failure("Fant verken $HOME eller $XDG_CACHE_HOME, så øvingsclusterets programfiler kan ikke finnes. Bruk --bin-dir.")
		}
	}
	return filepath.Abs(dir)
}

func newLabCommand(streams Streams, env Env) *cobra.Command {
	flags := &labFlags{}
	cmd := &cobra.Command{
		Use:   "lab",
		Short: "Styr det innebygde øvingsclusteret",
		Long: "Øvingsclusteret er et ekte Kubernetes-kontrollplan (etcd, API-server,\n" +
			"controller-manager og scheduler) som kjører på din egen maskin, på 127.0.0.1.\n" +
			"Nodene er simulert: Podene blir planlagt, får status Running og IP-adresser,\n" +
			"men ingen containere kjører. Det trenger verken Docker eller nettverk.",
		Args: noArgs,
		RunE: showHelp,
	}
	cmd.PersistentFlags().StringVar(&flags.dataDir, "data-dir", "", "katalogen der øvingsclusteret lagrer data (standard: $KUBEKURS_LAB_DATA eller ~/.local/share/kubekurs/lab)")
	cmd.PersistentFlags().StringVar(&flags.binDir, "bin-dir", "", "katalogen med programfilene fra «make lab» (standard: $KUBEKURS_LAB_BIN eller ~/.cache/kubekurs/lab/"+lab.KubernetesVersion+")")
	cmd.AddCommand(
		newLabStartCommand(streams, env, flags),
		newLabStopCommand(streams, env, flags),
		newLabStatusCommand(streams, env, flags),
		newLabKubeconfigCommand(streams, env, flags),
	)
	return cmd
}

// dataDirCommand is a lab subcommand that works on the data directory
// only (it needs no binaries): run gets the resolved directory.
func dataDirCommand(env Env, flags *labFlags, cmd *cobra.Command, run func(ctx context.Context, dataDir string) error) *cobra.Command {
	cmd.Args = noArgs
	cmd.RunE = func(c *cobra.Command, _ []string) error {
		dataDir, err := flags.resolveDataDir(env)
		if err != nil {
			return err
		}
		return run(c.Context(), dataDir)
	}
	return cmd
}

func newLabStopCommand(streams Streams, env Env, flags *labFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "stop", Short: "Stopp øvingsclusteret (dataene beholdes)"}
	return dataDirCommand(env, flags, cmd, func(ctx context.Context, dataDir string) error {
		err := lab.StopRunning(ctx, dataDir)
		if errors.Is(err, lab.ErrNotRunning) {
			fmt.Fprintln(streams.Out, "Øvingsclusteret kjører ikke; ingenting å stoppe.")
			return nil
		}
		if err != nil {
			return failure("Klarte ikke å stoppe øvingsclusteret helt. " + lab.Message(err))
		}
		fmt.Fprintln(streams.Out, "Øvingsclusteret er stoppet. Dataene dine ligger i "+dataDir+" til neste start.")
		return nil
	})
}

func newLabKubeconfigCommand(streams Streams, env Env, flags *labFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "kubeconfig",
		Short: "Skriv ut admin-kubeconfig for øvingsclusteret",
		Long: "Skriver kubeconfig-filen for øvingsclusteret til standard ut, for eksempel:\n\n" +
			"  kubectl --kubeconfig <(kubekurs lab kubeconfig) get nodes",
	}
	return dataDirCommand(env, flags, cmd, func(ctx context.Context, dataDir string) error {
		report, err := lab.Status(ctx, dataDir)
		if err != nil {
			return failure(lab.Message(err))
		}
		data, err := os.ReadFile(report.Kubeconfig)
		if err != nil {
			return failure("Øvingsclusteret er ikke startet ennå, så det finnes ingen kubeconfig. Start det med `kubekurs lab start`.")
		}
		_, err = streams.Out.Write(data)
		return err
	})
}

func newLabStatusCommand(streams Streams, env Env, flags *labFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "status", Short: "Vis hvilke deler av øvingsclusteret som kjører"}
	return dataDirCommand(env, flags, cmd, func(ctx context.Context, dataDir string) error {
		report, err := lab.Status(ctx, dataDir)
		if err != nil {
			return failure(lab.Message(err))
		}
		printStatus(streams, dataDir, report)
		if !report.Running {
			return &exitCodeError{code: exitError}
		}
		return nil
	})
}

func printStatus(streams Streams, dataDir string, r lab.Report) {
	w := streams.Out
	if !r.Running {
		fmt.Fprintf(w, "Øvingsclusteret kjører ikke (data: %s).\nStart det med `kubekurs lab start`.\n", dataDir)
		return
	}
	fmt.Fprintf(w, "Øvingsclusteret kjører (prosess %d, Kubernetes %s).\n", r.PID, r.State.Version)
	fmt.Fprintf(w, "API-server: https://127.0.0.1:%d\n\n", r.State.Ports.APIServer)
	for _, c := range r.Components {
		mark, word := "✓", "kjører"
		if !c.Healthy {
			mark, word = "✗", "svarer ikke"
		}
		fmt.Fprintf(w, "  %s %-24s %s\n", mark, c.Name, word)
	}
	fmt.Fprintf(w, "\nNoder: %d av %d er Ready.\n", r.NodesReady, r.Nodes)
	fmt.Fprintf(w, "Kubeconfig: %s\n", r.Kubeconfig)
}
