package checks

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/rest"
)

// fakeAPIServer poses as the API server on 127.0.0.1: it serves the
// Services given and answers every service proxy request with proxy
// (nil: the test fails when the proxy is used).
func fakeAPIServer(t *testing.T, services map[string]*corev1.Service, proxy http.HandlerFunc) *Target {
	t.Helper()
	return fakeCluster(t, fakeObjects{services: services}, proxy)
}

// fakeObjects are what fakeCluster serves.
type fakeObjects struct {
	services   map[string]*corev1.Service
	pods       []*corev1.Pod
	configMaps map[string]*corev1.ConfigMap
}

// fakeCluster is fakeAPIServer with Pods (listed by label selector) and
// ConfigMaps too; proxy answers the service and the pod proxy.
func fakeCluster(t *testing.T, objs fakeObjects, proxy http.HandlerFunc) *Target {
	t.Helper()
	if proxy == nil {
		proxy = func(w http.ResponseWriter, r *http.Request) { t.Errorf("the check used the proxy: %s", r.URL.Path) }
	}
	notFound := func(w http.ResponseWriter, kind, name string) {
		writeStatus(w, metav1.Status{Status: metav1.StatusFailure, Code: http.StatusNotFound, Reason: metav1.StatusReasonNotFound,
			Message: kind + ` "` + name + `" not found`, Details: &metav1.StatusDetails{Name: name, Kind: kind}})
	}
	writeJSON := func(w http.ResponseWriter, obj any) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(obj)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/namespaces/kurs/services/{name}", func(w http.ResponseWriter, r *http.Request) {
		svc, ok := objs.services[r.PathValue("name")]
		if !ok {
			notFound(w, "services", r.PathValue("name"))
			return
		}
		writeJSON(w, svc)
	})
	mux.HandleFunc("GET /api/v1/namespaces/kurs/configmaps/{name}", func(w http.ResponseWriter, r *http.Request) {
		cm, ok := objs.configMaps[r.PathValue("name")]
		if !ok {
			notFound(w, "configmaps", r.PathValue("name"))
			return
		}
		cm.TypeMeta = metav1.TypeMeta{Kind: "ConfigMap", APIVersion: "v1"}
		writeJSON(w, cm)
	})
	mux.HandleFunc("GET /api/v1/namespaces/kurs/pods", func(w http.ResponseWriter, r *http.Request) {
		sel, err := labels.Parse(r.URL.Query().Get("labelSelector"))
		if err != nil {
			t.Errorf("label selector: %v", err)
		}
		list := &corev1.PodList{TypeMeta: metav1.TypeMeta{Kind: "PodList", APIVersion: "v1"}}
		for _, p := range objs.pods {
			if sel.Matches(labels.Set(p.Labels)) {
				list.Items = append(list.Items, *p)
			}
		}
		writeJSON(w, list)
	})
	mux.HandleFunc("GET /api/v1/namespaces/kurs/services/{id}/proxy/{path...}", proxy)
	mux.HandleFunc("GET /api/v1/namespaces/kurs/pods/{id}/proxy/{path...}", proxy)
	mux.HandleFunc("GET /api/v1/namespaces/kurs", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, &corev1.Namespace{TypeMeta: metav1.TypeMeta{Kind: "Namespace", APIVersion: "v1"}, ObjectMeta: metav1.ObjectMeta{Name: "kurs"}})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	target, err := NewTarget(&rest.Config{Host: srv.URL}, "kurs")
	if err != nil {
		t.Fatal(err)
	}
	target.CallTimeout = 500 * time.Millisecond
	return target
}

// writeStatus answers as the API server does when it refuses a request.
func writeStatus(w http.ResponseWriter, st metav1.Status) {
	st.TypeMeta = metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(int(st.Code))
	_ = json.NewEncoder(w).Encode(&st)
}

func unavailable(msg string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeStatus(w, metav1.Status{Status: metav1.StatusFailure, Code: http.StatusServiceUnavailable, Reason: metav1.StatusReasonServiceUnavailable, Message: msg})
	}
}

func reply(code int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}
}

func webService(typ corev1.ServiceType) *corev1.Service {
	return &corev1.Service{
		TypeMeta:   metav1.TypeMeta{Kind: "Service", APIVersion: "v1"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kurs"},
		Spec: corev1.ServiceSpec{Type: typ, Selector: map[string]string{"app": "web"},
			Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromInt32(80)}}},
	}
}

const nginxPage = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>"

