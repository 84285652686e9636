package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// The cluster choice itself (resolve, confirm, the course's order) is
// tested in package cluster, with the Provider.

func TestAskYesReadsOneLineAtATime(t *testing.T) {
	in := strings.NewReader("n\nja\n\n")
	streams := Streams{In: in}
	for i, want := range []bool{false, true, true} {
		if got := askYes(streams, true); got != want {
			t.Errorf("answer %d = %v, want %v", i, got, want)
		}
	}
}

// mapEnv is an environment of exactly vars.
func mapEnv(vars map[string]string) Env {
	return Env{Getenv: func(k string) string { return vars[k] }}
}

// writeKubeconfig writes a kubeconfig with one context, name, for server.
func writeKubeconfig(t *testing.T, path, name, server string) {
	t.Helper()
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[name] = &clientcmdapi.Cluster{Server: server}
	cfg.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: "t"}
	cfg.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name}
	cfg.CurrentContext = name
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
}

// TestClusterUseCommand: `cluster use` remembers lab, shows the choice,
// and explains arguments it does not know; the cluster package's
// explained errors give their exit codes.
func TestClusterUseCommand(t *testing.T) {
	env := mapEnv(map[string]string{"HOME": t.TempDir()})
	if code, out, errOut := run(t, env, "cluster", "use"); code != exitOK || !strings.Contains(out, "Du har ikke valgt noe cluster ennå") {
		t.Errorf("nothing chosen: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := run(t, env, "cluster", "use", "lab"); code != exitOK || out != "Kurset bruker nå øvingsclusteret.\n" {
		t.Errorf("use lab: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := run(t, env, "cluster", "use"); code != exitOK || out != "Kurset bruker øvingsclusteret.\n" {
		t.Errorf("show: exit %d\n%s", code, out)
	}
	if code, _, errOut := run(t, env, "cluster", "use", "docker"); code != exitUsage || !strings.Contains(errOut, "velg lab, kind [NAVN] eller --context/--kubeconfig") {
		t.Errorf("unknown: exit %d\n%s", code, errOut)
	}
	// The practice cluster was chosen, but does not run.
	if code, _, errOut := run(t, env, "cluster", "status"); code != exitUsage || !strings.Contains(errOut, "Start øvingsclusteret med `kubekurs lab start`") {
		t.Errorf("status without a running lab: exit %d\n%s", code, errOut)
	}
}
