package checks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Check types that need real containers: a Pod's log and an HTTP answer
// through the API server's proxy. Lessons mark the steps that use them
// with the capability running-containers. Both read only what the API
// server passes on; neither ever puts a log line into a result.

// maxLogBytes is how much of a log podLog reads.
const maxLogBytes = 1 << 20

// The Norwegian texts of these check types.
const (
	msgCritPodLog      = "Loggen til %s inneholder %s"
	msgLogHasAll       = "loggen inneholder alt"
	msgLogMissing      = "loggen mangler %s"
	msgLogNotStarted   = "containeren har ikke startet: %s"
	msgCritHTTPSame    = "%s svarer på %s med det samme som nøkkelen %s i %s"
	msgCritHTTPHas     = "%s svarer på %s med en side som inneholder «%s»"
	msgCritHTTPOK      = "%s svarer på %s"
	msgHTTPTarget      = "En klar Pod med selector «%s»"
	msgHTTPPort        = "port %d, sti %s"
	msgHTTPNoReadyPod  = "ingen klare Poder med selector «%s»"
	msgHTTPGetStatus   = "HTTP %d"
	msgHTTPStatusMsg   = "HTTP %d: %s"
	msgHTTPSame        = "; svaret er likt nøkkelen"
	msgHTTPDiffers     = "; svaret er ikke likt nøkkelen (svaret begynner med «%s»)"
	msgHTTPNoKey       = "; ConfigMapet har ikke nøkkelen %s"
	msgHTTPContains    = "; svaret inneholder teksten"
	msgHTTPNotContains = "; svaret inneholder ikke teksten (svaret begynner med «%s»)"
	msgPathSlash       = "«path» må begynne med /"
)

// podLogParams: the log of a Pod's container contains every text.
type podLogParams struct {
	Name      string   `yaml:"name" doc:"Podens navn" check:"required"`
	Container string   `yaml:"container" doc:"containerens navn; trengs bare når Poden har flere"`
	Contains  []string `yaml:"contains" doc:"tekster loggen skal inneholde, hver for seg; loggen selv vises aldri" check:"required"`
}

func (p *podLogParams) build(b *builder) (spec, error) {
	want := quoteAll(p.Contains)
	subject := b.subject("Pod", p.Name)
	if p.Container != "" {
		subject = fmt.Sprintf(msgContainerIn, p.Container, subject)
	}
	return spec{
		criterion: fmt.Sprintf(msgCritPodLog, subject, want),
		expected:  want,
		run: func(ctx context.Context, e *env) verdict {
			pod, v, ok := e.getPod(ctx, p.Name)
			if !ok {
				return v
			}
			if !containerStarted(pod, p.Container) {
				return fail(fmt.Sprintf(msgLogNotStarted, podState(pod)))
			}
			limit := int64(maxLogBytes)
			req := e.req("get", "pods/log", "", p.Name)
			log, v, ok := fetch(ctx, e, req, func(ctx context.Context) ([]byte, error) {
				return e.t.Client.CoreV1().Pods(e.ns).GetLogs(p.Name, &corev1.PodLogOptions{Container: p.Container, LimitBytes: &limit}).DoRaw(ctx)
			})
			if !ok {
				return v
			}
			var missing []string
			for _, s := range p.Contains {
				if !bytes.Contains(log, []byte(s)) {
					missing = append(missing, s)
				}
			}
			if len(missing) > 0 {
				return fail(fmt.Sprintf(msgLogMissing, quoteAll(missing)))
			}
			return pass(msgLogHasAll)
		},
	}, nil
}

// containerStarted reports whether the container (any, when name is "")
// is running or has run, so that it has a log.
func containerStarted(pod *corev1.Pod, name string) bool {
	for _, cs := range pod.Status.ContainerStatuses {
		if (name == "" || cs.Name == name) && (cs.State.Running != nil || cs.State.Terminated != nil || cs.LastTerminationState.Terminated != nil) {
			return true
		}
	}
	return false
}

// httpGetParams: a Service, or a ready Pod matching a selector, answers
// an HTTP GET through the API server's proxy (services/proxy or
// pods/proxy), with a 2xx status and, when asked, a body that contains a
// text or equals a ConfigMap's key.
type httpGetParams struct {
	Service         string  `yaml:"service" doc:"Servicen som spørres" check:"one=target"`
	Selector        string  `yaml:"selector" doc:"label-selector; én klar Pod som treffes, spørres" check:"one=target"`
	Port            int     `yaml:"port" doc:"porten på Servicen eller i Poden" check:"required,min=1,max=65535"`
	Path            string  `yaml:"path" doc:"stien som hentes; standard /"`
	Contains        string  `yaml:"contains" doc:"tekst svaret skal inneholde" check:"excl=body"`
	SameAsConfigMap *keyRef `yaml:"sameAsConfigMap" doc:"ConfigMap-nøkkelen svaret skal være likt" check:"excl=body"`
}

