package checks

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// podNodesParams: where Pods run. They are spread over at least minNodes
// nodes, and (schedulableOnly) none runs on a cordoned node.
type podNodesParams struct {
	Selector        string `yaml:"selector" doc:"label-selector for Podene, f.eks. app=web; uten selector: alle Podene i Namespacet"`
	MinNodes        *int   `yaml:"minNodes" doc:"hvor mange forskjellige noder Podene minst skal kjøre på" check:"min=1"`
	SchedulableOnly bool   `yaml:"schedulableOnly" doc:"true: ingen av Podene (utenom DaemonSet-Poder) kjører på en node som er stengt for nye Poder (cordon)"`
}

func (p *podNodesParams) build(b *builder) (spec, error) {
	if p.MinNodes == nil && !p.SchedulableOnly {
		return spec{}, b.errorf("", msgNeedMinNodesOrSchedulable)
	}
	var sel labels.Selector = labels.Everything()
	subject := msgPodsInNamespace
	if b.namespace != "" {
		subject = msgPodsIn
	}
	if p.Selector != "" {
		var err error
		if sel, err = b.selector("selector", p.Selector); err != nil {
			return spec{}, err
		}
		subject = fmt.Sprintf(msgPodsWithSelector, sel)
	}
	subject += b.inNamespace()
	var criterion string
	var expected []string
	switch {
	case p.MinNodes != nil && p.SchedulableOnly:
		criterion = fmt.Sprintf(msgCritOnNodes, subject, *p.MinNodes, distinctNodeNoun(*p.MinNodes)) + msgCritAndNotCordoned
	case p.MinNodes != nil:
		criterion = fmt.Sprintf(msgCritOnNodes, subject, *p.MinNodes, distinctNodeNoun(*p.MinNodes))
	default:
		criterion = fmt.Sprintf(msgCritNotCordoned, subject)
	}
	if p.MinNodes != nil {
		expected = append(expected, fmt.Sprintf(msgExpectAtLeast, *p.MinNodes, nodeNoun(*p.MinNodes)))
	}
	if p.SchedulableOnly {
		expected = append(expected, msgExpectNotCordoned)
	}
	return spec{
		criterion: criterion,
		expected:  strings.Join(expected, "; "),
		run: func(ctx context.Context, e *env) verdict {
			pods, v, ok := fetch(ctx, e, e.req("list", "pods", "", ""), func(ctx context.Context) (*corev1.PodList, error) {
				return e.t.Client.CoreV1().Pods(e.ns).List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
			})
			if !ok {
				return v
			}
			perNode := map[string]int{}
			var running []*corev1.Pod
			for i := range pods.Items {
				if pod := &pods.Items[i]; podOnNode(pod) {
					perNode[pod.Spec.NodeName]++
					running = append(running, pod)
				}
			}
			found := placementText(len(running), perNode)
			ok = p.MinNodes == nil || len(perNode) >= *p.MinNodes
			if p.SchedulableOnly {
				nodes, v, fetched := fetch(ctx, e, apiRequest{verb: "list", resource: "nodes"}, func(ctx context.Context) (*corev1.NodeList, error) {
					return e.t.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
				})
				if !fetched {
					return v
				}
				cordoned := map[string]bool{}
				for _, n := range nodes.Items {
					cordoned[n.Name] = n.Spec.Unschedulable
				}
				var stuck []string
				for _, pod := range running {
					if cordoned[pod.Spec.NodeName] && !ownedByDaemonSet(pod) {
						stuck = append(stuck, fmt.Sprintf(msgPodOnNode, pod.Name, pod.Spec.NodeName))
					}
				}
				if len(stuck) > 0 {
					ok = false
					found += fmt.Sprintf(msgOnCordoned, shortList(stuck))
				}
			}
			return judge(ok, found)
		},
	}, nil
}

// podOnNode reports a Pod that is bound to a node and neither finished
// nor on its way out: one that runs there, or is starting there.
func podOnNode(p *corev1.Pod) bool {
	return p.Spec.NodeName != "" && p.DeletionTimestamp == nil &&
		p.Status.Phase != corev1.PodSucceeded && p.Status.Phase != corev1.PodFailed
}

// ownedByDaemonSet reports a Pod whose controller is a DaemonSet: drain
// leaves those on the node.
func ownedByDaemonSet(p *corev1.Pod) bool {
	owner := metav1.GetControllerOf(p)
	return owner != nil && owner.Kind == "DaemonSet"
}

