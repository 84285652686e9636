package checks

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

func TestIntegrationExists(t *testing.T) {
	l := newLab(t)
	before, after := l.failThenPass(`{type: exists, kind: configmap, name: app-config}`, func() {
		_, err := l.client.CoreV1().ConfigMaps(l.ns).Create(l.ctx(), &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "app-config"}}, metav1.CreateOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "ConfigMapet «app-config» finnes")
	wantText(t, "expected", before.Expected, "finnes")
	wantText(t, "found before", before.Found, "finnes ikke")
	wantText(t, "found after", after.Found, "finnes")

	// A cluster-scoped kind ignores the namespace.
	if r := l.run(compileOne(t, `{type: exists, kind: Namespace, name: `+l.ns+`, namespace: default}`)); r.Status != Passed {
		t.Errorf("exists Namespace: %+v", r)
	}
}

func TestIntegrationExistsNamespaceMissing(t *testing.T) {
	l := newLab(t)
	r := l.run(compileOne(t, `{type: exists, kind: Pod, name: nginx, namespace: finnes-ikke-ns}`))
	if r.Status != Failed {
		t.Fatalf("status %v, want Failed: %+v", r.Status, r)
	}
	wantText(t, "found", r.Found, "Namespacet «finnes-ikke-ns» finnes ikke")
	wantText(t, "criterion", r.Criterion, "Poden «nginx» i Namespace «finnes-ikke-ns» finnes")
}

func TestIntegrationExistsUnknownKind(t *testing.T) {
	l := newLab(t)
	r := l.run(compileOne(t, `{type: exists, apiVersion: kurs.example.no/v1, kind: Oppgave, name: x}`))
	if r.Status != EnvError {
		t.Fatalf("status %v, want EnvError: %+v", r.Status, r)
	}
	wantContains(t, "detail", r.Detail, "kjenner ikke ressurstypen", "Oppgave")
}

func TestIntegrationAbsent(t *testing.T) {
	l := newLab(t)
	l.createPod(pod("nginx", "nginx:1.27", map[string]string{"miljo": "dev"}))
	zero := int64(0)
	before, after := l.failThenPass(`{type: absent, kind: Pod, name: nginx}`, func() {
		l.must(l.client.CoreV1().Pods(l.ns).Delete(l.ctx(), "nginx", metav1.DeleteOptions{GracePeriodSeconds: &zero}))
	})
	wantText(t, "found before", before.Found, "finnes fortsatt")
	wantText(t, "found after", after.Found, "finnes ikke")

	l.createPod(pod("a", "nginx:1.27", map[string]string{"miljo": "dev"}))
	l.createPod(pod("b", "nginx:1.27", map[string]string{"miljo": "dev"}))
	before, _ = l.failThenPass(`{type: absent, kind: Pod, selector: miljo=dev}`, func() {
		l.must(l.client.CoreV1().Pods(l.ns).DeleteCollection(l.ctx(), metav1.DeleteOptions{GracePeriodSeconds: &zero}, metav1.ListOptions{LabelSelector: "miljo=dev"}))
	})
	wantText(t, "criterion", before.Criterion, "Ingen Poder med selector «miljo=dev» finnes")
	wantText(t, "found before", before.Found, "2 finnes fortsatt: a, b")
}

