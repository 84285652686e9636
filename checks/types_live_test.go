package checks

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/fake"
	restclient "k8s.io/client-go/rest"
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

// proxyAnswer is a canned answer of the API server's proxy.
type proxyAnswer struct {
	body []byte
	err  error
}

func (a proxyAnswer) DoRaw(context.Context) ([]byte, error) { return a.body, a.err }
func (a proxyAnswer) Stream(context.Context) (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader(string(a.body))), a.err
}

func TestHTTPGet(t *testing.T) {
	const page = "<html>\n  <h1>Hei fra ConfigMap</h1>\n</html>\n"
	web := map[string]string{"app": "web"}
	client := fake.NewClientset(
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kurs"}},
		runningPod("web-b", true, web), runningPod("web-a", false, web), runningPod("web-c", true, web),
		&corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kurs"}},
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "web-html", Namespace: "kurs"}, Data: map[string]string{"index.html": page}},
	)
	var asked []string
	client.PrependProxyReactor("pods", func(a k8stesting.Action) (bool, restclient.ResponseWrapper, error) {
		pa := a.(k8stesting.ProxyGetAction)
		asked = append(asked, pa.GetName()+":"+pa.GetPort()+pa.GetPath())
		if pa.GetPath() == "/mangler" {
			return true, proxyAnswer{err: apierrors.NewGenericServerResponse(404, "get", schema.GroupResource{Resource: "pods"}, "", "404 Not Found", 0, false)}, nil
		}
		return true, proxyAnswer{body: []byte(page)}, nil
	})
	client.PrependProxyReactor("services", func(k8stesting.Action) (bool, restclient.ResponseWrapper, error) {
		return true, proxyAnswer{body: []byte("<h1>Welcome to nginx!</h1>")}, nil
	})
	tests := []struct {
		src, criterion, found string
		status                Status
	}{
		{`{type: httpGet, selector: app=web, port: 80, sameAsConfigMap: {name: web-html, key: index.html}}`,
			"En klar Pod med selector «app=web» svarer på port 80, sti / med det samme som nøkkelen index.html i ConfigMapet «web-html»",
			"HTTP 200; svaret er likt nøkkelen", Passed},
		{`{type: httpGet, service: web, port: 80, sameAsConfigMap: {name: web-html, key: index.html}}`,
			"Servicen «web» svarer på port 80, sti / med det samme som nøkkelen index.html i ConfigMapet «web-html»",
			"HTTP 200; svaret er ikke likt nøkkelen (svaret begynner med «<h1>Welcome to nginx!</h1>»)", Failed},
		{`{type: httpGet, service: web, port: 80, sameAsConfigMap: {name: web-html, key: side.html}}`,
			"Servicen «web» svarer på port 80, sti / med det samme som nøkkelen side.html i ConfigMapet «web-html»",
			"HTTP 200; ConfigMapet har ikke nøkkelen side.html", Failed},
		{`{type: httpGet, service: web, port: 80, contains: Welcome}`,
			"Servicen «web» svarer på port 80, sti / med en side som inneholder «Welcome»", "HTTP 200; svaret inneholder teksten", Passed},
		{`{type: httpGet, selector: app=web, port: 80, path: /mangler}`,
			"En klar Pod med selector «app=web» svarer på port 80, sti /mangler", "HTTP 404", Failed},
		{`{type: httpGet, selector: app=db, port: 5432}`,
			"En klar Pod med selector «app=db» svarer på port 5432, sti /", "ingen klare Poder med selector «app=db»", Failed},
		{`{type: httpGet, service: borte, port: 80}`,
			"Servicen «borte» svarer på port 80, sti /", "finnes ikke", Failed},
	}
	for _, tt := range tests {
		r := runFake(t, client, tt.src)
		if r.Criterion != tt.criterion || r.Found != tt.found || r.Status != tt.status {
			t.Errorf("%s:\n got %v %q / %q\nwant %v %q / %q", tt.src, r.Status, r.Criterion, r.Found, tt.status, tt.criterion, tt.found)
		}
	}
	if asked[0] != "web-b:80/" {
		t.Errorf("asked %v first, want the first ready Pod by name, web-b:80/", asked)
	}
}

func TestLiveCompileErrors(t *testing.T) {
	tests := []struct{ src, msg string }{
		{"- type: httpGet\n  port: 80\n", "oppgi én av «service» eller «selector»"},
		{"- type: httpGet\n  service: web\n  selector: app=web\n  port: 80\n", "oppgi bare én av «service» eller «selector»"},
		{"- type: httpGet\n  service: web\n  port: 80\n  path: index.html\n", "«path» må begynne med /"},
		{"- type: httpGet\n  service: web\n  port: 80\n  contains: x\n  sameAsConfigMap: {name: a, key: b}\n", "oppgi bare én av «contains» eller «sameAsConfigMap»"},
		{"- type: podLog\n  name: x\n", "mangler «contains»"},
	}
	for _, tt := range tests {
		_, err := compileList(t, tt.src)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%q: error %v, want %q", tt.src, err, tt.msg)
		}
	}
}
