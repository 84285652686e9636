package app

import (
	"context"

	"github.com/kubekurs/kubekurs/cluster/live"
	"github.com/kubekurs/kubekurs/cluster/shell"
)

// splitTmuxShell splits the current tmux window: the course shell opens in
// a new pane beside the course, with the same environment the shell key
// gives it. The returned func closes the pane and removes the shell's
// files; call it when the course ends.
func splitTmuxShell(ctx context.Context, env Env, c *live.Cluster) (func(), error) {
	if env.Getenv("TMUX") == "" {
		return nil, &exitCodeError{code: exitUsage, msg: "--tmux virker bare inne i tmux. Start `tmux` først, eller bruk t-tasten i kurset for kursskallet."}
	}
	sh, err := c.ShellCommand()
	if err != nil {
		return nil, failure("Fikk ikke laget kursskallet: " + err.Error())
	}
	closePane, err := shell.SplitTmux(ctx, sh)
	if err != nil {
		return nil, failure("tmux kunne ikke dele vinduet: " + err.Error())
	}
	return closePane, nil
}
