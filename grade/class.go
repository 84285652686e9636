package grade

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/grade/snapshot"
	"github.com/kubekurs/kubekurs/lessons"
)

// errUnknownLesson is a lesson id that the course does not have.
var errUnknownLesson = errors.New("unknown lesson")

// ClassOptions say what GradeClass grades and how.
type ClassOptions struct {
	// Course is the course, loaded with Vars{Namespace:
	// NamespacePlaceholder}.
	Course *lessons.Course
	// Lessons are the ids of the lessons to grade; empty means all.
	Lessons []string
	// Naive sends every check's reads to the API server, one request per
	// read, as `kubekurs check` does for one learner. It exists to
	// measure what the snapshot saves.
	Naive bool
	// Parallel is how many students are graded at once; 0 means four per
	// CPU.
	Parallel int
}

// GradeClass grades every student against the cluster cfg connects to
// (or, for a student with its own Config, that student's cluster). It
// re-runs each step's checks live; the progress mirror adds only what the
// cluster cannot tell (solution and hints shown, attempts). Reads are
// answered from one snapshot per cluster (see package snapshot), so the
// cost in requests does not grow with the number of students. The error
// is for what stops the whole grading; a student that cannot be graded
// gets StudentReport.Error.
func GradeClass(ctx context.Context, cfg *rest.Config, students []Student, opts ClassOptions) (*Class, error) {
	start := time.Now()
	reg := checks.NewRegistry()
	course, err := prepare(opts.Course, opts.Lessons, reg)
	if err != nil {
		return nil, err
	}
	report := &Class{Lessons: course.info(), Students: make([]StudentReport, len(students))}
	clusters := map[*rest.Config]*clusterRun{}
	runs := make([]*clusterRun, len(students))
	for i, s := range students {
		c := s.Config
		if c == nil {
			c = cfg
		}
		if clusters[c] == nil {
			cr, err := newClusterRun(ctx, c, opts.Naive, course, reg)
			if err != nil {
				if s.Config == nil {
					return nil, err
				}
				report.Students[i] = StudentReport{Student: s, Error: err.Error()}
				continue
			}
			clusters[c] = cr
		}
		runs[i] = clusters[c]
	}
	eachParallel(len(students), opts.parallelism(), func(i int) {
		if runs[i] != nil {
			report.Students[i], _ = gradeStudent(ctx, runs[i], course, reg, students[i])
		}
	})
	for _, cr := range clusters {
		report.Requests = report.Requests.plus(requestsOf(cr.stats()))
		if report.Cluster == "" {
			report.Cluster = cr.host
		}
	}
	report.Elapsed = time.Since(start)
	return report, nil
}

// clusterRun is what grading needs of one cluster: clients reading
// through its snapshot and what the cluster can do.
type clusterRun struct {
	host   string
	target *checks.Target
	client kubernetes.Interface
	caps   *cluster.Report
	snap   *snapshot.Snapshot
	count  *countingTransport
	// empty are, per lesson, the grades of an empty Namespace (see
	// emptyGrades).
	empty [][]StepGrade
}

// newClusterRun connects to the cluster cfg names, finds out what it can
// do, and grades an empty Namespace there (see emptyGrades).
func newClusterRun(ctx context.Context, cfg *rest.Config, naive bool, course *gradedCourse, reg *checks.Registry) (*clusterRun, error) {
	cr := &clusterRun{host: cfg.Host}
	readCfg := rest.CopyConfig(cfg)
	if naive {
		// As fast as a client with one request per read can be, for a
		// fair comparison.
		cr.count = &countingTransport{}
		readCfg.RateLimiter = nil
		readCfg.QPS, readCfg.Burst = 1000, 2000
		readCfg.Wrap(cr.count.wrap)
	} else {
		cr.snap = snapshot.New(cfg)
		readCfg = cr.snap.Config()
	}
	target, err := checks.NewTarget(readCfg, "")
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", cfg.Host, err)
	}
	cr.target = target
	cr.client = target.Client
	cr.caps = capabilities(ctx, &cluster.Target{Config: cfg})
	cr.empty = emptyGrades(ctx, cr, course, reg)
	return cr, nil
}

// stats counts the requests this cluster's grading sent.
func (cr *clusterRun) stats() snapshot.Stats {
	if cr.snap != nil {
		return cr.snap.Stats()
	}
	return snapshot.Stats{Passthrough: cr.count.n.Load()}
}

// gradeStudent grades one student on every chosen lesson, and returns
// the progress mirror it read along with the grades.
func gradeStudent(ctx context.Context, cr *clusterRun, course *gradedCourse, reg *checks.Registry, s Student) (StudentReport, mirrorRecord) {
	sr := StudentReport{Student: s}
	mirror := readMirror(ctx, cr.client, s.Namespace)
	sr.Mirror = mirror.state
	target := *cr.target
	target.Namespace = s.Namespace
	if cr.snap != nil { // the snapshot does not change while a student is graded
		target.Reads = checks.NewReadCache()
	}
	for li, gl := range course.lessons {
		lg := LessonGrade{ID: gl.lesson.ID}
		for i := range gl.steps {
			gs := &gl.steps[i]
			lg.Steps = append(lg.Steps, gradeStep(ctx, cr, &target, gl.lesson, gs, i+1, reg, mirror))
		}
		if cr.empty != nil {
			untouched(lg.Steps, cr.empty[li])
		}
		for i := range lg.Steps {
			lg.Steps[i] = recorded(lg.Steps[i])
			if lg.Steps[i].counts() {
				lg.Score += lg.Steps[i].Score
				lg.Max++
			}
		}
		sr.Lessons = append(sr.Lessons, lg)
		sr.Score += lg.Score
		sr.Max += lg.Max
	}
	return sr, mirror
}

