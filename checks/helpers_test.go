package checks

import (
	"context"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// settle is how long integration tests let the lab catch up after a
// change: pods are Ready about 0.5s after scheduling.
const settle = 30 * time.Second

// labEnv is one integration test's view of the practice cluster: an admin
// client, a fresh namespace and a Target for it.
type labEnv struct {
	t      *testing.T
	client kubernetes.Interface
	ns     string
	target *Target
}

// newLab starts an integration test: it skips under -short, runs the test
// in parallel with the others and gives it its own namespace.
func newLab(t *testing.T) *labEnv {
	t.Helper()
	c := labtest.Require(t, cluster)
	t.Parallel()
	ns := labtest.Namespace(t, c.Client)
	target, err := NewTarget(c.Config, ns)
	if err != nil {
		t.Fatal(err)
	}
	return &labEnv{t: t, client: c.Client, ns: ns, target: target}
}

// compileOne compiles the YAML of one check (a mapping).
func compileOne(t testing.TB, src string) Check {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatalf("yaml: %v\n%s", err, src)
	}
	c, err := NewRegistry().Compile(&n)
	if err != nil {
		t.Fatalf("compile: %v\n%s", err, src)
	}
	return c
}

// run runs a check once.
func (l *labEnv) run(c Check) Result {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return c.Run(ctx, l.target)
}

// settled runs a check until it passes or settle runs out.
func (l *labEnv) settled(c Check) Result {
	l.t.Helper()
	return Evaluate(context.Background(), l.target, []Check{c}, EvalOptions{Settle: settle, Interval: 100 * time.Millisecond})[0]
}

// failThenPass is the standard integration case: the check fails as the
// cluster is, passes (within settle) after fix, and the two results are
// returned for closer assertions.
func (l *labEnv) failThenPass(src string, fix func()) (before, after Result) {
	l.t.Helper()
	c := compileOne(l.t, src)
	before = l.run(c)
	if before.Status != Failed {
		l.t.Fatalf("before the fix: status %v, want %v: %+v", before.Status, Failed, before)
	}
	fix()
	after = l.settled(c)
	if after.Status != Passed {
		l.t.Fatalf("after the fix: status %v, want %v: %+v", after.Status, Passed, after)
	}
	return before, after
}

// wantText fails the test unless got equals want.
func wantText(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// wantContains fails the test unless got contains every part.
func wantContains(t *testing.T, what, got string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Errorf("%s = %q, want it to contain %q", what, got, p)
		}
	}
}

func (l *labEnv) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	l.t.Cleanup(cancel)
	return ctx
}

func (l *labEnv) must(err error) {
	l.t.Helper()
	if err != nil {
		l.t.Fatal(err)
	}
}

// deployment is a Deployment with one nginx container named "web"
// (port 80 named http) and Pods labelled app=<name>.
func deployment(name, image string, replicas int32) *appsv1.Deployment {
	labels := map[string]string{"app": name}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{
					Name: "web", Image: image,
					Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 80}},
				}}},
			},
		},
	}
}

// pod is a single-container Pod.
func pod(name, image string, labels map[string]string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: name, Image: image}}},
	}
}

func (l *labEnv) createDeployment(d *appsv1.Deployment) {
	l.t.Helper()
	_, err := l.client.AppsV1().Deployments(l.ns).Create(l.ctx(), d, metav1.CreateOptions{})
	l.must(err)
}

func (l *labEnv) createPod(p *corev1.Pod) {
	l.t.Helper()
	_, err := l.client.CoreV1().Pods(l.ns).Create(l.ctx(), p, metav1.CreateOptions{})
	l.must(err)
}

// patchDeployment applies a strategic merge patch to a Deployment.
func (l *labEnv) patchDeployment(name, patch string) {
	l.t.Helper()
	_, err := l.client.AppsV1().Deployments(l.ns).Patch(l.ctx(), name, types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{})
	l.must(err)
}

// updateDeployment changes a Deployment with a function, retrying on
// conflicts with the controllers.
func (l *labEnv) updateDeployment(name string, change func(d *appsv1.Deployment)) {
	l.t.Helper()
	for {
		d, err := l.client.AppsV1().Deployments(l.ns).Get(l.ctx(), name, metav1.GetOptions{})
		l.must(err)
		change(d)
		_, err = l.client.AppsV1().Deployments(l.ns).Update(l.ctx(), d, metav1.UpdateOptions{})
		if !apierrors.IsConflict(err) {
			l.must(err)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stepChecks is a realistic lesson step about Deployment and Service
// "web" (3 replicas of nginx:1.27 behind port 80).
func stepChecks(t testing.TB) []Check {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(stepYAML), &n); err != nil {
		t.Fatal(err)
	}
	checks, err := NewRegistry().CompileList(&n)
	if err != nil {
		t.Fatal(err)
	}
	return checks
}

const stepYAML = `
- type: deploymentReady
  name: web
  replicas: 3
- type: service
  name: web
  ports: [{port: 80, targetPort: 80}]
  selector: {app: web}
- type: serviceEndpoints
  name: web
  ready: 3
- type: image
  kind: Deployment
  name: web
  image: nginx:1.27
- type: labels
  kind: Deployment
  name: web
  labels: {app: web}
`

// dynamic is the Target's dynamic client (admin rights).
func (l *labEnv) dynamic() dynamic.Interface { return l.target.Dynamic }
