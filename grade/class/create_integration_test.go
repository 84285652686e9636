package class

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// TestIntegrationCreateIsIdempotent: three students (one with «ø» and a
// space) get everything; a second run changes nothing; a fourth name
// adds only that student; --renew-tokens renews every file.
func TestIntegrationCreateIsIdempotent(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := t.Context()
	dir := t.TempDir() + "/ut"
	opts := Options{Class: "idem", Prefix: "idem-", PrefixSet: true, OutDir: dir, TokenTTL: time.Hour}
	start := time.Now()
	res := classRun(t, c, opts, "Bjørn Ås", "Kari Nordmann", "Ola")
	want := map[string]Status{"idem-bjorn-as": Created, "idem-kari-nordmann": Created, "idem-ola": Created}
	if got := statuses(res); !reflect.DeepEqual(got, want) || len(res.Warnings) > 0 {
		t.Fatalf("first run: %v, want %v (warnings %v)", got, want, res.Warnings)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("out dir: %v %v", info.Mode(), err)
	}
	files := map[string][]byte{}
	for _, o := range res.Outcomes {
		if o.Expires.Before(start.Add(time.Hour-time.Minute)) || o.Expires.After(start.Add(time.Hour+time.Minute)) {
			t.Errorf("%s: token expires %s, want in an hour", o.Namespace, o.Expires)
		}
		info, err := os.Stat(o.Kubeconfig)
		if err != nil || info.Mode().Perm() != 0o600 || o.Kubeconfig != KubeconfigPath(dir, o.Namespace) {
			t.Errorf("%s: kubeconfig %s: %v %v", o.Namespace, o.Kubeconfig, info, err)
			continue
		}
		files[o.Namespace], _ = os.ReadFile(o.Kubeconfig)
		checkStudentObjects(t, c, o)
	}

	res = classRun(t, c, opts, "Bjørn Ås", "Kari Nordmann", "Ola")
	for _, o := range res.Outcomes {
		now, _ := os.ReadFile(o.Kubeconfig)
		if o.Status != Existing || o.Detail != "" || !bytes.Equal(now, files[o.Namespace]) || o.Expires.IsZero() {
			t.Errorf("second run: %+v (file changed: %v)", o, !bytes.Equal(now, files[o.Namespace]))
		}
	}

	res = classRun(t, c, opts, "Bjørn Ås", "Kari Nordmann", "Ola", "Åse Øvrebø")
	want["idem-ase-ovrebo"], want["idem-bjorn-as"], want["idem-kari-nordmann"], want["idem-ola"] = Created, Existing, Existing, Existing
	if got := statuses(res); !reflect.DeepEqual(got, want) {
		t.Errorf("fourth student: %v, want %v", got, want)
	}

	res = classRun(t, c, Options{Class: "idem", Prefix: "idem-", PrefixSet: true, OutDir: dir, TokenTTL: time.Hour, RenewTokens: true}, "Ola")
	if len(res.Outcomes) != 1 || res.Outcomes[0].Status != Renewed {
		t.Fatalf("renew: %+v", res.Outcomes)
	}
	if now, _ := os.ReadFile(res.Outcomes[0].Kubeconfig); bytes.Equal(now, files["idem-ola"]) {
		t.Error("renewing left the kubeconfig as it was")
	}

	// A missing object is added to an existing student, and nothing else changes.
	if err := c.Client.CoreV1().LimitRanges("idem-ola").Delete(ctx, LimitRangeName, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	res = classRun(t, c, opts, "Ola")
	if o := res.Outcomes[0]; o.Status != Existing || o.Detail != "la til det som manglet: LimitRange" {
		t.Errorf("repair: %+v", o)
	}
}

// checkStudentObjects checks a new student's Namespace and what is in it.
func checkStudentObjects(t *testing.T, c *labtest.Cluster, o Outcome) {
	t.Helper()
	ctx := t.Context()
	ns, err := c.Client.CoreV1().Namespaces().Get(ctx, o.Namespace, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ns.Labels[cluster.ManagedByLabel] != cluster.ManagedBy || ns.Labels[ClassLabel] != "idem" || ns.Annotations[StudentNameAnnotation] != o.Name {
		t.Errorf("%s: labels %v, annotations %v", o.Namespace, ns.Labels, ns.Annotations)
	}
	sa, err := c.Client.CoreV1().ServiceAccounts(o.Namespace).Get(ctx, ServiceAccountName, metav1.GetOptions{})
	if err != nil || sa.Labels[ClassLabel] != "idem" {
		t.Errorf("%s: ServiceAccount %v", o.Namespace, err)
	}
	rb, err := c.Client.RbacV1().RoleBindings(o.Namespace).Get(ctx, RoleBindingName, metav1.GetOptions{})
	if err != nil || rb.RoleRef.Name != "edit" || rb.RoleRef.Kind != "ClusterRole" || len(rb.Subjects) != 1 || rb.Subjects[0].Namespace != o.Namespace {
		t.Errorf("%s: RoleBinding %+v %v", o.Namespace, rb, err)
	}
	q, err := c.Client.CoreV1().ResourceQuotas(o.Namespace).Get(ctx, QuotaName, metav1.GetOptions{})
	if err != nil || q.Spec.Hard.Pods().Value() != 30 || len(q.Status.Hard) == 0 {
		t.Errorf("%s: ResourceQuota %+v %v", o.Namespace, q, err)
	}
	lr, err := c.Client.CoreV1().LimitRanges(o.Namespace).Get(ctx, LimitRangeName, metav1.GetOptions{})
	if err != nil || len(lr.Spec.Limits) != 1 || lr.Spec.Limits[0].Default.Memory().String() != "128Mi" {
		t.Errorf("%s: LimitRange %+v %v", o.Namespace, lr, err)
	}
}

// TestIntegrationCreateRefusesWhatIsNotTheClass: a Namespace of the same
// name without the class's labels, or a file in the way, refuses that
// student and touches neither; the others are made.
func TestIntegrationCreateRefusesWhatIsNotTheClass(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ctx := t.Context()
	dir := t.TempDir()
	foreign := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "avv-per", Labels: map[string]string{"eier": "andre"}}}
	if _, err := c.Client.CoreV1().Namespaces().Create(ctx, foreign, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Client.CoreV1().Namespaces().Delete(ctx, "avv-per", metav1.DeleteOptions{}) })
	if err := os.WriteFile(KubeconfigPath(dir, "avv-liv"), []byte("mine notater\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := classRun(t, c, Options{Class: "avv", Prefix: "avv-", PrefixSet: true, OutDir: dir}, "Per", "Liv", "Siri")
	want := map[string]Status{"avv-per": Refused, "avv-liv": Refused, "avv-siri": Created}
	if got := statuses(res); !reflect.DeepEqual(got, want) || !res.Failed() {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	if d := res.Outcomes[0].Detail; d != "Namespacet «avv-per» finnes allerede og hører ikke til klassen; det er ikke rørt" {
		t.Errorf("refused Per: %q", d)
	}
	if _, err := c.Client.CoreV1().ServiceAccounts("avv-per").Get(ctx, ServiceAccountName, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("ServiceAccount in a foreign Namespace: %v", err)
	}
	if ns, _ := c.Client.CoreV1().Namespaces().Get(ctx, "avv-per", metav1.GetOptions{}); ns.Labels[ClassLabel] != "" {
		t.Errorf("foreign Namespace labelled: %v", ns.Labels)
	}
	if _, err := c.Client.CoreV1().Namespaces().Get(ctx, "avv-liv", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("Namespace made for a student whose file is in the way: %v", err)
	}
	if data, _ := os.ReadFile(KubeconfigPath(dir, "avv-liv")); string(data) != "mine notater\n" {
		t.Errorf("foreign file overwritten: %q", data)
	}
}

// TestIntegrationCreateExplainsADenial: an instructor who may not list
// Namespaces is told which permission is missing and how to check it,
// and nothing is made.
func TestIntegrationCreateExplainsADenial(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	cfg := labtest.PodsOnlyAccount(t, c, ns, "vikar")
	dir := t.TempDir() + "/ut"
	res, err := Create(t.Context(), cfg, "f", []Student{{Name: "Kari", Line: 1}}, Options{Class: "nekt", OutDir: dir})
	var denied *DeniedError
	if !errors.As(err, &denied) || denied.Verb != "list" || denied.Resource != "namespaces" || len(res.Outcomes) != 0 {
		t.Fatalf("err %v, result %+v", err, res)
	}
	want := "Du har ikke lov til å gjøre «list» på namespaces i clusteret. Sjekk med `kubectl auth can-i list namespaces`"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want it to start %q", err.Error(), want)
	}
	if _, statErr := os.Stat(dir); !errors.Is(statErr, fs.ErrNotExist) {
		t.Errorf("out dir made: %v", statErr)
	}
}
