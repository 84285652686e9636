package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// TestIsUnreachable: connection-level failures are unreachable; answers
// from the server, cancellation and surprises are not.
func TestIsUnreachable(t *testing.T) {
	dial := func(err error) error {
		return &url.Error{Op: "Get", URL: "https://127.0.0.1:1/api", Err: &net.OpError{Op: "dial", Net: "tcp", Err: err}}
	}
	deployments := schema.GroupResource{Group: "apps", Resource: "deployments"}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"refused", dial(os.NewSyscallError("connect", syscall.ECONNREFUSED)), true},
		{"reset", dial(os.NewSyscallError("read", syscall.ECONNRESET)), true},
		{"host unreachable", dial(os.NewSyscallError("connect", syscall.EHOSTUNREACH)), true},
		{"dns", dial(&net.DNSError{Name: "api.kurs.example", IsNotFound: true}), true},
		{"net timeout", &url.Error{Op: "Get", URL: "x", Err: os.ErrDeadlineExceeded}, true},
		{"deadline", fmt.Errorf("get: %w", context.DeadlineExceeded), true},
		{"rate limiter", errors.New("client rate limiter Wait returned an error: rate: Wait(n=1) would exceed context deadline"), true},
		{"unknown authority", &url.Error{Op: "Get", URL: "x", Err: x509.UnknownAuthorityError{}}, true},
		{"hostname", &url.Error{Op: "Get", URL: "x", Err: x509.HostnameError{Host: "api"}}, true},
		{"tls verification", &url.Error{Op: "Get", URL: "x", Err: &tls.CertificateVerificationError{Err: errors.New("bad")}}, true},
		{"not tls", &url.Error{Op: "Get", URL: "x", Err: tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}}, true},
		{"nil", nil, false},
		{"canceled", &url.Error{Op: "Get", URL: "x", Err: context.Canceled}, false},
		{"not found", apierrors.NewNotFound(deployments, "web"), false},
		{"forbidden", apierrors.NewForbidden(deployments, "web", errors.New("no")), false},
		{"server timeout", apierrors.NewServerTimeout(deployments, "get", 1), false},
		{"500", apierrors.NewInternalError(errors.New("etcd is down")), false},
		{"surprise", errors.New("boom"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsUnreachable(tc.err); got != tc.want {
				t.Errorf("IsUnreachable(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// TestClassifyMarksUnreachable: classify keeps the EnvError and its
// message, and marks only connection-level failures unreachable.
func TestClassifyMarksUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, refused := net.Dial("tcp", addr)
	if v := classify(refused, apiRequest{}); v.status != EnvError || v.detail != msgConnRefused || !v.unreachable {
		t.Errorf("refused dial: %+v (%v)", v, refused)
	}
	if v := classify(apierrors.NewInternalError(errors.New("etcd is down")), apiRequest{}); v.status != EnvError || v.unreachable {
		t.Errorf("500: %+v", v)
	}
	if v := classify(apierrors.NewNotFound(schema.GroupResource{Resource: "pods"}, "web"), apiRequest{}); v.status != Failed || v.unreachable {
		t.Errorf("not found: %+v", v)
	}
}

// unreachableCheck fails as if the API server refused the connection.
type unreachableCheck struct{ scriptedCheck }

func (c *unreachableCheck) Run(ctx context.Context, t *Target) Result {
	r := c.scriptedCheck.Run(ctx, t)
	r.Status, r.Detail, r.unreachable = EnvError, msgConnRefused, true
	return r
}

// TestEvaluateGivesUpSoonWhenUnreachable: a long settle time is cut to
// unreachableRetry while the API server cannot be reached.
func TestEvaluateGivesUpSoonWhenUnreachable(t *testing.T) {
	gone := &unreachableCheck{scriptedCheck{name: "gone"}}
	failing := &scriptedCheck{name: "failing", status: Failed}
	start := time.Now()
	results := Evaluate(t.Context(), nil, []Check{failing, gone}, EvalOptions{Settle: 30 * time.Second, Interval: 100 * time.Millisecond})
	d := time.Since(start)
	if d < unreachableRetry || d > unreachableRetry+time.Second {
		t.Errorf("gave up after %s, want about %s", d, unreachableRetry)
	}
	if !AnyUnreachable(results) || results[1].Status != EnvError || results[1].Detail != msgConnRefused {
		t.Errorf("results %+v", results)
	}
	if AnyUnreachable(results[:1]) {
		t.Errorf("a plain failure counts as unreachable: %+v", results[0])
	}
	if n := gone.runs.Load(); n < 2 {
		t.Errorf("%d rounds; a short retry should come first", n)
	}
}
