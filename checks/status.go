package checks

import "fmt"

// Status is a check's verdict.
type Status int

const (
	// Passed means the learner's work is right.
	Passed Status = iota
	// Failed means the learner's work is not right (yet).
	Failed
	// EnvError means the check could not look: the cluster is unreachable,
	// a call timed out or the server failed. It is never the learner's
	// fault.
	EnvError
	// Forbidden means RBAC denied the checker a call it needs; the
	// result's Detail names the verb and the resource.
	Forbidden
	// Skipped means the cluster lacks a capability the check needs. Checks
	// never set it themselves; callers do.
	Skipped
)

// statusNames are the Norwegian words shown to the learner and the
// stable machine names used in JSON, in Status order.
var statusNames = [...]struct{ text, machine string }{
	Passed:    {statusPassed, "passed"},
	Failed:    {statusFailed, "failed"},
	EnvError:  {statusEnvError, "env-error"},
	Forbidden: {statusForbidden, "forbidden"},
	Skipped:   {statusSkipped, "skipped"},
}

// String returns the Norwegian word for the status ("bestått", "ikke
// bestått", "miljøfeil", "mangler tilgang", "hoppet over").
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s].text
}

// MarshalText gives the status's stable machine name for JSON and other
// reports: "passed", "failed", "env-error", "forbidden" or "skipped".
func (s Status) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(statusNames) {
		return nil, fmt.Errorf("checks: unknown status %d", int(s))
	}
	return []byte(statusNames[s].machine), nil
}

// UnmarshalText reads a machine name written by MarshalText.
func (s *Status) UnmarshalText(text []byte) error {
	for i, n := range statusNames {
		if n.machine == string(text) {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("checks: unknown status %q", text)
}

// Result is one check's verdict with the texts the learner sees.
type Result struct {
	// Criterion is what was checked, in Norwegian, e.g. "Deploymenten
	// «web» har 3 klare replikaer".
	Criterion string `json:"criterion"`
	// Status is the verdict.
	Status Status `json:"status"`
	// Expected is what the check wants, e.g. "3 klare replikaer".
	Expected string `json:"expected,omitempty"`
	// Found is what the check saw, e.g. "1 av 3 klare". It never holds a
	// Secret's value.
	Found string `json:"found,omitempty"`
	// Hint is the check's hint from the lesson, shown when it did not pass.
	Hint string `json:"hint,omitempty"`
	// Detail says, for EnvError and Forbidden, what went wrong, in
	// Norwegian.
	Detail string `json:"detail,omitempty"`
	// unreachable marks an EnvError because the API server could not be
	// reached at all (see IsUnreachable).
	unreachable bool
	// missing marks a failure because an object the check looks for does
	// not exist (see Missing).
	missing bool
}

// Missing reports whether the result failed because an object the check
// looks for, or its Namespace, does not exist: a sign that the learner
// has not started on it, as opposed to having made it wrong.
func (r Result) Missing() bool { return r.Status == Failed && r.missing }

// AnyUnreachable reports whether some result is an EnvError because the
// API server could not be reached at all (see IsUnreachable).
func AnyUnreachable(results []Result) bool {
	for _, r := range results {
		if r.unreachable {
			return true
		}
	}
	return false
}

// AllPassed reports whether every result passed. It is true for no
// results.
func AllPassed(results []Result) bool {
	for _, r := range results {
		if r.Status != Passed {
			return false
		}
	}
	return true
}

// Summary counts the results by status. Skipped results are in none of
// the counts.
func Summary(results []Result) (passed, failed, env, forbidden int) {
	for _, r := range results {
		switch r.Status {
		case Passed:
			passed++
		case Failed:
			failed++
		case EnvError:
			env++
		case Forbidden:
			forbidden++
		}
	}
	return passed, failed, env, forbidden
}
