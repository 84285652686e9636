package grade

import (
	"context"
	"errors"
	"slices"
	"time"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/checks"
)

// defaultDebounce is how long the watcher waits after a change before it
// grades again, and maxWaitFactor how many times that a burst of changes
// may delay a grading at most.
const (
	defaultDebounce = 300 * time.Millisecond
	maxWaitFactor   = 5
)

// ErrWatchOwnClusters means a student has a cluster of its own
// (--kubeconfigs): Watch follows one cluster.
var ErrWatchOwnClusters = errors.New("watch follows one cluster; a student has its own")

// WatchOptions say what Watch grades and how.
type WatchOptions struct {
	// ClassOptions are as for GradeClass; Naive is ignored.
	ClassOptions
	// Debounce is how long to wait after a change before grading again;
	// more changes in that time cost one grading. 0 means 300 ms.
	Debounce time.Duration
	// Glob and Selector, as given to FromNamespaces, let the watcher add
	// a student whose Namespace appears later and drop one whose
	// Namespace goes away. Both empty: the students stay those given.
	Glob, Selector string
}

// Update is one state of a watched class. Watch never changes an Update,
// or anything it points to, after sending it.
type Update struct {
	// Class is the class's grades. Its Requests and Elapsed are this
	// update's grading alone.
	Class *Class
	// Current is, per student in Class.Students order, the step the
	// student is on.
	Current []CurrentStep
	// Regraded are the Namespaces graded for this update (every one, the
	// first time).
	Regraded []string
	// At is when the grading finished.
	At time.Time
	// WatchRequests counts the watches' own requests so far (a LIST and
	// a WATCH per resource type, and reconnects); they are not in
	// Class.Requests.
	WatchRequests int64
	// Unwatched are resource types the watcher could not watch (e.g.
	// "podmetrics.metrics.k8s.io"): their changes show only when
	// something else changes in the Namespace.
	Unwatched []string
}

// CurrentStep is where a student is: the first step, in course order,
// that is neither passed nor left out of the score.
type CurrentStep struct {
	// Lesson is the lesson's id; "" when no step is left.
	Lesson string `json:"lesson,omitempty"`
	// Step is the step's number in the lesson, and Title its title.
	Step  int    `json:"step,omitempty"`
	Title string `json:"title,omitempty"`
	// Since is when the step became the student's current step: when
	// the watcher saw the student move to it, or, for what it found at
	// the start, when the progress mirror last recorded a step done
	// (else when watching began).
	Since time.Time `json:"since"`
}

// Watch grades the students, sends the result on updates, then follows
// the cluster and sends a new Update whenever a student's grades may have
// changed. It watches every resource type the checks read, plus
// ConfigMaps (the progress mirror); a change in a student's Namespace
// makes the snapshot forget that type there and marks the student, and
// the marked students alone are graded again once changes have paused for
// opts.Debounce. A slow reader does not hold Watch up: an Update not yet
// received is replaced by a newer one (whose Regraded includes the old).
//
// Watch blocks until ctx ends, then closes updates and returns nil; it
// returns an error (and closes updates) when it cannot start. It is meant
// to run in its own goroutine.
func Watch(ctx context.Context, cfg *rest.Config, students []Student, opts WatchOptions, updates chan<- *Update) error {
	defer close(updates)
	for _, s := range students {
		if s.Config != nil {
			return ErrWatchOwnClusters
		}
	}
	w, err := newWatcher(ctx, cfg, students, opts)
	if err != nil {
		return err
	}
	defer w.watches.stop()
	first := w.grade(ctx, students, nil, students)
	select {
	case updates <- first:
	case <-ctx.Done():
		return nil
	}
	if opts.Glob != "" || opts.Selector != "" {
		w.watches.followRoster(ctx, opts.Glob, opts.Selector)
	}
	w.watchNewTypes(ctx)
	w.loop(ctx, updates)
	return nil
}

// watcher is Watch's state; only Watch's goroutine touches it, except
// changes and the snapshot, which the watches' goroutines call.
type watcher struct {
	opts    WatchOptions
	reg     *checks.Registry
	course  *gradedCourse
	lessons []LessonInfo
	cr      *clusterRun
	changes *changes
	watches *watches

	reports map[string]StudentReport // by Namespace
	current map[string]CurrentStep
	last    Requests // the snapshot's counts at the last update
	started time.Time
}

func newWatcher(ctx context.Context, cfg *rest.Config, students []Student, opts WatchOptions) (*watcher, error) {
	reg := checks.NewRegistry()
	course, err := prepare(opts.Course, opts.Lessons, reg)
	if err != nil {
		return nil, err
	}
	cr, err := newClusterRun(ctx, cfg, false, course, reg)
	if err != nil {
		return nil, err
	}
	ch := newChanges(students)
	ws, err := newWatches(cfg, ch, func(gvr schema.GroupVersionResource, ns string) { cr.snap.Forget(gvr.Group, gvr.Resource, ns) })
	if err != nil {
		return nil, err
	}
	w := &watcher{opts: opts, reg: reg, course: course, cr: cr, changes: ch, watches: ws,
		reports: map[string]StudentReport{}, current: map[string]CurrentStep{}, started: time.Now(), lessons: course.info()}
	return w, nil
}

