package checks

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Texts of the httpGet check.
const (
	msgCritHTTP         = "%s svarer på GET %s (port %s) med status %d"
	msgCritHTTPContains = " og en side som inneholder «%s»"
	msgCritHTTPSame     = " og en side som er lik nøkkelen %s i %s"
	msgExpectHTTP       = "status %d"
	msgHTTPStatus       = "status %d"
	msgHTTPWithText     = ", med «%s»"
	msgHTTPWithoutText  = ", uten «%s» (svaret begynner: %s)"
	msgHTTPSameKey      = ", lik nøkkelen %s"
	msgHTTPDiffers      = ", ikke lik nøkkelen %s (svaret begynner: %s)"
	msgHTTPNoKey        = ", men ConfigMapet har ikke nøkkelen %s"
	msgHTTPEmptyBody    = "tomt"
	msgHTTPTarget       = "En klar Pod med selector «%s»"
	msgHTTPNoReadyPod   = "ingen klare Poder med selector «%s»"
	msgHTTPNoPort       = "Servicen har ingen port %s (porter: %s)"
	msgHTTPPodNoPort    = "Poden «%s» har ingen containerport med navnet %s (porter: %s)"
	msgHTTPExternalName = "Servicen er av typen ExternalName og sender ingen trafikk selv, den er bare et DNS-navn"
	msgPathSlash        = "«path» må begynne med /"
)

// httpGetParams: an HTTP GET to a Service, or to the first ready Pod (by
// name) that a selector matches, sent through the API server's proxy
// (services/proxy or pods/proxy), answers with the status wanted and,
// when asked, a reply that contains a text or equals a ConfigMap's key.
// It needs a cluster with real containers.
type httpGetParams struct {
	Service         string      `yaml:"service" doc:"Servicen som spørres" check:"one=target"`
	Selector        string      `yaml:"selector" doc:"label-selector; den første klare Poden som treffes, spørres" check:"one=target"`
	Port            intOrString `yaml:"port" doc:"porten på Servicen eller i Poden, nummer eller navn" check:"required"`
	Path            string      `yaml:"path" doc:"stien som hentes; standard /"`
	Status          int         `yaml:"status" doc:"HTTP-statusen svaret skal ha; standard 200" check:"min=100,max=599"`
	Contains        string      `yaml:"contains" doc:"tekst svaret skal inneholde" check:"excl=body"`
	SameAsConfigMap *keyRef     `yaml:"sameAsConfigMap" doc:"ConfigMap-nøkkelen svaret skal være likt" check:"excl=body"`
}

func (p *httpGetParams) build(b *builder) (spec, error) {
	path := p.Path
	if path == "" {
		path = "/"
	}
	if !strings.HasPrefix(path, "/") {
		return spec{}, b.errorf("path", msgPathSlash)
	}
	status := p.Status
	if status == 0 {
		status = http.StatusOK
	}
	subject := b.subject("Service", p.Service)
	if p.Selector != "" {
		sel, err := b.selector("selector", p.Selector)
		if err != nil {
			return spec{}, err
		}
		subject = fmt.Sprintf(msgHTTPTarget, sel) + b.inNamespace()
	}
	criterion := fmt.Sprintf(msgCritHTTP, subject, path, p.Port.String(), status)
	expected := fmt.Sprintf(msgExpectHTTP, status)
	switch {
	case p.SameAsConfigMap != nil:
		criterion += fmt.Sprintf(msgCritHTTPSame, p.SameAsConfigMap.Key, b.subject("ConfigMap", p.SameAsConfigMap.Name))
		expected += fmt.Sprintf(msgHTTPSameKey, p.SameAsConfigMap.Key)
	case p.Contains != "":
		criterion += fmt.Sprintf(msgCritHTTPContains, p.Contains)
		expected += fmt.Sprintf(msgHTTPWithText, p.Contains)
	}
	return spec{
		criterion: criterion,
		expected:  expected,
		run: func(ctx context.Context, e *env) verdict {
			target, v, ok := p.target(ctx, e)
			if !ok {
				return v
			}
			code, body, v, ok := e.proxyGet(ctx, target, path)
			if !ok {
				return v
			}
			if p.SameAsConfigMap != nil {
				return p.judgeSame(ctx, e, code, body, status)
			}
			return judgeHTTP(code, body, status, p.Contains)
		},
	}, nil
}

