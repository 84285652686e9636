package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/grade"
	"github.com/kubekurs/kubekurs/lessons"
)

type checkFlags struct {
	clusterFlags
	step    int
	output  string
	wait    waitFlag
	lessons string
}

func newCheckCommand(streams Streams, env Env) *cobra.Command {
	f := &checkFlags{}
	cmd := &cobra.Command{
		Use:   "check LEKSJON",
		Short: "Sjekk arbeidet ditt i en leksjon mot clusteret (uten skjermbilde)",
		Long: "Kjører sjekkene for en leksjon (eller ett steg med --step) mot clusteret og skriver\n" +
			"ut hvert kriterium med ✓ eller ✗. Passer for skript, CI og lærere.\n\n" +
			"Avslutningskode: 0 når alt er bestått, 1 når arbeidet ikke er riktig ennå,\n" +
			"2 ved miljøfeil, manglende tilgang eller feil bruk.",
		Example: "  kubekurs check L04 --step 2\n  kubekurs check L04 -n elev-kari -o json",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &usageError{msg: "oppgi én leksjon, for eksempel `kubekurs check L04`"}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd.Context(), streams, env, f, args[0])
		},
	}
	f.register(cmd)
	cmd.Flags().IntVar(&f.step, "step", 0, "sjekk bare dette steget (1 er det første)")
	cmd.Flags().StringVarP(&f.output, "output", "o", "text", "utformat: text eller json")
	cmd.Flags().Var(&f.wait, "wait", "hvor lenge sjekkene prøves på nytt før de gir opp (standard: stegets egen ventetid)")
	cmd.Flags().StringVar(&f.lessons, "lessons", "", "katalog med egne leksjoner i stedet for de innebygde")
	return cmd
}

func runCheck(ctx context.Context, streams Streams, env Env, f *checkFlags, lessonArg string) error {
	if f.output != "text" && f.output != "json" {
		return &usageError{msg: "--output må være text eller json"}
	}
	target, err := f.resolve(env)
	if err != nil {
		return err
	}
	course, err := loadCourse(f.lessons, lessons.Vars{Namespace: target.Namespace})
	if err != nil {
		return err
	}
	lesson := course.Find(lessonArg)
	if lesson == nil {
		return &usageError{msg: fmt.Sprintf("fant ingen leksjon «%s»; velg en av %s", lessonArg, course.IDs())}
	}
	steps := lesson.Steps
	first := 1
	if f.step != 0 {
		if f.step < 1 || f.step > len(lesson.Steps) {
			return &usageError{msg: fmt.Sprintf("leksjon %s har steg 1 til %d", lesson.ID, len(lesson.Steps))}
		}
		steps, first = lesson.Steps[f.step-1:f.step], f.step
	}
	report, err := grade.Run(ctx, target, lesson, steps, grade.Options{First: first, Settle: f.wait.d, SettleSet: f.wait.set})
	if err != nil {
		return err
	}
	if f.output == "json" {
		enc := json.NewEncoder(streams.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			return err
		}
	} else {
		printCheckReport(streams.Out, lesson, report)
	}
	return &exitCodeError{code: checkExitCode(report)}
}

// checkExitCode is 0 when everything passed, 2 when any criterion could not
// be judged (miljøfeil, mangler tilgang), else 1.
func checkExitCode(r grade.Report) int {
	code := exitOK
	for _, s := range r.Steps {
		for _, res := range s.Results {
			switch res.Status {
			case checks.EnvError, checks.Forbidden:
				return exitUsage
			case checks.Failed:
				code = exitError
			}
		}
	}
	return code
}

// loadCourse loads the embedded course, or the one in dir.
func loadCourse(dir string, vars lessons.Vars) (*lessons.Course, error) {
	var fsys fs.FS = lessons.Embedded()
	name := "lessons/course"
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, &exitCodeError{code: exitUsage, msg: fmt.Sprintf("Finner ikke leksjonskatalogen «%s».", dir)}
		}
		fsys, name = os.DirFS(dir), dir
	}
	course, err := lessons.Load(fsys, name, vars)
	if err != nil {
		return nil, &exitCodeError{code: exitUsage, msg: "Leksjonene kan ikke leses:\n" + err.Error()}
	}
	return course, nil
}

func printCheckReport(w io.Writer, lesson *lessons.Lesson, r grade.Report) {
	fmt.Fprintf(w, "%s %s — sjekket mot %s, Namespace «%s»\n", lesson.ID, lesson.Title, r.Cluster, r.Namespace)
	passed, total := 0, 0
	for _, s := range r.Steps {
		fmt.Fprintf(w, "\nSteg %d: %s\n", s.Step, s.Title)
		if s.Skipped != "" {
			fmt.Fprintf(w, "  – hoppet over: %s\n", s.Skipped)
			continue
		}
		for _, res := range s.Results {
			total++
			if res.Status == checks.Passed {
				passed++
				fmt.Fprintf(w, "  ✓ %s\n", res.Criterion)
				continue
			}
			fmt.Fprintf(w, "  ✗ %s (%s)\n", res.Criterion, res.Status)
			for _, line := range [][2]string{{"forventet", res.Expected}, {"fant", res.Found}, {"detaljer", res.Detail}, {"hint", res.Hint}} {
				if line[1] != "" {
					fmt.Fprintf(w, "      %s: %s\n", line[0], line[1])
				}
			}
		}
	}
	fmt.Fprintf(w, "\n%d av %d kriterier bestått.\n", passed, total)
}
