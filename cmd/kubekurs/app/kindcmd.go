package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/kind"
)

// kindSetup is what every kind subcommand starts with: the kubeconfig
// path for the named cluster and a provider that reports progress.
func kindSetup(streams Streams, env Env, name string) (string, *kind.Provider, error) {
	path, err := kindKubeconfigPath(env, name)
	if err != nil {
		return "", nil, failure("Fant ingen plass til kubeconfig: sett HOME.")
	}
	p, err := kind.NewProvider(kind.NewProgressLogger(streams.Out))
	if err != nil {
		return "", nil, kindFailure(err)
	}
	return path, p, nil
}

// kindFailure explains a kind error in Norwegian.
func kindFailure(err error) error {
	var re *kind.RuntimeError
	switch {
	case errors.Is(err, kind.ErrNoRuntime):
		return &exitCodeError{code: exitUsage, msg: "Fant ikke Docker. Kjører Docker? Prøv `docker info`.\n" +
			"Uten Docker kan du bruke det innebygde øvingsclusteret: `kubekurs lab start`."}
	case errors.As(err, &re):
		return &exitCodeError{code: exitUsage, msg: "Docker svarer ikke:\n  " + re.Output + "\nKjører Docker? Prøv `docker info`."}
	}
	return failure("kind feilet: " + err.Error())
}

func newClusterCreateCommand(streams Streams, env Env) *cobra.Command {
	var name string
	var workers int
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Lag et kind-cluster for kurset (krever Docker eller Podman)",
		Long: "Lager et kind-cluster med ett kontrollplan og worker-noder, med portene kurset\n" +
			"bruker (30001, 8080 og 8443 på 127.0.0.1). Kubeconfig legges i en egen fil, ikke\n" +
			"i ~/.kube/config. Finnes clusteret allerede, brukes det.",
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			if _, err := ensureKindCluster(streams, env, name, workers); err != nil {
				return err
			}
			settings, err := openSettings(&streams, env)
			if err != nil {
				return err
			}
			if err := settings.SetChoice(&cluster.Choice{Kind: cluster.KindKind, Name: name}); err != nil {
				return failure("Fikk ikke lagret valget av cluster: " + err.Error())
			}
			fmt.Fprintln(streams.Out, "Kurset bruker nå dette clusteret. Start kurset med `kubekurs`.")
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", kind.DefaultName, "navnet på clusteret")
	cmd.Flags().IntVar(&workers, "workers", 2, "antall worker-noder")
	return cmd
}

func newClusterDeleteCommand(streams Streams, env Env) *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "delete",
		Short: "Slett kursets kind-cluster",
		Args:  noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			path, p, err := kindSetup(streams, env, name)
			if err != nil {
				return err
			}
			if err := p.Delete(name, path); err != nil {
				return kindFailure(err)
			}
			_ = os.Remove(path)
			fmt.Fprintf(streams.Out, "Kind-clusteret «%s» er slettet.\n", name)
			settings, err := openSettings(&streams, env)
			if err != nil {
				return err
			}
			if c := settings.Choice(); c != nil && c.Kind == cluster.KindKind && c.Name == name {
				if err := settings.SetChoice(nil); err != nil {
					return failure("Fikk ikke glemt valget av cluster: " + err.Error())
				}
				fmt.Fprintln(streams.Out, "Kurset har glemt at du valgte det; neste gang spør det på nytt.")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", kind.DefaultName, "navnet på clusteret")
	return cmd
}

// ensureKindCluster makes sure the named kind cluster exists, creating it
// with progress on streams when it does not, and writes its kubeconfig to
// kubekurs's own file, whose path it returns.
func ensureKindCluster(streams Streams, env Env, name string, workers int) (string, error) {
	path, p, err := kindSetup(streams, env, name)
	if err != nil {
		return "", err
	}
	exists, err := p.Exists(name)
	if err != nil {
		return "", kindFailure(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("create config directory: %w", err)
	}
	if exists {
		kc, err := p.Kubeconfig(name)
		if err != nil {
			return "", kindFailure(err)
		}
		if err := os.WriteFile(path, kc, 0o600); err != nil {
			return "", fmt.Errorf("write kind kubeconfig: %w", err)
		}
		fmt.Fprintf(streams.Out, "Kind-clusteret «%s» finnes allerede, så kurset bruker det.\n", name)
		return path, nil
	}
	fmt.Fprintf(streams.Out, "Lager kind-clusteret «%s» med %d worker-noder …\n", name, workers)
	if err := p.Create(kind.Options{Name: name, Workers: workers, KubeconfigPath: path}); err != nil {
		return "", kindFailure(err)
	}
	return path, nil
}