func TestHTTPGetThroughTheServiceProxy(t *testing.T) {
	tests := []struct {
		name     string
		check    string
		svc      *corev1.Service
		proxy    http.HandlerFunc
		status   Status
		found    string
		detail   string
		wantPath string
	}{
		{name: "nginx answers", check: `{type: httpGet, service: web, port: 80, contains: Welcome to nginx!}`,
			proxy: reply(200, "text/html", nginxPage), status: Passed, found: "status 200, med «Welcome to nginx!»",
			wantPath: "/api/v1/namespaces/kurs/services/http:web:80/proxy/"},
		{name: "port by name and a path", check: `{type: httpGet, service: web, port: http, path: /healthz}`,
			proxy: reply(200, "text/plain", "ok"), status: Passed, found: "status 200",
			wantPath: "/api/v1/namespaces/kurs/services/http:web:http/proxy/healthz"},
		{name: "another page", check: `{type: httpGet, service: web, port: 80, contains: Welcome to nginx!}`,
			proxy: reply(200, "text/html", "<html>\n  <body>Hallo   fra agnhost</body></html>"), status: Failed,
			found: "status 200, uten «Welcome to nginx!» (svaret begynner: «<html> <body>Hallo fra agnhost</body></html>»)"},
		{name: "the Service answers 404", check: `{type: httpGet, service: web, port: 80, path: /finnes-ikke}`,
			proxy: reply(404, "text/html", "<html>404 Not Found</html>"), status: Failed, found: "status 404"},
		{name: "a JSON error from the Service is its own reply", check: `{type: httpGet, service: web, port: 80, status: 500}`,
			proxy: reply(500, "application/json", `{"error":"boom"}`), status: Passed, found: "status 500"},
		{name: "no endpoints", check: `{type: httpGet, service: web, port: 80}`,
			proxy: unavailable(`no endpoints available for service "web"`), status: Failed,
			found: "ingen klare endepunkter: API-serveren fant ingen Pod å sende forespørselen til"},
		{name: "no Endpoints object yet", check: `{type: httpGet, service: web, port: 80}`,
			proxy: func(w http.ResponseWriter, r *http.Request) {
				writeStatus(w, metav1.Status{Status: metav1.StatusFailure, Code: http.StatusNotFound, Reason: metav1.StatusReasonNotFound,
					Message: `endpoints "web" not found`, Details: &metav1.StatusDetails{Name: "web", Kind: "endpoints"}})
			},
			status: Failed, found: "ingen klare endepunkter: API-serveren fant ingen Pod å sende forespørselen til"},
		{name: "the proxy has not seen the new Service yet", check: `{type: httpGet, service: web, port: 80}`,
			proxy: func(w http.ResponseWriter, r *http.Request) {
				writeStatus(w, metav1.Status{Status: metav1.StatusFailure, Code: http.StatusNotFound, Reason: metav1.StatusReasonNotFound,
					Message: `services "web" not found`, Details: &metav1.StatusDetails{Name: "web", Kind: "services"}})
			},
			status: Failed, found: "API-serverens proxy finner ikke Servicen ennå; den ble nettopp laget"},
		{name: "nothing listens on targetPort", check: `{type: httpGet, service: web, port: 80}`,
			proxy: unavailable("error trying to reach service: dial tcp 10.244.1.7:8080: connect: connection refused"), status: Failed,
			found: "Podene bak Servicen avviste tilkoblingen (connection refused); ingen lytter på targetPort"},
		{name: "the practice cluster refuses", check: `{type: httpGet, service: web, port: 80}`,
			proxy:  unavailable("error trying to reach service: proxy error from /tmp/lab/egress.sock while dialing 10.244.0.1:80, code 403: 403 øvingsclusteret har ingen ekte containere; bruk et kind-cluster for dette"),
			status: EnvError, detail: "API-serveren fikk ikke koble seg til Podene bak Servicen: øvingsclusteret har ingen ekte containere; bruk et kind-cluster for dette"},
		{name: "no route to the Pods", check: `{type: httpGet, service: web, port: 80}`,
			proxy: unavailable("error trying to reach service: dial tcp 10.244.1.7:80: connect: no route to host"), status: EnvError,
			detail: "API-serveren fikk ikke koble seg til Podene bak Servicen: dial tcp 10.244.1.7:80: connect: no route to host"},
		{name: "no right to use the proxy", check: `{type: httpGet, service: web, port: 80}`,
			proxy: func(w http.ResponseWriter, r *http.Request) {
				writeStatus(w, metav1.Status{Status: metav1.StatusFailure, Code: http.StatusForbidden, Reason: metav1.StatusReasonForbidden,
					Message: `services "web" is forbidden: User "elev" cannot get resource "services/proxy" in API group "" in the namespace "kurs"`})
			},
			status: Forbidden, detail: "mangler tilgang: kan ikke get services/proxy i Namespace «kurs» (som «elev»)"},
		{name: "the Pods do not answer in time", check: `{type: httpGet, service: web, port: 80}`,
			proxy: func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
			status: EnvError, detail: "fikk ikke svar gjennom API-serveren i tide; API-serveren svarer, men Podene bak Servicen gjør det ikke"},
		{name: "no such Service", check: `{type: httpGet, service: borte, port: 80}`, status: Failed, found: "finnes ikke"},
		{name: "no such port", check: `{type: httpGet, service: web, port: 8080}`, status: Failed, found: "Servicen har ingen port 8080 (porter: 80)"},
		{name: "ExternalName", check: `{type: httpGet, service: web, port: 80}`, svc: webService(corev1.ServiceTypeExternalName), status: Failed,
			found: "Servicen er av typen ExternalName og sender ingen trafikk selv, den er bare et DNS-navn"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svc := tc.svc
			if svc == nil {
				svc = webService(corev1.ServiceTypeClusterIP)
			}
			var gotPath string
			proxy := func(w http.ResponseWriter, r *http.Request) {
				gotPath = r.URL.Path
				if tc.proxy == nil {
					t.Errorf("the check used the proxy: %s", r.URL.Path)
					return
				}
				tc.proxy(w, r)
			}
			target := fakeAPIServer(t, map[string]*corev1.Service{"web": svc}, proxy)
			start := time.Now()
			r := compileOne(t, tc.check).Run(t.Context(), target)
			if r.Status != tc.status || r.Found != tc.found || r.Detail != tc.detail {
				t.Errorf("got %s, found %q, detail %q\nwant %s, found %q, detail %q", r.Status, r.Found, r.Detail, tc.status, tc.found, tc.detail)
			}
			if r.unreachable {
				t.Error("marked unreachable, but the API server answered")
			}
			if tc.wantPath != "" && gotPath != tc.wantPath {
				t.Errorf("proxy path %q, want %q", gotPath, tc.wantPath)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %s; the check must give up within the call deadline", d)
			}
		})
	}
}

