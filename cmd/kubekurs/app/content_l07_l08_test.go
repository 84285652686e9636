package app

import (
	"context"
	"fmt"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// wrongAttemptsL07L08 are the typical mistakes with Services (syllabus
// §4.5 and §4.6).
func wrongAttemptsL07L08() []wrongAttempt {
	return []wrongAttempt{
		{name: "selector med skrivefeil", lesson: "L07", step: 2, manifest: serviceManifest("web", "ClusterIP", "webb", 80),
			failing: "selector app=web", hint: "app=webb", fix: "kubectl delete service web", redo: true},
		{name: "targetPort 8080", lesson: "L07", step: 2, manifest: serviceManifest("web", "ClusterIP", "web", 8080),
			failing: "port 80 → 80", hint: "8080", fix: "kubectl delete service web", redo: true},
		{name: "Service i et annet Namespace", lesson: "L07", step: 2, before: "kubectl create namespace {{ns}}-lek",
			commands: "kubectl create service clusterip web --tcp=80:80 -n {{ns}}-lek",
			failing:  "type ClusterIP", hint: "kubectl get services -A", redo: true},
		{name: "web gjort headless", lesson: "L07", step: 5, // the API refuses: clusterIP may not change once set
			failing: "web-headless", hint: "may not change once set", redo: true},
		{name: "tom podSelector", lesson: "L07", step: 6, manifest: networkPolicyManifest("{}"),
			failing: "app=web", hint: "podSelector: {}", redo: true},
		{name: "nodePort utenfor området", lesson: "L08", step: 2, // the API refuses nodePort 80
			failing: "nodePort 30001", hint: "30000 og 32767", redo: true},
		{name: "nodePort i bruk", lesson: "L08", step: 2, before: "kubectl create service nodeport gammel --tcp=80:80 --node-port=30001",
			failing: "nodePort 30001", hint: "already allocated"},
		{name: "create service nodeport", lesson: "L08", step: 2, commands: "kubectl create service nodeport web-np --tcp=80:80 --node-port=30001",
			failing: "selector app=web", hint: "app=web-np", redo: true},
		{name: "targetPort 8080 som i eksempelet", lesson: "L08", step: 4, manifest: serviceManifest("web-lb", "LoadBalancer", "web", 8080),
			failing: "port 80 → 80", hint: "8080", fix: "kubectl delete service web-lb", redo: true},
		{name: "ExternalName med IP-adresse", lesson: "L08", step: 6, manifest: externalNameManifest("192.0.2.10"),
			failing: "externalName db.example.com", hint: "ikke en IP-adresse", redo: true},
		{name: "ExternalName med selector", lesson: "L08", step: 6, commands: "kubectl create service externalname ekstern-db --external-name db.example.com",
			failing: "ingen selector", hint: "kubectl delete service ekstern-db", fix: "kubectl delete service ekstern-db", redo: true},
	}
}

// serviceManifest is a Service of the type selecting app=<selector>, with
// port 80 sent to targetPort.
func serviceManifest(name, serviceType, selector string, targetPort int) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Service
metadata:
  name: %s
spec:
  type: %s
  selector:
    app: %s
  ports:
    - port: 80
      targetPort: %d
`, name, serviceType, selector, targetPort)
}

// networkPolicyManifest is L07's NetworkPolicy «web-tillat» with the
// given podSelector.
func networkPolicyManifest(podSelector string) string {
	return fmt.Sprintf(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-tillat
spec:
  podSelector: %s
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              tilgang: ja
`, podSelector)
}

// externalNameManifest is L08's Service «ekstern-db» pointing at name.
func externalNameManifest(name string) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Service
metadata:
  name: ekstern-db
spec:
  type: ExternalName
  externalName: %s
`, name)
}

// releaseNodePorts deletes the Services in ns that hold a node port and
// waits until they are gone. A node port belongs to the whole cluster, and
// the next test may want the same one (L08's 30001) at once, while the
// Namespace takes seconds to go.
func releaseNodePorts(client kubernetes.Interface, ns string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	services, err := client.CoreV1().Services(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return
	}
	var held []string
	for _, s := range services.Items {
		for _, p := range s.Spec.Ports {
			if p.NodePort != 0 {
				held = append(held, s.Name)
				_ = client.CoreV1().Services(ns).Delete(ctx, s.Name, metav1.DeleteOptions{})
				break
			}
		}
	}
	for _, name := range held {
		for ctx.Err() == nil {
			if _, err := client.CoreV1().Services(ns).Get(ctx, name, metav1.GetOptions{}); apierrors.IsNotFound(err) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}
