package class

import corev1 "k8s.io/api/core/v1"

func corev1ResourceName(s string) corev1.ResourceName { return corev1.ResourceName(s) }

func quotaMilli(r resolved, name string) int64 {
	q := r.quota[corev1.ResourceName(name)]
	return q.MilliValue()
}
