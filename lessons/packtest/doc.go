// Package packtest proves a lesson pack on a real cluster, the engine of
// `kubekurs lessons test` and of the embedded course's content test.
//
// For every step, in a fresh Namespace of its own per lesson, it checks
// that the step's checks do not pass before its solution (unless the step
// is observeOnly), applies the solution with the built-in kubectl, and
// checks that they pass within the step's settle time. Then every
// ```wrong block of the step runs in a fresh Namespace: the dirty state
// it names, the solutions of the steps before, the wrong attempt, and the
// named criterion must fail with the named hint; when the block names a
// fix, the step must pass after it.
//
// A pack is untrusted: its commands never reach a shell, and each is
// checked against lessons.CheckCommand (manifests against
// lessons.CheckManifestScope) with the run's real Namespace before it
// runs. The run deletes only what it made: its Namespaces, which it
// creates and labels, and the cluster-scoped objects a lesson lists in
// creates, named after those Namespaces and labelled as the course's; it
// opens again the nodes a lesson cordoned.
package packtest
