package packtest

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/kubekurs/kubekurs/lessons"
)

// DefaultParallel is how many wrong attempts of a lesson run at once
// when Options.Parallel is 0. Each waits WrongSettle for the cluster
// most of its time, so a few at once use the cluster better.
const DefaultParallel = 4

// wrongJob is one wrong attempt to run: block w of step n.
type wrongJob struct{ n, w int }

// wrongAttempts runs the wrong attempts of steps first…last of l, each
// in a fresh Namespace of its own, several at once unless the lesson
// changes what the whole cluster shares: nodes (cordon, drain) or fixed
// node ports, which two passes at once would fight over. Results are
// added in course order, each as soon as those before it are in.
func (r *run) wrongAttempts(ctx context.Context, l *lessons.Lesson, first, last int) error {
	var jobs []wrongJob
	for n := first; n <= last; n++ {
		for w := range l.Steps[n-1].Wrong {
			jobs = append(jobs, wrongJob{n, w})
		}
	}
	parallel := r.opts.Parallel
	if parallel <= 0 {
		parallel = DefaultParallel
	}
	if needsNodes(l) || holdsNodePorts(l) {
		parallel = 1
	}
	var (
		mu      sync.Mutex
		results = make([]*Result, len(jobs))
		errs    = make([]error, len(jobs))
		next    int // the first job whose result is not added yet
		sem     = make(chan struct{}, parallel)
		wg      sync.WaitGroup
	)
	for i, job := range jobs {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			res, err := r.wrong(ctx, l.ID, job.n, job.w)
			mu.Lock()
			defer mu.Unlock()
			results[i], errs[i] = &res, err
			for next < len(jobs) && results[next] != nil {
				if errs[next] == nil {
					r.add(*results[next])
				}
				next++
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

// holdsNodePorts reports whether the lesson asks for a fixed node port
// anywhere (a node port belongs to the whole cluster).
func holdsNodePorts(l *lessons.Lesson) bool {
	for _, s := range l.Steps {
		var texts []string
		for _, sol := range s.Solutions {
			texts = append(texts, sol.Text)
		}
		for _, w := range s.Wrong {
			for _, sol := range []*lessons.Solution{w.Before, w.Attempt, w.Fix} {
				if sol != nil {
					texts = append(texts, sol.Text)
				}
			}
		}
		for _, t := range texts {
			if strings.Contains(t, "nodePort") || strings.Contains(t, "node-port") {
				return true
			}
		}
	}
	return false
}

// wrong runs wrong attempt w of step n of lesson id in a fresh
// Namespace and returns its result; an error means the cluster failed.
func (r *run) wrong(ctx context.Context, id string, n, w int) (Result, error) {
	start := time.Now()
	sp, err := r.newSpace(ctx, id)
	if err != nil {
		return Result{}, err
	}
	defer r.closeSpace(sp)
	l := sp.lesson
	attempt := l.Steps[n-1].Wrong[w]
	res := r.judgeWrong(ctx, sp, n, attempt)
	res.Wrong, res.Line, res.Duration = attempt.Name, attempt.Line, time.Since(start)
	return r.result(l, n, res), nil
}
