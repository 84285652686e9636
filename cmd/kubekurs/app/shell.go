package app

import (
	"context"
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
// PATH, or the one there is too far from the server's version — a kubectl
// that runs kubekurs's built-in one.
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
	kubectl := c.kubectlChoice()
	if kubectl.builtin {
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
		if kubectl.why != "" {
			rc += "echo " + shellQuote(kubectl.why) + "\n"
		}
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

// kubectlChoice decides, once per session, whether the course shell
// gets the built-in kubectl: when there is none on PATH, or when the one
// there is too far from the server's version (see pickKubectl).
func (c *liveCluster) kubectlChoice() kubectlChoice {
	c.kubectlOnce.Do(func() {
		pathMinor := -1
		if p, err := exec.LookPath("kubectl"); err == nil {
			pathMinor = kubectlClientMinor(context.Background(), p)
			if pathMinor < 0 {
				pathMinor = builtinKubectlMinor() // unreadable version: trust the learner's own
			}
		}
		serverMinor := 0
		if v, err := c.client.Discovery().ServerVersion(); err == nil {
			serverMinor = minorOf(v.GitVersion)
		}
		c.kubectl = pickKubectl(pathMinor, serverMinor, builtinKubectlMinor())
	})
	return c.kubectl
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
