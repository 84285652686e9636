package lab

import (
	"fmt"
	"os"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/kubekurs/kubekurs/internal/userfiles"
)

// ContextName is the kubeconfig context (and cluster) name of the practice
// cluster.
const ContextName = "kubekurs-lab"

// kubeconfigFor builds a self-contained kubeconfig (certificates embedded)
// for the API server at server, authenticating with the given client
// certificate pair from the PKI.
func kubeconfigFor(pki *PKI, server, user, certFile, keyFile string) ([]byte, error) {
	ca, err := os.ReadFile(pki.Path(FileCACert))
	if err != nil {
		return nil, fmt.Errorf("read CA: %w", err)
	}
	cert, err := os.ReadFile(pki.Path(certFile))
	if err != nil {
		return nil, fmt.Errorf("read client certificate: %w", err)
	}
	key, err := os.ReadFile(pki.Path(keyFile))
	if err != nil {
		return nil, fmt.Errorf("read client key: %w", err)
	}
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[ContextName] = &clientcmdapi.Cluster{
		Server:                   server,
		CertificateAuthorityData: ca,
	}
	cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{
		ClientCertificateData: cert,
		ClientKeyData:         key,
	}
	cfg.Contexts[ContextName] = &clientcmdapi.Context{
		Cluster:   ContextName,
		AuthInfo:  user,
		Namespace: "default",
	}
	cfg.CurrentContext = ContextName
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return nil, fmt.Errorf("encode kubeconfig: %w", err)
	}
	return data, nil
}

// componentKubeconfigs writes one kubeconfig per control-plane client
// into the layout's kubeconfig directory and returns the admin
// kubeconfig's bytes.
func componentKubeconfigs(pki *PKI, server string, ly layout) ([]byte, error) {
	if err := os.MkdirAll(ly.kubeconfigs(), 0o700); err != nil {
		return nil, fmt.Errorf("create kubeconfig directory: %w", err)
	}
	clients := []struct{ name, user, cert, key string }{
		{"admin", "kubekurs-admin", FileAdminCert, FileAdminKey},
		{"controller-manager", "system:kube-controller-manager", FileControllerManagerCert, FileControllerManagerKey},
		{"scheduler", "system:kube-scheduler", FileSchedulerCert, FileSchedulerKey},
		{"kwok", "kubekurs-kwok", FileKwokCert, FileKwokKey},
	}
	var admin []byte
	for _, c := range clients {
		data, err := kubeconfigFor(pki, server, c.user, c.cert, c.key)
		if err != nil {
			return nil, fmt.Errorf("kubeconfig for %s: %w", c.user, err)
		}
		if err := userfiles.WriteAtomic(ly.kubeconfig(c.name), data, 0o600); err != nil {
			return nil, err
		}
		if admin == nil {
			admin = data
		}
	}
	return admin, nil
}

// restConfigFrom turns kubeconfig bytes into a client configuration.
func restConfigFrom(kubeconfig []byte) (*rest.Config, error) {
	cfg, err := clientcmd.RESTConfigFromKubeConfig(kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("parse kubeconfig: %w", err)
	}
	return cfg, nil
}
