package lab

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
)

// startTestController runs a config-refs controller on a fake clientset
// holding objs, for the node "kubekurs-worker", until the test ends.
func startTestController(t *testing.T, rootCA time.Duration, objs ...any) kubernetes.Interface {
	t.Helper()
	client := fake.NewClientset()
	for _, o := range objs {
		var err error
		switch o := o.(type) {
		case *corev1.Pod:
			_, err = client.CoreV1().Pods(o.Namespace).Create(t.Context(), o, metav1.CreateOptions{})
		case *corev1.ConfigMap:
			_, err = client.CoreV1().ConfigMaps(o.Namespace).Create(t.Context(), o, metav1.CreateOptions{})
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	c := newConfigRefsController(client, []string{"kubekurs-worker"})
	c.rootCA = rootCA
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := c.start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.stop)
	return client
}

// testPod is a Pending Pod in "kurs" bound to kubekurs-worker whose container takes its environment from ConfigMap envFrom
// and which has the usual kube-api-access volume.
func testPod(name, envFrom string, created time.Time) *corev1.Pod {
	p := labelledPod(name, envFromConfigMap(envFrom, false))
	p.Namespace, p.UID = "kurs", types.UID("uid-"+name)
	p.CreationTimestamp = metav1.NewTime(created)
	p.Spec.NodeName = "kubekurs-worker"
	p.Spec.Volumes = []corev1.Volume{{Name: "kube-api-access-abcde", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
		Sources: []corev1.VolumeProjection{{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: rootCAConfigMap}}}},
	}}}}
	p.Status.Phase = corev1.PodPending
	return p
}

func rootCA() *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: rootCAConfigMap, Namespace: "kurs"}}
}

// waitAnnotations waits for pod's config-refs annotations to equal verdict
// and messages (nil: no messages annotation).
func waitAnnotations(t *testing.T, client kubernetes.Interface, pod, verdict string, messages map[string]string) {
	t.Helper()
	want := ""
	if messages != nil {
		data, _ := json.Marshal(messages)
		want = string(data)
	}
	eventually(t, 5*time.Second, "annotations of "+pod, func(ctx context.Context) error {
		p, err := client.CoreV1().Pods("kurs").Get(ctx, pod, metav1.GetOptions{})
		if err != nil {
			return err
		}
		got, hasMessages := p.Annotations[annotationConfigRefsMessages]
		if p.Annotations[annotationConfigRefs] != verdict || got != want || hasMessages != (messages != nil) {
			return fmt.Errorf("annotations %v", p.Annotations)
		}
		return nil
	})
}

// eventReasons lists "reason: message" of the Events about pod.
func eventReasons(t *testing.T, client kubernetes.Interface, pod string) []string {
	t.Helper()
	list, err := client.CoreV1().Events("kurs").List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range list.Items {
		if e.InvolvedObject.Name == pod {
			out = append(out, e.Reason+": "+e.Message)
		}
	}
	return out
}

func TestConfigRefsController(t *testing.T) {
	now := time.Now()
	other := testPod("elsewhere", "nope", now)
	other.Spec.NodeName = "not-a-lab-node"
	running := testPod("running", "nope", now)
	running.Status.Phase = corev1.PodRunning
	client := startTestController(t, time.Hour, rootCA(), testPod("web", "web-config", now), other, running)

	msg := map[string]string{"web": `configmap "web-config" not found`}
	waitAnnotations(t, client, "web", refsCreateContainerConfigError, msg)
	eventually(t, 5*time.Second, "Failed event", func(context.Context) error {
		if got := eventReasons(t, client, "web"); len(got) != 1 || got[0] != `Failed: Error: configmap "web-config" not found` {
			return fmt.Errorf("events %q", got)
		}
		return nil
	})

	if _, err := client.CoreV1().ConfigMaps("kurs").Create(t.Context(), &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "web-config", Namespace: "kurs"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitAnnotations(t, client, "web", refsOK, nil)

	// Pods on other nodes, and Pods already running, are left alone.
	for _, name := range []string{"elsewhere", "running"} {
		p, err := client.CoreV1().Pods("kurs").Get(t.Context(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Annotations) != 0 {
			t.Errorf("pod %s annotated: %v", name, p.Annotations)
		}
	}
}

func TestConfigRefsControllerWaitsForRootCA(t *testing.T) {
	now := time.Now()
	fresh := testPod("fresh", "web-config", now)
	fresh.Spec.Containers[0].EnvFrom = nil
	old := testPod("old", "web-config", now.Add(-time.Hour))
	old.Spec.Containers[0].EnvFrom = nil
	client := startTestController(t, 2*time.Second, fresh, old)

	// A Pod older than the grace reports the missing ConfigMap.
	waitAnnotations(t, client, "old", refsFailedMount, map[string]string{
		"kube-api-access-abcde": `MountVolume.SetUp failed for volume "kube-api-access-abcde" : configmap "kube-root-ca.crt" not found`,
	})
	// A new one waits quietly for the controller-manager ...
	time.Sleep(500 * time.Millisecond)
	p, err := client.CoreV1().Pods("kurs").Get(t.Context(), "fresh", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := p.Annotations[annotationConfigRefs]; ok {
		t.Errorf("fresh pod got verdict %q within the grace period", v)
	}
	// ... and starts as soon as the ConfigMap is there.
	if _, err := client.CoreV1().ConfigMaps("kurs").Create(t.Context(), rootCA(), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitAnnotations(t, client, "fresh", refsOK, nil)
	waitAnnotations(t, client, "old", refsOK, nil)
	if got := eventReasons(t, client, "fresh"); len(got) != 0 {
		t.Errorf("fresh pod: events %q", got)
	}
	if got := eventReasons(t, client, "old"); len(got) != 1 {
		t.Errorf("old pod: events %q, want one FailedMount", got)
	}
}
