// Package kube holds what kubekurs knows about Kubernetes' built-in API
// objects and that several of its packages must agree on: which kinds
// lessons and checks may name without an apiVersion (with their group,
// version and scope), and when a Node counts as Ready. Those packages —
// lessons, checks, cluster and cluster/lab — may not all import each
// other, so they read these facts here.
package kube
