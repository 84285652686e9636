package cluster

import (
	"bytes"
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/kind/pkg/log"

	"github.com/kubekurs/kubekurs/cluster/kind"
	"github.com/kubekurs/kubekurs/cluster/lab"
)

// fakeKind is kind with the clusters named, all on one API server; err
// (kind.ErrNoRuntime, a *kind.RuntimeError) fails every call.
type fakeKind struct {
	t        *testing.T
	clusters []string
	err      error
	created  []kind.Options
	deleted  []string
	merged   []string
}

func (f *fakeKind) Exists(name string) (bool, error) {
	if f.err != nil {
		return false, f.err
	}
	return slices.Contains(f.clusters, name), nil
}

func (f *fakeKind) ExistsWithin(name string, _ time.Duration) (bool, error) { return f.Exists(name) }

func (f *fakeKind) Kubeconfig(name string) ([]byte, error) {
	return kubeconfigFor(f.t, "kind-"+name, "https://127.0.0.1:36443"), f.err
}

func (f *fakeKind) Create(opts kind.Options) error {
	if f.err != nil {
		return f.err
	}
	f.created = append(f.created, opts)
	f.clusters = append(f.clusters, opts.Name)
	writeKubeconfig(f.t, opts.KubeconfigPath, "kind-"+opts.Name, "https://127.0.0.1:36443")
	return nil
}

func (f *fakeKind) Delete(name, _ string) error {
	f.deleted = append(f.deleted, name)
	return f.err
}

func (f *fakeKind) MergeKubeconfig(name string) error {
	f.merged = append(f.merged, name)
	return f.err
}

// withKind makes the Provider use f, or find no container runtime when f
// is nil.
func withKind(f *fakeKind) ProviderOption {
	return providerOption(func(p *Provider) error {
		p.newKind = func(log.Logger) (kindClusters, error) {
			if f == nil {
				return nil, kind.ErrNoRuntime
			}
			return f, nil
		}
		return nil
	})
}

// withLabStart makes starting the practice cluster fail with err, and
// counts the starts.
func withLabStart(starts *int, err error) ProviderOption {
	return providerOption(func(p *Provider) error {
		p.startLab = func(context.Context, *lab.Lab, lab.DetachedOptions) (lab.State, error) {
			*starts++
			return lab.State{}, err
		}
		return nil
	})
}

// TestCourseWithoutDockerStartsTheLab: nothing chosen and no Docker: the
// course says why and starts the practice cluster, and does not remember
// the fallback.
func TestCourseWithoutDockerStartsTheLab(t *testing.T) {
	getenv := testEnv(t, map[string]string{"KUBEKURS_LAB_BIN": t.TempDir()})
	var out bytes.Buffer
	starts := 0
	p := newTestProvider(t, getenv, &answers{}, &out, withKind(nil), withLabStart(&starts, errors.New("programfilene mangler")),
		ProviderWithExecutable(func() (string, error) { return "/kubekurs", nil }))
	_, err := p.Course(t.Context(), KubeconfigFlags{})
	var explained *ExplainedError
	if !errors.As(err, &explained) || !strings.Contains(explained.Message, "programfilene mangler") {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"Fant ikke Docker eller Podman", "kubekurs cluster create", "Starter øvingsclusteret …"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if starts != 1 {
		t.Errorf("%d starts", starts)
	}
	if c := remembered(t, getenv); c != nil {
		t.Errorf("the fallback was remembered: %+v", c)
	}
}

// TestCourseOffersKind: Docker runs and the kind cluster is missing: on
// yes it is created with two workers and remembered; on no the practice
// cluster is remembered instead.
func TestCourseOffersKind(t *testing.T) {
	t.Run("yes", func(t *testing.T) {
		getenv := testEnv(t, map[string]string{})
		fake := &fakeKind{t: t, clusters: []string{"annet"}}
		a := &answers{given: []string{""}}
		var out bytes.Buffer
		got, err := newTestProvider(t, getenv, a, &out, withKind(fake)).Course(t.Context(), KubeconfigFlags{})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.asked) != 1 || a.asked[0] != "Lage kind-clusteret «kubekurs» nå? [J/n] " || !strings.Contains(out.String(), "Docker kjører") {
			t.Errorf("asked %q, output:\n%s", a.asked, out.String())
		}
		if len(fake.created) != 1 || fake.created[0].Name != kind.DefaultName || fake.created[0].Workers != KindWorkers {
			t.Errorf("created %+v", fake.created)
		}
		if !strings.Contains(out.String(), "Lager kind-clusteret «kubekurs» med 2 worker-noder …") {
			t.Errorf("no progress title:\n%s", out.String())
		}
		if got.Kind != KindKind || got.Namespace != DefaultNamespace || !strings.Contains(got.Why, "Docker kjører") {
			t.Errorf("target %+v", got)
		}
		if c := remembered(t, getenv); c == nil || *c != (Choice{Kind: KindKind, Name: kind.DefaultName}) {
			t.Errorf("remembered %+v", c)
		}
	})
	t.Run("no", func(t *testing.T) {
		getenv := testEnv(t, map[string]string{"KUBEKURS_LAB_BIN": t.TempDir()})
		fake := &fakeKind{t: t}
		var out bytes.Buffer
		starts := 0
		_, err := newTestProvider(t, getenv, &answers{given: []string{"n"}}, &out, withKind(fake), withLabStart(&starts, errors.New("stopp"))).
			Course(t.Context(), KubeconfigFlags{})
		if err == nil || starts != 1 || len(fake.created) != 0 || !strings.Contains(out.String(), "Da bruker kurset øvingsclusteret") {
			t.Errorf("err %v, %d starts, created %+v:\n%s", err, starts, fake.created, out.String())
		}
		if c := remembered(t, getenv); c == nil || c.Kind != KindLab {
			t.Errorf("remembered %+v", c)
		}
	})
}

