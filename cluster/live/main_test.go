package live

import (
	"os"
	"testing"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// testCluster is the practice cluster TestMain starts (nil under -short).
var testCluster *labtest.Cluster

func TestMain(m *testing.M) {
	os.Exit(labtest.Run(m, func(c *labtest.Cluster) { testCluster = c }))
}