// target finds what the request goes to: the Service, after checking
// that it can carry traffic on the port, or the first ready Pod by name.
func (p *httpGetParams) target(ctx context.Context, e *env) (proxyTarget, verdict, bool) {
	if p.Service != "" {
		svc, v, ok := e.getService(ctx, p.Service)
		if !ok {
			return proxyTarget{}, v, false
		}
		if v, ok := proxyablePort(svc, p.Port); !ok {
			return proxyTarget{}, v, false
		}
		return serviceTarget(p.Service, p.Port.String()), verdict{}, true
	}
	pods, v, ok := fetch(ctx, e, e.req("list", "pods", "", ""), func(ctx context.Context) (*corev1.PodList, error) {
		return e.t.Client.CoreV1().Pods(e.ns).List(ctx, metav1.ListOptions{LabelSelector: p.Selector})
	})
	if !ok {
		return proxyTarget{}, v, false
	}
	var ready []*corev1.Pod
	for i := range pods.Items {
		if podReady(&pods.Items[i]) {
			ready = append(ready, &pods.Items[i])
		}
	}
	if len(ready) == 0 {
		return proxyTarget{}, fail(fmt.Sprintf(msgHTTPNoReadyPod, p.Selector)), false
	}
	pod := slices.MinFunc(ready, func(a, b *corev1.Pod) int { return strings.Compare(a.Name, b.Name) })
	port, v, ok := podPort(pod, p.Port)
	if !ok {
		return proxyTarget{}, v, false
	}
	return podTarget(pod.Name, port), verdict{}, true
}

// podPort is the port number to ask the Pod on: a number as it is, a
// name looked up among the containers' ports (the Pod proxy takes only
// numbers).
func podPort(pod *corev1.Pod, port intOrString) (string, verdict, bool) {
	if port.Type == intstr.Int {
		return port.String(), verdict{}, true
	}
	var have []string
	for _, c := range pod.Spec.Containers {
		for _, cp := range c.Ports {
			if cp.Name == port.StrVal {
				return fmt.Sprint(cp.ContainerPort), verdict{}, true
			}
			have = append(have, fmt.Sprint(cp.ContainerPort))
		}
	}
	return "", fail(fmt.Sprintf(msgHTTPPodNoPort, pod.Name, port.StrVal, listOrNone(have))), false
}

// proxyablePort fails unless svc can carry traffic on port.
func proxyablePort(svc *corev1.Service, port intOrString) (verdict, bool) {
	if svc.Spec.Type == corev1.ServiceTypeExternalName {
		return fail(msgHTTPExternalName), false
	}
	var have []string
	for _, sp := range svc.Spec.Ports {
		if port.Type == intstr.Int && sp.Port == port.IntVal || port.Type == intstr.String && sp.Name == port.StrVal {
			return verdict{}, true
		}
		have = append(have, fmt.Sprint(sp.Port))
	}
	return fail(fmt.Sprintf(msgHTTPNoPort, port.String(), listOrNone(have))), false
}

// judgeHTTP compares a reply with the status and text wanted.
func judgeHTTP(code int, body []byte, status int, contains string) verdict {
	found := fmt.Sprintf(msgHTTPStatus, code)
	ok := code == status
	if contains != "" {
		if bytes.Contains(body, []byte(contains)) {
			found += fmt.Sprintf(msgHTTPWithText, contains)
		} else {
			found += fmt.Sprintf(msgHTTPWithoutText, contains, bodyStart(body))
			ok = false
		}
	}
	return judge(ok, found)
}

// judgeSame compares a reply with the status wanted and, byte for byte,
// with the value of the ConfigMap key.
func (p *httpGetParams) judgeSame(ctx context.Context, e *env, code int, body []byte, status int) verdict {
	ref := p.SameAsConfigMap
	cm, v, ok := fetch(ctx, e, e.req("get", "configmaps", "", ref.Name), func(ctx context.Context) (*corev1.ConfigMap, error) {
		return e.t.Client.CoreV1().ConfigMaps(e.ns).Get(ctx, ref.Name, metav1.GetOptions{})
	})
	if !ok {
		return v
	}
	found := fmt.Sprintf(msgHTTPStatus, code)
	want, present := []byte(cm.Data[ref.Key]), false
	if _, present = cm.Data[ref.Key]; !present {
		want, present = cm.BinaryData[ref.Key]
	}
	switch {
	case !present:
		return fail(found + fmt.Sprintf(msgHTTPNoKey, ref.Key))
	case !bytes.Equal(body, want):
		return fail(found + fmt.Sprintf(msgHTTPDiffers, ref.Key, bodyStart(body)))
	}
	return judge(code == status, found+fmt.Sprintf(msgHTTPSameKey, ref.Key))
}

// bodyStart is the start of a reply, on one line.
func bodyStart(body []byte) string {
	s := oneLine(string(body[:min(len(body), 200)]))
	if s == "" {
		return msgHTTPEmptyBody
	}
	return "«" + truncate(s, 60) + "»"
}
