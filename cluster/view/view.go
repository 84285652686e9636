// Package view holds the plain values the course's screen gets from a
// cluster: a description of it, the rows of the cluster panel, change
// notifications, a reset plan and a prepared course shell. It imports no
// client-go, so the TUI can use these types without depending on the
// code that fills them (cluster/live, cluster/shell).
package view

import "time"

// ClusterInfo describes the cluster in use.
type ClusterInfo struct {
	// Name is what the learner calls it, e.g. "øvingsclusteret" or a
	// kubeconfig context name.
	Name string
	// Kind is "lab", "kind" or "kubeconfig".
	Kind string
	// Server is the API server's URL.
	Server string
	// Version is the server's Kubernetes version, e.g. "v1.36.3".
	Version string
	// Namespace is the learner's Namespace.
	Namespace string
	// NodesReady and Nodes count the nodes; Nodes is -1 when the learner
	// may not list them.
	NodesReady, Nodes int
	// Connected is false when the API server does not answer.
	Connected bool
	// Missing maps each capability the cluster lacks (as lessons name
	// them in `requires`) to a Norwegian explanation with the fix.
	Missing map[string]string
	// Reason says why the course uses this cluster, when it chose it
	// itself (e.g. no Docker, so the practice cluster), in Norwegian.
	Reason string
	// Warnings are other problems with the cluster, in Norwegian with the
	// fix, e.g. permissions the learner lacks.
	Warnings []string
}

// Object is one row of the cluster panel.
type Object struct {
	// Kind is the object's kind, e.g. "Pod".
	Kind string
	// Name is the object's name.
	Name string
	// Status is a short Norwegian/Kubernetes status, e.g. "Running 1/1",
	// "3/3 klare", "ClusterIP 10.96.0.12".
	Status string
	// Healthy is false for objects in trouble (ImagePullBackOff, not
	// ready), which the panel shows as such.
	Healthy bool
}

// Change is one notification from Cluster.Changes.
type Change struct {
	// Connected is the connection state at the time of the change.
	Connected bool
	// At is when the change was seen.
	At time.Time
}

// ResetPlan is what resetting a lesson does to the cluster.
type ResetPlan struct {
	// LessonID is the lesson's id.
	LessonID string
	// Delete names the objects that go, e.g. "Pod kurs/nginx".
	Delete []string
	// Keep names the objects that stay, each with the reason.
	Keep []string
	// Handle is the Cluster's own record of the plan, for Reset.
	Handle any
}

// ShellCmd is a prepared course shell.
type ShellCmd struct {
	// Path and Args are the program to run (Args[0] is the program name).
	Path string
	Args []string
	// Env is the full environment for it.
	Env []string
	// Cleanup removes temporary files; call it after the shell exits.
	Cleanup func()
}
