package checks

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Both check types are controller-agnostic: no IngressClass or controller
// is named by the course. A class resolves when spec.ingressClassName
// names one that exists, or when none is named and one is marked default.

// ingressClassAnnotation is the annotation that named a class before
// spec.ingressClassName; networking.k8s.io/v1 replaces it.
const ingressClassAnnotation = "kubernetes.io/ingress.class"

// ingressParams: an Ingress has a rule, a class that resolves, backends
// that exist and an address; each part only when asked for.
type ingressParams struct {
	Name          string `yaml:"name" doc:"Ingressens navn" check:"required"`
	Host          string `yaml:"host" doc:"verten regelen gjelder (spec.rules[].host); utelatt: hvilken som helst"`
	Path          string `yaml:"path" doc:"stien (paths[].path), f.eks. /; med Prefix er /hallo og /hallo/ det samme"`
	PathType      string `yaml:"pathType" doc:"stiens type (paths[].pathType)" check:"enum=Prefix|Exact|ImplementationSpecific"`
	Service       string `yaml:"service" doc:"backend-Servicen (backend.service.name)"`
	Port          *int   `yaml:"port" doc:"backend-porten (backend.service.port.number)" check:"min=1,max=65535"`
	ClassResolves bool   `yaml:"classResolves" doc:"true: ingressClassName er en IngressClass som finnes, eller er tom og en IngressClass er standard"`
	BackendsExist bool   `yaml:"backendsExist" doc:"true: hver backend-Service Ingressen peker på, finnes i Namespacet og har porten"`
	Address       bool   `yaml:"address" doc:"true: status.loadBalancer.ingress har en IP-adresse eller et vertsnavn"`
}

// hasRule reports whether the check asks for a rule.
func (p *ingressParams) hasRule() bool {
	return p.Host != "" || p.Path != "" || p.PathType != "" || p.Service != "" || p.Port != nil
}

func (p *ingressParams) build(b *builder) (spec, error) {
	var phrases, expected []string
	if p.hasRule() {
		rule := describeRoute(p.Host, p.Path, p.PathType, p.Service, portText(p.Port))
		phrases, expected = append(phrases, fmt.Sprintf(msgCritIngressRule, rule)), append(expected, rule)
	}
	if p.ClassResolves {
		phrases, expected = append(phrases, msgCritIngressClass), append(expected, msgExpectIngressClass)
	}
	if p.BackendsExist {
		phrases, expected = append(phrases, msgCritIngressBackends), append(expected, msgExpectIngressBackends)
	}
	if p.Address {
		phrases, expected = append(phrases, msgCritIngressAddress), append(expected, msgExpectIngressAddress)
	}
	subject := b.subject("Ingress", p.Name)
	criterion := fmt.Sprintf(msgCritExists, subject)
	if len(phrases) > 0 {
		criterion = subject + " " + joinAnd(phrases)
	} else {
		expected = []string{msgExists}
	}
	return spec{
		criterion: criterion,
		expected:  strings.Join(expected, "; "),
		run: func(ctx context.Context, e *env) verdict {
			ing, v, ok := fetch(ctx, e, e.req("get", "ingresses", "networking.k8s.io", p.Name), func(ctx context.Context) (*networkingv1.Ingress, error) {
				return e.t.Client.NetworkingV1().Ingresses(e.ns).Get(ctx, p.Name, metav1.GetOptions{})
			})
			if !ok {
				return v
			}
			return p.judge(ctx, e, ing)
		},
	}, nil
}

// judge runs the parts the check asks for, in order; an EnvError or a
// denial of one part is the verdict.
func (p *ingressParams) judge(ctx context.Context, e *env, ing *networkingv1.Ingress) verdict {
	parts := []func() verdict{}
	if p.hasRule() {
		parts = append(parts, func() verdict { return p.judgeRule(ing) })
	}
	if p.ClassResolves {
		parts = append(parts, func() verdict { return judgeClass(ctx, e, ing) })
	}
	if p.BackendsExist {
		parts = append(parts, func() verdict { return judgeBackends(ctx, e, ing) })
	}
	if p.Address {
		parts = append(parts, func() verdict { return judgeAddress(ing) })
	}
	if len(parts) == 0 {
		return pass(msgExists)
	}
	ok := true
	var found []string
	for _, part := range parts {
		v := part()
		switch v.status {
		case Passed:
		case Failed:
			ok = false
		default:
			return v
		}
		found = append(found, v.found)
	}
	return judge(ok, strings.Join(found, "; "))
}

