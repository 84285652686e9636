package app

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/kubekurs/kubekurs/lessons"
)

// guideWidth is the width the guide is rendered at when the terminal's
// cannot be read.
const guideWidth = 80

func newLessonsGuideCommand(streams Streams, env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "guide",
		Short: "Veiledning for lærere: slik skriver du en egen leksjonspakke",
		Long: "Viser veiledningen for lærere som vil skrive egne leksjoner: formatet,\n" +
			"de skjulte blokkene, alle sjekktypene, hva en pakke får lov til å kjøre,\n" +
			"og hvordan du sjekker, prøver og deler ut pakken.\n\n" +
			"I en terminal vises den formatert i terminalens bredde (uten farger med\n" +
			"NO_COLOR); sendt videre (for eksempel til less eller en fil) skrives\n" +
			"Markdown-teksten som den er.",
		Example: "  kubekurs lessons guide\n  kubekurs lessons guide > VEILEDNING.md",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			return printGuide(streams, env)
		},
	}
}

// printGuide writes the guide: rendered at the terminal's width on a
// terminal, the Markdown as it is elsewhere and under NO_COLOR.
func printGuide(streams Streams, env Env) error {
	text := lessons.Guide()
	if isTerminal(streams.Out) && env.Getenv("NO_COLOR") == "" {
		rendered, err := lessons.RenderMarkdown(text, terminalWidth(streams.Out))
		if err != nil {
			return fmt.Errorf("vis veiledningen: %w", err)
		}
		text = rendered
	}
	if _, err := io.WriteString(streams.Out, text); err != nil {
		return fmt.Errorf("skriv veiledningen: %w", err)
	}
	return nil
}

// terminalWidth is the width of the terminal w, or guideWidth when it
// cannot be read.
func terminalWidth(w io.Writer) int {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return guideWidth
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		return guideWidth
	}
	return width
}
