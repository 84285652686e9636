package app

import (
	"context"
	"errors"

	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/grade"
	"github.com/kubekurs/kubekurs/tui/board"
)

// Messages of `kubekurs grade --watch`.
const (
	msgWatchNeedsTerminal = "--watch viser en tavle som oppdateres, og trenger en terminal. Vil du skrive karakterene til en fil eller et annet program, bruk -o (for eksempel -o csv) uten --watch."
	msgWatchOutput        = "--watch viser tavlen i terminalen og kan ikke brukes med -o; bruk -o uten --watch for å skrive karakterene ut én gang."
	msgWatchKubeconfigs   = "--watch følger ett cluster og kan ikke brukes med --kubeconfigs; velg elevene med --namespaces eller -l."
)

// checkWatchFlags refuses what --watch cannot do, before anything is
// read.
func checkWatchFlags(streams Streams, f *gradeFlags, outputSet bool) error {
	switch {
	case outputSet && f.output != "table":
		return &usageError{msg: msgWatchOutput, help: "kubekurs grade"}
	case f.kubeconfigs != "":
		return &usageError{msg: msgWatchKubeconfigs, help: "kubekurs grade"}
	case !isTerminal(streams.Out) || !isTerminal(streams.In):
		return &exitCodeError{code: exitUsage, msg: msgWatchNeedsTerminal}
	}
	return nil
}

// runGradeWatch shows the live class board until the instructor quits:
// grade.Watch follows the cluster in the background and the board shows
// what it sends.
func runGradeWatch(ctx context.Context, env Env, f *gradeFlags, cfg *rest.Config, students []grade.Student, opts grade.ClassOptions) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_, restoreLogs := quietClientLogs(env)
	defer restoreLogs()
	updates := make(chan *grade.Update)
	ended := make(chan error, 1)
	go func() {
		ended <- grade.Watch(ctx, cfg, students, grade.WatchOptions{ClassOptions: opts, Glob: f.namespaces, Selector: f.selector}, updates)
	}()
	err := board.Run(ctx, board.Options{Updates: updates, Ended: ended, NoColor: env.Getenv("NO_COLOR") != ""})
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
