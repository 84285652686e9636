package lessons

import (
	"slices"
	"strings"
	"testing"
)

func TestCheckCommand(t *testing.T) {
	const ns = "elev-a"
	allowed := []string{
		"kubectl get pods -A",
		"kubectl create deployment web --image=nginx:1.26 --replicas=3",
		"kubectl run nginx --image=nginx:1.27 -n elev-a-lek",
		"kubectl run nginx --image=nginx:1.27 --namespace=elev-a",
		"kubectl -nelev-a delete pod nginx",
		"kubectl create namespace elev-a-lek",
		"kubectl label namespace elev-a-lek formal=opplaering",
		"kubectl delete ns/elev-a-lek",
		"kubectl drain kubekurs-worker --ignore-daemonsets --delete-emptydir-data",
		"kubectl label nodes kubekurs-worker disk=ssd",
		"kubectl taint nodes -l disk=ssd a=b:NoSchedule",
		"kubectl exec web -- kubectl delete ns kube-system", // the container's command, not ours
		"kubectl delete pods --all",
		"kubectl create clusterrole elev-a-leser --verb=get --resource=pods",
	}
	for _, line := range allowed {
		if err := CheckCommand(strings.Fields(line), ns); err != nil {
			t.Errorf("%s: %v", line, err)
		}
	}
	refused := map[string]string{
		"ls -l":                                "må starte med kubectl",
		"kubectl":                              "mangler en underkommando",
		"kubectl config use-context prod":      "kubectl config er ikke tillatt",
		"kubectl port-forward pod/web 8080:80": "kubectl port-forward er ikke tillatt",
		"kubectl get pods --kubeconfig=/etc/admin":    "--kubeconfig",
		"kubectl --context prod get pods":             "--context",
		"kubectl apply -f https://example.com/x":      "-f",
		"kubectl apply -fx.yaml":                      "-f",
		"kubectl create cm x --from-file=/etc/shadow": "--from-file",
		"kubectl get pods --watch":                    "--watch",
		"kubectl delete pod x -n kube-system":         "«kube-system», som ikke er elevens",
		"kubectl delete pod x -nkube-system":          "«kube-system», som ikke er elevens",
		"kubectl delete pod x --namespace":            "--namespace",
		"kubectl delete pods --all -A":                "--all-namespaces",
		"kubectl delete namespace kube-system":        "Namespace «kube-system» gjelder hele clusteret",
		"kubectl delete ns,pods elev-b":               "Namespace «elev-b»",
		"kubectl delete namespace/elev-b":             "Namespace «elev-b»",
		"kubectl delete ns --all":                     "Namespace gjelder hele clusteret: leksjoner må nevne dem ved navn",
		"kubectl delete node kubekurs-worker":         "Node «kubekurs-worker»",
		"kubectl create clusterrolebinding admin-alle --clusterrole=cluster-admin --group=system:authenticated": "ClusterRoleBinding «admin-alle»",
		"kubectl label ns elev-b a=b": "Namespace «elev-b»",
	}
	for line, want := range refused {
		err := CheckCommand(strings.Fields(line), ns)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error containing %q", line, err, want)
		}
	}
}

func TestCheckManifestScope(t *testing.T) {
	const ns = "elev-a"
	ok := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: elev-a-lek\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: elev-a-lek\n"
	if errs := CheckManifestScope(ok, ns); len(errs) > 0 {
		t.Errorf("CheckManifestScope(ok) = %v", errs)
	}
	bad := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: alle\n"
	errs := CheckManifestScope(bad, ns)
	if len(errs) != 2 || errorLine(errs[0]) != 5 || errorLine(errs[1]) != 10 ||
		!strings.Contains(errs[0].Error(), "«default»") || !strings.Contains(errs[1].Error(), "ClusterRoleBinding «alle»") {
		t.Errorf("CheckManifestScope(bad) = %v (lines %d, %d)", errs, errorLine(errs[0]), errorLine(errs[len(errs)-1]))
	}
}

// FuzzCheckCommand: the policy must not panic on any command line, and a
// line it allows never names a Namespace other than the run's.
func FuzzCheckCommand(f *testing.F) {
	f.Add("kubectl run nginx --image=nginx:1.27 -n elev-a-lek")
	f.Add("kubectl delete ns,pods elev-b")
	f.Add("kubectl -n")
	f.Add("kubectl label nodes -l a=b c=d")
	f.Fuzz(func(t *testing.T, line string) {
		argv := strings.Fields(line)
		if CheckCommand(argv, "elev-a") != nil {
			return
		}
		for i, a := range argv {
			if (a == "-n" || a == "--namespace") && i+1 < len(argv) && ownNamespace(argv[i+1], "elev-a") != nil && !slices.Contains(argv[:i], "--") {
				t.Errorf("allowed %q, which names Namespace %q", line, argv[i+1])
			}
		}
	})
}
