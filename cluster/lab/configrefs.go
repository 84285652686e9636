package lab

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// Annotations through which the config-refs controller tells the KWOK pod
// stages what a kubelet would be waiting for before it could start a Pod's
// containers (see README.md, "ConfigMaps and Secrets a Pod refers to").
const (
	// annotationConfigRefs holds the verdict: refsOK, refsFailedMount or
	// refsCreateContainerConfigError. A Pod without it has not been
	// checked yet, and no pod stage applies to it.
	annotationConfigRefs = "lab.kubekurs.no/config-refs"
	// annotationConfigRefsMessages holds, unless the verdict is refsOK, a
	// JSON object from the failing volume's or container's name to the
	// kubelet's error message.
	annotationConfigRefsMessages = "lab.kubekurs.no/config-refs-messages"
)

// Verdicts of the config-refs check.
const (
	// refsOK: every ConfigMap and Secret (and key) the Pod needs exists.
	refsOK = "ok"
	// refsFailedMount: a volume cannot be set up; the Pod stays in
	// ContainerCreating (PodInitializing with init containers).
	refsFailedMount = "FailedMount"
	// refsCreateContainerConfigError: a container's environment refers to
	// something missing; that container waits with this reason.
	refsCreateContainerConfigError = "CreateContainerConfigError"
)

// rootCAConfigMap is the ConfigMap the controller-manager publishes in every
// Namespace a moment after the Namespace is created; the projected
// kube-api-access volume of nearly every Pod refers to it.
const rootCAConfigMap = "kube-root-ca.crt"

// refLookup finds ConfigMaps and Secrets in a Pod's Namespace. found is
// false when the object does not exist; err is any other failure.
type refLookup interface {
	configMap(namespace, name string) (cm *corev1.ConfigMap, found bool, err error)
	secret(namespace, name string) (s *corev1.Secret, found bool, err error)
}

// refProblem is one volume or container a kubelet would not get past.
type refProblem struct {
	name    string // volume or container
	field   string // the container's field path; empty for a volume
	message string // the kubelet's message, as in the status and the Event
	// onlyRootCA: the only thing missing is the kube-root-ca.crt ConfigMap.
	onlyRootCA bool
}

// refsVerdict is what a kubelet would find on trying to start the Pod.
type refsVerdict struct {
	reason   string       // refsOK, refsFailedMount or refsCreateContainerConfigError
	problems []refProblem // in the kubelet's order; empty for refsOK
}

// messages maps each problem's name to its message (the messages
// annotation).
func (v refsVerdict) messages() map[string]string {
	m := make(map[string]string, len(v.problems))
	for _, p := range v.problems {
		m[p.name] = p.message
	}
	return m
}

// waitsOnlyForRootCA reports whether every problem is the missing
// kube-root-ca.crt, which the controller-manager is about to create.
func (v refsVerdict) waitsOnlyForRootCA() bool {
	if len(v.problems) == 0 {
		return false
	}
	for _, p := range v.problems {
		if !p.onlyRootCA {
			return false
		}
	}
	return true
}

// checkConfigRefs does what a kubelet does with the ConfigMaps and Secrets
// a Pod refers to, in the same order and with the same messages
// (k8s.io/kubernetes v1.36: pkg/volume/{configmap,secret,projected} and
// makeEnvironmentVariables in pkg/kubelet/kubelet_pods.go). First it sets
// up every volume; if one fails, nothing else happens. Then it starts the
// init containers one at a time, the first one whose environment fails
// blocks the rest; then every app container, each on its own. References
// marked optional may be missing, as may keys of optional references.
// An error means a lookup failed for another reason than "not found".
func checkConfigRefs(pod *corev1.Pod, get refLookup) (refsVerdict, error) {
	var problems []refProblem
	for i := range pod.Spec.Volumes {
		p, err := checkVolume(pod.Namespace, &pod.Spec.Volumes[i], get)
		if err != nil {
			return refsVerdict{}, err
		}
		if p != nil {
			problems = append(problems, *p)
		}
	}
	if len(problems) > 0 {
		return refsVerdict{reason: refsFailedMount, problems: problems}, nil
	}
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		msg, err := checkEnv(pod.Namespace, c, get)
		if err != nil {
			return refsVerdict{}, err
		}
		if msg != "" {
			field := fmt.Sprintf("spec.initContainers{%s}", c.Name)
			return refsVerdict{reason: refsCreateContainerConfigError, problems: []refProblem{{name: c.Name, field: field, message: msg}}}, nil
		}
	}
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		msg, err := checkEnv(pod.Namespace, c, get)
		if err != nil {
			return refsVerdict{}, err
		}
		if msg != "" {
			problems = append(problems, refProblem{name: c.Name, field: fmt.Sprintf("spec.containers{%s}", c.Name), message: msg})
		}
	}
	if len(problems) > 0 {
		return refsVerdict{reason: refsCreateContainerConfigError, problems: problems}, nil
	}
	return refsVerdict{reason: refsOK}, nil
}

