package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/kind"
	"github.com/kubekurs/kubekurs/cluster/lab"
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

// runCourse opens the course in the TUI: it picks the cluster (starting
// the practice cluster when nothing else was chosen), makes sure the
// learner's Namespace exists, and hands everything to the TUI.
func runCourse(cmd *cobra.Command, streams Streams, env Env, f *courseFlags) error {
	ctx := cmd.Context()
	if !isTerminal(streams.Out) || !isTerminal(streams.In) {
		return &exitCodeError{code: exitUsage, msg: "kubekurs trenger en terminal for å vise kurset.\n" +
			"I skript og CI: bruk `kubekurs check LEKSJON` (se `kubekurs check --help`)."}
	}
	target, err := courseCluster(ctx, streams, env, f)
	if err != nil {
		return err
	}
	if err := ensureNamespace(ctx, target); err != nil {
		return err
	}
	course, err := loadCourse(f.lessons, lessons.Vars{Namespace: target.Namespace})
	if err != nil {
		return err
	}
	live, err := newLiveCluster(target)
	if err != nil {
		return err
	}
	store, err := openProgress(streams, env)
	if err != nil {
		return err
	}
	if f.tmux {
		closePane, err := splitTmuxShell(env, live)
		if err != nil {
			return err
		}
		defer closePane()
	}
	_, restoreLogs := quietClientLogs(env)
	defer restoreLogs()
	return tui.Run(ctx, tui.Options{
		Course:      course,
		Cluster:     live,
		Progress:    progressAdapter{store},
		NoColor:     env.Getenv("NO_COLOR") != "",
		StartLesson: f.lesson,
	})
}

// courseCluster picks the cluster for the course: the one the flags or
// $KUBECONFIG name (confirmed the first time); else what cluster.Decide
// says — the remembered choice, the kind cluster, an offer to create it,
// or the practice cluster, started in the background if it does not run.
func courseCluster(ctx context.Context, streams Streams, env Env, f *courseFlags) (*cluster.Target, error) {
	settings, err := openSettings(&streams, env)
	if err != nil {
		return nil, err
	}
	if f.explicit(env) {
		t, err := f.fromKubeconfig(env, cluster.KubeconfigFlags{Kubeconfig: f.kubeconfig, Context: f.context, Namespace: f.namespace})
		if err != nil {
			return nil, err
		}
		if err := confirmContext(streams, settings, t); err != nil {
			return nil, err
		}
		if (f.kubeconfig != "" || f.context != "") && env.Getenv("KUBEKURS_SHELL") == "" {
			if err := settings.SetChoice(f.kubeconfigChoice(env, t)); err != nil {
				return nil, failure("Fikk ikke lagret valget av cluster: " + err.Error())
			}
		}
		return t, nil
	}
	d, err := cluster.Decide(settings.Choice(), kindExists)
	var unavailable *cluster.UnavailableError
	if errors.As(err, &unavailable) {
		return nil, failure(unavailable.Message())
	}
	if err != nil {
		return nil, err
	}
	if d.Why != "" && (settings.Choice() == nil || d.OfferKind) {
		fmt.Fprintln(streams.Out, d.Why)
	}
	if d.OfferKind {
		fmt.Fprintf(streams.Out, "Lage kind-clusteret «%s» nå? [J/n] ", d.Choice.Name)
		if askYes(streams, true) {
			if _, err := ensureKindCluster(ctx, streams, env, d.Choice.Name, kindWorkers); err != nil {
				return nil, err
			}
		} else {
			fmt.Fprintln(streams.Out, "Da bruker kurset øvingsclusteret. Bytt senere med `kubekurs cluster use kind`.")
			d.Choice = cluster.Choice{Kind: cluster.KindLab}
		}
	}
	if d.Remember {
		if err := settings.SetChoice(&d.Choice); err != nil {
			return nil, failure("Fikk ikke lagret valget av cluster: " + err.Error())
		}
	}
	t, err := decidedTarget(ctx, streams, env, f, settings, d.Choice)
	if err != nil {
		return nil, err
	}
	t.Why = d.Why
	return t, nil
}

// decidedTarget connects to the cluster Decide chose: starting the
// practice cluster, or fetching the kind cluster's kubeconfig, as needed.
func decidedTarget(ctx context.Context, streams Streams, env Env, f *courseFlags, settings *cluster.Settings, choice cluster.Choice) (*cluster.Target, error) {
	switch choice.Kind {
	case cluster.KindLab:
		return courseLab(ctx, streams, env, f)
	case cluster.KindKind:
		if path, err := kindKubeconfigPath(env, choice.Name); err == nil {
			if _, err := os.Stat(path); err != nil {
				if _, err := ensureKindCluster(ctx, streams, env, choice.Name, kindWorkers); err != nil {
					return nil, err
				}
			}
		}
		return f.kindTarget(env, choice.Name)
	}
	t, err := f.fromChoice(env, choice)
	if err != nil {
		return nil, err
	}
	if err := confirmContext(streams, settings, t); err != nil {
		return nil, err
	}
	return t, nil
}

