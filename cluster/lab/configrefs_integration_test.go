package lab

import (
	"context"
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/kubernetes"
)

// How long the lab may take to show a config-refs verdict, and to start a
// Pod once what it lacked exists.
const (
	verdictTimeout = 10 * time.Second
	startTimeout   = 10 * time.Second
)

// waitingPod returns a check that the Pod called name (or, with a label
// selector "app=...", every such Pod; at least want of them) has a
// container waiting with reason and message, is Pending and not Ready.
func waitingPods(client kubernetes.Interface, ns, selector string, want int, reason, message string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		pods, err := client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: selector})
		if err != nil {
			return err
		}
		if len(pods.Items) < want {
			return fmt.Errorf("%d pods, want %d", len(pods.Items), want)
		}
		for _, p := range pods.Items {
			if p.Status.Phase != corev1.PodPending || podReady(&p) {
				return fmt.Errorf("pod %s: phase %s, ready %v", p.Name, p.Status.Phase, podReady(&p))
			}
			var w *corev1.ContainerStateWaiting
			for _, cs := range p.Status.ContainerStatuses {
				w = cs.State.Waiting
			}
			if w == nil || w.Reason != reason || w.Message != message {
				return fmt.Errorf("pod %s: waiting %+v, want %s %q", p.Name, w, reason, message)
			}
		}
		return nil
	}
}

// readyPods returns a check that every Pod matching selector (at least
// want) is Running and Ready.
func readyPods(client kubernetes.Interface, ns, selector string, want int) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		pods, err := client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: selector})
		if err != nil {
			return err
		}
		ready := 0
		for _, p := range pods.Items {
			if p.Status.Phase == corev1.PodRunning && podReady(&p) {
				ready++
			}
		}
		if ready < want {
			return fmt.Errorf("%d of %d pods ready, want %d", ready, len(pods.Items), want)
		}
		return nil
	}
}

// warningEvent returns a check that pod has a Warning Event from the
// kubelet with reason and message.
func warningEvent(client kubernetes.Interface, ns, pod, reason, message string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		sel := fields.OneTermEqualSelector("involvedObject.name", pod).String()
		events, err := client.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: sel})
		if err != nil {
			return err
		}
		for _, e := range events.Items {
			if e.Type == corev1.EventTypeWarning && e.Reason == reason && e.Message == message && e.Source.Component == "kubelet" {
				return nil
			}
		}
		return fmt.Errorf("no Warning %s %q among %d events", reason, message, len(events.Items))
	}
}

// labelledPod is a Pod with label app=name running nginx.
func labelledPod(name string, mutate func(*corev1.PodSpec)) *corev1.Pod {
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app": name}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx:1.27"}}},
	}
	if mutate != nil {
		mutate(&p.Spec)
	}
	return p
}

func envFromConfigMap(name string, optional bool) func(*corev1.PodSpec) {
	return func(s *corev1.PodSpec) {
		s.Containers[0].EnvFrom = []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Optional: &optional}}}
	}
}

func createOrFail[T any](t *testing.T, create func(context.Context, T, metav1.CreateOptions) (T, error), obj T) {
	t.Helper()
	if _, err := create(t.Context(), obj, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// timed runs eventually and logs how long the condition took.
func timed(t *testing.T, timeout time.Duration, what string, cond func(ctx context.Context) error) {
	t.Helper()
	start := time.Now()
	eventually(t, timeout, what, cond)
	t.Logf("%s after %s", what, time.Since(start).Round(time.Millisecond))
}

func TestIntegrationMissingConfigMapInEnvFrom(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	pods, cms := tl.client.CoreV1().Pods(ns), tl.client.CoreV1().ConfigMaps(ns)
	createOrFail(t, pods.Create, labelledPod("web", envFromConfigMap("web-config", false)))
	d := webDeployment("deploy", "nginx:1.27", 2)
	envFromConfigMap("web-config", false)(&d.Spec.Template.Spec)
	createOrFail(t, tl.client.AppsV1().Deployments(ns).Create, d)

	msg := `configmap "web-config" not found`
	timed(t, verdictTimeout, "bare pod waits", waitingPods(tl.client, ns, "app=web", 1, "CreateContainerConfigError", msg))
	timed(t, verdictTimeout, "deployment's pods wait", waitingPods(tl.client, ns, "app=deploy", 2, "CreateContainerConfigError", msg))
	eventually(t, verdictTimeout, "Failed event", warningEvent(tl.client, ns, "web", "Failed", "Error: "+msg))
	// It stays that way.
	time.Sleep(time.Second)
	eventually(t, time.Second, "bare pod still waits", waitingPods(tl.client, ns, "app=web", 1, "CreateContainerConfigError", msg))

	createOrFail(t, cms.Create, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "web-config"}, Data: map[string]string{"COLOR": "blue"}})
	timed(t, startTimeout, "bare pod ready once the ConfigMap exists", readyPods(tl.client, ns, "app=web", 1))
	waitRolledOut(t, tl.client, ns, "deploy", 2)
}

