package lessons

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// A lesson pack is untrusted input: `kubekurs lessons test` runs its
// solutions and wrong attempts on a real cluster. They never reach a
// shell (splitCommands), and CheckCommand and CheckManifestScope keep them
// to what a lesson needs: the kubectl subcommands below, in the Namespace
// kubekurs chose for the run and the Namespaces named after it. The
// validator applies the same rules, so an instructor learns of a refused
// line from `lessons validate` before anything runs.

// readOnlyCommands are kubectl subcommands that change nothing.
var readOnlyCommands = []string{
	"api-resources", "api-versions", "auth", "cluster-info", "describe", "events",
	"explain", "get", "logs", "top", "version", "wait",
}

// writeCommands are the kubectl subcommands that change the cluster which
// lessons use. Everything else (config, proxy, port-forward, cp, attach,
// debug, edit, plugin, certificate, kustomize, …) is refused: it reaches
// outside the cluster, waits for a person, or is not a learner's task.
var writeCommands = []string{
	"annotate", "apply", "autoscale", "cordon", "create", "delete", "drain", "exec",
	"expose", "label", "patch", "replace", "rollout", "run", "scale", "set", "taint", "uncordon",
}

// refusedFlags choose another cluster or identity, read local files or
// URLs, or never end; a lesson's commands may not use them.
var refusedFlags = []string{
	"--kubeconfig", "--context", "--cluster", "--user", "--server", "-s", "--token",
	"--as", "--as-group", "--as-uid", "--username", "--password",
	"--certificate-authority", "--client-certificate", "--client-key",
	"--insecure-skip-tls-verify", "--tls-server-name", "--cache-dir",
	"-f", "--filename", "-k", "--kustomize", "--from-file", "--from-env-file",
	"--follow", "--watch", "-w", "--watch-only", "--raw",
}

// clusterResources are the resource names (plural, singular, short) of
// the cluster-scoped kinds, lower case. A lesson changes one of them only
// by name, and only when the name starts with the run's prefix — except
// nodes, which cordon, uncordon, drain, taint, label and annotate may
// touch (lessons on scheduling need them).
var clusterResources = map[string]string{
	"namespace": "Namespace", "namespaces": "Namespace", "ns": "Namespace",
	"node": "Node", "nodes": "Node", "no": "Node",
	"persistentvolume": "PersistentVolume", "persistentvolumes": "PersistentVolume", "pv": "PersistentVolume",
	"storageclass": "StorageClass", "storageclasses": "StorageClass", "sc": "StorageClass",
	"clusterrole": "ClusterRole", "clusterroles": "ClusterRole",
	"clusterrolebinding": "ClusterRoleBinding", "clusterrolebindings": "ClusterRoleBinding",
	"priorityclass": "PriorityClass", "priorityclasses": "PriorityClass", "pc": "PriorityClass",
	"ingressclass": "IngressClass", "ingressclasses": "IngressClass",
	"customresourcedefinition": "CustomResourceDefinition", "customresourcedefinitions": "CustomResourceDefinition", "crd": "CustomResourceDefinition", "crds": "CustomResourceDefinition",
	"certificatesigningrequest": "CertificateSigningRequest", "certificatesigningrequests": "CertificateSigningRequest", "csr": "CertificateSigningRequest",
	"validatingwebhookconfiguration": "ValidatingWebhookConfiguration", "validatingwebhookconfigurations": "ValidatingWebhookConfiguration",
	"mutatingwebhookconfiguration": "MutatingWebhookConfiguration", "mutatingwebhookconfigurations": "MutatingWebhookConfiguration",
	"apiservice": "APIService", "apiservices": "APIService",
	"runtimeclass": "RuntimeClass", "runtimeclasses": "RuntimeClass",
}

// nodeCommands may change nodes by any name.
var nodeCommands = []string{"annotate", "cordon", "drain", "label", "taint", "uncordon"}

