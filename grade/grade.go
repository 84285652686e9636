// Package grade judges a learner's work on a lesson: each step is
// skipped when the cluster lacks what it needs, else its checks run
// against the cluster, and the results make one report — what `kubekurs
// check` prints, as text or JSON.
package grade

import (
	"context"
	"fmt"
	"slices"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/lessons"
)

// detectTimeout bounds how long Run asks the cluster what it can do.
const detectTimeout = 3 * time.Second

// msgUnreachable is why a step after one whose API server could not be
// reached is not checked; %d is that step's number.
const msgUnreachable = "API-serveren kan ikke nås (se steg %d)"

// Step is one step's verdict.
type Step struct {
	// Lesson is the lesson's id.
	Lesson string `json:"lesson"`
	// Step is the step's number, 1 for the first.
	Step int `json:"step"`
	// Title is the step's title.
	Title string `json:"title"`
	// Skipped says in Norwegian why the step was not checked: the
	// cluster lacks a capability it needs, or the API server could not
	// be reached in an earlier step. Empty when it was checked.
	Skipped string `json:"skipped,omitempty"`
	// Results are the criteria's results, in the step's order.
	Results []checks.Result `json:"results"`
}

// Report is the verdict on some steps of a lesson, on one cluster.
type Report struct {
	// Cluster describes the cluster, in Norwegian (Target.Description).
	Cluster string `json:"cluster"`
	// Namespace is the learner's Namespace.
	Namespace string `json:"namespace"`
	// Passed is true when every checked criterion passed.
	Passed bool `json:"passed"`
	// Steps are the steps, in order.
	Steps []Step `json:"steps"`
}

// Options are the settings for Run.
type Options struct {
	// First is the number of the first step given to Run; 0 means 1.
	First int
	// Settle, when SettleSet, replaces each step's own time to keep
	// re-running checks that do not pass yet.
	Settle    time.Duration
	SettleSet bool
}

// Run checks steps of lesson against the cluster t names. What the
// cluster can do is asked first; a step that needs something it lacks
// is skipped, and when that cannot be found out every step runs and its
// checks report. When a step finds the API server unreachable
// (checks.AnyUnreachable), the steps after it are skipped rather than
// each tried in turn. A check that does not compile means a broken lesson:
// the error is a *cluster.ExplainedError.
func Run(ctx context.Context, t *cluster.Target, lesson *lessons.Lesson, steps []*lessons.Step, opts Options) (Report, error) {
	first := max(opts.First, 1)
	target, err := checks.NewTarget(t.Config, t.Namespace)
	if err != nil {
		return Report{}, fmt.Errorf("connect to cluster: %w", err)
	}
	caps := capabilities(ctx, t)
	registry := checks.NewRegistry()
	report := Report{Cluster: t.Description, Namespace: t.Namespace, Passed: true}
	unreachableAt := 0 // the step that found the API server unreachable
	for i, step := range steps {
		sr := Step{Lesson: lesson.ID, Step: first + i, Title: step.Title}
		if unreachableAt != 0 {
			sr.Skipped = fmt.Sprintf(msgUnreachable, unreachableAt)
			report.Steps = append(report.Steps, sr)
			continue
		}
		if caps != nil {
			if missing := caps.Missing(append(slices.Clone(lesson.Requires), step.Options.Requires...)); len(missing) > 0 {
				sr.Skipped = cluster.Explain(missing[0])
				report.Steps = append(report.Steps, sr)
				continue
			}
		}
		compiled, err := lessons.CompileChecks(step, registry.CompileList)
		if err != nil {
			return Report{}, &cluster.ExplainedError{Err: err,
				Message: fmt.Sprintf("Leksjonen %s har en ugyldig sjekk i steg %d: %v", lesson.ID, first+i, err)}
		}
		settle := step.Options.Settle
		if opts.SettleSet {
			settle = opts.Settle
		}
		sr.Results = checks.Evaluate(ctx, target, compiled, checks.EvalOptions{Settle: settle})
		report.Passed = report.Passed && checks.AllPassed(sr.Results)
		if checks.AnyUnreachable(sr.Results) {
			unreachableAt = sr.Step
		}
		report.Steps = append(report.Steps, sr)
	}
	return report, nil
}

// capabilities is what the cluster can do, or nil when that could not be
// found out within detectTimeout. The client's own timeout bounds the
// discovery request, which takes no context.
func capabilities(ctx context.Context, t *cluster.Target) *cluster.Report {
	cfg := rest.CopyConfig(t.Config)
	if cfg.Timeout == 0 || cfg.Timeout > detectTimeout {
		cfg.Timeout = detectTimeout
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, detectTimeout)
	defer cancel()
	report, err := cluster.Detect(ctx, client, "")
	if err != nil {
		return nil
	}
	return report
}
