package grade

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/grade/snapshot"
)

// Class is the grading of a whole class.
type Class struct {
	// Cluster is the API server graded against (the first, with
	// --kubeconfigs).
	Cluster string `json:"cluster"`
	// Lessons are the graded lessons, in course order.
	Lessons []LessonInfo `json:"lessons"`
	// Students are the students, in the order given.
	Students []StudentReport `json:"students"`
	// Requests counts what grading asked the API servers.
	Requests Requests `json:"requests"`
	// Elapsed is how long grading took.
	Elapsed time.Duration `json:"-"`
}

// LessonInfo names a graded lesson.
type LessonInfo struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Steps int    `json:"steps"`
}

// Requests counts the requests grading sent.
type Requests struct {
	// Total is every request sent to an API server.
	Total int64 `json:"total"`
	// Lists is the number of resource types fetched for the snapshot.
	Lists int64 `json:"lists"`
	// Pages is the number of LIST requests, pages included.
	Pages int64 `json:"pages"`
	// Passthrough is the number of requests the snapshot could not answer.
	Passthrough int64 `json:"passthrough"`
	// Served is the number of reads the snapshot answered.
	Served int64 `json:"served"`
}

// requestsOf counts what a snapshot sent.
func requestsOf(st snapshot.Stats) Requests {
	return Requests{Total: st.Requests(), Lists: st.Lists, Pages: st.Pages, Passthrough: st.Passthrough, Served: st.Served}
}

// plus adds two counts.
func (r Requests) plus(o Requests) Requests {
	return Requests{Total: r.Total + o.Total, Lists: r.Lists + o.Lists, Pages: r.Pages + o.Pages,
		Passthrough: r.Passthrough + o.Passthrough, Served: r.Served + o.Served}
}

// minus is what r counts beyond an earlier count o.
func (r Requests) minus(o Requests) Requests {
	return Requests{Total: r.Total - o.Total, Lists: r.Lists - o.Lists, Pages: r.Pages - o.Pages,
		Passthrough: r.Passthrough - o.Passthrough, Served: r.Served - o.Served}
}

// StudentReport is one student's grades.
type StudentReport struct {
	Student
	// Lessons are the lessons' grades, in ClassReport.Lessons order.
	Lessons []LessonGrade `json:"lessons"`
	// Score is the sum of the lessons' scores; Max is what it could be.
	Score float64 `json:"score"`
	Max   float64 `json:"max"`
	// Mirror says whether the student's progress mirror was read.
	Mirror MirrorState `json:"mirror"`
	// Error says, in Norwegian, why the student could not be graded.
	Error string `json:"error,omitempty"`
}

// LessonGrade is one lesson's grade.
type LessonGrade struct {
	ID string `json:"id"`
	// Score is the sum of the steps' scores; Max is the number of steps
	// that count (all but the skipped ones).
	Score float64     `json:"score"`
	Max   float64     `json:"max"`
	Steps []StepGrade `json:"steps"`
}

// StepGrade is one step's grade.
type StepGrade struct {
	Step  int    `json:"step"`
	Title string `json:"title"`
	// Status is the step's verdict.
	Status StepStatus `json:"status"`
	// Score is the share of the step's criteria, by weight, that passed:
	// 0 to 1.
	Score float64 `json:"score"`
	// Reason says, in Norwegian, why a step was skipped or could not be
	// checked.
	Reason string `json:"reason,omitempty"`
	// From the progress mirror: whether the solution was opened, how many
	// hints were seen, how many check runs failed, and whether the course
	// recorded the step as done.
	SolutionShown bool `json:"solutionShown"`
	HintsShown    int  `json:"hintsShown"`
	Attempts      int  `json:"attempts"`
	RecordedDone  bool `json:"recordedDone"`
	// Results are the criteria's results.
	Results []checks.Result `json:"results,omitempty"`
}

// counts reports whether the step is part of the score.
func (s StepGrade) counts() bool { return s.Status != StepSkipped && s.Status != StepUngraded }

// StepStatus is a step's verdict in grading.
type StepStatus int

const (
	// StepPassed: every criterion passed.
	StepPassed StepStatus = iota
	// StepFailed: the student tried, and something is not right.
	StepFailed
	// StepNotAttempted: nothing of the step exists, nothing passed, and
	// the progress mirror records no attempt.
	StepNotAttempted
	// StepNoAccess: the grader may not read what the step's checks read.
	StepNoAccess
	// StepEnvError: the checks could not look (server error, timeout).
	StepEnvError
	// StepSkipped: the cluster lacks a capability the step needs; the
	// step does not count.
	StepSkipped
	// StepUngraded: the step has neither checks nor a quiz with an
	// answer; it does not count.
	StepUngraded
	// StepRecorded: the step does not pass now, but the student's
	// progress records it as done.
	StepRecorded
)

// stepStatusNames are the Norwegian words and the machine names, in
// StepStatus order.
var stepStatusNames = [...]struct{ text, machine, symbol string }{
	StepPassed:       {statusPassed, "passed", "✓"},
	StepFailed:       {statusFailed, "failed", "✗"},
	StepNotAttempted: {statusNotAttempted, "not-attempted", "·"},
	StepNoAccess:     {statusNoAccess, "no-access", "!"},
	StepEnvError:     {statusEnvError, "env-error", "?"},
	StepSkipped:      {statusSkipped, "skipped", "–"},
	StepUngraded:     {statusUngraded, "ungraded", " "},
	StepRecorded:     {statusRecorded, "recorded-only", "○"},
}

// String is the Norwegian word.
func (s StepStatus) String() string {
	if s < 0 || int(s) >= len(stepStatusNames) {
		return fmt.Sprintf("StepStatus(%d)", int(s))
	}
	return stepStatusNames[s].text
}

// Symbol is the one-character mark of the status in the class table.
func (s StepStatus) Symbol() string {
	if s < 0 || int(s) >= len(stepStatusNames) {
		return "?"
	}
	return stepStatusNames[s].symbol
}

// MarshalText gives the stable machine name.
func (s StepStatus) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(stepStatusNames) {
		return nil, fmt.Errorf("grade: unknown step status %d", int(s))
	}
	return []byte(stepStatusNames[s].machine), nil
}

// UnmarshalText reads a machine name.
func (s *StepStatus) UnmarshalText(text []byte) error {
	for i, n := range stepStatusNames {
		if n.machine == string(text) {
			*s = StepStatus(i)
			return nil
		}
	}
	return fmt.Errorf("grade: unknown step status %q", text)
}

// countingTransport counts the requests of every client whose transport
// it wraps (rest.Config.Wrap).
type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) wrap(base http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		c.n.Add(1)
		return base.RoundTrip(req)
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
