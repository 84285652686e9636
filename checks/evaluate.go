package checks

import (
	"context"
	"sync"
	"time"
)

// defaultInterval is the pause between rounds when EvalOptions.Interval
// is zero.
const defaultInterval = 250 * time.Millisecond

// unreachableRetry is how long, from its start, Evaluate keeps retrying
// while the API server cannot be reached at all: long enough to ride out
// a restart, short enough that a stopped cluster is reported at once.
const unreachableRetry = 2 * time.Second

// EvalOptions say how long Evaluate waits for resources to settle.
type EvalOptions struct {
	// Settle is how long to keep re-running the checks while not all of
	// them pass; 0 runs them once.
	Settle time.Duration
	// Interval is the pause between rounds; 0 means 250ms.
	Interval time.Duration
}

// Evaluate runs the checks concurrently and returns their results in the
// checks' order. While not all pass it re-runs all of them every Interval
// until they do or Settle has passed since the start; the last round's
// results are returned, so a retry never hides a Forbidden. A round with
// a Forbidden result ends the retries at once, since waiting cannot fix
// the checker's permissions, and while some result says the API server
// cannot be reached (AnyUnreachable), retries stop unreachableRetry after
// the start. Cancelling ctx stops Evaluate: it returns
// the last finished round (or the cancelled one, when none finished).
func Evaluate(ctx context.Context, t *Target, checks []Check, opt EvalOptions) []Result {
	interval := opt.Interval
	if interval <= 0 {
		interval = defaultInterval
	}
	start := time.Now()
	deadline := start.Add(opt.Settle)
	results := runRound(ctx, t, checks)
	for {
		if AllPassed(results) || hasForbidden(results) || ctx.Err() != nil {
			return results
		}
		end := deadline
		if AnyUnreachable(results) && start.Add(unreachableRetry).Before(end) {
			end = start.Add(unreachableRetry)
		}
		left := time.Until(end)
		if left <= 0 {
			return results
		}
		timer := time.NewTimer(min(interval, left))
		select {
		case <-ctx.Done():
			timer.Stop()
			return results
		case <-timer.C:
		}
		next := runRound(ctx, t, checks)
		if ctx.Err() != nil {
			return results
		}
		results = next
	}
}

// runRound runs every check once, concurrently.
func runRound(ctx context.Context, t *Target, checks []Check) []Result {
	results := make([]Result, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Go(func() { results[i] = c.Run(ctx, t) })
	}
	wg.Wait()
	return results
}

func hasForbidden(results []Result) bool {
	for _, r := range results {
		if r.Status == Forbidden {
			return true
		}
	}
	return false
}
