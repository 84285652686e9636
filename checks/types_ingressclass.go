package checks

import (
	"context"
	"fmt"
	"slices"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ingressClassParams: the cluster has an IngressClass, a default one, or
// the one named.
type ingressClassParams struct {
	Name    string `yaml:"name" doc:"IngressClassens navn; utelatt: hvilken som helst"`
	Default bool   `yaml:"default" doc:"true: klassen (uten name: én av klassene) har annotationen ingressclass.kubernetes.io/is-default-class=true"`
}

func (p *ingressClassParams) build(b *builder) (spec, error) {
	criterion, expected := msgCritClassesAny, msgExpectClassAny
	switch {
	case p.Name != "" && p.Default:
		criterion, expected = fmt.Sprintf(msgCritClassDefault, b.subject("IngressClass", p.Name)), msgExpectClassDefault
	case p.Name != "":
		criterion, expected = fmt.Sprintf(msgCritClassExists, b.subject("IngressClass", p.Name)), msgExists
	case p.Default:
		criterion, expected = msgCritClassesDefault, msgExpectClassDefault
	}
	return spec{
		criterion: criterion,
		expected:  expected,
		run: func(ctx context.Context, e *env) verdict {
			classes, v, ok := listIngressClasses(ctx, e)
			if !ok {
				return v
			}
			return p.judge(classes.Items)
		},
	}, nil
}

// judge decides on the listed classes.
func (p *ingressClassParams) judge(classes []networkingv1.IngressClass) verdict {
	all := classList(classes)
	if p.Name != "" {
		i := slices.IndexFunc(classes, func(c networkingv1.IngressClass) bool { return c.Name == p.Name })
		switch {
		case i < 0:
			return fail(msgNotFound + "; " + all)
		case p.Default && !isDefaultClass(&classes[i]):
			return fail(msgClassNotDefault)
		}
		return pass(all)
	}
	if len(classes) == 0 {
		return fail(msgClassesNone)
	}
	if p.Default && defaultClass(classes) == "" {
		return fail(fmt.Sprintf(msgClassesNoDefault, classNames(classes)))
	}
	return pass(all)
}

// listIngressClasses lists the cluster's IngressClasses.
func listIngressClasses(ctx context.Context, e *env) (*networkingv1.IngressClassList, verdict, bool) {
	return fetch(ctx, e, apiRequest{verb: "list", resource: "ingressclasses", group: "networking.k8s.io"}, func(ctx context.Context) (*networkingv1.IngressClassList, error) {
		return e.t.Client.NetworkingV1().IngressClasses().List(ctx, metav1.ListOptions{})
	})
}

// isDefaultClass reports whether the class is marked as the default.
func isDefaultClass(c *networkingv1.IngressClass) bool {
	return c.Annotations[networkingv1.AnnotationIsDefaultIngressClass] == "true"
}

// defaultClass is the name of a default class, or "".
func defaultClass(classes []networkingv1.IngressClass) string {
	for i := range classes {
		if isDefaultClass(&classes[i]) {
			return classes[i].Name
		}
	}
	return ""
}

// classList describes the classes for a found text: "IngressClasser: a
// (standard), b", or that there are none.
func classList(classes []networkingv1.IngressClass) string {
	if len(classes) == 0 {
		return msgClassesNone
	}
	return fmt.Sprintf(msgClassesFound, classNames(classes))
}

// classNames lists the classes by name, marking the default ones.
func classNames(classes []networkingv1.IngressClass) string {
	names := make([]string, len(classes))
	for i := range classes {
		names[i] = classes[i].Name
		if isDefaultClass(&classes[i]) {
			names[i] = fmt.Sprintf(msgClassIsDefault, names[i])
		}
	}
	return shortList(names)
}
