// Package class sets up a classroom on a cluster the instructor runs:
// for each student on a class list a Namespace of its own, a
// ServiceAccount allowed to edit that Namespace only, a ResourceQuota and
// a LimitRange, and a kubeconfig file with an expiring token for the
// student to pass to `kubekurs --kubeconfig`. It can also list and delete
// a class. Everything it makes carries the labels
// app.kubernetes.io/managed-by=kubekurs and ClassLabel; it deletes
// nothing else.
package class

import (
	"context"
	"errors"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// callTimeout bounds each call to the API server.
const callTimeout = 15 * time.Second

// MinTokenTTL is the shortest token lifetime the API server grants.
const MinTokenTTL = 10 * time.Minute

// DefaultTokenTTL is how long a student's token lasts by default.
const DefaultTokenTTL = 7 * 24 * time.Hour

// DefaultPrefix starts every student's Namespace by default.
const DefaultPrefix = "elev-"

// Status is what became of one student.
type Status int

// The statuses, in the words the summary uses (Status.String).
const (
	// Created: the student's Namespace and objects are new.
	Created Status = iota
	// Existing: the student was in the class already and was left alone.
	Existing
	// Renewed: the student was in the class already and got a fresh token.
	Renewed
	// Refused: something in the way is not the class's; nothing was done.
	Refused
	// Failed: the API server or the disk said no.
	Failed
)

// String is the status in Norwegian.
func (s Status) String() string {
	switch s {
	case Created:
		return msgStatusCreated
	case Existing:
		return msgStatusExisting
	case Renewed:
		return msgStatusRenewed
	case Refused:
		return msgStatusRefused
	}
	return msgStatusFailed
}

// Outcome is one student's line in a summary.
type Outcome struct {
	Assignment
	// Status is what became of the student.
	Status Status
	// Detail says more in Norwegian: why a student was refused or failed,
	// or what was added to an existing one. Empty when there is no more.
	Detail string
	// Kubeconfig is the student's kubeconfig file, "" when there is none.
	Kubeconfig string
	// Expires is when the token in Kubeconfig expires; zero when unknown.
	Expires time.Time
}

// ErrBadList means the class list has lines that give no student; the
// problems say which, and nothing was made.
var ErrBadList = errors.New("class list has problems")

// DeniedError is the instructor lacking a permission on the cluster:
// nothing more can be done, so the run stops.
type DeniedError struct {
	// Verb and Resource are the permission, as `kubectl auth can-i` takes
	// them; Namespace is where, or "" for the whole cluster.
	Verb, Resource, Namespace string
	// Err is the API server's answer.
	Err error
}

// Error is the denial in Norwegian, with what to check.
func (e *DeniedError) Error() string {
	where, flag := msgClusterWide, ""
	if e.Namespace != "" {
		where, flag = fmt.Sprintf(msgInNamespace, e.Namespace), " -n "+e.Namespace
	}
	return fmt.Sprintf(msgDenied, e.Verb, e.Resource, where, e.Verb, e.Resource, flag)
}

// Unwrap returns the API server's answer.
func (e *DeniedError) Unwrap() error { return e.Err }

// apiError is err from verb on resource in namespace: a *DeniedError
// when the API server forbade it (but not for a Namespace being
// deleted, which forbids new objects too), else err with context.
func apiError(err error, verb, resource, namespace string) error {
	if apierrors.IsForbidden(err) && !isTerminating(err) {
		return &DeniedError{Verb: verb, Resource: resource, Namespace: namespace, Err: err}
	}
	return fmt.Errorf("%s %s: %w", verb, resource, err)
}

// isTerminating reports whether err is the API server refusing new
// objects in a Namespace that is being deleted.
func isTerminating(err error) bool {
	return apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause)
}

// withTimeout is ctx bounded by callTimeout.
func withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, callTimeout)
}
