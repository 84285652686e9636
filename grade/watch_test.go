package grade

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/lessons"
)

// firstManifestStep is the course's first step with a YAML solution: its
// lesson, number and solution.
func firstManifestStep(t testing.TB, course *lessons.Course) (string, int, string) {
	t.Helper()
	for _, l := range course.Lessons {
		for i, s := range l.Steps {
			for _, sol := range s.Solutions {
				if sol.Kind == lessons.SolutionManifest {
					return l.ID, i + 1, sol.Text
				}
			}
		}
	}
	t.Fatal("the course has no YAML solution")
	return "", 0, ""
}

// stepOf is a student's grade on a lesson's step in u, and whether the
// student is in u.
func stepOf(u *Update, namespace, lesson string, step int) (StepGrade, CurrentStep, bool) {
	for i, s := range u.Class.Students {
		if s.Namespace != namespace {
			continue
		}
		for _, l := range s.Lessons {
			if l.ID == lesson && step <= len(l.Steps) {
				return l.Steps[step-1], u.Current[i], true
			}
		}
	}
	return StepGrade{}, CurrentStep{}, false
}

// quiet reads updates until none has come for d, and returns the last.
func quiet(t *testing.T, updates <-chan *Update, last *Update, d time.Duration) *Update {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		select {
		case u, ok := <-updates:
			if !ok {
				t.Fatal("the watcher stopped")
			}
			last = u
		case <-time.After(d):
			return last
		case <-deadline:
			t.Fatal("the class never settled")
		}
	}
}

