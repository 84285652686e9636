package class

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/yaml"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/cluster/live"
	"github.com/kubekurs/kubekurs/cluster/view"
	"github.com/kubekurs/kubekurs/grade"
	"github.com/kubekurs/kubekurs/lessons"
)

// student is one student's view of the cluster, through the kubeconfig
// file as kubekurs loads it.
type student struct {
	target *cluster.Target
	client kubernetes.Interface
}

func loadStudent(t *testing.T, o Outcome) student {
	t.Helper()
	noEnv := func(string) string { return "" }
	target, err := cluster.FromKubeconfig(noEnv, cluster.KubeconfigFlags{Kubeconfig: o.Kubeconfig})
	if err != nil {
		t.Fatalf("load %s: %v", o.Kubeconfig, err)
	}
	if target.Namespace != o.Namespace {
		t.Errorf("%s: Namespace %q, want %q", o.Kubeconfig, target.Namespace, o.Namespace)
	}
	client, err := kubernetes.NewForConfig(target.Config)
	if err != nil {
		t.Fatal(err)
	}
	return student{target: target, client: client}
}

// TestIntegrationStudentKubeconfig: with its kubeconfig a student can do
// the course in its own Namespace — the course's own start-up, the
// permissions the lessons need, a lesson's solution and its checks,
// the progress ConfigMap — but cannot read or write another student's
// Namespace, nor list nodes.
func TestIntegrationStudentKubeconfig(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := t.Context()
	res := classRun(t, c, Options{Class: "tilgang", Prefix: "tg-", PrefixSet: true, OutDir: t.TempDir(), TokenTTL: time.Hour}, "Bjørn Ås", "Kari")
	bjorn, kari := loadStudent(t, res.Outcomes[0]), loadStudent(t, res.Outcomes[1])
	own, other := bjorn.target.Namespace, kari.target.Namespace

	// What the course does when it starts.
	if err := cluster.EnsureNamespace(ctx, bjorn.target); err != nil {
		t.Errorf("EnsureNamespace: %v", err)
	}
	if _, err := cluster.Detect(ctx, bjorn.client, own); err != nil {
		t.Errorf("Detect: %v", err)
	}
	denied := cluster.Denied(ctx, bjorn.client, own, cluster.LessonPermissions())
	want := []cluster.Permission{
		{Verb: "list", Resource: "nodes", ClusterWide: true},
		{Verb: "create", Resource: "namespaces", ClusterWide: true},
	}
	if !reflect.DeepEqual(denied, want) {
		t.Errorf("denied %v, want only the cluster-wide %v", denied, want)
	}
	// What the live view watches, and the rest of what a learner does.
	more := []cluster.Permission{
		{Verb: "watch", Group: "discovery.k8s.io", Resource: "endpointslices"},
		{Verb: "watch", Group: "networking.k8s.io", Resource: "ingresses"},
		{Verb: "create", Group: "networking.k8s.io", Resource: "ingresses"},
		{Verb: "watch", Group: "apps", Resource: "replicasets"},
		{Verb: "watch", Resource: "events"},
		{Verb: "update", Resource: "configmaps"},
		{Verb: "create", Resource: "persistentvolumeclaims"},
		{Verb: "create", Resource: "pods", Subresource: "portforward"},
		{Verb: "get", Resource: "namespaces"},
	}
	if denied := cluster.Denied(ctx, bjorn.client, own, more); len(denied) > 0 {
		t.Errorf("denied %v", denied)
	}
	if _, err := bjorn.client.CoreV1().Namespaces().Get(ctx, own, metav1.GetOptions{}); err != nil {
		t.Errorf("get own Namespace: %v", err)
	}
	if _, err := bjorn.client.CoreV1().Events(own).List(ctx, metav1.ListOptions{}); err != nil {
		t.Errorf("list own events: %v", err)
	}
	if _, err := bjorn.client.CoreV1().ResourceQuotas(own).Get(ctx, QuotaName, metav1.GetOptions{}); err != nil {
		t.Errorf("read own quota: %v", err)
	}

	// The progress mirror's ConfigMap: create and update.
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "kubekurs-progress"}, Data: map[string]string{"L01": "1"}}
	cm, err := bjorn.client.CoreV1().ConfigMaps(own).Create(ctx, cm, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create progress ConfigMap: %v", err)
	}
	cm.Data["L02"] = "1"
	if _, err := bjorn.client.CoreV1().ConfigMaps(own).Update(ctx, cm, metav1.UpdateOptions{}); err != nil {
		t.Errorf("update progress ConfigMap: %v", err)
	}

	// L04's first step, solved and checked as `kubekurs check` does:
	// Pods without resources are admitted under the quota.
	solveAndCheckL04(t, bjorn)
	pods, err := bjorn.client.CoreV1().Pods(own).List(ctx, metav1.ListOptions{LabelSelector: "app=web"})
	if err != nil || len(pods.Items) != 3 {
		t.Fatalf("pods: %v %v", pods, err)
	}
	if limits := pods.Items[0].Spec.Containers[0].Resources.Limits; limits.Cpu().String() != "200m" || limits.Memory().String() != "128Mi" {
		t.Errorf("container limits %v, want the LimitRange's defaults", limits)
	}
	// The course's live view: connected, nodes hidden, no warning about
	// the student's own Namespace, and the objects in it.
	lc, err := live.New(bjorn.target)
	if err != nil {
		t.Fatal(err)
	}
	info := lc.Info(ctx)
	if !info.Connected || info.Nodes != -1 || info.Namespace != own || len(info.Warnings) != 1 || strings.Contains(info.Warnings[0], "Du mangler rettigheter i Namespacet") {
		t.Errorf("live view info %+v", info)
	}
	objects, err := lc.Objects(ctx)
	if err != nil || !slices.ContainsFunc(objects, func(o view.Object) bool { return o.Kind == "Deployment" && o.Name == "web" }) {
		t.Errorf("live view objects %+v: %v", objects, err)
	}

	// The quota is counted.
	deadline := time.Now().Add(20 * time.Second)
	for {
		q, err := c.Client.CoreV1().ResourceQuotas(own).Get(ctx, QuotaName, metav1.GetOptions{})
		if err == nil && q.Status.Used.Pods().Value() == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("quota use never counted 3 Pods: %+v %v", q.Status, err)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// Another student's Namespace, and the nodes: forbidden.
	forbidden := map[string]error{}
	_, forbidden["get the other's Namespace"] = bjorn.client.CoreV1().Namespaces().Get(ctx, other, metav1.GetOptions{})
	_, forbidden["list the other's Pods"] = bjorn.client.CoreV1().Pods(other).List(ctx, metav1.ListOptions{})
	_, forbidden["get the other's ConfigMap"] = bjorn.client.CoreV1().ConfigMaps(other).Get(ctx, "kube-root-ca.crt", metav1.GetOptions{})
	_, forbidden["create in the other's Namespace"] = bjorn.client.CoreV1().ConfigMaps(other).Create(ctx,
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "inntrenger"}}, metav1.CreateOptions{})
	forbidden["delete the other's quota"] = bjorn.client.CoreV1().ResourceQuotas(other).Delete(ctx, QuotaName, metav1.DeleteOptions{})
	_, forbidden["list nodes"] = bjorn.client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	_, forbidden["list Namespaces"] = bjorn.client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	forbidden["change own quota"] = bjorn.client.CoreV1().ResourceQuotas(own).Delete(ctx, QuotaName, metav1.DeleteOptions{})
	_, forbidden["bind a role in own Namespace"] = bjorn.client.RbacV1().RoleBindings(own).Create(ctx, roleBindingObject("x", other), metav1.CreateOptions{})
	for what, err := range forbidden {
		if !apierrors.IsForbidden(err) {
			t.Errorf("%s: %v, want Forbidden", what, err)
		}
	}
	if _, err := kari.client.CoreV1().Pods(own).List(ctx, metav1.ListOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("the other student lists Bjørn's Pods: %v", err)
	}
}

