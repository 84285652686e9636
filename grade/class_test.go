package grade

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/lessons"
)

// gradingCourse is the embedded course, loaded for grading a class.
func gradingCourse(t testing.TB) *lessons.Course {
	t.Helper()
	course, err := lessons.Load(lessons.Embedded(), "lessons/course", lessons.Vars{Namespace: NamespacePlaceholder})
	if err != nil {
		t.Fatal(err)
	}
	return course
}

// manifestSolutions are the course's YAML solutions, in course order,
// with the placeholder Namespace left for the applier to replace.
func manifestSolutions(course *lessons.Course) []string {
	var out []string
	for _, l := range course.Lessons {
		for _, s := range l.Steps {
			for _, sol := range s.Solutions {
				if sol.Kind == lessons.SolutionManifest {
					out = append(out, sol.Text)
				}
			}
		}
	}
	return out
}

// applier applies manifests into a Namespace with server-side apply, as
// `kubectl apply --server-side` would.
type applier struct {
	dyn    dynamic.Interface
	mapper *restmapper.DeferredDiscoveryRESTMapper
}

func newApplier(t testing.TB, c *labtest.Cluster) *applier {
	t.Helper()
	disco, err := discovery.NewDiscoveryClientForConfig(c.Config)
	if err != nil {
		t.Fatal(err)
	}
	return &applier{dyn: dynamic.NewForConfigOrDie(c.Config), mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(disco))}
}

func (a *applier) apply(ctx context.Context, namespace, manifest string) error {
	dec := utilyaml.NewYAMLOrJSONDecoder(strings.NewReader(strings.ReplaceAll(manifest, NamespacePlaceholder, namespace)), 4096)
	for {
		var obj unstructured.Unstructured
		if err := dec.Decode(&obj.Object); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
		if len(obj.Object) == 0 {
			continue
		}
		gvk := obj.GroupVersionKind()
		m, err := a.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
		if err != nil {
			return fmt.Errorf("map %s: %w", gvk, err)
		}
		ri := a.dyn.Resource(m.Resource)
		var target dynamic.ResourceInterface = ri
		if m.Scope.Name() == "namespace" {
			ns := obj.GetNamespace()
			if ns == "" {
				ns = namespace
			}
			target = ri.Namespace(ns)
		}
		data, err := obj.MarshalJSON()
		if err != nil {
			return err
		}
		force := true
		if _, err := target.Patch(ctx, obj.GetName(), types.ApplyPatchType, data, metav1.PatchOptions{FieldManager: "kubekurs-test", Force: &force}); err != nil {
			return fmt.Errorf("apply %s %s: %w", gvk.Kind, obj.GetName(), err)
		}
	}
}

