package board

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Run shows the board full-screen until the instructor quits or ctx
// ends. progOpts are passed to tea.NewProgram after Run's own.
func Run(ctx context.Context, opts Options, progOpts ...tea.ProgramOption) error {
	if opts.Updates == nil {
		return errors.New("board: Options.Updates is required")
	}
	base := []tea.ProgramOption{tea.WithContext(ctx)}
	if opts.NoColor {
		base = append(base, tea.WithColorProfile(colorprofile.Ascii))
	}
	if _, err := tea.NewProgram(New(opts), append(base, progOpts...)...).Run(); err != nil {
		if ctx.Err() != nil && errors.Is(err, tea.ErrProgramKilled) {
			return ctx.Err()
		}
		return fmt.Errorf("run board: %w", err)
	}
	return nil
}
