package app

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/kubekurs/kubekurs/cluster"
)

// TestCourseKubeconfigOnlyWhenKubectlHasNone: `kubekurs kubectl` points
// at the course's cluster only when kubectl would find no kubeconfig.
func TestCourseKubeconfigOnlyWhenKubectlHasNone(t *testing.T) {
	home := t.TempDir()
	vars := map[string]string{"HOME": home, "KUBEKURS_LAB_DATA": t.TempDir()}
	env := mapEnv(vars)
	if got := courseKubeconfig(env, nil); got != (kubectlTarget{}) {
		t.Errorf("nothing chosen, no lab: %+v", got)
	}
	settings, err := cluster.OpenSettings(filepath.Join(home, ".config", "kubekurs"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := settings.SetChoice(&cluster.Choice{Kind: cluster.KindKubeconfig, Kubeconfig: "/skole.kubeconfig", Context: "skole", Namespace: "elev-kari"}); err != nil {
		t.Fatal(err)
	}
	want := kubectlTarget{kubeconfig: "/skole.kubeconfig", context: "skole", namespace: "elev-kari"}
	if got := courseKubeconfig(env, []string{"get", "pods"}); got != want {
		t.Errorf("remembered context: %+v, want %+v", got, want)
	}
	if got := courseKubeconfig(env, []string{"--kubeconfig=/annen", "get", "pods"}); got != (kubectlTarget{}) {
		t.Errorf("--kubeconfig given: %+v", got)
	}
	vars["KUBECONFIG"] = "/egen"
	if got := courseKubeconfig(env, nil); got != (kubectlTarget{}) {
		t.Errorf("$KUBECONFIG set: %+v", got)
	}
	delete(vars, "KUBECONFIG")
	writeKubeconfig(t, filepath.Join(home, ".kube", "config"), "hjemme", "https://127.0.0.1:6443")
	if got := courseKubeconfig(env, nil); got != (kubectlTarget{}) {
		t.Errorf("~/.kube/config exists: %+v", got)
	}
}
