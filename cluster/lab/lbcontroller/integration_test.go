package lbcontroller_test

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/cluster/lab/lbcontroller"
)

// testCluster is the practice cluster TestMain starts (nil under -short).
var testCluster *labtest.Cluster

func TestMain(m *testing.M) {
	os.Exit(labtest.Run(m, func(c *labtest.Cluster) { testCluster = c }))
}

// eventually polls cond every 10 ms until it returns nil, fails the test
// after timeout, and returns how long it took.
func eventually(t *testing.T, timeout time.Duration, what string, cond func(ctx context.Context) error) time.Duration {
	t.Helper()
	start := time.Now()
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	for {
		err := cond(ctx)
		if err == nil {
			return time.Since(start)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: not within %s: %v", what, timeout, err)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// loadBalancer is the Service `kubectl expose deployment web
// --type=LoadBalancer --name=NAME --port=80` makes.
func loadBalancer(name, loadBalancerIP string) *corev1.Service {
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app": "web"}},
		Spec: corev1.ServiceSpec{
			Type:           corev1.ServiceTypeLoadBalancer,
			Selector:       map[string]string{"app": "web"},
			Ports:          []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(80), Protocol: corev1.ProtocolTCP}},
			LoadBalancerIP: loadBalancerIP,
		},
	}
}

