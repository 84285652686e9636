package app

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kubekurs/kubekurs/cluster"
)

func TestPickKubectl(t *testing.T) {
	tests := []struct {
		name                  string
		path, server, builtin int
		wantBuiltin           bool
	}{
		{"none on PATH", -1, 36, 36, true},
		{"same version", 36, 36, 36, false},
		{"one older is fine", 35, 36, 36, false},
		{"one newer is fine", 37, 36, 36, false},
		{"far behind", 28, 36, 36, true},
		{"server unknown", 28, 0, 36, false},
		{"both far, PATH closer", 31, 30, 36, false},
		{"both far, built-in no closer", 26, 30, 34, false},
		{"both far, built-in closer", 24, 30, 32, true},
	}
	for _, tt := range tests {
		got := pickKubectl(tt.path, tt.server, tt.builtin)
		if got.builtin != tt.wantBuiltin {
			t.Errorf("%s: builtin = %v, want %v", tt.name, got.builtin, tt.wantBuiltin)
		}
		if got.builtin && got.why == "" {
			t.Errorf("%s: no reason given", tt.name)
		}
	}
}

func TestMinorOf(t *testing.T) {
	for in, want := range map[string]int{"v1.36.3": 36, "1.28": 28, "v1.29.1-gke.100": 29, "v1.30+": 30, "": 0, "v2": 0, "vx.y": 0} {
		if got := minorOf(in); got != want {
			t.Errorf("minorOf(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestKubectlClientMinorRunsTheBinary uses a stand-in kubectl that prints
// what `kubectl version --client -o json` prints (minor "28+" as GKE's
// builds do); one that fails or prints nonsense gives -1.
func TestKubectlClientMinorRunsTheBinary(t *testing.T) {
	dir := t.TempDir()
	write := func(name, script string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script), 0o700); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("kubectl", `echo '{"clientVersion":{"major":"1","minor":"28+","gitVersion":"v1.28.15-gke.1"},"kustomizeVersion":"v5"}'`)
	if got := kubectlClientMinor(t.Context(), good); got != 28 {
		t.Errorf("minor = %d, want 28", got)
	}
	for _, bad := range []string{write("feiler", "exit 1"), write("tull", "echo tull"), filepath.Join(dir, "finnes-ikke")} {
		if got := kubectlClientMinor(t.Context(), bad); got != -1 {
			t.Errorf("%s: minor = %d, want -1", filepath.Base(bad), got)
		}
	}
}

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

// FuzzMinorOf: any version text gives a minor version ≥ 0, and one
// written as v1.N.… gives N.
func FuzzMinorOf(f *testing.F) {
	for _, seed := range []string{"v1.36.3", "1.28", "v1.30+", "v1.29.1-gke.100", "", "v1.-1.0", "v1.99999999999999999999.0"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, version string) {
		n := minorOf(version)
		if n < 0 {
			t.Fatalf("minorOf(%q) = %d", version, n)
		}
		if m := minorOf(fmt.Sprintf("v1.%d.0", n)); m != n {
			t.Fatalf("round trip of %d gives %d", n, m)
		}
	})
}