// judgeRule looks for a path that matches every part of the rule given.
func (p *ingressParams) judgeRule(ing *networkingv1.Ingress) verdict {
	var have []string
	for _, r := range ing.Spec.Rules {
		if r.HTTP == nil || len(r.HTTP.Paths) == 0 {
			have = append(have, fmt.Sprintf(msgIngressNoPaths, hostText(r.Host)))
			continue
		}
		for _, path := range r.HTTP.Paths {
			have = append(have, describeIngressPath(r.Host, path))
		}
	}
	if ing.Spec.DefaultBackend != nil {
		have = append(have, fmt.Sprintf(msgIngressDefaultBackend, backendText(*ing.Spec.DefaultBackend)))
	}
	found := msgIngressNoRules
	if len(have) > 0 {
		found = fmt.Sprintf(msgIngressRules, strings.Join(have, ", "))
	}
	for _, r := range ing.Spec.Rules {
		if p.Host != "" && r.Host != p.Host || r.HTTP == nil {
			continue
		}
		if slices.ContainsFunc(r.HTTP.Paths, p.matchesPath) {
			return pass(found)
		}
	}
	return fail(found)
}

// matchesPath reports whether path has every part of the rule given. With
// Prefix, a trailing slash does not matter (/hallo matches the same
// requests as /hallo/).
func (p *ingressParams) matchesPath(path networkingv1.HTTPIngressPath) bool {
	pathType := ""
	if path.PathType != nil {
		pathType = string(*path.PathType)
	}
	samePath := path.Path == p.Path
	if !samePath && pathType == string(networkingv1.PathTypePrefix) {
		samePath = trimSlash(path.Path) == trimSlash(p.Path)
	}
	svc := path.Backend.Service
	switch {
	case p.Path != "" && !samePath:
	case p.PathType != "" && pathType != p.PathType:
	case p.Service != "" && (svc == nil || svc.Name != p.Service):
	case p.Port != nil && (svc == nil || int(svc.Port.Number) != *p.Port):
	default:
		return true
	}
	return false
}

// trimSlash drops trailing slashes but keeps "/".
func trimSlash(path string) string {
	if t := strings.TrimRight(path, "/"); t != "" {
		return t
	}
	return "/"
}

// judgeClass decides whether the Ingress's class resolves: the class it
// names exists, or it names none and a class is the default.
func judgeClass(ctx context.Context, e *env, ing *networkingv1.Ingress) verdict {
	classes, v, ok := listIngressClasses(ctx, e)
	if !ok {
		return v
	}
	all := classList(classes.Items)
	if name := ing.Spec.IngressClassName; name != nil && *name != "" {
		if slices.ContainsFunc(classes.Items, func(c networkingv1.IngressClass) bool { return c.Name == *name }) {
			return pass(fmt.Sprintf(msgClassNamed, *name))
		}
		return fail(fmt.Sprintf(msgClassMissing, *name, all))
	}
	if old, set := ing.Annotations[ingressClassAnnotation]; set {
		return fail(fmt.Sprintf(msgClassAnnotation, old))
	}
	if def := defaultClass(classes.Items); def != "" {
		return pass(fmt.Sprintf(msgClassFromDefault, def))
	}
	return fail(fmt.Sprintf(msgClassNoDefault, all))
}