func TestIntegrationLabels(t *testing.T) {
	l := newLab(t)
	l.createPod(pod("nginx", "nginx:1.27", map[string]string{"app": "nginx"}))
	before, after := l.failThenPass(`{type: labels, kind: Pod, name: nginx, labels: {miljo: dev, app: "*"}}`, func() {
		_, err := l.client.CoreV1().Pods(l.ns).Patch(l.ctx(), "nginx", types.MergePatchType, []byte(`{"metadata":{"labels":{"miljo":"dev"}}}`), metav1.PatchOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "Poden «nginx» har labelene app (med en verdi), miljo=dev")
	wantText(t, "found before", before.Found, "app=nginx, miljo mangler")
	wantText(t, "found after", after.Found, "app=nginx, miljo=dev")
}

func TestIntegrationAnnotations(t *testing.T) {
	l := newLab(t)
	l.createPod(pod("nginx", "nginx:1.27", nil))
	before, _ := l.failThenPass(`{type: annotations, kind: Pod, name: nginx, annotations: {kurs.example.no/eier: "*"}}`, func() {
		_, err := l.client.CoreV1().Pods(l.ns).Patch(l.ctx(), "nginx", types.MergePatchType, []byte(`{"metadata":{"annotations":{"kurs.example.no/eier":"Kari"}}}`), metav1.PatchOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "Poden «nginx» har annotationen kurs.example.no/eier (med en verdi)")
	wantText(t, "found before", before.Found, "kurs.example.no/eier mangler")
}

func TestIntegrationCEL(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.27", 2))
	before, after := l.failThenPass(`{type: cel, kind: Deployment, name: web, expression: "object.spec.replicas == 3", message: "spec.replicas er ikke 3"}`, func() {
		l.patchDeployment("web", `{"spec":{"replicas":3}}`)
	})
	wantText(t, "criterion", before.Criterion, "Deploymenten «web» er slik steget ber om")
	wantText(t, "expected before", before.Expected, "") // never the expression
	wantText(t, "found before", before.Found, "spec.replicas er ikke 3")
	wantText(t, "found after", after.Found, "uttrykket er sant")

	// A missing field is a runtime error: the object is not shaped as
	// required, so the check fails (it is no environment error).
	before, _ = l.failThenPass(`{type: cel, kind: Deployment, name: web, expression: "object.spec.template.spec.containers.all(c, c.resources.limits.memory == '128Mi')"}`, func() {
		l.patchDeployment("web", `{"spec":{"template":{"spec":{"containers":[{"name":"web","resources":{"limits":{"memory":"128Mi"}}}]}}}}`)
	})
	wantContains(t, "found before", before.Found, "kunne ikke regnes ut", "limits")
}

// TestIntegrationExistsCRDInstalledLater: a kind the server does not know
// is an environment error; once its CRD is installed, the same check
// finds the kind (the RESTMapper is reset) and judges the object.
func TestIntegrationExistsCRDInstalledLater(t *testing.T) {
	l := newLab(t)
	c := compileOne(t, `{type: exists, apiVersion: crdtest.kurs.example.no/v1, kind: Sjekkpunkt, name: forste}`)
	if r := l.run(c); r.Status != EnvError {
		t.Fatalf("before the CRD: %+v", r)
	}
	crds := l.dynamic().Resource(schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"})
	crd := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
		"metadata": map[string]any{"name": "sjekkpunkter.crdtest.kurs.example.no"},
		"spec": map[string]any{
			"group": "crdtest.kurs.example.no", "scope": "Namespaced",
			"names": map[string]any{"plural": "sjekkpunkter", "singular": "sjekkpunkt", "kind": "Sjekkpunkt"},
			"versions": []any{map[string]any{"name": "v1", "served": true, "storage": true,
				"schema": map[string]any{"openAPIV3Schema": map[string]any{"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}},
		},
	}}
	_, err := crds.Create(l.ctx(), crd, metav1.CreateOptions{})
	l.must(err)
	t.Cleanup(func() { _ = crds.Delete(context.Background(), crd.GetName(), metav1.DeleteOptions{}) })
	r := Evaluate(l.ctx(), l.target, []Check{compileOne(t, `{type: absent, apiVersion: crdtest.kurs.example.no/v1, kind: Sjekkpunkt, name: forste}`)},
		EvalOptions{Settle: settle})[0]
	if r.Status != Passed {
		t.Fatalf("after the CRD, before the object: %+v", r)
	}
	obj := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "crdtest.kurs.example.no/v1", "kind": "Sjekkpunkt", "metadata": map[string]any{"name": "forste"},
	}}
	gvr := schema.GroupVersionResource{Group: "crdtest.kurs.example.no", Version: "v1", Resource: "sjekkpunkter"}
	_, err = l.dynamic().Resource(gvr).Namespace(l.ns).Create(l.ctx(), obj, metav1.CreateOptions{})
	l.must(err)
	if r := l.settled(c); r.Status != Passed {
		t.Fatalf("after the object: %+v", r)
	}
}
