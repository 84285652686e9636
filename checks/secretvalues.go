package checks

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// secretValues is the `values` parameter of secretKeys: each key's
// expected value, decoded as stringData would take it (a `!!binary`
// scalar gives its decoded bytes). The values are part of the task, not
// of any message: an error about an entry names its key, never its
// value, so none of them ever reaches a SpecError.
type secretValues map[string]string

func (v *secretValues) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return specErrorf(n, msgSecretValuesNotMap)
	}
	where := fmt.Sprintf(msgWhereKey, "values")
	m := make(secretValues, len(n.Content)/2)
	var errs []error
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := deref(n.Content[i]), deref(n.Content[i+1])
		var s string
		switch {
		case k.Kind != yaml.ScalarNode:
			errs = append(errs, specErrorf(k, msgKeyNotText, where))
		case seen[k.Value]:
			errs = append(errs, specErrorf(k, msgDuplicateKey, k.Value, where))
		case isNull(val):
			errs = append(errs, specErrorf(val, msgSecretValueMissing, k.Value))
		case val.Kind != yaml.ScalarNode || val.Decode(&s) != nil:
			// The decode error of a bad !!binary names no value, but
			// is dropped all the same: only the key is ever named.
			errs = append(errs, specErrorf(val, msgSecretValueBad, k.Value))
		default:
			m[k.Value] = s
		}
		seen[k.Value] = true
	}
	*v = m
	return errors.Join(errs...)
}

func (*secretValues) paramType() string { return typeMap }

// valueVerdict compares the value of a key with the expected one in
// constant time (only the lengths may show in the time taken) and
// answers with a fixed text naming the key: "" when the value is right,
// else that it is not, and that it ends with a line break when it is
// the expected value plus one (echo without -n, --from-file of a file
// ending in a line break).
func valueVerdict(key string, actual []byte, want string) string {
	expected := []byte(want)
	if subtle.ConstantTimeCompare(actual, expected) == 1 {
		return ""
	}
	msg := fmt.Sprintf(msgSecretValueWrong, key)
	for _, end := range []string{"\n", "\r\n"} {
		if subtle.ConstantTimeCompare(actual, append(expected[:len(expected):len(expected)], end...)) == 1 {
			return msg + msgSecretValueEndsNewline
		}
	}
	return msg
}

// judge names, in key order, every key of v whose value in the
// Secret is not the expected one; keys the Secret lacks are left to the
// key check. stringData, which the API server has already merged into
// data on a stored Secret, wins over data as it does on the server.
func (v secretValues) judge(data map[string][]byte, stringData map[string]string) string {
	var wrong []string
	for _, k := range sortedKeys(v) {
		actual, ok := data[k]
		if s, inString := stringData[k]; inString {
			actual, ok = []byte(s), true
		}
		if !ok {
			continue
		}
		if msg := valueVerdict(k, actual, v[k]); msg != "" {
			wrong = append(wrong, msg)
		}
	}
	return strings.Join(wrong, "; ")
}

// describe is the criterion's phrase for the values asked for, without
// any value: " med verdien oppgaven ber om" when every key has one, else
// ", og b har verdien oppgaven ber om" naming the keys that have one.
func (v secretValues) describe(keys []string) string {
	if len(v) == 0 {
		return ""
	}
	noun := plural(len(v), msgValueOne, msgValueMany)
	if len(v) == len(keys) {
		return fmt.Sprintf(msgWithValuesAsked, noun)
	}
	return fmt.Sprintf(msgKeysHaveValuesAsked, joinAnd(sortedKeys(v)), noun)
}