// TestCourseRememberedKind: a remembered kind cluster that exists is used
// without a word (its kubeconfig fetched when kubekurs has none); one
// whose Docker is gone is an error that says what to do.
func TestCourseRememberedKind(t *testing.T) {
	getenv := testEnv(t, map[string]string{})
	remember(t, getenv, &Choice{Kind: KindKind, Name: "mitt"})
	fake := &fakeKind{t: t, clusters: []string{"mitt"}}
	var out bytes.Buffer
	got, err := newTestProvider(t, getenv, &answers{}, &out, withKind(fake)).Course(t.Context(), KubeconfigFlags{Namespace: "egen"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != KindKind || got.Namespace != "egen" || len(fake.created) != 0 || !strings.Contains(got.Why, "som du har valgt") {
		t.Errorf("target %+v, created %+v", got, fake.created)
	}
	if out.String() != "Kind-clusteret «mitt» finnes allerede, så kurset bruker det.\n" {
		t.Errorf("output %q", out.String())
	}

	_, err = newTestProvider(t, getenv, &answers{}, &out, withKind(nil)).Course(t.Context(), KubeconfigFlags{})
	if err == nil || !strings.Contains(err.Error(), "Fant ikke Docker") || !strings.Contains(err.Error(), "kubekurs cluster use lab") {
		t.Errorf("without Docker: %v", err)
	}
}

// TestCourseNamedContext: a context named by flag is confirmed and
// remembered; one named only by $KUBECONFIG, or from inside the course
// shell, is used but not remembered; no means no.
func TestCourseNamedContext(t *testing.T) {
	kc := t.TempDir() + "/skole.kubeconfig"
	writeKubeconfig(t, kc, "skole", "https://127.0.0.1:16443")
	tests := []struct {
		name     string
		env      map[string]string
		flags    KubeconfigFlags
		answer   string
		remember *Choice
		fails    bool
	}{
		{"flag, yes", map[string]string{}, KubeconfigFlags{Kubeconfig: kc, Namespace: "elev"}, "j",
			&Choice{Kind: KindKubeconfig, Kubeconfig: kc, Context: "skole", Namespace: "elev"}, false},
		{"$KUBECONFIG only", map[string]string{"KUBECONFIG": kc}, KubeconfigFlags{}, "j", nil, false},
		{"course shell", map[string]string{"KUBEKURS_SHELL": "1"}, KubeconfigFlags{Kubeconfig: kc}, "j", nil, false},
		{"no", map[string]string{}, KubeconfigFlags{Kubeconfig: kc}, "n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := testEnv(t, tt.env)
			a := &answers{given: []string{tt.answer}}
			got, err := newTestProvider(t, getenv, a, &bytes.Buffer{}, withKind(nil)).Course(t.Context(), tt.flags)
			if tt.fails != (err != nil) || len(a.asked) != 1 {
				t.Fatalf("err %v, asked %q", err, a.asked)
			}
			if err == nil && (got.Context != "skole" || got.Why != "") {
				t.Errorf("target %+v", got)
			}
			if c := remembered(t, getenv); (c == nil) != (tt.remember == nil) || c != nil && *c != *tt.remember {
				t.Errorf("remembered %+v, want %+v", c, tt.remember)
			}
		})
	}
}

func TestUse(t *testing.T) {
	kc := t.TempDir() + "/skole.kubeconfig"
	writeKubeconfig(t, kc, "skole", "https://127.0.0.1:16443")
	tests := []struct {
		name  string
		flags KubeconfigFlags
		args  []string
		want  Choice
		err   string
	}{
		{"lab", KubeconfigFlags{}, []string{"lab"}, Choice{Kind: KindLab}, ""},
		{"kind", KubeconfigFlags{}, []string{"kind"}, Choice{Kind: KindKind, Name: "kubekurs"}, ""},
		{"kind by name", KubeconfigFlags{}, []string{"kind", "mitt"}, Choice{Kind: KindKind, Name: "mitt"}, ""},
		{"missing kind", KubeconfigFlags{}, []string{"kind", "borte"}, Choice{}, "Kind-clusteret «borte» finnes ikke. Lag det med `kubekurs cluster create --name borte`."},
		{"context", KubeconfigFlags{Kubeconfig: kc, Namespace: "elev"}, nil, Choice{Kind: KindKubeconfig, Kubeconfig: kc, Context: "skole", Namespace: "elev"}, ""},
		{"nothing", KubeconfigFlags{}, nil, Choice{}, ErrBadChoice.Error()},
		{"unknown", KubeconfigFlags{}, []string{"docker"}, Choice{}, ErrBadChoice.Error()},
		{"lab with a name", KubeconfigFlags{}, []string{"lab", "x"}, Choice{}, ErrBadChoice.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := testEnv(t, map[string]string{})
			fake := &fakeKind{t: t, clusters: []string{"kubekurs", "mitt"}}
			got, err := newTestProvider(t, getenv, &answers{given: []string{"j"}}, &bytes.Buffer{}, withKind(fake)).Use(t.Context(), tt.flags, tt.args...)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("err = %v, want %q", err, tt.err)
				}
				if c := remembered(t, getenv); c != nil {
					t.Errorf("remembered %+v after an error", c)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v", got, err)
			}
			if c := remembered(t, getenv); c == nil || *c != tt.want {
				t.Errorf("remembered %+v", c)
			}
			if tt.want.Kind == KindKind {
				path, _ := newTestProvider(t, getenv, &answers{}, &bytes.Buffer{}).kindKubeconfigPath(tt.want.Name)
				if _, err := os.Stat(path); err != nil || len(fake.created) != 0 {
					t.Errorf("kubeconfig not fetched (%v) or cluster created %+v", err, fake.created)
				}
			}
		})
	}
}

