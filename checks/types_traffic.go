package checks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/client-go/rest"
)

// Texts of the serviceHTTP check.
const (
	msgCritHTTP         = "%s svarer på GET %s (port %s) med status %d"
	msgCritHTTPContains = " og en side som inneholder «%s»"
	msgExpectHTTP       = "status %d"
	msgHTTPStatus       = "status %d"
	msgHTTPWithText     = ", med «%s»"
	msgHTTPWithoutText  = ", uten «%s» (svaret begynner: %s)"
	msgHTTPEmptyBody    = "tomt"
	msgHTTPNoPort       = "Servicen har ingen port %s (porter: %s)"
	msgHTTPExternalName = "Servicen er av typen ExternalName og sender ingen trafikk selv, den er bare et DNS-navn"
	msgHTTPNoEndpoints  = "ingen klare endepunkter: API-serveren fant ingen Pod å sende forespørselen til"
	msgHTTPNotYet       = "API-serverens proxy finner ikke Servicen ennå; den ble nettopp laget"
	msgHTTPRefused      = "Podene bak Servicen avviste tilkoblingen (connection refused); ingen lytter på targetPort"
	msgHTTPUnreachable  = "API-serveren fikk ikke koble seg til Podene bak Servicen: %s"
	msgHTTPTimeout      = "fikk ikke svar gjennom API-serveren i tide; API-serveren svarer, men Podene bak Servicen gjør det ikke"
	msgHTTPNoClient     = "sjekken har ingen HTTP-klient til API-serveren"
)

// maxHTTPBody bounds how much of a reply serviceHTTP reads.
const maxHTTPBody = 1 << 20

// serviceHTTPParams: an HTTP GET to a Service, sent through the API
// server's service proxy (services/NAME:PORT/proxy/PATH), answers with
// the status and text wanted. It needs a cluster with real containers.
type serviceHTTPParams struct {
	Name     string      `yaml:"name" doc:"Servicens navn" check:"required"`
	Port     intOrString `yaml:"port" doc:"Service-porten, nummer eller navn" check:"required"`
	Path     string      `yaml:"path" doc:"stien som hentes; standard /"`
	Status   int         `yaml:"status" doc:"HTTP-statusen svaret skal ha; standard 200" check:"min=100,max=599"`
	Contains string      `yaml:"contains" doc:"tekst svaret skal inneholde"`
}

func (p *serviceHTTPParams) build(b *builder) (spec, error) {
	path := p.Path
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	status := p.Status
	if status == 0 {
		status = http.StatusOK
	}
	port := p.Port.String()
	criterion := fmt.Sprintf(msgCritHTTP, b.subject("Service", p.Name), path, port, status)
	expected := fmt.Sprintf(msgExpectHTTP, status)
	if p.Contains != "" {
		criterion += fmt.Sprintf(msgCritHTTPContains, p.Contains)
		expected += fmt.Sprintf(msgHTTPWithText, p.Contains)
	}
	return spec{
		criterion: criterion,
		expected:  expected,
		run: func(ctx context.Context, e *env) verdict {
			svc, v, ok := e.getService(ctx, p.Name)
			if !ok {
				return v
			}
			if v, ok := proxyablePort(svc, p.Port); !ok {
				return v
			}
			code, body, v, ok := e.proxyGet(ctx, p.Name, port, path)
			if !ok {
				return v
			}
			return judgeHTTP(code, body, status, p.Contains)
		},
	}, nil
}

// proxyablePort fails unless svc can carry traffic on port.
func proxyablePort(svc *corev1.Service, port intOrString) (verdict, bool) {
	if svc.Spec.Type == corev1.ServiceTypeExternalName {
		return fail(msgHTTPExternalName), false
	}
	var have []string
	for _, sp := range svc.Spec.Ports {
		if port.Type == intstr.Int && sp.Port == port.IntVal || port.Type == intstr.String && sp.Name == port.StrVal {
			return verdict{}, true
		}
		have = append(have, fmt.Sprint(sp.Port))
	}
	return fail(fmt.Sprintf(msgHTTPNoPort, port.String(), listOrNone(have))), false
}

// judgeHTTP compares a reply from the Service with what is wanted.
func judgeHTTP(code int, body []byte, status int, contains string) verdict {
	found := fmt.Sprintf(msgHTTPStatus, code)
	ok := code == status
	if contains != "" {
		if bytes.Contains(body, []byte(contains)) {
			found += fmt.Sprintf(msgHTTPWithText, contains)
		} else {
			found += fmt.Sprintf(msgHTTPWithoutText, contains, bodyStart(body))
			ok = false
		}
	}
	return judge(ok, found)
}

