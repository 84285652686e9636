// Package checks holds the checker functions that verify a learner's work
// by querying the Kubernetes API, and the registry that names them for the
// lessons. Each check answers with a structured, Norwegian verdict; it
// never imports the TUI.
package checks