// classNamespace makes a Namespace for a student of class, removed when
// the test ends.
func classNamespace(t testing.TB, c *labtest.Cluster, class, name string) string {
	t.Helper()
	ns := labtest.Namespace(t, c.Client)
	patch := fmt.Sprintf(`{"metadata":{"labels":{%q:%q},"annotations":{%q:%q}}}`, ClassLabel, class, StudentNameAnnotation, name)
	if _, err := c.Client.CoreV1().Namespaces().Patch(context.Background(), ns, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	return ns
}

// TestIntegrationGradeClassMatchesDirectChecks: students in four states
// get the same grades from the snapshot as from checks that ask the API
// server for every read, with a fraction of the requests.
func TestIntegrationGradeClassMatchesDirectChecks(t *testing.T) {
	c := labtest.Require(t, testCluster)
	course := gradingCourse(t)
	manifests := manifestSolutions(course)
	class := fmt.Sprintf("likhet-%d", len(manifests))
	a := newApplier(t, c)
	names := []string{"Ada", "Bjørn Ås", "Cecilie", "Dag"}
	for i, name := range names {
		ns := classNamespace(t, c, class, name)
		for _, m := range manifests[:i*3] {
			if err := a.apply(t.Context(), ns, m); err != nil {
				t.Fatal(err)
			}
		}
	}
	students, err := FromNamespaces(t.Context(), c.Client, "", ClassLabel+"="+class)
	if err != nil || len(students) != 4 {
		t.Fatalf("students %+v, %v", students, err)
	}
	waitForPods(t, c, students)
	snap, err := GradeClass(t.Context(), c.Config, students, ClassOptions{Course: course})
	if err != nil {
		t.Fatal(err)
	}
	direct, err := GradeClass(t.Context(), c.Config, students, ClassOptions{Course: course, Naive: true})
	if err != nil {
		t.Fatal(err)
	}
	var passed int
	for i := range students {
		s, d := snap.Students[i], direct.Students[i]
		if s.Error != "" || d.Error != "" {
			t.Fatalf("%s: errors %q / %q", s.Name, s.Error, d.Error)
		}
		for li := range s.Lessons {
			for si := range s.Lessons[li].Steps {
				gs, gd := s.Lessons[li].Steps[si], d.Lessons[li].Steps[si]
				if gs.Status != gd.Status || gs.Score != gd.Score {
					t.Errorf("%s %s step %d: snapshot %v %.2f, direct %v %.2f\n%+v\n%+v", s.Name, s.Lessons[li].ID, gs.Step, gs.Status, gs.Score, gd.Status, gd.Score, gs.Results, gd.Results)
				}
				if gs.Status == StepEnvError || gs.Status == StepNoAccess {
					t.Errorf("%s %s step %d: %v: %+v", s.Name, s.Lessons[li].ID, gs.Step, gs.Status, gs.Results)
				}
				if gs.Status == StepPassed {
					passed++
				}
			}
		}
	}
	scores := map[string]float64{}
	for _, s := range snap.Students {
		scores[s.Name] = s.Score
	}
	if scores["Ada"] != 0 || scores["Bjørn Ås"] <= 0 || scores["Dag"] <= scores["Bjørn Ås"] {
		t.Errorf("scores %v: the student with nothing done has 0, and more work scores more", scores)
	}
	if passed == 0 {
		t.Error("no step passed for anyone")
	}
	if snap.Requests.Total*5 > direct.Requests.Total {
		t.Errorf("snapshot sent %d requests, direct %d: want a fifth or less", snap.Requests.Total, direct.Requests.Total)
	}
	t.Logf("4 students: snapshot %d requests (%d lists), direct %d", snap.Requests.Total, snap.Requests.Lists, direct.Requests.Total)
}

// waitForPods waits until nothing changes any more in the students'
// Namespaces (Deployments' status, Pods' phase and readiness) for a
// second, so that gradings one after the other see the same cluster.
func waitForPods(t testing.TB, c *labtest.Cluster, students []Student) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	last, same := "", 0
	for same < 4 {
		var b strings.Builder
		for _, s := range students {
			deps, err := c.Client.AppsV1().Deployments(s.Namespace).List(ctx, metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range deps.Items {
				st := d.Status
				fmt.Fprintf(&b, "%s/%s %d %d %d %d %d %d\n", s.Namespace, d.Name, d.Generation, st.ObservedGeneration, st.Replicas, st.UpdatedReplicas, st.ReadyReplicas, st.AvailableReplicas)
			}
			pods, err := c.Client.CoreV1().Pods(s.Namespace).List(ctx, metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range pods.Items {
				ready := false
				for _, c := range p.Status.Conditions {
					ready = ready || c.Type == "Ready" && c.Status == "True"
				}
				fmt.Fprintf(&b, "%s/%s %s %v\n", s.Namespace, p.Name, p.Status.Phase, ready)
			}
		}
		if b.String() == last {
			same++
		} else {
			last, same = b.String(), 0
		}
		select {
		case <-ctx.Done():
			t.Fatal("the students' Namespaces do not settle")
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// BenchmarkGradeClass200 grades 200 students in mixed states on the
// whole course: from a snapshot, and the naive way with a request per
// read. It reports the requests each sends.
func BenchmarkGradeClass200(b *testing.B) {
	c := labtest.Require(b, testCluster)
	course := gradingCourse(b)
	students := benchClass(b, c, course)
	for _, mode := range []struct {
		name  string
		naive bool
	}{{"snapshot", false}, {"naive", true}} {
		b.Run(mode.name, func(b *testing.B) {
			var requests int64
			for b.Loop() {
				report, err := GradeClass(b.Context(), c.Config, students, ClassOptions{Course: course, Naive: mode.naive})
				if err != nil {
					b.Fatal(err)
				}
				requests = report.Requests.Total
			}
			b.ReportMetric(float64(requests), "requests/op")
		})
	}
}

var benchOnce struct {
	sync.Once
	students []Student
}

// benchClass makes 200 students once per test binary: student i has
// applied the first i mod 12 YAML solutions of the course.
func benchClass(b *testing.B, c *labtest.Cluster, course *lessons.Course) []Student {
	benchOnce.Do(func() {
		manifests := manifestSolutions(course)
		a := newApplier(b, c)
		const n = 200
		errs := make(chan error, n)
		sem := make(chan struct{}, 8)
		var wg sync.WaitGroup
		for i := range n {
			ns := classNamespace(b, c, "bench", fmt.Sprintf("Elev %03d", i))
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				for _, m := range manifests[:i%min(12, len(manifests))] {
					if err := a.apply(context.Background(), ns, m); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
		students, err := FromNamespaces(context.Background(), c.Client, "", ClassLabel+"=bench")
		if err != nil {
			b.Fatal(err)
		}
		waitForPods(b, c, students)
		benchOnce.students = students
	})
	if len(benchOnce.students) != 200 {
		b.Fatalf("%d students", len(benchOnce.students))
	}
	return benchOnce.students
}
