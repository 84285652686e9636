package cluster

import (
	"os"
	"slices"
	"testing"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// testCluster is the practice cluster TestMain starts (nil under -short).
var testCluster *labtest.Cluster

func TestMain(m *testing.M) {
	os.Exit(labtest.Run(m, func(c *labtest.Cluster) { testCluster = c }))
}

func TestIntegrationDetectOnLab(t *testing.T) {
	c := labtest.Require(t, testCluster)
	caps, err := Detect(t.Context(), c.Client)
	if err != nil {
		t.Fatal(err)
	}
	want := Capabilities{
		RunningContainers:   false, // KWOK simulates the nodes
		MultipleNodes:       true,  // two workers
		DefaultStorageClass: false,
		IngressController:   false,
		Metrics:             false,
		LoadBalancer:        false,
	}
	for capability, w := range want {
		if caps[capability] != w {
			t.Errorf("%s = %v, want %v", capability, caps[capability], w)
		}
	}
	missing := caps.Missing([]string{"running-containers", "multiple-nodes", "metrics", "running-containers"})
	if !slices.Equal(missing, []Capability{RunningContainers, Metrics}) {
		t.Errorf("Missing = %v", missing)
	}
}

func TestExplainIsNorwegianForEveryCapability(t *testing.T) {
	for _, c := range []Capability{RunningContainers, IngressController, DefaultStorageClass, Metrics, LoadBalancer, MultipleNodes} {
		if msg := Explain(c); msg == "" || msg == "Clusteret mangler «"+string(c)+"»." {
			t.Errorf("no explanation for %s", c)
		}
	}
}
