package lab

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// Address ranges of the simulated cluster. They are data in the API only:
// nothing listens on them and nothing may connect to them.
const (
	serviceCIDR = "10.96.0.0/16"
	podCIDR     = "10.244.0.0/16"
)

// Names of the control-plane components, as they appear in logs, errors
// and `kubekurs lab status`.
const (
	componentEtcd              = "etcd"
	componentAPIServer         = "kube-apiserver"
	componentControllerManager = "kube-controller-manager"
	componentScheduler         = "kube-scheduler"
	componentKwok              = "kwok"
)

// Binary names inside BinDir: the multi-call control-plane binary
// (kube-apiserver, kube-controller-manager, kube-scheduler; the component
// is its first argument), etcd and KWOK.
const (
	binaryControlPlane = "labkube"
	binaryEtcd         = "etcd"
	binaryKwok         = "kwok"
)

// layout names the files and directories inside the data directory.
type layout struct{ dir string }

func (l layout) pki() string         { return filepath.Join(l.dir, "pki") }
func (l layout) etcdData() string    { return filepath.Join(l.dir, "etcd") }
func (l layout) kubeconfigs() string { return filepath.Join(l.dir, "kubeconfig") }
func (l layout) kubeconfig(n string) string {
	return filepath.Join(l.kubeconfigs(), n+".kubeconfig")
}
func (l layout) logs() string           { return filepath.Join(l.dir, "logs") }
func (l layout) log(name string) string { return filepath.Join(l.logs(), name+".log") }
func (l layout) kwokDir() string        { return filepath.Join(l.dir, "kwok") }
func (l layout) certDir(name string) string {
	return filepath.Join(l.dir, "run", name)
}

// AdminKubeconfigPath is the admin kubeconfig of the practice cluster
// whose data directory is dataDir; it exists once the cluster has started.
func AdminKubeconfigPath(dataDir string) string { return layout{dir: dataDir}.kubeconfig("admin") }

// url returns https://127.0.0.1:port.
func url(port int) string { return "https://" + loopback + ":" + strconv.Itoa(port) }

func (lab *Lab) etcdProcess(pki *PKI, ly layout, ports Ports) *process {
	args := []string{
		"--name=kubekurs",
		"--data-dir=" + ly.etcdData(),
		"--listen-client-urls=" + url(ports.EtcdClient),
		"--advertise-client-urls=" + url(ports.EtcdClient),
		"--listen-peer-urls=" + url(ports.EtcdPeer),
		"--initial-advertise-peer-urls=" + url(ports.EtcdPeer),
		"--initial-cluster=kubekurs=" + url(ports.EtcdPeer),
		"--initial-cluster-state=new",
		"--cert-file=" + pki.Path(FileEtcdCert),
		"--key-file=" + pki.Path(FileEtcdKey),
		"--trusted-ca-file=" + pki.Path(FileCACert),
		"--client-cert-auth=true",
		"--peer-cert-file=" + pki.Path(FileEtcdCert),
		"--peer-key-file=" + pki.Path(FileEtcdKey),
		"--peer-trusted-ca-file=" + pki.Path(FileCACert),
		"--peer-client-cert-auth=true",
		"--snapshot-count=10000",
		"--quota-backend-bytes=" + strconv.Itoa(2<<30),
		"--log-level=warn",
	}
	if lab.UnsafeNoFsync {
		args = append(args, "--unsafe-no-fsync=true")
	}
	return lab.newProcess(componentEtcd, binaryEtcd, args, ly)
}

func (lab *Lab) apiServerProcess(pki *PKI, ly layout, ports Ports) *process {
	args := []string{
		"kube-apiserver",
		"--bind-address=" + loopback,
		"--advertise-address=" + loopback,
		"--secure-port=" + strconv.Itoa(ports.APIServer),
		"--cert-dir=" + ly.certDir(componentAPIServer),
		"--tls-cert-file=" + pki.Path(FileAPIServerCert),
		"--tls-private-key-file=" + pki.Path(FileAPIServerKey),
		"--client-ca-file=" + pki.Path(FileCACert),
		"--etcd-servers=" + url(ports.EtcdClient),
		"--etcd-cafile=" + pki.Path(FileCACert),
		"--etcd-certfile=" + pki.Path(FileEtcdClientCert),
		"--etcd-keyfile=" + pki.Path(FileEtcdClientKey),
		"--service-cluster-ip-range=" + serviceCIDR,
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + pki.Path(FileServiceAccountPub),
		"--service-account-signing-key-file=" + pki.Path(FileServiceAccountKey),
		"--authorization-mode=Node,RBAC",
		"--enable-admission-plugins=NodeRestriction",
		"--allow-privileged=true",
		"--profiling=false",
		"--egress-selector-config-file=" + ly.egressSelectorConfig(),
		// As kubeadm: reach a kubelet by its node IP, so the node proxy
		// does not look the node's name up in the learner's DNS.
		"--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
		"--v=1",
	}
	return lab.newProcess(componentAPIServer, binaryControlPlane, args, ly)
}

