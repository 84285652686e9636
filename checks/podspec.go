package checks

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// workloadRef names an object with a Pod spec — a Pod, or a workload with
// a Pod template — and optionally one of its containers.
type workloadRef struct {
	Kind      string `yaml:"kind" doc:"Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job eller CronJob" check:"required,enum=Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob"`
	Name      string `yaml:"name" doc:"objektets navn" check:"required"`
	Container string `yaml:"container" doc:"containerens navn; uten den holder det at én av containerne stemmer"`
}

// workloadSubject names the workload (and container) in a criterion.
func (b *builder) workloadSubject(w workloadRef) string {
	s := b.subject(w.Kind, w.Name)
	if w.Container != "" {
		return fmt.Sprintf(msgContainerIn, w.Container, s)
	}
	return s
}

// podSpec reads the Pod spec of a Pod or the Pod template of a workload.
func (e *env) podSpec(ctx context.Context, w workloadRef) (*corev1.PodSpec, verdict, bool) {
	get := metav1.GetOptions{}
	apps, batch := e.t.Client.AppsV1(), e.t.Client.BatchV1()
	var call func(ctx context.Context) (*corev1.PodSpec, error)
	var req apiRequest
	switch w.Kind {
	case "Pod":
		req = e.req("get", "pods", "", w.Name)
		call = func(ctx context.Context) (*corev1.PodSpec, error) {
			p, err := e.t.Client.CoreV1().Pods(e.ns).Get(ctx, w.Name, get)
			return specOf(err, func() *corev1.PodSpec { return &p.Spec })
		}
	case "Deployment":
		req = e.req("get", "deployments", "apps", w.Name)
		call = func(ctx context.Context) (*corev1.PodSpec, error) {
			d, err := apps.Deployments(e.ns).Get(ctx, w.Name, get)
			return specOf(err, func() *corev1.PodSpec { return &d.Spec.Template.Spec })
		}
	case "StatefulSet":
		req = e.req("get", "statefulsets", "apps", w.Name)
		call = func(ctx context.Context) (*corev1.PodSpec, error) {
			s, err := apps.StatefulSets(e.ns).Get(ctx, w.Name, get)
			return specOf(err, func() *corev1.PodSpec { return &s.Spec.Template.Spec })
		}
	case "DaemonSet":
		req = e.req("get", "daemonsets", "apps", w.Name)
		call = func(ctx context.Context) (*corev1.PodSpec, error) {
			d, err := apps.DaemonSets(e.ns).Get(ctx, w.Name, get)
			return specOf(err, func() *corev1.PodSpec { return &d.Spec.Template.Spec })
		}
	case "ReplicaSet":
		req = e.req("get", "replicasets", "apps", w.Name)
		call = func(ctx context.Context) (*corev1.PodSpec, error) {
			r, err := apps.ReplicaSets(e.ns).Get(ctx, w.Name, get)
			return specOf(err, func() *corev1.PodSpec { return &r.Spec.Template.Spec })
		}
	case "Job":
		req = e.req("get", "jobs", "batch", w.Name)
		call = func(ctx context.Context) (*corev1.PodSpec, error) {
			j, err := batch.Jobs(e.ns).Get(ctx, w.Name, get)
			return specOf(err, func() *corev1.PodSpec { return &j.Spec.Template.Spec })
		}
	case "CronJob":
		req = e.req("get", "cronjobs", "batch", w.Name)
		call = func(ctx context.Context) (*corev1.PodSpec, error) {
			c, err := batch.CronJobs(e.ns).Get(ctx, w.Name, get)
			return specOf(err, func() *corev1.PodSpec { return &c.Spec.JobTemplate.Spec.Template.Spec })
		}
	default:
		return nil, envError(fmt.Sprintf(msgUnexpected, "kind "+w.Kind)), false
	}
	return fetch(ctx, e, req, call)
}

// specOf returns spec() unless the get failed.
func specOf(err error, spec func() *corev1.PodSpec) (*corev1.PodSpec, error) {
	if err != nil {
		return nil, err
	}
	return spec(), nil
}

// findContainer finds a container or init container by name.
func findContainer(spec *corev1.PodSpec, name string) *corev1.Container {
	for _, list := range [][]corev1.Container{spec.Containers, spec.InitContainers} {
		for i := range list {
			if list[i].Name == name {
				return &list[i]
			}
		}
	}
	return nil
}

// containerVerdict judges the named container of spec, or when name is
// "" each regular container, passing when one of them is right. judge
// says whether a container is right and describes what it has.
func containerVerdict(spec *corev1.PodSpec, name string, judgeContainer func(c *corev1.Container) (bool, string)) verdict {
	if name != "" {
		c := findContainer(spec, name)
		if c == nil {
			return fail(fmt.Sprintf(msgNoSuchContainer, name, containerNames(spec)))
		}
		return judge(judgeContainer(c))
	}
	if len(spec.Containers) == 0 {
		return fail(msgNoContainers)
	}
	var found []string
	for i := range spec.Containers {
		c := &spec.Containers[i]
		ok, f := judgeContainer(c)
		if ok {
			return pass(f)
		}
		if len(spec.Containers) > 1 {
			f = fmt.Sprintf(msgContainerFound, c.Name, f)
		}
		found = append(found, f)
	}
	return fail(strings.Join(found, "; "))
}

// containerNames lists the containers of spec for messages.
func containerNames(spec *corev1.PodSpec) string {
	var names []string
	for _, list := range [][]corev1.Container{spec.Containers, spec.InitContainers} {
		for _, c := range list {
			names = append(names, c.Name)
		}
	}
	if len(names) == 0 {
		return msgNone
	}
	return strings.Join(names, ", ")
}
