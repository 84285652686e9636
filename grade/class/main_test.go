package class

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// testCluster is the practice cluster TestMain starts (nil under -short).
var testCluster *labtest.Cluster

func TestMain(m *testing.M) {
	os.Exit(labtest.Run(m, func(c *labtest.Cluster) { testCluster = c }))
}

// classRun creates or updates a class from names, one a line, with
// kubeconfig files in dir; the class's Namespaces are deleted when the
// test ends.
func classRun(t *testing.T, c *labtest.Cluster, opts Options, names ...string) Result {
	t.Helper()
	list := filepath.Join(t.TempDir(), "elever.txt")
	if err := os.WriteFile(list, []byte(strings.Join(names, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(list)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	students, problems, err := ParseStudents(f, list)
	if err != nil || len(problems) > 0 {
		t.Fatalf("parse: %v %v", err, problems)
	}
	t.Cleanup(func() { deleteClass(c, opts.Class) })
	res, err := Create(t.Context(), c.Config, list, students, opts)
	if err != nil {
		t.Fatalf("create class %s: %v (%+v)", opts.Class, err, res)
	}
	return res
}

// deleteClass deletes every Namespace of class, as the test's clean-up.
func deleteClass(c *labtest.Cluster, class string) {
	ctx := context.Background()
	list, err := c.Client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: ClassLabel + "=" + class})
	if err != nil {
		return
	}
	for _, ns := range list.Items {
		_ = c.Client.CoreV1().Namespaces().Delete(ctx, ns.Name, metav1.DeleteOptions{})
	}
}

// statuses are the outcomes' statuses by Namespace.
func statuses(res Result) map[string]Status {
	m := map[string]Status{}
	for _, o := range res.Outcomes {
		m[o.Namespace] = o.Status
	}
	return m
}
