package shell

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
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
		if got.Builtin != tt.wantBuiltin {
			t.Errorf("%s: builtin = %v, want %v", tt.name, got.Builtin, tt.wantBuiltin)
		}
		if got.Builtin && got.Why == "" {
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

// writeScript writes an executable shell script named name into dir.
func writeScript(t *testing.T, dir, name, script string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestKubectlClientMinorRunsTheBinary uses a stand-in kubectl that prints
// what `kubectl version --client -o json` prints (minor "28+" as GKE's
// builds do); one that fails or prints nonsense gives -1.
func TestKubectlClientMinorRunsTheBinary(t *testing.T) {
	dir := t.TempDir()
	good := writeScript(t, dir, "kubectl", `echo '{"clientVersion":{"major":"1","minor":"28+","gitVersion":"v1.28.15-gke.1"},"kustomizeVersion":"v5"}'`)
	if got := kubectlClientMinor(t.Context(), good); got != 28 {
		t.Errorf("minor = %d, want 28", got)
	}
	for _, bad := range []string{writeScript(t, dir, "feiler", "exit 1"), writeScript(t, dir, "tull", "echo tull"), filepath.Join(dir, "finnes-ikke")} {
		if got := kubectlClientMinor(t.Context(), bad); got != -1 {
			t.Errorf("%s: minor = %d, want -1", filepath.Base(bad), got)
		}
	}
}

// TestChooseKubectlLooksOnPath puts a stand-in kubectl of v1.28 on PATH:
// it is kept for a v1.29 server, replaced by the built-in one for a
// server of the built-in one's version, and missing from PATH means the
// built-in one.
func TestChooseKubectlLooksOnPath(t *testing.T) {
	dir := t.TempDir()
	writeScript(t, dir, "kubectl", `echo '{"clientVersion":{"major":"1","minor":"28","gitVersion":"v1.28.15"}}'`)
	t.Setenv("PATH", dir)
	if got := ChooseKubectl(t.Context(), "v1.29.0"); got.Builtin {
		t.Errorf("v1.28 on PATH, v1.29 server: %+v, want the one on PATH", got)
	}
	if got := ChooseKubectl(t.Context(), fmt.Sprintf("v1.%d.0", builtinKubectlMinor())); !got.Builtin || got.Why == "" {
		t.Errorf("v1.28 on PATH, server of the built-in version: %+v, want the built-in one", got)
	}
	t.Setenv("PATH", t.TempDir())
	if got := ChooseKubectl(t.Context(), ""); !got.Builtin || got.Why == "" {
		t.Errorf("no kubectl on PATH: %+v, want the built-in one", got)
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
