package class

import (
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/grade"
)

// The label and annotation grading finds a class's students by; package
// grade owns them.
const (
	// ClassLabel carries the class's name on every object of a class.
	ClassLabel = grade.ClassLabel
	// StudentNameAnnotation carries the student's name, as the class list
	// gave it, on the student's Namespace.
	StudentNameAnnotation = grade.StudentNameAnnotation
)

// Names of the objects in each student's Namespace.
const (
	// ServiceAccountName is the student's ServiceAccount, whose tokens
	// the student's kubeconfig carries.
	ServiceAccountName = "kubekurs-elev"
	// RoleBindingName binds the ServiceAccount to the ClusterRole
	// EditClusterRole in the Namespace.
	RoleBindingName = "kubekurs-elev-edit"
	// EditClusterRole is Kubernetes' built-in role for read and write
	// access to most objects in a Namespace, RBAC and quotas excepted.
	EditClusterRole = "edit"
	// QuotaName is the student's ResourceQuota.
	QuotaName = "kubekurs-kvote"
	// LimitRangeName is the student's LimitRange.
	LimitRangeName = "kubekurs-standard"
)

// Selector selects the Namespaces of class.
func Selector(class string) string {
	return cluster.ManagedByLabel + "=" + cluster.ManagedBy + "," + ClassLabel + "=" + class
}

// labels are the labels of every object of class.
func labels(class string) map[string]string {
	return map[string]string{cluster.ManagedByLabel: cluster.ManagedBy, ClassLabel: class}
}

// isMember reports whether ns was made for class.
func isMember(ns *corev1.Namespace, class string) bool {
	return ns.Labels[cluster.ManagedByLabel] == cluster.ManagedBy && ns.Labels[ClassLabel] == class
}

func namespaceObject(class string, a Assignment) *corev1.Namespace {
	return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:        a.Namespace,
		Labels:      labels(class),
		Annotations: map[string]string{StudentNameAnnotation: a.Name},
	}}
}

func serviceAccountObject(class string) *corev1.ServiceAccount {
	return &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: ServiceAccountName, Labels: labels(class)}}
}

func roleBindingObject(class, namespace string) *rbacv1.RoleBinding {
	return &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: RoleBindingName, Labels: labels(class)},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: EditClusterRole},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: ServiceAccountName, Namespace: namespace}},
	}
}

func quotaObject(class string, r resolved) *corev1.ResourceQuota {
	return &corev1.ResourceQuota{
		ObjectMeta: metav1.ObjectMeta{Name: QuotaName, Labels: labels(class)},
		Spec:       corev1.ResourceQuotaSpec{Hard: r.quota.DeepCopy()},
	}
}

func limitRangeObject(class string, r resolved) *corev1.LimitRange {
	return &corev1.LimitRange{
		ObjectMeta: metav1.ObjectMeta{Name: LimitRangeName, Labels: labels(class)},
		Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
			Type:           corev1.LimitTypeContainer,
			Default:        r.defaultLimits.DeepCopy(),
			DefaultRequest: r.defaultRequests.DeepCopy(),
		}}},
	}
}