func (p *httpGetParams) build(b *builder) (spec, error) {
	path := p.Path
	if path == "" {
		path = "/"
	}
	if !strings.HasPrefix(path, "/") {
		return spec{}, b.errorf("path", msgPathSlash)
	}
	subject := b.subject("Service", p.Service)
	if p.Selector != "" {
		sel, err := b.selector("selector", p.Selector)
		if err != nil {
			return spec{}, err
		}
		subject = fmt.Sprintf(msgHTTPTarget, sel) + b.inNamespace()
	}
	where := fmt.Sprintf(msgHTTPPort, p.Port, path)
	criterion := fmt.Sprintf(msgCritHTTPOK, subject, where)
	switch {
	case p.SameAsConfigMap != nil:
		criterion = fmt.Sprintf(msgCritHTTPSame, subject, where, p.SameAsConfigMap.Key, b.subject("ConfigMap", p.SameAsConfigMap.Name))
	case p.Contains != "":
		criterion = fmt.Sprintf(msgCritHTTPHas, subject, where, p.Contains)
	}
	return spec{
		criterion: criterion,
		expected:  fmt.Sprintf(msgHTTPGetStatus, 200),
		run: func(ctx context.Context, e *env) verdict {
			body, v, ok := p.get(ctx, e, path)
			if !ok {
				return v
			}
			found := fmt.Sprintf(msgHTTPGetStatus, 200)
			switch {
			case p.SameAsConfigMap != nil:
				ref := p.SameAsConfigMap
				cm, v, ok := fetch(ctx, e, e.req("get", "configmaps", "", ref.Name), func(ctx context.Context) (*corev1.ConfigMap, error) {
					return e.t.Client.CoreV1().ConfigMaps(e.ns).Get(ctx, ref.Name, metav1.GetOptions{})
				})
				if !ok {
					return v
				}
				want, present := []byte(cm.Data[ref.Key]), false
				if _, present = cm.Data[ref.Key]; !present {
					want, present = cm.BinaryData[ref.Key]
				}
				switch {
				case !present:
					return fail(found + fmt.Sprintf(msgHTTPNoKey, ref.Key))
				case !bytes.Equal(body, want):
					return fail(found + fmt.Sprintf(msgHTTPDiffers, httpGetBodyStart(body)))
				}
				return pass(found + msgHTTPSame)
			case p.Contains != "":
				if !bytes.Contains(body, []byte(p.Contains)) {
					return fail(found + fmt.Sprintf(msgHTTPNotContains, httpGetBodyStart(body)))
				}
				return pass(found + msgHTTPContains)
			}
			return pass(found)
		},
	}, nil
}

// get fetches path from the Service or from a ready Pod through the API
// server's proxy. An HTTP error status is the learner's to fix (a wrong
// port, no ready endpoints, a 404); everything else is classified as
// usual.
func (p *httpGetParams) get(ctx context.Context, e *env, path string) ([]byte, verdict, bool) {
	port := strconv.Itoa(p.Port)
	var call func(ctx context.Context) ([]byte, error)
	var req apiRequest
	if p.Service != "" {
		if _, v, ok := e.getService(ctx, p.Service); !ok {
			return nil, v, false
		}
		req = e.req("get", "services/proxy", "", p.Service)
		call = func(ctx context.Context) ([]byte, error) {
			return e.t.Client.CoreV1().Services(e.ns).ProxyGet("http", p.Service, port, path, nil).DoRaw(ctx)
		}
	} else {
		pods, v, ok := fetch(ctx, e, e.req("list", "pods", "", ""), func(ctx context.Context) (*corev1.PodList, error) {
			return e.t.Client.CoreV1().Pods(e.ns).List(ctx, metav1.ListOptions{LabelSelector: p.Selector})
		})
		if !ok {
			return nil, v, false
		}
		var ready []string
		for i := range pods.Items {
			if podReady(&pods.Items[i]) {
				ready = append(ready, pods.Items[i].Name)
			}
		}
		if len(ready) == 0 {
			return nil, fail(fmt.Sprintf(msgHTTPNoReadyPod, p.Selector)), false
		}
		name := slices.Min(ready)
		req = e.req("get", "pods/proxy", "", name)
		call = func(ctx context.Context) ([]byte, error) {
			return e.t.Client.CoreV1().Pods(e.ns).ProxyGet("http", name, port, path, nil).DoRaw(ctx)
		}
	}
	cctx, cancel := context.WithTimeout(ctx, e.t.callTimeout())
	defer cancel()
	body, err := call(cctx)
	var status apierrors.APIStatus
	if err != nil && errors.As(err, &status) && !apierrors.IsForbidden(err) && !apierrors.IsUnauthorized(err) {
		switch code := status.Status().Code; {
		case code >= 500: // the proxy's own reason: no endpoints, no connection
			return nil, fail(fmt.Sprintf(msgHTTPStatusMsg, code, truncate(oneLine(status.Status().Message), 80))), false
		case code != 0:
			return nil, fail(fmt.Sprintf(msgHTTPGetStatus, code)), false
		}
	}
	if err != nil {
		return nil, e.explain(ctx, err, req), false
	}
	return body, verdict{}, true
}

// httpGetBodyStart is the start of a body on one line, for Found.
func httpGetBodyStart(body []byte) string {
	return truncate(oneLine(string(body)), 40)
}

// oneLine collapses runs of white space (line breaks too) into one space.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// quoteAll writes «a», «b» og «c».
func quoteAll(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = "«" + s + "»"
	}
	return joinAnd(quoted)
}
