package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/lessons"
	"github.com/kubekurs/kubekurs/lessons/packtest"
)

type lessonsTestFlags struct {
	kubeconfig, context string
	lesson              string
	step                int
	output              string
	yes                 bool
}

func newLessonsTestCommand(streams Streams, env Env) *cobra.Command {
	f := &lessonsTestFlags{}
	cmd := &cobra.Command{
		Use:   "test [KATALOG]",
		Short: "Bevis at leksjonene kan løses: løsninger og feilforsøk mot et ekte cluster",
		Long: "Prøver hvert steg i et eget, nytt Namespace på øvingsclusteret (eller clusteret\n" +
			"--kubeconfig/--context peker på, etter at du har sagt ja, hver gang):\n" +
			"  1. sjekkene skal ikke bestå før løsningen (unntatt steg med observeOnly),\n" +
			"  2. løsningen kjøres med den innebygde kubectl,\n" +
			"  3. sjekkene skal bestå innen stegets ventetid (settle),\n" +
			"  4. hvert feilforsøk (```wrong) skal gi det kriteriet og hintet blokken sier.\n" +
			"Til slutt slettes Namespacene testen laget, og bare de.\n\n" +
			"Uten KATALOG prøves de innebygde leksjonene. Steg som trenger noe clusteret\n" +
			"mangler, hoppes over med en forklaring. Leksjonene sjekkes først som med\n" +
			"`kubekurs lessons validate`.\n\n" +
			"Avslutningskode: 0 når alt består, 1 når et steg eller feilforsøk feiler,\n" +
			"2 ved ugyldige leksjoner, miljøfeil eller feil bruk.\n\n" +
			"Slik skriver du leksjoner: `kubekurs lessons guide`.",
		Example: "  kubekurs lessons test\n  kubekurs lessons test ./mine-leksjoner --lesson L01 --step 2\n  kubekurs lessons test ./mine-leksjoner -o json",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return &usageError{msg: "oppgi høyst én katalog", help: "kubekurs lessons test"}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := ""
			if len(args) == 1 {
				dir = args[0]
			}
			return runLessonsTest(cmd, streams, env, f, dir)
		},
	}
	cmd.Flags().StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig-filen til et annet cluster enn øvingsclusteret (som for kubectl)")
	cmd.Flags().StringVar(&f.context, "context", "", "konteksten i kubeconfig som skal brukes (som for kubectl)")
	cmd.Flags().StringVar(&f.lesson, "lesson", "", "prøv bare leksjonen med denne id-en, for eksempel L04")
	cmd.Flags().IntVar(&f.step, "step", 0, "prøv bare dette steget i leksjonen (1 er det første); stegene før forberedes med løsningene sine")
	cmd.Flags().StringVarP(&f.output, "output", "o", "text", "utformat: text eller json")
	cmd.Flags().BoolVar(&f.yes, "yes", false, "ikke spør før et cluster --kubeconfig/--context peker på, brukes (for skript og CI)")
	return cmd
}

func runLessonsTest(cmd *cobra.Command, streams Streams, env Env, f *lessonsTestFlags, dir string) error {
	switch {
	case f.output != "text" && f.output != "json":
		return &usageError{msg: "--output må være text eller json", help: "kubekurs lessons test"}
	case f.step < 0:
		return &usageError{msg: "--step må være 1 eller mer", help: "kubekurs lessons test"}
	case f.step > 0 && f.lesson == "":
		return &usageError{msg: "--step trenger --lesson", help: "kubekurs lessons test"}
	}
	fsys, name, err := lessonPack(dir)
	if err != nil {
		return err
	}
	if err := validatePack(streams, fsys, name); err != nil {
		var ee *exitCodeError
		if errors.As(err, &ee) {
			ee.code = exitUsage // an invalid pack cannot be tested
		}
		return err
	}
	provider, err := newProvider(streams, env)
	if err != nil {
		return err
	}
	target, err := provider.Proving(cmd.Context(), cluster.KubeconfigFlags{Kubeconfig: f.kubeconfig, Context: f.context}, f.yes)
	if err != nil {
		return environmentError(err)
	}
	exe, err := env.Executable()
	if err != nil {
		return fmt.Errorf("find kubekurs binary: %w", err)
	}
	_, restoreLogs := quietClientLogs(env)
	defer restoreLogs()
	opts := packtest.Options{
		Pack: fsys, Dir: name, Lesson: f.lesson, Step: f.step, Target: target,
		Kubectl: packtest.Executable(exe, os.Environ()),
	}
	printer := packtest.NewPrinter(streams.Out)
	if f.output == "text" {
		fmt.Fprintf(streams.Out, "Prøver %s på %s.\n", name, target.Description)
		opts.Progress = printer.Print
	}
	report, err := packtest.Run(cmd.Context(), opts)
	if errors.Is(err, context.Canceled) {
		return &exitCodeError{code: exitUsage, msg: "Avbrutt. Namespacene testen laget, blir slettet."}
	}
	if errors.Is(err, packtest.ErrNotFound) {
		return &exitCodeError{code: exitUsage, msg: sentence(err.Error())}
	}
	if err != nil {
		return environmentError(err)
	}
	if f.output == "json" {
		if err := packtest.WriteJSON(streams.Out, report); err != nil {
			return err
		}
	} else {
		printer.Summary(report)
	}
	if !report.OK() {
		return &exitCodeError{code: exitError}
	}
	return nil
}

// environmentError is err as exit code 2: the cluster, not the pack.
func environmentError(err error) error {
	var xe *cluster.ExplainedError
	if errors.As(err, &xe) {
		return &exitCodeError{code: exitUsage, msg: xe.Message}
	}
	return &exitCodeError{code: exitUsage, msg: "Feil: " + err.Error()}
}

// sentence is a Norwegian message as a sentence: capital first letter,
// full stop.
func sentence(msg string) string {
	r, size := utf8.DecodeRuneInString(msg)
	return string(unicode.ToUpper(r)) + strings.TrimSuffix(msg[size:], ".") + "."
}

// lessonPack is the pack in dir, or the embedded course when dir is "".
func lessonPack(dir string) (fs.FS, string, error) {
	if dir == "" {
		return lessons.Embedded(), "lessons/course", nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, "", &exitCodeError{code: exitUsage, msg: fmt.Sprintf("Finner ikke katalogen «%s».", dir)}
	}
	return os.DirFS(dir), dir, nil
}
