package app

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/kubekurs/kubekurs/cluster"
)

func TestConfirmContextAsksOnceAndRemembers(t *testing.T) {
	settings, err := cluster.OpenSettings(t.TempDir(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	target := func(server, ns string) *cluster.Target {
		return &cluster.Target{Context: "skole", Config: &rest.Config{Host: server}, Namespace: ns}
	}
	ask := func(answer string, tgt *cluster.Target) (string, error) {
		var out bytes.Buffer
		err := confirmContext(Streams{In: strings.NewReader(answer), Out: &out, ErrOut: &out}, settings, tgt)
		return out.String(), err
	}
	first := target("https://10.0.0.1:6443", "elev-kari")
	out, err := ask("n\n", first)
	if err == nil || !strings.Contains(out, "«skole» (API-server https://10.0.0.1:6443)") || !strings.Contains(out, "«elev-kari»") {
		t.Fatalf("no: err %v, out %q", err, out)
	}
	if _, err := ask("\n", first); err == nil {
		t.Fatal("an empty answer must mean no")
	}
	if _, err := ask("j\n", first); err != nil {
		t.Fatalf("yes: %v", err)
	}
	if out, err := ask("", first); err != nil || out != "" {
		t.Fatalf("second time asked again: %v %q", err, out)
	}
	// Another server under the same context name is asked about anew.
	if _, err := ask("", target("https://10.0.0.2:6443", "kurs")); err == nil {
		t.Fatal("a new server was used without asking")
	}
}

func TestAskYesReadsOneLineAtATime(t *testing.T) {
	in := strings.NewReader("n\nja\n\n")
	streams := Streams{In: in}
	for i, want := range []bool{false, true, true} {
		if got := askYes(streams, true); got != want {
			t.Errorf("answer %d = %v, want %v", i, got, want)
		}
	}
}

// TestResolveNeverUsesHomeKubeconfigSilently: with nothing chosen, a
// ~/.kube/config is not used — not even when it exists.
func TestResolveNeverUsesHomeKubeconfigSilently(t *testing.T) {
	srv := httptest.NewServer(nil)
	defer srv.Close()
	home := t.TempDir()
	writeKubeconfig(t, home+"/.kube/config", "hjemme", srv.URL)
	env := mapEnv(map[string]string{"HOME": home, "KUBEKURS_LAB_DATA": t.TempDir()})
	f := &clusterFlags{}
	if _, err := f.resolve(env); err != errNoCluster {
		t.Fatalf("resolve = %v, want errNoCluster", err)
	}
	// Naming the context is choosing it.
	f.context = "hjemme"
	got, err := f.resolve(env)
	if err != nil {
		t.Fatal(err)
	}
	if got.Config.Host != srv.URL || got.Kind != cluster.KindKubeconfig {
		t.Errorf("resolved %+v", got)
	}
}

// TestResolveUsesRememberedChoice: a remembered kubeconfig context is
// what check, reset and cluster status use when no flags are given;
// flags still win.
func TestResolveUsesRememberedChoice(t *testing.T) {
	home := t.TempDir()
	other := t.TempDir() + "/annen.kubeconfig"
	writeKubeconfig(t, other, "skole", "https://127.0.0.1:16443")
	writeKubeconfig(t, home+"/.kube/config", "hjemme", "https://127.0.0.1:26443")
	env := mapEnv(map[string]string{"HOME": home, "KUBEKURS_LAB_DATA": t.TempDir()})
	dir, err := cluster.ConfigDir(env.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	settings, err := cluster.OpenSettings(dir, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := settings.SetChoice(&cluster.Choice{Kind: cluster.KindKubeconfig, Kubeconfig: other, Context: "skole", Namespace: "elev-kari"}); err != nil {
		t.Fatal(err)
	}
	got, err := (&clusterFlags{}).resolve(env)
	if err != nil {
		t.Fatal(err)
	}
	if got.Config.Host != "https://127.0.0.1:16443" || got.Namespace != "elev-kari" || got.Context != "skole" {
		t.Errorf("remembered choice resolved to %s %s %s", got.Context, got.Config.Host, got.Namespace)
	}
	got, err = (&clusterFlags{context: "hjemme", namespace: "x"}).resolve(env)
	if err != nil {
		t.Fatal(err)
	}
	if got.Config.Host != "https://127.0.0.1:26443" || got.Namespace != "x" {
		t.Errorf("flags lost to the remembered choice: %s %s", got.Config.Host, got.Namespace)
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

// TestRememberedContextThatIsGoneSaysWhatToDo: the kubeconfig of a
// remembered context was removed; the message names the choice and how
// to make another.
func TestRememberedContextThatIsGoneSaysWhatToDo(t *testing.T) {
	home := t.TempDir()
	env := mapEnv(map[string]string{"HOME": home, "KUBEKURS_LAB_DATA": t.TempDir()})
	settings, err := cluster.OpenSettings(filepath.Join(home, ".config", "kubekurs"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(home, "borte.kubeconfig")
	if err := settings.SetChoice(&cluster.Choice{Kind: cluster.KindKubeconfig, Kubeconfig: gone, Context: "skole"}); err != nil {
		t.Fatal(err)
	}
	_, err = (&clusterFlags{}).resolve(env)
	if err == nil || !strings.Contains(err.Error(), "konteksten «skole» i "+gone+", som du valgte tidligere") || !strings.Contains(err.Error(), "kubekurs cluster use lab") {
		t.Errorf("err = %v", err)
	}
}
