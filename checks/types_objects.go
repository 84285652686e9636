package checks

import (
	"context"
	"fmt"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
)

// existsParams: the object exists.
type existsParams struct {
	kindRef `yaml:",inline"`
	Name    string `yaml:"name" doc:"objektets navn" check:"required"`
}

func (p *existsParams) build(b *builder) (spec, error) {
	gvk, err := b.gvk(p.kindRef)
	if err != nil {
		return spec{}, err
	}
	return spec{
		criterion: fmt.Sprintf(msgCritExists, b.subject(gvk.Kind, p.Name)),
		expected:  msgExists,
		run: func(ctx context.Context, e *env) verdict {
			if _, v, ok := e.getObject(ctx, gvk, p.Name); !ok {
				return v
			}
			return pass(msgExists)
		},
	}, nil
}

// absentParams: the object, or every object the selector matches, is gone.
type absentParams struct {
	kindRef  `yaml:",inline"`
	Name     string `yaml:"name" doc:"objektets navn" check:"one=target"`
	Selector string `yaml:"selector" doc:"label-selector, f.eks. app=web: ingen objekter med disse labelene skal finnes" check:"one=target"`
}

func (p *absentParams) build(b *builder) (spec, error) {
	gvk, err := b.gvk(p.kindRef)
	if err != nil {
		return spec{}, err
	}
	if p.Name != "" {
		return spec{
			criterion: fmt.Sprintf(msgCritAbsent, b.subject(gvk.Kind, p.Name)),
			expected:  msgNotFound,
			run: func(ctx context.Context, e *env) verdict {
				ri, req, v, ok := e.resource(ctx, gvk, "get", p.Name)
				if !ok {
					return v
				}
				_, v, ok = fetch(ctx, e, req, func(ctx context.Context) (*unstructured.Unstructured, error) {
					return ri.Get(ctx, p.Name, metav1.GetOptions{})
				})
				switch {
				case ok:
					return fail(msgStillExists)
				case v.status == Failed: // the object or its Namespace is missing
					return pass(v.found)
				}
				return v
			},
		}, nil
	}
	sel, err := b.selector("selector", p.Selector)
	if err != nil {
		return spec{}, err
	}
	return spec{
		criterion: fmt.Sprintf(msgCritNoneMatch, kindPlural(gvk.Kind), sel) + b.inNamespace(),
		expected:  msgExpectNone,
		run: func(ctx context.Context, e *env) verdict {
			ri, req, v, ok := e.resource(ctx, gvk, "list", "")
			if !ok {
				return v
			}
			list, v, ok := fetch(ctx, e, req, func(ctx context.Context) (*unstructured.UnstructuredList, error) {
				return ri.List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
			})
			if !ok {
				return v
			}
			if len(list.Items) == 0 {
				return pass(msgExpectNone)
			}
			names := make([]string, len(list.Items))
			for i, it := range list.Items {
				names[i] = it.GetName()
			}
			return fail(fmt.Sprintf(msgStillExistN, len(names), shortList(names)))
		},
	}, nil
}

// labelsParams: labels with given values.
type labelsParams struct {
	kindRef `yaml:",inline"`
	Name    string            `yaml:"name" doc:"objektets navn" check:"required"`
	Labels  map[string]string `yaml:"labels" doc:"labelene som skal finnes; verdien \"*\" betyr «hvilken som helst verdi som ikke er tom»" check:"required"`
}

func (p *labelsParams) build(b *builder) (spec, error) {
	return buildMetadata(b, p.kindRef, p.Name, p.Labels, msgLabelOne, msgLabelMany, (*unstructured.Unstructured).GetLabels)
}

// annotationsParams: annotations with given values.
type annotationsParams struct {
	kindRef     `yaml:",inline"`
	Name        string            `yaml:"name" doc:"objektets navn" check:"required"`
	Annotations map[string]string `yaml:"annotations" doc:"annotations som skal finnes; verdien \"*\" betyr «hvilken som helst verdi som ikke er tom»" check:"required"`
}

func (p *annotationsParams) build(b *builder) (spec, error) {
	return buildMetadata(b, p.kindRef, p.Name, p.Annotations, msgAnnotationOne, msgAnnotationMany, (*unstructured.Unstructured).GetAnnotations)
}

// buildMetadata is the labels and annotations check: every wanted key is
// present, with the wanted value or ("*") with any non-empty one.
func buildMetadata(b *builder, ref kindRef, name string, want map[string]string, one, many string,
	get func(*unstructured.Unstructured) map[string]string) (spec, error) {
	gvk, err := b.gvk(ref)
	if err != nil {
		return spec{}, err
	}
	keys := sortedKeys(want)
	wanted := make([]string, len(keys))
	for i, k := range keys {
		wanted[i] = describePair(k, want[k])
	}
	noun := one
	if len(keys) > 1 {
		noun = many
	}
	return spec{
		criterion: fmt.Sprintf(msgCritHas, b.subject(gvk.Kind, name), noun, strings.Join(wanted, ", ")),
		expected:  strings.Join(wanted, ", "),
		run: func(ctx context.Context, e *env) verdict {
			obj, v, ok := e.getObject(ctx, gvk, name)
			if !ok {
				return v
			}
			have := get(obj)
			ok = true
			found := make([]string, len(keys))
			for i, k := range keys {
				val, present := have[k]
				switch {
				case !present:
					found[i], ok = fmt.Sprintf(msgKeyMissing, k), false
				default:
					found[i] = k + "=" + truncate(val, 60)
					if want[k] == "*" && val == "" || want[k] != "*" && val != want[k] {
						ok = false
					}
				}
			}
			return judge(ok, strings.Join(found, ", "))
		},
	}, nil
}

// describePair writes a wanted key and value; "*" means any value.
func describePair(k, v string) string {
	if v == "*" {
		return fmt.Sprintf(msgAnyValue, k)
	}
	return k + "=" + v
}

// selector parses a label selector given as key.
func (b *builder) selector(key, s string) (labels.Selector, error) {
	sel, err := labels.Parse(s)
	if err != nil {
		return nil, b.errorf(key, msgBadSelector, s, err)
	}
	if sel.Empty() {
		return nil, b.errorf(key, msgEmptySelector)
	}
	return sel, nil
}

// inNamespace is " i Namespace «x»" when the check names a Namespace.
func (b *builder) inNamespace() string {
	if b.namespace == "" {
		return ""
	}
	return fmt.Sprintf(msgInNamespace, b.namespace)
}

// shortList joins up to five names and says how many more there are.
func shortList(names []string) string {
	slices.Sort(names)
	if len(names) > 5 {
		return strings.Join(names[:5], ", ") + fmt.Sprintf(msgAndMore, len(names)-5)
	}
	return strings.Join(names, ", ")
}

// truncate shortens s to at most n runes, marking the cut with "…".
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
