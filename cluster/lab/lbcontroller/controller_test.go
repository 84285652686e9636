package lbcontroller

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
)

// The tests in this file run the controllers against client-go's fake
// clientset: no admission, no finalizer handling by an API server, so the
// paths a real API server rarely takes can be set up directly.

// waitFor polls cond every 20 ms until it returns nil, and fails the test
// with its last error after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func(ctx context.Context) error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := cond(t.Context())
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s: %v", what, timeout, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startFake starts a Controller on client and stops it when the test ends,
// checking that its goroutines are gone.
func startFake(t *testing.T, client kubernetes.Interface) *Controller {
	t.Helper()
	before := runtime.NumGoroutine()
	c := &Controller{Client: client}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Start(ctx); err == nil {
		t.Error("a second Start was accepted")
	}
	t.Cleanup(func() {
		c.Stop()
		c.Stop() // twice is harmless
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines after Stop, %d before Start:\n%s", n, before, buf[:runtime.Stack(buf, true)])
		}
	})
	return c
}

func lbService(name string, tweak func(*corev1.Service)) *corev1.Service {
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kurs", CreationTimestamp: metav1.Now()},
		Spec: corev1.ServiceSpec{
			Type:     corev1.ServiceTypeLoadBalancer,
			Selector: map[string]string{"app": "web"},
			Ports:    []corev1.ServicePort{{Port: 80}},
		},
	}
	if tweak != nil {
		tweak(svc)
	}
	return svc
}

// holding gives the Service the finalizer and the address ip in its
// status, as if the controller had done so before a restart.
func holding(ip string, created time.Time) func(*corev1.Service) {
	return func(svc *corev1.Service) {
		vip := corev1.LoadBalancerIPModeVIP
		svc.Finalizers = []string{Finalizer}
		svc.CreationTimestamp = metav1.NewTime(created)
		svc.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{IP: ip, IPMode: &vip}}
	}
}

func getService(ctx context.Context, client kubernetes.Interface, name string) (*corev1.Service, error) {
	return client.CoreV1().Services("kurs").Get(ctx, name, metav1.GetOptions{})
}

// addressOf fails unless the Service has exactly one address, with ipMode
// VIP and the finalizer, and returns it.
func addressOf(ctx context.Context, client kubernetes.Interface, name string) (string, error) {
	svc, err := getService(ctx, client, name)
	if err != nil {
		return "", err
	}
	ingress := svc.Status.LoadBalancer.Ingress
	if len(ingress) != 1 || ingress[0].IP == "" || ingress[0].IPMode == nil || *ingress[0].IPMode != corev1.LoadBalancerIPModeVIP {
		return "", fmt.Errorf("status %+v", svc.Status.LoadBalancer)
	}
	if !hasFinalizer(svc) {
		return "", fmt.Errorf("no finalizer: %v", svc.Finalizers)
	}
	return ingress[0].IP, nil
}

// eventFor fails unless an Event with reason about the named object says
// want.
func eventFor(ctx context.Context, client kubernetes.Interface, name, reason, want string) error {
	events, err := client.CoreV1().Events("kurs").List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	var seen []string
	for _, e := range events.Items {
		if e.InvolvedObject.Name == name {
			seen = append(seen, e.Reason+": "+e.Message)
			if e.Reason == reason && strings.Contains(e.Message, want) {
				return nil
			}
		}
	}
	return fmt.Errorf("no %s event saying %q about %s; events: %q", reason, want, name, seen)
}

