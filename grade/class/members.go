package class

import (
	"context"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// listMembers are the students of class on the cluster, by Namespace.
func listMembers(ctx context.Context, client kubernetes.Interface, class string) ([]Member, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	list, err := client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: Selector(class)})
	if err != nil {
		return nil, apiError(err, "list", "namespaces", "")
	}
	members := make([]Member, 0, len(list.Items))
	for _, ns := range list.Items {
		if isMember(&ns, class) { // the selector said so; say it again
			members = append(members, Member{Namespace: ns.Name, Name: ns.Annotations[StudentNameAnnotation]})
		}
	}
	slices.SortFunc(members, func(a, b Member) int { return strings.Compare(a.Namespace, b.Namespace) })
	return members, nil
}

// Members are the students of class on the cluster admin reaches,
// ordered by Namespace (alphabetically). Its errors are *DeniedError when the instructor
// may not list Namespaces.
func Members(ctx context.Context, admin *rest.Config, class string) ([]Member, error) {
	if err := ValidateClass(class); err != nil {
		return nil, err
	}
	client, err := kubernetes.NewForConfig(admin)
	if err != nil {
		return nil, fmt.Errorf("create client: %w", err)
	}
	return listMembers(ctx, client, class)
}

// List is the class's students with their kubeconfig files in outDir
// and when the files' tokens expire; each outcome is Existing.
func List(ctx context.Context, admin *rest.Config, class, outDir string) ([]Outcome, error) {
	members, err := Members(ctx, admin, class)
	if err != nil {
		return nil, err
	}
	out := make([]Outcome, 0, len(members))
	for _, m := range members {
		o := Outcome{Assignment: Assignment{Student: Student{Name: m.Name}, Namespace: m.Namespace, Member: true}, Status: Existing}
		path := KubeconfigPath(outDir, m.Namespace)
		if state, expires := inspectKubeconfig(path, m.Namespace); state == fileOurs {
			o.Kubeconfig, o.Expires = path, expires
		}
		out = append(out, o)
	}
	return out, nil
}

// Delete deletes the Namespaces of members, each only if it still
// carries class's labels and is the same Namespace (by UID) it was when
// looked at: whatever else is there is never touched. Deleting a
// Namespace deletes everything in it, the ServiceAccount too, which makes
// its tokens worthless. It returns the Namespaces it deleted; it does not
// wait for them to be gone.
func Delete(ctx context.Context, admin *rest.Config, class string, members []Member) ([]string, error) {
	if err := ValidateClass(class); err != nil {
		return nil, err
	}
	client, err := kubernetes.NewForConfig(admin)
	if err != nil {
		return nil, fmt.Errorf("create client: %w", err)
	}
	var deleted []string
	for _, m := range members {
		ok, err := deleteMember(ctx, client, class, m.Namespace)
		if err != nil {
			return deleted, err
		}
		if ok {
			deleted = append(deleted, m.Namespace)
		}
	}
	return deleted, nil
}

// deleteMember deletes Namespace name if it is class's; false when it is
// gone or not the class's.
func deleteMember(ctx context.Context, client kubernetes.Interface, class, name string) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	ns, err := client.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, apiError(err, "get", "namespaces", "")
	}
	if !isMember(ns, class) {
		return false, nil
	}
	if ns.Status.Phase == corev1.NamespaceTerminating {
		return true, nil
	}
	uid := ns.UID
	err = client.CoreV1().Namespaces().Delete(ctx, name, metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &uid}})
	switch {
	case err == nil:
		return true, nil
	case apierrors.IsNotFound(err), apierrors.IsConflict(err):
		return false, nil
	}
	return false, apiError(err, "delete", "namespaces", "")
}
