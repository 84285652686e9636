package checks

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// scriptedCheck passes from round passAt on (never when 0) and answers
// status before; each run takes delay.
type scriptedCheck struct {
	name   string
	passAt int32
	status Status
	delay  time.Duration
	runs   atomic.Int32
}

func (c *scriptedCheck) Criterion() string { return c.name }

func (c *scriptedCheck) Weight() int { return 1 }

func (c *scriptedCheck) Access() []Access { return nil }

func (c *scriptedCheck) Run(ctx context.Context, _ *Target) Result {
	n := c.runs.Add(1)
	select {
	case <-time.After(c.delay):
	case <-ctx.Done():
		return Result{Criterion: c.name, Status: EnvError, Detail: msgCanceled}
	}
	if c.passAt > 0 && n >= c.passAt {
		return Result{Criterion: c.name, Status: Passed}
	}
	return Result{Criterion: c.name, Status: c.status}
}

func TestEvaluateOnceInOrder(t *testing.T) {
	checks := []Check{
		&scriptedCheck{name: "a", passAt: 1, delay: 30 * time.Millisecond},
		&scriptedCheck{name: "b", status: Failed, delay: 10 * time.Millisecond},
		&scriptedCheck{name: "c", status: EnvError},
	}
	start := time.Now()
	results := Evaluate(t.Context(), nil, checks, EvalOptions{})
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("one round took %s; are the checks run concurrently?", d)
	}
	for i, want := range []Status{Passed, Failed, EnvError} {
		if results[i].Criterion != checks[i].Criterion() || results[i].Status != want {
			t.Errorf("result %d = %+v, want %v", i, results[i], want)
		}
	}
	for _, c := range checks {
		if n := c.(*scriptedCheck).runs.Load(); n != 1 {
			t.Errorf("%s ran %d times, want once (Settle 0)", c.Criterion(), n)
		}
	}
}

func TestEvaluateSettles(t *testing.T) {
	slow := &scriptedCheck{name: "slow", passAt: 3, status: Failed}
	fast := &scriptedCheck{name: "fast", passAt: 1}
	results := Evaluate(t.Context(), nil, []Check{slow, fast}, EvalOptions{Settle: 5 * time.Second, Interval: 10 * time.Millisecond})
	if !AllPassed(results) {
		t.Fatalf("%+v", results)
	}
	if slow.runs.Load() != 3 || fast.runs.Load() != 3 {
		t.Errorf("runs %d and %d, want 3 rounds of all checks", slow.runs.Load(), fast.runs.Load())
	}
}

func TestEvaluateGivesUpAfterSettle(t *testing.T) {
	never := &scriptedCheck{name: "never", status: Failed}
	start := time.Now()
	results := Evaluate(t.Context(), nil, []Check{never}, EvalOptions{Settle: 300 * time.Millisecond, Interval: 50 * time.Millisecond})
	d := time.Since(start)
	if results[0].Status != Failed || d < 300*time.Millisecond || d > 2*time.Second {
		t.Errorf("status %v after %s", results[0].Status, d)
	}
	if n := never.runs.Load(); n < 5 || n > 8 {
		t.Errorf("%d rounds, want about 7", n)
	}
}

func TestEvaluateStopsAtForbidden(t *testing.T) {
	denied := &scriptedCheck{name: "denied", status: Forbidden}
	failing := &scriptedCheck{name: "failing", status: Failed}
	results := Evaluate(t.Context(), nil, []Check{failing, denied}, EvalOptions{Settle: 5 * time.Second, Interval: 10 * time.Millisecond})
	if results[1].Status != Forbidden || denied.runs.Load() != 1 {
		t.Errorf("%+v after %d rounds; want Forbidden after one", results, denied.runs.Load())
	}
}

func TestEvaluateCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	never := &scriptedCheck{name: "never", status: Failed}
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	results := Evaluate(ctx, nil, []Check{never}, EvalOptions{Settle: time.Minute, Interval: 30 * time.Millisecond})
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancelling took %s", d)
	}
	if results[0].Status != Failed {
		t.Errorf("%+v: want the last finished round", results[0])
	}
}

// TestReadCacheAnswersAGetOnce: with a ReadCache, a second GET of the
// same object is answered from memory, a NotFound included; without one,
// every GET asks.
func TestReadCacheAnswersAGetOnce(t *testing.T) {
	calls := 0
	get := func(context.Context) (string, error) {
		calls++
		return "web", nil
	}
	missing := func(context.Context) (string, error) {
		calls++
		return "", apierrors.NewNotFound(schema.GroupResource{Resource: "pods"}, "borte")
	}
	target := &Target{Reads: NewReadCache()}
	e := &env{t: target, ns: "kurs"}
	req := e.req("get", "pods", "", "web")
	for range 2 {
		if v, _, ok := fetch(t.Context(), e, req, get); !ok || v != "web" {
			t.Fatalf("fetch = %q, %v", v, ok)
		}
	}
	gone := e.req("get", "pods", "", "borte")
	gone.namespace = "" // no Namespace to ask about
	for range 2 {
		if _, v, ok := fetch(t.Context(), e, gone, missing); ok || !v.missing {
			t.Fatalf("missing: %+v, %v", v, ok)
		}
	}
	if calls != 2 {
		t.Errorf("%d calls with a ReadCache, want 2", calls)
	}
	target.Reads, calls = nil, 0
	for range 2 {
		fetch(t.Context(), e, req, get)
	}
	if calls != 2 {
		t.Errorf("%d calls without a ReadCache, want 2", calls)
	}
}