func TestServicesGetAddressesAfterRestart(t *testing.T) {
	t0 := time.Now().Add(-time.Hour)
	gone := metav1.NewTime(t0)
	client := fake.NewClientset(
		lbService("gammel", holding("198.51.100.11", t0)),
		lbService("kopi", holding("198.51.100.11", t0.Add(time.Minute))), // same address, younger: loses it
		lbService("ny", nil),
		lbService("klasse", func(s *corev1.Service) { s.Spec.LoadBalancerClass = new("example.com/annen") }),
		lbService("onsket", func(s *corev1.Service) { s.Spec.LoadBalancerIP = "198.51.100.200" }),
		lbService("utenfor", func(s *corev1.Service) { s.Spec.LoadBalancerIP = "203.0.113.5" }),
		lbService("reservert", func(s *corev1.Service) { s.Spec.LoadBalancerIP = "198.51.100.10" }),
		lbService("borte", func(s *corev1.Service) {
			holding("198.51.100.50", t0)(s)
			s.DeletionTimestamp = &gone
		}),
		lbService("clusterip", func(s *corev1.Service) {
			s.Spec.Type = corev1.ServiceTypeClusterIP
			s.Finalizers = []string{Finalizer}
		}),
	)
	startFake(t, client)

	got := map[string]string{}
	waitFor(t, 5*time.Second, "distinct addresses", func(ctx context.Context) error {
		seen := map[string]string{"198.51.100.10": "the Ingress Controller"}
		for _, name := range []string{"gammel", "kopi", "ny", "onsket"} {
			ip, err := addressOf(ctx, client, name)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if other, taken := seen[ip]; taken {
				return fmt.Errorf("%s and %s both have %s", name, other, ip)
			}
			seen[ip], got[name] = name, ip
		}
		return nil
	})
	if got["gammel"] != "198.51.100.11" || got["onsket"] != "198.51.100.200" {
		t.Errorf("addresses %v: the older Service keeps 198.51.100.11, loadBalancerIP is honoured", got)
	}
	waitFor(t, 5*time.Second, "events", func(ctx context.Context) error {
		for _, e := range []struct{ name, reason, want string }{
			{"ny", reasonEnsuring, msgEnsuring},
			{"ny", reasonEnsured, "Lastbalansereren har adressen " + got["ny"]},
			{"utenfor", reasonSyncFailed, "loadBalancerIP 203.0.113.5 er utenfor"},
			{"reservert", reasonSyncFailed, "198.51.100.10 er reservert for Ingress Controlleren"},
			{"borte", reasonDeleted, "adressen 198.51.100.50 er ledig igjen"},
			{"clusterip", reasonDeleted, msgDeleted},
		} {
			if err := eventFor(ctx, client, e.name, e.reason, e.want); err != nil {
				return err
			}
		}
		return nil
	})
	for _, name := range []string{"klasse", "utenfor", "reservert", "borte", "clusterip"} {
		svc, err := getService(t.Context(), client, name)
		if err != nil {
			t.Fatal(err)
		}
		// A Service being deleted keeps its status until it is gone.
		if hasFinalizer(svc) || len(svc.Status.LoadBalancer.Ingress) > 0 && name != "borte" {
			t.Errorf("%s: finalizers %v, status %+v; want neither", name, svc.Finalizers, svc.Status.LoadBalancer)
		}
	}
}

func TestFreedAddressGoesToWaitingService(t *testing.T) {
	client := fake.NewClientset()
	startFake(t, client)
	ctx := t.Context()
	want := func(s *corev1.Service) { s.Spec.LoadBalancerIP = "198.51.100.30" }
	if _, err := client.CoreV1().Services("kurs").Create(ctx, lbService("forst", want), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "address of forst", func(ctx context.Context) error {
		_, err := addressOf(ctx, client, "forst")
		return err
	})
	if _, err := client.CoreV1().Services("kurs").Create(ctx, lbService("sist", want), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "warning about sist", func(ctx context.Context) error {
		return eventFor(ctx, client, "sist", reasonSyncFailed, "198.51.100.30 er allerede i bruk av Servicen kurs/forst")
	})
	if ip, err := addressOf(ctx, client, "sist"); err == nil {
		t.Fatalf("sist got %s while forst holds it", ip)
	}
	if err := client.CoreV1().Services("kurs").Delete(ctx, "forst", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "sist gets the freed address", func(ctx context.Context) error {
		ip, err := addressOf(ctx, client, "sist")
		if err == nil && ip != "198.51.100.30" {
			return fmt.Errorf("got %s", ip)
		}
		return err
	})

	// A Service that has an address and asks for a taken one keeps its
	// own, and moves when the one it asks for is freed.
	if _, err := client.CoreV1().Services("kurs").Create(ctx, lbService("flytter", nil), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var own string
	waitFor(t, 5*time.Second, "address of flytter", func(ctx context.Context) (err error) {
		own, err = addressOf(ctx, client, "flytter")
		return err
	})
	flytter, err := getService(ctx, client, "flytter")
	if err != nil {
		t.Fatal(err)
	}
	flytter.Spec.LoadBalancerIP = "198.51.100.30"
	if _, err := client.CoreV1().Services("kurs").Update(ctx, flytter, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "warning about flytter", func(ctx context.Context) error {
		return eventFor(ctx, client, "flytter", reasonSyncFailed, "198.51.100.30 er allerede i bruk av Servicen kurs/sist")
	})
	if ip, err := addressOf(ctx, client, "flytter"); err != nil || ip != own {
		t.Errorf("flytter has %q (%v) while it waits, want its own %s", ip, err, own)
	}
	if err := client.CoreV1().Services("kurs").Delete(ctx, "sist", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "flytter moves to the freed address", func(ctx context.Context) error {
		ip, err := addressOf(ctx, client, "flytter")
		if err == nil && ip != "198.51.100.30" {
			return fmt.Errorf("got %s", ip)
		}
		return err
	})
}
