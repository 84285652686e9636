package checks

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Texts of the service check's clusterIP and externalName parts.
const (
	msgNoServiceSelector = "ingen selector"
	msgWantHeadless      = "ingen virtuell IP (headless, clusterIP: None)"
	msgWantClusterIP     = "en virtuell IP (clusterIP)"
	msgNoClusterIP       = "ingen clusterIP"
	msgExternalName      = "externalName %s"
	msgNoExternalName    = "ingen externalName"
	msgExternalNameIsIP  = " (en IP-adresse, ikke et DNS-navn)"
)

// servicePort is one port a service check wants.
type servicePort struct {
	Port       int          `yaml:"port" doc:"porten Servicen lytter på" check:"required,min=1,max=65535"`
	TargetPort *intOrString `yaml:"targetPort" doc:"porten (nummer eller navn) i Podene"`
	NodePort   *int         `yaml:"nodePort" doc:"porten på nodene (NodePort)" check:"min=1,max=65535"`
	Protocol   string       `yaml:"protocol" doc:"TCP, UDP eller SCTP (standard TCP)" check:"enum=TCP|UDP|SCTP"`
}

// serviceParams: a Service has the given type, ports, selector, cluster
// IP kind and external name.
type serviceParams struct {
	Name         string            `yaml:"name" doc:"Servicens navn" check:"required"`
	ServiceType  string            `yaml:"serviceType" doc:"Servicens type (spec.type)" check:"enum=ClusterIP|NodePort|LoadBalancer|ExternalName"`
	Ports        []servicePort     `yaml:"ports" doc:"portene som skal finnes; bare feltene som er oppgitt, sammenlignes"`
	Selector     map[string]string `yaml:"selector" doc:"selectoren Servicen skal ha (nøyaktig disse labelene; {} betyr ingen selector)"`
	Headless     *bool             `yaml:"headless" doc:"true: clusterIP er None (headless); false: Servicen har en virtuell IP i clusterIP"`
	ExternalName string            `yaml:"externalName" doc:"DNS-navnet en ExternalName-Service skal peke på (spec.externalName)"`
}

func (p *serviceParams) build(b *builder) (spec, error) {
	var want []string
	if p.ServiceType != "" {
		want = append(want, fmt.Sprintf(msgServiceType, p.ServiceType))
	}
	for _, sp := range p.Ports {
		want = append(want, "port "+describeServicePort(sp.Port, targetText(sp.TargetPort), sp.NodePort, sp.Protocol))
	}
	if p.Selector != nil {
		want = append(want, selectorText(p.Selector))
	}
	if p.Headless != nil {
		want = append(want, headlessText(*p.Headless))
	}
	if p.ExternalName != "" {
		want = append(want, fmt.Sprintf(msgExternalName, p.ExternalName))
	}
	criterion := fmt.Sprintf(msgCritExists, b.subject("Service", p.Name))
	expected := msgExists
	if len(want) > 0 {
		expected = joinAnd(want)
		criterion = fmt.Sprintf(msgCritHasPlain, b.subject("Service", p.Name), expected)
	}
	return spec{
		criterion: criterion,
		expected:  expected,
		run: func(ctx context.Context, e *env) verdict {
			svc, v, ok := e.getService(ctx, p.Name)
			if !ok {
				return v
			}
			return p.judge(svc)
		},
	}, nil
}

// judge compares the Service with what the check gives.
func (p *serviceParams) judge(svc *corev1.Service) verdict {
	ok := true
	var found []string
	if p.ServiceType != "" {
		found = append(found, fmt.Sprintf(msgServiceType, svc.Spec.Type))
		ok = string(svc.Spec.Type) == p.ServiceType
	}
	if len(p.Ports) > 0 {
		var have []string
		for _, sp := range svc.Spec.Ports {
			np := int(sp.NodePort)
			have = append(have, describeServicePort(int(sp.Port), sp.TargetPort.String(), &np, string(sp.Protocol)))
		}
		if len(have) == 0 {
			have = []string{msgNone}
		}
		found = append(found, msgPorts+" "+strings.Join(have, ", "))
		for _, want := range p.Ports {
			if !hasServicePort(svc.Spec.Ports, want) {
				ok = false
			}
		}
	}
	if p.Selector != nil {
		found = append(found, selectorText(svc.Spec.Selector))
		ok = ok && labels.Equals(p.Selector, svc.Spec.Selector)
	}
	if p.Headless != nil {
		headless := svc.Spec.ClusterIP == corev1.ClusterIPNone
		found = append(found, clusterIPText(svc.Spec.ClusterIP))
		ok = ok && headless == *p.Headless && (headless || svc.Spec.ClusterIP != "")
	}
	if p.ExternalName != "" {
		found = append(found, externalNameText(svc.Spec.ExternalName))
		ok = ok && strings.EqualFold(strings.TrimSuffix(svc.Spec.ExternalName, "."), strings.TrimSuffix(p.ExternalName, "."))
	}
	if len(found) == 0 {
		return pass(msgExists)
	}
	return judge(ok, strings.Join(found, "; "))
}

