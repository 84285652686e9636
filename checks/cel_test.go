package checks

import (
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// roundTripFunc answers HTTP requests without a server.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// celTarget is a Target without a cluster: the objects are served by a
// fake dynamic client, and the typed client answers that the Namespace
// "kurs" exists (a check asks when its object is missing).
func celTarget(t *testing.T, objs ...runtime.Object) *Target {
	t.Helper()
	namespaceExists := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		body := `{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"kurs"},"status":{"phase":"Active"}}`
		return &http.Response{
			StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), Request: r,
		}, nil
	})
	client, err := kubernetes.NewForConfigAndClient(&rest.Config{Host: "http://kurs.invalid"}, &http.Client{Transport: namespaceExists})
	if err != nil {
		t.Fatal(err)
	}
	mapper := meta.NewDefaultRESTMapper([]schema.GroupVersion{{Version: "v1"}})
	mapper.Add(schema.GroupVersionKind{Version: "v1", Kind: "Pod"}, meta.RESTScopeNamespace)
	return &Target{
		Client:    client,
		Dynamic:   dynamicfake.NewSimpleDynamicClient(runtime.NewScheme(), objs...),
		Mapper:    mapper,
		Namespace: "kurs",
	}
}

// TestCELNeverShowsTheExpression: whatever way a cel check fails, no text
// of its Result quotes the expression, which is the lesson author's
// source and means nothing to the learner.
func TestCELNeverShowsTheExpression(t *testing.T) {
	nginx := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "Pod",
		"metadata": map[string]any{"name": "nginx", "namespace": "kurs"},
		"spec": map[string]any{
			"restartPolicy": "Always",
			"containers":    []any{map[string]any{"name": "nginx", "image": "nginx:1.27"}},
		},
	}}
	target := celTarget(t, nginx)
	const ports = "object.spec.containers.exists(c, c.name == 'nginx' && has(c.ports) && c.ports.exists(p, p.containerPort == 80))"
	tests := []struct {
		name, expression, extra, found string
	}{
		{"false", ports, "", msgCELFalse},
		{"false with the step's criterion and hint", ports,
			"criterion: Containeren «nginx» oppgir containerPort 80\nhint: Under containeren skal det stå `ports:`.", msgCELFalse},
		{"false with a message", "object.spec.restartPolicy == 'Never'", "message: Poden startes på nytt", "Poden startes på nytt"},
		{"runtime error", "object.spec.nodeName == 'node-1'", "", "uttrykket kunne ikke regnes ut"},
		{"object missing", "object.spec.restartPolicy == 'Never'", "", msgNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "nginx"
			if tt.name == "object missing" {
				name = "borte"
			}
			src := "type: cel\nkind: Pod\nname: " + name + "\nexpression: \"" + tt.expression + "\"\n" + tt.extra
			r := compileOne(t, src).Run(t.Context(), target)
			if r.Status != Failed || !strings.Contains(r.Found, tt.found) {
				t.Fatalf("result = %+v, want failed with found %q", r, tt.found)
			}
			v := reflect.ValueOf(r)
			for i := range v.NumField() {
				f := v.Field(i)
				if f.Kind() != reflect.String {
					continue
				}
				if s := f.String(); strings.Contains(s, tt.expression) || strings.Contains(s, "object.") {
					t.Errorf("%s quotes the expression: %q", v.Type().Field(i).Name, s)
				}
			}
			if r.Expected != "" {
				t.Errorf("expected = %q, want none: the criterion says what is wanted", r.Expected)
			}
		})
	}
}

// TestCELCriterion: without its own criterion, a cel check names its
// object but not the expression.
func TestCELCriterion(t *testing.T) {
	c := compileOne(t, `{type: cel, kind: Deployment, name: web, expression: "object.spec.replicas == 3"}`)
	if got, want := c.Criterion(), "Deploymenten «web» er slik steget ber om"; got != want {
		t.Errorf("criterion = %q, want %q", got, want)
	}
}
