package class

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// DefaultOutDir is the folder, in the current directory, that the class's
// kubeconfig files go to when none is named.
func DefaultOutDir(class string) string { return "kubekurs-" + class }

// KubeconfigPath is where a student's kubeconfig goes in dir.
func KubeconfigPath(dir, namespace string) string {
	return filepath.Join(dir, namespace+".kubeconfig")
}

// contextName is the context, and the user, of a student's kubeconfig:
// what tells a kubeconfig kubekurs wrote for the Namespace.
func contextName(namespace string) string { return "kubekurs-" + namespace }

// studentKubeconfig is a kubeconfig for the API server admin talks to,
// with token as its credentials and namespace as its context's
// Namespace.
func studentKubeconfig(admin *rest.Config, class, namespace, token string) (*clientcmdapi.Config, error) {
	ca := admin.CAData
	if len(ca) == 0 && admin.CAFile != "" {
		var err error
		if ca, err = os.ReadFile(admin.CAFile); err != nil {
			return nil, fmt.Errorf("read CA certificate: %w", err)
		}
	}
	name := contextName(namespace)
	clusterName := "kubekurs-" + class
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{
		Server:                   admin.Host,
		CertificateAuthorityData: ca,
		InsecureSkipTLSVerify:    admin.Insecure,
		TLSServerName:            admin.ServerName,
	}
	cfg.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: token}
	cfg.Contexts[name] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: name, Namespace: namespace}
	cfg.CurrentContext = name
	return cfg, nil
}

// writeKubeconfig writes cfg to path, readable by the owner only, in one
// rename: a reader never sees half a file.
func writeKubeconfig(path string, cfg *clientcmdapi.Config) (retErr error) {
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return fmt.Errorf("encode kubeconfig: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".kubekurs-*.tmp") // mode 0600
	if err != nil {
		return fmt.Errorf("write kubeconfig: %w", err)
	}
	defer func() {
		if retErr != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write kubeconfig: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write kubeconfig: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write kubeconfig: %w", err)
	}
	return nil
}

// fileState is what is at a student's kubeconfig path.
type fileState int

const (
	fileMissing fileState = iota
	// fileOurs is a kubeconfig kubekurs wrote for the Namespace.
	fileOurs
	// fileForeign is anything else, which kubekurs does not overwrite.
	fileForeign
)

// inspectKubeconfig says what is at path, a kubeconfig for namespace or
// not, and the expiry of an own kubeconfig's token (zero when unknown).
func inspectKubeconfig(path, namespace string) (fileState, time.Time) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return fileMissing, time.Time{}
	}
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil || cfg.CurrentContext != contextName(namespace) {
		return fileForeign, time.Time{}
	}
	user := cfg.AuthInfos[contextName(namespace)]
	if user == nil {
		return fileForeign, time.Time{}
	}
	return fileOurs, tokenExpiry(user.Token)
}

// tokenExpiry reads the expiry (the claim exp) of a JSON Web Token
// without checking its signature, which only the API server can; zero
// when there is none.
func tokenExpiry(token string) time.Time {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return time.Time{}
	}
	var claims struct {
		Exp int64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp <= 0 {
		return time.Time{}
	}
	return time.Unix(claims.Exp, 0)
}
