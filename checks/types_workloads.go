package checks

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// getDeployment reads a Deployment in the check's namespace.
func (e *env) getDeployment(ctx context.Context, name string) (*appsv1.Deployment, verdict, bool) {
	return fetch(ctx, e, e.req("get", "deployments", "apps", name), func(ctx context.Context) (*appsv1.Deployment, error) {
		return e.t.Client.AppsV1().Deployments(e.ns).Get(ctx, name, metav1.GetOptions{})
	})
}

// getService reads a Service in the check's namespace.
func (e *env) getService(ctx context.Context, name string) (*corev1.Service, verdict, bool) {
	return fetch(ctx, e, e.req("get", "services", "", name), func(ctx context.Context) (*corev1.Service, error) {
		return e.t.Client.CoreV1().Services(e.ns).Get(ctx, name, metav1.GetOptions{})
	})
}

// getPod reads a Pod in the check's namespace.
func (e *env) getPod(ctx context.Context, name string) (*corev1.Pod, verdict, bool) {
	return fetch(ctx, e, e.req("get", "pods", "", name), func(ctx context.Context) (*corev1.Pod, error) {
		return e.t.Client.CoreV1().Pods(e.ns).Get(ctx, name, metav1.GetOptions{})
	})
}

// deploymentReadyParams: a Deployment's rollout is complete with the
// wanted number of replicas.
type deploymentReadyParams struct {
	Name     string `yaml:"name" doc:"Deploymentens navn" check:"required"`
	Replicas int    `yaml:"replicas" doc:"antall replikaer som skal være ønsket, oppdatert, klare og tilgjengelige" check:"required"`
}

func (p *deploymentReadyParams) build(b *builder) (spec, error) {
	want := int32(p.Replicas)
	return spec{
		criterion: fmt.Sprintf(msgCritDeploymentReady, b.subject("Deployment", p.Name), p.Replicas, replicaNoun(p.Replicas)),
		expected:  fmt.Sprintf(msgExpectReplicas, p.Replicas, replicaNoun(p.Replicas)),
		run: func(ctx context.Context, e *env) verdict {
			d, v, ok := e.getDeployment(ctx, p.Name)
			if !ok {
				return v
			}
			st := d.Status
			specReplicas := int32(1)
			if d.Spec.Replicas != nil {
				specReplicas = *d.Spec.Replicas
			}
			if st.ObservedGeneration < d.Generation {
				return fail(fmt.Sprintf(msgNotObserved, st.ReadyReplicas, specReplicas))
			}
			if specReplicas != want {
				return fail(fmt.Sprintf(msgSpecReplicas, specReplicas, st.ReadyReplicas))
			}
			found := fmt.Sprintf(msgReadyOf, st.ReadyReplicas, want)
			if st.UpdatedReplicas != want || st.AvailableReplicas != want || st.Replicas != want {
				found += fmt.Sprintf(msgRolloutCounts, st.UpdatedReplicas, st.AvailableReplicas, st.Replicas)
			}
			available := false
			for _, c := range st.Conditions {
				if c.Type == appsv1.DeploymentAvailable {
					available = c.Status == corev1.ConditionTrue
					if !available {
						found += fmt.Sprintf(msgCondition, c.Type, c.Status, c.Reason)
					}
				}
			}
			ok = available && st.ReadyReplicas == want && st.AvailableReplicas == want && st.UpdatedReplicas == want && st.Replicas == want
			return judge(ok, found)
		},
	}, nil
}

// deploymentStrategyParams: a Deployment's update strategy.
type deploymentStrategyParams struct {
	Name           string       `yaml:"name" doc:"Deploymentens navn" check:"required"`
	Strategy       string       `yaml:"strategy" doc:"strategien (spec.strategy.type)" check:"required,enum=RollingUpdate|Recreate"`
	MaxSurge       *intOrString `yaml:"maxSurge" doc:"maxSurge, et tall eller en prosent (bare med RollingUpdate)"`
	MaxUnavailable *intOrString `yaml:"maxUnavailable" doc:"maxUnavailable, et tall eller en prosent (bare med RollingUpdate)"`
}

func (p *deploymentStrategyParams) build(b *builder) (spec, error) {
	want := p.Strategy
	if p.Strategy == string(appsv1.RecreateDeploymentStrategyType) {
		if p.MaxSurge != nil {
			return spec{}, b.errorf("maxSurge", msgOnlyRollingUpdate, "maxSurge")
		}
		if p.MaxUnavailable != nil {
			return spec{}, b.errorf("maxUnavailable", msgOnlyRollingUpdate, "maxUnavailable")
		}
	}
	var parts []string
	if p.MaxSurge != nil {
		parts = append(parts, "maxSurge "+p.MaxSurge.String())
	}
	if p.MaxUnavailable != nil {
		parts = append(parts, "maxUnavailable "+p.MaxUnavailable.String())
	}
	if len(parts) > 0 {
		want += " (" + strings.Join(parts, ", ") + ")"
	}
	return spec{
		criterion: fmt.Sprintf(msgCritStrategy, b.subject("Deployment", p.Name), want),
		expected:  want,
		run: func(ctx context.Context, e *env) verdict {
			d, v, ok := e.getDeployment(ctx, p.Name)
			if !ok {
				return v
			}
			s := d.Spec.Strategy
			found := string(s.Type)
			ok = string(s.Type) == p.Strategy
			if ru := s.RollingUpdate; s.Type == appsv1.RollingUpdateDeploymentStrategyType && ru != nil {
				found += fmt.Sprintf(" (maxSurge %s, maxUnavailable %s)", intOrStringText(ru.MaxSurge), intOrStringText(ru.MaxUnavailable))
				if p.MaxSurge != nil && !sameIntOrString(p.MaxSurge.IntOrString, ru.MaxSurge) ||
					p.MaxUnavailable != nil && !sameIntOrString(p.MaxUnavailable.IntOrString, ru.MaxUnavailable) {
					ok = false
				}
			}
			return judge(ok, found)
		},
	}, nil
}

