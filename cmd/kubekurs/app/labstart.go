package app

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/cluster/lab"
)

type labStartFlags struct {
	foreground bool
	workers    int
	port       int
	timeout    time.Duration
	noFsync    bool
	// child is set on the background process that lab.StartDetached
	// starts: it prints progress for the parent to echo, not instructions.
	child bool
}

// lab is the practice cluster the flags describe.
func (sf *labStartFlags) lab(dataDir, binDir string) *lab.Lab {
	l := &lab.Lab{
		DataDir:       dataDir,
		BinDir:        binDir,
		Workers:       sf.workers,
		Ports:         lab.Ports{APIServer: sf.port},
		StartTimeout:  sf.timeout,
		UnsafeNoFsync: sf.noFsync,
	}
	if sf.workers == 0 {
		l.Workers = -1
	}
	return l
}

func newLabStartCommand(streams Streams, env Env, flags *labFlags) *cobra.Command {
	sf := &labStartFlags{}
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Start øvingsclusteret i bakgrunnen",
		Long: "Starter øvingsclusteret og returnerer når det er klart. Clusteret fortsetter\n" +
			"å kjøre i bakgrunnen til du stopper det med `kubekurs lab stop`.\n" +
			"Med --foreground kjører det i forgrunnen til du trykker Ctrl-C.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dataDir, err := flags.resolveDataDir(env)
			if err != nil {
				return err
			}
			binDir, err := flags.resolveBinDir(env)
			if err != nil {
				return err
			}
			l := sf.lab(dataDir, binDir)
			if sf.foreground {
				return runLabForeground(cmd.Context(), streams, l, !sf.child)
			}
			return startLabBackground(cmd.Context(), streams, env, l)
		},
	}
	cmd.Flags().BoolVar(&sf.foreground, "foreground", false, "kjør i forgrunnen til Ctrl-C i stedet for i bakgrunnen")
	cmd.Flags().IntVar(&sf.workers, "workers", lab.DefaultWorkers, "antall simulerte worker-noder")
	cmd.Flags().IntVar(&sf.port, "port", 0, "porten API-serveren skal lytte på, på 127.0.0.1 (standard: samme som sist, ellers en ledig)")
	cmd.Flags().DurationVar(&sf.timeout, "timeout", lab.DefaultStartTimeout, "hvor lenge oppstarten kan ta")
	cmd.Flags().BoolVar(&sf.noFsync, "unsafe-no-fsync", false, "la etcd droppe fsync (raskere, men data kan gå tapt ved krasj; for tester)")
	_ = cmd.Flags().MarkHidden("unsafe-no-fsync")
	cmd.Flags().BoolVar(&sf.child, "background-child", false, "")
	_ = cmd.Flags().MarkHidden("background-child")
	return cmd
}

// runLabForeground starts the cluster in this process and keeps it, with
// crashed components restarted, until ctx ends (Ctrl-C, or SIGTERM from
// `lab stop`) or a component keeps crashing. interactive adds the
// instructions a person at the terminal needs.
func runLabForeground(ctx context.Context, streams Streams, l *lab.Lab, interactive bool) error {
	l.Progress = func(step string) {
		fmt.Fprintf(streams.Out, "%s • %s\n", time.Now().Format("15:04:05"), step)
	}
	if _, err := l.Start(ctx); err != nil {
		return failure(lab.Message(err))
	}
	if interactive {
		fmt.Fprint(streams.Out, lab.HowToUse(l.DataDir))
		fmt.Fprintln(streams.Out, "Trykk Ctrl-C for å stoppe.")
	}
	crash := l.Supervise(ctx)
	fmt.Fprintln(streams.Out, "Stopper øvingsclusteret …")
	stopErr := l.Stop()
	if crash != nil {
		return failure(lab.Message(crash))
	}
	if stopErr != nil {
		return failure("Øvingsclusteret ble ikke stoppet helt rent: " + stopErr.Error())
	}
	fmt.Fprintln(streams.Out, "Øvingsclusteret er stoppet.")
	return nil
}

// startLabBackground starts the cluster in a detached process (see
// lab.StartDetached), echoes its progress, and returns once it is ready.
func startLabBackground(ctx context.Context, streams Streams, env Env, l *lab.Lab) error {
	exe, err := env.Executable()
	if err != nil {
		return fmt.Errorf("find kubekurs binary: %w", err)
	}
	st, err := lab.StartDetached(ctx, l, lab.DetachedOptions{Executable: exe, Out: streams.Out})
	if err != nil {
		return failure(lab.Message(err))
	}
	fmt.Fprint(streams.Out, lab.HowToUse(l.DataDir)+lab.RunsInBackground(st.PID))
	return nil
}
