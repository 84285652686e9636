package lab

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"sigs.k8s.io/yaml"

	"github.com/kubekurs/kubekurs/internal/userfiles"
)

// maxSocketPath is the longest path a Unix socket can have on Linux:
// sun_path holds 108 bytes, one of them the terminating NUL.
const maxSocketPath = 107

func (l layout) egressSocket() string { return filepath.Join(l.dir, "run", "egress.sock") }
func (l layout) egressSelectorConfig() string {
	return filepath.Join(l.dir, "run", "egress-selector.yaml")
}

// labEgress is the running egress refuser and the directory to remove
// with it when its socket could not live in the data directory.
type labEgress struct {
	refuser *egressRefuser
	tmpDir  string
}

// startEgress starts the egress refuser and writes the API server's
// egress selector configuration, which sends the `cluster` egress (pod
// and service proxy, logs, exec, attach, port-forward, webhooks and
// aggregated APIs behind a Service) to it. `controlplane` and `etcd`
// stay direct: they reach only 127.0.0.1 (and URLs an administrator
// configured).
func (lab *Lab) startEgress(ly layout) (retErr error) {
	if err := os.MkdirAll(filepath.Join(ly.dir, "run"), 0o700); err != nil {
		return fmt.Errorf("create run directory: %w", err)
	}
	if err := os.MkdirAll(ly.logs(), 0o700); err != nil {
		return fmt.Errorf("create log directory: %w", err)
	}
	socket, tmpDir, err := egressSocketPath(ly.egressSocket())
	if err != nil {
		return err
	}
	defer func() {
		if retErr != nil && tmpDir != "" {
			_ = os.RemoveAll(tmpDir)
		}
	}()
	refuser, err := startEgressRefuser(socket, ly.log("egress"))
	if err != nil {
		return err
	}
	lab.egress = &labEgress{refuser: refuser, tmpDir: tmpDir}
	config, err := egressSelectorConfig(socket)
	if err != nil {
		return err
	}
	return userfiles.WriteAtomic(ly.egressSelectorConfig(), config, 0o600)
}

// stopEgress stops the egress refuser, if it runs. Call it after the API
// server has stopped.
func (lab *Lab) stopEgress() error {
	if lab.egress == nil {
		return nil
	}
	err := lab.egress.refuser.stop()
	if lab.egress.tmpDir != "" {
		err = errors.Join(err, os.RemoveAll(lab.egress.tmpDir))
	}
	lab.egress = nil
	return err
}

// egressSocketPath returns preferred when it fits in a socket address.
// Otherwise it makes a private directory (mode 0700) under the temporary
// directory, or /tmp when even that path is too long, and returns a
// socket path in it and the directory, to be removed with the socket.
func egressSocketPath(preferred string) (socket, tmpDir string, err error) {
	if len(preferred) <= maxSocketPath {
		return preferred, "", nil
	}
	for _, parent := range []string{os.TempDir(), "/tmp"} {
		if len(filepath.Join(parent, "kubekurs-egress-0123456789", "egress.sock")) > maxSocketPath {
			continue
		}
		dir, err := os.MkdirTemp(parent, "kubekurs-egress-")
		if err != nil {
			return "", "", fmt.Errorf("create directory for the egress socket: %w", err)
		}
		return filepath.Join(dir, "egress.sock"), dir, nil
	}
	return "", "", fmt.Errorf("no directory for the egress socket: %s is longer than %d bytes, and so is the temporary directory", preferred, maxSocketPath)
}

// egressSelection is one entry of an EgressSelectorConfiguration
// (apiserver.k8s.io/v1beta1), with only the fields the lab sets.
type egressSelection struct {
	Name       string           `json:"name"`
	Connection egressConnection `json:"connection"`
}

type egressConnection struct {
	ProxyProtocol string           `json:"proxyProtocol"`
	Transport     *egressTransport `json:"transport,omitempty"`
}

type egressTransport struct {
	UDS struct {
		UDSName string `json:"udsName"`
	} `json:"uds"`
}

// egressSelectorConfig returns the API server's egress selector
// configuration: `cluster` through HTTP CONNECT on socket, `controlplane`
// and `etcd` direct.
func egressSelectorConfig(socket string) ([]byte, error) {
	toRefuser := &egressTransport{}
	toRefuser.UDS.UDSName = socket
	data, err := yaml.Marshal(map[string]any{
		"apiVersion": "apiserver.k8s.io/v1beta1",
		"kind":       "EgressSelectorConfiguration",
		"egressSelections": []egressSelection{
			{Name: "cluster", Connection: egressConnection{ProxyProtocol: "HTTPConnect", Transport: toRefuser}},
			{Name: "controlplane", Connection: egressConnection{ProxyProtocol: "Direct"}},
			{Name: "etcd", Connection: egressConnection{ProxyProtocol: "Direct"}},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("encode egress selector configuration: %w", err)
	}
	return data, nil
}
