package progress

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1ac "k8s.io/client-go/applyconfigurations/core/v1"
	"k8s.io/client-go/kubernetes"
)

// The ConfigMap through which an instructor sees a learner's progress.
const (
	// MirrorName is the ConfigMap's name, in the learner's Namespace.
	MirrorName = "kubekurs-progress"
	// MirrorKey is its data key; the value is the progress file's JSON.
	MirrorKey = "progress.json"
	// mirrorFieldManager owns the fields the mirror writes (server-side
	// apply).
	mirrorFieldManager = "kubekurs"
	// managedByLabel and managedBy mark what kubekurs made; they are
	// cluster.ManagedByLabel and cluster.ManagedBy (a test keeps them
	// equal), repeated here so that progress does not depend on cluster.
	managedByLabel = "app.kubernetes.io/managed-by"
	managedBy      = "kubekurs"
)

// ParseMirror reads a learner's progress from the mirror ConfigMap, as
// Parse reads the file.
func ParseMirror(cm *corev1.ConfigMap) (*File, error) {
	if cm == nil {
		return nil, errors.New("no ConfigMap")
	}
	data, ok := cm.Data[MirrorKey]
	if !ok {
		return nil, fmt.Errorf("ConfigMap %s/%s has no key %q", cm.Namespace, cm.Name, MirrorKey)
	}
	f, err := Parse([]byte(data))
	if err != nil {
		return nil, fmt.Errorf("ConfigMap %s/%s: %w", cm.Namespace, cm.Name, err)
	}
	return f, nil
}

// Mirror copies a store's progress into the ConfigMap MirrorName in one
// Namespace, labelled as made by kubekurs, so that an instructor can read
// it with kubectl. It only ever creates or changes that one ConfigMap.
type Mirror struct {
	client    kubernetes.Interface
	namespace string
	store     *Store
}

// NewMirror returns a mirror of store into namespace.
func NewMirror(client kubernetes.Interface, namespace string, store *Store) *Mirror {
	return &Mirror{client: client, namespace: namespace, store: store}
}

// Write copies the progress as it is on disk now (with other processes'
// changes) into the ConfigMap, creating it if needed, within ctx's
// deadline. It uses server-side apply: one request creates or updates,
// with no read first and no conflict to retry, and it leaves fields other
// managers set (an instructor's labels) alone. A failure is a
// *MirrorError, whose Message tells the learner.
func (m *Mirror) Write(ctx context.Context) error {
	f, err := m.store.Latest()
	if err != nil {
		return &MirrorError{Namespace: m.namespace, Err: err, local: true}
	}
	data, err := f.encode()
	if err != nil {
		return &MirrorError{Namespace: m.namespace, Err: err, local: true}
	}
	cm := corev1ac.ConfigMap(MirrorName, m.namespace).
		WithLabels(map[string]string{managedByLabel: managedBy}).
		WithData(map[string]string{MirrorKey: string(data)})
	_, err = m.client.CoreV1().ConfigMaps(m.namespace).Apply(ctx, cm, metav1.ApplyOptions{FieldManager: mirrorFieldManager, Force: true})
	if err != nil {
		return &MirrorError{Namespace: m.namespace, Err: err}
	}
	return nil
}

// MirrorError says why the progress could not be mirrored.
type MirrorError struct {
	// Namespace is where the ConfigMap was to be.
	Namespace string
	// Err is the cause.
	Err error
	// local is set when the progress file, not the cluster, failed.
	local bool
}

// Error implements error.
func (e *MirrorError) Error() string {
	return fmt.Sprintf("mirror progress to configmap %s/%s: %v", e.Namespace, MirrorName, e.Err)
}

// Unwrap returns the cause.
func (e *MirrorError) Unwrap() error { return e.Err }

// forbiddenVerb finds the verb and resource in an RBAC denial's message
// (`User "x" cannot patch resource "configmaps" ...`).
func forbiddenVerb(msg string) (verb, resource string, ok bool) {
	m := regexp.MustCompile(`cannot (\S+) resource "([^"]+)"`).FindStringSubmatch(msg)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// Message is the Norwegian notice for the learner: what failed, why, and
// that the course goes on.
func (e *MirrorError) Message() string {
	var status apierrors.APIStatus
	var reason string
	switch {
	case e.local:
		reason = fmt.Sprintf(fmtMirrorLocal, e.Err)
	case apierrors.IsForbidden(e.Err):
		verb, resource, ok := forbiddenVerb(e.Err.Error())
		if !ok {
			verb, resource = "patch", "configmaps"
		}
		reason = fmt.Sprintf(fmtMirrorForbidden, norwegianVerb(verb), resource, verb)
	case errors.Is(e.Err, context.DeadlineExceeded) || apierrors.IsTimeout(e.Err) || apierrors.IsServerTimeout(e.Err):
		reason = mirrorTimeout
	case errors.As(e.Err, &status):
		reason = fmt.Sprintf(fmtMirrorRefused, e.Err)
	default:
		reason = fmt.Sprintf(fmtMirrorUnreachable, e.Err)
	}
	return fmt.Sprintf(fmtMirrorPrefix, e.Namespace) + reason + mirrorGoesOn
}
