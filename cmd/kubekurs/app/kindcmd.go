package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"sigs.k8s.io/kind/pkg/log"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/kind"
	"github.com/kubekurs/kubekurs/tui"
)

// kindSetup is what every kind subcommand starts with: the kubeconfig
// path for the named cluster and a provider that reports progress.
func kindSetup(env Env, name string, logger log.Logger) (string, *kind.Provider, error) {
	path, err := kindKubeconfigPath(env, name)
	if err != nil {
		return "", nil, failure("Fant ingen plass til kubeconfig: sett HOME.")
	}
	p, err := kind.NewProvider(logger)
	if err != nil {
		return "", nil, kindFailure(err)
	}
	return path, p, nil
}

// portTakenMessage says which of the kind cluster's host ports is taken
// (0: one of them, unknown which) and how to find the program using it.
func portTakenMessage(port int) string {
	ports := make([]string, 0, len(kind.Ports()))
	for _, p := range kind.Ports() {
		ports = append(ports, strconv.Itoa(p))
	}
	list := strings.Join(ports, ", ")
	if port == 0 {
		return fmt.Sprintf("En av portene kind-clusteret trenger på 127.0.0.1 (%s), er allerede i bruk.\n"+
			"Finn programmet med `ss -ltnp`, stopp det, og prøv igjen.", list)
	}
	return fmt.Sprintf("Porten %d på 127.0.0.1 er allerede i bruk, og kind-clusteret trenger den (portene %s).\n"+
		"Finn programmet som bruker den med `ss -ltnp | grep %d`, stopp det, og prøv igjen.", port, list, port)
}

// kindFailure explains a kind error in Norwegian.
func kindFailure(err error) error {
	var re *kind.RuntimeError
	var port *kind.PortTakenError
	var pull *kind.ImagePullError
	switch {
	case errors.As(err, &port):
		return &exitCodeError{code: exitUsage, msg: portTakenMessage(port.Port)}
	case errors.As(err, &pull):
		return &exitCodeError{code: exitUsage, msg: "Fikk ikke hentet node-imaget til kind:\n  " + pull.Output +
			"\nSjekk nettverket (og innloggingen til registryet), og prøv igjen."}
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
	var merge bool
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Lag et kind-cluster for kurset (krever Docker eller Podman)",
		Long: "Lager et kind-cluster med ett kontrollplan og worker-noder, med portene kurset\n" +
			"bruker (30001, 8080 og 8443 på 127.0.0.1). Kubeconfig legges i en egen fil, ikke\n" +
			"i ~/.kube/config (med --merge-kubeconfig også der). Finnes clusteret allerede,\n" +
			"brukes det.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := ensureKindCluster(cmd.Context(), streams, env, name, workers); err != nil {
				return err
			}
			if merge {
				p, err := kind.NewProvider(nil)
				if err != nil {
					return kindFailure(err)
				}
				if err := p.MergeKubeconfig(name); err != nil {
					return kindFailure(err)
				}
				fmt.Fprintf(streams.Out, "Konteksten «kind-%s» er lagt til i kubeconfig-en din og er nå gjeldende.\n", name)
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
	cmd.Flags().BoolVar(&merge, "merge-kubeconfig", false, "legg også konteksten inn i ~/.kube/config (eller KUBECONFIG), og gjør den gjeldende")
	return cmd
}

func newClusterDeleteCommand(streams Streams, env Env) *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "delete",
		Short: "Slett kursets kind-cluster",
		Args:  noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			path, p, err := kindSetup(env, name, kind.NewProgressLogger(streams.Out))
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
func ensureKindCluster(ctx context.Context, streams Streams, env Env, name string, workers int) (string, error) {
	progress := newKindProgress(streams, env, name)
	path, p, err := kindSetup(env, name, progress.logger)
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
	if !progress.interactive {
		fmt.Fprintf(streams.Out, "Lager kind-clusteret «%s» med %d worker-noder …\n", name, workers)
	}
	wait := progress.start(ctx, fmt.Sprintf("Lager kind-clusteret «%s» med %d worker-noder", name, workers))
	err = p.Create(kind.Options{Name: name, Workers: workers, KubeconfigPath: path})
	wait()
	if err != nil {
		return "", kindFailure(err)
	}
	return path, nil
}

// kindProgress shows kind's steps: on a terminal as a list with a
// spinner (tui.RunProgress), elsewhere as lines.
type kindProgress struct {
	streams     Streams
	noColor     bool
	interactive bool
	logger      log.Logger
	events      chan tui.StepEvent
}

func newKindProgress(streams Streams, env Env, name string) *kindProgress {
	k := &kindProgress{streams: streams, noColor: env.Getenv("NO_COLOR") != ""}
	k.interactive = isTerminal(streams.Out) && isTerminal(streams.In)
	if !k.interactive {
		k.logger = kind.NewProgressLogger(streams.Out)
		return k
	}
	k.events = make(chan tui.StepEvent, 64)
	k.logger = kind.NewStepLogger(streams.ErrOut, func(s kind.Step) {
		state := tui.StepRunning
		switch s.State {
		case kind.StepDone:
			state = tui.StepDone
		case kind.StepFailed:
			state = tui.StepFailed
		}
		k.events <- tui.StepEvent{Text: s.Text, State: state}
	})
	return k
}

// start shows the progress until the returned function is called (after
// kind is done). If the learner presses Ctrl-C, the view ends and kind's
// remaining steps are drained: kind cannot be stopped halfway safely.
func (k *kindProgress) start(ctx context.Context, title string) (wait func()) {
	if !k.interactive {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := tui.RunProgress(ctx, tui.ProgressOptions{Title: title, In: k.streams.In, Out: k.streams.Out, NoColor: k.noColor}, k.events)
		if err != nil {
			fmt.Fprintln(k.streams.Out, "kind gjør ferdig clusteret før kubekurs avslutter; slett det etterpå med `kubekurs cluster delete` om du ikke vil ha det.")
			for range k.events { // keep kind's logger from blocking
			}
		}
	}()
	return func() {
		close(k.events)
		<-done
	}
}
