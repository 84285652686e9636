package grade

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/lessons"
)

// testCluster is the practice cluster TestMain starts (nil under -short).
var testCluster *labtest.Cluster

func TestMain(m *testing.M) {
	os.Exit(labtest.Run(m, func(c *labtest.Cluster) { testCluster = c }))
}

// step is a step whose one check block is src.
func step(t *testing.T, title, src string, requires ...string) *lessons.Step {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	return &lessons.Step{Title: title, Checks: []lessons.CheckBlock{{Source: src, Node: &doc}}, Options: lessons.StepOptions{Requires: requires}}
}

const webReady = "- type: deploymentReady\n  name: web\n  replicas: 1\n"

// TestRunOnAnUnreachableClusterRunsEveryStep: when what the cluster can do
// cannot be found out, no step is skipped; the checks say that the
// cluster does not answer, and nothing passes.
func TestRunOnAnUnreachableClusterRunsEveryStep(t *testing.T) {
	gone := &cluster.Target{Description: "borte", Namespace: "kurs",
		Config: &rest.Config{Host: "https://127.0.0.1:1", TLSClientConfig: rest.TLSClientConfig{Insecure: true}}}
	lesson := &lessons.Lesson{ID: "T01", Requires: []string{"running-containers"}}
	report, err := Run(t.Context(), gone, lesson, []*lessons.Step{step(t, "Lag web", webReady)}, Options{First: 2, SettleSet: true})
	if err != nil {
		t.Fatal(err)
	}
	if report.Passed || report.Cluster != "borte" || report.Namespace != "kurs" || len(report.Steps) != 1 {
		t.Fatalf("report %+v", report)
	}
	s := report.Steps[0]
	if s.Lesson != "T01" || s.Step != 2 || s.Title != "Lag web" || s.Skipped != "" || len(s.Results) != 1 || s.Results[0].Status != checks.EnvError {
		t.Errorf("step %+v", s)
	}
}

// TestRunStopsAtAnUnreachableCluster: once a step finds the API server
// unreachable, the steps after it are skipped with the reason, and
// nothing waits for the steps' settle time.
func TestRunStopsAtAnUnreachableCluster(t *testing.T) {
	gone := &cluster.Target{Description: "borte", Namespace: "kurs",
		Config: &rest.Config{Host: "https://127.0.0.1:1", TLSClientConfig: rest.TLSClientConfig{Insecure: true}}}
	first, second := step(t, "Lag web", webReady), step(t, "Lag web igjen", webReady)
	first.Options.Settle, second.Options.Settle = 30*time.Second, 30*time.Second
	start := time.Now()
	report, err := Run(t.Context(), gone, &lessons.Lesson{ID: "T01"}, []*lessons.Step{first, second}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s, want under 5s", d)
	}
	if report.Passed || len(report.Steps) != 2 {
		t.Fatalf("report %+v", report)
	}
	if s := report.Steps[0]; s.Skipped != "" || len(s.Results) != 1 || s.Results[0].Status != checks.EnvError || !checks.AnyUnreachable(s.Results) {
		t.Errorf("step 1: %+v", s)
	}
	if s := report.Steps[1]; s.Skipped != "API-serveren kan ikke nås (se steg 1)" || len(s.Results) != 0 {
		t.Errorf("step 2: %+v", s)
	}
}

// TestRunExplainsABrokenCheck: a check that does not compile is the
// lesson's fault, named by lesson and step.
func TestRunExplainsABrokenCheck(t *testing.T) {
	target := &cluster.Target{Namespace: "kurs", Config: &rest.Config{Host: "https://127.0.0.1:1"}}
	_, err := Run(t.Context(), target, &lessons.Lesson{ID: "T01"}, []*lessons.Step{step(t, "Feil", "- type: finnesIkke\n")}, Options{First: 3})
	var explained *cluster.ExplainedError
	if !errors.As(err, &explained) || !strings.Contains(explained.Message, "Leksjonen T01 har en ugyldig sjekk i steg 3") {
		t.Errorf("err = %v", err)
	}
}

// TestIntegrationRunSkipsWhatTheClusterLacks: on the practice cluster a
// step that needs real containers is skipped with the reason; the others
// are checked with their own settle time unless Settle replaces it.
func TestIntegrationRunSkipsWhatTheClusterLacks(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	target := &cluster.Target{Description: "øvingsclusteret", Namespace: ns, Config: c.Config}
	steps := []*lessons.Step{
		step(t, "Logger", webReady, "running-containers"),
		step(t, "Web", webReady),
	}
	report, err := Run(t.Context(), target, &lessons.Lesson{ID: "T01"}, steps, Options{SettleSet: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Steps) != 2 || report.Passed {
		t.Fatalf("report %+v", report)
	}
	skipped, checked := report.Steps[0], report.Steps[1]
	if skipped.Step != 1 || skipped.Skipped != cluster.Explain(cluster.RunningContainers) || len(skipped.Results) != 0 {
		t.Errorf("skipped step %+v", skipped)
	}
	if checked.Step != 2 || checked.Skipped != "" || len(checked.Results) != 1 || checked.Results[0].Status != checks.Failed {
		t.Errorf("checked step %+v", checked)
	}
}
