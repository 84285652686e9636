package lab

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// testStage is the part of KWOK's v1alpha1 Stage that the stage files use.
// Decoding is strict, so a misspelt field fails the test.
type testStage struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		ResourceRef struct {
			APIGroup string `json:"apiGroup"`
			Kind     string `json:"kind"`
		} `json:"resourceRef"`
		Selector struct {
			MatchExpressions []struct {
				Key      string   `json:"key"`
				Operator string   `json:"operator"`
				Values   []string `json:"values,omitempty"`
			} `json:"matchExpressions"`
		} `json:"selector"`
		Delay *struct {
			DurationMilliseconds       int64  `json:"durationMilliseconds"`
			JitterDurationMilliseconds *int64 `json:"jitterDurationMilliseconds,omitempty"`
		} `json:"delay,omitempty"`
		Next *struct {
			StatusTemplate string `json:"statusTemplate,omitempty"`
			Delete         bool   `json:"delete,omitempty"`
		} `json:"next,omitempty"`
		Steps []struct {
			Patch *struct {
				Subresource string `json:"subresource"`
				Root        string `json:"root"`
				Template    string `json:"template"`
			} `json:"patch,omitempty"`
			Apply *struct {
				Template string `json:"template"`
			} `json:"apply,omitempty"`
		} `json:"steps,omitempty"`
	} `json:"spec"`
}

// statusTemplate returns the template the stage patches the status with,
// written either the old way (next.statusTemplate) or as a step.
func (s testStage) statusTemplate(t *testing.T) string {
	t.Helper()
	if s.Spec.Next != nil {
		return s.Spec.Next.StatusTemplate
	}
	for _, step := range s.Spec.Steps {
		if p := step.Patch; p != nil && p.Subresource == "status" && p.Root == "status" {
			return p.Template
		}
	}
	t.Fatalf("stage %q does not patch the status", s.Metadata.Name)
	return ""
}

// applyTemplate returns the template of the stage's one apply step.
func (s testStage) applyTemplate(t *testing.T) string {
	t.Helper()
	for _, step := range s.Spec.Steps {
		if step.Apply != nil {
			return step.Apply.Template
		}
	}
	t.Fatalf("stage %q applies nothing", s.Metadata.Name)
	return ""
}

// parseTestStages splits the generated configuration into documents and
// decodes each one.
func parseTestStages(t *testing.T) []testStage {
	t.Helper()
	docs := regexp.MustCompile(`(?m)^---\n`).Split(string(kwokStages()), -1)
	stages := make([]testStage, 0, len(docs))
	for i, doc := range docs {
		var s testStage
		if err := yaml.UnmarshalStrict([]byte(doc), &s); err != nil {
			t.Fatalf("document %d: %v\n%s", i, err, doc)
		}
		stages = append(stages, s)
	}
	return stages
}

// testStageByName returns the stage called name.
func testStageByName(t *testing.T, stages []testStage, name string) testStage {
	t.Helper()
	for _, s := range stages {
		if s.Metadata.Name == name {
			return s
		}
	}
	t.Fatalf("no stage %q", name)
	return testStage{}
}

func TestKwokStagesAreStages(t *testing.T) {
	stages := parseTestStages(t)
	var names []string
	for _, s := range stages {
		if s.APIVersion != "kwok.x-k8s.io/v1alpha1" || s.Kind != "Stage" {
			t.Errorf("stage %q: apiVersion %q, kind %q", s.Metadata.Name, s.APIVersion, s.Kind)
		}
		if s.Spec.ResourceRef.APIGroup != "v1" || (s.Spec.ResourceRef.Kind != "Node" && s.Spec.ResourceRef.Kind != "Pod") {
			t.Errorf("stage %q: resourceRef %+v", s.Metadata.Name, s.Spec.ResourceRef)
		}
		if (s.Spec.Next == nil) == (len(s.Spec.Steps) == 0) {
			t.Errorf("stage %q: want either next or steps", s.Metadata.Name)
		}
		if len(s.Spec.Selector.MatchExpressions) == 0 {
			t.Errorf("stage %q: no selector; KWOK ignores stages without one", s.Metadata.Name)
		}
		if slices.Contains(names, s.Metadata.Name) {
			t.Errorf("stage name %q is used twice", s.Metadata.Name)
		}
		names = append(names, s.Metadata.Name)
	}
	want := []string{
		"node-initialize", "node-heartbeat-with-lease", "pod-ready",
		"pod-mount-failed", "pod-create-container-config-error",
		"pod-image-pull-failed", "pod-image-pull-backoff", "pod-complete", "pod-delete",
	}
	if !slices.Equal(names, want) {
		t.Errorf("stages = %v, want %v", names, want)
	}
}

func TestKwokStagesAreStable(t *testing.T) {
	if !bytes.Equal(kwokStages(), kwokStages()) {
		t.Error("two calls gave different configurations")
	}
	if bytes.Contains(kwokStages(), []byte("__IMAGE_PATTERN")) {
		t.Error("a placeholder was not filled in")
	}
}

// TestStageImagePattern checks that the image pull rule reaches the stages
// intact: decoding the YAML and then the jq string literal in each key gives
// back the pattern of ImageLooksPullable.
func TestStageImagePattern(t *testing.T) {
	stages := parseTestStages(t)
	testCall := regexp.MustCompile(`test\(("(?:[^"\\]|\\.)*")\)`)
	for _, name := range []string{"pod-ready", "pod-create-container-config-error", "pod-image-pull-failed", "pod-image-pull-backoff"} {
		s := testStageByName(t, stages, name)
		found := 0
		for _, e := range s.Spec.Selector.MatchExpressions {
			m := testCall.FindStringSubmatch(e.Key)
			if m == nil {
				continue
			}
			var got string
			if err := json.Unmarshal([]byte(m[1]), &got); err != nil {
				t.Fatalf("%s: jq literal %s: %v", name, m[1], err)
			}
			if got != imagePullPattern() {
				t.Errorf("%s: pattern in key = %q, want %q", name, got, imagePullPattern())
			}
			found++
		}
		if found != 1 {
			t.Errorf("%s: %d keys test the image pattern, want 1", name, found)
		}
	}
	failed := testStageByName(t, stages, "pod-image-pull-failed")
	for what, text := range map[string]string{"status": failed.statusTemplate(t), "event": failed.applyTemplate(t)} {
		if !strings.Contains(text, "$pullable := "+jsonString(t, imagePullPattern())) {
			t.Errorf("pod-image-pull-failed: the %s template does not carry the pattern", what)
		}
	}
}

// jsonString quotes s as JSON, which for this ASCII pattern is also a valid
// Go string literal.
func jsonString(t *testing.T, s string) string {
	t.Helper()
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
