package lab

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestIntegrationRoleAllowsListNotDelete(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	ctx := t.Context()
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "leser"}}
	if _, err := tl.client.CoreV1().ServiceAccounts(ns).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	role := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "pod-leser"},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"get", "list", "watch"}}},
	}
	if _, err := tl.client.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "leser-pod-leser"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: "pod-leser"},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: "leser", Namespace: ns}},
	}
	if _, err := tl.client.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	user := "system:serviceaccount:" + ns + ":leser"
	for verb, want := range map[string]bool{"list": true, "get": true, "delete": false, "create": false} {
		sar := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
			User:               user,
			Groups:             []string{"system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"},
			ResourceAttributes: &authorizationv1.ResourceAttributes{Namespace: ns, Verb: verb, Resource: "pods"},
		}}
		got, err := tl.client.AuthorizationV1().SubjectAccessReviews().Create(ctx, sar, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status.Allowed != want {
			t.Errorf("%s may %s pods: %v, want %v (%s)", user, verb, got.Status.Allowed, want, got.Status.Reason)
		}
	}
}

func TestIntegrationNamespaceDeletionCompletes(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	ctx := t.Context()
	if _, err := tl.client.AppsV1().Deployments(ns).Create(ctx, webDeployment("web", "nginx", 2), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitRolledOut(t, tl.client, ns, "web", 2)
	if err := tl.client.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 60*time.Second, "namespace deletion", func(ctx context.Context) error {
		_, err := tl.client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		return fmt.Errorf("namespace %s still exists", ns)
	})
}

func TestIntegrationImagePullFailure(t *testing.T) {
	tl := requireLab(t)
	ns := newNamespace(t, tl.client)
	ctx := t.Context()
	pod := func(name, image string) *corev1.Pod {
		return &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: image}}},
		}
	}
	for _, p := range []*corev1.Pod{pod("riktig", "nginx:1.27"), pod("feil-tag", "nginx:doesnotexist"), pod("feilstavet", "ngnix")} {
		if _, err := tl.client.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	waitPod := func(name string, ok func(*corev1.Pod) error) {
		eventually(t, 15*time.Second, "pod "+name, func(ctx context.Context) error {
			p, err := tl.client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return err
			}
			return ok(p)
		})
	}
	waitPod("riktig", func(p *corev1.Pod) error {
		if p.Status.Phase != corev1.PodRunning {
			return fmt.Errorf("phase %s", p.Status.Phase)
		}
		return nil
	})
	for _, name := range []string{"feil-tag", "feilstavet"} {
		waitPod(name, func(p *corev1.Pod) error {
			if p.Status.Phase != corev1.PodPending {
				return fmt.Errorf("phase %s, want Pending", p.Status.Phase)
			}
			if len(p.Status.ContainerStatuses) != 1 || p.Status.ContainerStatuses[0].State.Waiting == nil {
				return fmt.Errorf("container statuses %+v", p.Status.ContainerStatuses)
			}
			if r := p.Status.ContainerStatuses[0].State.Waiting.Reason; r != "ImagePullBackOff" {
				return fmt.Errorf("waiting reason %q, want ImagePullBackOff", r)
			}
			return nil
		})
	}
	eventually(t, 10*time.Second, "Failed event", func(ctx context.Context) error {
		events, err := tl.client.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: "involvedObject.name=feil-tag"})
		if err != nil {
			return err
		}
		for _, e := range events.Items {
			if e.Reason == "Failed" && strings.Contains(e.Message, "nginx:doesnotexist") {
				return nil
			}
		}
		return fmt.Errorf("no Failed event among %d", len(events.Items))
	})

	// Fixing the image of the Pod makes it start, as on a real cluster.
	p, err := tl.client.CoreV1().Pods(ns).Get(ctx, "feil-tag", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p.Spec.Containers[0].Image = "nginx:1.27"
	if _, err := tl.client.CoreV1().Pods(ns).Update(ctx, p, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitPod("feil-tag", func(p *corev1.Pod) error {
		if p.Status.Phase != corev1.PodRunning {
			return fmt.Errorf("phase %s after fixing the image", p.Status.Phase)
		}
		return nil
	})
}
