package app

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/live"
	"github.com/kubekurs/kubekurs/lessons"
	"github.com/kubekurs/kubekurs/progress"
	"github.com/kubekurs/kubekurs/tui"
)

type courseFlags struct {
	clusterFlags
	lessons string
	lesson  string
	tmux    bool
}

// runCourse opens the course in the TUI: it picks the cluster and makes
// it ready (cluster.Provider.Course), makes sure the learner's Namespace
// exists, and hands everything to the TUI.
func runCourse(cmd *cobra.Command, streams Streams, env Env, f *courseFlags) error {
	ctx := cmd.Context()
	if !isTerminal(streams.Out) || !isTerminal(streams.In) {
		return &exitCodeError{code: exitUsage, msg: "kubekurs trenger en terminal for å vise kurset.\n" +
			"I skript og CI: bruk `kubekurs check LEKSJON` (se `kubekurs check --help`)."}
	}
	provider, err := newProvider(streams, env)
	if err != nil {
		return err
	}
	target, err := provider.Course(ctx, f.kubeconfigFlags())
	if err != nil {
		return err
	}
	if err := cluster.EnsureNamespace(ctx, target); err != nil {
		return err
	}
	course, err := loadCourse(f.lessons, lessons.Vars{Namespace: target.Namespace})
	if err != nil {
		return err
	}
	lc, err := live.New(target)
	if err != nil {
		return err
	}
	store, notice, err := openProgress(streams, env)
	if err != nil {
		return err
	}
	mirror, err := progressMirror(target, store)
	if err != nil {
		return err
	}
	if f.tmux {
		closePane, err := splitTmuxShell(ctx, env, lc)
		if err != nil {
			return err
		}
		defer closePane()
	}
	_, restoreLogs := quietClientLogs(env)
	defer restoreLogs()
	return tui.Run(ctx, tui.Options{
		Course:      course,
		Cluster:     lc,
		Progress:    tui.StoreProgress(store),
		Mirror:      mirror,
		NoColor:     env.Getenv("NO_COLOR") != "",
		StartLesson: f.lesson,
		Notice:      notice,
	})
}

// openProgress opens the learner's progress file. When it was corrupt and
// set aside, notice explains that for the start screen (and the same
// words go to ErrOut, where they are read after the TUI ends).
func openProgress(streams Streams, env Env) (_ *progress.Store, notice string, _ error) {
	path, err := progress.DefaultPath(env.Getenv)
	if err != nil {
		return nil, "", failure("Fant ingen plass til fremdriftsfilen: sett HOME eller KUBEKURS_PROGRESS.")
	}
	store, err := progress.Open(path, time.Now)
	var corrupt *progress.CorruptError
	if errors.As(err, &corrupt) {
		fmt.Fprintln(streams.ErrOut, corrupt.Message())
		return store, corrupt.Message(), nil
	}
	var locked *progress.LockedError
	if errors.As(err, &locked) {
		return nil, "", failure(locked.Message())
	}
	if err != nil {
		return nil, "", failure("Fremdriftsfilen kan ikke leses: " + err.Error())
	}
	return store, "", nil
}

// progressMirror copies the progress into the ConfigMap the instructor
// reads, in the course's Namespace.
func progressMirror(target *cluster.Target, store *progress.Store) (*progress.Mirror, error) {
	client, err := kubernetes.NewForConfig(target.Config)
	if err != nil {
		return nil, fmt.Errorf("progress mirror: %w", err)
	}
	return progress.NewMirror(client, target.Namespace, store), nil
}

// isTerminal reports whether v is a terminal file.
func isTerminal(v any) bool {
	f, ok := v.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}
