package live

import (
	"github.com/kubekurs/kubekurs/cluster/view"

	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

// loadFixture decodes the YAML documents of testdata/name with the
// Kubernetes scheme.
func loadFixture(t testing.TB, name string) []runtime.Object {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var objs []runtime.Object
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return objs
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		obj, _, err := scheme.Codecs.UniversalDeserializer().Decode(doc, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		objs = append(objs, obj)
	}
}

// sortByKind puts objs in their kind's list, in their order.
func sortByKind(t testing.TB, objs []runtime.Object) namespaceObjects {
	t.Helper()
	var ns namespaceObjects
	for _, obj := range objs {
		switch o := obj.(type) {
		case *appsv1.Deployment:
			ns.deployments = append(ns.deployments, *o)
		case *corev1.Pod:
			ns.pods = append(ns.pods, *o)
		case *corev1.Service:
			ns.services = append(ns.services, *o)
		case *networkingv1.Ingress:
			ns.ingresses = append(ns.ingresses, *o)
		case *corev1.ConfigMap:
			ns.configMaps = append(ns.configMaps, *o)
		case *corev1.Secret:
			ns.secrets = append(ns.secrets, *o)
		default:
			t.Fatalf("no panel row for %T", obj)
		}
	}
	return ns
}

// TestRows renders each fixture with its kind's row function.
func TestRows(t *testing.T) {
	tests := []struct {
		fixture string
		want    view.Object
	}{
		{"deployment-ready.yaml", view.Object{Kind: "Deployment", Name: "web", Status: "3/3 klare", Healthy: true}},
		{"deployment-unready.yaml", view.Object{Kind: "Deployment", Name: "web", Status: "1/3 klare", Healthy: false}},
		{"deployment-nil-replicas.yaml", view.Object{Kind: "Deployment", Name: "enkel", Status: "0/1 klare", Healthy: false}},
		{"pod-running.yaml", view.Object{Kind: "Pod", Name: "nginx", Status: "Running 1/1", Healthy: true}},
		{"pod-partly-ready.yaml", view.Object{Kind: "Pod", Name: "app", Status: "Running 1/2", Healthy: false}},
		{"pod-imagepullbackoff.yaml", view.Object{Kind: "Pod", Name: "skrivefeil", Status: "ImagePullBackOff 0/1", Healthy: false}},
		{"pod-terminating.yaml", view.Object{Kind: "Pod", Name: "gammel", Status: "Terminating 1/1", Healthy: false}},
		{"service.yaml", view.Object{Kind: "Service", Name: "web", Status: "ClusterIP 10.96.0.12", Healthy: true}},
		{"service-nodeport.yaml", view.Object{Kind: "Service", Name: "ute", Status: "NodePort 10.96.4.7", Healthy: true}},
		{"configmap.yaml", view.Object{Kind: "ConfigMap", Name: "innstillinger", Status: "3 nøkler", Healthy: true}},
		{"configmap-empty.yaml", view.Object{Kind: "ConfigMap", Name: "tom", Status: "0 nøkler", Healthy: true}},
		{"ingress-address.yaml", view.Object{Kind: "Ingress", Name: "web", Status: "web.kurs.local, api.kurs.local → 198.51.100.4", Healthy: true}},
		{"ingress-waiting.yaml", view.Object{Kind: "Ingress", Name: "alle", Status: "* (venter på adresse)", Healthy: false}},
		{"secret-tls.yaml", view.Object{Kind: "Secret", Name: "web-tls", Status: "kubernetes.io/tls, 2 nøkler", Healthy: true}},
		{"secret-opaque.yaml", view.Object{Kind: "Secret", Name: "db", Status: "Opaque, 3 nøkler", Healthy: true}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			objs := loadFixture(t, tt.fixture)
			if len(objs) != 1 {
				t.Fatalf("%d objects in the fixture, want 1", len(objs))
			}
			var got view.Object
			switch o := objs[0].(type) {
			case *appsv1.Deployment:
				got = deploymentRow(o)
			case *corev1.Pod:
				got = podRow(o)
			case *corev1.Service:
				got = serviceRow(o)
			case *corev1.ConfigMap:
				got = configMapRow(o)
			case *networkingv1.Ingress:
				got = ingressRow(o)
			case *corev1.Secret:
				got = secretRow(o)
				if strings.Contains(got.Status, "hemmelig") || strings.Contains(got.Status, "aGVtbWVsaWc") {
					t.Errorf("the row shows a value of the Secret: %+v", got)
				}
			default:
				t.Fatalf("no row function for %T", o)
			}
			if got != tt.want {
				t.Errorf("row = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestPanelRows renders a whole Namespace: Deployments, Pods, Services,
// Ingresses, ConfigMaps, Secrets, each kind by name, and no
// kube-root-ca.crt.
func TestPanelRows(t *testing.T) {
	ns := sortByKind(t, loadFixture(t, "namespace.yaml"))
	got := panelRows(ns)
	want := []view.Object{
		{Kind: "Deployment", Name: "cache", Status: "1/1 klare", Healthy: true},
		{Kind: "Deployment", Name: "web", Status: "1/2 klare", Healthy: false},
		{Kind: "Pod", Name: "web-7d4b9c-ab1", Status: "Pending 0/1", Healthy: false},
		{Kind: "Pod", Name: "web-7d4b9c-zx2", Status: "Running 1/1", Healthy: true},
		{Kind: "Service", Name: "web", Status: "ClusterIP 10.96.0.12", Healthy: true},
		{Kind: "Ingress", Name: "web", Status: "web.kurs.local (venter på adresse)", Healthy: false},
		{Kind: "ConfigMap", Name: "a-tom", Status: "0 nøkler", Healthy: true},
		{Kind: "ConfigMap", Name: "app-config", Status: "1 nøkler", Healthy: true},
		{Kind: "Secret", Name: "db", Status: "Opaque, 1 nøkler", Healthy: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("panel rows:\n got %+v\nwant %+v", got, want)
	}
	if rows := panelRows(namespaceObjects{}); len(rows) != 0 {
		t.Errorf("empty Namespace: %+v", rows)
	}
}
