package checks

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// env is what a check's run function works with: the target and the
// namespace the check looks in.
type env struct {
	t  *Target
	ns string
}

// req describes a call on a namespaced resource in the check's namespace.
func (e *env) req(verb, resource, group, name string) apiRequest {
	return apiRequest{verb: verb, resource: resource, group: group, namespace: e.ns, name: name}
}

// fetch makes one API call under the call deadline. When it fails, the
// verdict explains why and ok is false. A GET is answered from the
// target's ReadCache when it has one.
func fetch[T any](ctx context.Context, e *env, req apiRequest, call func(context.Context) (T, error)) (v T, _ verdict, ok bool) {
	if e.t.Reads != nil && req.verb == "get" {
		return cachedFetch(ctx, e, req, call)
	}
	return fetchNow(ctx, e, req, call)
}

// fetchNow is fetch without the ReadCache.
func fetchNow[T any](ctx context.Context, e *env, req apiRequest, call func(context.Context) (T, error)) (v T, _ verdict, ok bool) {
	cctx, cancel := context.WithTimeout(ctx, e.t.callTimeout())
	v, err := call(cctx)
	cancel()
	if err != nil {
		var zero T
		return zero, e.explain(ctx, err, req), false
	}
	return v, verdict{}, true
}

// explain classifies err; for a missing namespaced object it also asks
// whether the Namespace itself is missing, which is the better message.
func (e *env) explain(ctx context.Context, err error, req apiRequest) verdict {
	v := classify(err, req)
	if v.status != Failed || v.found != msgNotFound || req.namespace == "" || req.resource == "namespaces" {
		return v
	}
	nsReq := apiRequest{verb: "get", resource: "namespaces", name: req.namespace}
	_, nv, ok := fetch(ctx, e, nsReq, func(ctx context.Context) (*corev1.Namespace, error) {
		return e.t.Client.CoreV1().Namespaces().Get(ctx, req.namespace, metav1.GetOptions{})
	})
	if !ok && nv.missing {
		v.found = fmt.Sprintf(msgNamespaceMissing, req.namespace)
	}
	return v
}

// mapping resolves a kind to its resource. A kind the cached discovery
// does not know is looked up once more after a reset, since a CRD may
// have been installed since.
func (e *env) mapping(ctx context.Context, gvk schema.GroupVersionKind) (*meta.RESTMapping, verdict, bool) {
	var versions []string
	if gvk.Version != "" {
		versions = []string{gvk.Version}
	}
	lookup := func() (*meta.RESTMapping, error) { return e.t.Mapper.RESTMapping(gvk.GroupKind(), versions...) }
	m, err := withDeadline(ctx, e.t.callTimeout(), lookup)
	if meta.IsNoMatchError(err) {
		if r, ok := e.t.Mapper.(meta.ResettableRESTMapper); ok {
			r.Reset()
			m, err = withDeadline(ctx, e.t.callTimeout(), lookup)
		}
	}
	if err != nil {
		return nil, classify(err, apiRequest{verb: "get", resource: gvk.Kind, group: gvk.Group}), false
	}
	return m, verdict{}, true
}

// resource returns the dynamic client for gvk in the check's namespace
// (or cluster-wide for cluster-scoped kinds) and the request for name.
func (e *env) resource(ctx context.Context, gvk schema.GroupVersionKind, verb, name string) (dynamic.ResourceInterface, apiRequest, verdict, bool) {
	m, v, ok := e.mapping(ctx, gvk)
	if !ok {
		return nil, apiRequest{}, v, false
	}
	req := apiRequest{verb: verb, resource: m.Resource.Resource, group: m.Resource.Group, name: name}
	ri := e.t.Dynamic.Resource(m.Resource)
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		req.namespace = e.ns
		return ri.Namespace(e.ns), req, verdict{}, true
	}
	return ri, req, verdict{}, true
}

// getObject reads one object of any kind.
func (e *env) getObject(ctx context.Context, gvk schema.GroupVersionKind, name string) (*unstructured.Unstructured, verdict, bool) {
	ri, req, v, ok := e.resource(ctx, gvk, "get", name)
	if !ok {
		return nil, v, false
	}
	return fetch(ctx, e, req, func(ctx context.Context) (*unstructured.Unstructured, error) {
		return ri.Get(ctx, name, metav1.GetOptions{})
	})
}
