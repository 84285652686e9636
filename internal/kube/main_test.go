package kube_test

import (
	"os"
	"testing"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// cluster is the practice cluster of this package's integration tests
// (nil under -short). It is test-only state, set once by TestMain.
var cluster *labtest.Cluster

func TestMain(m *testing.M) {
	os.Exit(labtest.Run(m, func(c *labtest.Cluster) { cluster = c }))
}
