package live

import (
	"context"
	"encoding/json"
	"time"

	"k8s.io/apimachinery/pkg/version"

	"github.com/kubekurs/kubekurs/cluster/shell"
)

// versionTimeout bounds asking the API server for its version.
const versionTimeout = 5 * time.Second

// ShellCommand prepares the course shell (see shell.Prepare): the
// learner's $SHELL with KUBECONFIG pointing at a copy of the course
// kubeconfig whose context has the learner's Namespace, a prompt marker,
// and — when no kubectl is on PATH, or the one there is too far from the
// server's version — a kubectl that runs kubekurs's built-in one.
func (c *Cluster) ShellCommand() (shell.Cmd, error) {
	return shell.Prepare(shell.Options{Kubeconfig: c.kubeconfig, Namespace: c.namespace, Kubectl: c.kubectlChoice()})
}

// kubectlChoice decides, once per session, which kubectl the course shell
// gets (shell.ChooseKubectl).
func (c *Cluster) kubectlChoice() shell.Kubectl {
	c.kubectlOnce.Do(func() {
		c.kubectl = shell.ChooseKubectl(context.Background(), c.serverVersion(context.Background()))
	})
	return c.kubectl
}

// serverVersion is the API server's Kubernetes version, e.g. "v1.36.3",
// or "" when it does not say within versionTimeout.
func (c *Cluster) serverVersion(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, versionTimeout)
	defer cancel()
	body, err := c.client.Discovery().RESTClient().Get().AbsPath("/version").DoRaw(ctx)
	if err != nil {
		return ""
	}
	var info version.Info
	if err := json.Unmarshal(body, &info); err != nil {
		return ""
	}
	return info.GitVersion
}
