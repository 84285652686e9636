package kube

import (
	"slices"
	"testing"

	"k8s.io/client-go/kubernetes/scheme"
)

func TestKindsHasEveryNeededKindOnce(t *testing.T) {
	// needed are the kinds the lessons use or will use.
	needed := []string{
		"Pod", "Service", "ConfigMap", "Secret", "ServiceAccount", "PersistentVolumeClaim",
		"LimitRange", "ResourceQuota", "Namespace", "Node", "PersistentVolume",
		"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob",
		"HorizontalPodAutoscaler", "Ingress", "IngressClass", "NetworkPolicy", "EndpointSlice",
		"StorageClass", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding",
		"PriorityClass", "CustomResourceDefinition",
	}
	var names []string
	for _, k := range Kinds() {
		if slices.Contains(names, k.Name) {
			t.Errorf("%s listed twice", k.Name)
		}
		names = append(names, k.Name)
	}
	for _, n := range needed {
		if !slices.Contains(names, n) {
			t.Errorf("%s missing", n)
		}
	}
}

// TestKindsAreClientGoTypes checks group, version and kind against the
// typed API of client-go (k8s.io/api v0.36). CustomResourceDefinition is
// not in that scheme; TestIntegrationKindsMatchDiscovery checks it.
func TestKindsAreClientGoTypes(t *testing.T) {
	for _, k := range Kinds() {
		if k.Name == "CustomResourceDefinition" {
			continue
		}
		if gvk := k.GroupVersionKind(); !scheme.Scheme.Recognizes(gvk) {
			t.Errorf("%s: client-go does not know %v", k.Name, gvk)
		}
	}
}

func TestClusterScopedKinds(t *testing.T) {
	want := []string{"Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole",
		"ClusterRoleBinding", "IngressClass", "PriorityClass", "CustomResourceDefinition"}
	var got []string
	for _, k := range Kinds() {
		if !k.Namespaced {
			got = append(got, k.Name)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("cluster-scoped kinds = %v, want %v", got, want)
	}
}

func TestLookupKind(t *testing.T) {
	tests := []struct {
		name       string
		found      bool
		group      string
		namespaced bool
	}{
		{"Pod", true, "", true},
		{"Deployment", true, "apps", true},
		{"ClusterRole", true, "rbac.authorization.k8s.io", false},
		{"PriorityClass", true, "scheduling.k8s.io", false},
		{"deployment", false, "", false}, // exact spelling only
		{"Widget", false, "", false},
		{"", false, "", false},
	}
	for _, tt := range tests {
		k, ok := LookupKind(tt.name)
		if ok != tt.found || k.Group != tt.group || k.Namespaced != tt.namespaced {
			t.Errorf("LookupKind(%q) = %+v, %v; want group %q, namespaced %v, found %v",
				tt.name, k, ok, tt.group, tt.namespaced, tt.found)
		}
	}
}

func TestKindsIsACopy(t *testing.T) {
	Kinds()[0].Name = "Changed"
	if _, ok := LookupKind("Changed"); ok {
		t.Error("changing what Kinds returned changed the table")
	}
}