// TestIntegrationWatchRegradesOnlyTheStudentWhoChanged watches a class
// of three; one student applies the first YAML solution of the course.
// A new Update must arrive in which that student's step passed, and
// every Update after the change must grade that student alone.
func TestIntegrationWatchRegradesOnlyTheStudentWhoChanged(t *testing.T) {
	c := labtest.Require(t, testCluster)
	course := gradingCourse(t)
	lesson, step, manifest := firstManifestStep(t, course)
	class := fmt.Sprintf("vakt-%d", time.Now().UnixNano()%1e6)
	for _, name := range []string{"Ada", "Bjørn", "Cecilie"} {
		classNamespace(t, c, class, name)
	}
	students, err := FromNamespaces(t.Context(), c.Client, "", ClassLabel+"="+class)
	if err != nil || len(students) != 3 {
		t.Fatalf("students %+v, %v", students, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	updates := make(chan *Update)
	done := make(chan error, 1)
	go func() {
		done <- Watch(ctx, c.Config, students, WatchOptions{ClassOptions: ClassOptions{Course: course, Lessons: []string{lesson}}, Selector: ClassLabel + "=" + class}, updates)
	}()
	defer func() {
		cancel()
		for range updates { // Watch closes it
		}
		if err := <-done; err != nil {
			t.Errorf("Watch: %v", err)
		}
	}()

	first := <-updates
	if len(first.Class.Students) != 3 || len(first.Regraded) != 3 {
		t.Fatalf("first update: %d students, %d graded; want 3 and 3", len(first.Class.Students), len(first.Regraded))
	}
	t.Logf("first grading: %d requests (%d lists), %v", first.Class.Requests.Total, first.Class.Requests.Lists, first.Class.Elapsed.Round(time.Millisecond))
	settled := quiet(t, updates, first, 1500*time.Millisecond)
	who := students[1].Namespace
	sg, cur, ok := stepOf(settled, who, lesson, step)
	if !ok || sg.Status == StepPassed {
		t.Fatalf("before the change: %s %s step %d is %v (found %v)", who, lesson, step, sg.Status, ok)
	}
	if cur.Lesson != lesson || cur.Step != step || cur.Since.IsZero() {
		t.Errorf("before the change, %s is on %+v; want %s step %d with a start", who, cur, lesson, step)
	}

	others := []string{students[0].Namespace, students[2].Namespace}
	applyAndWait(t, c, updates, who, others, cur, lesson, step, manifest)
}

// applyAndWait applies manifest in who's Namespace and reads updates
// until one shows who's step passed. Every update after the change must
// grade who alone, and the others must not pass the step; when the step
// was who's current one (before), who must have moved on since the
// change. It logs how long that took and what each update cost.
func applyAndWait(t *testing.T, c *labtest.Cluster, updates <-chan *Update, who string, others []string, before CurrentStep, lesson string, step int, manifest string) {
	t.Helper()
	a := newApplier(t, c)
	if err := a.apply(t.Context(), who, manifest); err != nil {
		t.Fatal(err)
	}
	applied := time.Now()
	var firstSeen time.Duration
	var requests []int64
	timeout := time.After(90 * time.Second)
	for {
		var u *Update
		select {
		case u = <-updates:
		case <-timeout:
			t.Fatalf("no update showed %s %s step %d passed within 90 s", who, lesson, step)
		}
		if firstSeen == 0 {
			firstSeen = time.Since(applied)
		}
		requests = append(requests, u.Class.Requests.Total)
		if !slices.Equal(u.Regraded, []string{who}) {
			t.Errorf("update after the change graded %v; want only %s", u.Regraded, who)
		}
		if len(u.Class.Students) != len(others)+1 {
			t.Errorf("update has %d students", len(u.Class.Students))
		}
		sg, cur, _ := stepOf(u, who, lesson, step)
		if sg.Status != StepPassed {
			continue
		}
		t.Logf("%s step %d: change to first update %v, to the step passed %v (%d updates; requests per update %v; last grading took %v; watch requests so far %d; unwatched %v)",
			lesson, step, firstSeen.Round(time.Millisecond), time.Since(applied).Round(time.Millisecond), len(requests), requests, u.Class.Elapsed.Round(time.Millisecond), u.WatchRequests, u.Unwatched)
		if cur.Lesson == lesson && cur.Step == step {
			t.Errorf("%s still on the step that passed: %+v", who, cur)
		}
		moved := before.Lesson == lesson && before.Step == step
		if moved && !cur.Since.After(applied.Add(-time.Second)) {
			t.Errorf("%s's new current step began %v, before the change at %v", who, cur.Since, applied)
		}
		if !moved && !cur.Since.Equal(before.Since) {
			t.Errorf("%s's current step %+v began anew at %v; it was %+v", who, cur, cur.Since, before)
		}
		for _, other := range others {
			if g, _, _ := stepOf(u, other, lesson, step); g.Status == StepPassed {
				t.Errorf("%s passed without doing anything", other)
			}
		}
		if strings.Contains(fmt.Sprint(requests), "-") {
			t.Errorf("negative request counts %v", requests)
		}
		return
	}
}

// TestIntegrationWatchDeployment: on the whole course, a Deployment that
// must get ready Pods (L04 step 1) changes several types in bursts; the
// watcher follows them to the step passed, grading that student alone.
func TestIntegrationWatchDeployment(t *testing.T) {
	c := labtest.Require(t, testCluster)
	course := gradingCourse(t)
	l04 := course.Find("L04")
	if l04 == nil || len(l04.Steps[0].Solutions) == 0 || l04.Steps[0].Solutions[0].Kind != lessons.SolutionManifest {
		t.Fatal("L04 step 1 has no YAML solution")
	}
	class := fmt.Sprintf("utrulling-%d", time.Now().UnixNano()%1e6)
	for _, name := range []string{"Ada", "Bjørn", "Cecilie"} {
		classNamespace(t, c, class, name)
	}
	students, err := FromNamespaces(t.Context(), c.Client, "", ClassLabel+"="+class)
	if err != nil || len(students) != 3 {
		t.Fatalf("students %+v, %v", students, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	updates := make(chan *Update)
	go func() {
		_ = Watch(ctx, c.Config, students, WatchOptions{ClassOptions: ClassOptions{Course: course}}, updates)
	}()
	first := <-updates
	second := <-updates
	t.Logf("whole course, 3 students: first grading %d requests (%d lists) in %v; again once watched: %d requests, %d graded, %d watch requests",
		first.Class.Requests.Total, first.Class.Requests.Lists, first.Class.Elapsed.Round(time.Millisecond),
		second.Class.Requests.Total, len(second.Regraded), second.WatchRequests)
	settled := quiet(t, updates, second, 1500*time.Millisecond)
	_, before, _ := stepOf(settled, students[1].Namespace, "L04", 1)
	applyAndWait(t, c, updates, students[1].Namespace, []string{students[0].Namespace, students[2].Namespace}, before, "L04", 1, l04.Steps[0].Solutions[0].Text)
}

// TestIntegrationWatchFollowsNewNamespaces: the watcher starts with no
// students; a Namespace of the class that exists already, and one made
// while the class is watched, become students on the board, named from
// their annotation.
func TestIntegrationWatchFollowsNewNamespaces(t *testing.T) {
	c := labtest.Require(t, testCluster)
	course := gradingCourse(t)
	lesson, _, _ := firstManifestStep(t, course)
	class := fmt.Sprintf("ny-%d", time.Now().UnixNano()%1e6)
	early := classNamespace(t, c, class, "Ada")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	updates := make(chan *Update)
	go func() {
		_ = Watch(ctx, c.Config, nil, WatchOptions{ClassOptions: ClassOptions{Course: course, Lessons: []string{lesson}}, Selector: ClassLabel + "=" + class}, updates)
	}()
	if first := <-updates; len(first.Class.Students) != 0 {
		t.Fatalf("first update has %d students; want none", len(first.Class.Students))
	}
	late := classNamespace(t, c, class, "Bjørn")
	timeout := time.After(30 * time.Second)
	for {
		select {
		case u := <-updates:
			if len(u.Class.Students) < 2 {
				continue
			}
			got := map[string]string{}
			for _, s := range u.Class.Students {
				got[s.Namespace] = s.Name
			}
			if got[early] != "Ada" || got[late] != "Bjørn" || len(got) != 2 || len(u.Current) != 2 {
				t.Errorf("students %v (%d current); want %s Ada and %s Bjørn", got, len(u.Current), early, late)
			}
			return
		case <-timeout:
			t.Fatal("the Namespaces never joined the board")
		}
	}
}

// TestIntegrationWatchGivesUpATypeAtOnce: a type the API server does not
// serve is given up as soon as its watch fails, not at the sync
// deadline, and is named as not watched; the others are watched.
func TestIntegrationWatchGivesUpATypeAtOnce(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ws, err := newWatches(c.Config, newChanges(nil), func(schema.GroupVersionResource, string) {})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.stop()
	missing := schema.GroupVersionResource{Group: "kubekurs.no", Version: "v1", Resource: "finnesikke"}
	start := time.Now()
	got := ws.add(t.Context(), []schema.GroupVersionResource{missing, configMaps})
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("giving up took %v", took)
	}
	if !slices.Equal(got, []schema.GroupVersionResource{configMaps}) {
		t.Errorf("watched %v; want configmaps only", got)
	}
	if un := ws.unwatchedTypes(); !slices.Equal(un, []string{"finnesikke.kubekurs.no"}) {
		t.Errorf("unwatched %v", un)
	}
}
