package kube

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestNodeReady(t *testing.T) {
	cond := func(typ corev1.NodeConditionType, status corev1.ConditionStatus) corev1.NodeCondition {
		return corev1.NodeCondition{Type: typ, Status: status}
	}
	tests := []struct {
		name       string
		conditions []corev1.NodeCondition
		want       bool
	}{
		{"ready", []corev1.NodeCondition{cond(corev1.NodeReady, corev1.ConditionTrue)}, true},
		{"not ready", []corev1.NodeCondition{cond(corev1.NodeReady, corev1.ConditionFalse)}, false},
		{"unknown", []corev1.NodeCondition{cond(corev1.NodeReady, corev1.ConditionUnknown)}, false},
		{"no conditions", nil, false},
		{"only other conditions", []corev1.NodeCondition{cond(corev1.NodeMemoryPressure, corev1.ConditionTrue)}, false},
		{"ready among others", []corev1.NodeCondition{
			cond(corev1.NodeDiskPressure, corev1.ConditionFalse), cond(corev1.NodeReady, corev1.ConditionTrue)}, true},
	}
	for _, tt := range tests {
		n := &corev1.Node{Status: corev1.NodeStatus{Conditions: tt.conditions}}
		if got := NodeReady(n); got != tt.want {
			t.Errorf("%s: NodeReady = %v, want %v", tt.name, got, tt.want)
		}
	}
}
