package grade

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/lessons"
)

// weighted is a compiled check of a given weight that is never run.
type weighted struct{ w int }

func (weighted) Criterion() string                                     { return "" }
func (weighted) Run(_ context.Context, _ *checks.Target) checks.Result { return checks.Result{} }
func (weighted) Access() []checks.Access                               { return nil }
func (c weighted) Weight() int                                         { return c.w }

func TestJudge(t *testing.T) {
	pass := checks.Result{Status: checks.Passed}
	fail := checks.Result{Status: checks.Failed}
	forbidden := checks.Result{Status: checks.Forbidden}
	envErr := checks.Result{Status: checks.EnvError}
	tests := []struct {
		name    string
		results []checks.Result
		weights []int
		rec     stepRecord
		status  StepStatus
		score   float64
	}{
		{"all pass", []checks.Result{pass, pass}, []int{1, 1}, stepRecord{}, StepPassed, 1},
		{"weighted partial", []checks.Result{pass, fail, fail}, []int{2, 1, 1}, stepRecord{}, StepFailed, 0.5},
		{"zero weights pass", []checks.Result{pass}, []int{0}, stepRecord{}, StepPassed, 1},
		{"forbidden wins", []checks.Result{pass, forbidden, envErr}, []int{1, 1, 1}, stepRecord{}, StepNoAccess, 0},
		{"env error", []checks.Result{pass, envErr}, []int{1, 1}, stepRecord{}, StepEnvError, 0},
		{"failed, not missing", []checks.Result{fail}, []int{1}, stepRecord{}, StepFailed, 0},
		{"tried, says the mirror", []checks.Result{fail}, []int{1}, stepRecord{attempts: 2}, StepFailed, 0},
	}
	for _, tc := range tests {
		var compiled []checks.Check
		for _, w := range tc.weights {
			compiled = append(compiled, weighted{w})
		}
		got := judge(StepGrade{Results: tc.results}, compiled, tc.rec)
		if got.Status != tc.status || got.Score != tc.score {
			t.Errorf("%s: %v %.2f, want %v %.2f", tc.name, got.Status, got.Score, tc.status, tc.score)
		}
	}
}

func TestJudgeQuiz(t *testing.T) {
	choice := &lessons.Step{Quiz: &lessons.Quiz{Choices: []string{"a", "b"}, Answer: "a"}}
	reflection := &lessons.Step{Quiz: &lessons.Quiz{Reflection: true}}
	tests := []struct {
		step   *lessons.Step
		rec    *quizRecord
		status StepStatus
	}{
		{&lessons.Step{}, nil, StepUngraded},
		{choice, nil, StepNotAttempted},
		{choice, &quizRecord{correct: true}, StepPassed},
		{choice, &quizRecord{correct: false}, StepFailed},
		{reflection, &quizRecord{}, StepPassed},
	}
	for i, tc := range tests {
		if got := judgeQuiz(StepGrade{}, tc.step, tc.rec); got.Status != tc.status {
			t.Errorf("%d: %v, want %v", i, got.Status, tc.status)
		}
	}
}

// TestUntouched: a lesson that looks like an empty Namespace is not
// attempted as a whole, free steps included, unless recorded done.
func TestUntouched(t *testing.T) {
	missing := checks.Result{Status: checks.Failed}
	absent := checks.Result{Status: checks.Passed}
	empty := []StepGrade{
		{Status: StepFailed, Results: []checks.Result{missing}},
		{Status: StepPassed, Score: 1, Results: []checks.Result{absent}},
	}
	steps := []StepGrade{
		{Status: StepFailed, Results: []checks.Result{missing}},
		{Status: StepPassed, Score: 1, Results: []checks.Result{absent}},
	}
	untouched(steps, empty)
	if steps[0].Status != StepNotAttempted || steps[1].Status != StepNotAttempted || steps[1].Score != 0 {
		t.Errorf("untouched lesson: %+v", steps)
	}
	recorded := []StepGrade{
		{Status: StepFailed, Results: []checks.Result{missing}},
		{Status: StepPassed, Score: 1, RecordedDone: true, Results: []checks.Result{absent}},
	}
	untouched(recorded, empty)
	if recorded[1].Status != StepPassed {
		t.Errorf("a free step recorded as done keeps its pass: %+v", recorded[1])
	}
	worked := []StepGrade{
		{Status: StepPassed, Score: 1, Results: []checks.Result{{Status: checks.Passed}}},
		{Status: StepPassed, Score: 1, Results: []checks.Result{absent}},
	}
	untouched(worked, empty)
	if worked[1].Status != StepPassed {
		t.Errorf("a lesson with work keeps its free step: %+v", worked[1])
	}
	// Where the empty Namespace could not be read, only a pass or a
	// found object shows work.
	refused := []StepGrade{{Status: StepNoAccess, Results: []checks.Result{{Status: checks.Forbidden}}}}
	if showsWork(StepGrade{Status: StepFailed, Results: []checks.Result{missing}}, refused[0]) != true {
		t.Error("a failure that is not a missing object shows work")
	}
}

// TestWriteClass: every format names the students and the statuses, and
// the table's marks follow the steps.
func TestWriteClass(t *testing.T) {
	c := &Class{
		Lessons: []LessonInfo{{ID: "L02", Title: "Pod", Steps: 2}},
		Students: []StudentReport{
			{Student: Student{Name: "Bjørn Ås", Namespace: "elev-bjorn-as"}, Score: 1.5, Max: 2, Mirror: MirrorRead,
				Lessons: []LessonGrade{{ID: "L02", Score: 1.5, Max: 2, Steps: []StepGrade{
					{Step: 1, Title: "Lag", Status: StepPassed, Score: 1, SolutionShown: true},
					{Step: 2, Title: "Se", Status: StepFailed, Score: 0.5},
				}}}},
			{Student: Student{Name: "Kari", Namespace: "elev-kari"}, Error: "clusteret svarer ikke"},
		},
	}
	for _, format := range Formats() {
		var b bytes.Buffer
		if err := WriteClass(&b, c, format, false); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out := b.String()
		for _, want := range []string{"Bjørn Ås", "elev-kari", "clusteret svarer ikke"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q:\n%s", format, want, out)
			}
		}
		switch format {
		case "table", "markdown":
			for _, want := range []string{"✓✗ 1.5/2", "fasit vist: L02.1", "✓ bestått"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s lacks %q:\n%s", format, want, out)
				}
			}
		case "csv":
			if !strings.Contains(out, "Bjørn Ås,elev-bjorn-as,L02,2,Se,ikke bestått,0.5,nei") {
				t.Errorf("csv:\n%s", out)
			}
		case "json":
			if !strings.Contains(out, `"status": "failed"`) {
				t.Errorf("json:\n%s", out)
			}
		}
	}
	if err := WriteClass(&bytes.Buffer{}, c, "yaml", false); err == nil {
		t.Error("an unknown format is an error")
	}
}

func TestPoints(t *testing.T) {
	for p, want := range map[float64]string{2.6666666666666665: "2.67", 0.5: "0.5", 3: "3", 0: "0", 1.8333333333333333: "1.83"} {
		if got := points(p); got != want {
			t.Errorf("points(%v) = %q, want %q", p, got, want)
		}
	}
}
