// Package shell prepares the course shell: the learner's own $SHELL,
// pointed at the course's cluster and Namespace, with a prompt marker and,
// when needed, kubekurs' built-in kubectl. The same shell serves the t key
// in the course and the tmux pane of `kubekurs --tmux`.
package shell

import (
	"github.com/kubekurs/kubekurs/cluster/view"

	"fmt"
	"os"
	"path/filepath"
	"strings"

	"k8s.io/client-go/tools/clientcmd"
)

// PromptMarker starts the course shell's prompt, so the learner can tell
// it from their own shells.
const PromptMarker = "(kubekurs) "

// Cmd is a prepared course shell.
type Cmd = view.ShellCmd

// Options say what the course shell points at.
type Options struct {
	// Kubeconfig is a self-contained kubeconfig for the course's cluster;
	// the shell gets a copy whose current context has Namespace.
	Kubeconfig []byte
	// Namespace is the learner's Namespace.
	Namespace string
	// Kubectl is which kubectl the shell gets (see ChooseKubectl).
	Kubectl Kubectl
}

// Prepare makes the course shell: the learner's $SHELL (else /bin/sh)
// with KUBECONFIG pointing at a copy of o.Kubeconfig whose context has the
// learner's Namespace, a prompt marker, KUBEKURS_SHELL=1 and
// KUBEKURS_NAMESPACE, and — when o.Kubectl says so — a kubectl first on
// PATH that runs this program's built-in one. Its files live in a
// temporary directory that Cmd.Cleanup removes.
func Prepare(o Options) (Cmd, error) {
	dir, err := os.MkdirTemp("", "kubekurs-skall-")
	if err != nil {
		return Cmd{}, fmt.Errorf("create shell directory: %w", err)
	}
	cleanup := func() { _ = os.RemoveAll(dir) }
	fail := func(err error) (Cmd, error) {
		cleanup()
		return Cmd{}, err
	}
	kubeconfig, err := kubeconfigWithNamespace(o.Kubeconfig, o.Namespace)
	if err != nil {
		return fail(err)
	}
	kubeconfigPath := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(kubeconfigPath, kubeconfig, 0o600); err != nil {
		return fail(fmt.Errorf("write shell kubeconfig: %w", err))
	}
	path := os.Getenv("PATH")
	if o.Kubectl.Builtin {
		if self, err := os.Executable(); err == nil {
			shim := "#!/bin/sh\nexec " + quote(self) + " kubectl \"$@\"\n"
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
		"KUBEKURS_NAMESPACE="+o.Namespace,
	)
	args := []string{shell}
	if filepath.Base(shell) == "bash" {
		// bash reads ~/.bashrc, which usually sets PS1: put the marker in
		// after it, through an rc file of our own that sources it first.
		rc := "[ -f ~/.bashrc ] && . ~/.bashrc\nPS1=" + quote(PromptMarker) + "\"$PS1\"\n"
		if o.Kubectl.Why != "" {
			rc += "echo " + quote(o.Kubectl.Why) + "\n"
		}
		rcPath := filepath.Join(dir, "bashrc")
		if err := os.WriteFile(rcPath, []byte(rc), 0o600); err != nil {
			return fail(fmt.Errorf("write shell rc: %w", err))
		}
		args = append(args, "--rcfile", rcPath, "-i")
	} else {
		env = append(env, "PS1="+PromptMarker+"$ ")
	}
	return Cmd{Path: shell, Args: args, Env: env, Cleanup: cleanup}, nil
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

// quote quotes s for a POSIX shell.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