// loop waits for changes, grades the marked students after the debounce,
// and hands updates to the reader, until ctx ends.
func (w *watcher) loop(ctx context.Context, updates chan<- *Update) {
	debounce := w.opts.Debounce
	if debounce <= 0 {
		debounce = defaultDebounce
	}
	timer := time.NewTimer(debounce)
	timer.Stop()
	defer timer.Stop()
	var (
		fire    <-chan time.Time
		burst   time.Time
		pending *Update
	)
	for {
		var out chan<- *Update
		if pending != nil {
			out = updates
		}
		select {
		case <-ctx.Done():
			return
		case out <- pending:
			pending = nil
		case <-w.changes.kick:
			now := time.Now()
			if burst.IsZero() {
				burst = now
			}
			timer.Reset(min(debounce, burst.Add(maxWaitFactor*debounce).Sub(now)))
			fire = timer.C
		case <-fire:
			fire, burst = nil, time.Time{}
			dirty, removed, roster := w.changes.take()
			if len(dirty) == 0 && len(removed) == 0 {
				continue
			}
			u := w.grade(ctx, dirty, removed, roster)
			if pending != nil {
				u.Regraded = union(pending.Regraded, u.Regraded)
			}
			pending = u
			w.watchNewTypes(ctx)
		}
	}
}

// watchNewTypes starts watching the types the checks have read that are
// not watched yet. Changes before a watch began are unknown, so the
// snapshot forgets those types and every student is graded again.
func (w *watcher) watchNewTypes(ctx context.Context) {
	types := append(w.cr.snap.Types(), configMaps)
	fresh := w.watches.add(ctx, types)
	for _, gvr := range fresh {
		w.cr.snap.Forget(gvr.Group, gvr.Resource, "")
	}
	if len(fresh) > 0 {
		w.changes.all()
	}
}

// grade grades the students in dirty, drops the Namespaces in removed,
// and makes the Update for the class roster.
func (w *watcher) grade(ctx context.Context, dirty []Student, removed []string, roster []Student) *Update {
	start := time.Now()
	reports, lastDone := w.gradeStudents(ctx, dirty)
	now := time.Now()
	u := &Update{At: now, Unwatched: w.watches.unwatchedTypes(), WatchRequests: w.watches.count.n.Load()}
	for i, s := range dirty {
		w.reports[s.Namespace] = reports[i]
		w.current[s.Namespace] = w.advance(s.Namespace, reports[i], lastDone[i], now)
		u.Regraded = append(u.Regraded, s.Namespace)
	}
	for _, ns := range removed {
		delete(w.reports, ns)
		delete(w.current, ns)
	}
	class := &Class{Cluster: w.cr.host, Lessons: w.lessons}
	for _, s := range roster {
		if r, ok := w.reports[s.Namespace]; ok {
			class.Students = append(class.Students, r)
			u.Current = append(u.Current, w.current[s.Namespace])
		}
	}
	total := requestsOf(w.cr.stats())
	class.Requests = total.minus(w.last)
	w.last = total
	class.Elapsed = time.Since(start)
	u.Class = class
	return u
}

// gradeStudents grades students in parallel, and reads when each one's
// progress mirror last recorded a step done.
func (w *watcher) gradeStudents(ctx context.Context, students []Student) ([]StudentReport, []time.Time) {
	reports := make([]StudentReport, len(students))
	lastDone := make([]time.Time, len(students))
	eachParallel(len(students), w.opts.parallelism(), func(i int) {
		var mirror mirrorRecord
		reports[i], mirror = gradeStudent(ctx, w.cr, w.course, w.reg, students[i])
		lastDone[i] = latestDone(mirror)
	})
	return reports, lastDone
}

// advance is the student's current step after a grading, keeping when
// it began while it stays the same.
func (w *watcher) advance(namespace string, r StudentReport, lastDone, now time.Time) CurrentStep {
	cur := Current(r)
	prev, seen := w.current[namespace]
	switch {
	case seen && prev.Lesson == cur.Lesson && prev.Step == cur.Step:
		cur.Since = prev.Since
	case seen:
		cur.Since = now
	case !lastDone.IsZero() && lastDone.Before(now):
		cur.Since = lastDone
	default:
		cur.Since = w.started
	}
	return cur
}

// Current is the first step of the student's report, in course order,
// that is neither passed (nor recorded done) nor left out of the score;
// the zero CurrentStep when none is left. Since is not set.
func Current(r StudentReport) CurrentStep {
	for _, l := range r.Lessons {
		for _, st := range l.Steps {
			switch st.Status {
			case StepPassed, StepRecorded, StepSkipped, StepUngraded:
				continue
			}
			return CurrentStep{Lesson: l.ID, Step: st.Step, Title: st.Title}
		}
	}
	return CurrentStep{}
}

// latestDone is when the mirror last recorded a step done; zero when it
// records none.
func latestDone(m mirrorRecord) time.Time {
	var last time.Time
	if m.file == nil {
		return last
	}
	for _, l := range m.file.Lessons {
		if l == nil {
			continue
		}
		for _, s := range l.Steps {
			if s.DoneAt.After(last) {
				last = s.DoneAt
			}
		}
	}
	return last
}

// union is a and b without duplicates, sorted.
func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}
