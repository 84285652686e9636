package checks

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// revisionAnnotation is where the Deployment controller numbers the
// revisions of a Deployment and of its ReplicaSets.
const revisionAnnotation = "deployment.kubernetes.io/revision"

// podWaitingParams: how many Pods (of a selector, or of a Deployment's
// newest ReplicaSet) have a container waiting for one of the reasons.
type podWaitingParams struct {
	Selector   string   `yaml:"selector" doc:"label-selector for Podene, f.eks. app=web" check:"one=target"`
	Deployment string   `yaml:"deployment" doc:"Podene i den nyeste revisjonen (ReplicaSet-et) av denne Deploymenten" check:"one=target"`
	Reasons    []string `yaml:"reasons" doc:"grunnene en container venter med (state.waiting.reason), f.eks. [ErrImagePull, ImagePullBackOff]" check:"required"`
	Min        *int     `yaml:"min" doc:"hvor mange Poder som minst skal vente med en av grunnene (standard 1, eller 0 når max er gitt)"`
	Max        *int     `yaml:"max" doc:"hvor mange Poder som høyst kan vente med en av grunnene (0: ingen)"`
}

func (p *podWaitingParams) build(b *builder) (spec, error) {
	lo, hi := 1, -1
	if p.Max != nil {
		lo, hi = 0, *p.Max
	}
	if p.Min != nil {
		lo = *p.Min
	}
	if hi >= 0 && lo > hi {
		return spec{}, b.errorf("max", msgTooSmall, "max", lo, hi)
	}
	var sel labels.Selector
	var where string
	if p.Deployment != "" {
		where = fmt.Sprintf(msgPodsOfNewest, b.subject("Deployment", p.Deployment))
	} else {
		var err error
		if sel, err = b.selector("selector", p.Selector); err != nil {
			return spec{}, err
		}
		where = fmt.Sprintf(msgWithSelector, sel) + b.inNamespace()
	}
	want, noun := countRange(lo, hi), podNoun(countNounOf(lo, hi))
	return spec{
		criterion: fmt.Sprintf(msgCritWaiting, upperFirst(want), noun, where, joinOr(p.Reasons)),
		expected:  fmt.Sprintf(msgExpectWaiting, want, noun),
		run: func(ctx context.Context, e *env) verdict {
			var list []corev1.Pod
			if p.Deployment != "" {
				var v verdict
				var ok bool
				if list, v, ok = e.newestReplicaSetPods(ctx, p.Deployment); !ok {
					return v
				}
			} else {
				pl, v, ok := fetch(ctx, e, e.req("list", "pods", "", ""), func(ctx context.Context) (*corev1.PodList, error) {
					return e.t.Client.CoreV1().Pods(e.ns).List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
				})
				if !ok {
					return v
				}
				list = pl.Items
			}
			total := 0
			var waiting []string
			for i := range list {
				pod := &list[i]
				if pod.DeletionTimestamp != nil {
					continue
				}
				total++
				if reason := waitingReason(pod, p.Reasons); reason != "" {
					waiting = append(waiting, fmt.Sprintf("%s (%s)", pod.Name, reason))
				}
			}
			n := len(waiting)
			found := fmt.Sprintf(msgWaitingOf, n, total, podNoun(total))
			if n > 0 {
				found += ": " + shortList(waiting)
			}
			return judge(inRange(n, lo, hi), found)
		},
	}, nil
}

// waitingReason is the first of reasons that one of the Pod's containers
// (init or regular) waits with, or "".
func waitingReason(p *corev1.Pod, reasons []string) string {
	for _, list := range [][]corev1.ContainerStatus{p.Status.InitContainerStatuses, p.Status.ContainerStatuses} {
		for _, cs := range list {
			if w := cs.State.Waiting; w != nil && slices.Contains(reasons, w.Reason) {
				return w.Reason
			}
		}
	}
	return ""
}

// newestReplicaSetPods lists the Pods of a Deployment's newest
// ReplicaSet: the one it controls with the highest revision number.
// With no ReplicaSet yet, the check fails.
func (e *env) newestReplicaSetPods(ctx context.Context, name string) ([]corev1.Pod, verdict, bool) {
	d, v, ok := e.getDeployment(ctx, name)
	if !ok {
		return nil, v, false
	}
	rss, v, ok := fetch(ctx, e, e.req("list", "replicasets", "apps", ""), func(ctx context.Context) (*appsv1.ReplicaSetList, error) {
		return e.t.Client.AppsV1().ReplicaSets(e.ns).List(ctx, metav1.ListOptions{})
	})
	if !ok {
		return nil, v, false
	}
	var newest *appsv1.ReplicaSet
	best := -1
	for i := range rss.Items {
		rs := &rss.Items[i]
		if owner := metav1.GetControllerOf(rs); owner == nil || owner.UID != d.UID {
			continue
		}
		if n, err := strconv.Atoi(rs.Annotations[revisionAnnotation]); err == nil && n > best {
			newest, best = rs, n
		}
	}
	if newest == nil {
		return nil, fail(msgNoReplicaSet), false
	}
	sel, err := metav1.LabelSelectorAsSelector(newest.Spec.Selector)
	if err != nil {
		return nil, fail(msgNoSelector), false
	}
	pods, v, ok := fetch(ctx, e, e.req("list", "pods", "", ""), func(ctx context.Context) (*corev1.PodList, error) {
		return e.t.Client.CoreV1().Pods(e.ns).List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
	})
	if !ok {
		return nil, v, false
	}
	owned := slices.DeleteFunc(pods.Items, func(p corev1.Pod) bool {
		owner := metav1.GetControllerOf(&p)
		return owner == nil || owner.UID != newest.UID
	})
	return owned, verdict{}, true
}
