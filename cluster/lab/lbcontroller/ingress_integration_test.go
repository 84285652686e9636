package lbcontroller_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/cluster/lab/lbcontroller"
)

// webIngress is L09's Ingress: host web.kurs.local, path / to Service web
// port 80, in class className ("" for none).
func webIngress(name, className string) *networkingv1.Ingress {
	prefix := networkingv1.PathTypePrefix
	ing := &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: networkingv1.IngressSpec{Rules: []networkingv1.IngressRule{{
			Host: "web.kurs.local",
			IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
				Paths: []networkingv1.HTTPIngressPath{{
					Path:     "/",
					PathType: &prefix,
					Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
						Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80},
					}},
				}},
			}},
		}}},
	}
	if className != "" {
		ing.Spec.IngressClassName = &className
	}
	return ing
}

func ingressAddress(ctx context.Context, client kubernetes.Interface, ns, name string) (string, error) {
	ing, err := client.NetworkingV1().Ingresses(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return "", err
	}
	if n := len(ing.Status.LoadBalancer.Ingress); n != 1 {
		return "", fmt.Errorf("%d addresses", n)
	}
	return ing.Status.LoadBalancer.Ingress[0].IP, nil
}

func TestIntegrationIngressWithoutClassGetsAddress(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	ctx := t.Context()
	class, err := c.Client.NetworkingV1().IngressClasses().Get(ctx, lbcontroller.IngressClassName, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the lab's IngressClass: %v", err)
	}
	if class.Spec.Controller != lbcontroller.IngressControllerName || class.Annotations["ingressclass.kubernetes.io/is-default-class"] != "true" {
		t.Errorf("IngressClass %s: controller %q, annotations %v; want the default class of %s",
			class.Name, class.Spec.Controller, class.Annotations, lbcontroller.IngressControllerName)
	}

	ingresses := c.Client.NetworkingV1().Ingresses(ns)
	if _, err := ingresses.Create(ctx, webIngress("annen", "finnes-ikke"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	created, err := ingresses.Create(ctx, webIngress("web", ""), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The API server's DefaultIngressClass admission plugin (on by
	// default) names the default class in a new Ingress.
	if name := created.Spec.IngressClassName; name == nil || *name != lbcontroller.IngressClassName {
		t.Errorf("ingressClassName of an Ingress made without one: %v, want %s filled in", name, lbcontroller.IngressClassName)
	}
	want := lbcontroller.DefaultPool().Ingress.String()
	took := eventually(t, 10*time.Second, "address of Ingress web", func(ctx context.Context) error {
		ip, err := ingressAddress(ctx, c.Client, ns, "web")
		if err == nil && ip != want {
			err = fmt.Errorf("address %s, want %s", ip, want)
		}
		return err
	})
	t.Logf("Ingress without ingressClassName got ADDRESS %s in %s", want, took.Round(time.Millisecond))
	if took > 2*time.Second {
		t.Errorf("ADDRESS after %s, want within 2 s", took)
	}
	eventually(t, 5*time.Second, "event", func(ctx context.Context) error {
		return eventSays(ctx, c.Client, ns, "web", "Sync", "har gitt Ingressen adressen "+want)
	})
	// The Ingress of a class nobody serves was looked at first, and left
	// without an address.
	if ip, err := ingressAddress(ctx, c.Client, ns, "annen"); err == nil {
		t.Errorf("Ingress of an unknown class got the address %s", ip)
	}
}

// TestIntegrationAddressesSurviveRestart stops the package's cluster and
// starts it again on the same data: a Service keeps its address, and the
// controller, which rebuilt what is taken from the Services' statuses,
// gives a new Service another one.
func TestIntegrationAddressesSurviveRestart(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	create(t, c.Client, ns, loadBalancer("foer", ""))
	before, _ := waitAddress(t, c.Client, ns, "foer")
	if _, err := c.Client.NetworkingV1().Ingresses(ns).Create(t.Context(), webIngress("web", ""), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "Ingress address", func(ctx context.Context) error {
		_, err := ingressAddress(ctx, c.Client, ns, "web")
		return err
	})

	if err := c.Lab.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	if _, err := c.Lab.Start(ctx); err != nil {
		t.Fatalf("restart: %v", err)
	}
	if after, err := addressOf(t.Context(), c.Client, ns, "foer"); err != nil || after != before {
		t.Errorf("after the restart foer has %q (%v), want %s", after, err, before)
	}
	create(t, c.Client, ns, loadBalancer("etter", ""))
	if ip, took := waitAddress(t, c.Client, ns, "etter"); ip == before {
		t.Errorf("a new Service got %s, which foer holds", ip)
	} else {
		t.Logf("first LoadBalancer Service after the restart got %s in %s", ip, took.Round(time.Millisecond))
	}
	if _, err := ingressAddress(t.Context(), c.Client, ns, "web"); err != nil {
		t.Errorf("Ingress after the restart: %v", err)
	}
}
