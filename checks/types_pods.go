package checks

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// podReadyParams: a Pod, or at least count Pods matching a selector, are
// Running and Ready.
type podReadyParams struct {
	Name     string `yaml:"name" doc:"Podens navn" check:"one=target"`
	Selector string `yaml:"selector" doc:"label-selector, f.eks. app=web" check:"one=target"`
	Count    *int   `yaml:"count" doc:"hvor mange Poder som minst skal være klare (bare med selector; standard 1)"`
}

func (p *podReadyParams) build(b *builder) (spec, error) {
	if p.Name != "" {
		if p.Count != nil {
			return spec{}, b.errorf("count", msgCountNeedsSelector)
		}
		return spec{
			criterion: fmt.Sprintf(msgCritPodReady, b.subject("Pod", p.Name)),
			expected:  msgExpectPodReady,
			run: func(ctx context.Context, e *env) verdict {
				pod, v, ok := e.getPod(ctx, p.Name)
				if !ok {
					return v
				}
				return judge(podReady(pod), podState(pod))
			},
		}, nil
	}
	sel, err := b.selector("selector", p.Selector)
	if err != nil {
		return spec{}, err
	}
	count := 1
	if p.Count != nil {
		count = *p.Count
	}
	return spec{
		criterion: fmt.Sprintf(msgCritPodsReady, count, podNoun(count), sel) + b.inNamespace(),
		expected:  fmt.Sprintf(msgExpectPodsReady, count, podNoun(count)),
		run: func(ctx context.Context, e *env) verdict {
			pods, v, ok := fetch(ctx, e, e.req("list", "pods", "", ""), func(ctx context.Context) (*corev1.PodList, error) {
				return e.t.Client.CoreV1().Pods(e.ns).List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
			})
			if !ok {
				return v
			}
			if len(pods.Items) == 0 {
				return judge(count == 0, msgNoPodsMatch)
			}
			ready, why := 0, ""
			for i := range pods.Items {
				if podReady(&pods.Items[i]) {
					ready++
				} else if why == "" {
					why = fmt.Sprintf(msgPodWhy, pods.Items[i].Name, podState(&pods.Items[i]))
				}
			}
			found := fmt.Sprintf(msgReadyOf, ready, len(pods.Items))
			if why != "" {
				found += " (" + why + ")"
			}
			return judge(ready >= count, found)
		},
	}, nil
}

// podPhaseParams: a Pod is in a given phase.
type podPhaseParams struct {
	Name  string `yaml:"name" doc:"Podens navn" check:"required"`
	Phase string `yaml:"phase" doc:"fasen Poden skal ha" check:"required,enum=Pending|Running|Succeeded|Failed|Unknown"`
}

func (p *podPhaseParams) build(b *builder) (spec, error) {
	return spec{
		criterion: fmt.Sprintf(msgCritPodPhase, b.subject("Pod", p.Name), p.Phase),
		expected:  p.Phase,
		run: func(ctx context.Context, e *env) verdict {
			pod, v, ok := e.getPod(ctx, p.Name)
			if !ok {
				return v
			}
			return judge(string(pod.Status.Phase) == p.Phase, podState(pod))
		},
	}, nil
}

// podReady reports a Running Pod whose Ready condition is True.
func podReady(p *corev1.Pod) bool {
	if p.Status.Phase != corev1.PodRunning || p.DeletionTimestamp != nil {
		return false
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// podState describes a Pod for Found: its phase, why a container waits
// or failed, and whether it is ready, e.g. "Pending (ImagePullBackOff)".
func podState(p *corev1.Pod) string {
	phase := string(p.Status.Phase)
	if phase == "" {
		phase = string(corev1.PodPending)
	}
	var reasons []string
	for _, list := range [][]corev1.ContainerStatus{p.Status.InitContainerStatuses, p.Status.ContainerStatuses} {
		for _, cs := range list {
			switch {
			case cs.State.Waiting != nil && cs.State.Waiting.Reason != "" && cs.State.Waiting.Reason != "ContainerCreating":
				reasons = append(reasons, cs.State.Waiting.Reason)
			case cs.State.Terminated != nil && cs.State.Terminated.Reason != "" && p.Status.Phase == corev1.PodRunning:
				reasons = append(reasons, cs.State.Terminated.Reason)
			}
		}
	}
	if len(reasons) == 0 && p.Status.Reason != "" {
		reasons = append(reasons, p.Status.Reason)
	}
	s := phase
	if len(reasons) > 0 {
		s += " (" + strings.Join(reasons, ", ") + ")"
	}
	switch {
	case p.DeletionTimestamp != nil:
		s += msgTerminating
	case p.Status.Phase == corev1.PodRunning && podReady(p):
		s += msgAndReady
	case p.Status.Phase == corev1.PodRunning:
		s += msgNotReady
	}
	return s
}