// hasServicePort reports whether one of ports matches every field want
// gives.
func hasServicePort(ports []corev1.ServicePort, want servicePort) bool {
	protocol := want.Protocol
	if protocol == "" {
		protocol = string(corev1.ProtocolTCP)
	}
	for _, sp := range ports {
		switch {
		case int(sp.Port) != want.Port || string(sp.Protocol) != protocol:
		case want.TargetPort != nil && !sameIntOrString(want.TargetPort.IntOrString, &sp.TargetPort):
		case want.NodePort != nil && int(sp.NodePort) != *want.NodePort:
		default:
			return true
		}
	}
	return false
}

// describeServicePort writes a port as "80 → 8080 (nodePort 30001)",
// leaving out what is not given and the default protocol.
func describeServicePort(port int, target string, nodePort *int, protocol string) string {
	s := fmt.Sprint(port)
	if target != "" && target != "0" {
		s += " → " + target
	}
	if protocol != "" && protocol != string(corev1.ProtocolTCP) {
		s += "/" + protocol
	}
	if nodePort != nil && *nodePort != 0 {
		s += fmt.Sprintf(" (nodePort %d)", *nodePort)
	}
	return s
}

// selectorText is "selector app=web", or "ingen selector" for none.
func selectorText(sel map[string]string) string {
	if len(sel) == 0 {
		return msgNoServiceSelector
	}
	return "selector " + labels.Set(sel).String()
}

// headlessText is what a check wants of clusterIP.
func headlessText(headless bool) string {
	if headless {
		return msgWantHeadless
	}
	return msgWantClusterIP
}

// clusterIPText is what a Service has in clusterIP.
func clusterIPText(ip string) string {
	if ip == "" {
		return msgNoClusterIP
	}
	return "clusterIP " + ip
}

// externalNameText is what a Service has in externalName, saying so when
// it is an IP address rather than a DNS name.
func externalNameText(name string) string {
	if name == "" {
		return msgNoExternalName
	}
	s := fmt.Sprintf(msgExternalName, name)
	if _, err := netip.ParseAddr(name); err == nil {
		s += msgExternalNameIsIP
	}
	return s
}

func targetText(v *intOrString) string {
	if v == nil {
		return ""
	}
	return v.String()
}

// serviceEndpointsParams: a Service has exactly `ready` ready endpoints.
type serviceEndpointsParams struct {
	Name  string `yaml:"name" doc:"Servicens navn" check:"required"`
	Ready int    `yaml:"ready" doc:"hvor mange klare endepunkter Servicen skal ha" check:"required"`
}

func (p *serviceEndpointsParams) build(b *builder) (spec, error) {
	return spec{
		criterion: fmt.Sprintf(msgCritEndpoints, b.subject("Service", p.Name), p.Ready, endpointNoun(p.Ready)),
		expected:  fmt.Sprintf(msgCountNoun, p.Ready, endpointNoun(p.Ready)),
		run: func(ctx context.Context, e *env) verdict {
			_, v, ok := e.getService(ctx, p.Name)
			if !ok {
				return v
			}
			slices, v, ok := fetch(ctx, e, e.req("list", "endpointslices", "discovery.k8s.io", ""), func(ctx context.Context) (*discoveryv1.EndpointSliceList, error) {
				return e.t.Client.DiscoveryV1().EndpointSlices(e.ns).List(ctx, metav1.ListOptions{
					LabelSelector: discoveryv1.LabelServiceName + "=" + p.Name,
				})
			})
			if !ok {
				return v
			}
			ready, notReady := countEndpoints(slices.Items)
			found := fmt.Sprintf(msgCountNoun, ready, endpointNoun(ready))
			if notReady > 0 {
				found += fmt.Sprintf(msgNotReadyEndpoints, notReady)
			}
			return judge(ready == p.Ready, found)
		},
	}, nil
}

// countEndpoints counts distinct endpoints (by target, else address) over
// the slices; an endpoint without a ready condition counts as ready, as
// the API says consumers should assume.
func countEndpoints(slices []discoveryv1.EndpointSlice) (ready, notReady int) {
	seen := map[string]bool{}
	for _, s := range slices {
		for _, ep := range s.Endpoints {
			key := strings.Join(ep.Addresses, ",")
			if ep.TargetRef != nil && ep.TargetRef.UID != "" {
				key = string(ep.TargetRef.UID)
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			if ep.Conditions.Ready == nil || *ep.Conditions.Ready {
				ready++
			} else {
				notReady++
			}
		}
	}
	return ready, notReady
}
