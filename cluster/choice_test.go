package cluster

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/kubekurs/kubekurs/cluster/kind"
)

// kindProbe answers KindExistsFunc from a fixed set of clusters, or with
// err; it records the names it was asked about.
type kindProbe struct {
	clusters []string
	err      error
	asked    []string
}

func (p *kindProbe) exists(name string) (bool, error) {
	p.asked = append(p.asked, name)
	if p.err != nil {
		return false, p.err
	}
	for _, c := range p.clusters {
		if c == name {
			return true, nil
		}
	}
	return false, nil
}

func TestDecide(t *testing.T) {
	stopped := &kind.RuntimeError{Output: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"}
	tests := []struct {
		name       string
		remembered *Choice
		probe      *kindProbe
		want       Choice
		offer      bool
		remember   bool
		why        []string
		noProbe    bool
	}{
		{name: "no docker: lab, not remembered", probe: &kindProbe{err: kind.ErrNoRuntime},
			want: Choice{Kind: KindLab}, why: []string{"Fant ikke Docker eller Podman", "øvingsclusteret", "kubekurs cluster create"}},
		{name: "docker daemon stopped: lab with the daemon's words", probe: &kindProbe{err: stopped},
			want: Choice{Kind: KindLab}, why: []string{"Docker svarer ikke: Cannot connect to the Docker daemon", "øvingsclusteret"}},
		{name: "kind cluster exists: use it", probe: &kindProbe{clusters: []string{"annet", "kubekurs"}},
			want: Choice{Kind: KindKind, Name: "kubekurs"}, remember: true, why: []string{"Fant kind-clusteret «kubekurs»"}},
		{name: "docker but no cluster: offer", probe: &kindProbe{clusters: []string{"annet"}},
			want: Choice{Kind: KindKind, Name: "kubekurs"}, offer: true, remember: true, why: []string{"Docker kjører"}},
		{name: "remembered lab: docker never asked", remembered: &Choice{Kind: KindLab}, probe: &kindProbe{err: errors.New("must not be called")},
			want: Choice{Kind: KindLab}, noProbe: true, why: []string{"som du har valgt"}},
		{name: "remembered context", remembered: &Choice{Kind: KindKubeconfig, Context: "skole", Kubeconfig: "/k"}, probe: &kindProbe{},
			want: Choice{Kind: KindKubeconfig, Context: "skole", Kubeconfig: "/k"}, noProbe: true, why: []string{"konteksten «skole» i /k"}},
		{name: "remembered kind exists", remembered: &Choice{Kind: KindKind, Name: "mitt"}, probe: &kindProbe{clusters: []string{"mitt"}},
			want: Choice{Kind: KindKind, Name: "mitt"}, why: []string{"kind-clusteret «mitt»"}},
		{name: "remembered kind gone: offer again", remembered: &Choice{Kind: KindKind, Name: "mitt"}, probe: &kindProbe{},
			want: Choice{Kind: KindKind, Name: "mitt"}, offer: true, remember: true, why: []string{"finnes ikke lenger"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Decide(tt.remembered, tt.probe.exists)
			if err != nil {
				t.Fatal(err)
			}
			if d.Choice != tt.want || d.OfferKind != tt.offer || d.Remember != tt.remember {
				t.Errorf("got %+v offer=%v remember=%v, want %+v offer=%v remember=%v", d.Choice, d.OfferKind, d.Remember, tt.want, tt.offer, tt.remember)
			}
			for _, w := range tt.why {
				if !strings.Contains(d.Why, w) {
					t.Errorf("Why %q lacks %q", d.Why, w)
				}
			}
			if tt.noProbe && len(tt.probe.asked) > 0 {
				t.Errorf("asked Docker about %v", tt.probe.asked)
			}
		})
	}
}

func TestDecideRememberedKindWithoutDockerIsAnError(t *testing.T) {
	_, err := Decide(&Choice{Kind: KindKind, Name: "kubekurs"}, (&kindProbe{err: kind.ErrNoRuntime}).exists)
	var unavailable *UnavailableError
	if !errors.As(err, &unavailable) {
		t.Fatalf("err = %v, want *UnavailableError", err)
	}
	msg := unavailable.Message()
	for _, w := range []string{"kind-clusteret «kubekurs»", "Fant ikke Docker", "kubekurs cluster use lab"} {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q lacks %q", msg, w)
		}
	}
}

