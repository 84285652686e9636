package class

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestLimits(t *testing.T) {
	r, err := Limits{}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	pods := r.quota["pods"]
	if pods.Value() != 30 || len(r.quota) != 12 || len(r.defaultLimits) != 2 || len(r.defaultRequests) != 2 {
		t.Errorf("defaults %+v", r)
	}
	// The defaults must hold for a Namespace full of Pods that set no
	// resources: pods × the container defaults fits every sum.
	n := pods.Value()
	for sum, per := range map[string]string{"requests.cpu": "cpu", "requests.memory": "memory"} {
		total := r.defaultRequests[corev1.ResourceName(per)]
		if total.MilliValue()*n > quotaMilli(r, sum) {
			t.Errorf("%d Pods × %s %s exceeds %s", n, total.String(), per, sum)
		}
	}
	for sum, per := range map[string]string{"limits.cpu": "cpu", "limits.memory": "memory"} {
		total := r.defaultLimits[corev1.ResourceName(per)]
		if total.MilliValue()*n > quotaMilli(r, sum) {
			t.Errorf("%d Pods × %s %s exceeds %s", n, total.String(), per, sum)
		}
	}
	bad := map[string]string{
		"pods":                   "«2.5» er ikke et helt tall; --pods teller objekter",
		"requests-cpu":           "«mye» er ingen gyldig mengde for --requests-cpu (eksempler: 2, 500m, 4Gi)",
		"default-memory-request": "standard minstekrav til memory (1Gi) er større enn standard øvre grense (128Mi)",
	}
	values := map[string]string{"pods": "2.5", "requests-cpu": "mye", "default-memory-request": "1Gi"}
	for flag, want := range bad {
		err := Limits{flag: values[flag]}.Validate()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--%s %s: %v, want %q", flag, values[flag], err, want)
		}
	}
}

// quotaMilli is the quota's hard limit on name, in thousandths.
func quotaMilli(r resolved, name string) int64 {
	q := r.quota[corev1.ResourceName(name)]
	return q.MilliValue()
}
