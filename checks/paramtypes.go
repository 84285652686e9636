package checks

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// quantity is a parameter holding a resource quantity (500m, 128Mi); an
// invalid one is a SpecError at compile time.
type quantity struct{ resource.Quantity }

func (q *quantity) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return specErrorf(n, msgBadQuantity, nodeKindName(n))
	}
	parsed, err := resource.ParseQuantity(strings.TrimSpace(n.Value))
	if err != nil {
		return specErrorf(n, msgBadQuantity, nodeKindName(n))
	}
	q.Quantity = parsed
	return nil
}

func (*quantity) paramType() string { return typeQuantity }

// intOrString is a parameter holding a port number or name, or a number
// or percentage (maxSurge: 1, maxSurge: 25%).
type intOrString struct{ intstr.IntOrString }

func (v *intOrString) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || strings.TrimSpace(n.Value) == "" {
		return specErrorf(n, msgBadIntOrString, nodeKindName(n))
	}
	v.IntOrString = normalizeIntOrString(intstr.FromString(strings.TrimSpace(n.Value)))
	if v.Type == intstr.Int && v.IntVal < 0 {
		return specErrorf(n, msgBadIntOrString, nodeKindName(n))
	}
	return nil
}

func (*intOrString) paramType() string { return typeIntOrString }

// normalizeIntOrString turns a string that is a plain number into an int,
// so that 1 and "1" compare equal.
func normalizeIntOrString(v intstr.IntOrString) intstr.IntOrString {
	if v.Type == intstr.String {
		if n, err := strconv.ParseInt(v.StrVal, 10, 32); err == nil {
			return intstr.FromInt32(int32(n))
		}
	}
	return v
}

// sameIntOrString compares two values after normalizing; nil means unset.
func sameIntOrString(want intstr.IntOrString, actual *intstr.IntOrString) bool {
	if actual == nil {
		return false
	}
	return normalizeIntOrString(want) == normalizeIntOrString(*actual)
}

// intOrStringText writes a value for messages; nil is "-".
func intOrStringText(v *intstr.IntOrString) string {
	if v == nil {
		return "-"
	}
	return v.String()
}
