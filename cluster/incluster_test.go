package cluster

import "testing"

// TestInClusterOutsideAPod: without KUBERNETES_SERVICE_HOST there is no
// in-cluster configuration, and nothing is read.
func TestInClusterOutsideAPod(t *testing.T) {
	target, ok, err := InCluster(func(string) string { return "" })
	if target != nil || ok || err != nil {
		t.Errorf("InCluster = %v, %v, %v; want nothing outside a Pod", target, ok, err)
	}
}

// TestInClusterWithoutAToken: in what claims to be a Pod but has no
// ServiceAccount token, the error says so rather than falling back.
func TestInClusterWithoutAToken(t *testing.T) {
	t.Setenv("KUBERNETES_SERVICE_HOST", "127.0.0.1")
	t.Setenv("KUBERNETES_SERVICE_PORT", "1")
	env := map[string]string{"KUBERNETES_SERVICE_HOST": "127.0.0.1"}
	target, ok, err := InCluster(func(k string) string { return env[k] })
	if target != nil || !ok || err == nil {
		t.Errorf("InCluster = %v, %v, %v; want an error", target, ok, err)
	}
}
