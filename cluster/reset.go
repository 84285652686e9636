package cluster

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
)

// Labels kubekurs puts on what the course made.
const (
	// ManagedByLabel, with the value ManagedBy, marks the course's
	// Namespace and the cluster-scoped objects its lessons made.
	ManagedByLabel = "app.kubernetes.io/managed-by"
	// ManagedBy is ManagedByLabel's value.
	ManagedBy = "kubekurs"
	// LessonLabel names the lesson that made a cluster-scoped object.
	LessonLabel = "kubekurs.no/leksjon"
)

// ObjectRef names an object a lesson makes.
type ObjectRef struct {
	// APIVersion is e.g. "apps/v1"; empty means the preferred version of
	// Kind's group.
	APIVersion string
	// Kind is e.g. "Deployment".
	Kind string
	// Namespace is where a namespaced object lives; empty means the
	// learner's Namespace. Ignored for cluster-scoped kinds.
	Namespace string
	// Name is the object's name.
	Name string
}

// Found is an object of a lesson that exists in the cluster.
type Found struct {
	// Ref names it, with Namespace filled in for namespaced kinds.
	Ref ObjectRef
	// ClusterScoped is true for objects outside any Namespace.
	ClusterScoped bool
	// Kept says in Norwegian why reset leaves it alone, or "" when reset
	// deletes it.
	Kept string

	resource schema.GroupVersionResource
	uid      types.UID
}

// String names the object for the learner, e.g. "Deployment kurs/web" or
// "Namespace kurs-lek".
func (f Found) String() string {
	if f.ClusterScoped {
		return f.Ref.Kind + " " + f.Ref.Name
	}
	return f.Ref.Kind + " " + f.Ref.Namespace + "/" + f.Ref.Name
}

// Cleaner finds and deletes what lessons made. Namespaced objects are
// deleted in the learner's Namespace only; a cluster-scoped object only
// when its name starts with the learner's prefix (the Namespace and "-")
// and it carries ManagedByLabel, which Claim puts there when a step that
// made it is passed. So a reset never removes anything the course did not
// make.
type Cleaner struct {
	dyn       dynamic.Interface
	groups    []*restmapper.APIGroupResources // what the server serves, in discovery order
	mapper    meta.RESTMapper
	namespace string
}

// NewCleaner returns a Cleaner for the learner's namespace on cfg.
func NewCleaner(cfg *rest.Config, namespace string) (*Cleaner, error) {
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("create dynamic client: %w", err)
	}
	disco, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("create discovery client: %w", err)
	}
	groups, err := restmapper.GetAPIGroupResources(disco)
	if err != nil {
		return nil, fmt.Errorf("discover API resources: %w", err)
	}
	return &Cleaner{dyn: dyn, groups: groups, mapper: restmapper.NewDiscoveryRESTMapper(groups), namespace: namespace}, nil
}

// Prefix is the learner's prefix for cluster-scoped names.
func (c *Cleaner) Prefix() string { return c.namespace + "-" }

// mapping resolves ref to a resource and its scope. A kind without an
// apiVersion is looked up in what the server serves, the core group
// first (discovery lists it first), so that lessons may write the common
// kinds plainly.
func (c *Cleaner) mapping(ref ObjectRef) (*meta.RESTMapping, error) {
	gv, err := schema.ParseGroupVersion(ref.APIVersion)
	if err != nil {
		return nil, fmt.Errorf("parse apiVersion %q: %w", ref.APIVersion, err)
	}
	gk := schema.GroupKind{Group: gv.Group, Kind: ref.Kind}
	var versions []string
	if gv.Version != "" {
		versions = []string{gv.Version}
	}
	if ref.APIVersion == "" {
		gk = c.groupKind(ref.Kind)
	}
	m, err := c.mapper.RESTMapping(gk, versions...)
	if err != nil {
		return nil, fmt.Errorf("resolve kind %s: %w", ref.Kind, err)
	}
	return m, nil
}

// groupKind finds the group that serves kind, in discovery order; a kind
// no group serves is returned in the core group, for the mapper to
// reject.
func (c *Cleaner) groupKind(kind string) schema.GroupKind {
	for _, g := range c.groups {
		for _, r := range g.VersionedResources[g.Group.PreferredVersion.Version] {
			if r.Kind == kind && !strings.Contains(r.Name, "/") {
				return schema.GroupKind{Group: g.Group.Name, Kind: kind}
			}
		}
	}
	return schema.GroupKind{Kind: kind}
}

// locate resolves ref to its resource and scope without asking for the
// object; ok is false for a kind the cluster does not serve, which has no
// objects.
func (c *Cleaner) locate(ref ObjectRef) (f Found, ok bool, err error) {
	m, err := c.mapping(ref)
	if meta.IsNoMatchError(err) {
		return Found{}, false, nil
	}
	if err != nil {
		return Found{}, false, err
	}
	f = Found{Ref: ref, resource: m.Resource, ClusterScoped: m.Scope.Name() == meta.RESTScopeNameRoot}
	f.Ref.Kind = m.GroupVersionKind.Kind
	switch {
	case f.ClusterScoped:
		f.Ref.Namespace = ""
	case f.Ref.Namespace == "":
		f.Ref.Namespace = c.namespace
	}
	return f, true, nil
}

