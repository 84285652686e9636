package cluster

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestMultipleNodesWhileAWorkerIsCordoned: a drained (cordoned) worker
// still counts for multiple-nodes, so the step that uncordons it is not
// skipped; a control-plane taint keeps a node out.
func TestMultipleNodesWhileAWorkerIsCordoned(t *testing.T) {
	ready := corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}}
	node := func(name string, unschedulable bool, taints ...corev1.Taint) corev1.Node {
		return corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: corev1.NodeSpec{Unschedulable: unschedulable, Taints: taints}, Status: ready}
	}
	controlPlane := node("cp", false, corev1.Taint{Key: "node-role.kubernetes.io/control-plane", Effect: corev1.TaintEffectNoSchedule})
	cordoned := node("w1", true, corev1.Taint{Key: corev1.TaintNodeUnschedulable, Effect: corev1.TaintEffectNoSchedule})
	tests := []struct {
		name  string
		nodes []corev1.Node
		want  State
	}{
		{"two workers", []corev1.Node{controlPlane, node("w1", false), node("w2", false)}, Present},
		{"one worker cordoned", []corev1.Node{controlPlane, cordoned, node("w2", false)}, Present},
		{"one worker", []corev1.Node{controlPlane, node("w2", false)}, Absent},
	}
	for _, tc := range tests {
		r := &Report{Findings: map[Capability]Finding{}}
		detectNodes(&corev1.NodeList{Items: tc.nodes}, nil, r)
		if got := r.Findings[MultipleNodes].State; got != tc.want {
			t.Errorf("%s: multiple-nodes %v, want %v (%s)", tc.name, got, tc.want, r.Findings[MultipleNodes].Detail)
		}
	}
}
