package checks

import (
	"context"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// configMapKeysParams: a ConfigMap has the keys, and the values given.
type configMapKeysParams struct {
	Name   string            `yaml:"name" doc:"ConfigMapets navn" check:"required"`
	Keys   []string          `yaml:"keys" doc:"nøklene som skal finnes (i data eller binaryData)"`
	Values map[string]string `yaml:"values" doc:"nøkler som skal ha nøyaktig disse verdiene"`
}

func (p *configMapKeysParams) build(b *builder) (spec, error) {
	if len(p.Keys) == 0 && len(p.Values) == 0 {
		return spec{}, b.errorf("keys", msgNeedKeysOrValues)
	}
	want := append([]string(nil), p.Keys...)
	for _, k := range sortedKeys(p.Values) {
		want = append(want, k+"="+p.Values[k])
	}
	return spec{
		criterion: fmt.Sprintf(msgCritHas, b.subject("ConfigMap", p.Name), keyNoun(len(want)), strings.Join(want, ", ")),
		expected:  strings.Join(want, ", "),
		run: func(ctx context.Context, e *env) verdict {
			cm, v, ok := fetch(ctx, e, e.req("get", "configmaps", "", p.Name), func(ctx context.Context) (*corev1.ConfigMap, error) {
				return e.t.Client.CoreV1().ConfigMaps(e.ns).Get(ctx, p.Name, metav1.GetOptions{})
			})
			if !ok {
				return v
			}
			have := map[string]bool{}
			for k := range cm.Data {
				have[k] = true
			}
			for k := range cm.BinaryData {
				have[k] = true
			}
			ok = hasAll(have, p.Keys)
			found := []string{fmt.Sprintf(msgKeysFound, listOrNone(sortedKeys(have)))}
			for _, k := range sortedKeys(p.Values) {
				val, present := cm.Data[k]
				if !present || val != p.Values[k] {
					ok = false
				}
				if present {
					found = append(found, k+"="+truncate(val, 60))
				}
			}
			return judge(ok, strings.Join(found, "; "))
		},
	}, nil
}

// secretKeysParams: a Secret has the keys (and type), optionally with
// the values given, and optionally the values of its keys have the
// properties in valueRules. Values are never read into a message: see
// secretrules.go and secretvalues.go.
type secretKeysParams struct {
	Name       string       `yaml:"name" doc:"Secretens navn" check:"required"`
	Keys       []string     `yaml:"keys" doc:"nøklene som skal finnes; verdiene vises aldri"`
	Values     secretValues `yaml:"values" doc:"nøkler som skal ha nøyaktig disse verdiene, skrevet slik stringData tar dem (!!binary for binære verdier); sammenlignes uten at noen verdi vises"`
	SecretType string       `yaml:"secretType" doc:"Secretens type, f.eks. Opaque eller kubernetes.io/tls"`
	valueRules `yaml:",inline"`
}

func (p *secretKeysParams) build(b *builder) (spec, error) {
	if len(p.Keys) == 0 && len(p.Values) == 0 {
		return spec{}, b.errorf("keys", msgNeedKeysOrValues)
	}
	keys := append([]string(nil), p.Keys...)
	for _, k := range sortedKeys(p.Values) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	expected := strings.Join(keys, ", ")
	values := p.Values.describe(keys)
	allValued := len(p.Values) == len(keys)
	if allValued {
		expected += values
	}
	if p.SecretType != "" {
		expected += fmt.Sprintf(msgAndType, p.SecretType)
	}
	if !allValued {
		expected += values
	}
	expected += p.valueRules.describe()
	return spec{
		criterion: fmt.Sprintf(msgCritHas, b.subject("Secret", p.Name), keyNoun(len(keys)), expected),
		expected:  expected,
		run: func(ctx context.Context, e *env) verdict {
			s, v, ok := fetch(ctx, e, e.req("get", "secrets", "", p.Name), func(ctx context.Context) (*corev1.Secret, error) {
				return e.t.Client.CoreV1().Secrets(e.ns).Get(ctx, p.Name, metav1.GetOptions{})
			})
			if !ok {
				return v
			}
			have := map[string]bool{}
			for k := range s.Data {
				have[k] = true
			}
			for k := range s.StringData { // only set on objects never stored; harmless
				have[k] = true
			}
			ok = hasAll(have, keys)
			found := fmt.Sprintf(msgKeysFound, listOrNone(sortedKeys(have)))
			if p.SecretType != "" {
				found += fmt.Sprintf(msgAndType, s.Type)
				ok = ok && string(s.Type) == p.SecretType
			}
			for _, broken := range []string{p.Values.judge(s.Data, s.StringData), p.valueRules.judge(s.Data, keys)} {
				if broken != "" {
					found += "; " + broken
					ok = false
				}
			}
			return judge(ok, found)
		},
	}, nil
}

// pvcBoundParams: a PersistentVolumeClaim is Bound.
type pvcBoundParams struct {
	Name string `yaml:"name" doc:"PVC-ens navn" check:"required"`
}

func (p *pvcBoundParams) build(b *builder) (spec, error) {
	return spec{
		criterion: fmt.Sprintf(msgCritBound, b.subject("PersistentVolumeClaim", p.Name)),
		expected:  string(corev1.ClaimBound),
		run: func(ctx context.Context, e *env) verdict {
			pvc, v, ok := fetch(ctx, e, e.req("get", "persistentvolumeclaims", "", p.Name), func(ctx context.Context) (*corev1.PersistentVolumeClaim, error) {
				return e.t.Client.CoreV1().PersistentVolumeClaims(e.ns).Get(ctx, p.Name, metav1.GetOptions{})
			})
			if !ok {
				return v
			}
			found := string(pvc.Status.Phase)
			if found == "" {
				found = string(corev1.ClaimPending)
			}
			if pvc.Spec.VolumeName != "" {
				found += fmt.Sprintf(msgToVolume, pvc.Spec.VolumeName)
			}
			return judge(pvc.Status.Phase == corev1.ClaimBound, found)
		},
	}, nil
}

// namespaceParams: a Namespace exists, is Active and has the labels.
type namespaceParams struct {
	Name   string            `yaml:"name" doc:"Namespacets navn" check:"required"`
	Labels map[string]string `yaml:"labels" doc:"labeler Namespacet skal ha; \"*\" betyr en hvilken som helst verdi som ikke er tom"`
}

func (p *namespaceParams) build(b *builder) (spec, error) {
	criterion := fmt.Sprintf(msgCritNamespace, kindDefinite("Namespace"), p.Name)
	expected := string(corev1.NamespaceActive)
	if len(p.Labels) > 0 {
		var want []string
		for _, k := range sortedKeys(p.Labels) {
			want = append(want, describePair(k, p.Labels[k]))
		}
		noun := msgLabelOne
		if len(want) > 1 {
			noun = msgLabelMany
		}
		criterion += fmt.Sprintf(msgWithNoun, noun, strings.Join(want, ", "))
		expected += ", " + strings.Join(want, ", ")
	}
	return spec{
		criterion: criterion,
		expected:  expected,
		run: func(ctx context.Context, e *env) verdict {
			ns, v, ok := fetch(ctx, e, apiRequest{verb: "get", resource: "namespaces", name: p.Name}, func(ctx context.Context) (*corev1.Namespace, error) {
				return e.t.Client.CoreV1().Namespaces().Get(ctx, p.Name, metav1.GetOptions{})
			})
			if !ok {
				return v
			}
			ok = ns.Status.Phase == corev1.NamespaceActive
			found := string(ns.Status.Phase)
			if len(p.Labels) > 0 {
				found += fmt.Sprintf(msgLabelsFound, listOrNone(strings.Split(labels.Set(ns.Labels).String(), ",")))
				for k, want := range p.Labels {
					got, present := ns.Labels[k]
					if !present || want == "*" && got == "" || want != "*" && got != want {
						ok = false
					}
				}
			}
			return judge(ok, found)
		},
	}, nil
}

// hasAll reports whether every key is in have.
func hasAll(have map[string]bool, keys []string) bool {
	for _, k := range keys {
		if !have[k] {
			return false
		}
	}
	return true
}

// listOrNone joins a list, or says "ingen" for an empty one.
func listOrNone(items []string) string {
	if len(items) == 0 || len(items) == 1 && items[0] == "" {
		return msgNone
	}
	return strings.Join(items, ", ")
}
