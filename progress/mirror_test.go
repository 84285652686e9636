package progress

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// TestIntegrationMirror: the mirror creates the labelled ConfigMap, keeps
// it up to date with the file (also another process's changes), and
// leaves an instructor's own label alone.
func TestIntegrationMirror(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	path := filepath.Join(t.TempDir(), "progress.json")
	s, err := Open(path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.StepDone("L01", 1, false))
	must(t, s.AttemptFailed("L01", 2))
	m := NewMirror(c.Client, ns, s)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	must(t, m.Write(ctx))
	cm := getMirror(t, ctx, c.Client, ns)
	if cm.Labels[managedByLabel] != managedBy {
		t.Errorf("labels %v", cm.Labels)
	}
	f, err := ParseMirror(cm)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Lessons["L01"].Steps["1"].Done() || f.Lessons["L01"].Steps["2"].Attempts != 1 {
		t.Errorf("mirrored %+v", f.Lessons["L01"].Steps)
	}

	// An instructor labels it; another kubekurs of the learner records a
	// hint; the next write carries both stores' changes and the label.
	cm.Labels["kurs.example/gruppe"] = "a"
	if _, err := c.Client.CoreV1().ConfigMaps(ns).Update(ctx, cm, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	other, err := Open(path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	must(t, other.HintsShown("L01", 2, 2))
	must(t, s.AttemptFailed("L01", 2))
	must(t, m.Write(ctx))
	cm = getMirror(t, ctx, c.Client, ns)
	f, err = ParseMirror(cm)
	if err != nil {
		t.Fatal(err)
	}
	if r := f.Lessons["L01"].Steps["2"]; r.Attempts != 2 || r.HintsShown != 2 {
		t.Errorf("step 2 mirrored as %+v, want 2 attempts and 2 hints", r)
	}
	if cm.Labels["kurs.example/gruppe"] != "a" || cm.Labels[managedByLabel] != managedBy {
		t.Errorf("labels after the second write: %v", cm.Labels)
	}
}

// TestIntegrationMirrorForbidden: a learner whose role has no right to
// ConfigMaps gets a MirrorError naming the verb and the resource, and
// nothing is written.
func TestIntegrationMirrorForbidden(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	client, err := kubernetes.NewForConfig(labtest.PodsOnlyAccount(t, c, ns, "elev-kari"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(filepath.Join(t.TempDir(), "progress.json"), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.StepDone("L01", 1, false))
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	err = NewMirror(client, ns, s).Write(ctx)
	var me *MirrorError
	if !errors.As(err, &me) || !apierrors.IsForbidden(err) {
		t.Fatalf("Write without rights: %v", err)
	}
	msg := me.Message()
	for _, want := range []string{"ConfigMap kubekurs-progress i " + ns, "mangler tilgang til å", "configmaps", "Kurset fortsetter"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
	t.Logf("message: %s", msg)
	if _, err := c.Client.CoreV1().ConfigMaps(ns).Get(ctx, MirrorName, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("the ConfigMap: %v", err)
	}

	// With patch but not create on configmaps, the first write (which
	// creates the ConfigMap) is denied create, and the notice says so.
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "bare-patch", Namespace: ns},
		Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"configmaps"}, Verbs: []string{"patch"}}}}
	binding := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "bare-patch", Namespace: ns},
		RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: role.Name},
		Subjects: []rbacv1.Subject{{Kind: rbacv1.UserKind, Name: "elev-kari", APIGroup: rbacv1.GroupName}}}
	if _, err := c.Client.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Client.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "mangler tilgang til å opprette configmaps (verbet create)"
	deadline := time.Now().Add(10 * time.Second) // the authorizer's cache catches up
	for {
		err = NewMirror(client, ns, s).Write(ctx)
		if errors.As(err, &me) && strings.Contains(me.Message(), want) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("with patch only: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestIntegrationMirrorOffline: an API server that does not answer in
// time is a MirrorError that says so.
func TestIntegrationMirrorOffline(t *testing.T) {
	labtest.Require(t, testCluster)
	s, err := Open(filepath.Join(t.TempDir(), "progress.json"), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	// A port nothing listens on: connection refused at once.
	client, err := kubernetes.NewForConfig(&rest.Config{Host: "https://127.0.0.1:1", Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	err = NewMirror(client, "elev-kari", s).Write(ctx)
	var me *MirrorError
	if !errors.As(err, &me) {
		t.Fatalf("Write to nowhere: %v", err)
	}
	if msg := me.Message(); !strings.Contains(msg, "clusteret kan ikke nås") || !strings.Contains(msg, "Kurset fortsetter") {
		t.Errorf("message: %s", msg)
	}
}

// TestMirrorMessages: each kind of failure has its Norwegian reason.
func TestMirrorMessages(t *testing.T) {
	cms := schema.GroupResource{Resource: "configmaps"}
	forbidden := apierrors.NewForbidden(cms, MirrorName,
		fmt.Errorf(`User "elev-kari" cannot create resource "configmaps" in API group "" in the namespace "elev-kari"`))
	tests := []struct {
		err  *MirrorError
		want string
	}{
		{&MirrorError{Namespace: "elev-kari", Err: forbidden}, "mangler tilgang til å opprette configmaps (verbet create)."},
		{&MirrorError{Namespace: "elev-kari", Err: apierrors.NewForbidden(cms, MirrorName, errors.New("nei"))}, "mangler tilgang til å endre configmaps (verbet patch)."},
		{&MirrorError{Namespace: "elev-kari", Err: context.DeadlineExceeded}, "clusteret svarte ikke i tide."},
		{&MirrorError{Namespace: "elev-kari", Err: apierrors.NewInternalError(errors.New("etcd"))}, "API-serveren avviste skrivingen"},
		{&MirrorError{Namespace: "elev-kari", Err: errors.New("disk"), local: true}, "fremdriftsfilen kunne ikke leses: disk."},
	}
	for _, tt := range tests {
		msg := tt.err.Message()
		if !strings.HasPrefix(msg, "Fremdriften kunne ikke speiles til clusteret (ConfigMap kubekurs-progress i elev-kari): ") ||
			!strings.Contains(msg, tt.want) || !strings.HasSuffix(msg, "Kurset fortsetter; fremdriften lagres lokalt.") {
			t.Errorf("%v: %s", tt.err.Err, msg)
		}
	}
}

// TestParseMirror: a ConfigMap without the key, or with a broken file, is
// an error that names it.
func TestParseMirror(t *testing.T) {
	meta := metav1.ObjectMeta{Name: MirrorName, Namespace: "elev-kari"}
	if _, err := ParseMirror(nil); err == nil {
		t.Error("nil accepted")
	}
	if _, err := ParseMirror(&corev1.ConfigMap{ObjectMeta: meta}); err == nil || !strings.Contains(err.Error(), MirrorKey) {
		t.Errorf("no key: %v", err)
	}
	bad := &corev1.ConfigMap{ObjectMeta: meta, Data: map[string]string{MirrorKey: `{"version": 9}`}}
	if _, err := ParseMirror(bad); !errors.Is(err, ErrNewerVersion) || !strings.Contains(err.Error(), "elev-kari/kubekurs-progress") {
		t.Errorf("newer: %v", err)
	}
	good := &corev1.ConfigMap{ObjectMeta: meta, Data: map[string]string{MirrorKey: v1File}}
	if f, err := ParseMirror(good); err != nil || !f.Lessons["L04"].Steps["1"].Done() {
		t.Errorf("good: %+v, %v", f, err)
	}
}

// getMirror reads the mirror ConfigMap.
func getMirror(t *testing.T, ctx context.Context, client kubernetes.Interface, ns string) *corev1.ConfigMap {
	t.Helper()
	cm, err := client.CoreV1().ConfigMaps(ns).Get(ctx, MirrorName, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return cm
}