func TestSettingsRoundTripAndBackup(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kubekurs")
	now := func() time.Time { return time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC) }
	s, err := OpenSettings(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	if s.Choice() != nil || s.Confirmed("c", "https://s") {
		t.Fatal("fresh settings are not empty")
	}
	if err := s.SetChoice(&Choice{Kind: KindKind, Name: "kubekurs"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Confirm("c", "https://s", now()); err != nil {
		t.Fatal(err)
	}
	again, err := OpenSettings(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	if c := again.Choice(); c == nil || *c != (Choice{Kind: KindKind, Name: "kubekurs"}) {
		t.Errorf("choice = %+v", c)
	}
	if !again.Confirmed("c", "https://s") || again.Confirmed("c", "https://other") {
		t.Error("confirmations not kept per context and server")
	}
	st, err := os.Stat(filepath.Join(dir, SettingsFileName))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v", st.Mode().Perm(), err)
	}

	// An unreadable file is moved aside with its content, never lost.
	path := filepath.Join(dir, SettingsFileName)
	if err := os.WriteFile(path, []byte("{ødelagt"), 0o600); err != nil {
		t.Fatal(err)
	}
	broken, err := OpenSettings(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	if broken.Recovered() != path+".ødelagt-20261122T030000Z" || broken.Choice() != nil {
		t.Errorf("recovered to %q, choice %+v", broken.Recovered(), broken.Choice())
	}
	if data, _ := os.ReadFile(broken.Recovered()); string(data) != "{ødelagt" {
		t.Errorf("backup holds %q", data)
	}
}

// TestFromKubeconfigResolvesAsKubectl: $KUBECONFIG is a list of files
// merged (first wins), --kubeconfig replaces it, --context picks a
// context, and the namespace comes from the flag, the context, or
// "default".
func TestFromKubeconfigResolvesAsKubectl(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	write := func(path string, contexts map[string][2]string, current string) {
		cfg := clientcmdapi.NewConfig()
		for name, v := range contexts {
			cfg.Clusters[name] = &clientcmdapi.Cluster{Server: v[0]}
			cfg.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: "t-" + name}
			cfg.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name, Namespace: v[1]}
		}
		cfg.CurrentContext = current
		if err := clientcmd.WriteToFile(*cfg, path); err != nil {
			t.Fatal(err)
		}
	}
	write(a, map[string][2]string{"skole": {"https://10.0.0.1:6443", "elev-kari"}}, "skole")
	write(b, map[string][2]string{"hjemme": {"https://127.0.0.1:6443", ""}, "skole": {"https://10.9.9.9:6443", ""}}, "hjemme")
	write(c, map[string][2]string{"eget": {"https://127.0.0.2:6443", ""}}, "eget")
	getenv := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	list := a + string(os.PathListSeparator) + b

	tests := []struct {
		name        string
		env         map[string]string
		flags       KubeconfigFlags
		host, ns    string
		contextName string
	}{
		{"first file's current context", map[string]string{"KUBECONFIG": list}, KubeconfigFlags{}, "https://10.0.0.1:6443", "elev-kari", "skole"},
		{"context from the second file", map[string]string{"KUBECONFIG": list}, KubeconfigFlags{Context: "hjemme"}, "https://127.0.0.1:6443", "default", "hjemme"},
		{"first file wins a clash", map[string]string{"KUBECONFIG": b + string(os.PathListSeparator) + a}, KubeconfigFlags{Context: "skole"}, "https://10.9.9.9:6443", "default", "skole"},
		{"--kubeconfig replaces $KUBECONFIG", map[string]string{"KUBECONFIG": list}, KubeconfigFlags{Kubeconfig: c}, "https://127.0.0.2:6443", "default", "eget"},
		{"--namespace wins", map[string]string{"KUBECONFIG": a}, KubeconfigFlags{Namespace: "annet"}, "https://10.0.0.1:6443", "annet", "skole"},
		{"HOME's config when named", map[string]string{"HOME": homeWith(t, c)}, KubeconfigFlags{Context: "eget"}, "https://127.0.0.2:6443", "default", "eget"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromKubeconfig(getenv(tt.env), tt.flags)
			if err != nil {
				t.Fatal(err)
			}
			if got.Config.Host != tt.host || got.Namespace != tt.ns || got.Context != tt.contextName {
				t.Errorf("got %s %s %s, want %s %s %s", got.Context, got.Config.Host, got.Namespace, tt.contextName, tt.host, tt.ns)
			}
			// The course shell's copy holds that context alone.
			shell, err := clientcmd.Load(got.Kubeconfig)
			if err != nil {
				t.Fatal(err)
			}
			if len(shell.Contexts) != 1 || shell.CurrentContext != tt.contextName || shell.Clusters[shell.Contexts[tt.contextName].Cluster].Server != tt.host {
				t.Errorf("shell kubeconfig: %+v", shell)
			}
		})
	}
	if _, err := FromKubeconfig(getenv(map[string]string{"KUBECONFIG": a}), KubeconfigFlags{Context: "finnes-ikke"}); err == nil {
		t.Error("an unknown context must be an error")
	}
}

// homeWith makes a HOME whose ~/.kube/config is a copy of path.
func homeWith(t *testing.T, path string) string {
	t.Helper()
	home := t.TempDir()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(home, ".kube"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".kube", "config"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return home
}
