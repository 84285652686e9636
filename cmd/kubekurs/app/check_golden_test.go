package app

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/grade"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestIntegrationCheckCELGolden: `check` shows a failing CEL criterion by
// its criterion text, as text and as JSON, and never the CEL source.
func TestIntegrationCheckCELGolden(t *testing.T) {
	c := labtest.Require(t, testCluster)
	l := newLearner(t, c)
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "innstillinger"}, Data: map[string]string{"farge": "rød"}}
	if _, err := c.Client.CoreV1().ConfigMaps(l.namespace).Create(t.Context(), cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	args := []string{"check", "L01", "--lessons", filepath.Join("testdata", "celcheck"), "--kubeconfig", l.kubeconfig, "--wait", "0"}

	code, jsonOut, errOut := run(t, env, append(args, "-o", "json")...)
	var report grade.Report
	if err := json.Unmarshal([]byte(jsonOut), &report); err != nil || code != exitError {
		t.Fatalf("exit %d, json: %v\n%s%s", code, err, jsonOut, errOut)
	}
	code, textOut, errOut := run(t, env, args...)
	if code != exitError {
		t.Fatalf("exit %d\n%s%s", code, textOut, errOut)
	}
	// The cluster's description and the Namespace differ from run to run.
	stable := strings.NewReplacer(report.Cluster, "<cluster>", l.namespace, "<namespace>")
	for name, out := range map[string]string{"check-cel.golden": textOut, "check-cel.json.golden": jsonOut} {
		out = stable.Replace(out)
		if strings.Contains(out, "object.") || strings.Contains(out, "exists(") {
			t.Errorf("%s shows the CEL source:\n%s", name, out)
		}
		for _, want := range []string{"ConfigMapet «innstillinger» har farge blå", "ConfigMapet «innstillinger» er slik steget ber om", "fargen er ikke blå"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q:\n%s", name, want, out)
			}
		}
		golden(t, name, out)
	}
}

// golden compares got with testdata/name, or rewrites the file under
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update to refresh it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}
