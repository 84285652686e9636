package live

import (
	"github.com/kubekurs/kubekurs/cluster/view"

	"cmp"
	"fmt"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// Kinds as the panel names them, in the order it shows them.
const (
	kindDeployment = "Deployment"
	kindPod        = "Pod"
	kindService    = "Service"
	kindConfigMap  = "ConfigMap"
)

// rootCAConfigMap is the ConfigMap Kubernetes puts in every Namespace;
// the learner did not make it, so the panel leaves it out.
const rootCAConfigMap = "kube-root-ca.crt"

// panelRows renders the listed objects as the panel's rows: Deployments,
// then Pods, Services and ConfigMaps, each kind by name, without the
// root CA ConfigMap.
func panelRows(deployments []appsv1.Deployment, pods []corev1.Pod, services []corev1.Service, configMaps []corev1.ConfigMap) []view.Object {
	rows := make([]view.Object, 0, len(deployments)+len(pods)+len(services)+len(configMaps))
	for i := range deployments {
		rows = append(rows, deploymentRow(&deployments[i]))
	}
	for i := range pods {
		rows = append(rows, podRow(&pods[i]))
	}
	for i := range services {
		rows = append(rows, serviceRow(&services[i]))
	}
	for i := range configMaps {
		if configMaps[i].Name != rootCAConfigMap {
			rows = append(rows, configMapRow(&configMaps[i]))
		}
	}
	sortRows(rows)
	return rows
}

// sortRows orders rows by kind (Deployment, Pod, Service, ConfigMap),
// then by name.
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
	case kindConfigMap:
		return 3
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
