package cluster

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// TestIntegrationCleanerDeletesOnlyWhatTheCourseMade walks reset's rules
// on the lab: namespaced objects in the learner's Namespace go; a
// cluster-scoped one goes only once claimed and only with the learner's
// prefix; objects elsewhere stay.
func TestIntegrationCleanerDeletesOnlyWhatTheCourseMade(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := t.Context()
	ns := labtest.Namespace(t, c.Client)
	other := labtest.Namespace(t, c.Client)
	mine := ns + "-lek"
	foreign := "ikke-" + ns

	replicas := int32(2)
	labels := map[string]string{"app": "web"}
	deploy := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx:1.27"}}},
			},
		},
	}
	for _, n := range []string{ns, other} {
		if _, err := c.Client.AppsV1().Deployments(n).Create(ctx, deploy, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{mine, foreign} {
		if _, err := c.Client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Client.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{}) })
	}

	cleaner, err := NewCleaner(c.Config, ns)
	if err != nil {
		t.Fatal(err)
	}
	refs := []ObjectRef{
		{Kind: "Deployment", Name: "web"},
		{Kind: "Deployment", Name: "web", Namespace: other},
		{Kind: "Namespace", Name: mine},
		{Kind: "Namespace", Name: foreign},
		{Kind: "Pod", Name: "finnes-ikke"},
		{Kind: "Widget", APIVersion: "example.com/v1", Name: "ukjent"},
	}
	found, err := cleaner.Find(ctx, refs)
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]string{}
	for _, f := range found {
		kept[f.String()] = f.Kept
	}
	want := map[string]string{
		"Deployment " + ns + "/web":    "",
		"Deployment " + other + "/web": "utenfor Namespacet",
		"Namespace " + mine:            "mangler labelen",
		"Namespace " + foreign:         "begynner ikke med",
	}
	if len(kept) != len(want) {
		t.Errorf("found %v, want %v", kept, want)
	}
	for obj, reason := range want {
		got, ok := kept[obj]
		if !ok || (reason == "" && got != "") || !strings.Contains(got, reason) {
			t.Errorf("%s: kept %q, want reason containing %q (found: %v)", obj, got, reason, ok)
		}
	}

	// Passing the step claims the learner's Namespace, not the foreign one.
	if err := cleaner.Claim(ctx, refs, "L03"); err != nil {
		t.Fatal(err)
	}
	got, err := c.Client.CoreV1().Namespaces().Get(ctx, mine, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Labels[ManagedByLabel] != ManagedBy || got.Labels[LessonLabel] != "L03" {
		t.Errorf("claimed Namespace has labels %v", got.Labels)
	}
	if f, _ := c.Client.CoreV1().Namespaces().Get(ctx, foreign, metav1.GetOptions{}); f.Labels[ManagedByLabel] != "" {
		t.Errorf("a Namespace without the prefix was claimed: %v", f.Labels)
	}

	found, err = cleaner.Find(ctx, refs)
	if err != nil {
		t.Fatal(err)
	}
	var doomed []string
	for _, f := range found {
		if f.Kept == "" {
			doomed = append(doomed, f.String())
		}
	}
	slices.Sort(doomed)
	if wantDoomed := []string{"Deployment " + ns + "/web", "Namespace " + mine}; !slices.Equal(doomed, wantDoomed) {
		t.Fatalf("would delete %v, want %v", doomed, wantDoomed)
	}
	start := time.Now()
	if err := cleaner.Delete(ctx, found, time.Minute); err != nil {
		t.Fatal(err)
	}
	t.Logf("reset took %v", time.Since(start))
	if _, err := c.Client.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("learner's Deployment still there: %v", err)
	}
	if _, err := c.Client.CoreV1().Namespaces().Get(ctx, mine, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("learner's Namespace still there: %v", err)
	}
	if _, err := c.Client.AppsV1().Deployments(other).Get(ctx, "web", metav1.GetOptions{}); err != nil {
		t.Errorf("the other Namespace's Deployment was touched: %v", err)
	}
	if _, err := c.Client.CoreV1().Namespaces().Get(ctx, foreign, metav1.GetOptions{}); err != nil {
		t.Errorf("the foreign Namespace was touched: %v", err)
	}
}

// TestIntegrationCleanerAsLimitedLearner: a learner with the "edit" role
// in their Namespace only can reset what is theirs; a cluster-scoped
// object they may not read is kept, with the reason.
func TestIntegrationCleanerAsLimitedLearner(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := t.Context()
	ns := labtest.Namespace(t, c.Client)
	learner := editorIn(t, c, ns, "elev-per")
	lek := ns + "-lek"
	if _, err := c.Client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: lek}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Client.CoreV1().Namespaces().Delete(context.Background(), lek, metav1.DeleteOptions{}) })
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "innstillinger"}}
	if _, err := c.Client.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	cleaner, err := NewCleaner(learner, ns)
	if err != nil {
		t.Fatal(err)
	}
	found, err := cleaner.Find(ctx, []ObjectRef{{Kind: "ConfigMap", Name: "innstillinger"}, {Kind: "Namespace", Name: lek}})
	if err != nil {
		t.Fatalf("a limited learner cannot plan a reset: %v", err)
	}
	if len(found) != 2 || found[0].Kept != "" || !strings.Contains(found[1].Kept, "ikke lov til å lese den (get namespaces)") {
		t.Fatalf("found %+v", found)
	}
	if err := cleaner.Delete(ctx, found, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Client.CoreV1().ConfigMaps(ns).Get(ctx, "innstillinger", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("the learner's ConfigMap survived: %v", err)
	}
	if _, err := c.Client.CoreV1().Namespaces().Get(ctx, lek, metav1.GetOptions{}); err != nil {
		t.Errorf("the unreadable Namespace was touched: %v", err)
	}
}

// TestIntegrationCleanerLeavesARecreatedObject: the delete carries the
// found object's UID, so an object re-created between Find and Delete
// survives.
func TestIntegrationCleanerLeavesARecreatedObject(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := t.Context()
	ns := labtest.Namespace(t, c.Client)
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "innstillinger"}, Data: map[string]string{"a": "1"}}
	if _, err := c.Client.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	cleaner, err := NewCleaner(c.Config, ns)
	if err != nil {
		t.Fatal(err)
	}
	found, err := cleaner.Find(ctx, []ObjectRef{{Kind: "ConfigMap", Name: "innstillinger"}})
	if err != nil || len(found) != 1 {
		t.Fatalf("found %v, %v", found, err)
	}
	if err := c.Client.CoreV1().ConfigMaps(ns).Delete(ctx, "innstillinger", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Client.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := cleaner.Delete(ctx, found, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Client.CoreV1().ConfigMaps(ns).Get(ctx, "innstillinger", metav1.GetOptions{}); err != nil {
		t.Errorf("the re-created ConfigMap was deleted: %v", err)
	}
}
