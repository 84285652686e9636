// Package cluster finds and describes the cluster a learner works in: the
// practice cluster (package lab), a kind cluster (package kind) or an
// existing one from a kubeconfig; which of them to use; what each can do;
// and how to remove what the course made in it.
package cluster

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/cluster/lab/lbcontroller"
	"github.com/kubekurs/kubekurs/internal/capability"
	"github.com/kubekurs/kubekurs/internal/kube"
)

// Capability is something a lesson may need from the cluster. The names,
// the ones lessons use in `requires`, are package capability's.
type Capability = capability.Name

// The capabilities lessons can require (see package capability).
const (
	RunningContainers   = capability.RunningContainers
	MultipleNodes       = capability.MultipleNodes
	DNS                 = capability.DNS
	DefaultStorageClass = capability.DefaultStorageClass
	IngressController   = capability.IngressController
	LoadBalancer        = capability.LoadBalancer
	Metrics             = capability.Metrics
	RBAC                = capability.RBAC
)

// AllCapabilities lists every capability, in the order reports show them.
func AllCapabilities() []Capability { return capability.All() }

// Annotations detection reads: the practice cluster's KWOK nodes, and
// the default IngressClass.
const (
	simulatedNodeAnnotation       = "kwok.x-k8s.io/node"
	defaultIngressClassAnnotation = "ingressclass.kubernetes.io/is-default-class"
)

// State is what detection found out about one capability.
type State int

// The states of a capability.
const (
	// Absent: the cluster lacks it.
	Absent State = iota
	// Present: the cluster has it.
	Present
	// Unknown: the learner may not look (RBAC) or the probe failed; the
	// course does not skip steps for it.
	Unknown
)

// Finding is one capability's state with a short Norwegian detail, e.g.
// "StorageClass «standard»" or "har ikke lov til å liste nodes".
type Finding struct {
	State  State
	Detail string
	// Forbidden is true when the state is Unknown because the learner may
	// not look.
	Forbidden bool
}

// Report is what a cluster can do, and what the learner may do in it.
type Report struct {
	// Version is the API server's Kubernetes version, e.g. "v1.36.3".
	Version string
	// Nodes and NodesReady count the nodes (0 when they may not be listed).
	Nodes, NodesReady int
	// Findings has one entry per capability in AllCapabilities.
	Findings map[Capability]Finding
	// Denied lists the permissions the lessons need that the learner
	// lacks, in LessonPermissions order.
	Denied []Permission
}

// Has reports whether the cluster certainly has c.
func (r *Report) Has(c Capability) bool { return r.Findings[c].State == Present }

// Missing returns the capabilities in need that the cluster certainly
// lacks, in order and without repeats. Unknown ones are not missing: the
// course tries rather than skips.
func (r *Report) Missing(need []string) []Capability {
	var missing []Capability
	for _, n := range need {
		c := Capability(n)
		if r.Findings[c].State == Absent && !slices.Contains(missing, c) {
			missing = append(missing, c)
		}
	}
	return missing
}

// Detect asks the cluster what it can do and what the learner may do in
// namespace (not asked when namespace is ""). It makes its API calls concurrently, each bounded by ctx. A
// probe the learner is not allowed to make gives Unknown, not an error;
// the error is for a cluster that does not answer at all.
func Detect(ctx context.Context, client kubernetes.Interface, namespace string) (*Report, error) {
	version, err := client.Discovery().ServerVersion()
	if err != nil {
		return nil, fmt.Errorf("reach API server: %w", err)
	}
	r := &Report{Version: version.GitVersion, Findings: map[Capability]Finding{}}
	var mu sync.Mutex
	set := func(c Capability, f Finding) {
		mu.Lock()
		r.Findings[c] = f
		mu.Unlock()
	}
	nodes, nodesErr := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	detectNodes(nodes, nodesErr, r)
	probes := []func(){
		func() { set(DefaultStorageClass, detectStorageClass(ctx, client)) },
		func() { set(IngressController, detectIngress(ctx, client)) },
		func() { set(Metrics, detectMetrics(client)) },
		func() { set(LoadBalancer, detectLoadBalancer(ctx, client, nodes)) },
		func() { set(DNS, detectDNS(ctx, client)) },
		func() { set(RBAC, detectRBAC(client)) },
	}
	if namespace != "" {
		probes = append(probes, func() {
			denied := Denied(ctx, client, namespace, LessonPermissions())
			mu.Lock()
			r.Denied = denied
			mu.Unlock()
		})
	}
	var wg sync.WaitGroup
	for _, p := range probes {
		wg.Go(p)
	}
	wg.Wait()
	return r, nil
}

// unknown is the Finding for a probe that failed: forbidden, or another
// error.
func unknown(err error, verb, resource string) Finding {
	if apierrors.IsForbidden(err) {
		return Finding{State: Unknown, Detail: fmt.Sprintf("har ikke lov til å %s %s", verbText(verb), resource), Forbidden: true}
	}
	return Finding{State: Unknown, Detail: "fikk ikke svar: " + err.Error()}
}

