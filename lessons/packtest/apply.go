package packtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/kubekurs/kubekurs/lessons"
)

// commandTimeout bounds one kubectl command of a pack (rollout status
// waits; nothing else should take long).
const commandTimeout = 2 * time.Minute

// apply runs solution-shaped pieces of a pack in sp, in order: commands
// one by one, a manifest through `kubectl apply -f -`. Each is checked
// against the policy with the space's real Namespace first. It returns
// "" or what went wrong, in Norwegian.
func (r *run) apply(ctx context.Context, sp *space, sols []lessons.Solution) string {
	for _, s := range sols {
		if s.Kind == lessons.SolutionManifest {
			if errs := lessons.CheckManifestScope(s.Text, sp.ns); len(errs) > 0 {
				return fmt.Sprintf(msgRefused, errors.Join(errs...))
			}
			if problem := r.kubectl(ctx, sp, s.Text, []string{"apply", "-f", "-"}); problem != "" {
				return problem
			}
			continue
		}
		for _, argv := range s.Commands {
			if err := lessons.CheckCommand(argv, sp.ns); err != nil {
				return fmt.Sprintf(msgRefused, err)
			}
			if problem := r.kubectl(ctx, sp, "", argv[1:]); problem != "" {
				return problem
			}
		}
	}
	return ""
}

// kubectl runs one command in sp and returns "" or what went wrong.
func (r *run) kubectl(ctx context.Context, sp *space, stdin string, args []string) string {
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	out, err := r.opts.Kubectl(ctx, sp.kubeconfig, r.home, stdin, args)
	if err == nil {
		return ""
	}
	text := strings.TrimSpace(string(out))
	if text == "" {
		text = err.Error()
	}
	return fmt.Sprintf(msgKubectlFailed, "kubectl "+strings.Join(args, " "), text)
}

// Executable is a Kubectl that runs the kubekurs binary at path as
// `kubekurs kubectl …`: the built-in kubectl, the one learners get, in a
// process of its own, since kubectl exits its process on failure. env is
// the environment to start from; KUBECONFIG and HOME are set over it.
func Executable(path string, env []string) Kubectl {
	return func(ctx context.Context, kubeconfig, home, stdin string, args []string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, path, append([]string{"kubectl"}, args...)...)
		cmd.Env = append(slices.Clone(env), "KUBECONFIG="+kubeconfig, "HOME="+home)
		cmd.Dir = home
		cmd.Stdin = strings.NewReader(stdin)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.Bytes(), err
	}
}