func create(t *testing.T, client kubernetes.Interface, ns string, svc *corev1.Service) {
	t.Helper()
	if _, err := client.CoreV1().Services(ns).Create(t.Context(), svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// addressOf fails unless the Service has one address from the pool, with
// ipMode VIP, and the finalizer; it returns the address.
func addressOf(ctx context.Context, client kubernetes.Interface, ns, name string) (string, error) {
	svc, err := client.CoreV1().Services(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return "", err
	}
	ingress := svc.Status.LoadBalancer.Ingress
	if len(ingress) != 1 || ingress[0].IPMode == nil || *ingress[0].IPMode != corev1.LoadBalancerIPModeVIP {
		return "", fmt.Errorf("status %+v", svc.Status.LoadBalancer)
	}
	ip, err := netip.ParseAddr(ingress[0].IP)
	if pool := lbcontroller.DefaultPool(); err != nil || !pool.Contains(ip) || ip == pool.Ingress {
		return "", fmt.Errorf("address %q is not a Service address of %s", ingress[0].IP, pool)
	}
	if !slices.Contains(svc.Finalizers, lbcontroller.Finalizer) {
		return "", fmt.Errorf("address %s but finalizers %v", ip, svc.Finalizers)
	}
	return ip.String(), nil
}

// waitAddress waits for the Service's address and returns it and how long
// that took.
func waitAddress(t *testing.T, client kubernetes.Interface, ns, name string) (string, time.Duration) {
	t.Helper()
	var ip string
	took := eventually(t, 10*time.Second, "address of "+name, func(ctx context.Context) (err error) {
		ip, err = addressOf(ctx, client, ns, name)
		return err
	})
	return ip, took
}

// eventSays fails unless an Event about the named object has reason and a
// message containing want.
func eventSays(ctx context.Context, client kubernetes.Interface, ns, name, reason, want string) error {
	events, err := client.CoreV1().Events(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	var seen []string
	for _, e := range events.Items {
		if e.InvolvedObject.Name == name {
			if e.Reason == reason && strings.Contains(e.Message, want) {
				return nil
			}
			seen = append(seen, e.Reason+": "+e.Message)
		}
	}
	return fmt.Errorf("no %s event saying %q; events of %s: %q", reason, want, name, seen)
}

// pending fails unless the Service has no address and no finalizer.
func pending(ctx context.Context, client kubernetes.Interface, ns, name string) error {
	svc, err := client.CoreV1().Services(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	if len(svc.Status.LoadBalancer.Ingress) > 0 || slices.Contains(svc.Finalizers, lbcontroller.Finalizer) {
		return fmt.Errorf("status %+v, finalizers %v", svc.Status.LoadBalancer, svc.Finalizers)
	}
	return nil
}

func TestIntegrationExposeGetsAddressAndDeleteReleasesIt(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	ctx := t.Context()
	replicas := int32(2)
	web := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Labels: map[string]string{"app": "web"}},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.27"}}},
			},
		},
	}
	if _, err := c.Client.AppsV1().Deployments(ns).Create(ctx, web, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	create(t, c.Client, ns, loadBalancer("web-lb", ""))
	ip, took := waitAddress(t, c.Client, ns, "web-lb")
	t.Logf("web-lb got EXTERNAL-IP %s in %s", ip, took.Round(time.Millisecond))
	if took > 2*time.Second {
		t.Errorf("EXTERNAL-IP after %s, want within 2 s", took)
	}
	eventually(t, 5*time.Second, "events", func(ctx context.Context) error {
		if err := eventSays(ctx, c.Client, ns, "web-lb", "EnsuringLoadBalancer", "Lager lastbalanserer"); err != nil {
			return err
		}
		return eventSays(ctx, c.Client, ns, "web-lb", "EnsuredLoadBalancer", "adressen "+ip)
	})

	if err := c.Client.CoreV1().Services(ns).Delete(ctx, "web-lb", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	took = eventually(t, 10*time.Second, "web-lb gone", func(ctx context.Context) error {
		svc, err := c.Client.CoreV1().Services(ns).Get(ctx, "web-lb", metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err == nil {
			err = fmt.Errorf("still there, finalizers %v", svc.Finalizers)
		}
		return err
	})
	t.Logf("deleted web-lb was gone after %s", took.Round(time.Millisecond))
	// The address is free again: another Service may ask for it.
	create(t, c.Client, ns, loadBalancer("neste", ip))
	if again, _ := waitAddress(t, c.Client, ns, "neste"); again != ip {
		t.Errorf("the freed address %s went to another Service; neste got %s", ip, again)
	}
}

func TestIntegrationTypeChangeReleasesAddress(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	ctx := t.Context()
	create(t, c.Client, ns, loadBalancer("bytter", "198.51.100.210"))
	waitAddress(t, c.Client, ns, "bytter")
	svc, err := c.Client.CoreV1().Services(ns).Get(ctx, "bytter", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	svc.Spec.Type = corev1.ServiceTypeClusterIP
	svc.Spec.LoadBalancerIP = ""
	for i := range svc.Spec.Ports {
		svc.Spec.Ports[i].NodePort = 0
	}
	if _, err := c.Client.CoreV1().Services(ns).Update(ctx, svc, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	took := eventually(t, 5*time.Second, "released after type change", func(ctx context.Context) error {
		if err := pending(ctx, c.Client, ns, "bytter"); err != nil {
			return err
		}
		return eventSays(ctx, c.Client, ns, "bytter", "DeletedLoadBalancer", "198.51.100.210 er ledig igjen")
	})
	t.Logf("released %s after the type change", took.Round(time.Millisecond))
	create(t, c.Client, ns, loadBalancer("arving", "198.51.100.210"))
	waitAddress(t, c.Client, ns, "arving")
}

func TestIntegrationLoadBalancerIP(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	create(t, c.Client, ns, loadBalancer("onsket", "198.51.100.220"))
	if ip, _ := waitAddress(t, c.Client, ns, "onsket"); ip != "198.51.100.220" {
		t.Fatalf("loadBalancerIP 198.51.100.220 not honoured: got %s", ip)
	}
	// Taken (in another Namespace too), outside the pool, or the Ingress
	// Controller's: pending, with a warning saying why.
	other := labtest.Namespace(t, c.Client)
	create(t, c.Client, other, loadBalancer("kopi", "198.51.100.220"))
	create(t, c.Client, ns, loadBalancer("utenfor", "203.0.113.5"))
	create(t, c.Client, ns, loadBalancer("reservert", "198.51.100.10"))
	for _, w := range []struct{ ns, name, want string }{
		{other, "kopi", "198.51.100.220 er allerede i bruk av Servicen " + ns + "/onsket"},
		{ns, "utenfor", "loadBalancerIP 203.0.113.5 er utenfor øvingsclusterets adresseområde 198.51.100.10-198.51.100.250"},
		{ns, "reservert", "198.51.100.10 er reservert for Ingress Controlleren"},
	} {
		eventually(t, 5*time.Second, "warning about "+w.name, func(ctx context.Context) error {
			return eventSays(ctx, c.Client, w.ns, w.name, "SyncLoadBalancerFailed", w.want)
		})
		if err := pending(t.Context(), c.Client, w.ns, w.name); err != nil {
			t.Errorf("%s is not pending: %v", w.name, err)
		}
	}
	// Once the holder goes, the waiting Service gets the address.
	if err := c.Client.CoreV1().Services(ns).Delete(t.Context(), "onsket", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if ip, took := waitAddress(t, c.Client, other, "kopi"); ip != "198.51.100.220" {
		t.Errorf("kopi got %s, want the freed 198.51.100.220", ip)
	} else {
		t.Logf("the waiting Service got the freed address after %s", took.Round(time.Millisecond))
	}
}

func TestIntegrationLoadBalancerClassIsLeftAlone(t *testing.T) {
	c := labtest.Require(t, testCluster)
	ns := labtest.Namespace(t, c.Client)
	classed := loadBalancer("annen-klasse", "")
	classed.Spec.LoadBalancerClass = new("example.com/annen-lastbalanserer")
	create(t, c.Client, ns, classed)
	// One worker takes Services in order: once a later one has its
	// address, the classed one has been looked at.
	create(t, c.Client, ns, loadBalancer("etterpaa", ""))
	waitAddress(t, c.Client, ns, "etterpaa")
	if err := pending(t.Context(), c.Client, ns, "annen-klasse"); err != nil {
		t.Errorf("a Service with a loadBalancerClass was touched: %v", err)
	}
}