// CheckCommand reports, with a Norwegian error, whether argv may run as a
// lesson's command with namespace as the run's Namespace: a kubectl
// subcommand a lesson needs, no flag that picks another cluster, identity,
// local file or URL, a --namespace of namespace or namespace-…, and
// cluster-scoped objects changed only by names that start with
// namespace-.
func CheckCommand(argv []string, namespace string) error {
	if len(argv) == 0 || argv[0] != "kubectl" {
		return errors.New(msgSolutionKubectl)
	}
	args := argv[1:]
	var positional []string
	selects := false // -l, --selector, --field-selector, --all
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" { // what follows is the container's command (run, exec)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		name, value, hasValue := strings.Cut(a, "=")
		if slices.Contains(refusedFlags, name) || (len(name) > 2 && name[1] != '-' && slices.Contains(refusedFlags, name[:2])) {
			return fmt.Errorf(msgPolicyFlag, name)
		}
		switch {
		case name == "-n" || name == "--namespace":
			if !hasValue {
				if i+1 == len(args) {
					return fmt.Errorf(msgPolicyFlag, name)
				}
				i++
				value = args[i]
			}
			if err := ownNamespace(value, namespace); err != nil {
				return err
			}
		case strings.HasPrefix(name, "-n") && !strings.HasPrefix(name, "--"): // -nNAME
			if err := ownNamespace(strings.TrimPrefix(a, "-n"), namespace); err != nil {
				return err
			}
		case name == "-A" || name == "--all-namespaces":
			positional = append(positional, "\x00all-namespaces")
		case name == "-l" || name == "--selector" || name == "--field-selector" || name == "--all":
			selects = true
		}
	}
	if len(positional) == 0 {
		return errors.New(msgPolicyNoCommand)
	}
	sub := positional[0]
	switch {
	case slices.Contains(readOnlyCommands, sub):
		return nil
	case !slices.Contains(writeCommands, sub):
		return fmt.Errorf(msgPolicyCommand, sub)
	case slices.Contains(positional, "\x00all-namespaces"):
		return fmt.Errorf(msgPolicyFlag, "--all-namespaces")
	}
	return checkClusterObjects(sub, positional[1:], selects, namespace)
}

// checkClusterObjects checks the objects a changing subcommand names:
// words after a cluster-scoped resource type (TYPE NAME… or TYPE/NAME)
// must start with namespace-, and such a type may not be chosen by
// selector or --all.
func checkClusterObjects(sub string, words []string, selects bool, namespace string) error {
	if sub == "cordon" || sub == "uncordon" || sub == "drain" {
		return nil // nodes only, by name
	}
	kind := ""
	for _, w := range words {
		typ, name, slashed := strings.Cut(w, "/")
		if k, ok := clusterType(typ); ok {
			if slashed {
				if err := ownClusterObject(sub, k, name, namespace); err != nil {
					return err
				}
				continue
			}
			kind = k
			if selects && !(k == "Node" && slices.Contains(nodeCommands, sub)) {
				return fmt.Errorf(msgPolicySelector, k)
			}
			continue
		}
		if kind != "" && !strings.Contains(w, "=") { // label/annotate take KEY=VALUE after the names
			if err := ownClusterObject(sub, kind, w, namespace); err != nil {
				return err
			}
		}
	}
	return nil
}

// clusterType maps a TYPE word (perhaps a comma list) to the
// cluster-scoped kind it names, if any.
func clusterType(word string) (string, bool) {
	for _, t := range strings.Split(strings.ToLower(word), ",") {
		t, _, _ = strings.Cut(t, ".") // nodes.v1., namespaces.core
		if k, ok := clusterResources[t]; ok {
			return k, true
		}
	}
	return "", false
}

// ownClusterObject reports whether sub may change the cluster-scoped
// object kind/name.
func ownClusterObject(sub, kind, name, namespace string) error {
	if kind == "Node" && slices.Contains(nodeCommands, sub) {
		return nil
	}
	if !strings.HasPrefix(name, namespace+"-") {
		return fmt.Errorf(msgPolicyClusterObject, kind, name)
	}
	return nil
}

// ownNamespace reports whether ns is the run's Namespace or one named
// after it.
func ownNamespace(ns, namespace string) error {
	if ns != namespace && !strings.HasPrefix(ns, namespace+"-") {
		return fmt.Errorf(msgPolicyNamespace, ns)
	}
	return nil
}

// CheckManifestScope reports, with Norwegian errors that carry their line
// in the manifest, whether each object of a manifest stays in the run's
// Namespace: metadata.namespace empty, namespace or namespace-…, and a
// cluster-scoped object of a kind kubekurs knows named namespace-….
func CheckManifestScope(text, namespace string) []error {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var errs []error
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return errs
		}
		if err != nil {
			return append(errs, yamlError(err))
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		root := doc.Content[0]
		meta := valueNode(root, "metadata")
		if ns := valueNode(meta, "namespace"); ns != nil && ns.Value != "" {
			if err := ownNamespace(ns.Value, namespace); err != nil {
				errs = append(errs, lineError{ns.Line, err.Error()})
			}
		}
		kind, name := valueNode(root, "kind"), valueNode(meta, "name")
		if kind == nil || name == nil {
			continue
		}
		if known, clusterScoped := KnownKind(kind.Value); known && clusterScoped && !strings.HasPrefix(name.Value, namespace+"-") {
			errs = append(errs, lineError{name.Line, fmt.Sprintf(msgPolicyClusterObject, kind.Value, name.Value)})
		}
	}
}