// judgeBackends decides whether every Service the Ingress sends to exists
// in its Namespace and has the port.
func judgeBackends(ctx context.Context, e *env, ing *networkingv1.Ingress) verdict {
	var backends []networkingv1.IngressServiceBackend
	add := func(b networkingv1.IngressBackend) {
		if b.Service != nil && !slices.Contains(backends, *b.Service) {
			backends = append(backends, *b.Service)
		}
	}
	if ing.Spec.DefaultBackend != nil {
		add(*ing.Spec.DefaultBackend)
	}
	for _, r := range ing.Spec.Rules {
		if r.HTTP != nil {
			for _, path := range r.HTTP.Paths {
				add(path.Backend)
			}
		}
	}
	if len(backends) == 0 {
		return fail(msgBackendNone)
	}
	var ok []string
	for _, b := range backends {
		svc, v, found := e.getService(ctx, b.Name)
		switch {
		case !found && v.status == Failed && v.found == msgNotFound:
			return fail(fmt.Sprintf(msgBackendMissing, b.Name, e.ns))
		case !found:
			return v
		case !servicePortMatches(svc.Spec.Ports, b.Port):
			return fail(fmt.Sprintf(msgBackendNoPort, b.Name, servicePortText(b.Port), serviceports(svc.Spec.Ports)))
		}
		ok = append(ok, b.Name+":"+servicePortText(b.Port))
	}
	return pass(fmt.Sprintf(msgBackendsOK, joinAnd(ok)))
}

// servicePortMatches reports whether the Service has the backend's port,
// by number or by name.
func servicePortMatches(ports []corev1.ServicePort, want networkingv1.ServiceBackendPort) bool {
	return slices.ContainsFunc(ports, func(sp corev1.ServicePort) bool {
		if want.Name != "" {
			return sp.Name == want.Name
		}
		return sp.Port == want.Number
	})
}

// serviceports lists a Service's ports as "80, 443 (https)".
func serviceports(ports []corev1.ServicePort) string {
	if len(ports) == 0 {
		return msgNone
	}
	out := make([]string, len(ports))
	for i, sp := range ports {
		out[i] = strconv.Itoa(int(sp.Port))
		if sp.Name != "" {
			out[i] += " (" + sp.Name + ")"
		}
	}
	return strings.Join(out, ", ")
}

// judgeAddress decides whether the controller has given the Ingress an
// address.
func judgeAddress(ing *networkingv1.Ingress) verdict {
	var addrs []string
	for _, in := range ing.Status.LoadBalancer.Ingress {
		if a := cmp.Or(in.IP, in.Hostname); a != "" {
			addrs = append(addrs, a)
		}
	}
	if len(addrs) == 0 {
		return fail(msgNoAddress)
	}
	return pass(fmt.Sprintf(msgAddress, strings.Join(addrs, ", ")))
}

// describeRoute writes a rule as "web.kurs.local/hallo (Prefix) → hallo:80",
// leaving out what is not given.
func describeRoute(host, path, pathType, service, port string) string {
	s := host + path
	if host != "" && path == "" {
		s = host
	}
	if pathType != "" {
		s = strings.TrimSpace(s + " (" + pathType + ")")
	}
	switch {
	case service != "" && port != "":
		s += " → " + service + ":" + port
	case service != "":
		s += " → " + service
	case port != "":
		s += " → port " + port
	}
	return strings.TrimSpace(s)
}

// describeIngressPath writes one path of an Ingress rule as describeRoute
// does; an empty host is "*".
func describeIngressPath(host string, path networkingv1.HTTPIngressPath) string {
	pathType := ""
	if path.PathType != nil {
		pathType = string(*path.PathType)
	}
	return describeRoute(hostText(host), path.Path, pathType, "", "") + " → " + backendText(path.Backend)
}

// hostText is the host of a rule, "*" when it has none (every host).
func hostText(host string) string {
	if host == "" {
		return msgIngressAnyHost
	}
	return host
}

// backendText writes a backend as "web:80", "web:http" or a resource.
func backendText(b networkingv1.IngressBackend) string {
	switch {
	case b.Service != nil:
		return b.Service.Name + ":" + servicePortText(b.Service.Port)
	case b.Resource != nil:
		return fmt.Sprintf(msgIngressResource, b.Resource.Kind, b.Resource.Name)
	}
	return msgNone
}

// servicePortText is a backend's port, by name or number.
func servicePortText(p networkingv1.ServiceBackendPort) string {
	if p.Name != "" {
		return p.Name
	}
	return strconv.Itoa(int(p.Number))
}

// portText is an optional port parameter as text.
func portText(port *int) string {
	if port == nil {
		return ""
	}
	return strconv.Itoa(*port)
}
