package cluster

import (
	"fmt"
	"path/filepath"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Target is a resolved cluster: where to connect, the learner's
// Namespace, and a self-contained kubeconfig for the course shell.
type Target struct {
	// Kind is the sort of cluster.
	Kind Kind
	// Context is the kubeconfig context's name.
	Context string
	// Description says in Norwegian which cluster this is, e.g.
	// «konteksten «skole» (https://10.0.0.1:6443)».
	Description string
	// Config is the client configuration.
	Config *rest.Config
	// Namespace is the Namespace the course works in.
	Namespace string
	// Kubeconfig is the chosen context alone, credentials inlined, for the
	// course shell's copy.
	Kubeconfig []byte
	// Why says in Norwegian why the course uses this cluster, when it
	// chose it itself (Decision.Why); empty when the learner named it.
	Why string
}

// KubeconfigFlags are kubectl's flags for choosing a cluster.
type KubeconfigFlags struct {
	// Kubeconfig is --kubeconfig: one file that replaces $KUBECONFIG.
	Kubeconfig string
	// Context is --context.
	Context string
	// Namespace is --namespace; empty means the context's, else "default".
	Namespace string
}

// FromKubeconfig resolves flags exactly as kubectl does: client-go's
// loading rules, --kubeconfig over $KUBECONFIG (a list of files, merged)
// over ~/.kube/config, --context over the current context. getenv
// supplies KUBECONFIG and HOME.
func FromKubeconfig(getenv func(string) string, flags KubeconfigFlags) (*Target, error) {
	rules := &clientcmd.ClientConfigLoadingRules{
		ExplicitPath: flags.Kubeconfig,
		Precedence:   filepath.SplitList(getenv("KUBECONFIG")),
	}
	if flags.Kubeconfig == "" && len(rules.Precedence) == 0 {
		if home := getenv("HOME"); home != "" {
			rules.Precedence = []string{filepath.Join(home, ".kube", "config")}
		}
	}
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: flags.Context})
	cfg, err := loader.ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("load kubeconfig: %w", err)
	}
	ns := flags.Namespace
	if ns == "" {
		if ns, _, err = loader.Namespace(); err != nil || ns == "" {
			ns = "default"
		}
	}
	raw, err := loader.RawConfig()
	if err != nil {
		return nil, fmt.Errorf("load kubeconfig: %w", err)
	}
	if flags.Context != "" {
		raw.CurrentContext = flags.Context
	}
	name := raw.CurrentContext
	if err := clientcmdapi.MinifyConfig(&raw); err != nil {
		return nil, fmt.Errorf("minify kubeconfig: %w", err)
	}
	if err := clientcmdapi.FlattenConfig(&raw); err != nil {
		return nil, fmt.Errorf("flatten kubeconfig: %w", err)
	}
	minified, err := clientcmd.Write(raw)
	if err != nil {
		return nil, fmt.Errorf("encode kubeconfig: %w", err)
	}
	return &Target{
		Kind:        KindKubeconfig,
		Context:     name,
		Description: fmt.Sprintf("konteksten «%s» (%s)", name, cfg.Host),
		Config:      cfg,
		Namespace:   ns,
		Kubeconfig:  minified,
	}, nil
}

// FromKubeconfigBytes is a target for a self-contained kubeconfig that
// kubekurs owns (the practice cluster's, a kind cluster's): its current
// context, namespace as given or "default".
func FromKubeconfigBytes(kind Kind, description string, kubeconfig []byte, namespace string) (*Target, error) {
	cfg, err := clientcmd.Load(kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("parse kubeconfig: %w", err)
	}
	rest, err := clientcmd.NewDefaultClientConfig(*cfg, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("parse kubeconfig: %w", err)
	}
	if namespace == "" {
		namespace = "default"
	}
	return &Target{
		Kind:        kind,
		Context:     cfg.CurrentContext,
		Description: fmt.Sprintf("%s (%s)", description, rest.Host),
		Config:      rest,
		Namespace:   namespace,
		Kubeconfig:  kubeconfig,
	}, nil
}
