package lab

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"

	"sigs.k8s.io/yaml"
)

// TestStageStatusTemplates renders the status templates of the image stages
// the way KWOK does (the pod as JSON data, text/template, YAML out), with
// stand-ins for KWOK's template functions, and checks what the learner would
// see.
func TestStageStatusTemplates(t *testing.T) {
	stages := parseTestStages(t)
	failedStage := testStageByName(t, stages, "pod-image-pull-failed")
	backoffStage := testStageByName(t, stages, "pod-image-pull-backoff")
	failed, failedEvent := failedStage.statusTemplate(t), failedStage.applyTemplate(t)
	backoff, backoffEvent := backoffStage.statusTemplate(t), backoffStage.applyTemplate(t)
	ready := testStageByName(t, stages, "pod-ready").statusTemplate(t)

	pod := func(init []string, images ...string) map[string]any {
		spec := map[string]any{"nodeName": "node-1"}
		var cs, ics []any
		for i, img := range images {
			cs = append(cs, map[string]any{"name": "c" + string(rune('0'+i)), "image": img})
		}
		for i, img := range init {
			ics = append(ics, map[string]any{"name": "init" + string(rune('0'+i)), "image": img})
		}
		spec["containers"] = cs
		if ics != nil {
			spec["initContainers"] = ics
		}
		return map[string]any{
			"metadata": map[string]any{"name": "web", "namespace": "default", "uid": "u1"},
			"spec":     spec,
			"status":   map[string]any{"phase": "Pending"},
		}
	}
	t.Run("misspelt image", func(t *testing.T) {
		p := pod(nil, "ngnix:1.27", "busybox:1.36")
		status := renderTestTemplate(t, failed, p)
		if got, want := testReasons(status, "containerStatuses"), []string{"ErrImagePull", "ContainerCreating"}; !slices.Equal(got, want) {
			t.Errorf("container reasons = %v, want %v", got, want)
		}
		msg := status["containerStatuses"].([]any)[0].(map[string]any)["state"].(map[string]any)["waiting"].(map[string]any)["message"]
		if want := `failed to pull image "ngnix:1.27": not found (kubekurs-øvingscluster: imaget finnes ikke i registryet)`; msg != want {
			t.Errorf("message = %q, want %q", msg, want)
		}
		if status["phase"] != "Pending" || testCondition(status, "Ready") != "False" || testCondition(status, "Initialized") != "True" {
			t.Errorf("phase %v, Ready %s, Initialized %s", status["phase"], testCondition(status, "Ready"), testCondition(status, "Initialized"))
		}
		if status["podIP"] != "10.244.0.7" || status["hostIP"] != "10.0.0.1" {
			t.Errorf("podIP %v, hostIP %v", status["podIP"], status["hostIP"])
		}
		checkTestEvent(t, renderTestTemplate(t, failedEvent, p), "Warning", "Failed",
			`Failed to pull image "ngnix:1.27": not found (kubekurs-øvingscluster: imaget finnes ikke i registryet)`,
			"spec.containers{c0}")

		// Then the back-off, on the pod with that status.
		p["status"] = status
		after := renderTestTemplate(t, backoff, p)
		if got, want := testReasons(after, "containerStatuses"), []string{"ImagePullBackOff", "ContainerCreating"}; !slices.Equal(got, want) {
			t.Errorf("after back-off: container reasons = %v, want %v", got, want)
		}
		msg = after["containerStatuses"].([]any)[0].(map[string]any)["state"].(map[string]any)["waiting"].(map[string]any)["message"]
		if want := `Back-off pulling image "ngnix:1.27"`; msg != want {
			t.Errorf("after back-off: message = %q, want %q", msg, want)
		}
		checkTestEvent(t, renderTestTemplate(t, backoffEvent, p), "Normal", "BackOff",
			`Back-off pulling image "ngnix:1.27"`, "spec.containers{c0}")

		// Then the learner fixes the image: pod-ready keeps the pod IP.
		p["status"] = status
		p["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)["image"] = "nginx:1.27"
		running := renderTestTemplate(t, ready, p)
		if running["phase"] != "Running" || running["podIP"] != "10.244.0.7" {
			t.Errorf("after fix: phase %v, podIP %v", running["phase"], running["podIP"])
		}
	})

	t.Run("misspelt init container image", func(t *testing.T) {
		p := pod([]string{"busybox:1.36", "busybox:latset", "busybox"}, "nginx:1.27")
		status := renderTestTemplate(t, failed, p)
		if got, want := testReasons(status, "initContainerStatuses"), []string{"Completed", "ErrImagePull", "PodInitializing"}; !slices.Equal(got, want) {
			t.Errorf("init container reasons = %v, want %v", got, want)
		}
		if got, want := testReasons(status, "containerStatuses"), []string{"PodInitializing"}; !slices.Equal(got, want) {
			t.Errorf("container reasons = %v, want %v", got, want)
		}
		if testCondition(status, "Initialized") != "False" {
			t.Errorf("Initialized = %s, want False", testCondition(status, "Initialized"))
		}
		checkTestEvent(t, renderTestTemplate(t, failedEvent, p), "Warning", "Failed",
			`Failed to pull image "busybox:latset": not found (kubekurs-øvingscluster: imaget finnes ikke i registryet)`,
			"spec.initContainers{init1}")
		p["status"] = status
		after := renderTestTemplate(t, backoff, p)
		if got, want := testReasons(after, "initContainerStatuses"), []string{"Completed", "ImagePullBackOff", "PodInitializing"}; !slices.Equal(got, want) {
			t.Errorf("after back-off: init container reasons = %v, want %v", got, want)
		}
		checkTestEvent(t, renderTestTemplate(t, backoffEvent, p), "Normal", "BackOff",
			`Back-off pulling image "busybox:latset"`, "spec.initContainers{init1}")
	})
}

// testReasons lists the state of each container in a rendered status's
// field: the waiting reason, Running or Completed.
func testReasons(status map[string]any, field string) []string {
	var out []string
	list, _ := status[field].([]any)
	for _, c := range list {
		state := c.(map[string]any)["state"].(map[string]any)
		switch {
		case state["waiting"] != nil:
			out = append(out, state["waiting"].(map[string]any)["reason"].(string))
		case state["running"] != nil:
			out = append(out, "Running")
		case state["terminated"] != nil:
			out = append(out, "Completed")
		}
	}
	return out
}

// testCondition returns the status of a rendered status's condition typ.
func testCondition(status map[string]any, typ string) string {
	conds, _ := status["conditions"].([]any)
	for _, c := range conds {
		if m := c.(map[string]any); m["type"] == typ {
			return m["status"].(string)
		}
	}
	return ""
}

// checkTestEvent checks an Event rendered for the test pod "web".
func checkTestEvent(t *testing.T, event map[string]any, typ, reason, message, fieldPath string) {
	t.Helper()
	if event["apiVersion"] != "v1" || event["kind"] != "Event" {
		t.Errorf("event is %v %v", event["apiVersion"], event["kind"])
	}
	meta, _ := event["metadata"].(map[string]any)
	if name, _ := meta["name"].(string); !regexp.MustCompile(`^web\.[0-9a-f]{16}$`).MatchString(name) || meta["namespace"] != "default" {
		t.Errorf("event metadata = %v", meta)
	}
	obj, _ := event["involvedObject"].(map[string]any)
	if obj["kind"] != "Pod" || obj["name"] != "web" || obj["uid"] != "u1" || obj["fieldPath"] != fieldPath {
		t.Errorf("involvedObject = %v, want pod web, fieldPath %s", obj, fieldPath)
	}
	if event["type"] != typ || event["reason"] != reason || event["message"] != message {
		t.Errorf("event = %v %v %q, want %s %s %q", event["type"], event["reason"], event["message"], typ, reason, message)
	}
}

// renderTestTemplate renders a stage template for pod like KWOK's renderer
// does, with stand-ins for the template functions KWOK adds, and decodes the
// resulting YAML.
func renderTestTemplate(t *testing.T, text string, pod map[string]any) map[string]any {
	t.Helper()
	funcs := template.FuncMap{
		// KWOK's own functions.
		"Quote": func(v any) string {
			data, _ := json.Marshal(v)
			return string(data)
		},
		"Now":         func() string { return "2025-01-01T00:00:00Z" },
		"NodeIPsWith": func(string) []string { return []string{"10.0.0.1"} },
		"PodIPsWith":  func(string, bool, string, string, string) []string { return []string{"10.244.0.7"} },
		"YAML": func(v any, indent ...int) (string, error) {
			data, err := yaml.Marshal(v)
			if err != nil {
				return "", err
			}
			pad := strings.Repeat("  ", indent[0])
			return strings.ReplaceAll("\n"+strings.TrimSuffix(string(data), "\n"), "\n", "\n"+pad), nil
		},
		// The sprig functions the templates use.
		"regexMatch": func(re, s string) bool { ok, _ := regexp.MatchString(re, s); return ok },
		"list":       func(v ...any) []any { return v },
		"sha256sum": func(s string) string {
			sum := sha256.Sum256([]byte(s))
			return hex.EncodeToString(sum[:])
		},
		"trunc":   func(n int, s string) string { return s[:min(n, len(s))] },
		"trimAll": func(cutset, s string) string { return strings.Trim(s, cutset) },
		"append":  func(l []any, v any) []any { return append(slices.Clone(l), v) },
		"fromJson": func(s string) any {
			var v any
			_ = json.Unmarshal([]byte(s), &v) // sprig ignores the error too
			return v
		},
		"default": func(def any, given ...any) any {
			if len(given) == 0 || given[0] == nil || given[0] == "" {
				return def
			}
			return given[0]
		},
		"hasKey": func(m map[string]any, key string) bool { _, ok := m[key]; return ok },
		"join": func(sep string, l []any) string {
			s := make([]string, len(l))
			for i, v := range l {
				s[i] = v.(string)
			}
			return strings.Join(s, sep)
		},
	}
	tmpl, err := template.New("status").Funcs(funcs).Parse(strings.TrimSpace(text))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	// KWOK hands the template the object as decoded JSON.
	data, err := json.Marshal(pod)
	if err != nil {
		t.Fatal(err)
	}
	var in any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, in); err != nil {
		t.Fatalf("execute: %v", err)
	}
	var status map[string]any
	if err := yaml.Unmarshal(out.Bytes(), &status); err != nil {
		t.Fatalf("rendered status is not YAML: %v\n%s", err, out.String())
	}
	return status
}