// placementText is "3 Poder på 2 noder: a (2), b (1)".
func placementText(pods int, perNode map[string]int) string {
	if pods == 0 {
		return msgNoPodsOnNodes
	}
	names := sortedKeys(perNode)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s (%d)", n, perNode[n])
	}
	return fmt.Sprintf(msgPlacement, pods, podNoun(pods), len(names), nodeNoun(len(names)), strings.Join(parts, ", "))
}

// cordonedNodesParams: how many nodes (of those a node selector picks)
// are cordoned, that is, have spec.unschedulable set.
type cordonedNodesParams struct {
	Selector string `yaml:"selector" doc:"label-selector for nodene som telles, f.eks. !node-role.kubernetes.io/control-plane; uten selector: alle nodene"`
	Min      *int   `yaml:"min" doc:"hvor mange av nodene som minst skal være stengt for nye Poder (cordon)"`
	Max      *int   `yaml:"max" doc:"hvor mange av nodene som høyst kan være stengt for nye Poder (0: ingen)"`
}

func (p *cordonedNodesParams) build(b *builder) (spec, error) {
	if p.Min == nil && p.Max == nil {
		return spec{}, b.errorf("", msgNeedMinOrMax)
	}
	if p.Min != nil && p.Max != nil && *p.Min > *p.Max {
		return spec{}, b.errorf("max", msgTooSmall, "max", *p.Min, *p.Max)
	}
	var sel labels.Selector = labels.Everything()
	nodes := msgNodesAll
	if p.Selector != "" {
		var err error
		if sel, err = b.selector("selector", p.Selector); err != nil {
			return spec{}, err
		}
		nodes = fmt.Sprintf(msgNodesWithSelector, sel)
	}
	lo, hi := 0, -1
	if p.Min != nil {
		lo = *p.Min
	}
	if p.Max != nil {
		hi = *p.Max
	}
	want := countRange(lo, hi)
	return spec{
		criterion: fmt.Sprintf(msgCritCordoned, upperFirst(want), nodes),
		expected:  fmt.Sprintf(msgExpectCordoned, want),
		run: func(ctx context.Context, e *env) verdict {
			list, v, ok := fetch(ctx, e, apiRequest{verb: "list", resource: "nodes"}, func(ctx context.Context) (*corev1.NodeList, error) {
				return e.t.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
			})
			if !ok {
				return v
			}
			var cordoned []string
			for _, n := range list.Items {
				if n.Spec.Unschedulable {
					cordoned = append(cordoned, n.Name)
				}
			}
			n := len(cordoned)
			found := fmt.Sprintf(msgCordonedOf, n, len(list.Items), nodeNoun(len(list.Items)))
			if n > 0 {
				found += ": " + shortList(cordoned)
			}
			return judge(inRange(n, lo, hi), found)
		},
	}, nil
}

// distinctNodeNoun is "node" or "forskjellige noder".
func distinctNodeNoun(n int) string { return plural(n, "node", "forskjellige noder") }

// countRange is "minst 1", "høyst 2", "ingen", "nøyaktig 2" or "mellom 1
// og 3" for a minimum lo and a maximum hi (-1: none).
func countRange(lo, hi int) string {
	switch {
	case hi < 0:
		return fmt.Sprintf(msgAtLeastN, lo)
	case hi == 0:
		return msgNoneOf
	case lo == hi:
		return fmt.Sprintf(msgExactlyN, lo)
	case lo == 0:
		return fmt.Sprintf(msgAtMostN, hi)
	}
	return fmt.Sprintf(msgBetweenN, lo, hi)
}

// countNounOf is the number a noun after countRange(lo, hi) agrees with:
// "minst 1 Pod", "ingen Poder", "mellom 1 og 3 Poder".
func countNounOf(lo, hi int) int {
	switch {
	case hi < 0:
		return lo
	case hi == 0 || lo != hi && lo != 0:
		return 2
	}
	return hi
}

// upperFirst capitalizes the first letter, for a criterion that starts
// with a count.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// inRange is whether n lies in [lo, hi]; hi < 0 means no maximum.
func inRange(n, lo, hi int) bool { return n >= lo && (hi < 0 || n <= hi) }
