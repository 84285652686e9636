package cluster

import (
	"testing"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// BenchmarkDetect measures a full preflight against the warm lab: every
// capability probe and the learner's permissions (13 requests). The
// client-side rate limiter is off: at client-go's usual QPS it, not the
// server, would set the pace of back-to-back runs.
func BenchmarkDetect(b *testing.B) {
	c := labtest.Require(b, testCluster)
	cfg := rest.CopyConfig(c.Config)
	cfg.QPS = -1
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	ns := labtest.Namespace(b, c.Client)
	for b.Loop() {
		if _, err := Detect(b.Context(), client, ns); err != nil {
			b.Fatal(err)
		}
	}
}