func TestIntegrationMissingSecretKey(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	secrets := tl.client.CoreV1().Secrets(ns)
	createOrFail(t, secrets.Create, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db"}, StringData: map[string]string{"DB_USER": "app"}})
	createOrFail(t, tl.client.CoreV1().Pods(ns).Create, labelledPod("web", func(s *corev1.PodSpec) {
		s.Containers[0].Env = []corev1.EnvVar{{Name: "DB_PASS", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: "db"}, Key: "DB_PASS"}}}}
	}))
	msg := fmt.Sprintf("couldn't find key DB_PASS in Secret %s/db", ns)
	timed(t, verdictTimeout, "pod waits", waitingPods(tl.client, ns, "app=web", 1, "CreateContainerConfigError", msg))
	eventually(t, verdictTimeout, "Failed event", warningEvent(tl.client, ns, "web", "Failed", "Error: "+msg))

	s, err := secrets.Get(t.Context(), "db", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.StringData = map[string]string{"DB_PASS": "hemmelig"}
	if _, err := secrets.Update(t.Context(), s, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	timed(t, startTimeout, "pod ready once the key exists", readyPods(tl.client, ns, "app=web", 1))
}

func TestIntegrationOptionalRefStartsAtOnce(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	createOrFail(t, tl.client.CoreV1().Pods(ns).Create, labelledPod("web", func(s *corev1.PodSpec) {
		envFromConfigMap("nope", true)(s)
		optional := true
		s.Containers[0].Env = []corev1.EnvVar{{Name: "X", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: "nope"}, Key: "X", Optional: &optional}}}}
		s.Volumes = []corev1.Volume{{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: "nope"}, Optional: &optional}}}}
	}))
	timed(t, 5*time.Second, "pod with optional refs ready", readyPods(tl.client, ns, "app=web", 1))
}

func TestIntegrationMissingVolumeConfigMap(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	createOrFail(t, tl.client.CoreV1().Pods(ns).Create, labelledPod("web", func(s *corev1.PodSpec) {
		s.Volumes = []corev1.Volume{{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: "web-config"}}}}}
		s.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "config", MountPath: "/etc/web"}}
	}))
	timed(t, verdictTimeout, "pod waits in ContainerCreating", waitingPods(tl.client, ns, "app=web", 1, "ContainerCreating", ""))
	eventually(t, verdictTimeout, "FailedMount event", warningEvent(tl.client, ns, "web", "FailedMount",
		`MountVolume.SetUp failed for volume "config" : configmap "web-config" not found`))
	p, err := tl.client.CoreV1().Pods(ns).Get(t.Context(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Status.PodIP != "" {
		t.Errorf("pod IP %q before the volumes are set up", p.Status.PodIP)
	}

	createOrFail(t, tl.client.CoreV1().ConfigMaps(ns).Create, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "web-config"}})
	timed(t, startTimeout, "pod ready once the ConfigMap exists", readyPods(tl.client, ns, "app=web", 1))
}

// TestIntegrationImagePullBeforeConfig: a kubelet pulls the image before it
// builds the environment, so a wrong image shows first.
func TestIntegrationImagePullBeforeConfig(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	pods := tl.client.CoreV1().Pods(ns)
	pod := labelledPod("web", envFromConfigMap("web-config", false))
	pod.Spec.Containers[0].Image = "ngnix:1.27"
	createOrFail(t, pods.Create, pod)
	eventually(t, verdictTimeout, "pull back-off", waitingPods(tl.client, ns, "app=web", 1, "ImagePullBackOff", `Back-off pulling image "ngnix:1.27"`))

	p, err := pods.Get(t.Context(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p.Spec.Containers[0].Image = "nginx:1.27"
	if _, err := pods.Update(t.Context(), p, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	timed(t, verdictTimeout, "config error after the image fix", waitingPods(tl.client, ns, "app=web", 1, "CreateContainerConfigError", `configmap "web-config" not found`))
	createOrFail(t, tl.client.CoreV1().ConfigMaps(ns).Create, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "web-config"}})
	timed(t, startTimeout, "pod ready", readyPods(tl.client, ns, "app=web", 1))
}

// TestIntegrationPodInNewNamespace: a Pod created as soon as its Namespace
// allows it starts without a FailedMount for kube-root-ca.crt.
func TestIntegrationPodInNewNamespace(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	createOrFail(t, tl.client.CoreV1().Pods(ns).Create, labelledPod("web", nil))
	timed(t, 5*time.Second, "pod ready", readyPods(tl.client, ns, "app=web", 1))
	events, err := tl.client.CoreV1().Events(ns).List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events.Items {
		if e.Type == corev1.EventTypeWarning {
			t.Errorf("warning event %s: %s", e.Reason, e.Message)
		}
	}
}
