package app

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/lessons"
)

func newLessonsCommand(streams Streams, env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lessons",
		Short: "Verktøy for leksjoner (for lærere og forfattere)",
		Args:  noArgs,
		RunE:  showHelp,
		Long: "Verktøy for leksjoner: list dem, sjekk formatet og bevis at hvert steg kan løses.\n\n" +
			"Veiledning for lærere: kubekurs lessons guide (eller lessons/VEILEDNING.md i kildekoden)",
	}
	cmd.AddCommand(newLessonsGuideCommand(streams, env))
	cmd.AddCommand(newLessonsListCommand(streams))
	cmd.AddCommand(&cobra.Command{
		Use:   "validate [KATALOG]",
		Short: "Sjekk at leksjonene er gyldige",
		Long: "Sjekker et sett leksjoner: unike id-er, at hvert steg har sjekk, hint og løsning,\n" +
			"at sjekkene er kjente og gyldige, at malene kan tolkes, at det ikke ligger\n" +
			"fremmede filer i katalogen, og at hver leksjon kan vises.\n" +
			"Uten KATALOG sjekkes de innebygde leksjonene. Feil skrives som fil:linje: melding.",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return &usageError{msg: "oppgi høyst én katalog"}
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			dir := ""
			if len(args) == 1 {
				dir = args[0]
			}
			fsys, name, err := lessonPack(dir)
			if err != nil {
				return err
			}
			if err := validatePack(streams, fsys, name); err != nil {
				return err
			}
			fmt.Fprintf(streams.Out, "Leksjonene i %s er gyldige.\n", name)
			return nil
		},
	})
	cmd.AddCommand(newLessonsTestCommand(streams, env))
	return cmd
}

// validatePack checks the pack as `kubekurs lessons validate` does; each
// problem goes to ErrOut as "fil:linje: melding", and the error says how
// many there were (exit code 1).
func validatePack(streams Streams, fsys fs.FS, name string) error {
	registry := checks.NewRegistry()
	err := lessons.Validate(fsys, name, func(node *yaml.Node) error {
		_, err := registry.CompileList(node)
		return atBlockLines(err)
	})
	var verr *lessons.ValidationError
	if errors.As(err, &verr) {
		for _, p := range verr.Problems {
			fmt.Fprintln(streams.ErrOut, p.String())
		}
		return &exitCodeError{code: exitError, msg: fmt.Sprintf("%d feil i %s.", len(verr.Problems), name)}
	}
	return err
}

// blockLineError is a problem at a line of a ```check block, the shape
// lessons.Validate maps to a line of the lesson file.
type blockLineError struct {
	line int
	msg  string
}

func (e blockLineError) Error() string { return e.msg }

// Line is the 1-based line in the block.
func (e blockLineError) Line() int { return e.line }

// atBlockLines turns the check registry's spec errors into errors that
// carry their block line apart from their (Norwegian) message.
func atBlockLines(err error) error {
	specs := checks.SpecErrors(err)
	if err == nil || len(specs) == 0 {
		return err
	}
	errs := make([]error, 0, len(specs))
	for _, se := range specs {
		line := 0
		if se.Node != nil {
			line = se.Node.Line
		}
		errs = append(errs, blockLineError{line: line, msg: se.Msg})
	}
	return errors.Join(errs...)
}
