package snapshot

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"testing"

	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// testCluster is the practice cluster TestMain starts (nil under -short).
var testCluster *labtest.Cluster

func TestMain(m *testing.M) {
	os.Exit(labtest.Run(m, func(c *labtest.Cluster) { testCluster = c }))
}

// configMap makes a labelled ConfigMap in ns.
func configMap(t *testing.T, client kubernetes.Interface, ns, name string, labels map[string]string) {
	t.Helper()
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}, Data: map[string]string{"k": name}}
	if _, err := client.CoreV1().ConfigMaps(ns).Create(context.Background(), cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// TestIntegrationSnapshotAnswersReads: reads in two Namespaces, typed and
// dynamic, GET and LIST with a selector, found and missing, cost one LIST
// of the type, and give what the API server gives.
func TestIntegrationSnapshotAnswersReads(t *testing.T) {
	c := labtest.Require(t, testCluster)
	a, b := labtest.Namespace(t, c.Client), labtest.Namespace(t, c.Client)
	configMap(t, c.Client, a, "web", map[string]string{"app": "web"})
	configMap(t, c.Client, a, "db", map[string]string{"app": "db"})
	configMap(t, c.Client, b, "web", map[string]string{"app": "web"})

	snap := New(c.Config)
	client := kubernetes.NewForConfigOrDie(snap.Config())
	ctx := t.Context()
	for _, ns := range []string{a, b} {
		got, err := client.CoreV1().ConfigMaps(ns).Get(ctx, "web", metav1.GetOptions{})
		if err != nil || got.Name != "web" || got.Namespace != ns || got.Data["k"] != "web" {
			t.Fatalf("get web in %s: %+v, %v", ns, got, err)
		}
	}
	_, err := client.CoreV1().ConfigMaps(b).Get(ctx, "db", metav1.GetOptions{})
	if !apierrors.IsNotFound(err) {
		t.Fatalf("get of a missing object: %v, want NotFound", err)
	}
	list, err := client.CoreV1().ConfigMaps(a).List(ctx, metav1.ListOptions{LabelSelector: "app=db"})
	if err != nil || len(list.Items) != 1 || list.Items[0].Name != "db" {
		t.Fatalf("list app=db in %s: %+v, %v", a, list, err)
	}
	dyn := dynamic.NewForConfigOrDie(snap.Config())
	u, err := dyn.Resource(schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}).Namespace(a).Get(ctx, "db", metav1.GetOptions{})
	if err != nil || u.GetKind() != "ConfigMap" || u.GetAPIVersion() != "v1" || u.GetLabels()["app"] != "db" {
		t.Fatalf("dynamic get: %v, %v", u, err)
	}
	nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil || len(nodes.Items) == 0 {
		t.Fatalf("nodes: %v, %v", nodes, err)
	}
	if got := fmt.Sprint(snap.Types()); got != "[/v1, Resource=configmaps /v1, Resource=nodes]" {
		t.Errorf("types %s", got)
	}
	st := snap.Stats()
	if st.Lists != 2 || st.Pages != 2 || st.Passthrough != 0 || st.Served != 6 {
		t.Errorf("stats %+v, want 2 lists (configmaps, nodes), 2 pages, 6 reads served, nothing passed on", st)
	}
}

// TestIntegrationSnapshotForgetsANamespace: after Forget, the next read
// in that Namespace sees a change, with one LIST of that Namespace alone.
func TestIntegrationSnapshotForgetsANamespace(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	snap := New(c.Config)
	client := kubernetes.NewForConfigOrDie(snap.Config())
	ctx := t.Context()
	if _, err := client.CoreV1().ConfigMaps(ns).Get(ctx, "ny", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("before: %v", err)
	}
	configMap(t, c.Client, ns, "ny", nil)
	if _, err := client.CoreV1().ConfigMaps(ns).Get(ctx, "ny", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("a snapshot is a snapshot: %v", err)
	}
	snap.Forget("", "configmaps", ns)
	if _, err := client.CoreV1().ConfigMaps(ns).Get(ctx, "ny", metav1.GetOptions{}); err != nil {
		t.Fatalf("after Forget: %v", err)
	}
	if st := snap.Stats(); st.Lists != 2 {
		t.Errorf("stats %+v, want 2 lists", st)
	}
}

// TestIntegrationSnapshotReplaysRefusals: an account that may not list a
// type across the cluster is asked per Namespace; where that is refused
// too, every read gets the server's Forbidden.
func TestIntegrationSnapshotReplaysRefusals(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	cfg := labtest.PodsOnlyAccount(t, c, ns, "snapshot-elev")
	snap := New(cfg)
	client := kubernetes.NewForConfigOrDie(snap.Config())
	ctx := t.Context()
	pods, err := client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	if err != nil || len(pods.Items) != 0 {
		t.Fatalf("pods in own Namespace: %v, %v", pods, err)
	}
	if _, err := client.CoreV1().Pods(ns).Get(ctx, "ingen", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("get of a missing Pod: %v, want NotFound", err)
	}
	for range 2 {
		if _, err := client.CoreV1().ConfigMaps(ns).Get(ctx, "x", metav1.GetOptions{}); !apierrors.IsForbidden(err) {
			t.Fatalf("configmaps: %v, want Forbidden", err)
		}
	}
	if _, err := client.CoreV1().Pods("kube-system").List(ctx, metav1.ListOptions{}); !apierrors.IsForbidden(err) {
		t.Fatalf("pods in another Namespace: %v, want Forbidden", err)
	}
	// pods: cluster-wide + own + kube-system; configmaps: cluster-wide + own.
	if st := snap.Stats(); st.Lists != 5 {
		t.Errorf("stats %+v, want 5 lists", st)
	}
}

