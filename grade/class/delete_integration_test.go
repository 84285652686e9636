package class

import (
	"context"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/grade"
)

// TestIntegrationDeleteClass: deleting a class deletes exactly its
// Namespaces; another class, an unlabelled Namespace and one with only
// the class label (not made by kubekurs) stay.
func TestIntegrationDeleteClass(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := t.Context()
	classRun(t, c, Options{Class: "slett", Prefix: "sl-", PrefixSet: true, OutDir: t.TempDir()}, "Bjørn Ås", "Kari")
	classRun(t, c, Options{Class: "behold", Prefix: "bh-", PrefixSet: true, OutDir: t.TempDir()}, "Bjørn Ås")
	unlabelled := labtest.Namespace(t, c.Client)
	lookalike := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "sl-lure", Labels: map[string]string{ClassLabel: "slett"}}}
	if _, err := c.Client.CoreV1().Namespaces().Create(ctx, lookalike, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = c.Client.CoreV1().Namespaces().Delete(context.Background(), "sl-lure", metav1.DeleteOptions{})
	})

	members, err := Members(ctx, c.Config, "slett")
	if err != nil {
		t.Fatal(err)
	}
	want := []Member{{Namespace: "sl-bjorn-as", Name: "Bjørn Ås"}, {Namespace: "sl-kari", Name: "Kari"}}
	if !reflect.DeepEqual(members, want) {
		t.Fatalf("members %+v, want %+v", members, want)
	}
	// Grading finds the same students by the class's label.
	roster, err := grade.FromNamespaces(ctx, c.Client, "", Selector("slett"))
	if err != nil || len(roster) != 2 || roster[0].Name != "Bjørn Ås" || roster[0].Namespace != "sl-bjorn-as" {
		t.Errorf("grading's roster %+v: %v", roster, err)
	}
	// A member listed, then swapped for someone else's Namespace before
	// the deletion, is not deleted.
	stale := append(members, Member{Namespace: "sl-lure", Name: "Lure"}, Member{Namespace: unlabelled})
	deleted, err := Delete(ctx, c.Config, "slett", stale)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(deleted, []string{"sl-bjorn-as", "sl-kari"}) {
		t.Errorf("deleted %v", deleted)
	}
	for _, name := range []string{"sl-kari", "sl-bjorn-as"} {
		ns, err := c.Client.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
		if err == nil && ns.DeletionTimestamp == nil {
			t.Errorf("%s not being deleted", name)
		}
	}
	for _, name := range []string{"bh-bjorn-as", unlabelled, "sl-lure"} {
		ns, err := c.Client.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
		if err != nil || ns.DeletionTimestamp != nil {
			t.Errorf("%s: %v, deleting %v", name, err, ns.DeletionTimestamp)
		}
	}
	// Deleting again, while the Namespaces are still going, is no error.
	if _, err := Delete(ctx, c.Config, "slett", members); err != nil {
		t.Errorf("delete again: %v", err)
	}
}
