package checks

import (
	"flag"
	"os"
	"testing"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// cluster is the practice cluster of this package's integration tests
// (nil under -short). It is test-only state, set once by TestMain.
var cluster *labtest.Cluster

func TestMain(m *testing.M) {
	flag.Parse()
	if fuzzing() {
		os.Exit(m.Run()) // the fuzz targets need no cluster, and every fuzz worker runs TestMain
	}
	os.Exit(labtest.Run(m, func(c *labtest.Cluster) { cluster = c }))
}

// fuzzing reports whether this process runs or serves a fuzz target.
func fuzzing() bool {
	for _, name := range []string{"test.fuzz", "test.fuzzworker"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" && f.Value.String() != "false" {
			return true
		}
	}
	return false
}
