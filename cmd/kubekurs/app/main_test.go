package app

import (
	"os"
	"testing"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// envRunAsKubekurs makes the test binary behave as the kubekurs binary, so
// that commands which start kubekurs again (the background lab, the
// built-in kubectl that runs lesson solutions) can be tested without
// building it first.
const envRunAsKubekurs = "KUBEKURS_TEST_RUN_AS_MAIN"

// testCluster is the practice cluster TestMain starts (nil under -short).
var testCluster *labtest.Cluster

func TestMain(m *testing.M) {
	if os.Getenv(envRunAsKubekurs) == "1" {
		Main()
		return
	}
	os.Exit(labtest.Run(m, func(c *labtest.Cluster) { testCluster = c }))
}