func verbText(verb string) string {
	switch verb {
	case "list":
		return "liste"
	case "get":
		return "lese"
	}
	return verb
}

// detectNodes fills in the nodes' count and the capabilities that depend
// on them, from the node list (or the error listing them).
func detectNodes(nodes *corev1.NodeList, err error, r *Report) {
	if err != nil {
		r.Findings[RunningContainers] = unknown(err, "list", "nodes")
		r.Findings[MultipleNodes] = unknown(err, "list", "nodes")
		return
	}
	simulated, schedulable := 0, 0
	for i := range nodes.Items {
		n := &nodes.Items[i]
		if n.Annotations[simulatedNodeAnnotation] == "fake" {
			simulated++
		}
		if kube.NodeReady(n) {
			r.NodesReady++
			// A cordoned node still counts: cordon is a pause, and the
			// step that undoes it (L05's uncordon) needs the capability
			// while the node is cordoned.
			if !hasNoScheduleTaint(n) {
				schedulable++
			}
		}
	}
	r.Nodes = len(nodes.Items)
	switch {
	case len(nodes.Items) == 0:
		r.Findings[RunningContainers] = Finding{State: Absent, Detail: "clusteret har ingen noder"}
	case simulated == len(nodes.Items):
		r.Findings[RunningContainers] = Finding{State: Absent, Detail: "nodene er simulerte"}
	default:
		r.Findings[RunningContainers] = Finding{State: Present, Detail: fmt.Sprintf("%d ekte noder", len(nodes.Items)-simulated)}
	}
	state := Absent
	if schedulable >= 2 {
		state = Present
	}
	r.Findings[MultipleNodes] = Finding{State: state, Detail: fmt.Sprintf("%d noder for vanlige Poder (en node med cordon telles med)", schedulable)}
}

// hasNoScheduleTaint reports a NoSchedule taint other than the one
// cordon brings (node.kubernetes.io/unschedulable): a node ordinary Pods
// are kept off for good, such as a control-plane node.
func hasNoScheduleTaint(n *corev1.Node) bool {
	for _, t := range n.Spec.Taints {
		if t.Effect == corev1.TaintEffectNoSchedule && t.Key != corev1.TaintNodeUnschedulable {
			return true
		}
	}
	return false
}

func detectStorageClass(ctx context.Context, client kubernetes.Interface) Finding {
	classes, err := client.StorageV1().StorageClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return unknown(err, "list", "storageclasses")
	}
	for _, sc := range classes.Items {
		if sc.Annotations["storageclass.kubernetes.io/is-default-class"] == "true" {
			return Finding{State: Present, Detail: fmt.Sprintf("StorageClass «%s» (%s)", sc.Name, sc.Provisioner)}
		}
	}
	if len(classes.Items) > 0 {
		return Finding{State: Absent, Detail: fmt.Sprintf("%d StorageClasser, ingen er standard", len(classes.Items))}
	}
	return Finding{State: Absent, Detail: "ingen StorageClass"}
}

func detectIngress(ctx context.Context, client kubernetes.Interface) Finding {
	classes, err := client.NetworkingV1().IngressClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return unknown(err, "list", "ingressclasses")
	}
	if len(classes.Items) == 0 {
		return Finding{State: Absent, Detail: "ingen IngressClass"}
	}
	var names []string
	for _, c := range classes.Items {
		about := c.Spec.Controller
		if about == lbcontroller.IngressControllerName {
			about = "øvingsclusterets simulerte"
		}
		if c.Annotations[defaultIngressClassAnnotation] == "true" {
			about += ", standard"
		}
		names = append(names, fmt.Sprintf("«%s» (%s)", c.Name, about))
	}
	return Finding{State: Present, Detail: "IngressClass " + strings.Join(names, ", ")}
}

func detectMetrics(client kubernetes.Interface) Finding {
	_, err := client.Discovery().ServerResourcesForGroupVersion("metrics.k8s.io/v1beta1")
	switch {
	case err == nil:
		return Finding{State: Present, Detail: "metrics.k8s.io svarer"}
	case apierrors.IsNotFound(err):
		return Finding{State: Absent, Detail: "metrics.k8s.io finnes ikke"}
	case apierrors.IsServiceUnavailable(err):
		return Finding{State: Absent, Detail: "metrics.k8s.io er registrert, men Metrics Server svarer ikke"}
	}
	return unknown(err, "get", "metrics.k8s.io")
}

// cloudProviders are the providerID schemes of clouds whose controllers
// give LoadBalancer Services an address.
var cloudProviders = []string{"aws", "gce", "azure", "digitalocean", "openstack", "hcloud", "linode", "oci", "ibm", "vsphere", "exoscale", "scaleway", "upcloud"}