// kindWorkers is the number of workers of the kind cluster the course
// offers to create.
const kindWorkers = 2

// kindProbeTimeout bounds how long the course waits for Docker when it
// looks for a kind cluster; a hung daemon must not keep it from starting.
const kindProbeTimeout = 5 * time.Second

// kindExists asks kind, without printing anything, whether the named
// cluster exists.
func kindExists(name string) (bool, error) {
	p, err := kind.NewProvider(nil)
	if err != nil {
		return false, err
	}
	return p.ExistsWithin(name, kindProbeTimeout)
}

// courseLab is the practice cluster, started in the background if it
// does not run.
func courseLab(ctx context.Context, streams Streams, env Env, f *courseFlags) (*cluster.Target, error) {
	dataDir, err := lab.DefaultDataDir(env.Getenv)
	if err != nil {
		return nil, failure("Fant verken $HOME eller $XDG_DATA_HOME, så øvingsclusteret har ingen plass til data.")
	}
	if running, _ := lab.IsRunning(dataDir); !running {
		fmt.Fprintln(streams.Out, "Starter øvingsclusteret …")
		binDir, err := lab.DefaultBinDir(env.Getenv)
		if err != nil {
			return nil, failure("Fant ikke øvingsclusterets programfiler. Bruk --kubeconfig/--context for et annet cluster.")
		}
		l := &lab.Lab{DataDir: dataDir, BinDir: binDir}
		if err := startLabBackground(ctx, streams, env, l); err != nil {
			return nil, err
		}
	}
	t, err := f.labTarget(env)
	if err != nil {
		return nil, failure(msgNoCluster)
	}
	return t, nil
}

// ensureNamespace creates the learner's Namespace, labelled as made by
// kubekurs, unless it exists. A classroom account that may not read
// Namespaces is trusted to have been given one; one that may not create
// the missing Namespace is told what to ask for. Its errors are for the
// learner.
func ensureNamespace(ctx context.Context, target *cluster.Target) error {
	client, err := kubernetes.NewForConfig(target.Config)
	if err != nil {
		return fmt.Errorf("create client: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err = client.CoreV1().Namespaces().Get(ctx, target.Namespace, metav1.GetOptions{})
	switch {
	case err == nil, apierrors.IsForbidden(err):
		return nil
	case !apierrors.IsNotFound(err):
		return &exitCodeError{code: exitUsage, msg: fmt.Sprintf("miljøfeil: får ikke kontakt med API-serveren (%s): %v", target.Config.Host, err)}
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: target.Namespace, Labels: map[string]string{cluster.ManagedByLabel: cluster.ManagedBy}}}
	_, err = client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
	switch {
	case err == nil, apierrors.IsAlreadyExists(err):
		return nil
	case apierrors.IsForbidden(err):
		return failure(fmt.Sprintf("Namespacet «%s» finnes ikke, og du har ikke lov til å lage det (create namespaces).\n"+
			"Be den som drifter clusteret om å lage det til deg, eller velg Namespacet du har fått med -n.", target.Namespace))
	}
	return failure(fmt.Sprintf("Fikk ikke laget Namespacet «%s»: %v", target.Namespace, err))
}

func openProgress(streams Streams, env Env) (*progress.Store, error) {
	path, err := progress.DefaultPath(env.Getenv)
	if err != nil {
		return nil, failure("Fant ingen plass til fremdriftsfilen: sett HOME eller KUBEKURS_PROGRESS.")
	}
	store, err := progress.Open(path, time.Now)
	var corrupt *progress.CorruptError
	if errors.As(err, &corrupt) {
		fmt.Fprintln(streams.ErrOut, corrupt.Message())
		return store, nil
	}
	if err != nil {
		return nil, failure("Fremdriftsfilen kan ikke leses: " + err.Error())
	}
	return store, nil
}

// progressAdapter shows a progress.Store to the TUI.
type progressAdapter struct{ store *progress.Store }

func (p progressAdapter) Load() (tui.State, error) {
	f := p.store.Snapshot()
	st := tui.State{Done: map[string][]int{}, LessonID: f.Position.Lesson, Step: f.Position.Step}
	for id := range f.Lessons {
		st.Done[id] = p.store.DoneSteps(id)
	}
	return st, nil
}

func (p progressAdapter) StepDone(lessonID string, step int, withSolution bool) error {
	return p.store.StepDone(lessonID, step, withSolution)
}

func (p progressAdapter) QuizAnswered(lessonID string, step int, answer string, correct bool) error {
	return p.store.QuizAnswered(lessonID, step, answer, correct)
}

func (p progressAdapter) SetPosition(lessonID string, step int) error {
	return p.store.SetPosition(lessonID, step)
}

func (p progressAdapter) ResetLesson(lessonID string) error {
	return p.store.ResetLesson(lessonID)
}

// isTerminal reports whether v is a terminal file.
func isTerminal(v any) bool {
	f, ok := v.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}
