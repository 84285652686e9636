package lab

import (
	"slices"
	"testing"
)

// TestStageConfigRefsTemplates renders the statuses of pod-mount-failed and
// pod-create-container-config-error, checks what a learner would see, and
// checks that no stage applies again to the Pod with that status (KWOK would
// otherwise patch it over and over).
func TestStageConfigRefsTemplates(t *testing.T) {
	stages := parseTestStages(t)
	mount := testStageByName(t, stages, "pod-mount-failed").statusTemplate(t)
	configErr := testStageByName(t, stages, "pod-create-container-config-error").statusTemplate(t)
	ready := testStageByName(t, stages, "pod-ready").statusTemplate(t)

	// apply renders tmpl for p, checks that p then rests, and returns the
	// status.
	apply := func(t *testing.T, tmpl string, p map[string]any) map[string]any {
		t.Helper()
		status := renderTestTemplate(t, tmpl, p)
		p["status"] = status
		if got := matchingStages(t, stages, p); got != nil {
			t.Errorf("after the patch stages %v still apply", got)
		}
		return status
	}
	waitingMessage := func(status map[string]any, field string, i int) any {
		return status[field].([]any)[i].(map[string]any)["state"].(map[string]any)["waiting"].(map[string]any)["message"]
	}

	t.Run("missing volume", func(t *testing.T) {
		p := stagePod(refsFailedMount, map[string]string{"config": `MountVolume.SetUp failed for volume "config" : configmap "web-config" not found`}, nil, "nginx:1.27", "busybox:1.36")
		status := apply(t, mount, p)
		if got, want := testReasons(status, "containerStatuses"), []string{"ContainerCreating", "ContainerCreating"}; !slices.Equal(got, want) {
			t.Errorf("container reasons = %v, want %v", got, want)
		}
		if status["phase"] != "Pending" || testCondition(status, "Ready") != "False" || testCondition(status, "Initialized") != "True" {
			t.Errorf("phase %v, Ready %s, Initialized %s", status["phase"], testCondition(status, "Ready"), testCondition(status, "Initialized"))
		}
		if status["podIP"] != nil || status["hostIP"] != "10.0.0.1" {
			t.Errorf("podIP %v (want none: no sandbox yet), hostIP %v", status["podIP"], status["hostIP"])
		}
	})

	t.Run("missing volume, init containers", func(t *testing.T) {
		p := stagePod(refsFailedMount, map[string]string{"config": "x"}, []string{"busybox:1.36"}, "nginx:1.27")
		status := apply(t, mount, p)
		if got, want := testReasons(status, "initContainerStatuses"), []string{"PodInitializing"}; !slices.Equal(got, want) {
			t.Errorf("init container reasons = %v, want %v", got, want)
		}
		if got, want := testReasons(status, "containerStatuses"), []string{"PodInitializing"}; !slices.Equal(got, want) {
			t.Errorf("container reasons = %v, want %v", got, want)
		}
		if testCondition(status, "Initialized") != "False" {
			t.Errorf("Initialized = %s, want False", testCondition(status, "Initialized"))
		}
	})

	t.Run("missing env, then created", func(t *testing.T) {
		msg := `couldn't find key DB_PASS in Secret kurs/db`
		p := stagePod(refsCreateContainerConfigError, map[string]string{"c1": msg}, nil, "nginx:1.27", "busybox:1.36")
		status := apply(t, configErr, p)
		// Each app container is on its own: c0 runs.
		if got, want := testReasons(status, "containerStatuses"), []string{"Running", "CreateContainerConfigError"}; !slices.Equal(got, want) {
			t.Errorf("container reasons = %v, want %v", got, want)
		}
		if got := waitingMessage(status, "containerStatuses", 1); got != msg {
			t.Errorf("message = %q, want %q", got, msg)
		}
		if status["phase"] != "Pending" || testCondition(status, "Ready") != "False" || status["podIP"] != "10.244.0.7" {
			t.Errorf("phase %v, Ready %s, podIP %v", status["phase"], testCondition(status, "Ready"), status["podIP"])
		}

		// Another key is missing now: the stage applies again.
		other := `secret "db" not found`
		p["metadata"] = stagePod(refsCreateContainerConfigError, map[string]string{"c1": other}, nil)["metadata"]
		if got, want := matchingStages(t, stages, p), []string{"pod-create-container-config-error"}; !slices.Equal(got, want) {
			t.Fatalf("after the message changed: stages %v, want %v", got, want)
		}
		status = apply(t, configErr, p)
		if got := waitingMessage(status, "containerStatuses", 1); got != other {
			t.Errorf("message = %q, want %q", got, other)
		}

		// The Secret is there: pod-ready takes over and keeps the pod IP.
		p["metadata"] = stagePod(refsOK, nil, nil)["metadata"]
		if got, want := matchingStages(t, stages, p), []string{"pod-ready"}; !slices.Equal(got, want) {
			t.Fatalf("after the fix: stages %v, want %v", got, want)
		}
		running := apply(t, ready, p)
		if running["phase"] != "Running" || running["podIP"] != "10.244.0.7" {
			t.Errorf("after the fix: phase %v, podIP %v", running["phase"], running["podIP"])
		}
	})

	t.Run("missing env in an init container", func(t *testing.T) {
		msg := `configmap "init-config" not found`
		p := stagePod(refsCreateContainerConfigError, map[string]string{"init1": msg}, []string{"busybox:1.36", "busybox:1.36", "busybox:1.36"}, "nginx:1.27")
		status := apply(t, configErr, p)
		if got, want := testReasons(status, "initContainerStatuses"), []string{"Completed", "CreateContainerConfigError", "PodInitializing"}; !slices.Equal(got, want) {
			t.Errorf("init container reasons = %v, want %v", got, want)
		}
		if got := waitingMessage(status, "initContainerStatuses", 1); got != msg {
			t.Errorf("message = %q, want %q", got, msg)
		}
		if got, want := testReasons(status, "containerStatuses"), []string{"PodInitializing"}; !slices.Equal(got, want) {
			t.Errorf("container reasons = %v, want %v", got, want)
		}
		if testCondition(status, "Initialized") != "False" {
			t.Errorf("Initialized = %s, want False", testCondition(status, "Initialized"))
		}
	})
}
