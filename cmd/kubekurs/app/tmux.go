package app

import (
	"os"
	"os/exec"
	"slices"
	"strings"
)

// splitTmuxShell splits the current tmux window: the course shell opens in
// a new pane beside the course, with the same environment the shell key
// gives it. The returned func closes the pane and removes the shell's
// files; call it when the course ends.
func splitTmuxShell(env Env, live *liveCluster) (func(), error) {
	if env.Getenv("TMUX") == "" {
		return nil, &exitCodeError{code: exitUsage, msg: "--tmux virker bare inne i tmux. Start `tmux` først, eller bruk t-tasten i kurset for kursskallet."}
	}
	sh, err := live.ShellCommand()
	if err != nil {
		return nil, failure("Fikk ikke laget kursskallet: " + err.Error())
	}
	args := []string{"split-window", "-h", "-l", "45%", "-P", "-F", "#{pane_id}"}
	// tmux gives the pane its server's environment; add what differs.
	own := os.Environ()
	for _, kv := range sh.Env {
		if !slices.Contains(own, kv) {
			args = append(args, "-e", kv)
		}
	}
	args = append(args, sh.Args...)
	out, err := exec.Command("tmux", args...).Output()
	if err != nil {
		sh.Cleanup()
		return nil, failure("tmux kunne ikke dele vinduet: " + err.Error())
	}
	pane := strings.TrimSpace(string(out))
	return func() {
		_ = exec.Command("tmux", "kill-pane", "-t", pane).Run()
		sh.Cleanup()
	}, nil
}
