package checks

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Texts of the loadBalancerAddress check.
const (
	msgCritLBServiceAddress = "%s har fått en ekstern adresse (EXTERNAL-IP)"
	msgCritLBIngressAddress = "%s har fått en adresse (ADDRESS)"
	msgExpectLBAddress      = "en adresse i status.loadBalancer.ingress"
	msgLBPending            = "ingen adresse ennå (<pending>)"
	msgLBNoAddressType      = "ingen ekstern adresse: Servicen har type %s, ikke LoadBalancer"
	msgLBClass              = "; loadBalancerClass %s"
)

// loadBalancerAddressParams: a LoadBalancer Service or an Ingress has
// been given an address in status.loadBalancer.ingress.
type loadBalancerAddressParams struct {
	Kind string `yaml:"kind" doc:"Service (standard) eller Ingress" check:"enum=Service|Ingress"`
	Name string `yaml:"name" doc:"objektets navn" check:"required"`
}

func (p *loadBalancerAddressParams) build(b *builder) (spec, error) {
	kind := p.Kind
	if kind == "" {
		kind = "Service"
	}
	format := msgCritLBServiceAddress
	if kind == "Ingress" {
		format = msgCritLBIngressAddress
	}
	return spec{
		criterion: fmt.Sprintf(format, b.subject(kind, p.Name)),
		expected:  msgExpectLBAddress,
		run: func(ctx context.Context, e *env) verdict {
			if kind == "Ingress" {
				ing, v, ok := fetch(ctx, e, e.req("get", "ingresses", "networking.k8s.io", p.Name), func(ctx context.Context) (*networkingv1.Ingress, error) {
					return e.t.Client.NetworkingV1().Ingresses(e.ns).Get(ctx, p.Name, metav1.GetOptions{})
				})
				if !ok {
					return v
				}
				var addrs []string
				for _, in := range ing.Status.LoadBalancer.Ingress {
					addrs = append(addrs, addressText(in.IP, in.Hostname))
				}
				return addressVerdict(addrs, "")
			}
			svc, v, ok := e.getService(ctx, p.Name)
			if !ok {
				return v
			}
			if svc.Spec.Type != corev1.ServiceTypeLoadBalancer {
				return fail(fmt.Sprintf(msgLBNoAddressType, svc.Spec.Type))
			}
			var addrs []string
			for _, in := range svc.Status.LoadBalancer.Ingress {
				addrs = append(addrs, addressText(in.IP, in.Hostname))
			}
			class := ""
			if svc.Spec.LoadBalancerClass != nil {
				class = fmt.Sprintf(msgLBClass, *svc.Spec.LoadBalancerClass)
			}
			return addressVerdict(addrs, class)
		},
	}, nil
}

// addressText is an entry of status.loadBalancer.ingress: its IP, its
// host name, or both.
func addressText(ip, hostname string) string {
	switch {
	case ip != "" && hostname != "":
		return ip + " (" + hostname + ")"
	case ip != "":
		return ip
	}
	return hostname
}

// addressVerdict passes when there is a non-empty address; note is added
// to what was found when there is none.
func addressVerdict(addrs []string, note string) verdict {
	var nonEmpty []string
	for _, a := range addrs {
		if a != "" {
			nonEmpty = append(nonEmpty, a)
		}
	}
	if len(nonEmpty) == 0 {
		return fail(msgLBPending + note)
	}
	return pass(strings.Join(nonEmpty, ", "))
}