// rolloutHistoryParams: a Deployment has at least minRevisions revisions.
type rolloutHistoryParams struct {
	Deployment   string `yaml:"deployment" doc:"Deploymentens navn" check:"required"`
	MinRevisions int    `yaml:"minRevisions" doc:"hvor mange revisjoner (ReplicaSet-er med ulikt revisjonsnummer) som minst skal finnes" check:"required"`
}

func (p *rolloutHistoryParams) build(b *builder) (spec, error) {
	return spec{
		criterion: fmt.Sprintf(msgCritRevisions, b.subject("Deployment", p.Deployment), p.MinRevisions, revisionNoun(p.MinRevisions)),
		expected:  fmt.Sprintf(msgExpectAtLeast, p.MinRevisions, revisionNoun(p.MinRevisions)),
		run: func(ctx context.Context, e *env) verdict {
			d, v, ok := e.getDeployment(ctx, p.Deployment)
			if !ok {
				return v
			}
			rss, v, ok := fetch(ctx, e, e.req("list", "replicasets", "apps", ""), func(ctx context.Context) (*appsv1.ReplicaSetList, error) {
				return e.t.Client.AppsV1().ReplicaSets(e.ns).List(ctx, metav1.ListOptions{})
			})
			if !ok {
				return v
			}
			seen := map[int]bool{}
			for _, rs := range rss.Items {
				owner := metav1.GetControllerOf(&rs)
				if owner == nil || owner.UID != d.UID {
					continue
				}
				if n, err := strconv.Atoi(rs.Annotations["deployment.kubernetes.io/revision"]); err == nil {
					seen[n] = true
				}
			}
			revs := make([]int, 0, len(seen))
			for n := range seen {
				revs = append(revs, n)
			}
			slices.Sort(revs)
			found := fmt.Sprintf(msgRevisions, len(revs), revisionNoun(len(revs)))
			if len(revs) > 0 {
				numbers := make([]string, len(revs))
				for i, n := range revs {
					numbers[i] = strconv.Itoa(n)
				}
				found += " (" + strings.Join(numbers, ", ") + ")"
			}
			return judge(len(revs) >= p.MinRevisions, found)
		},
	}, nil
}

// selectorMatchesParams: an object's selector selects running Pods.
type selectorMatchesParams struct {
	Kind    string `yaml:"kind" doc:"Service, Deployment eller ReplicaSet" check:"required,enum=Service|Deployment|ReplicaSet"`
	Name    string `yaml:"name" doc:"objektets navn" check:"required"`
	MinPods *int   `yaml:"minPods" doc:"hvor mange Poder selectoren minst skal treffe (standard 1)"`
}

func (p *selectorMatchesParams) build(b *builder) (spec, error) {
	minPods := 1
	if p.MinPods != nil {
		minPods = *p.MinPods
	}
	return spec{
		criterion: fmt.Sprintf(msgCritSelector, b.subject(p.Kind, p.Name), minPods, podNoun(minPods)),
		expected:  fmt.Sprintf(msgExpectAtLeast, minPods, podNoun(minPods)),
		run: func(ctx context.Context, e *env) verdict {
			sel, v, ok := e.objectSelector(ctx, p.Kind, p.Name)
			if !ok {
				return v
			}
			pods, v, ok := fetch(ctx, e, e.req("list", "pods", "", ""), func(ctx context.Context) (*corev1.PodList, error) {
				return e.t.Client.CoreV1().Pods(e.ns).List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
			})
			if !ok {
				return v
			}
			n := 0
			for _, pod := range pods.Items {
				if pod.DeletionTimestamp == nil {
					n++
				}
			}
			return judge(n >= minPods, fmt.Sprintf(msgSelectorHits, sel, n, podNoun(n)))
		},
	}, nil
}

// objectSelector reads the Pod selector of a Service, Deployment or
// ReplicaSet. A missing selector, or (for the workloads) one that does
// not select the Pod template's labels, fails.
func (e *env) objectSelector(ctx context.Context, kind, name string) (labels.Selector, verdict, bool) {
	var sel *metav1.LabelSelector
	var template map[string]string
	switch kind {
	case "Service":
		svc, v, ok := e.getService(ctx, name)
		if !ok {
			return nil, v, false
		}
		if len(svc.Spec.Selector) == 0 {
			return nil, fail(msgNoSelector), false
		}
		return labels.SelectorFromSet(svc.Spec.Selector), verdict{}, true
	case "Deployment":
		d, v, ok := e.getDeployment(ctx, name)
		if !ok {
			return nil, v, false
		}
		sel, template = d.Spec.Selector, d.Spec.Template.Labels
	default:
		rs, v, ok := fetch(ctx, e, e.req("get", "replicasets", "apps", name), func(ctx context.Context) (*appsv1.ReplicaSet, error) {
			return e.t.Client.AppsV1().ReplicaSets(e.ns).Get(ctx, name, metav1.GetOptions{})
		})
		if !ok {
			return nil, v, false
		}
		sel, template = rs.Spec.Selector, rs.Spec.Template.Labels
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil || s.Empty() {
		return nil, fail(msgNoSelector), false
	}
	if !s.Matches(labels.Set(template)) {
		return nil, fail(fmt.Sprintf(msgSelectorMissesTemplate, s, labels.Set(template))), false
	}
	return s, verdict{}, true
}
