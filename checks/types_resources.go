package checks

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// resourceList is the cpu and memory of requests or limits.
type resourceList struct {
	CPU    *quantity `yaml:"cpu" doc:"CPU, f.eks. 250m eller 0.5"`
	Memory *quantity `yaml:"memory" doc:"minne, f.eks. 128Mi"`
}

// wanted lists the given quantities by resource name.
func (r *resourceList) wanted() map[corev1.ResourceName]quantity {
	out := map[corev1.ResourceName]quantity{}
	if r == nil {
		return out
	}
	if r.CPU != nil {
		out[corev1.ResourceCPU] = *r.CPU
	}
	if r.Memory != nil {
		out[corev1.ResourceMemory] = *r.Memory
	}
	return out
}

// resourcesParams: a container's requests and limits equal the given
// quantities (500m equals 0.5).
type resourcesParams struct {
	workloadRef `yaml:",inline"`
	Requests    *resourceList `yaml:"requests" doc:"minstekrav (requests): cpu og/eller memory"`
	Limits      *resourceList `yaml:"limits" doc:"øvre grenser (limits): cpu og/eller memory"`
}

func (p *resourcesParams) build(b *builder) (spec, error) {
	requests, limits := p.Requests.wanted(), p.Limits.wanted()
	switch {
	case p.Requests != nil && len(requests) == 0:
		return spec{}, b.errorf("requests", msgNeedCPUOrMemory, "requests")
	case p.Limits != nil && len(limits) == 0:
		return spec{}, b.errorf("limits", msgNeedCPUOrMemory, "limits")
	case len(requests) == 0 && len(limits) == 0:
		return spec{}, b.errorf("", msgNeedRequestsOrLimits)
	}
	var want []string
	if len(requests) > 0 {
		want = append(want, "requests "+describeQuantities(requests))
	}
	if len(limits) > 0 {
		want = append(want, "limits "+describeQuantities(limits))
	}
	return spec{
		criterion: fmt.Sprintf(msgCritHasPlain, b.workloadSubject(p.workloadRef), joinAnd(want)),
		expected:  strings.Join(want, "; "),
		run: p.containers(func(c *corev1.Container) (bool, string) {
			ok := sameQuantities(requests, c.Resources.Requests) && sameQuantities(limits, c.Resources.Limits)
			found := fmt.Sprintf("requests %s; limits %s", describeList(c.Resources.Requests), describeList(c.Resources.Limits))
			return ok, found
		}),
	}, nil
}

// sameQuantities reports whether have has every wanted quantity.
func sameQuantities(want map[corev1.ResourceName]quantity, have corev1.ResourceList) bool {
	for name, q := range want {
		h, ok := have[name]
		if !ok || h.Cmp(q.Quantity) != 0 {
			return false
		}
	}
	return true
}

// describeQuantities writes wanted quantities as "cpu 500m, memory 128Mi".
func describeQuantities(m map[corev1.ResourceName]quantity) string {
	list := corev1.ResourceList{}
	for name, q := range m {
		list[name] = q.Quantity
	}
	return describeList(list)
}

// describeList writes the cpu and memory of a resource list, or "ingen".
func describeList(list corev1.ResourceList) string {
	var parts []string
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if q, ok := list[name]; ok {
			parts = append(parts, fmt.Sprintf("%s %s", name, q.String()))
		}
	}
	return listOrNone(parts)
}

// httpGetProbe is the httpGet handler a probe check wants.
type httpGetProbe struct {
	Path string       `yaml:"path" doc:"stien, f.eks. /healthz"`
	Port *intOrString `yaml:"port" doc:"porten, nummer eller navn"`
}

// tcpSocketProbe is the tcpSocket handler a probe check wants.
type tcpSocketProbe struct {
	Port *intOrString `yaml:"port" doc:"porten, nummer eller navn" check:"required"`
}