// TestParseRead: what the snapshot answers and what it passes on.
func TestParseRead(t *testing.T) {
	tests := []struct {
		method, path         string
		ok                   bool
		ns, res, name, group string
	}{
		{"GET", "/api/v1/namespaces/kurs/pods/web", true, "kurs", "pods", "web", ""},
		{"GET", "/api/v1/namespaces/kurs/pods?labelSelector=app%3Dweb", true, "kurs", "pods", "", ""},
		{"GET", "/apis/apps/v1/namespaces/kurs/deployments/web", true, "kurs", "deployments", "web", "apps"},
		{"GET", "/api/v1/nodes", true, "", "nodes", "", ""},
		{"GET", "/api/v1/namespaces/kurs", true, "", "namespaces", "kurs", ""},
		{"GET", "/apis/networking.k8s.io/v1/ingressclasses/x", true, "", "ingressclasses", "x", "networking.k8s.io"},
		{"GET", "/api/v1/namespaces/kurs/pods/web/log", false, "", "", "", ""},
		{"GET", "/api/v1/namespaces/kurs/services/web/proxy/", false, "", "", "", ""},
		{"GET", "/api/v1/namespaces/kurs/pods?watch=true", false, "", "", "", ""},
		{"GET", "/api/v1/namespaces/kurs/pods?fieldSelector=spec.nodeName%3Dx", false, "", "", "", ""},
		{"GET", "/api/v1/namespaces/kurs/pods?labelSelector=%3D%3D%3D", false, "", "", "", ""},
		{"GET", "/api", false, "", "", "", ""},
		{"GET", "/apis/apps/v1", false, "", "", "", ""},
		{"POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", false, "", "", "", ""},
	}
	for _, tc := range tests {
		u, err := url.Parse("https://127.0.0.1:6443" + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		r, ok := parseRead(&http.Request{Method: tc.method, URL: u})
		if ok != tc.ok || ok && (r.namespace != tc.ns || r.key.resource != tc.res || r.name != tc.name || r.key.group != tc.group) {
			t.Errorf("%s %s: %+v, %v", tc.method, tc.path, r, ok)
		}
	}
}

// FuzzParseRead: no path makes parseRead panic, and what it accepts
// names a resource.
func FuzzParseRead(f *testing.F) {
	for _, p := range []string{"/api/v1/namespaces/a/pods/b", "/apis/apps/v1/deployments", "/api/v1/namespaces", "//", "/apis/x"} {
		f.Add(p, "labelSelector=a%3Db")
	}
	f.Fuzz(func(t *testing.T, path, query string) {
		r, ok := parseRead(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: path, RawQuery: query}})
		if ok && (r.key.resource == "" || r.selector == nil) {
			t.Fatalf("%q?%q: accepted without a resource: %+v", path, query, r)
		}
	})
}

// TestWithKind: a LIST item gets apiVersion and kind.
func TestWithKind(t *testing.T) {
	for raw, want := range map[string]string{
		`{"metadata":{"name":"a"}}`: `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}`,
		`{}`:                        `{"apiVersion":"v1","kind":"Pod"}`,
		` { } `:                     `{"apiVersion":"v1","kind":"Pod"}`,
	} {
		if got := string(withKind([]byte(raw), "v1", "Pod")); got != want {
			t.Errorf("withKind(%s) = %s, want %s", raw, got, want)
		}
	}
}

// TestIntegrationSnapshotAsksAReviewOnce: the same SubjectAccessReview
// asked twice reaches the API server once; another question goes on.
func TestIntegrationSnapshotAsksAReviewOnce(t *testing.T) {
	c := labtest.Require(t, testCluster)
	snap := New(c.Config)
	client := kubernetes.NewForConfigOrDie(snap.Config())
	ask := func(verb string) bool {
		review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{User: "kari",
			ResourceAttributes: &authorizationv1.ResourceAttributes{Namespace: "elev-kari", Verb: verb, Resource: "pods"}}}
		got, err := client.AuthorizationV1().SubjectAccessReviews().Create(t.Context(), review, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return got.Status.Allowed
	}
	for _, verb := range []string{"get", "get", "delete"} {
		if ask(verb) {
			t.Errorf("kari may not %s pods", verb)
		}
	}
	if st := snap.Stats(); st.Passthrough != 2 || st.Served != 1 {
		t.Errorf("stats %+v, want 2 passed on, 1 answered again", st)
	}
}

// TestAnswersOnce: what is answered from the first answer, and what not.
func TestAnswersOnce(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		want         bool
	}{
		{"GET", "/version", true},
		{"GET", "/api", true},
		{"GET", "/api/v1", true},
		{"GET", "/apis", true},
		{"GET", "/apis/apps/v1", true},
		{"POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", true},
		{"GET", "/api/v1/namespaces/kurs/pods/web/log", false},
		{"GET", "/apis/apps/v1/deployments", false},
		{"POST", "/api/v1/namespaces/kurs/configmaps", false},
		{"GET", "/healthz", false},
	} {
		u, _ := url.Parse("https://127.0.0.1:6443" + tc.path)
		if got := answersOnce(&http.Request{Method: tc.method, URL: u}); got != tc.want {
			t.Errorf("%s %s: %v, want %v", tc.method, tc.path, got, tc.want)
		}
	}
}
