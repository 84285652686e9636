package lab

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/internal/kube"
)

// etcdHealthy asks etcd's /health endpoint, authenticating with the API
// server's etcd client certificate.
func etcdHealthy(ctx context.Context, pki *PKI, port int) error {
	client, err := etcdHTTPClient(pki)
	if err != nil {
		return err
	}
	body, err := httpGet(ctx, client, url(port)+"/health")
	if err != nil {
		return err
	}
	if !strings.Contains(body, `"health":"true"`) {
		return fmt.Errorf("etcd not healthy: %s", body)
	}
	return nil
}

func etcdHTTPClient(pki *PKI) (*http.Client, error) {
	cert, err := tls.LoadX509KeyPair(pki.Path(FileEtcdClientCert), pki.Path(FileEtcdClientKey))
	if err != nil {
		return nil, fmt.Errorf("load etcd client certificate: %w", err)
	}
	caPEM, err := os.ReadFile(pki.Path(FileCACert))
	if err != nil {
		return nil, fmt.Errorf("read CA: %w", err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	return &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{Certificates: []tls.Certificate{cert}, RootCAs: pool, MinVersion: tls.VersionTLS12},
	}}, nil
}

// healthzOK asks a component's /healthz on 127.0.0.1:port. Those servers
// use self-signed certificates from their --cert-dir, and /healthz needs
// no credentials, so the certificate is not verified; the address is
// loopback.
func healthzOK(ctx context.Context, scheme string, port int) error {
	client := &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // loopback health probe only
	}}
	body, err := httpGet(ctx, client, scheme+"://"+loopback+":"+strconv.Itoa(port)+"/healthz")
	if err != nil {
		return err
	}
	if strings.TrimSpace(body) != "ok" {
		return fmt.Errorf("healthz: %s", body)
	}
	return nil
}

func httpGet(ctx context.Context, client *http.Client, u string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s: %s", u, resp.Status, data)
	}
	return string(data), nil
}

// apiServerReady asks kube-apiserver's /readyz.
func apiServerReady(ctx context.Context, client kubernetes.Interface) error {
	body, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
	if err != nil {
		return fmt.Errorf("readyz: %w", err)
	}
	if strings.TrimSpace(string(body)) != "ok" {
		return fmt.Errorf("readyz: %s", body)
	}
	return nil
}

// nodesReady succeeds when every named node reports Ready=True and the
// node lifecycle controller has noticed: until it lifts the not-ready
// taint it puts on new nodes, Pods would not be scheduled there.
func nodesReady(ctx context.Context, client kubernetes.Interface, names []string) error {
	for _, name := range names {
		node, err := client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if !nodeIsReady(node) {
			return fmt.Errorf("node %s not ready", name)
		}
		for _, t := range node.Spec.Taints {
			if t.Key == corev1.TaintNodeNotReady || t.Key == corev1.TaintNodeUnreachable {
				return fmt.Errorf("node %s still has taint %s", name, t.Key)
			}
		}
	}
	return nil
}

func nodeIsReady(node *corev1.Node) bool { return kube.NodeReady(node) }

// defaultServiceAccountExists succeeds once the controller-manager has
// created the default ServiceAccount in the default namespace; bare Pods
// are refused before that.
func defaultServiceAccountExists(ctx context.Context, client kubernetes.Interface) error {
	_, err := client.CoreV1().ServiceAccounts(metav1.NamespaceDefault).Get(ctx, "default", metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return fmt.Errorf("default ServiceAccount not created yet")
	}
	return err
}
