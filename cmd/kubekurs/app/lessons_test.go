package app

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kubekurs/kubekurs/cluster/lab"
)

func TestLessonsValidateEmbeddedCourse(t *testing.T) {
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	code, out, errOut := run(t, env, "lessons", "validate")
	if code != exitOK {
		t.Fatalf("embedded course: exit %d\n%s%s", code, out, errOut)
	}
}

func TestLessonsValidateRejectsBrokenPack(t *testing.T) {
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	code, _, errOut := run(t, env, "lessons", "validate", "../../../lessons/testdata/broken")
	if code != exitError {
		t.Fatalf("broken pack: exit %d, want %d\n%s", code, exitError, errOut)
	}
	fileLine := regexp.MustCompile(`^\S+\.(md|yaml):\d+: \S`)
	problems := 0
	for _, line := range strings.Split(strings.TrimSpace(errOut), "\n") {
		if fileLine.MatchString(line) {
			problems++
		}
	}
	if problems < 10 {
		t.Errorf("only %d file:line problems in:\n%s", problems, errOut)
	}
	for _, want := range []string{
		"B02-dup.md:2: id «B01» er brukt før",
		"B04-steg.md:21: løsningslinjen må starte med kubectl",
		"B04-steg.md:13: ukjent nøkkel «bad» for sjekktypen podReady",
		"notes.txt", // a stray file
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("output lacks %q:\n%s", want, errOut)
		}
	}
}

// TestClientLibrariesMatchLab keeps the root module's Kubernetes client
// libraries (and so the built-in kubectl) at the practice cluster's
// release, which stampKubeVersion relies on.
func TestClientLibrariesMatchLab(t *testing.T) {
	gomod, err := os.ReadFile("../../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	want := "v0" + strings.TrimPrefix(lab.KubernetesVersion, "v1")
	for _, mod := range []string{"k8s.io/api", "k8s.io/apimachinery", "k8s.io/client-go", "k8s.io/kubectl", "k8s.io/component-base"} {
		m := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(mod) + ` (v\S+)`).FindStringSubmatch(string(gomod))
		if m == nil || m[1] != want {
			t.Errorf("%s: %v, want %s", mod, m, want)
		}
	}
}

func TestBuiltInKubectlKnowsItsVersion(t *testing.T) {
	stampKubeVersion()
	if componentBaseGitVersion != lab.KubernetesVersion {
		t.Errorf("component-base version %q, want %q", componentBaseGitVersion, lab.KubernetesVersion)
	}
}
