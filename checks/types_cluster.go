package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/kubekurs/kubekurs/internal/kube"
)

// canIParams: a ServiceAccount or user may (or may not) do something,
// asked through a SubjectAccessReview.
type canIParams struct {
	ServiceAccount string   `yaml:"serviceAccount" doc:"ServiceAccounten i sjekkens Namespace" check:"one=subject"`
	User           string   `yaml:"user" doc:"brukernavnet" check:"one=subject"`
	Groups         []string `yaml:"groups" doc:"brukerens grupper (bare med user)"`
	Verb           string   `yaml:"verb" doc:"handlingen, f.eks. get, list, create, delete" check:"required"`
	Resource       string   `yaml:"resource" doc:"ressurstypen i flertall, f.eks. pods, deployments" check:"required"`
	Group          string   `yaml:"group" doc:"API-gruppen, f.eks. apps (tom for kjernegruppen)"`
	Subresource    string   `yaml:"subresource" doc:"underressursen, f.eks. log"`
	Name           string   `yaml:"name" doc:"ett bestemt objekt"`
	Allowed        *bool    `yaml:"allowed" doc:"true: skal ha lov; false: skal ikke ha lov" check:"required"`
}

func (p *canIParams) build(b *builder) (spec, error) {
	if p.ServiceAccount != "" && len(p.Groups) > 0 {
		return spec{}, b.errorf("groups", msgGroupsNeedUser)
	}
	who := fmt.Sprintf(msgUserSubject, p.User)
	if p.ServiceAccount != "" {
		who = fmt.Sprintf(msgSubject, kindDefinite("ServiceAccount"), p.ServiceAccount)
	}
	what := p.Resource
	if p.Subresource != "" {
		what += "/" + p.Subresource
	}
	if p.Name != "" {
		what += fmt.Sprintf(" «%s»", p.Name)
	}
	format, expected := msgCritCan, msgAllowed
	if !*p.Allowed {
		format, expected = msgCritCannot, msgDenied
	}
	return spec{
		criterion: fmt.Sprintf(format, who, verbText(p.Verb), what) + b.inNamespace(),
		expected:  expected,
		run: func(ctx context.Context, e *env) verdict {
			sar := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
				User:   p.User,
				Groups: p.Groups,
				ResourceAttributes: &authorizationv1.ResourceAttributes{
					Namespace: e.ns, Verb: p.Verb, Group: p.Group, Resource: p.Resource, Subresource: p.Subresource, Name: p.Name,
				},
			}}
			if p.ServiceAccount != "" {
				sar.Spec.User = fmt.Sprintf("system:serviceaccount:%s:%s", e.ns, p.ServiceAccount)
				sar.Spec.Groups = []string{"system:serviceaccounts", "system:serviceaccounts:" + e.ns, "system:authenticated"}
			}
			if e.clusterScoped(ctx, schema.GroupResource{Group: p.Group, Resource: p.Resource}) {
				sar.Spec.ResourceAttributes.Namespace = ""
			}
			res, v, ok := fetch(ctx, e, apiRequest{verb: "create", resource: "subjectaccessreviews", group: "authorization.k8s.io"},
				func(ctx context.Context) (*authorizationv1.SubjectAccessReview, error) {
					return e.t.Client.AuthorizationV1().SubjectAccessReviews().Create(ctx, sar, metav1.CreateOptions{})
				})
			if !ok {
				return v
			}
			found := msgDenied
			if res.Status.Allowed {
				found = msgAllowed
			}
			return judge(res.Status.Allowed == *p.Allowed, found)
		},
	}, nil
}

// clusterScoped reports whether the resource is known to be cluster-scoped,
// so that a namespaced RoleBinding does not seem to grant it. Unknown
// resources count as namespaced.
func (e *env) clusterScoped(ctx context.Context, gr schema.GroupResource) bool {
	if e.t.Mapper == nil {
		return false
	}
	m, err := withDeadline(ctx, e.t.callTimeout(), func() (*meta.RESTMapping, error) {
		gvk, err := e.t.Mapper.KindFor(gr.WithVersion(""))
		if err != nil {
			return nil, err
		}
		return e.t.Mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	})
	return err == nil && m.Scope.Name() == meta.RESTScopeNameRoot
}

// nodesParams: the cluster has enough nodes, and enough Ready ones.
type nodesParams struct {
	Min   *int `yaml:"min" doc:"hvor mange noder clusteret minst skal ha (standard 1)"`
	Ready *int `yaml:"ready" doc:"hvor mange noder som minst skal være klare (standard: min)"`
}

func (p *nodesParams) build(b *builder) (spec, error) {
	minNodes := 1
	if p.Min != nil {
		minNodes = *p.Min
	}
	ready := minNodes
	if p.Ready != nil {
		ready = *p.Ready
	}
	return spec{
		criterion: fmt.Sprintf(msgCritNodes, minNodes, nodeNoun(minNodes), ready, readyNodeNoun(ready)),
		expected:  fmt.Sprintf(msgExpectNodes, minNodes, nodeNoun(minNodes), ready, readyNodeNoun(ready)),
		run: func(ctx context.Context, e *env) verdict {
			nodes, v, ok := fetch(ctx, e, apiRequest{verb: "list", resource: "nodes"}, func(ctx context.Context) (*corev1.NodeList, error) {
				return e.t.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
			})
			if !ok {
				return v
			}
			n := 0
			for i := range nodes.Items {
				if kube.NodeReady(&nodes.Items[i]) {
					n++
				}
			}
			total := len(nodes.Items)
			return judge(total >= minNodes && n >= ready, fmt.Sprintf(msgNodesFound, total, nodeNoun(total), n))
		},
	}, nil
}

// clusterReachableParams: the API server answers. It has no parameters.
type clusterReachableParams struct{}

func (p *clusterReachableParams) build(b *builder) (spec, error) {
	return spec{
		criterion: msgCritReachable,
		expected:  msgExpectReachable,
		run: func(ctx context.Context, e *env) verdict {
			info, err := e.serverVersion(ctx)
			if err != nil {
				v := classify(err, apiRequest{verb: "get", resource: "/version"})
				if v.status == Failed { // cannot happen for /version, but never blame the learner
					v = envError(fmt.Sprintf(msgUnexpected, err))
				}
				return v
			}
			return pass(fmt.Sprintf(msgServerVersion, info.GitVersion))
		},
	}, nil
}

// serverVersion asks /version under the call deadline.
func (e *env) serverVersion(ctx context.Context) (*version.Info, error) {
	disco := e.t.Client.Discovery()
	if rc := disco.RESTClient(); rc != nil && !reflect.ValueOf(rc).IsNil() {
		cctx, cancel := context.WithTimeout(ctx, e.t.callTimeout())
		defer cancel()
		var info version.Info
		body, err := rc.Get().AbsPath("/version").Do(cctx).Raw()
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(body, &info); err != nil {
			return nil, err
		}
		return &info, nil
	}
	return withDeadline(ctx, e.t.callTimeout(), disco.ServerVersion)
}
