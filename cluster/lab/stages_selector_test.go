package lab

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/itchyny/gojq"
)

// matchingStages returns the names of the Pod stages whose selectors match
// pod, evaluated as KWOK v0.8.0 does (sigs.k8s.io/kwok/pkg/utils/expression):
// each key is a gojq query; a query that fails gives no value; In and NotIn
// compare string, bool and integer results with the values.
func matchingStages(t *testing.T, stages []testStage, pod map[string]any) []string {
	t.Helper()
	data := jsonRoundTrip(t, pod)
	var names []string
	for _, s := range stages {
		if s.Spec.ResourceRef.Kind != "Pod" {
			continue
		}
		matches := true
		for _, e := range s.Spec.Selector.MatchExpressions {
			out := runTestQuery(t, s.Metadata.Name, e.Key, data)
			has := false
			for _, v := range out {
				switch v := v.(type) {
				case string:
					has = has || slices.Contains(e.Values, v)
				case bool:
					has = has || slices.Contains(e.Values, strconv.FormatBool(v))
				case int:
					has = has || slices.Contains(e.Values, strconv.Itoa(v))
				}
			}
			var ok bool
			switch e.Operator {
			case "In":
				ok = has
			case "NotIn":
				ok = !has
			case "Exists":
				ok = len(out) > 0
			case "DoesNotExist":
				ok = len(out) == 0
			default:
				t.Fatalf("stage %s: operator %q", s.Metadata.Name, e.Operator)
			}
			if !ok {
				matches = false
				break
			}
		}
		if matches {
			names = append(names, s.Metadata.Name)
		}
	}
	return names
}