// inspect reads the located object and marks why reset would keep it; ok
// is false when the object does not exist.
func (c *Cleaner) inspect(ctx context.Context, f Found) (Found, bool, error) {
	obj, err := c.resource(f).Get(ctx, f.Ref.Name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return f, false, nil
	}
	if apierrors.IsForbidden(err) {
		// A classroom account may not read a cluster-scoped kind: keep
		// it, and say which permission is missing.
		f.Kept = fmt.Sprintf("du har ikke lov til å lese den (get %s)", f.resource.Resource)
		return f, true, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("get %s: %w", f, err)
	}
	f.uid = obj.GetUID()
	switch {
	case f.ClusterScoped && !strings.HasPrefix(f.Ref.Name, c.Prefix()):
		f.Kept = fmt.Sprintf("navnet begynner ikke med «%s»", c.Prefix())
	case f.ClusterScoped && obj.GetLabels()[ManagedByLabel] != ManagedBy:
		f.Kept = fmt.Sprintf("mangler labelen %s=%s, så kurset vet ikke at det laget det", ManagedByLabel, ManagedBy)
	case !f.ClusterScoped && f.Ref.Namespace != c.namespace && !strings.HasPrefix(f.Ref.Namespace, c.Prefix()):
		f.Kept = fmt.Sprintf("ligger utenfor Namespacet «%s»", c.namespace)
	}
	return f, true, nil
}

// Find returns the objects of refs that exist, each marked with whether
// reset deletes or keeps it. Objects that do not exist are left out.
func (c *Cleaner) Find(ctx context.Context, refs []ObjectRef) ([]Found, error) {
	var out []Found
	for _, ref := range refs {
		f, ok, err := c.locate(ref)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if f, ok, err = c.inspect(ctx, f); err != nil {
			return nil, err
		}
		if ok {
			out = append(out, f)
		}
	}
	return out, nil
}

// Delete deletes the found objects that are not Kept (their dependants
// with them, in the background) and waits, until timeout, for them to be
// gone, so that the learner can create them anew at once. Each delete is
// made with the found object's UID as precondition: an object re-created
// in between is not touched.
func (c *Cleaner) Delete(ctx context.Context, found []Found, timeout time.Duration) error {
	policy := metav1.DeletePropagationBackground
	var deleted []Found
	for _, f := range found {
		if f.Kept != "" {
			continue
		}
		uid := f.uid
		err := c.resource(f).Delete(ctx, f.Ref.Name, metav1.DeleteOptions{
			PropagationPolicy: &policy,
			Preconditions:     &metav1.Preconditions{UID: &uid},
		})
		switch {
		case apierrors.IsNotFound(err), apierrors.IsConflict(err):
			continue
		case err != nil:
			return fmt.Errorf("delete %s: %w", f, err)
		}
		deleted = append(deleted, f)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for _, f := range deleted {
		err := wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
			obj, err := c.resource(f).Get(ctx, f.Ref.Name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				return true, nil
			}
			if err != nil {
				return false, err
			}
			return obj.GetUID() != f.uid, nil
		})
		if err != nil {
			return &StillThereError{Object: f.String(), After: timeout, Err: err}
		}
	}
	return nil
}

// StillThereError means a deleted object was not gone before the timeout
// (a Namespace whose contents take long to remove, a Pod with a long
// grace period).
type StillThereError struct {
	// Object names it, as Found.String does.
	Object string
	// After is how long Delete waited.
	After time.Duration
	// Err is why the wait ended.
	Err error
}

// Error implements error.
func (e *StillThereError) Error() string { return fmt.Sprintf("%s still there: %v", e.Object, e.Err) }

// Unwrap returns the cause.
func (e *StillThereError) Unwrap() error { return e.Err }

func (c *Cleaner) resource(f Found) dynamic.ResourceInterface {
	if f.ClusterScoped {
		return c.dyn.Resource(f.resource)
	}
	return c.dyn.Resource(f.resource).Namespace(f.Ref.Namespace)
}

// Claim labels the cluster-scoped objects of refs that exist and carry
// the learner's prefix as made by the course (ManagedByLabel) in lesson,
// so that Delete may remove them later. Namespaced objects need no label:
// they live in the learner's Namespace. It is called when a step is
// passed.
func (c *Cleaner) Claim(ctx context.Context, refs []ObjectRef, lesson string) error {
	var errs []error
	for _, ref := range refs {
		// Only the learner's cluster-scoped objects are read: this runs
		// whenever a step passes.
		f, ok, err := c.locate(ref)
		if err != nil {
			return err
		}
		if !ok || !f.ClusterScoped || !strings.HasPrefix(f.Ref.Name, c.Prefix()) {
			continue
		}
		if f, ok, err = c.inspect(ctx, f); err != nil {
			return err
		}
		if !ok || f.Kept == "" { // gone, or labelled already
			continue
		}
		patch := fmt.Sprintf(`{"metadata":{"labels":{%q:%q,%q:%q}}}`, ManagedByLabel, ManagedBy, LessonLabel, lesson)
		if _, err := c.resource(f).Patch(ctx, f.Ref.Name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil && !apierrors.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("label %s: %w", f, err))
		}
	}
	return errors.Join(errs...)
}

// ExplainReset says in Norwegian why a reset could not read (deleting
// false) or delete (deleting true) the course's objects: an object that
// is not gone in time, or a right the learner lacks.
func ExplainReset(err error, deleting bool) error {
	verb := "lese"
	if deleting {
		verb = "slette"
	}
	var still *StillThereError
	var status apierrors.APIStatus
	switch {
	case errors.As(err, &still):
		return explain(fmt.Sprintf(msgResetStillThere, still.Object, still.After), false, err)
	case apierrors.IsForbidden(err) && errors.As(err, &status):
		resource := ""
		if d := status.Status().Details; d != nil {
			resource = d.Kind
			if d.Group != "" {
				resource += "." + d.Group
			}
		}
		return explain(fmt.Sprintf(msgResetForbidden, verb, resource), false, err)
	}
	return explain(fmt.Sprintf(msgResetFailed, err), false, err)
}
