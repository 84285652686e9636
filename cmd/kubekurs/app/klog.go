package app

import (
	"io"
	"os"
	"path/filepath"

	"k8s.io/klog/v2"
)

// quietClientLogs sends client-go's log lines (klog: informers retrying a
// forbidden list, watches lost while the API server is away) to a log
// file while the TUI owns the terminal; on stderr they would draw over
// the screen. The file is $XDG_STATE_HOME/kubekurs/kubekurs.log (else
// ~/.local/state/…), started afresh each time. It returns the file's path
// ("" when it could not be opened: the lines are then dropped) and a
// function that puts klog back on stderr.
func quietClientLogs(env Env) (string, func()) {
	path := ""
	var out io.Writer = io.Discard
	var file *os.File
	if dir := stateDir(env); dir != "" {
		p := filepath.Join(dir, "kubekurs", "kubekurs.log")
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err == nil {
			if f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600); err == nil {
				path, out, file = p, f, f
			}
		}
	}
	klog.LogToStderr(false)
	klog.SetOutput(out)
	return path, func() {
		klog.Flush()
		klog.SetOutput(os.Stderr)
		klog.LogToStderr(true)
		if file != nil {
			_ = file.Close()
		}
	}
}

// stateDir is $XDG_STATE_HOME, else ~/.local/state, else "".
func stateDir(env Env) string {
	if d := env.Getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return d
	}
	if home := env.Getenv("HOME"); home != "" {
		return filepath.Join(home, ".local", "state")
	}
	return ""
}