// runTestQuery runs a jq key on data and returns its non-null results, or
// none when the query fails, as KWOK does.
func runTestQuery(t *testing.T, stage, key string, data any) []any {
	t.Helper()
	q, err := gojq.Parse(key)
	if err != nil {
		t.Fatalf("stage %s: key %q: %v", stage, key, err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		t.Fatalf("stage %s: key %q: %v", stage, key, err)
	}
	var out []any
	iter := code.Run(data)
	for {
		v, ok := iter.Next()
		if !ok {
			return out
		}
		if _, isErr := v.(error); isErr {
			return nil
		}
		if v != nil {
			out = append(out, v)
		}
	}
}

// jsonRoundTrip turns v into plain JSON values (maps, slices, float64), as
// KWOK hands objects to gojq.
func jsonRoundTrip(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// stagePod is a bound Pending Pod for the selector and template tests:
// app containers c0, c1, ... with images, init containers init0, ... with
// init, and the config-refs annotations when verdict is not empty.
func stagePod(verdict string, messages map[string]string, init []string, images ...string) map[string]any {
	spec := map[string]any{"nodeName": "kubekurs-worker"}
	var cs, ics []any
	for i, img := range images {
		cs = append(cs, map[string]any{"name": "c" + strconv.Itoa(i), "image": img})
	}
	for i, img := range init {
		ics = append(ics, map[string]any{"name": "init" + strconv.Itoa(i), "image": img})
	}
	spec["containers"] = cs
	if ics != nil {
		spec["initContainers"] = ics
	}
	meta := map[string]any{"name": "web", "namespace": "default", "uid": "u1"}
	if verdict != "" {
		ann := map[string]any{annotationConfigRefs: verdict}
		if messages != nil {
			data, _ := json.Marshal(messages)
			ann[annotationConfigRefsMessages] = string(data)
		}
		meta["annotations"] = ann
	}
	return map[string]any{
		"metadata": meta,
		"spec":     spec,
		"status":   map[string]any{"phase": "Pending"},
	}
}

// TestStageSelectors checks which Pod stage KWOK picks in each situation:
// never more than one, and none until the config-refs controller has
// annotated the Pod.
func TestStageSelectors(t *testing.T) {
	stages := parseTestStages(t)
	missing := map[string]string{"c0": `configmap "web-config" not found`}
	withStatus := func(p map[string]any, status map[string]any) map[string]any {
		p["status"] = status
		return p
	}
	garbled := func(p map[string]any) map[string]any {
		p["metadata"].(map[string]any)["annotations"].(map[string]any)[annotationConfigRefsMessages] = "{ikke json"
		return p
	}
	waiting := func(name, image, reason, message string) map[string]any {
		w := map[string]any{"reason": reason}
		if message != "" {
			w["message"] = message
		}
		return map[string]any{"name": name, "image": image, "state": map[string]any{"waiting": w}}
	}
	tests := []struct {
		name string
		pod  map[string]any
		want []string
	}{
		{"not checked yet", stagePod("", nil, nil, "nginx:1.27"), nil},
		{"not checked yet, image does not pull", stagePod("", nil, nil, "ngnix"), nil},
		{"refs ok", stagePod(refsOK, nil, nil, "nginx:1.27"), []string{"pod-ready"}},
		{"refs ok, image does not pull", stagePod(refsOK, nil, nil, "ngnix"), []string{"pod-image-pull-failed"}},
		{"volume missing", stagePod(refsFailedMount, map[string]string{"config": "x"}, nil, "nginx:1.27"), []string{"pod-mount-failed"}},
		{"volume missing, image does not pull: volumes first", stagePod(refsFailedMount, map[string]string{"config": "x"}, nil, "ngnix"), []string{"pod-mount-failed"}},
		{"volume missing, reported", withStatus(stagePod(refsFailedMount, map[string]string{"config": "x"}, nil, "nginx:1.27"), map[string]any{
			"phase": "Pending", "containerStatuses": []any{waiting("c0", "nginx:1.27", "ContainerCreating", "")},
		}), nil},
		{"volume missing, reported for an old image", withStatus(stagePod(refsFailedMount, map[string]string{"config": "x"}, nil, "nginx:1.27"), map[string]any{
			"phase": "Pending", "containerStatuses": []any{waiting("c0", "nginx:1.26", "ContainerCreating", "")},
		}), []string{"pod-mount-failed"}},
		{"volume missing after a config error", withStatus(stagePod(refsFailedMount, map[string]string{"config": "x"}, nil, "nginx:1.27"), map[string]any{
			"phase": "Pending", "containerStatuses": []any{waiting("c0", "nginx:1.27", "CreateContainerConfigError", "y")},
		}), []string{"pod-mount-failed"}},
		{"env missing", stagePod(refsCreateContainerConfigError, missing, nil, "nginx:1.27"), []string{"pod-create-container-config-error"}},
		{"env missing, image does not pull: the pull first", stagePod(refsCreateContainerConfigError, missing, nil, "ngnix"), []string{"pod-image-pull-failed"}},
		{"env missing, reported", withStatus(stagePod(refsCreateContainerConfigError, missing, nil, "nginx:1.27"), map[string]any{
			"phase": "Pending", "containerStatuses": []any{waiting("c0", "nginx:1.27", "CreateContainerConfigError", missing["c0"])},
		}), nil},
		{"env missing, reported with another message", withStatus(stagePod(refsCreateContainerConfigError, missing, nil, "nginx:1.27"), map[string]any{
			"phase": "Pending", "containerStatuses": []any{waiting("c0", "nginx:1.27", "CreateContainerConfigError", `couldn't find key A in ConfigMap default/web-config`)},
		}), []string{"pod-create-container-config-error"}},
		{"env missing, messages annotation garbled", garbled(withStatus(stagePod(refsCreateContainerConfigError, missing, nil, "nginx:1.27"), map[string]any{
			"phase": "Pending", "containerStatuses": []any{waiting("c0", "nginx:1.27", "CreateContainerConfigError", missing["c0"])},
		})), []string{"pod-create-container-config-error"}},
		{"env fixed after the error was reported", withStatus(stagePod(refsOK, nil, nil, "nginx:1.27"), map[string]any{
			"phase": "Pending", "containerStatuses": []any{waiting("c0", "nginx:1.27", "CreateContainerConfigError", missing["c0"])},
		}), []string{"pod-ready"}},
		{"running", withStatus(stagePod(refsOK, nil, nil, "nginx:1.27"), map[string]any{"phase": "Running"}), nil},
		{"running, refs missing now", withStatus(stagePod(refsCreateContainerConfigError, missing, nil, "nginx:1.27"), map[string]any{"phase": "Running"}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matchingStages(t, stages, tt.pod); !slices.Equal(got, tt.want) {
				t.Errorf("matching stages = %v, want %v", got, tt.want)
			}
		})
	}

	t.Run("deleted", func(t *testing.T) {
		p := stagePod(refsCreateContainerConfigError, missing, nil, "nginx:1.27")
		p["metadata"].(map[string]any)["deletionTimestamp"] = "2025-01-01T00:00:00Z"
		if got, want := matchingStages(t, stages, p), []string{"pod-delete"}; !slices.Equal(got, want) {
			t.Errorf("matching stages = %v, want %v", got, want)
		}
	})
}
