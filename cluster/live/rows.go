package live

import (
	"github.com/kubekurs/kubekurs/cluster/view"

	"cmp"
	"fmt"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// Kinds as the panel names them, in the order it shows them.
const (
	kindDeployment = "Deployment"
	kindPod        = "Pod"
	kindService    = "Service"
	kindIngress    = "Ingress"
	kindConfigMap  = "ConfigMap"
	kindSecret     = "Secret"
)

// rootCAConfigMap is the ConfigMap Kubernetes puts in every Namespace;
// the learner did not make it, so the panel leaves it out.
const rootCAConfigMap = "kube-root-ca.crt"

// namespaceObjects are the objects of the learner's Namespace the panel
// shows, by kind, as Objects lists them.
type namespaceObjects struct {
	deployments []appsv1.Deployment
	pods        []corev1.Pod
	services    []corev1.Service
	ingresses   []networkingv1.Ingress
	configMaps  []corev1.ConfigMap
	secrets     []corev1.Secret
}

// panelRows renders the listed objects as the panel's rows: Deployments,
// then Pods, Services, Ingresses, ConfigMaps and Secrets, each kind by
// name, without the root CA ConfigMap.
func panelRows(ns namespaceObjects) []view.Object {
	rows := make([]view.Object, 0, len(ns.deployments)+len(ns.pods)+len(ns.services)+len(ns.ingresses)+len(ns.configMaps)+len(ns.secrets))
	for i := range ns.deployments {
		rows = append(rows, deploymentRow(&ns.deployments[i]))
	}
	for i := range ns.pods {
		rows = append(rows, podRow(&ns.pods[i]))
	}
	for i := range ns.services {
		rows = append(rows, serviceRow(&ns.services[i]))
	}
	for i := range ns.ingresses {
		rows = append(rows, ingressRow(&ns.ingresses[i]))
	}
	for i := range ns.configMaps {
		if ns.configMaps[i].Name != rootCAConfigMap {
			rows = append(rows, configMapRow(&ns.configMaps[i]))
		}
	}
	for i := range ns.secrets {
		rows = append(rows, secretRow(&ns.secrets[i]))
	}
	sortRows(rows)
	return rows
}

// sortRows orders rows by kind (Deployment, Pod, Service, Ingress,
// ConfigMap, Secret), then by name.
func sortRows(rows []view.Object) {
	slices.SortStableFunc(rows, func(a, b view.Object) int {
		return cmp.Or(cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), strings.Compare(a.Name, b.Name))
	})
}

// kindOrder is where the panel shows kind: Deployments first.
func kindOrder(kind string) int {
	switch kind {
	case kindPod:
		return 1
	case kindService:
		return 2
	case kindIngress:
		return 3
	case kindConfigMap:
		return 4
	case kindSecret:
		return 5
	}
	return 0
}

// deploymentRow renders a Deployment as a panel row: ready of desired
// replicas (1 when the spec leaves it out).
func deploymentRow(d *appsv1.Deployment) view.Object {
	want := int32(1)
	if d.Spec.Replicas != nil {
		want = *d.Spec.Replicas
	}
	return view.Object{
		Kind: kindDeployment, Name: d.Name,
		Status:  fmt.Sprintf("%d/%d klare", d.Status.ReadyReplicas, want),
		Healthy: d.Status.ReadyReplicas == want,
	}
}

// podRow renders a Pod as a panel row: its phase, or the reason a
// container waits (ImagePullBackOff), or Terminating, and ready
// containers.
func podRow(p *corev1.Pod) view.Object {
	status := string(p.Status.Phase)
	ready := 0
	for _, cs := range p.Status.ContainerStatuses {
		if cs.Ready {
			ready++
		}
		if cs.State.Waiting != nil && cs.State.Waiting.Reason != "" {
			status = cs.State.Waiting.Reason
		}
	}
	if p.DeletionTimestamp != nil {
		status = "Terminating"
	}
	total := len(p.Spec.Containers)
	return view.Object{
		Kind: kindPod, Name: p.Name,
		Status:  fmt.Sprintf("%s %d/%d", status, ready, total),
		Healthy: p.Status.Phase == corev1.PodRunning && ready == total && p.DeletionTimestamp == nil,
	}
}

// serviceRow renders a Service as a panel row: its type and cluster IP.
func serviceRow(s *corev1.Service) view.Object {
	return view.Object{Kind: kindService, Name: s.Name, Status: string(s.Spec.Type) + " " + s.Spec.ClusterIP, Healthy: true}
}

// configMapRow renders a ConfigMap as a panel row: how many keys it has,
// text and binary.
func configMapRow(cm *corev1.ConfigMap) view.Object {
	return view.Object{Kind: kindConfigMap, Name: cm.Name, Status: fmt.Sprintf("%d nøkler", len(cm.Data)+len(cm.BinaryData)), Healthy: true}
}

// ingressRow renders an Ingress as a panel row: its hosts ("*" for a rule
// without one) and the address the controller gave it, or that it waits
// for one.
func ingressRow(ing *networkingv1.Ingress) view.Object {
	var hosts []string
	for _, r := range ing.Spec.Rules {
		host := cmp.Or(r.Host, "*")
		if !slices.Contains(hosts, host) {
			hosts = append(hosts, host)
		}
	}
	if len(hosts) == 0 {
		hosts = []string{"*"}
	}
	var addrs []string
	for _, in := range ing.Status.LoadBalancer.Ingress {
		if a := cmp.Or(in.IP, in.Hostname); a != "" {
			addrs = append(addrs, a)
		}
	}
	status := strings.Join(hosts, ", ") + " → " + strings.Join(addrs, ", ")
	if len(addrs) == 0 {
		status = strings.Join(hosts, ", ") + " (venter på adresse)"
	}
	return view.Object{Kind: kindIngress, Name: ing.Name, Status: status, Healthy: len(addrs) > 0}
}

// secretRow renders a Secret as a panel row: its type and how many keys
// it has. It never shows a value.
func secretRow(s *corev1.Secret) view.Object {
	return view.Object{Kind: kindSecret, Name: s.Name, Status: fmt.Sprintf("%s, %d nøkler", cmp.Or(string(s.Type), string(corev1.SecretTypeOpaque)), len(s.Data)), Healthy: true}
}
