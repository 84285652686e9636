package grade

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/cluster"
)

// ClassLabel is the label `kubekurs class create` puts on a class's
// Namespaces; its value is the class's name.
const ClassLabel = "kubekurs.no/class"

// StudentNameAnnotation holds, on a student's Namespace, the student's
// name as the class list spells it.
const StudentNameAnnotation = "kubekurs.no/student-name"

// rosterTimeout bounds the LIST of Namespaces.
const rosterTimeout = 10 * time.Second

// ErrNoStudents means the selection matched no Namespace or file.
var ErrNoStudents = errors.New("no students matched")

// FromNamespaces selects the students on one cluster: the Namespaces that
// match the label selector (may be empty) and the glob (path.Match
// syntax, e.g. "elev-*"; empty matches all), sorted by name. A Namespace
// that is being deleted is left out.
func FromNamespaces(ctx context.Context, client kubernetes.Interface, glob, selector string) ([]Student, error) {
	if glob != "" {
		if _, err := path.Match(glob, ""); err != nil {
			return nil, fmt.Errorf("namespace pattern %q: %w", glob, err)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, rosterTimeout)
	defer cancel()
	list, err := client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: selector})
	if err != nil {
		return nil, fmt.Errorf("list namespaces: %w", err)
	}
	var students []Student
	for _, ns := range list.Items {
		if ok, _ := path.Match(glob, ns.Name); glob != "" && !ok || ns.DeletionTimestamp != nil {
			continue
		}
		name := ns.Annotations[StudentNameAnnotation]
		if name == "" {
			name = ns.Name
		}
		students = append(students, Student{Name: name, Namespace: ns.Name})
	}
	if len(students) == 0 {
		return nil, ErrNoStudents
	}
	slices.SortFunc(students, func(a, b Student) int { return strings.Compare(a.Namespace, b.Namespace) })
	return students, nil
}

// FromKubeconfigs selects one student per kubeconfig file in dir (files
// ending in .kubeconfig, .yaml, .yml or .conf), each on its own cluster:
// the student is named after the file, and works in its context's
// Namespace (as kubectl resolves it). A file that cannot be loaded is an
// error naming it.
func FromKubeconfigs(dir string, getenv func(string) string) ([]Student, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read kubeconfig folder: %w", err)
	}
	var students []Student
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || !slices.Contains([]string{".kubeconfig", ".yaml", ".yml", ".conf"}, ext) {
			continue
		}
		file := filepath.Join(dir, e.Name())
		t, err := cluster.FromKubeconfig(getenv, cluster.KubeconfigFlags{Kubeconfig: file})
		if err != nil {
			return nil, &fs.PathError{Op: "load kubeconfig", Path: file, Err: err}
		}
		students = append(students, Student{Name: strings.TrimSuffix(e.Name(), ext), Namespace: t.Namespace, Source: file, Config: t.Config})
	}
	if len(students) == 0 {
		return nil, ErrNoStudents
	}
	return students, nil
}
