package app

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/live"
	"github.com/kubekurs/kubekurs/lessons"
)

// resetTimeout bounds how long reset waits for deleted objects to be gone.
const resetTimeout = cluster.ResetTimeout

type resetFlags struct {
	clusterFlags
	lessons      string
	yes          bool
	keepProgress bool
}

func newResetCommand(streams Streams, env Env) *cobra.Command {
	f := &resetFlags{}
	cmd := &cobra.Command{
		Use:   "reset [LEKSJON]",
		Short: "Nullstill en leksjon (eller hele kurset): slett det du laget, og start på nytt",
		Long: "Sletter objektene leksjonen ba deg lage (listen «creates» i leksjonen), og\n" +
			"nullstiller fremdriften din i den. Uten LEKSJON gjelder det hele kurset.\n\n" +
			"Bare kursets egne objekter slettes: i Namespacet ditt, og clusterbrede objekter\n" +
			"(som et Namespace) bare når navnet har prefikset ditt og kurset har merket dem\n" +
			"med app.kubernetes.io/managed-by=kubekurs. Du får se listen og svare før noe slettes.",
		Example: "  kubekurs reset L03\n  kubekurs reset --yes",
		Args:    maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lesson := ""
			if len(args) == 1 {
				lesson = args[0]
			}
			return runReset(cmd.Context(), streams, env, f, lesson)
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&f.lessons, "lessons", "", "en egen leksjonsmappe i stedet for det innebygde kurset")
	cmd.Flags().BoolVarP(&f.yes, "yes", "y", false, "ikke spør før sletting")
	cmd.Flags().BoolVar(&f.keepProgress, "keep-progress", false, "behold fremdriften; slett bare objektene")
	return cmd
}

func runReset(ctx context.Context, streams Streams, env Env, f *resetFlags, lessonArg string) error {
	target, err := f.resolve(env)
	if err != nil {
		return err
	}
	provider, err := newProvider(streams, env)
	if err != nil {
		return err
	}
	if err := provider.Confirm(target); err != nil {
		return err
	}
	course, err := loadCourse(f.lessons, lessons.Vars{Namespace: target.Namespace})
	if err != nil {
		return err
	}
	chosen := course.Lessons
	if lessonArg != "" {
		l := course.Find(lessonArg)
		if l == nil {
			return &usageError{msg: fmt.Sprintf("fant ingen leksjon «%s»; velg en av %s", lessonArg, course.IDs())}
		}
		chosen = []*lessons.Lesson{l}
	}
	cleaner, err := cluster.NewCleaner(target.Config, target.Namespace)
	if err != nil {
		return &exitCodeError{code: exitUsage, msg: fmt.Sprintf("miljøfeil: får ikke kontakt med API-serveren (%s). Kjører clusteret?", target.Config.Host)}
	}
	doomed, kept, err := cleaner.Plan(ctx, live.LessonObjects(chosen...))
	if err != nil {
		return cluster.ExplainReset(err, false)
	}
	what := "hele kurset"
	if lessonArg != "" {
		what = "leksjon " + chosen[0].ID
	}
	w := streams.Out
	fmt.Fprintf(w, "Nullstiller %s i %s, Namespace «%s».\n", what, target.Description, target.Namespace)
	if len(doomed) > 0 {
		fmt.Fprintln(w, "\nDette slettes:")
		for _, o := range doomed {
			fmt.Fprintf(w, "  - %s\n", o)
		}
	} else {
		fmt.Fprintln(w, "\nIngen av objektene finnes, så ingenting slettes.")
	}
	if len(kept) > 0 {
		fmt.Fprintln(w, "\nDette beholdes:")
		for _, o := range kept {
			fmt.Fprintf(w, "  - %s: %s\n", o, o.Kept)
		}
	}
	if !f.keepProgress {
		fmt.Fprintf(w, "\nFremdriften din i %s nullstilles også.\n", what)
	}
	if len(doomed) == 0 && f.keepProgress {
		return nil
	}
	if !f.yes {
		fmt.Fprint(w, "Fortsette? [j/N] ")
		if !askYes(streams, false) {
			return &exitCodeError{code: exitError, msg: "Avbrutt; ingenting er slettet."}
		}
	}
	if err := cleaner.Delete(ctx, doomed, resetTimeout); err != nil {
		return cluster.ExplainReset(err, true)
	}
	if len(doomed) > 0 {
		fmt.Fprintf(w, "Slettet %d objekter.\n", len(doomed))
	}
	if f.keepProgress {
		return nil
	}
	store, _, err := openProgress(streams, env) // the notice is on ErrOut already
	if err != nil {
		return err
	}
	for _, l := range chosen {
		if err := store.ResetLesson(l.ID); err != nil {
			return failure("Fikk ikke nullstilt fremdriften: " + err.Error())
		}
	}
	fmt.Fprintf(w, "Fremdriften i %s er nullstilt.\n", what)
	return nil
}
