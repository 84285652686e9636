package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"syscall"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// apiRequest describes the API call a check made, so that its error can
// be explained.
type apiRequest struct {
	verb      string // get, list, create
	resource  string // plural resource, e.g. "deployments"
	group     string // API group, "" for core
	namespace string // "" for cluster-scoped resources
	name      string // "" for lists
}

// verdict is what a check's run function decides; the check adds its
// criterion, hint and (unless the verdict overrides it) expected text.
type verdict struct {
	status   Status
	expected string
	found    string
	detail   string
	// unreachable marks an EnvError at the connection level: the API
	// server could not be reached at all.
	unreachable bool
	// missing marks a failure because the object looked for, or its
	// Namespace, does not exist.
	missing bool
}

// pass and fail are the two verdicts about the learner's work.
func pass(found string) verdict { return verdict{status: Passed, found: found} }
func fail(found string) verdict { return verdict{status: Failed, found: found} }

// judge passes or fails with the same found text.
func judge(ok bool, found string) verdict {
	if ok {
		return pass(found)
	}
	return fail(found)
}

// envError is a verdict for a problem that is not the learner's.
func envError(detail string) verdict { return verdict{status: EnvError, detail: detail} }

// forbiddenPattern reads the verb, resource, group and namespace out of
// the API server's RBAC denial message.
var forbiddenPattern = regexp.MustCompile(`cannot (\S+) resource "([^"]*)" in API group "([^"]*)"(?: in the namespace "([^"]*)")?`)

// userPattern reads the denied user out of the same message.
var userPattern = regexp.MustCompile(`User "([^"]*)"`)

// classify turns the error of req into a verdict: RBAC denials are
// Forbidden, a missing object (or its missing Namespace) fails, and
// everything else — unreachable server, timeouts, server errors, kinds
// the server does not know, surprises — is an EnvError, never Failed. A
// connection-level failure (connectionFailure) is also marked
// unreachable.
func classify(err error, req apiRequest) verdict {
	var status apierrors.APIStatus
	isStatus := errors.As(err, &status)
	switch {
	case errors.Is(err, context.Canceled):
		return envError(msgCanceled)
	case apierrors.IsForbidden(err):
		return verdict{status: Forbidden, detail: forbiddenDetail(err, req)}
	case apierrors.IsNotFound(err) && !unexpectedResponse(err):
		v := fail(msgNotFound)
		if d := status.Status().Details; d != nil && d.Kind == "namespaces" && req.resource != "namespaces" && d.Name != "" {
			v.found = fmt.Sprintf(msgNamespaceMissing, d.Name)
		}
		v.missing = true
		return v
	case meta.IsNoMatchError(err):
		return envError(fmt.Sprintf(msgUnknownKind, noMatchKind(err, req)))
	case apierrors.IsUnauthorized(err):
		return envError(msgUnauthorized)
	case apierrors.IsTimeout(err), apierrors.IsServerTimeout(err):
		return envError(msgTimeout)
	}
	if detail, ok := connectionFailure(err); ok {
		v := envError(detail)
		v.unreachable = true
		return v
	}
	if isStatus && (status.Status().Code >= 500 || status.Status().Code == 429) {
		return envError(fmt.Sprintf(msgServerError, status.Status().Code, status.Status().Message))
	}
	return envError(fmt.Sprintf(msgUnexpected, err))
}

// IsUnreachable reports whether err means the API server could not be
// reached at all: the connection was refused or reset, the host or
// network is unreachable, the name does not resolve, the TLS handshake
// or certificate failed, or the client gave up waiting. Waiting a few
// seconds more rarely helps with these, unlike with work that is not
// done yet.
func IsUnreachable(err error) bool {
	_, ok := connectionFailure(err)
	return ok
}

// connectionFailure explains, in Norwegian, an error that means the API
// server could not be reached at all (see IsUnreachable); ok is false for
// anything else, including every answer the server gave.
func connectionFailure(err error) (detail string, ok bool) {
	if err == nil || errors.Is(err, context.Canceled) {
		return "", false
	}
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		return "", false // the server answered
	}
	var netErr net.Error
	var dnsErr *net.DNSError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var certInvalid x509.CertificateInvalidError
	var verifyErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var alertErr tls.AlertError
	switch {
	case errors.Is(err, context.DeadlineExceeded), strings.Contains(err.Error(), "would exceed context deadline"):
		return msgTimeout, true
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET):
		return msgConnRefused, true
	case errors.As(err, &dnsErr):
		return fmt.Sprintf(msgNoHost, dnsErr.Name), true
	case errors.As(err, &netErr) && netErr.Timeout():
		return msgTimeout, true
	case errors.As(err, &unknownAuthority), errors.As(err, &hostnameErr), errors.As(err, &certInvalid):
		return msgCertificate, true
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH),
		errors.As(err, &verifyErr), errors.As(err, &recordErr), errors.As(err, &alertErr):
		return fmt.Sprintf(msgUnexpected, err), true
	}
	return "", false
}

// unexpectedResponse reports a 404 whose body was not a Kubernetes Status:
// the path does not exist (an API the server does not serve), which is
// not the same as a missing object.
func unexpectedResponse(err error) bool {
	var status apierrors.APIStatus
	if !errors.As(err, &status) || status.Status().Details == nil {
		return false
	}
	for _, c := range status.Status().Details.Causes {
		if c.Type == metav1.CauseTypeUnexpectedServerResponse {
			return true
		}
	}
	return false
}

// forbiddenDetail names the denied verb and resource, from the server's
// message when it has the usual form, else from the request.
func forbiddenDetail(err error, req apiRequest) string {
	verb, resource, group, ns := req.verb, req.resource, req.group, req.namespace
	msg := err.Error()
	if m := forbiddenPattern.FindStringSubmatch(msg); m != nil {
		verb, resource, group, ns = m[1], m[2], m[3], m[4]
	}
	if group != "" {
		resource += "." + group
	}
	where := msgWholeCluster
	if ns != "" {
		where = fmt.Sprintf(msgInNamespace, ns)
	}
	detail := fmt.Sprintf(msgForbidden, verb, resource, where)
	if m := userPattern.FindStringSubmatch(msg); m != nil {
		detail += fmt.Sprintf(msgForbiddenUser, m[1])
	}
	return detail
}

// noMatchKind names the kind a NoKindMatchError is about.
func noMatchKind(err error, req apiRequest) string {
	var kindErr *meta.NoKindMatchError
	if errors.As(err, &kindErr) {
		if kindErr.GroupKind.Group == "" {
			return kindErr.GroupKind.Kind
		}
		return kindErr.GroupKind.String()
	}
	var resErr *meta.NoResourceMatchError
	if errors.As(err, &resErr) {
		return resErr.PartialResource.Resource
	}
	return req.resource
}
