// Package checks holds the checker functions that verify a learner's work
// by querying the Kubernetes API, and the registry that names them for the
// lessons. Each check answers with a structured, Norwegian verdict; it
// never imports the TUI.
//
// A lesson step's ```check block is a YAML list of checks. A Registry
// compiles it — strictly: unknown keys, missing or ill-typed values,
// quantities that do not parse and CEL that does not compile are
// SpecErrors at their line — into Checks. Evaluate runs a step's checks
// concurrently against a Target (clients, a RESTMapper and the learner's
// namespace), retrying while resources settle, and returns one Result per
// check: Passed or Failed for the learner's work, EnvError when the
// cluster could not be asked, Forbidden when RBAC denied the checker.
//
// The check types, their parameters and their verdicts are documented in
// README.md next to this file; Registry.Types describes them in Norwegian
// for help screens.
package checks
