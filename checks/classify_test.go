package checks

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestClassify(t *testing.T) {
	pods := schema.GroupResource{Resource: "pods"}
	deployments := schema.GroupResource{Group: "apps", Resource: "deployments"}
	getWeb := apiRequest{verb: "get", resource: "deployments", group: "apps", namespace: "kurs", name: "web"}
	listPods := apiRequest{verb: "list", resource: "pods", namespace: "kurs"}
	refused := &url.Error{Op: "Get", URL: "https://127.0.0.1:1/api", Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}
	tests := []struct {
		name   string
		err    error
		req    apiRequest
		status Status
		text   string // Found for Failed, Detail otherwise
	}{
		{"forbidden, namespaced", apierrors.NewForbidden(pods, "", errors.New(`User "system:serviceaccount:kurs:ingen" cannot list resource "pods" in API group "" in the namespace "kurs"`)),
			listPods, Forbidden, "mangler tilgang: kan ikke list pods i Namespace «kurs» (som «system:serviceaccount:kurs:ingen»)"},
		{"forbidden, cluster scope", apierrors.NewForbidden(schema.GroupResource{Resource: "nodes"}, "", errors.New(`User "jane" cannot list resource "nodes" in API group "" at the cluster scope`)),
			apiRequest{verb: "list", resource: "nodes"}, Forbidden, "mangler tilgang: kan ikke list nodes i hele clusteret (som «jane»)"},
		{"forbidden, other message", apierrors.NewForbidden(deployments, "web", errors.New("denied by webhook")),
			getWeb, Forbidden, "mangler tilgang: kan ikke get deployments.apps i Namespace «kurs»"},
		{"not found", apierrors.NewNotFound(deployments, "web"), getWeb, Failed, "finnes ikke"},
		{"namespace not found", apierrors.NewNotFound(schema.GroupResource{Resource: "namespaces"}, "kurs"), listPods, Failed, "Namespacet «kurs» finnes ikke"},
		{"namespace itself not found", apierrors.NewNotFound(schema.GroupResource{Resource: "namespaces"}, "kurs"),
			apiRequest{verb: "get", resource: "namespaces", name: "kurs"}, Failed, "finnes ikke"},
		{"404 without a Status", apierrors.NewGenericServerResponse(404, "get", deployments, "web", "404 page not found", 0, true),
			getWeb, EnvError, "uventet feil"},
		{"500", apierrors.NewInternalError(errors.New("etcd is down")), getWeb, EnvError, "API-serveren svarte med feil 500: Internal error occurred: etcd is down"},
		{"503", apierrors.NewServiceUnavailable("starting"), getWeb, EnvError, "API-serveren svarte med feil 503: starting"},
		{"429", apierrors.NewTooManyRequests("slow down", 1), getWeb, EnvError, "API-serveren svarte med feil 429"},
		{"server timeout", apierrors.NewServerTimeout(deployments, "get", 1), getWeb, EnvError, msgTimeout},
		{"timeout", apierrors.NewTimeoutError("too slow", 1), getWeb, EnvError, msgTimeout},
		{"unauthorized", apierrors.NewUnauthorized("who?"), getWeb, EnvError, msgUnauthorized},
		{"bad request", apierrors.NewBadRequest("nonsense"), getWeb, EnvError, "uventet feil: nonsense"},
		{"deadline", fmt.Errorf("get: %w", context.DeadlineExceeded), getWeb, EnvError, msgTimeout},
		{"canceled", &url.Error{Op: "Get", URL: "x", Err: context.Canceled}, getWeb, EnvError, msgCanceled},
		{"rate limiter", errors.New("client rate limiter Wait returned an error: rate: Wait(n=1) would exceed context deadline"), getWeb, EnvError, msgTimeout},
		{"connection refused", refused, getWeb, EnvError, msgConnRefused},
		{"net timeout", &url.Error{Op: "Get", URL: "x", Err: os.ErrDeadlineExceeded}, getWeb, EnvError, msgTimeout},
		{"dns", &url.Error{Op: "Get", URL: "x", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Name: "api.kurs.example", IsNotFound: true}}}, getWeb, EnvError, "finner ikke API-serveren «api.kurs.example»"},
		{"certificate", &url.Error{Op: "Get", URL: "x", Err: x509.UnknownAuthorityError{}}, getWeb, EnvError, msgCertificate},
		{"unknown kind", &meta.NoKindMatchError{GroupKind: schema.GroupKind{Group: "kurs.example.no", Kind: "Oppgave"}}, getWeb, EnvError,
			"API-serveren kjenner ikke ressurstypen «Oppgave.kurs.example.no»; er den installert (CRD)?"},
		{"unknown core kind", &meta.NoKindMatchError{GroupKind: schema.GroupKind{Kind: "Podd"}}, getWeb, EnvError, "ressurstypen «Podd»"},
		{"surprise", errors.New("boom"), getWeb, EnvError, "uventet feil: boom"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := classify(tc.err, tc.req)
			if v.status != tc.status {
				t.Fatalf("status %v, want %v (%+v)", v.status, tc.status, v)
			}
			if v.missing != (tc.status == Failed) {
				t.Errorf("missing %v for status %v: only a missing object (or Namespace) is missing", v.missing, v.status)
			}
			got := v.detail
			if tc.status == Failed {
				got = v.found
				if v.detail != "" {
					t.Errorf("detail %q for a failure", v.detail)
				}
			} else if v.found != "" {
				t.Errorf("found %q for status %v", v.found, v.status)
			}
			wantContains(t, "text", got, tc.text)
		})
	}
}

// TestClassifyRealErrors classifies errors made by the network stack
// rather than by hand.
func TestClassifyRealErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, dialErr := net.Dial("tcp", addr)
	if v := classify(dialErr, apiRequest{}); v.status != EnvError || v.detail != msgConnRefused {
		t.Errorf("refused dial: %+v (%v)", v, dialErr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	_, ctxErr := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if v := classify(ctxErr, apiRequest{}); v.status != EnvError || v.detail != msgTimeout {
		t.Errorf("expired dial: %+v (%v)", v, ctxErr)
	}
}