// detectLoadBalancer looks for evidence that LoadBalancer Services get an
// address: the practice cluster's marker, one that already has one,
// MetalLB's API group, or nodes of a cloud provider.
func detectLoadBalancer(ctx context.Context, client kubernetes.Interface, nodes *corev1.NodeList) Finding {
	marker, err := client.CoreV1().ConfigMaps(lbcontroller.MarkerNamespace).Get(ctx, lbcontroller.MarkerName, metav1.GetOptions{})
	if err == nil && marker.Data[lbcontroller.MarkerKeyPool] != "" {
		return Finding{State: Present, Detail: fmt.Sprintf("øvingsclusterets simulerte lastbalanserer (adresser %s, bare data)", marker.Data[lbcontroller.MarkerKeyPool])}
	}
	services, err := client.CoreV1().Services(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
	if err == nil {
		for _, s := range services.Items {
			if s.Spec.Type == corev1.ServiceTypeLoadBalancer && len(s.Status.LoadBalancer.Ingress) > 0 {
				return Finding{State: Present, Detail: fmt.Sprintf("Servicen %s/%s har fått en adresse", s.Namespace, s.Name)}
			}
		}
	}
	if _, gerr := client.Discovery().ServerResourcesForGroupVersion("metallb.io/v1beta1"); gerr == nil {
		return Finding{State: Present, Detail: "MetalLB er installert"}
	}
	if nodes != nil && len(nodes.Items) > 0 {
		scheme, _, _ := strings.Cut(nodes.Items[0].Spec.ProviderID, "://")
		if slices.Contains(cloudProviders, scheme) {
			return Finding{State: Present, Detail: "nodene er hos skyleverandøren " + scheme}
		}
	}
	if err != nil {
		return unknown(err, "list", "services")
	}
	return Finding{State: Absent, Detail: "ingen MetalLB, cloud-provider-kind eller skyleverandør funnet"}
}

// detectDNS looks for the kube-dns Service in kube-system (CoreDNS's,
// under its historical name) with at least one ready endpoint.
func detectDNS(ctx context.Context, client kubernetes.Interface) Finding {
	_, err := client.CoreV1().Services(metav1.NamespaceSystem).Get(ctx, "kube-dns", metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return Finding{State: Absent, Detail: "ingen kube-dns-Service i kube-system"}
	}
	if err != nil {
		return unknown(err, "get", "services i kube-system")
	}
	eps, err := client.DiscoveryV1().EndpointSlices(metav1.NamespaceSystem).List(ctx, metav1.ListOptions{LabelSelector: "kubernetes.io/service-name=kube-dns"})
	if err != nil {
		return unknown(err, "list", "endpointslices i kube-system")
	}
	for _, s := range eps.Items {
		for _, e := range s.Endpoints {
			if e.Conditions.Ready == nil || *e.Conditions.Ready {
				return Finding{State: Present, Detail: "CoreDNS svarer (kube-dns)"}
			}
		}
	}
	return Finding{State: Absent, Detail: "kube-dns finnes, men ingen DNS-Pod er klar"}
}

func detectRBAC(client kubernetes.Interface) Finding {
	_, err := client.Discovery().ServerResourcesForGroupVersion("rbac.authorization.k8s.io/v1")
	switch {
	case err == nil:
		return Finding{State: Present, Detail: "rbac.authorization.k8s.io/v1"}
	case apierrors.IsNotFound(err):
		return Finding{State: Absent, Detail: "rbac.authorization.k8s.io finnes ikke"}
	}
	return unknown(err, "get", "rbac.authorization.k8s.io")
}

// Explain says in Norwegian why a missing capability matters and how to
// get it, for the learner.
func Explain(c Capability) string {
	switch c {
	case RunningContainers:
		return "Dette steget trenger ekte containere (logger, exec eller trafikk). Øvingsclusteret simulerer nodene, så her kjører ingen containere. Bruk et cluster med ekte containere, for eksempel kind (krever Docker): `kubekurs cluster create`."
	case IngressController:
		return "Denne leksjonen trenger en Ingress Controller, og clusteret har ingen IngressClass. På kind: kjør cloud-provider-kind (v0.9 eller nyere), som også er Ingress Controller. På andre cluster: installer en kontroller som vedlikeholdes, for eksempel Traefik; ingress-nginx fra eldre veiledninger er pensjonert."
	case DefaultStorageClass:
		return "Denne leksjonen trenger en standard-StorageClass som lager volumer av seg selv. kind har det fra start; på eget cluster må en Storage Provisioner installeres, for eksempel local-path-provisioner."
	case Metrics:
		return "Denne leksjonen trenger metrics-API-et. Installer Metrics Server: `kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml` (på kind også med `--kubelet-insecure-tls`)."
	case LoadBalancer:
		return "Denne leksjonen trenger lastbalanserere for Servicer av typen LoadBalancer. På kind: kjør cloud-provider-kind; på bare-metal: installer MetalLB."
	case MultipleNodes:
		return "Denne leksjonen trenger minst to worker-noder. Lag et kind-cluster med to workere: `kubekurs cluster create --workers 2`."
	case DNS:
		return "Denne leksjonen trenger cluster-DNS (CoreDNS). Øvingsclusteret har ikke DNS; kind og kubeadm har CoreDNS fra start."
	case RBAC:
		return "Denne leksjonen trenger tilgangsstyring (RBAC). Start kube-apiserver med `--authorization-mode=Node,RBAC`."
	}
	return fmt.Sprintf("Clusteret mangler «%s».", string(c))
}