func TestHTTPGetServiceCriterion(t *testing.T) {
	tests := []struct{ src, criterion, expected string }{
		{`{type: httpGet, service: web, port: 80, contains: Welcome to nginx!}`,
			"Servicen «web» svarer på GET / (port 80) med status 200 og en side som inneholder «Welcome to nginx!»",
			"status 200, med «Welcome to nginx!»"},
		{`{type: httpGet, service: web, port: http, path: /healthz, status: 204, namespace: kurs}`,
			"Servicen «web» i Namespace «kurs» svarer på GET /healthz (port http) med status 204", "status 204"},
	}
	for _, tc := range tests {
		r := compileOne(t, tc.src).Run(t.Context(), nil)
		if r.Criterion != tc.criterion || r.Expected != tc.expected {
			t.Errorf("%s:\n criterion %q, expected %q\n want      %q, %q", tc.src, r.Criterion, r.Expected, tc.criterion, tc.expected)
		}
	}
}

func TestNewServiceParamsDecode(t *testing.T) {
	tests := []struct {
		name string
		src  string
		msg  string
	}{
		{"httpGet without port", "- type: httpGet\n  service: web\n", "mangler «port» for sjekktypen httpGet"},
		{"httpGet with a list as port", "- type: httpGet\n  service: web\n  port: [80]\n", "forventet et tall eller en tekst"},
		{"httpGet status out of range", "- type: httpGet\n  service: web\n  port: 80\n  status: 42\n", "«status» kan ikke være mindre enn 100"},
		{"httpGet typo", "- type: httpGet\n  service: web\n  port: 80\n  contain: x\n", "mente du «contains»?"},
		{"httpGet without a target", "- type: httpGet\n  port: 80\n", "oppgi én av «service» eller «selector»"},
		{"httpGet with two targets", "- type: httpGet\n  service: web\n  selector: app=web\n  port: 80\n", "oppgi bare én av «service» eller «selector»"},
		{"httpGet path without a slash", "- type: httpGet\n  service: web\n  port: 80\n  path: index.html\n", "«path» må begynne med /"},
		{"httpGet with two bodies", "- type: httpGet\n  service: web\n  port: 80\n  contains: x\n  sameAsConfigMap: {name: a, key: b}\n", "oppgi bare én av «contains» eller «sameAsConfigMap»"},
		{"loadBalancerAddress kind", "- type: loadBalancerAddress\n  kind: Pod\n  name: web\n", "«kind» kan ikke være «Pod»; gyldige verdier er: Service, Ingress"},
		{"loadBalancerAddress without name", "- type: loadBalancerAddress\n", "mangler «name» for sjekktypen loadBalancerAddress"},
		{"headless as text", "- type: service\n  name: web\n  headless: 'ja'\n", "«headless» må være true/false"},
		{"externalName as a list", "- type: service\n  name: web\n  externalName: [a]\n", "«externalName» må være tekst, fant liste"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compileList(t, tc.src)
			if errs := SpecErrors(err); len(errs) == 0 || !strings.Contains(errs[0].Msg, tc.msg) {
				t.Errorf("error %v, want one containing %q", err, tc.msg)
			}
		})
	}
	for _, src := range []string{
		`{type: loadBalancerAddress, kind: ingress, name: web}`,
		`{type: service, name: db, serviceType: externalname, externalName: db.example.com, selector: {}}`,
		`{type: httpGet, service: web, port: 80, status: 599}`,
	} {
		compileOne(t, src)
	}
}
