package cluster

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// namespaceTimeout bounds EnsureNamespace's calls to the API server.
const namespaceTimeout = 10 * time.Second

// EnsureNamespace creates the learner's Namespace, labelled as made by
// kubekurs, unless it exists. A classroom account that may not read
// Namespaces is trusted to have been given one; one that may not create
// the missing Namespace is told what to ask for. Its errors are
// *ExplainedError; an API server that does not answer is the
// environment's fault.
func EnsureNamespace(ctx context.Context, t *Target) error {
	client, err := kubernetes.NewForConfig(t.Config)
	if err != nil {
		return fmt.Errorf("create client: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, namespaceTimeout)
	defer cancel()
	_, err = client.CoreV1().Namespaces().Get(ctx, t.Namespace, metav1.GetOptions{})
	switch {
	case err == nil, apierrors.IsForbidden(err):
		return nil
	case !apierrors.IsNotFound(err):
		return explain(fmt.Sprintf(msgUnreachable, t.Config.Host, err), true, err)
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: t.Namespace, Labels: map[string]string{ManagedByLabel: ManagedBy}}}
	_, err = client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
	switch {
	case err == nil, apierrors.IsAlreadyExists(err):
		return nil
	case apierrors.IsForbidden(err):
		return explain(fmt.Sprintf(msgNamespaceDenied, t.Namespace), false, err)
	}
	return explain(fmt.Sprintf(msgNamespaceFailed, t.Namespace, err), false, err)
}
