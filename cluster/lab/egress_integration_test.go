package lab

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/remotecommand"
)

// refusedAtOnce is how fast the API server must give up on a simulated
// address: the refusal is local, nothing waits for a timeout.
const refusedAtOnce = time.Second

// TestIntegrationEgressRefused proves that the API server never reaches
// a simulated address: the service proxy (`kubectl get --raw
// /api/v1/namespaces/NS/services/web:80/proxy/`), `kubectl logs` and
// `kubectl exec` of a Running Pod fail at once with the lab's Norwegian
// refusal, and the refuser logged the Pod's and the node's address.
func TestIntegrationEgressRefused(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	ctx := t.Context()
	if _, err := tl.client.AppsV1().Deployments(ns).Create(ctx, webDeployment("web", "nginx:1.27", 1), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: corev1.ServiceSpec{
			Selector: map[string]string{"app": "web"},
			Ports:    []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(80)}},
		},
	}
	if _, err := tl.client.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitRolledOut(t, tl.client, ns, "web", 1)
	proxyGet := func(ctx context.Context) error {
		body, err := tl.client.CoreV1().Services(ns).ProxyGet("http", "web", "80", "/", nil).DoRaw(ctx)
		return withBody(err, body)
	}
	// The service proxy picks an address from the Endpoints object, which
	// the endpoints controller fills in soon after the Pod is Ready.
	eventually(t, 15*time.Second, "service proxy reaches for an endpoint", func(ctx context.Context) error {
		if err := proxyGet(ctx); err != nil && strings.Contains(err.Error(), "no endpoints available") {
			return err
		}
		return nil
	})
	pods, err := tl.client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=web"})
	if err != nil || len(pods.Items) != 1 {
		t.Fatalf("pods of web: %v (%v)", pods, err)
	}
	pod := pods.Items[0]
	if pod.Status.Phase != corev1.PodRunning || pod.Status.PodIP == "" {
		t.Fatalf("pod %s: phase %s, IP %q; want Running with an IP", pod.Name, pod.Status.Phase, pod.Status.PodIP)
	}
	nodeIP := internalIP(t, tl, pod.Spec.NodeName)

	refused := func(what string, call func(ctx context.Context) error) {
		t.Helper()
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		start := time.Now()
		err := call(ctx)
		took := time.Since(start)
		t.Logf("%s: %v (%s)", what, err, took.Round(time.Millisecond))
		if err == nil || !strings.Contains(err.Error(), EgressRefusal) {
			t.Errorf("%s: error %v; want the lab's refusal %q", what, err, EgressRefusal)
		}
		if took > refusedAtOnce {
			t.Errorf("%s failed after %s; want at once (under %s)", what, took, refusedAtOnce)
		}
	}
	refused("service proxy", proxyGet)
	refused("logs", func(ctx context.Context) error {
		body, err := tl.client.CoreV1().Pods(ns).GetLogs(pod.Name, &corev1.PodLogOptions{}).DoRaw(ctx)
		return withBody(err, body)
	})
	refused("exec", func(ctx context.Context) error {
		req := tl.client.CoreV1().RESTClient().Post().Namespace(ns).Resource("pods").Name(pod.Name).SubResource("exec").
			VersionedParams(&corev1.PodExecOptions{Command: []string{"ls"}, Stdout: true}, scheme.ParameterCodec)
		exec, err := remotecommand.NewSPDYExecutor(tl.config, "POST", req.URL())
		if err != nil {
			return fmt.Errorf("executor: %w", err)
		}
		var out bytes.Buffer
		return exec.StreamWithContext(ctx, remotecommand.StreamOptions{Stdout: &out})
	})

	log, err := os.ReadFile(layout{dir: tl.lab.DataDir}.log("egress"))
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{pod.Status.PodIP + ":80", nodeIP + ":10250"} {
		if !strings.Contains(string(log), "refused CONNECT "+strconv.Quote(addr)) {
			t.Errorf("the egress log does not show the attempt on %s:\n%s", addr, log)
		}
	}
}

// withBody adds the response body, which kubectl prints and client-go
// keeps out of the error, to err.
func withBody(err error, body []byte) error {
	if err == nil || len(body) == 0 {
		return err
	}
	return fmt.Errorf("%w; body: %s", err, bytes.TrimSpace(body))
}

// internalIP returns the node's InternalIP address.
func internalIP(t *testing.T, tl *testLab, node string) string {
	t.Helper()
	n, err := tl.client.CoreV1().Nodes().Get(t.Context(), node, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range n.Status.Addresses {
		if a.Type == corev1.NodeInternalIP {
			return a.Address
		}
	}
	t.Fatalf("node %s has no InternalIP", node)
	return ""
}
