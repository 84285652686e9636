package cluster

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// testEnv is an environment of exactly vars, with a fresh HOME and a
// practice cluster data directory where nothing runs unless vars say
// otherwise.
func testEnv(t *testing.T, vars map[string]string) func(string) string {
	t.Helper()
	if _, ok := vars["HOME"]; !ok {
		vars["HOME"] = t.TempDir()
	}
	if _, ok := vars["KUBEKURS_LAB_DATA"]; !ok {
		vars["KUBEKURS_LAB_DATA"] = t.TempDir()
	}
	return func(k string) string { return vars[k] }
}

// answers is an AskFunc that answers from a list ("j", "n", or "" for
// the default) and records the questions.
type answers struct {
	given []string
	asked []string
}

func (a *answers) ask(question string, def bool) bool {
	a.asked = append(a.asked, question)
	if len(a.given) == 0 {
		return def
	}
	answer := a.given[0]
	a.given = a.given[1:]
	switch answer {
	case "j":
		return true
	case "n":
		return false
	}
	return def
}

// newTestProvider is a Provider on getenv that answers from a and writes
// to out, with opts added.
func newTestProvider(t *testing.T, getenv func(string) string, a *answers, out *bytes.Buffer, opts ...ProviderOption) *Provider {
	t.Helper()
	all := append([]ProviderOption{ProviderWithEnv(getenv), ProviderWithAsk(a.ask), ProviderWithOutput(out, out)}, opts...)
	p, err := NewProvider(all...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// writeKubeconfig writes a kubeconfig with one context, name, for server.
func writeKubeconfig(t *testing.T, path, name, server string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, kubeconfigFor(t, name, server), 0o600); err != nil {
		t.Fatal(err)
	}
}

// kubeconfigFor is a kubeconfig with one context, name, for server.
func kubeconfigFor(t *testing.T, name, server string) []byte {
	t.Helper()
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[name] = &clientcmdapi.Cluster{Server: server}
	cfg.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: "t"}
	cfg.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name}
	cfg.CurrentContext = name
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// remember saves c in the settings under getenv's HOME.
func remember(t *testing.T, getenv func(string) string, c *Choice) {
	t.Helper()
	dir, err := ConfigDir(getenv)
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenSettings(dir, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetChoice(c); err != nil {
		t.Fatal(err)
	}
}

// remembered is the choice saved in the settings under getenv's HOME.
func remembered(t *testing.T, getenv func(string) string) *Choice {
	t.Helper()
	dir, err := ConfigDir(getenv)
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenSettings(dir, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	return s.Choice()
}

func TestNewProviderRejectsBadOptions(t *testing.T) {
	for name, opt := range map[string]ProviderOption{
		"getenv":     ProviderWithEnv(nil),
		"executable": ProviderWithExecutable(nil),
		"output":     ProviderWithOutput(nil, &bytes.Buffer{}),
		"ask":        ProviderWithAsk(nil),
		"progress":   ProviderWithProgress(nil),
		"clock":      ProviderWithClock(nil),
	} {
		if _, err := NewProvider(opt); err == nil {
			t.Errorf("nil %s accepted", name)
		}
	}
	if _, err := NewProvider(); err != nil {
		t.Errorf("bare NewProvider: %v", err)
	}
}

func TestConfirmContextAsksOnceAndRemembers(t *testing.T) {
	getenv := testEnv(t, map[string]string{})
	target := func(server, ns string) *Target {
		return &Target{Kind: KindKubeconfig, Context: "skole", Config: &rest.Config{Host: server}, Namespace: ns}
	}
	ask := func(answer string, tgt *Target) (string, error) {
		a := &answers{given: []string{answer}}
		var out bytes.Buffer
		err := newTestProvider(t, getenv, a, &out).Confirm(tgt)
		return strings.Join(a.asked, ""), err
	}
	first := target("https://10.0.0.1:6443", "elev-kari")
	out, err := ask("n", first)
	if err == nil || !strings.Contains(out, "«skole» (API-server https://10.0.0.1:6443)") || !strings.Contains(out, "«elev-kari»") {
		t.Fatalf("no: err %v, out %q", err, out)
	}
	if !errors.Is(err, ErrDeclined) || !strings.Contains(err.Error(), "kurset har ikke rørt clusteret") {
		t.Errorf("no: err %v", err)
	}
	if _, err := ask("", first); err == nil {
		t.Fatal("an empty answer must mean no")
	}
	if _, err := ask("j", first); err != nil {
		t.Fatalf("yes: %v", err)
	}
	if out, err := ask("", first); err != nil || out != "" {
		t.Fatalf("second time asked again: %v %q", err, out)
	}
	// Another server under the same context name is asked about anew.
	if _, err := ask("", target("https://10.0.0.2:6443", "kurs")); err == nil {
		t.Fatal("a new server was used without asking")
	}
	// A cluster kubekurs owns is not asked about.
	if out, err := ask("n", &Target{Kind: KindLab, Context: "kubekurs-lab", Config: &rest.Config{Host: "https://127.0.0.1:1"}}); err != nil || out != "" {
		t.Errorf("practice cluster: %v %q", err, out)
	}
}

// TestResolveNeverUsesHomeKubeconfigSilently: with nothing chosen, a
// ~/.kube/config is not used — not even when it exists.
func TestResolveNeverUsesHomeKubeconfigSilently(t *testing.T) {
	srv := httptest.NewServer(nil)
	defer srv.Close()
	home := t.TempDir()
	writeKubeconfig(t, home+"/.kube/config", "hjemme", srv.URL)
	getenv := testEnv(t, map[string]string{"HOME": home})
	p := newTestProvider(t, getenv, &answers{}, &bytes.Buffer{})
	_, err := p.Resolve(KubeconfigFlags{})
	var explained *ExplainedError
	if !errors.Is(err, ErrNoCluster) || !errors.As(err, &explained) || !explained.Environment || !strings.Contains(err.Error(), "kubekurs lab start") {
		t.Fatalf("resolve = %v, want ErrNoCluster, explained", err)
	}
	// Naming the context is choosing it.
	got, err := p.Resolve(KubeconfigFlags{Context: "hjemme"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Config.Host != srv.URL || got.Kind != KindKubeconfig {
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
	getenv := testEnv(t, map[string]string{"HOME": home})
	remember(t, getenv, &Choice{Kind: KindKubeconfig, Kubeconfig: other, Context: "skole", Namespace: "elev-kari"})
	p := newTestProvider(t, getenv, &answers{}, &bytes.Buffer{})
	got, err := p.Resolve(KubeconfigFlags{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Config.Host != "https://127.0.0.1:16443" || got.Namespace != "elev-kari" || got.Context != "skole" {
		t.Errorf("remembered choice resolved to %s %s %s", got.Context, got.Config.Host, got.Namespace)
	}
	got, err = p.Resolve(KubeconfigFlags{Context: "hjemme", Namespace: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Config.Host != "https://127.0.0.1:26443" || got.Namespace != "x" {
		t.Errorf("flags lost to the remembered choice: %s %s", got.Config.Host, got.Namespace)
	}
	// -n also applies to the remembered context.
	if got, err := p.Resolve(KubeconfigFlags{Namespace: "y"}); err != nil || got.Namespace != "y" {
		t.Errorf("-n with a remembered context: %+v %v", got, err)
	}
}

// TestRememberedContextThatIsGoneSaysWhatToDo: the kubeconfig of a
// remembered context was removed; the message names the choice and how
// to make another.
func TestRememberedContextThatIsGoneSaysWhatToDo(t *testing.T) {
	getenv := testEnv(t, map[string]string{})
	gone := filepath.Join(getenv("HOME"), "borte.kubeconfig")
	remember(t, getenv, &Choice{Kind: KindKubeconfig, Kubeconfig: gone, Context: "skole"})
	_, err := newTestProvider(t, getenv, &answers{}, &bytes.Buffer{}).Resolve(KubeconfigFlags{})
	if err == nil || !strings.Contains(err.Error(), "konteksten «skole» i "+gone+", som du valgte tidligere") || !strings.Contains(err.Error(), "kubekurs cluster use lab") {
		t.Errorf("err = %v", err)
	}
}

// TestResolveRememberedKindCluster: a remembered kind cluster is reached
// through kubekurs's own kubeconfig for it, in the Namespace «kurs»; a
// missing kubeconfig says how to make the cluster.
func TestResolveRememberedKindCluster(t *testing.T) {
	getenv := testEnv(t, map[string]string{})
	remember(t, getenv, &Choice{Kind: KindKind, Name: "mitt"})
	p := newTestProvider(t, getenv, &answers{}, &bytes.Buffer{})
	if _, err := p.Resolve(KubeconfigFlags{}); err == nil || !strings.Contains(err.Error(), "kubekurs cluster create") {
		t.Errorf("no kubeconfig: %v", err)
	}
	path, err := p.kindKubeconfigPath("mitt")
	if err != nil {
		t.Fatal(err)
	}
	writeKubeconfig(t, path, "kind-mitt", "https://127.0.0.1:36443")
	got, err := p.Resolve(KubeconfigFlags{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != KindKind || got.Namespace != DefaultNamespace || got.Config.Host != "https://127.0.0.1:36443" || !strings.Contains(got.Description, "kind-clusteret «mitt»") {
		t.Errorf("kind target %+v", got)
	}
}

// TestKubectlDefaultsOnlyWhenKubectlHasNone: the built-in kubectl points
// at the course's cluster only when kubectl would find no kubeconfig.
func TestKubectlDefaultsOnlyWhenKubectlHasNone(t *testing.T) {
	vars := map[string]string{}
	getenv := testEnv(t, vars)
	p := newTestProvider(t, getenv, &answers{}, &bytes.Buffer{})
	if got := p.KubectlDefaults(); got != (KubectlDefaults{}) {
		t.Errorf("nothing chosen, no lab: %+v", got)
	}
	remember(t, getenv, &Choice{Kind: KindKind, Name: "mitt"})
	want, _ := p.kindKubeconfigPath("mitt")
	if got := newTestProvider(t, getenv, &answers{}, &bytes.Buffer{}).KubectlDefaults(); got != (KubectlDefaults{Kubeconfig: want, Namespace: DefaultNamespace}) {
		t.Errorf("remembered kind cluster: %+v", got)
	}
	remember(t, getenv, &Choice{Kind: KindKubeconfig, Kubeconfig: "/skole.kubeconfig", Context: "skole", Namespace: "elev-kari"})
	p = newTestProvider(t, getenv, &answers{}, &bytes.Buffer{})
	if got := p.KubectlDefaults(); got != (KubectlDefaults{Kubeconfig: "/skole.kubeconfig", Context: "skole", Namespace: "elev-kari"}) {
		t.Errorf("remembered context: %+v", got)
	}
	vars["KUBECONFIG"] = "/egen"
	if got := p.KubectlDefaults(); got != (KubectlDefaults{}) {
		t.Errorf("$KUBECONFIG set: %+v", got)
	}
	delete(vars, "KUBECONFIG")
	writeKubeconfig(t, filepath.Join(vars["HOME"], ".kube", "config"), "hjemme", "https://127.0.0.1:6443")
	if got := p.KubectlDefaults(); got != (KubectlDefaults{}) {
		t.Errorf("~/.kube/config exists: %+v", got)
	}
}

// TestUnreadableSettingsAreReportedOnce: a broken config.json is moved
// aside and the learner told where, once.
func TestUnreadableSettingsAreReportedOnce(t *testing.T) {
	getenv := testEnv(t, map[string]string{})
	dir, _ := ConfigDir(getenv)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SettingsFileName), []byte("{ødelagt"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	p := newTestProvider(t, getenv, &answers{}, &out)
	for range 2 {
		if c, err := p.Remembered(); err != nil || c != nil {
			t.Fatalf("remembered %+v, %v", c, err)
		}
	}
	if n := strings.Count(out.String(), "kunne ikke leses og er flyttet til"); n != 1 {
		t.Errorf("told %d times:\n%s", n, out.String())
	}
}