// info names the course's graded lessons.
func (gc *gradedCourse) info() []LessonInfo {
	var out []LessonInfo
	for _, l := range gc.lessons {
		out = append(out, LessonInfo{ID: l.lesson.ID, Title: l.lesson.Title, Steps: len(l.steps)})
	}
	return out
}

// parallelism is how many students are graded at once.
func (o ClassOptions) parallelism() int {
	if o.Parallel > 0 {
		return o.Parallel
	}
	return 4 * runtime.GOMAXPROCS(0)
}

// eachParallel calls f(0) … f(n-1), at most parallel at a time, and
// returns when all have.
func eachParallel(n, parallel int, f func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(parallel, n) {
		wg.Go(func() {
			for i := range jobs {
				f(i)
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// gradeStep runs one step's checks for a student and judges the step.
func gradeStep(ctx context.Context, cr *clusterRun, target *checks.Target, l *lessons.Lesson, gs *gradedStep, n int, reg *checks.Registry, mirror mirrorRecord) StepGrade {
	sg := StepGrade{Step: n, Title: gs.step.Title}
	rec := mirror.step(l.ID, n)
	sg.SolutionShown, sg.HintsShown, sg.Attempts, sg.RecordedDone = rec.solutionShown, rec.hintsShown, rec.attempts, rec.done
	if cr.caps != nil {
		if missing := cr.caps.Missing(append(slices.Clone(l.Requires), gs.step.Options.Requires...)); len(missing) > 0 {
			sg.Status, sg.Reason = StepSkipped, cluster.Explain(missing[0])
			return sg
		}
	}
	compiled, err := gs.checksFor(target.Namespace, reg)
	if err != nil {
		sg.Status, sg.Reason = StepEnvError, fmt.Sprintf(msgBadCheck, l.ID, n, err)
		return sg
	}
	if len(compiled) == 0 {
		return judgeQuiz(sg, gs.step, mirror.quiz(l.ID, n))
	}
	sg.Results = checks.Evaluate(ctx, target, compiled, checks.EvalOptions{})
	return judge(sg, compiled, rec)
}

// emptyGrades grades a Namespace that does not exist, once per cluster:
// what a student who has done nothing gets from the checks alone. A
// cleanup step whose objects are absent passes there, and so does a look
// at the cluster's nodes.
func emptyGrades(ctx context.Context, cr *clusterRun, course *gradedCourse, reg *checks.Registry) [][]StepGrade {
	empty, _ := gradeStudent(ctx, cr, course, reg, Student{Namespace: emptyNamespace()})
	grades := make([][]StepGrade, len(empty.Lessons))
	for li, l := range empty.Lessons {
		grades[li] = l.Steps
	}
	return grades
}

// emptyNamespace is the name of a Namespace that does not exist: random,
// and short enough that the Namespaces lessons derive from the learner's
// (e.g. «…-lek») are valid names too.
func emptyNamespace() string {
	return "kubekurs-tom-" + strings.ToLower(rand.Text()[:12])
}

// untouched marks a lesson in which nothing shows the student's work
// when set beside an empty Namespace (see emptyGrades): every step that
// passed or failed is then not attempted, unless the student's progress
// records it as done.
func untouched(steps, empty []StepGrade) {
	for i, st := range steps {
		if showsWork(st, empty[i]) {
			return
		}
	}
	for i, st := range steps {
		if (st.Status == StepPassed || st.Status == StepFailed) && !st.RecordedDone {
			steps[i].Status, steps[i].Score = StepNotAttempted, 0
		}
	}
}

// showsWork reports whether a student's step differs from the same step
// in an empty Namespace. Where the empty Namespace could not be read (a
// grader allowed to read Secrets only in the students' Namespaces), a
// criterion shows work when it passed or found something.
func showsWork(st, empty StepGrade) bool {
	if len(st.Results) != len(empty.Results) || len(st.Results) == 0 {
		return st.Status != empty.Status
	}
	for i, r := range st.Results {
		e := empty.Results[i]
		switch {
		case e.Status == checks.Forbidden || e.Status == checks.EnvError:
			if r.Status == checks.Passed || r.Status == checks.Failed && !r.Missing() {
				return true
			}
		case r.Status != e.Status || r.Missing() != e.Missing():
			return true
		}
	}
	return false
}

// Student is one learner to grade.
type Student struct {
	// Name is the learner's name as the class list spells it, or the
	// Namespace's (or kubeconfig file's) name when none is recorded.
	Name string `json:"name"`
	// Namespace is where the learner works.
	Namespace string `json:"namespace"`
	// Source says where the learner was found: the kubeconfig file in
	// --kubeconfigs mode, else empty.
	Source string `json:"source,omitempty"`
	// Config, when set, is the learner's own cluster.
	Config *rest.Config `json:"-"`
}
