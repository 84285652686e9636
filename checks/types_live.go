package checks

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// podLog needs real containers, as httpGet (types_http.go) does: lessons
// mark the steps that use it with the capability running-containers. It
// reads only what the API server passes on and never puts a log line
// into a result.

// maxLogBytes is how much of a log podLog reads.
const maxLogBytes = 1 << 20

// The Norwegian texts of these check types.
const (
	msgCritPodLog    = "Loggen til %s inneholder %s"
	msgLogHasAll     = "loggen inneholder alt"
	msgLogMissing    = "loggen mangler %s"
	msgLogNotStarted = "containeren har ikke startet: %s"
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
