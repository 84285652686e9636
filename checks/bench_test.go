package checks

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// benchStep prepares the step of stepChecks in a fresh namespace: a
// Deployment and a Service "web" that are fully ready.
func benchStep(b *testing.B) (*labtest.Cluster, string, *Target, []Check) {
	b.Helper()
	c := labtest.Require(b, cluster)
	ns := labtest.Namespace(b, c.Client)
	ctx := context.Background()
	if _, err := c.Client.AppsV1().Deployments(ns).Create(ctx, deployment("web", "nginx:1.27", 3), metav1.CreateOptions{}); err != nil {
		b.Fatal(err)
	}
	if _, err := c.Client.CoreV1().Services(ns).Create(ctx, service("web", "web"), metav1.CreateOptions{}); err != nil {
		b.Fatal(err)
	}
	// Without a client-side rate limit: a benchmark's back-to-back rounds
	// would otherwise measure NewTarget's 50 requests per second, not
	// the checks (a step retried every 250ms stays well under it).
	cfg := rest.CopyConfig(c.Config)
	cfg.QPS = -1
	target, err := NewTarget(cfg, ns)
	if err != nil {
		b.Fatal(err)
	}
	checks := stepChecks(b)
	if r := Evaluate(ctx, target, checks, EvalOptions{Settle: settle}); !AllPassed(r) {
		b.Fatalf("the step does not pass: %+v", r)
	}
	return c, ns, target, checks
}

// BenchmarkEvaluateStep evaluates a realistic step of five checks
// (deploymentReady, service, serviceEndpoints, image, labels) against the
// practice cluster, warm: one op is one round of all five.
func BenchmarkEvaluateStep(b *testing.B) {
	_, _, target, checks := benchStep(b)
	ctx := context.Background()
	for b.Loop() {
		if r := Evaluate(ctx, target, checks, EvalOptions{}); !AllPassed(r) {
			b.Fatalf("%+v", r)
		}
	}
}

// kubectlScript computes the verdict of stepChecks the way a shell script
// would: one `kubectl get … -o jsonpath` per criterion, compared in bash.
// (It does not normalize images or classify errors.)
const kubectlScript = `set -u
k() { kubectl --kubeconfig "$KUBECONFIG_FILE" -n "$NS" "$@"; }
ok=0
read -r gen obs spec ready avail upd total cond <<<"$(k get deployment web -o jsonpath='{.metadata.generation} {.status.observedGeneration} {.spec.replicas} {.status.readyReplicas} {.status.availableReplicas} {.status.updatedReplicas} {.status.replicas} {.status.conditions[?(@.type=="Available")].status}')"
[[ $obs -ge $gen && $spec == 3 && $ready == 3 && $avail == 3 && $upd == 3 && $total == 3 && $cond == True ]] || { echo "deploymentReady: ikke bestått"; ok=1; }
[[ "$(k get service web -o jsonpath='{.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.selector}')" == '80 80 {"app":"web"}' ]] || { echo "service: ikke bestått"; ok=1; }
n=$(k get endpointslices -l kubernetes.io/service-name=web -o jsonpath='{range .items[*].endpoints[*]}{.conditions.ready}{"\n"}{end}' | grep -c true)
[[ $n == 3 ]] || { echo "serviceEndpoints: ikke bestått ($n)"; ok=1; }
[[ "$(k get deployment web -o jsonpath='{.spec.template.spec.containers[0].image}')" == nginx:1.27 ]] || { echo "image: ikke bestått"; ok=1; }
[[ "$(k get deployment web -o jsonpath='{.metadata.labels.app}')" == web ]] || { echo "labels: ikke bestått"; ok=1; }
exit $ok
`

// BenchmarkKubectlScriptEquivalent reaches the same verdict as
// BenchmarkEvaluateStep with kubectl from PATH, for comparison.
func BenchmarkKubectlScriptEquivalent(b *testing.B) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		b.Skip("kubectl is not on PATH")
	}
	c, ns, _, _ := benchStep(b)
	kubeconfig := filepath.Join(b.TempDir(), "kubeconfig")
	if err := os.WriteFile(kubeconfig, c.Kubeconfig, 0o600); err != nil {
		b.Fatal(err)
	}
	env := append(os.Environ(), "KUBECONFIG_FILE="+kubeconfig, "NS="+ns)
	run := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "bash", "-c", kubectlScript)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Logf("kubectl (%s) script output:\n%s", kubectl, out)
		}
		return err
	}
	if err := run(); err != nil { // warm up kubectl's discovery cache
		b.Fatalf("the script does not pass: %v", err)
	}
	for b.Loop() {
		if err := run(); err != nil {
			b.Fatal(err)
		}
	}
}