// probeParams: a container has a liveness, readiness or startup probe,
// optionally of a given kind.
type probeParams struct {
	workloadRef `yaml:",inline"`
	Probe       string          `yaml:"probe" doc:"hvilken helsesjekk" check:"required,enum=liveness|readiness|startup"`
	HTTPGet     *httpGetProbe   `yaml:"httpGet" doc:"helsesjekken bruker httpGet (med path og port hvis oppgitt; httpGet: {} godtar alle)" check:"excl=handler"`
	TCPSocket   *tcpSocketProbe `yaml:"tcpSocket" doc:"helsesjekken bruker tcpSocket på denne porten" check:"excl=handler"`
	Exec        bool            `yaml:"exec" doc:"true: helsesjekken kjører en kommando (exec)" check:"excl=handler"`
}

func (p *probeParams) build(b *builder) (spec, error) {
	field := p.Probe + "Probe"
	want := field
	switch {
	case p.HTTPGet != nil:
		want += " (" + describeHandler("httpGet", p.HTTPGet.Path, toIntstr(p.HTTPGet.Port)) + ")"
	case p.TCPSocket != nil:
		want += " (" + describeHandler("tcpSocket", "", toIntstr(p.TCPSocket.Port)) + ")"
	case p.Exec:
		want += " (exec)"
	}
	return spec{
		criterion: fmt.Sprintf(msgCritProbe, b.workloadSubject(p.workloadRef), want),
		expected:  want,
		run: p.containers(func(c *corev1.Container) (bool, string) {
			probe := map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe, "startup": c.StartupProbe}[p.Probe]
			if probe == nil {
				return false, fmt.Sprintf(msgNoProbe, field)
			}
			h := probe.ProbeHandler
			switch {
			case h.HTTPGet != nil:
				found := field + " (" + describeHandler("httpGet", h.HTTPGet.Path, &h.HTTPGet.Port) + ")"
				ok := p.TCPSocket == nil && !p.Exec
				if p.HTTPGet != nil {
					ok = ok && (p.HTTPGet.Path == "" || probePath(p.HTTPGet.Path) == probePath(h.HTTPGet.Path)) &&
						(p.HTTPGet.Port == nil || samePort(p.HTTPGet.Port.IntOrString, h.HTTPGet.Port, c))
				}
				return ok, found
			case h.TCPSocket != nil:
				found := field + " (" + describeHandler("tcpSocket", "", &h.TCPSocket.Port) + ")"
				ok := p.HTTPGet == nil && !p.Exec && (p.TCPSocket == nil || samePort(p.TCPSocket.Port.IntOrString, h.TCPSocket.Port, c))
				return ok, found
			case h.Exec != nil:
				return p.HTTPGet == nil && p.TCPSocket == nil, field + " (exec)"
			}
			return p.HTTPGet == nil && p.TCPSocket == nil && !p.Exec, field
		}),
	}, nil
}

// samePort compares ports, resolving port names through the container's
// ports, so that 8080 equals "http" when the container names 8080 http.
func samePort(want, actual intstr.IntOrString, c *corev1.Container) bool {
	return resolvePort(want, c) == resolvePort(actual, c)
}

func resolvePort(v intstr.IntOrString, c *corev1.Container) intstr.IntOrString {
	v = normalizeIntOrString(v)
	if v.Type == intstr.String {
		for _, p := range c.Ports {
			if p.Name == v.StrVal {
				return intstr.FromInt32(p.ContainerPort)
			}
		}
	}
	return v
}

// probePath treats an empty httpGet path as "/".
func probePath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// describeHandler writes "httpGet /healthz port 80".
func describeHandler(kind, path string, port *intstr.IntOrString) string {
	s := kind
	if path != "" {
		s += " " + path
	}
	if port != nil {
		s += " port " + port.String()
	}
	return s
}

func toIntstr(v *intOrString) *intstr.IntOrString {
	if v == nil {
		return nil
	}
	return &v.IntOrString
}
