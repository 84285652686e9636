package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/cluster/lab"
)

// supervisorLog is the log, in the data directory's logs/, of the
// background process that owns a cluster started with `lab start`.
const supervisorLog = "kubekurs-lab.log"

type labStartFlags struct {
	foreground bool
	workers    int
	port       int
	timeout    time.Duration
	noFsync    bool
	// child is set on the background process that startLabBackground
	// starts: it prints progress for the parent to echo, not instructions.
	child bool
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
			if sf.foreground {
				return runLabForeground(cmd.Context(), streams, l, !sf.child)
			}
			return startLabBackground(cmd.Context(), streams, env, l, sf)
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
		printReady(streams.Out, l.DataDir)
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

// startLabBackground starts `kubekurs lab start --foreground` as a
// detached process, echoes its progress, and returns once the cluster is
// ready (or the process failed, with its message).
func startLabBackground(ctx context.Context, streams Streams, env Env, l *lab.Lab, sf *labStartFlags) error {
	if err := l.CheckBinaries(); err != nil {
		return failure(lab.Message(err))
	}
	if running, pid := lab.IsRunning(l.DataDir); running {
		return failure(fmt.Sprintf("Øvingsclusteret kjører allerede (prosess %d). Se `kubekurs lab status`, eller stopp det med `kubekurs lab stop`.", pid))
	}
	exe, err := env.Executable()
	if err != nil {
		return fmt.Errorf("find kubekurs binary: %w", err)
	}
	logDir := filepath.Join(l.DataDir, "logs")
	if err := os.MkdirAll(logDir, 0o700); err != nil {
		return fmt.Errorf("create log directory: %w", err)
	}
	logPath := filepath.Join(logDir, supervisorLog)
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("open %s: %w", logPath, err)
	}
	defer logFile.Close()
	args := []string{"lab", "start", "--foreground", "--background-child",
		"--data-dir", l.DataDir, "--bin-dir", l.BinDir,
		"--workers", strconv.Itoa(sf.workers),
		"--port", strconv.Itoa(sf.port),
		"--timeout", sf.timeout.String(),
	}
	if sf.noFsync {
		args = append(args, "--unsafe-no-fsync")
	}
	child := exec.Command(exe, args...)
	child.Stdout, child.Stderr = logFile, logFile
	child.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := child.Start(); err != nil {
		return fmt.Errorf("start background process: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()

	follow := &logFollower{path: logPath, out: streams.Out}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-exited:
			follow.flush()
			return &exitCodeError{code: exitError, msg: "Øvingsclusteret startet ikke. Se loggen over, og hele loggen i " + logPath + "."}
		case <-ctx.Done():
			_ = child.Process.Signal(syscall.SIGTERM)
			<-exited
			follow.flush()
			return failure("Avbrutt; øvingsclusteret er stoppet.")
		case <-tick.C:
			follow.flush()
			st, err := lab.ReadState(l.DataDir)
			if err == nil && st.Ready && st.PID == child.Process.Pid {
				printReady(streams.Out, l.DataDir)
				fmt.Fprintf(streams.Out, "\nØvingsclusteret kjører i bakgrunnen (prosess %d). Stopp det med `kubekurs lab stop`.\n", st.PID)
				return nil
			}
		}
	}
}

// printReady tells the learner how to use the cluster.
func printReady(w io.Writer, dataDir string) {
	kc := lab.AdminKubeconfigPath(dataDir)
	fmt.Fprintf(w, "\nSlik bruker du øvingsclusteret med kubectl:\n  export KUBECONFIG=%s\n  kubectl get nodes\n", kc)
}

// logFollower echoes what has been appended to a file since last time.
type logFollower struct {
	path   string
	out    io.Writer
	offset int64
}

func (f *logFollower) flush() {
	file, err := os.Open(f.path)
	if err != nil {
		return
	}
	defer file.Close()
	if _, err := file.Seek(f.offset, io.SeekStart); err != nil {
		return
	}
	n, err := io.Copy(f.out, file)
	f.offset += n
	if err != nil && !errors.Is(err, io.EOF) {
		return
	}
}
