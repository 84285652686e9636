package shell

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/kubekurs/kubekurs/cluster/lab"
)

// maxKubectlSkew is how many minor versions kubectl may be from the API
// server (Kubernetes' version skew policy: one either way).
const maxKubectlSkew = 1

// kubectlVersionTimeout bounds `kubectl version --client`.
const kubectlVersionTimeout = 5 * time.Second

// Kubectl is which kubectl the course shell gets, and why.
type Kubectl struct {
	// Builtin is true when the shell's kubectl runs `kubekurs kubectl`.
	Builtin bool
	// Why says in Norwegian why the built-in one is used ("" if not).
	Why string
}

// ChooseKubectl decides whether the course shell gets the built-in
// kubectl: when there is none on PATH, or when the one there is too far
// from serverVersion (e.g. "v1.36.3"; "" when unknown) while the built-in
// one is closer. A kubectl on PATH whose version cannot be read is
// trusted.
func ChooseKubectl(ctx context.Context, serverVersion string) Kubectl {
	pathMinor := -1
	if p, err := exec.LookPath("kubectl"); err == nil {
		pathMinor = kubectlClientMinor(ctx, p)
		if pathMinor < 0 {
			pathMinor = builtinKubectlMinor() // unreadable version: trust the learner's own
		}
	}
	return pickKubectl(pathMinor, minorOf(serverVersion), builtinKubectlMinor())
}

// pickKubectl decides between the kubectl on PATH (pathMinor; -1 when
// there is none, or its version could not be read) and the built-in one,
// for a server of serverMinor (0 when unknown): the one on PATH unless it
// is missing or further from the server than the skew policy allows while
// the built-in one is closer.
func pickKubectl(pathMinor, serverMinor, builtinMinor int) Kubectl {
	if pathMinor < 0 {
		return Kubectl{Builtin: true, Why: "Fant ingen kubectl, så skallet bruker kubekurs' innebygde."}
	}
	if serverMinor == 0 || skew(pathMinor, serverMinor) <= maxKubectlSkew || skew(builtinMinor, serverMinor) >= skew(pathMinor, serverMinor) {
		return Kubectl{}
	}
	return Kubectl{Builtin: true, Why: fmt.Sprintf(
		"kubectl på maskinen din er v1.%d, men clusteret er v1.%d; det er for langt fra hverandre, så skallet bruker kubekurs' innebygde (v1.%d).",
		pathMinor, serverMinor, builtinMinor)}
}

// skew is the distance between two minor versions.
func skew(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// minorOf reads the minor version from a Kubernetes version such as
// "v1.36.3", "1.28" or "v1.29.1-gke.100"; 0 when it cannot.
func minorOf(version string) int {
	parts := strings.SplitN(strings.TrimPrefix(version, "v"), ".", 3)
	if len(parts) < 2 {
		return 0
	}
	return parseMinor(parts[1])
}

// parseMinor reads a minor version such as "36" or GKE's "28+"; 0 for
// anything else (signs, overflow, letters).
func parseMinor(s string) int {
	s = strings.TrimRight(s, "+")
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// builtinKubectlMinor is the minor version of the built-in kubectl, which
// is built from the practice cluster's Kubernetes release.
func builtinKubectlMinor() int { return minorOf(lab.KubernetesVersion) }

// kubectlClientMinor runs `kubectl version --client -o json` from path
// and returns the client's minor version, or -1 (not found, too slow, or
// output it cannot read).
func kubectlClientMinor(ctx context.Context, path string) int {
	ctx, cancel := context.WithTimeout(ctx, kubectlVersionTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "version", "--client", "-o", "json").Output()
	if err != nil {
		return -1
	}
	var v struct {
		ClientVersion struct {
			Minor      string `json:"minor"`
			GitVersion string `json:"gitVersion"`
		} `json:"clientVersion"`
	}
	if json.Unmarshal(out, &v) != nil {
		return -1
	}
	if n := parseMinor(v.ClientVersion.Minor); n > 0 {
		return n
	}
	if n := minorOf(v.ClientVersion.GitVersion); n > 0 {
		return n
	}
	return -1
}
