package class

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// limitKind says where a Setting goes.
type limitKind int

const (
	// quotaHard is a hard limit in the student's ResourceQuota.
	quotaHard limitKind = iota
	// containerRequest is the LimitRange's default request for a
	// container that sets none.
	containerRequest
	// containerLimit is the LimitRange's default limit for a container
	// that sets none.
	containerLimit
)

// Setting is one limit on what a student may use: a command-line flag,
// its default and where it goes (the ResourceQuota or the LimitRange).
// The flags, the objects and the README's table all come from Settings.
type Setting struct {
	// Flag is the flag's name, without dashes.
	Flag string
	// Default is the value when the flag is not given.
	Default string
	// Help says in Norwegian what the flag limits.
	Help string
	// Resource is the ResourceQuota's resource name, or the LimitRange's
	// resource (cpu or memory).
	Resource corev1.ResourceName
	kind     limitKind
	// whole is true for counts, which must be whole numbers.
	whole bool
}

// Settings are the limits on a student, in the order help lists them.
// The defaults let one student do the whole course with room to spare
// and no more: at most 7 Pods of the Deployment «web» at once (L05 scales
// it to 5, a rolling update adds surge), a handful of single Pods from
// L02, L03 and L07, 2 Services with a node port (L08) and 1
// LoadBalancer. With only the default requests and limits, the number
// of Pods is what bites first: 30 Pods fit within every sum below.
func Settings() []Setting {
	return []Setting{
		{Flag: "pods", Default: "30", Help: "høyst så mange Poder i Namespacet", Resource: corev1.ResourcePods, whole: true},
		{Flag: "requests-cpu", Default: "2", Help: "høyst så mye CPU i minstekrav (requests.cpu) til sammen", Resource: corev1.ResourceRequestsCPU},
		{Flag: "requests-memory", Default: "2Gi", Help: "høyst så mye minne i minstekrav (requests.memory) til sammen", Resource: corev1.ResourceRequestsMemory},
		{Flag: "limits-cpu", Default: "6", Help: "høyst så mye CPU i øvre grenser (limits.cpu) til sammen", Resource: corev1.ResourceLimitsCPU},
		{Flag: "limits-memory", Default: "4Gi", Help: "høyst så mye minne i øvre grenser (limits.memory) til sammen", Resource: corev1.ResourceLimitsMemory},
		{Flag: "services", Default: "20", Help: "høyst så mange Servicer", Resource: corev1.ResourceServices, whole: true},
		{Flag: "nodeports", Default: "5", Help: "høyst så mange Servicer med node-port (NodePort og LoadBalancer)", Resource: corev1.ResourceServicesNodePorts, whole: true},
		{Flag: "loadbalancers", Default: "2", Help: "høyst så mange Servicer av typen LoadBalancer", Resource: corev1.ResourceServicesLoadBalancers, whole: true},
		{Flag: "configmaps", Default: "50", Help: "høyst så mange ConfigMaps", Resource: corev1.ResourceConfigMaps, whole: true},
		{Flag: "secrets", Default: "50", Help: "høyst så mange Secrets", Resource: corev1.ResourceSecrets, whole: true},
		{Flag: "pvcs", Default: "5", Help: "høyst så mange PersistentVolumeClaims", Resource: corev1.ResourcePersistentVolumeClaims, whole: true},
		{Flag: "storage", Default: "5Gi", Help: "høyst så mye lagring i PersistentVolumeClaims til sammen", Resource: corev1.ResourceRequestsStorage},
		{Flag: "default-cpu-request", Default: "50m", Help: "minstekrav til CPU for en container som ikke oppgir noe", Resource: corev1.ResourceCPU, kind: containerRequest},
		{Flag: "default-memory-request", Default: "64Mi", Help: "minstekrav til minne for en container som ikke oppgir noe", Resource: corev1.ResourceMemory, kind: containerRequest},
		{Flag: "default-cpu-limit", Default: "200m", Help: "øvre grense for CPU for en container som ikke oppgir noe", Resource: corev1.ResourceCPU, kind: containerLimit},
		{Flag: "default-memory-limit", Default: "128Mi", Help: "øvre grense for minne for en container som ikke oppgir noe", Resource: corev1.ResourceMemory, kind: containerLimit},
	}
}

// Limits are the chosen values of Settings, by flag name; a setting not
// in the map has its default.
type Limits map[string]string

// resolved are Limits checked and parsed.
type resolved struct {
	quota           corev1.ResourceList
	defaultRequests corev1.ResourceList
	defaultLimits   corev1.ResourceList
}

// resolve checks every value and sorts them into the objects they go
// in. Its error is in Norwegian and names the flag.
func (l Limits) resolve() (resolved, error) {
	r := resolved{quota: corev1.ResourceList{}, defaultRequests: corev1.ResourceList{}, defaultLimits: corev1.ResourceList{}}
	for _, s := range Settings() {
		value, ok := l[s.Flag]
		if !ok {
			value = s.Default
		}
		q, err := resource.ParseQuantity(value)
		if err != nil || q.Sign() < 0 {
			return resolved{}, fmt.Errorf(msgBadQuantity, value, s.Flag)
		}
		if s.whole && q.MilliValue()%1000 != 0 {
			return resolved{}, fmt.Errorf(msgNotWhole, value, s.Flag)
		}
		switch s.kind {
		case quotaHard:
			r.quota[s.Resource] = q
		case containerRequest:
			r.defaultRequests[s.Resource] = q
		case containerLimit:
			r.defaultLimits[s.Resource] = q
		}
	}
	for res, req := range r.defaultRequests {
		if limit := r.defaultLimits[res]; req.Cmp(limit) > 0 {
			return resolved{}, fmt.Errorf(msgRequestOverLimit, res, req.String(), limit.String())
		}
	}
	return r, nil
}

// Validate checks the values; the error is in Norwegian and names the
// flag.
func (l Limits) Validate() error {
	_, err := l.resolve()
	return err
}
