package checks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/client-go/rest"
)

// Texts about the API server's proxy.
const (
	msgHTTPNoEndpoints = "ingen klare endepunkter: API-serveren fant ingen Pod å sende forespørselen til"
	msgHTTPNotYet      = "API-serverens proxy finner ikke Servicen ennå; den ble nettopp laget"
	msgHTTPRefused     = "%s avviste tilkoblingen (connection refused); ingen lytter på %s"
	msgHTTPUnreachable = "API-serveren fikk ikke koble seg til %s: %s"
	msgHTTPTimeout     = "fikk ikke svar gjennom API-serveren i tide; API-serveren svarer, men %s gjør det ikke"
	msgHTTPNoClient    = "sjekken har ingen HTTP-klient til API-serveren"
	msgHTTPBehindSvc   = "Podene bak Servicen"
	msgHTTPTargetPort  = "targetPort"
	msgHTTPThePod      = "Poden «%s»"
	msgHTTPPodPort     = "port %s"
)

// maxHTTPBody bounds how much of a reply httpGet reads.
const maxHTTPBody = 1 << 20

// proxyTarget is what the API server's proxy sends a request on to: a
// Service's port or a Pod's port, and how messages name them.
type proxyTarget struct {
	resource string // "services" or "pods"
	name     string
	port     string
	who      string // who answers, in Norwegian: "Podene bak Servicen"
	listener string // what should listen: "targetPort", "port 80"
}

// serviceTarget is a Service's port, by number or name.
func serviceTarget(name, port string) proxyTarget {
	return proxyTarget{resource: "services", name: name, port: port, who: msgHTTPBehindSvc, listener: msgHTTPTargetPort}
}

// podTarget is a Pod's port number.
func podTarget(name, port string) proxyTarget {
	return proxyTarget{resource: "pods", name: name, port: port,
		who: fmt.Sprintf(msgHTTPThePod, name), listener: fmt.Sprintf(msgHTTPPodPort, port)}
}

// proxyGet sends GET path to the target through the API server. A reply
// from the target (any status) comes back with ok; the API server's own
// refusals become the verdict.
func (e *env) proxyGet(ctx context.Context, t proxyTarget, path string) (int, []byte, verdict, bool) {
	rc, _ := e.t.Client.CoreV1().RESTClient().(*rest.RESTClient)
	if rc == nil || rc.Client == nil {
		return 0, nil, envError(msgHTTPNoClient), false
	}
	req := e.req("get", t.resource+"/proxy", "", t.name)
	abs := fmt.Sprintf("/api/v1/namespaces/%s/%s/%s/proxy%s", e.ns, t.resource, utilnet.JoinSchemeNamePort("http", t.name, t.port), path)
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
				return 0, nil, proxyRefusal(st, req, t), false
			}
			return resp.StatusCode, body, verdict{}, true
		}
	}
	if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		// The Service or Pod was read a moment ago, so the API server
		// answers: what does not is the Pods behind it.
		return 0, nil, envError(fmt.Sprintf(msgHTTPTimeout, t.who)), false
	}
	return 0, nil, e.explain(ctx, err, req), false
}

// apiServerStatus is the API server's own error reply (a metav1.Status),
// or nil for a reply that came from the target.
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
func proxyRefusal(st *metav1.Status, req apiRequest, t proxyTarget) verdict {
	msg := st.Message
	reach, isReach := strings.CutPrefix(msg, "error trying to reach service: ")
	switch {
	case st.Code == http.StatusServiceUnavailable && strings.HasPrefix(msg, "no endpoints available for service"),
		st.Code == http.StatusNotFound && st.Details != nil && st.Details.Kind == "endpoints":
		// A Service without an Endpoints object yet (just made) has none.
		return fail(msgHTTPNoEndpoints)
	case t.resource == "services" && st.Code == http.StatusNotFound && st.Details != nil && st.Details.Kind == "services":
		// The Service was read a moment ago: the proxy has not seen it yet.
		return fail(msgHTTPNotYet)
	case isReach && proxyDialPattern.MatchString(reach):
		return envError(fmt.Sprintf(msgHTTPUnreachable, t.who, proxyDialPattern.FindStringSubmatch(reach)[1]))
	case isReach && strings.Contains(reach, "connection refused"):
		return fail(fmt.Sprintf(msgHTTPRefused, t.who, t.listener))
	case isReach:
		return envError(fmt.Sprintf(msgHTTPUnreachable, t.who, reach))
	}
	return classify(&apierrors.StatusError{ErrStatus: *st}, req)
}
