// Package app is the kubekurs command line: it wires the cluster, lessons
// and TUI packages into cobra commands. Main is the only function in the
// program that exits; Run is what tests call.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/cluster"
)

// Exit codes of kubekurs.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// Streams are the standard streams a command reads and writes.
type Streams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
}

// Env is what the program reads from its environment, injected so tests
// can run commands without touching the real one.
type Env struct {
	// Getenv looks up an environment variable.
	Getenv func(string) string
	// Executable is the path of the running kubekurs binary.
	Executable func() (string, error)
}

// OSEnv is the real process environment.
func OSEnv() Env {
	return Env{Getenv: os.Getenv, Executable: os.Executable}
}

// Main runs kubekurs with the process's arguments and streams and exits.
func Main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	streams := Streams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	err := Run(ctx, streams, OSEnv(), os.Args[1:])
	stop()
	os.Exit(report(streams.ErrOut, err))
}

// Run executes one kubekurs command line.
func Run(ctx context.Context, streams Streams, env Env, args []string) error {
	root := newRootCommand(streams, env)
	root.SetArgs(args)
	return root.ExecuteContext(ctx)
}

// report prints err for the user and returns the exit code.
func report(w io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		help := ue.help
		if help == "" {
			help = "kubekurs"
		}
		fmt.Fprintf(w, "Feil: %s\nSe `%s --help`.\n", ue.msg, help)
		return exitUsage
	}
	var ee *exitCodeError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(w, ee.msg)
		}
		return ee.code
	}
	var xe *cluster.ExplainedError
	if errors.As(err, &xe) {
		fmt.Fprintln(w, xe.Message)
		if xe.Environment {
			return exitUsage
		}
		return exitError
	}
	fmt.Fprintf(w, "Feil: %v\n", err)
	return exitError
}

// usageError is a command line that could not be understood.
type usageError struct {
	msg string
	// help is the command whose --help the user is pointed to
	// (default "kubekurs").
	help string
}

func (e *usageError) Error() string { return e.msg }

// exitCodeError carries an already translated message and an exit code.
type exitCodeError struct {
	code int
	msg  string
}

func (e *exitCodeError) Error() string { return e.msg }

// failure returns an error that report prints as msg with exit code 1.
func failure(msg string) error { return &exitCodeError{code: exitError, msg: msg} }

func newRootCommand(streams Streams, env Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "kubekurs",
		Short: "Interaktivt Kubernetes-kurs i terminalen",
		Long: "kubekurs er et interaktivt kurs i Kubernetes, på norsk.\n\n" +
			"Du leser en leksjon, gjør steget i et skall med kubectl, og kubekurs sjekker\n" +
			"arbeidet ditt mot clusteret. Har du verken Docker eller et eget cluster,\n" +
			"bruker kurset det innebygde øvingsclusteret (`kubekurs lab`).",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	localize(root)
	course := &courseFlags{}
	course.register(root)
	root.Flags().StringVar(&course.lessons, "lessons", "", "katalog med egne leksjoner i stedet for de innebygde")
	root.Flags().StringVar(&course.lesson, "lesson", "", "åpne denne leksjonen direkte, for eksempel L04")
	root.Flags().BoolVar(&course.tmux, "tmux", false, "inne i tmux: del vinduet, med kurset på én side og kursskallet på den andre")
	root.RunE = func(cmd *cobra.Command, _ []string) error { return runCourse(cmd, streams, env, course) }
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	root.AddCommand(
		newCheckCommand(streams, env),
		newLessonsCommand(streams, env),
		newLabCommand(streams, env),
		newClusterCommand(streams, env),
		newResetCommand(streams, env),
		newKubectlCommand(streams, env),
		newClassCommand(streams, env),
		newGradeCommand(streams, env),
	)
	return root
}
