package tui

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Run runs the TUI full-screen (alternate screen, mouse wheel) until the
// learner quits or ctx ends. progOpts are passed to tea.NewProgram after
// Run's own (tests pass input, output and a fixed size).
func Run(ctx context.Context, opts Options, progOpts ...tea.ProgramOption) error {
	if opts.Course == nil || opts.Cluster == nil || opts.Progress == nil {
		return errors.New("tui: Options.Course, Cluster and Progress are required")
	}
	base := []tea.ProgramOption{tea.WithContext(ctx)}
	if opts.NoColor {
		// Strip colors that reach the renderer from anywhere; keep bold
		// and reverse, which are not colors.
		base = append(base, tea.WithColorProfile(colorprofile.Ascii))
	}
	p := tea.NewProgram(newModel(opts), append(base, progOpts...)...)
	final, err := p.Run()
	if m, ok := final.(model); ok {
		m.stop() // however the program ended
	}
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, tea.ErrProgramKilled) {
			return ctx.Err()
		}
		return fmt.Errorf("run tui: %w", err)
	}
	return nil
}