// TestCreateAndDeleteKind: create makes the cluster the choice; delete
// forgets the choice only when it was that cluster.
func TestCreateAndDeleteKind(t *testing.T) {
	getenv := testEnv(t, map[string]string{})
	fake := &fakeKind{t: t}
	p := newTestProvider(t, getenv, &answers{}, &bytes.Buffer{}, withKind(fake))
	if err := p.CreateKind(t.Context(), KindOptions{Name: "mitt", Workers: 1, MergeKubeconfig: true}); err != nil {
		t.Fatal(err)
	}
	if len(fake.created) != 1 || fake.created[0].Workers != 1 || !slices.Equal(fake.merged, []string{"mitt"}) {
		t.Errorf("created %+v, merged %v", fake.created, fake.merged)
	}
	if c := remembered(t, getenv); c == nil || *c != (Choice{Kind: KindKind, Name: "mitt"}) {
		t.Errorf("remembered %+v", c)
	}
	if forgot, err := p.DeleteKind("annet"); err != nil || forgot {
		t.Errorf("deleting another cluster: forgot %v, %v", forgot, err)
	}
	path, _ := p.kindKubeconfigPath("mitt")
	if forgot, err := p.DeleteKind("mitt"); err != nil || !forgot {
		t.Errorf("deleting the chosen cluster: forgot %v, %v", forgot, err)
	}
	if _, err := os.Stat(path); err == nil || remembered(t, getenv) != nil {
		t.Error("kubeconfig or choice left after delete")
	}
}

// TestKindProblemsAreExplained: kind's errors become Norwegian messages;
// those of the machine, not the learner, are the environment's.
func TestKindProblemsAreExplained(t *testing.T) {
	tests := []struct {
		err  error
		env  bool
		want string
	}{
		{kind.ErrNoRuntime, true, "Fant ikke Docker. Kjører Docker? Prøv `docker info`."},
		{&kind.RuntimeError{Output: "Cannot connect"}, true, "Docker svarer ikke:\n  Cannot connect"},
		{&kind.PortTakenError{Port: 8080}, true, "`ss -ltnp | grep 8080`"},
		{&kind.PortTakenError{}, true, "(30001, 8080, 8443)"},
		{&kind.ImagePullError{Output: "no such host"}, true, "node-imaget til kind:\n  no such host"},
		{errors.New("noe annet"), false, "kind feilet: noe annet"},
	}
	for _, tt := range tests {
		var explained *ExplainedError
		if err := kindProblem(tt.err); !errors.As(err, &explained) || explained.Environment != tt.env ||
			!strings.Contains(explained.Message, tt.want) || !errors.Is(err, tt.err) {
			t.Errorf("%v: %+v", tt.err, explained)
		}
	}
}
