package grade

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/lessons"
	"github.com/kubekurs/kubekurs/progress"
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
	cfg := fastConfig(c)
	disco, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &applier{dyn: dynamic.NewForConfigOrDie(cfg), mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(disco))}
}

// fastConfig is the admin configuration without client-go's default
// limit of 5 requests per second, for setting up a class of 200.
func fastConfig(c *labtest.Cluster) *rest.Config {
	cfg := rest.CopyConfig(c.Config)
	cfg.QPS, cfg.Burst = 200, 400
	return cfg
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
	ns := labtest.Namespace(t, kubernetes.NewForConfigOrDie(fastConfig(c)))
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
	dag := students[slices.IndexFunc(students, func(s Student) bool { return s.Name == "Dag" })]
	writeMirror(t, c, dag.Namespace, `{"version": 2, "lessons": {
	  "L02": {"steps": {"1": {"attempts": 2, "hintsShown": 1, "solutionShownAt": "2026-12-05T08:00:00Z"}}},
	  "L03": {"steps": {"5": {"doneAt": "2026-12-05T08:10:00Z"}}}}}`)
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
	for _, s := range snap.Students {
		if s.Name != "Dag" {
			if s.Mirror != MirrorMissing {
				t.Errorf("%s: mirror %v, want missing", s.Name, s.Mirror)
			}
			continue
		}
		l02, l03 := s.Lessons[slices.IndexFunc(snap.Lessons, isLesson("L02"))], s.Lessons[slices.IndexFunc(snap.Lessons, isLesson("L03"))]
		if st := l02.Steps[0]; s.Mirror != MirrorRead || !st.SolutionShown || st.Attempts != 2 || st.HintsShown != 1 {
			t.Errorf("Dag's L02 step 1 from the mirror (%v): %+v", s.Mirror, st)
		}
		if st := l03.Steps[4]; st.Status != StepRecorded || !st.RecordedDone {
			t.Errorf("Dag's L03 step 5, recorded done but no Namespace of his own: %v", st.Status)
		}
		if !strings.Contains(Notes(s), "fasit vist: L02.1") {
			t.Errorf("notes %q", Notes(s))
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

// writeMirror writes a student's progress mirror, as the course does.
func writeMirror(t *testing.T, c *labtest.Cluster, ns, data string) {
	t.Helper()
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: progress.MirrorName}, Data: map[string]string{progress.MirrorKey: data}}
	if _, err := c.Client.CoreV1().ConfigMaps(ns).Create(t.Context(), cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func isLesson(id string) func(LessonInfo) bool {
	return func(l LessonInfo) bool { return l.ID == id }
}

// waitForPods waits until nothing changes any more in the students'
// Namespaces (Deployments' status, Pods' phase and readiness) for a
// second, so that gradings one after the other see the same cluster. Each
// look is two LISTs across the cluster, whatever the class's size.
func waitForPods(t testing.TB, c *labtest.Cluster, students []Student) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	client := kubernetes.NewForConfigOrDie(fastConfig(c))
	mine := map[string]bool{}
	for _, s := range students {
		mine[s.Namespace] = true
	}
	last, same := "", 0
	for same < 4 {
		var b strings.Builder
		deps, err := client.AppsV1().Deployments("").List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range deps.Items {
			if st := d.Status; mine[d.Namespace] {
				fmt.Fprintf(&b, "%s/%s %d %d %d %d %d %d\n", d.Namespace, d.Name, d.Generation, st.ObservedGeneration, st.Replicas, st.UpdatedReplicas, st.ReadyReplicas, st.AvailableReplicas)
			}
		}
		pods, err := client.CoreV1().Pods("").List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pods.Items {
			if !mine[p.Namespace] {
				continue
			}
			ready := false
			for _, c := range p.Status.Conditions {
				ready = ready || c.Type == "Ready" && c.Status == "True"
			}
			fmt.Fprintf(&b, "%s/%s %s %v\n", p.Namespace, p.Name, p.Status.Phase, ready)
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

// BenchmarkGradeClass grades 20 and 200 students in mixed states on the
// whole course: from a snapshot, and the naive way with a request per
// read. It reports the requests each sends. The class of 200 takes some
// minutes to set up; -bench 'GradeClass/students=20' skips it.
func BenchmarkGradeClass(b *testing.B) {
	c := labtest.Require(b, testCluster)
	course := gradingCourse(b)
	for _, n := range []int{20, 200} {
		b.Run(fmt.Sprintf("students=%d", n), func(b *testing.B) {
			students := benchClass(b, c, course, n)
			for _, mode := range []struct {
				name  string
				naive bool
			}{{"snapshot", false}, {"naive", true}} {
				b.Run(mode.name, func(b *testing.B) {
					var requests Requests
					for b.Loop() {
						report, err := GradeClass(b.Context(), c.Config, students, ClassOptions{Course: course, Naive: mode.naive})
						if err != nil {
							b.Fatal(err)
						}
						requests = report.Requests
					}
					b.ReportMetric(float64(requests.Total), "requests/op")
					b.ReportMetric(float64(requests.Pages), "lists/op")
					b.ReportMetric(float64(requests.Passthrough), "passthrough/op")
				})
			}
		})
	}
}

// benchClass makes a class of n students: student i has applied the
// first i mod 12 YAML solutions of the course.
func benchClass(b *testing.B, c *labtest.Cluster, course *lessons.Course, n int) []Student {
	class := fmt.Sprintf("bench-%d", n)
	manifests := manifestSolutions(course)
	a := newApplier(b, c)
	errs := make(chan error, n)
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i := range n {
		ns := classNamespace(b, c, class, fmt.Sprintf("Elev %03d", i))
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
	students, err := FromNamespaces(context.Background(), c.Client, "", ClassLabel+"="+class)
	if err != nil || len(students) != n {
		b.Fatalf("%d students, %v", len(students), err)
	}
	waitForPods(b, c, students)
	return students
}
