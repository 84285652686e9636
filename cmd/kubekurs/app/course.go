package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/kubekurs/kubekurs/cluster/lab"
	"github.com/kubekurs/kubekurs/lessons"
	"github.com/kubekurs/kubekurs/progress"
	"github.com/kubekurs/kubekurs/tui"
)

// defaultNamespace is the learner's Namespace in self-study.
const defaultNamespace = "kurs"

// managedByLabel marks what kubekurs created, so reset can find it.
const managedByLabel = "app.kubernetes.io/managed-by"

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
	explicit := f.kubeconfig != "" || f.context != "" || env.Getenv("KUBECONFIG") != ""
	if f.namespace == "" && !explicit {
		f.namespace = defaultNamespace
	}
	target, kind, kubeconfig, err := courseCluster(ctx, streams, env, f, explicit)
	if err != nil {
		return err
	}
	if err := ensureNamespace(ctx, target); err != nil {
		return failure(fmt.Sprintf("Fikk ikke laget Namespacet «%s»: %v", target.namespace, err))
	}
	course, err := loadCourse(f.lessons, lessons.Vars{Namespace: target.namespace})
	if err != nil {
		return err
	}
	live, err := newLiveCluster(target, kind, kubeconfig)
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
	return tui.Run(ctx, tui.Options{
		Course:      course,
		Cluster:     live,
		Progress:    progressAdapter{store},
		NoColor:     env.Getenv("NO_COLOR") != "",
		StartLesson: f.lesson,
	})
}

// courseCluster resolves the cluster for the course: the one the flags or
// $KUBECONFIG name, else the practice cluster, started in the background
// if it does not run. It returns the kubeconfig the course shell copies.
func courseCluster(ctx context.Context, streams Streams, env Env, f *courseFlags, explicit bool) (*clusterTarget, string, []byte, error) {
	if explicit {
		target, err := f.resolve(env)
		if err != nil {
			return nil, "", nil, err
		}
		if err := confirmContext(streams, env, target.context, target.config.Host, target.namespace); err != nil {
			return nil, "", nil, err
		}
		kubeconfig, err := minifiedKubeconfig(env, &f.clusterFlags)
		if err != nil {
			return nil, "", nil, failure("Kan ikke bruke kubeconfig: " + err.Error())
		}
		return target, "kubeconfig", kubeconfig, nil
	}
	dataDir, err := lab.DefaultDataDir(env.Getenv)
	if err != nil {
		return nil, "", nil, failure("Fant verken $HOME eller $XDG_DATA_HOME, så øvingsclusteret har ingen plass til data.")
	}
	if running, _ := lab.IsRunning(dataDir); !running {
		fmt.Fprintln(streams.Out, "Du har ikke valgt noe cluster, så kurset bruker det innebygde øvingsclusteret. Starter det …")
		binDir, err := lab.DefaultBinDir(env.Getenv)
		if err != nil {
			return nil, "", nil, failure("Fant ikke øvingsclusterets programfiler. Bruk --kubeconfig/--context for et annet cluster.")
		}
		l := &lab.Lab{DataDir: dataDir, BinDir: binDir}
		sf := &labStartFlags{workers: lab.DefaultWorkers, timeout: lab.DefaultStartTimeout}
		if err := startLabBackground(ctx, streams, env, l, sf); err != nil {
			return nil, "", nil, err
		}
	}
	target, err := f.labTarget(env)
	if err != nil {
		return nil, "", nil, failure(msgNoCluster)
	}
	kubeconfig, err := os.ReadFile(filepath.Join(dataDir, "kubeconfig", "admin.kubeconfig"))
	if err != nil {
		return nil, "", nil, fmt.Errorf("read practice cluster kubeconfig: %w", err)
	}
	target.source = lab.ContextName
	return target, "lab", kubeconfig, nil
}

// minifiedKubeconfig is the chosen context of the kubeconfig the flags
// name, with credentials inlined, for the course shell's copy.
func minifiedKubeconfig(env Env, f *clusterFlags) ([]byte, error) {
	rules := &clientcmd.ClientConfigLoadingRules{ExplicitPath: f.kubeconfig, Precedence: filepath.SplitList(env.Getenv("KUBECONFIG"))}
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: f.context})
	raw, err := loader.RawConfig()
	if err != nil {
		return nil, err
	}
	if f.context != "" {
		raw.CurrentContext = f.context
	}
	if err := clientcmdapi.MinifyConfig(&raw); err != nil {
		return nil, err
	}
	if err := clientcmdapi.FlattenConfig(&raw); err != nil {
		return nil, err
	}
	return clientcmd.Write(raw)
}

// ensureNamespace creates the learner's Namespace, labelled as made by
// kubekurs, unless it exists.
func ensureNamespace(ctx context.Context, target *clusterTarget) error {
	client, err := kubernetes.NewForConfig(target.config)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err = client.CoreV1().Namespaces().Get(ctx, target.namespace, metav1.GetOptions{})
	if err == nil || !apierrors.IsNotFound(err) {
		return err
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: target.namespace, Labels: map[string]string{managedByLabel: "kubekurs"}}}
	if _, err := client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	return nil
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

// isTerminal reports whether v is a terminal file.
func isTerminal(v any) bool {
	f, ok := v.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}