// checkEnv returns the kubelet's error for the first reference in c's
// envFrom and then env that it cannot resolve, or "".
func checkEnv(ns string, c *corev1.Container, get refLookup) (string, error) {
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil:
			_, found, err := get.configMap(ns, from.ConfigMapRef.Name)
			if err != nil {
				return "", err
			}
			if !found && !isOptional(from.ConfigMapRef.Optional) {
				return notFound("configmap", from.ConfigMapRef.Name), nil
			}
		case from.SecretRef != nil:
			_, found, err := get.secret(ns, from.SecretRef.Name)
			if err != nil {
				return "", err
			}
			if !found && !isOptional(from.SecretRef.Optional) {
				return notFound("secret", from.SecretRef.Name), nil
			}
		}
	}
	for _, env := range c.Env {
		if env.Value != "" || env.ValueFrom == nil {
			continue
		}
		switch ref := env.ValueFrom; {
		case ref.ConfigMapKeyRef != nil:
			r := ref.ConfigMapKeyRef
			cm, found, err := get.configMap(ns, r.Name)
			if err != nil {
				return "", err
			}
			if isOptional(r.Optional) && (!found || !hasKey(cm.Data, r.Key)) {
				continue
			}
			if !found {
				return notFound("configmap", r.Name), nil
			}
			if !hasKey(cm.Data, r.Key) { // the kubelet looks in data only, not binaryData
				return fmt.Sprintf("couldn't find key %v in ConfigMap %v/%v", r.Key, ns, r.Name), nil
			}
		case ref.SecretKeyRef != nil:
			r := ref.SecretKeyRef
			s, found, err := get.secret(ns, r.Name)
			if err != nil {
				return "", err
			}
			if isOptional(r.Optional) && (!found || !hasKey(s.Data, r.Key)) {
				continue
			}
			if !found {
				return notFound("secret", r.Name), nil
			}
			if !hasKey(s.Data, r.Key) {
				return fmt.Sprintf("couldn't find key %v in Secret %v/%v", r.Key, ns, r.Name), nil
			}
		}
	}
	return "", nil
}

// checkVolume returns the kubelet's FailedMount problem for v, or nil.
func checkVolume(ns string, v *corev1.Volume, get refLookup) (*refProblem, error) {
	var errs []string
	onlyRootCA := true
	collect := func(msg string, rootCA bool, err error) error {
		if err == nil && msg != "" {
			errs = append(errs, msg)
			onlyRootCA = onlyRootCA && rootCA
		}
		return err
	}
	var err error
	switch {
	case v.ConfigMap != nil:
		err = collect(checkConfigMapSource(ns, v.ConfigMap.Name, v.ConfigMap.Items, v.ConfigMap.Optional, get))
	case v.Secret != nil:
		err = collect(checkSecretSource(ns, v.Secret.SecretName, v.Secret.Items, v.Secret.Optional, get))
	case v.Projected != nil:
		for _, src := range v.Projected.Sources {
			switch {
			case src.ConfigMap != nil:
				err = collect(checkConfigMapSource(ns, src.ConfigMap.Name, src.ConfigMap.Items, src.ConfigMap.Optional, get))
			case src.Secret != nil:
				err = collect(checkSecretSource(ns, src.Secret.Name, src.Secret.Items, src.Secret.Optional, get))
			}
			if err != nil {
				break
			}
		}
	}
	if err != nil || len(errs) == 0 {
		return nil, err
	}
	return &refProblem{
		name:       v.Name,
		message:    fmt.Sprintf("MountVolume.SetUp failed for volume %q : %s", v.Name, aggregate(errs)),
		onlyRootCA: onlyRootCA,
	}, nil
}

// checkConfigMapSource checks a configMap volume or projection: the error
// message, whether it is only the missing kube-root-ca.crt, and a lookup
// failure.
func checkConfigMapSource(ns, name string, items []corev1.KeyToPath, optional *bool, get refLookup) (string, bool, error) {
	cm, found, err := get.configMap(ns, name)
	switch {
	case err != nil:
		return "", false, err
	case !found && isOptional(optional):
		return "", false, nil
	case !found:
		return notFound("configmap", name), name == rootCAConfigMap, nil
	}
	for _, item := range items {
		_, inData := cm.Data[item.Key]
		_, inBinary := cm.BinaryData[item.Key]
		if !inData && !inBinary && !isOptional(optional) {
			return "configmap references non-existent config key: " + item.Key, false, nil
		}
	}
	return "", false, nil
}

// checkSecretSource is checkConfigMapSource for a secret volume or
// projection.
func checkSecretSource(ns, name string, items []corev1.KeyToPath, optional *bool, get refLookup) (string, bool, error) {
	s, found, err := get.secret(ns, name)
	switch {
	case err != nil:
		return "", false, err
	case !found && isOptional(optional):
		return "", false, nil
	case !found:
		return notFound("secret", name), false, nil
	}
	for _, item := range items {
		if !hasKey(s.Data, item.Key) && !isOptional(optional) {
			return "references non-existent secret key: " + item.Key, false, nil
		}
	}
	return "", false, nil
}

// notFound is the kubelet's message for a missing object: its ConfigMap
// and Secret caches name the resource in the singular
// (`configmap "web-config" not found`).
func notFound(resource, name string) string {
	return apierrors.NewNotFound(corev1.Resource(resource), name).Error()
}

// aggregate joins messages as k8s.io/apimachinery's error aggregate does:
// duplicates dropped, one message alone, several in brackets.
func aggregate(msgs []string) string {
	var uniq []string
	for _, m := range msgs {
		if !slices.Contains(uniq, m) {
			uniq = append(uniq, m)
		}
	}
	if len(uniq) == 1 {
		return uniq[0]
	}
	return "[" + strings.Join(uniq, ", ") + "]"
}

func hasKey[V any](m map[string]V, key string) bool {
	_, ok := m[key]
	return ok
}

func isOptional(b *bool) bool { return b != nil && *b }
