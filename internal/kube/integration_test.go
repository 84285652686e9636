package kube_test

import (
	"strings"
	"testing"

	"github.com/kubekurs/kubekurs/internal/kube"
)

// TestIntegrationKindsMatchDiscovery checks every kind in the table
// against what the practice cluster's API server (Kubernetes v1.36)
// serves: the group, that the version is the group's preferred one, and
// the scope.
func TestIntegrationKindsMatchDiscovery(t *testing.T) {
	if cluster == nil {
		t.Skip("no practice cluster under -short")
	}
	groups, err := cluster.Client.Discovery().ServerGroups()
	if err != nil {
		t.Fatal(err)
	}
	preferred := map[string]string{} // group → preferred version
	for _, g := range groups.Groups {
		preferred[g.Name] = g.PreferredVersion.Version
	}
	for _, k := range kube.Kinds() {
		if v, ok := preferred[k.Group]; !ok {
			t.Errorf("%s: the server has no group %q", k.Name, k.Group)
			continue
		} else if v != k.Version {
			t.Errorf("%s: version %s, the server prefers %s", k.Name, k.Version, v)
		}
		gv := k.GroupVersionKind().GroupVersion().String()
		resources, err := cluster.Client.Discovery().ServerResourcesForGroupVersion(gv)
		if err != nil {
			t.Errorf("%s: %s: %v", k.Name, gv, err)
			continue
		}
		found := false
		for _, r := range resources.APIResources {
			if r.Kind == k.Name && r.Group == "" && r.Version == "" && !strings.Contains(r.Name, "/") {
				found = true
				if r.Namespaced != k.Namespaced {
					t.Errorf("%s: namespaced = %v, the server says %v", k.Name, k.Namespaced, r.Namespaced)
				}
			}
		}
		if !found {
			t.Errorf("%s: %s serves no such kind", k.Name, gv)
		}
	}
}
