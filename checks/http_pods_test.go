package checks

import (
	"net/http"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The first ready Pod by name is asked through pods/proxy, a named port
// is looked up in the Pod, and the proxy's refusals are classified as
// for a Service, naming the Pod.
func TestHTTPGetThroughThePodProxy(t *testing.T) {
	const page = "<html>\n  <h1>Hei fra ConfigMap</h1>\n</html>\n"
	web := map[string]string{"app": "web"}
	webB := runningPod("web-b", true, web)
	webB.Spec.Containers = []corev1.Container{{Name: "main", Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080}}}}
	objs := fakeObjects{
		services: map[string]*corev1.Service{"web": webService(corev1.ServiceTypeClusterIP)},
		pods:     []*corev1.Pod{webB, runningPod("web-a", false, web), runningPod("web-c", true, web)},
		configMaps: map[string]*corev1.ConfigMap{"web-html": {ObjectMeta: metav1.ObjectMeta{Name: "web-html", Namespace: "kurs"},
			Data: map[string]string{"index.html": page}}},
	}
	pods := func(h http.HandlerFunc) http.HandlerFunc { // the Pods answer h, the Service nginx
		return func(w http.ResponseWriter, r *http.Request) {
			if r.PathValue("id") == "http:web:80" {
				reply(200, "text/html", "<h1>Welcome to nginx!</h1>")(w, r)
				return
			}
			h(w, r)
		}
	}
	tests := []struct {
		src, criterion, found, detail, wantPath string
		proxy                                   http.HandlerFunc
		status                                  Status
	}{
		{src: `{type: httpGet, selector: app=web, port: 80, sameAsConfigMap: {name: web-html, key: index.html}}`,
			criterion: "En klar Pod med selector «app=web» svarer på GET / (port 80) med status 200 og en side som er lik nøkkelen index.html i ConfigMapet «web-html»",
			proxy:     reply(200, "text/html", page), found: "status 200, lik nøkkelen index.html", status: Passed,
			wantPath: "/api/v1/namespaces/kurs/pods/http:web-b:80/proxy/"},
		{src: `{type: httpGet, service: web, port: 80, sameAsConfigMap: {name: web-html, key: index.html}}`,
			criterion: "Servicen «web» svarer på GET / (port 80) med status 200 og en side som er lik nøkkelen index.html i ConfigMapet «web-html»",
			found:     "status 200, ikke lik nøkkelen index.html (svaret begynner: «<h1>Welcome to nginx!</h1>»)", status: Failed},
		{src: `{type: httpGet, service: web, port: 80, sameAsConfigMap: {name: web-html, key: side.html}}`,
			criterion: "Servicen «web» svarer på GET / (port 80) med status 200 og en side som er lik nøkkelen side.html i ConfigMapet «web-html»",
			found:     "status 200, men ConfigMapet har ikke nøkkelen side.html", status: Failed},
		{src: `{type: httpGet, service: web, port: 80, contains: Welcome}`,
			criterion: "Servicen «web» svarer på GET / (port 80) med status 200 og en side som inneholder «Welcome»", found: "status 200, med «Welcome»", status: Passed},
		{src: `{type: httpGet, selector: app=web, port: 80, path: /mangler}`,
			criterion: "En klar Pod med selector «app=web» svarer på GET /mangler (port 80) med status 200",
			proxy:     reply(404, "text/html", "404 Not Found"), found: "status 404", status: Failed,
			wantPath: "/api/v1/namespaces/kurs/pods/http:web-b:80/proxy/mangler"},
		{src: `{type: httpGet, selector: app=db, port: 5432}`,
			criterion: "En klar Pod med selector «app=db» svarer på GET / (port 5432) med status 200", found: "ingen klare Poder med selector «app=db»", status: Failed},
		{src: `{type: httpGet, service: borte, port: 80}`,
			criterion: "Servicen «borte» svarer på GET / (port 80) med status 200", found: "finnes ikke", status: Failed},
		{src: `{type: httpGet, selector: app=web, port: http, path: /healthz, status: 204}`,
			criterion: "En klar Pod med selector «app=web» svarer på GET /healthz (port http) med status 204",
			proxy:     reply(204, "text/plain", ""), found: "status 204", status: Passed,
			wantPath: "/api/v1/namespaces/kurs/pods/http:web-b:8080/proxy/healthz"},
		{src: `{type: httpGet, selector: app=web, port: metrics}`,
			criterion: "En klar Pod med selector «app=web» svarer på GET / (port metrics) med status 200",
			found:     "Poden «web-b» har ingen containerport med navnet metrics (porter: 8080)", status: Failed},
		{src: `{type: httpGet, selector: app=web, port: 80}`, criterion: "En klar Pod med selector «app=web» svarer på GET / (port 80) med status 200",
			proxy: unavailable("error trying to reach service: dial tcp 10.244.1.7:80: connect: connection refused"),
			found: "Poden «web-b» avviste tilkoblingen (connection refused); ingen lytter på port 80", status: Failed},
		{src: `{type: httpGet, selector: app=web, port: 80}`, criterion: "En klar Pod med selector «app=web» svarer på GET / (port 80) med status 200",
			proxy:  unavailable("error trying to reach service: proxy error from /tmp/lab/egress.sock while dialing 10.244.0.1:80, code 403: 403 øvingsclusteret har ingen ekte containere; bruk et kind-cluster for dette"),
			detail: "API-serveren fikk ikke koble seg til Poden «web-b»: øvingsclusteret har ingen ekte containere; bruk et kind-cluster for dette", status: EnvError},
		{src: `{type: httpGet, selector: app=web, port: 80}`, criterion: "En klar Pod med selector «app=web» svarer på GET / (port 80) med status 200",
			proxy: func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
			detail: "fikk ikke svar gjennom API-serveren i tide; API-serveren svarer, men Poden «web-b» gjør det ikke", status: EnvError},
		{src: `{type: httpGet, selector: app=web, port: 80}`, criterion: "En klar Pod med selector «app=web» svarer på GET / (port 80) med status 200",
			proxy: func(w http.ResponseWriter, r *http.Request) {
				writeStatus(w, metav1.Status{Status: metav1.StatusFailure, Code: http.StatusForbidden, Reason: metav1.StatusReasonForbidden,
					Message: `pods "web-b" is forbidden: User "elev" cannot get resource "pods/proxy" in API group "" in the namespace "kurs"`})
			},
			detail: "mangler tilgang: kan ikke get pods/proxy i Namespace «kurs» (som «elev»)", status: Forbidden},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			var gotPath string
			proxy := pods(func(w http.ResponseWriter, r *http.Request) {
				gotPath = r.URL.Path
				if tt.proxy == nil {
					t.Errorf("the check asked a Pod: %s", r.URL.Path)
					return
				}
				tt.proxy(w, r)
			})
			start := time.Now()
			r := compileOne(t, tt.src).Run(t.Context(), fakeCluster(t, objs, proxy))
			if r.Criterion != tt.criterion || r.Found != tt.found || r.Detail != tt.detail || r.Status != tt.status {
				t.Errorf("got %v %q / %q / %q\nwant %v %q / %q / %q", r.Status, r.Criterion, r.Found, r.Detail, tt.status, tt.criterion, tt.found, tt.detail)
			}
			if r.unreachable {
				t.Error("marked unreachable, but the API server answered")
			}
			if tt.wantPath != "" && gotPath != tt.wantPath {
				t.Errorf("proxy path %q, want %q (the first ready Pod by name)", gotPath, tt.wantPath)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %s; the check must give up within the call deadline", d)
			}
		})
	}
}