// solveAndCheckL04 applies L04 step 1's solution (a Deployment of 3
// Pods without resources) as the student and grades the step.
func solveAndCheckL04(t *testing.T, s student) {
	t.Helper()
	ctx := t.Context()
	course, err := lessons.Load(lessons.Embedded(), "lessons/course", lessons.Vars{Namespace: s.target.Namespace})
	if err != nil {
		t.Fatal(err)
	}
	lesson := course.Find("L04")
	if lesson == nil {
		t.Fatal("no lesson L04")
	}
	step := lesson.Steps[0]
	var deploy appsv1.Deployment
	for _, sol := range step.Solutions {
		if sol.Kind == lessons.SolutionManifest {
			if err := yaml.UnmarshalStrict([]byte(sol.Text), &deploy); err != nil {
				t.Fatal(err)
			}
		}
	}
	if deploy.Name != "web" || len(deploy.Spec.Template.Spec.Containers[0].Resources.Limits) != 0 {
		t.Fatalf("L04 step 1's solution is not the Deployment web without resources: %+v", deploy)
	}
	if _, err := s.client.AppsV1().Deployments(s.target.Namespace).Create(ctx, &deploy, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create Deployment as the student: %v", err)
	}
	report, err := grade.Run(ctx, s.target, lesson, lesson.Steps[:1], grade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !report.Passed {
		t.Errorf("L04 step 1 does not pass with the student's kubeconfig: %+v", report)
	}
}