// bodyStart is the start of a reply, on one line.
func bodyStart(body []byte) string {
	s := strings.Join(strings.Fields(string(body[:min(len(body), 200)])), " ")
	if s == "" {
		return msgHTTPEmptyBody
	}
	return "«" + truncate(s, 60) + "»"
}

// proxyGet sends GET path to the Service's port through the API server.
// A reply from the Service (any status) comes back with ok; the API
// server's own refusals become the verdict.
func (e *env) proxyGet(ctx context.Context, name, port, path string) (int, []byte, verdict, bool) {
	rc, _ := e.t.Client.CoreV1().RESTClient().(*rest.RESTClient)
	if rc == nil || rc.Client == nil {
		return 0, nil, envError(msgHTTPNoClient), false
	}
	req := e.req("get", "services/proxy", "", name)
	abs := fmt.Sprintf("/api/v1/namespaces/%s/services/%s/proxy%s", e.ns, utilnet.JoinSchemeNamePort("http", name, port), path)
	cctx, cancel := context.WithTimeout(ctx, e.t.callTimeout())
	defer cancel()
	hreq, err := http.NewRequestWithContext(cctx, http.MethodGet, rc.Get().AbsPath(abs).URL().String(), nil)
	if err != nil {
		return 0, nil, envError(fmt.Sprintf(msgUnexpected, err)), false
	}
	resp, err := rc.Client.Do(hreq)
	if err == nil {
		defer resp.Body.Close()
		var body []byte
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxHTTPBody))
		if err == nil {
			if st := apiServerStatus(resp, body); st != nil {
				return 0, nil, proxyRefusal(st, req), false
			}
			return resp.StatusCode, body, verdict{}, true
		}
	}
	if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		// The Service was read a moment ago, so the API server answers:
		// what does not is the Pods behind it.
		return 0, nil, envError(msgHTTPTimeout), false
	}
	return 0, nil, e.explain(ctx, err, req), false
}

// apiServerStatus is the API server's own error reply (a metav1.Status),
// or nil for a reply that came from the Service.
func apiServerStatus(resp *http.Response, body []byte) *metav1.Status {
	if resp.StatusCode < 400 {
		return nil
	}
	mediaType, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return nil
	}
	var st metav1.Status
	if json.Unmarshal(body, &st) != nil || st.Kind != "Status" || st.APIVersion != "v1" {
		return nil
	}
	if st.Code == 0 {
		st.Code = int32(resp.StatusCode)
	}
	return &st
}

// proxyDialPattern reads the reason out of the API server's message when
// its egress proxy refused to dial (the status line of the proxy's
// answer, e.g. the practice cluster's Norwegian refusal).
var proxyDialPattern = regexp.MustCompile(`proxy error from .* while dialing \S+, code \d+: (?:\d+ )?(.*)$`)

// proxyRefusal explains why the API server did not pass the request on.
// No endpoints and a refused connection are the learner's to fix (a
// selector that matches nothing, a targetPort nothing listens on); an
// egress proxy that refuses, or any other failure to reach the Pods, is
// the environment's.
func proxyRefusal(st *metav1.Status, req apiRequest) verdict {
	msg := st.Message
	reach, isReach := strings.CutPrefix(msg, "error trying to reach service: ")
	switch {
	case st.Code == http.StatusServiceUnavailable && strings.HasPrefix(msg, "no endpoints available for service"),
		st.Code == http.StatusNotFound && st.Details != nil && st.Details.Kind == "endpoints":
		// A Service without an Endpoints object yet (just made) has none.
		return fail(msgHTTPNoEndpoints)
	case st.Code == http.StatusNotFound && st.Details != nil && st.Details.Kind == "services":
		// The Service was read a moment ago: the proxy has not seen it yet.
		return fail(msgHTTPNotYet)
	case isReach && proxyDialPattern.MatchString(reach):
		return envError(fmt.Sprintf(msgHTTPUnreachable, proxyDialPattern.FindStringSubmatch(reach)[1]))
	case isReach && strings.Contains(reach, "connection refused"):
		return fail(msgHTTPRefused)
	case isReach:
		return envError(fmt.Sprintf(msgHTTPUnreachable, reach))
	}
	return classify(&apierrors.StatusError{ErrStatus: *st}, req)
}
