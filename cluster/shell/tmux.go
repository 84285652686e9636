package shell

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// tmuxTimeout bounds each tmux command.
const tmuxTimeout = 5 * time.Second

// SplitTmux opens sh in a new pane beside the current one of the tmux
// window this program runs in. The returned func closes the pane and runs
// sh.Cleanup; call it when the course ends. On failure sh.Cleanup has
// run already.
func SplitTmux(ctx context.Context, sh Cmd) (closePane func(), err error) {
	args := []string{"split-window", "-h", "-l", "45%", "-P", "-F", "#{pane_id}"}
	// tmux gives the pane its server's environment; add what differs.
	own := os.Environ()
	for _, kv := range sh.Env {
		if !slices.Contains(own, kv) {
			args = append(args, "-e", kv)
		}
	}
	args = append(args, sh.Args...)
	splitCtx, cancel := context.WithTimeout(ctx, tmuxTimeout)
	defer cancel()
	out, err := exec.CommandContext(splitCtx, "tmux", args...).Output()
	if err != nil {
		sh.Cleanup()
		return nil, fmt.Errorf("tmux split-window: %w", err)
	}
	pane := strings.TrimSpace(string(out))
	return func() {
		killCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), tmuxTimeout)
		defer cancel()
		_ = exec.CommandContext(killCtx, "tmux", "kill-pane", "-t", pane).Run()
		sh.Cleanup()
	}, nil
}
