package checks

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// runningPod is a Pod whose one container runs, Ready or not.
func runningPod(name string, ready bool, labels map[string]string) *corev1.Pod {
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kurs", Labels: labels},
		Status: corev1.PodStatus{
			Phase:             corev1.PodRunning,
			ContainerStatuses: []corev1.ContainerStatus{{Name: "main", State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}},
		},
	}
	cond := corev1.ConditionFalse
	if ready {
		cond = corev1.ConditionTrue
	}
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: cond}}
	return p
}

func runFake(t *testing.T, client *fake.Clientset, src string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return compileOne(t, src).Run(ctx, &Target{Client: client, Namespace: "kurs"})
}

func TestPodLog(t *testing.T) {
	const secret = "Zr5#Qw8@Lp2!Vm"
	waiting := runningPod("venter", false, nil)
	waiting.Status.Phase = corev1.PodPending
	waiting.Status.ContainerStatuses[0].State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CreateContainerConfigError"}}
	client := fake.NewClientset(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kurs"}}, runningPod("hemmelig-test", true, nil), waiting)
	client.PrependReactor("get", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if a.GetSubresource() != "log" {
			return false, nil, nil
		}
		return true, &runtime.Unknown{Raw: []byte("DB_PASSWORD har 16 tegn: " + secret + "\nDB_PASSWORD\nROOT_PASSWORD\n")}, nil
	})
	tests := []struct {
		src, criterion, found string
		status                Status
	}{
		{`{type: podLog, name: hemmelig-test, contains: [DB_PASSWORD, ROOT_PASSWORD]}`,
			"Loggen til Poden «hemmelig-test» inneholder «DB_PASSWORD» og «ROOT_PASSWORD»", "loggen inneholder alt", Passed},
		{`{type: podLog, name: hemmelig-test, container: main, contains: [DB_PASSWORD, API_KEY, tegn]}`,
			"Loggen til Containeren «main» i Poden «hemmelig-test» inneholder «DB_PASSWORD», «API_KEY» og «tegn»", "loggen mangler «API_KEY»", Failed},
		{`{type: podLog, name: venter, contains: [DB_PASSWORD]}`,
			"Loggen til Poden «venter» inneholder «DB_PASSWORD»", "containeren har ikke startet: Pending (CreateContainerConfigError)", Failed},
		{`{type: podLog, name: borte, contains: [DB_PASSWORD]}`,
			"Loggen til Poden «borte» inneholder «DB_PASSWORD»", "finnes ikke", Failed},
	}
	for _, tt := range tests {
		r := runFake(t, client, tt.src)
		if r.Criterion != tt.criterion || r.Found != tt.found || r.Status != tt.status {
			t.Errorf("%s:\n got %v %q / %q\nwant %v %q / %q", tt.src, r.Status, r.Criterion, r.Found, tt.status, tt.criterion, tt.found)
		}
		if leaked := leak(secret, r); leaked != "" {
			t.Errorf("%s: the log leaked %q into %+v", tt.src, leaked, r)
		}
	}
}

func TestLiveCompileErrors(t *testing.T) {
	tests := []struct{ src, msg string }{
		{"- type: podLog\n  name: x\n", "mangler «contains»"},
	}
	for _, tt := range tests {
		_, err := compileList(t, tt.src)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%q: error %v, want %q", tt.src, err, tt.msg)
		}
	}
}
