package shell

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// testKubeconfig is a self-contained kubeconfig whose current context is
// "kurs" on a loopback server.
func testKubeconfig(t *testing.T) []byte {
	t.Helper()
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["lab"] = &clientcmdapi.Cluster{Server: "https://127.0.0.1:6443"}
	cfg.AuthInfos["admin"] = &clientcmdapi.AuthInfo{Token: "hemmelig"}
	cfg.Contexts["kurs"] = &clientcmdapi.Context{Cluster: "lab", AuthInfo: "admin"}
	cfg.CurrentContext = "kurs"
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// envValue is the value of name in env ("" when unset); the last one
// wins, as for exec.
func envValue(env []string, name string) string {
	value := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			value = v
		}
	}
	return value
}

// TestPrepareBashWithBuiltinKubectl: a bash course shell reads the
// learner's ~/.bashrc, then puts the marker in front of the prompt and
// says why it uses the built-in kubectl, which comes first on PATH; its
// kubeconfig is a copy whose context has the learner's Namespace; Cleanup
// removes all of it.
func TestPrepareBashWithBuiltinKubectl(t *testing.T) {
	t.Setenv("SHELL", "/bin/bash")
	t.Setenv("PATH", "/usr/bin:/bin")
	why := "Fant ingen kubectl, så skallet bruker kubekurs' innebygde."
	sh, err := Prepare(Options{Kubeconfig: testKubeconfig(t), Namespace: "elev-kari", Kubectl: Kubectl{Builtin: true, Why: why}})
	if err != nil {
		t.Fatal(err)
	}
	if sh.Path != "/bin/bash" || len(sh.Args) != 4 || sh.Args[0] != "/bin/bash" || sh.Args[1] != "--rcfile" || sh.Args[3] != "-i" {
		t.Fatalf("command = %q %q", sh.Path, sh.Args)
	}
	dir := filepath.Dir(sh.Args[2])
	rc, err := os.ReadFile(sh.Args[2])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[ -f ~/.bashrc ] && . ~/.bashrc\n", "PS1='" + PromptMarker + "'\"$PS1\"\n", "echo '" + strings.ReplaceAll(why, "'", `'\''`) + "'\n"} {
		if !strings.Contains(string(rc), want) {
			t.Errorf("rc file lacks %q:\n%s", want, rc)
		}
	}
	if got := envValue(sh.Env, "PATH"); got != dir+string(os.PathListSeparator)+"/usr/bin:/bin" {
		t.Errorf("PATH = %q, want the shell's directory first", got)
	}
	shim, err := os.ReadFile(filepath.Join(dir, "kubectl"))
	if err != nil || !strings.HasPrefix(string(shim), "#!/bin/sh\nexec '") || !strings.HasSuffix(string(shim), "' kubectl \"$@\"\n") {
		t.Errorf("kubectl shim = %q, %v", shim, err)
	}
	if envValue(sh.Env, "KUBEKURS_SHELL") != "1" || envValue(sh.Env, "KUBEKURS_NAMESPACE") != "elev-kari" {
		t.Errorf("environment lacks the course's variables: %q", sh.Env)
	}
	kubeconfig := envValue(sh.Env, "KUBECONFIG")
	if filepath.Dir(kubeconfig) != dir {
		t.Errorf("KUBECONFIG = %q, want a copy in %s", kubeconfig, dir)
	}
	cfg, err := clientcmd.LoadFromFile(kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Contexts[cfg.CurrentContext]; cfg.CurrentContext != "kurs" || got == nil || got.Namespace != "elev-kari" || got.Cluster != "lab" {
		t.Errorf("shell kubeconfig context %q = %+v, want kurs with Namespace elev-kari", cfg.CurrentContext, got)
	}
	sh.Cleanup()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Cleanup left %s: %v", dir, err)
	}
}

// TestPrepareOtherShells: a shell other than bash gets the marker through
// PS1, the kubectl on PATH stays when it is good enough, and no $SHELL
// means /bin/sh.
func TestPrepareOtherShells(t *testing.T) {
	t.Setenv("PATH", "/usr/bin:/bin")
	for _, tt := range []struct{ shell, want string }{{"/usr/bin/zsh", "/usr/bin/zsh"}, {"", "/bin/sh"}} {
		t.Setenv("SHELL", tt.shell)
		sh, err := Prepare(Options{Kubeconfig: testKubeconfig(t), Namespace: "kurs"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(sh.Cleanup)
		if sh.Path != tt.want || !slices.Equal(sh.Args, []string{tt.want}) {
			t.Errorf("SHELL=%q: command = %q %q, want %s", tt.shell, sh.Path, sh.Args, tt.want)
		}
		if got := envValue(sh.Env, "PS1"); got != PromptMarker+"$ " {
			t.Errorf("SHELL=%q: PS1 = %q", tt.shell, got)
		}
		if got := envValue(sh.Env, "PATH"); got != "/usr/bin:/bin" {
			t.Errorf("SHELL=%q: PATH = %q, want it unchanged", tt.shell, got)
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(envValue(sh.Env, "KUBECONFIG")), "kubectl")); !os.IsNotExist(err) {
			t.Errorf("SHELL=%q: a kubectl shim was written: %v", tt.shell, err)
		}
	}
}

// TestPrepareFailsCleanly: a kubeconfig without a current context is an
// error, and the shell's directory is gone.
func TestPrepareFailsCleanly(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, bad := range [][]byte{[]byte("apiVersion: v1\nkind: Config\n"), []byte("{ikke yaml")} {
		if _, err := Prepare(Options{Kubeconfig: bad, Namespace: "kurs"}); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("failed Prepare left %v", left)
	}
}