// clientComponentArgs are the flags kube-controller-manager and
// kube-scheduler share: a health port on loopback, and one kubeconfig for
// talking to the API server and for checking who calls their endpoints.
func clientComponentArgs(name string, port int, kubeconfig string, ly layout) []string {
	return []string{
		name,
		"--bind-address=" + loopback,
		"--secure-port=" + strconv.Itoa(port),
		"--cert-dir=" + ly.certDir(name),
		"--kubeconfig=" + kubeconfig,
		"--authentication-kubeconfig=" + kubeconfig,
		"--authorization-kubeconfig=" + kubeconfig,
		"--leader-elect=false",
		"--profiling=false",
		"--v=1",
	}
}

func (lab *Lab) controllerManagerProcess(pki *PKI, ly layout, ports Ports) *process {
	args := append(clientComponentArgs(componentControllerManager, ports.ControllerManager, ly.kubeconfig("controller-manager"), ly),
		"--use-service-account-credentials=true",
		"--service-account-private-key-file="+pki.Path(FileServiceAccountKey),
		"--root-ca-file="+pki.Path(FileCACert),
		"--cluster-signing-cert-file="+pki.Path(FileCACert),
		"--cluster-signing-key-file="+pki.Path(FileCAKey),
		"--service-cluster-ip-range="+serviceCIDR,
		"--cluster-cidr="+podCIDR,
		"--allocate-node-cidrs=false",
		// Notice Ready nodes sooner (default 5s): new nodes carry a
		// not-ready taint until the node lifecycle controller looks.
		"--node-monitor-period=1s",
	)
	return lab.newProcess(componentControllerManager, binaryControlPlane, args, ly)
}

func (lab *Lab) schedulerProcess(ly layout, ports Ports) *process {
	args := clientComponentArgs(componentScheduler, ports.Scheduler, ly.kubeconfig("scheduler"), ly)
	return lab.newProcess(componentScheduler, binaryControlPlane, args, ly)
}

// kwokProcess runs KWOK, which plays kubelet for the simulated nodes. It
// gets its own HOME so a ~/.kwok/kwok.yaml of the user cannot change it,
// and never a --node-port (that would listen on all interfaces).
func (lab *Lab) kwokProcess(ly layout, ports Ports) *process {
	args := []string{
		"--kubeconfig=" + ly.kubeconfig("kwok"),
		"--config=" + filepath.Join(ly.kwokDir(), "stages.yaml"),
		"--manage-all-nodes=false",
		"--manage-nodes-with-annotation-selector=" + kwokNodeAnnotation + "=fake",
		"--cidr=" + podCIDR,
		"--server-address=" + loopback + ":" + strconv.Itoa(ports.Kwok),
		// Without a lease KWOK's heartbeats do not count: after the grace
		// period the node lifecycle controller would mark every Pod
		// NotReady, and the pod stages only make Pending Pods ready.
		"--node-lease-duration-seconds=40",
	}
	p := lab.newProcess(componentKwok, binaryKwok, args, ly)
	p.env = append(p.env, "HOME="+filepath.Join(ly.kwokDir(), "home"))
	return p
}

// newProcess prepares a component with a minimal environment: the
// learner's KUBECONFIG and the like must not leak into the control plane.
func (lab *Lab) newProcess(name, binary string, args []string, ly layout) *process {
	return &process{
		name:    name,
		path:    filepath.Join(lab.BinDir, binary),
		args:    args,
		env:     []string{"PATH=" + os.Getenv("PATH"), "TMPDIR=" + os.TempDir()},
		logPath: ly.log(name),
	}
}

// CheckBinaries fails with a MissingBinaryError for the first binary that
// is not an executable file in BinDir.
func (lab *Lab) CheckBinaries() error {
	for _, b := range []string{binaryControlPlane, binaryEtcd, binaryKwok} {
		path := filepath.Join(lab.BinDir, b)
		st, err := os.Stat(path)
		if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			return &MissingBinaryError{Path: path}
		}
	}
	return nil
}

// MissingBinaryError names a control-plane binary that is not there.
type MissingBinaryError struct {
	// Path is where the binary was looked for.
	Path string
}

// Error implements error.
func (e *MissingBinaryError) Error() string { return fmt.Sprintf("%s not found", e.Path) }

// Unwrap makes errors.Is(err, ErrBinaryMissing) true.
func (e *MissingBinaryError) Unwrap() error { return ErrBinaryMissing }
