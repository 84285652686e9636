package lbcontroller

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
)

func ingress(name string, tweak func(*networkingv1.Ingress)) *networkingv1.Ingress {
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kurs"}}
	if tweak != nil {
		tweak(ing)
	}
	return ing
}

func ingressAddress(ctx context.Context, client kubernetes.Interface, name string) (string, error) {
	ing, err := client.NetworkingV1().Ingresses("kurs").Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return "", err
	}
	var ips []string
	for _, i := range ing.Status.LoadBalancer.Ingress {
		ips = append(ips, i.IP)
	}
	return strings.Join(ips, ","), nil
}

func wantIngressAddress(t *testing.T, client kubernetes.Interface, name, want string) {
	t.Helper()
	waitFor(t, 5*time.Second, fmt.Sprintf("Ingress %s has address %q", name, want), func(ctx context.Context) error {
		got, err := ingressAddress(ctx, client, name)
		if err == nil && got != want {
			err = fmt.Errorf("address %q", got)
		}
		return err
	})
}

func TestIngressesOfTheLabsClassGetTheAddress(t *testing.T) {
	client := fake.NewClientset(
		ingress("uten-klasse", nil), // the fake has no DefaultIngressClass admission
		ingress("lab", func(i *networkingv1.Ingress) { i.Spec.IngressClassName = new(IngressClassName) }),
		ingress("annotasjon", func(i *networkingv1.Ingress) {
			i.Annotations = map[string]string{legacyIngressClassAnnotation: IngressClassName}
		}),
		ingress("annen", func(i *networkingv1.Ingress) { i.Spec.IngressClassName = new("nginx") }),
		ingress("fremmed", func(i *networkingv1.Ingress) {
			i.Spec.IngressClassName = new("nginx")
			i.Status.LoadBalancer.Ingress = []networkingv1.IngressLoadBalancerIngress{{IP: "192.0.2.7"}}
		}),
	)
	startFake(t, client)
	ctx := t.Context()
	for _, name := range []string{"uten-klasse", "lab", "annotasjon"} {
		wantIngressAddress(t, client, name, "198.51.100.10")
	}
	waitFor(t, 5*time.Second, "event", func(ctx context.Context) error {
		return eventFor(ctx, client, "lab", reasonIngressAddress, "adressen 198.51.100.10")
	})
	// A class of another controller gets no address from the lab, and an
	// address another controller gave stays.
	if _, err := client.NetworkingV1().IngressClasses().Create(ctx, &networkingv1.IngressClass{
		ObjectMeta: metav1.ObjectMeta{Name: "nginx"},
		Spec:       networkingv1.IngressClassSpec{Controller: "k8s.io/ingress-nginx"},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	moved, err := client.NetworkingV1().Ingresses("kurs").Get(ctx, "lab", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	moved.Spec.IngressClassName = new("nginx")
	if _, err := client.NetworkingV1().Ingresses("kurs").Update(ctx, moved, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	wantIngressAddress(t, client, "lab", "") // moved to another class: the lab's address goes
	for name, want := range map[string]string{"annen": "", "fremmed": "192.0.2.7"} {
		if got, err := ingressAddress(ctx, client, name); err != nil || got != want {
			t.Errorf("Ingress %s of another class has address %q (%v), want %q", name, got, err, want)
		}
	}

	// Without the default annotation on the lab's class, an Ingress that
	// names no class is no longer the lab's.
	class, err := client.NetworkingV1().IngressClasses().Get(ctx, IngressClassName, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	delete(class.Annotations, defaultIngressClassAnnotation)
	if _, err := client.NetworkingV1().IngressClasses().Update(ctx, class, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	wantIngressAddress(t, client, "uten-klasse", "")
	wantIngressAddress(t, client, "annotasjon", "198.51.100.10")
}

func TestStartWritesClassAndMarker(t *testing.T) {
	changed := &networkingv1.IngressClass{
		ObjectMeta: metav1.ObjectMeta{Name: IngressClassName, Labels: map[string]string{"endret": "av-eleven"}},
		Spec:       networkingv1.IngressClassSpec{Controller: IngressControllerName},
	}
	stale := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: MarkerName, Namespace: MarkerNamespace},
		Data:       map[string]string{MarkerKeyPool: "10.0.0.1-10.0.0.9"},
	}
	for name, objects := range map[string][]k8sruntime.Object{"empty": nil, "changed": {changed, stale}} {
		t.Run(name, func(t *testing.T) {
			client := fake.NewClientset(objects...)
			startFake(t, client)
			class, err := client.NetworkingV1().IngressClasses().Get(t.Context(), IngressClassName, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			isDefault := class.Annotations[defaultIngressClassAnnotation] == "true"
			if class.Spec.Controller != IngressControllerName || isDefault != (objects == nil) {
				t.Errorf("IngressClass %+v: want the lab's, default unless the learner changed it", class)
			}
			if objects != nil && class.Labels["endret"] != "av-eleven" {
				t.Error("the learner's change to the IngressClass was undone")
			}
			cm, err := client.CoreV1().ConfigMaps(MarkerNamespace).Get(t.Context(), MarkerName, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			keys := slices.Sorted(maps.Keys(cm.Data))
			if cm.Data[MarkerKeyPool] != DefaultPool().String() || cm.Data[MarkerKeyIngressAddress] != "198.51.100.10" ||
				cm.Data[MarkerKeyIngressClass] != IngressClassName || !strings.Contains(cm.Data[MarkerKeyNote], "ingen maskin svarer") {
				t.Errorf("marker data %v (keys %v)", cm.Data, keys)
			}
		})
	}
}
