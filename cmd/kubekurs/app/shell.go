package app

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubekurs/kubekurs/tui"
)

// shellPromptMarker starts the course shell's prompt, so the learner can
// tell it from their own shells.
const shellPromptMarker = "(kubekurs) "

// ShellCommand implements tui.Cluster: the learner's $SHELL with
// KUBECONFIG pointing at a copy of the course kubeconfig whose context has
// the learner's Namespace, a prompt marker, and — when no kubectl is on
// PATH — a kubectl that runs kubekurs's built-in one.
func (c *liveCluster) ShellCommand() (tui.ShellCmd, error) {
	dir, err := os.MkdirTemp("", "kubekurs-skall-")
	if err != nil {
		return tui.ShellCmd{}, fmt.Errorf("create shell directory: %w", err)
	}
	cleanup := func() { _ = os.RemoveAll(dir) }
	fail := func(err error) (tui.ShellCmd, error) {
		cleanup()
		return tui.ShellCmd{}, err
	}
	kubeconfig, err := kubeconfigWithNamespace(c.kubeconfig, c.namespace)
	if err != nil {
		return fail(err)
	}
	kubeconfigPath := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(kubeconfigPath, kubeconfig, 0o600); err != nil {
		return fail(fmt.Errorf("write shell kubeconfig: %w", err))
	}
	path := os.Getenv("PATH")
	if _, err := exec.LookPath("kubectl"); err != nil {
		if self, err := os.Executable(); err == nil {
			shim := "#!/bin/sh\nexec " + shellQuote(self) + " kubectl \"$@\"\n"
			if err := os.WriteFile(filepath.Join(dir, "kubectl"), []byte(shim), 0o700); err == nil {
				path = dir + string(os.PathListSeparator) + path
			}
		}
	}
	shell := os.Getenv("SHELL")
	if shell == "" {
		shell = "/bin/sh"
	}
	env := append(os.Environ(),
		"KUBECONFIG="+kubeconfigPath,
		"PATH="+path,
		"KUBEKURS_SHELL=1",
		"KUBEKURS_NAMESPACE="+c.namespace,
	)
	args := []string{shell}
	if filepath.Base(shell) == "bash" {
		// bash reads ~/.bashrc, which usually sets PS1: put the marker in
		// after it, through an rc file of our own that sources it first.
		rc := "[ -f ~/.bashrc ] && . ~/.bashrc\nPS1=" + shellQuote(shellPromptMarker) + "\"$PS1\"\n"
		rcPath := filepath.Join(dir, "bashrc")
		if err := os.WriteFile(rcPath, []byte(rc), 0o600); err != nil {
			return fail(fmt.Errorf("write shell rc: %w", err))
		}
		args = append(args, "--rcfile", rcPath, "-i")
	} else {
		env = append(env, "PS1="+shellPromptMarker+"$ ")
	}
	return tui.ShellCmd{Path: shell, Args: args, Env: env, Cleanup: cleanup}, nil
}

// kubeconfigWithNamespace returns kubeconfig with its current context's
// namespace set.
func kubeconfigWithNamespace(kubeconfig []byte, namespace string) ([]byte, error) {
	cfg, err := clientcmd.Load(kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("parse kubeconfig: %w", err)
	}
	ctx, ok := cfg.Contexts[cfg.CurrentContext]
	if !ok {
		return nil, fmt.Errorf("kubeconfig has no current context")
	}
	ctx.Namespace = namespace
	return clientcmd.Write(*cfg)
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
