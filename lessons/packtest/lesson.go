package packtest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/lessons"
)

// lesson tests one lesson: its steps in order in one Namespace, then each
// step's wrong attempts, each in a Namespace of its own. An error stops
// the run (the cluster failed, not the pack).
func (r *run) lesson(ctx context.Context, id string) error {
	sp, err := r.newSpace(ctx, id)
	if err != nil {
		return err
	}
	l := sp.lesson
	first, last := 1, len(l.Steps)
	if r.opts.Step > 0 {
		first, last = r.opts.Step, r.opts.Step
	}
	failed := false
	for i, step := range l.Steps[:last] {
		n := i + 1
		switch {
		case n < first:
			if r.skipReason(l, step) == "" {
				if problem := r.apply(ctx, sp, step.Solutions); problem != "" {
					r.add(r.result(l, n, Result{Status: Failed, Problem: fmt.Sprintf(msgSetupFailed, problem)}))
					failed = true
				}
			}
		case failed:
			r.add(r.result(l, n, Result{Status: Skipped, Problem: msgNotRun}))
		default:
			res := r.step(ctx, sp, n)
			failed = res.Status == Failed
			r.add(res)
		}
		if failed && n < first {
			break
		}
	}
	r.closeSpace(sp)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return r.wrongAttempts(ctx, l, first, last)
}

// result is res for step n of l, with the step's place filled in.
func (r *run) result(l *lessons.Lesson, n int, res Result) Result {
	step := l.Steps[n-1]
	res.Lesson, res.Step, res.Title, res.File = l.ID, n, step.Title, l.File
	if res.Line == 0 {
		res.Line = step.Line
	}
	return res
}

// step tests step n in sp: it must not pass before its solution (unless
// observeOnly) and must pass within its settle time after it.
func (r *run) step(ctx context.Context, sp *space, n int) Result {
	start := time.Now()
	l := sp.lesson
	step := l.Steps[n-1]
	done := func(res Result) Result {
		res.Duration = time.Since(start)
		return r.result(l, n, res)
	}
	if reason := r.skipReason(l, step); reason != "" {
		return done(Result{Status: Skipped, Problem: reason})
	}
	compiled, err := lessons.CompileChecks(step, r.registry.CompileList)
	if err != nil {
		return done(Result{Status: Failed, Problem: fmt.Sprintf(msgBadCheck, err)})
	}
	if !step.Options.ObserveOnly {
		if before := checks.Evaluate(ctx, sp.target, compiled, checks.EvalOptions{}); checks.AllPassed(before) {
			return done(Result{Status: Failed, Problem: msgPassesBefore})
		}
	}
	if problem := r.apply(ctx, sp, step.Solutions); problem != "" {
		return done(Result{Status: Failed, Problem: problem})
	}
	settle := settleOf(step)
	after := checks.Evaluate(ctx, sp.target, compiled, checks.EvalOptions{Settle: settle})
	if !checks.AllPassed(after) {
		return done(Result{Status: Failed, Problem: fmt.Sprintf(msgFailsAfter, formatDuration(settle)), Failing: failing(after)})
	}
	return done(Result{Status: Passed})
}

// judgeWrong makes the dirty state, applies the steps before n and the
// wrong attempt, and judges the step as the ```wrong block says.
func (r *run) judgeWrong(ctx context.Context, sp *space, n int, w *lessons.WrongAttempt) Result {
	l := sp.lesson
	step := l.Steps[n-1]
	if reason := r.skipReason(l, step); reason != "" {
		return Result{Status: Skipped, Problem: reason}
	}
	if problem := r.apply(ctx, sp, solutions(w.Before)); problem != "" {
		return Result{Status: Failed, Problem: fmt.Sprintf(msgSetupFailed, problem)}
	}
	for _, earlier := range l.Steps[:n-1] {
		if r.skipReason(l, earlier) != "" { // a step the cluster cannot do is observeOnly: nothing later needs it
			continue
		}
		if problem := r.apply(ctx, sp, earlier.Solutions); problem != "" {
			return Result{Status: Failed, Problem: fmt.Sprintf(msgSetupFailed, problem)}
		}
	}
	if problem := r.apply(ctx, sp, solutions(w.Attempt)); problem != "" {
		return Result{Status: Failed, Problem: problem}
	}
	compiled, err := lessons.CompileChecks(step, r.registry.CompileList)
	if err != nil {
		return Result{Status: Failed, Problem: fmt.Sprintf(msgBadCheck, err)}
	}
	// Give the cluster time to act on the mistake, then judge.
	results := checks.Evaluate(ctx, sp.target, compiled, checks.EvalOptions{Settle: r.opts.WrongSettle})
	if problem := caught(results, w); problem != "" {
		return Result{Status: Failed, Problem: problem}
	}
	if w.Fix == nil && !w.Redo {
		return Result{Status: Passed}
	}
	shown := strings.Join(step.Hints, "\n")
	for _, res := range results {
		shown += "\n" + res.Hint
	}
	if w.Fix != nil {
		for _, line := range strings.Split(w.Fix.Text, "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.Contains(shown, line) {
				return Result{Status: Failed, Problem: fmt.Sprintf(msgFixNotInHints, line)}
			}
		}
	}
	if problem := r.apply(ctx, sp, solutions(w.Fix)); problem != "" {
		return Result{Status: Failed, Problem: problem}
	}
	if w.Redo {
		if problem := r.apply(ctx, sp, step.Solutions); problem != "" {
			return Result{Status: Failed, Problem: problem}
		}
	}
	after := checks.Evaluate(ctx, sp.target, compiled, checks.EvalOptions{Settle: settleOf(step)})
	if !checks.AllPassed(after) {
		return Result{Status: Failed, Problem: fmt.Sprintf(msgFailsAfterFix, strings.Join(failing(after), "; ")), Failing: failing(after)}
	}
	return Result{Status: Passed}
}

// caught says what is wrong with results for wrong attempt w, or "" when
// a criterion containing w.Fails failed with a hint containing w.Hint.
func caught(results []checks.Result, w *lessons.WrongAttempt) string {
	var matched []checks.Result
	for _, res := range results {
		if res.Status != checks.Passed && strings.Contains(strings.ToLower(res.Criterion), strings.ToLower(w.Fails)) {
			matched = append(matched, res)
		}
	}
	if len(matched) == 0 {
		return fmt.Sprintf(msgNoCriterion, w.Fails)
	}
	for _, res := range matched {
		if res.Status != checks.Failed {
			return fmt.Sprintf(msgNotFailedStatus, res.Criterion, res.Status)
		}
	}
	for _, res := range matched {
		if strings.Contains(res.Hint, w.Hint) {
			return ""
		}
	}
	return fmt.Sprintf(msgNoCriterionHint, matched[0].Criterion, w.Hint)
}

// solutions is s as a list: none when s is nil.
func solutions(s *lessons.Solution) []lessons.Solution {
	if s == nil {
		return nil
	}
	return []lessons.Solution{*s}
}

// failing lists the criteria of results that did not pass, with what
// was found.
func failing(results []checks.Result) []string {
	var out []string
	for _, res := range results {
		if res.Status == checks.Passed {
			continue
		}
		line := fmt.Sprintf("%s (%s)", res.Criterion, res.Status)
		if res.Found != "" {
			line += ": " + res.Found
		}
		out = append(out, line)
	}
	return out
}

// formatDuration writes a settle time as "10s" or "2m".
func formatDuration(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.Round(100 * time.Millisecond).String()
}
