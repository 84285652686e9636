package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
)

// kubectlPrinting runs `kubekurs kubectl args...` as the learner and returns
// what it printed.
func (l *learner) kubectlPrinting(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], append([]string{"kubectl"}, args...)...)
	cmd.Env = append(os.Environ(), envRunAsKubekurs+"=1", "KUBECONFIG="+l.kubeconfig, "HOME="+l.home)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// pollAddress polls cond every 10 ms until it returns no error, and
// returns its result and how long that took.
func pollAddress(t *testing.T, timeout time.Duration, what string, cond func(ctx context.Context) (string, error)) (string, time.Duration) {
	t.Helper()
	start := time.Now()
	for {
		got, err := cond(t.Context())
		if err == nil {
			return got, time.Since(start)
		}
		if time.Since(start) > timeout {
			t.Fatalf("%s: not within %s: %v", what, timeout, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestIntegrationLabAddresses is L08's and L09's acceptance on the
// practice cluster, through the learner's kubectl: a LoadBalancer Service
// made by `kubectl expose` shows an EXTERNAL-IP within 2 s, and an Ingress
// made without an IngressClass gets an ADDRESS.
func TestIntegrationLabAddresses(t *testing.T) {
	c := labtest.Require(t, testCluster)
	l := newLearner(t, c)
	l.kubectl(t, "", "create", "deployment", "web", "--image=nginx:1.27", "--replicas=2")

	l.kubectl(t, "", "expose", "deployment", "web", "--type=LoadBalancer", "--name=web-lb", "--port=80")
	ip, took := pollAddress(t, 10*time.Second, "EXTERNAL-IP of web-lb", func(ctx context.Context) (string, error) {
		svc, err := c.Client.CoreV1().Services(l.namespace).Get(ctx, "web-lb", metav1.GetOptions{})
		if err != nil {
			return "", err
		}
		if len(svc.Status.LoadBalancer.Ingress) == 0 {
			return "", fmt.Errorf("pending")
		}
		return svc.Status.LoadBalancer.Ingress[0].IP, nil
	})
	t.Logf("EXTERNAL-IP %s %s after `kubectl expose` returned", ip, took.Round(time.Millisecond))
	if took > 2*time.Second {
		t.Errorf("EXTERNAL-IP after %s, want within 2 s", took)
	}
	if out := l.kubectlPrinting(t, "get", "service", "web-lb"); !strings.Contains(out, "EXTERNAL-IP") || !strings.Contains(out, ip) {
		t.Errorf("`kubectl get service web-lb` does not show %s:\n%s", ip, out)
	}

	l.kubectl(t, "", "create", "ingress", "web", "--rule=web.kurs.local/*=web-lb:80")
	address, took := pollAddress(t, 10*time.Second, "ADDRESS of Ingress web", func(ctx context.Context) (string, error) {
		ing, err := c.Client.NetworkingV1().Ingresses(l.namespace).Get(ctx, "web", metav1.GetOptions{})
		if err != nil {
			return "", err
		}
		if len(ing.Status.LoadBalancer.Ingress) == 0 {
			return "", fmt.Errorf("no address")
		}
		return ing.Status.LoadBalancer.Ingress[0].IP, nil
	})
	t.Logf("Ingress ADDRESS %s %s after `kubectl create ingress` returned", address, took.Round(time.Millisecond))
	if out := l.kubectlPrinting(t, "get", "ingress", "web"); !strings.Contains(out, "kubekurs-lab") || !strings.Contains(out, address) {
		t.Errorf("`kubectl get ingress web` does not show class kubekurs-lab and %s:\n%s", address, out)
	}
}
