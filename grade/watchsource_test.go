package grade

import (
	"slices"
	"testing"
	"time"
)

// names are the Namespaces of students.
func names(students []Student) []string {
	var out []string
	for _, s := range students {
		out = append(out, s.Namespace)
	}
	return out
}

// TestChangesMarkTheRightStudents: a change in a student's Namespace, or
// in one a lesson named after it, marks that student alone; a change to
// a cluster-scoped object marks everyone; students come and go; take
// empties the marks.
func TestChangesMarkTheRightStudents(t *testing.T) {
	c := newChanges([]Student{{Name: "Ada", Namespace: "elev-a"}, {Name: "Bo", Namespace: "elev-ab"}, {Name: "Cy", Namespace: "elev-c"}})
	for _, tc := range []struct {
		touched []string
		want    []string
	}{
		{[]string{"elev-a"}, []string{"elev-a"}},
		{[]string{"elev-a-lek"}, []string{"elev-a"}},
		{[]string{"elev-ab", "elev-ab"}, []string{"elev-ab"}},
		{[]string{"kube-system", "elev-cc"}, nil},
		{[]string{""}, []string{"elev-a", "elev-ab", "elev-c"}},
	} {
		for _, ns := range tc.touched {
			c.touched(ns)
		}
		dirty, removed, roster := c.take()
		if !slices.Equal(names(dirty), tc.want) || len(removed) != 0 || len(roster) != 3 {
			t.Errorf("touched %q: dirty %v, removed %v, roster %d; want %v", tc.touched, names(dirty), removed, len(roster), tc.want)
		}
		if tc.want != nil {
			select {
			case <-c.kick:
			default:
				t.Errorf("touched %q did not wake the watcher", tc.touched)
			}
		}
		select {
		case <-c.kick:
			t.Errorf("touched %q woke the watcher twice, or for nothing", tc.touched)
		default:
		}
	}
	c.joined(Student{Name: "Dag", Namespace: "elev-d"})
	c.joined(Student{Name: "Dag", Namespace: "elev-d"})
	c.left("elev-c")
	c.left("elev-x")
	dirty, removed, roster := c.take()
	if !slices.Equal(names(dirty), []string{"elev-d"}) || !slices.Equal(removed, []string{"elev-c"}) ||
		!slices.Equal(names(roster), []string{"elev-a", "elev-ab", "elev-d"}) {
		t.Errorf("after join and leave: dirty %v, removed %v, roster %v", names(dirty), removed, names(roster))
	}
}

// TestCurrentSkipsWhatIsDoneOrDoesNotCount: the current step is the first
// that is neither passed, recorded done, skipped nor ungraded.
func TestCurrentSkipsWhatIsDoneOrDoesNotCount(t *testing.T) {
	r := StudentReport{Lessons: []LessonGrade{
		{ID: "L01", Steps: []StepGrade{{Step: 1, Status: StepPassed}, {Step: 2, Status: StepSkipped}, {Step: 3, Status: StepRecorded}}},
		{ID: "L02", Steps: []StepGrade{{Step: 1, Status: StepUngraded}, {Step: 2, Title: "Lag en Pod", Status: StepFailed}, {Step: 3, Status: StepNotAttempted}}},
	}}
	if got := Current(r); got.Lesson != "L02" || got.Step != 2 || got.Title != "Lag en Pod" {
		t.Errorf("Current = %+v; want L02 step 2", got)
	}
	r.Lessons[1].Steps[1].Status, r.Lessons[1].Steps[2].Status = StepPassed, StepPassed
	if got := Current(r); got.Lesson != "" {
		t.Errorf("Current = %+v; want nothing left", got)
	}
}

// TestAdvanceKeepsWhenTheStepBegan: the start of a student's current step
// comes from the mirror when first seen, stays while the step does, and
// is the grading's time when the student moves on.
func TestAdvanceKeepsWhenTheStepBegan(t *testing.T) {
	started := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
	w := &watcher{current: map[string]CurrentStep{}, started: started}
	on := func(status StepStatus) StudentReport {
		return StudentReport{Lessons: []LessonGrade{{ID: "L02", Steps: []StepGrade{{Step: 1, Status: StepPassed}, {Step: 2, Status: status}}}}}
	}
	done := started.Add(-10 * time.Minute)
	first := w.advance("elev-a", on(StepFailed), done, started.Add(time.Minute))
	if first.Step != 2 || !first.Since.Equal(done) {
		t.Errorf("first sight: %+v; want step 2 since the mirror's last done %v", first, done)
	}
	w.current["elev-a"] = first
	if again := w.advance("elev-a", on(StepFailed), time.Time{}, started.Add(5*time.Minute)); !again.Since.Equal(done) {
		t.Errorf("same step: since %v; want %v kept", again.Since, done)
	}
	moved := started.Add(6 * time.Minute)
	if next := w.advance("elev-a", on(StepPassed), time.Time{}, moved); next.Lesson != "" || !next.Since.Equal(moved) {
		t.Errorf("moved on: %+v; want nothing left since %v", next, moved)
	}
	if fresh := w.advance("elev-b", on(StepFailed), time.Time{}, moved); !fresh.Since.Equal(started) {
		t.Errorf("no mirror: since %v; want when watching began, %v", fresh.Since, started)
	}
}
