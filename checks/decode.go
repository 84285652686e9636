package checks

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// The parameters of a check type are a Go struct. Its fields are read
// from the check's YAML mapping by decoder, strictly, and described for
// Registry.Types by the same struct tags:
//
//	yaml:"key"              the parameter's key (",inline" embeds a struct's keys)
//	doc:"..."               Norwegian description for Types
//	check:"required"        the key must be given (and not be null or empty)
//	check:"one=G"           exactly one key of group G must be given
//	check:"excl=G"          at most one key of group G may be given
//	check:"enum=A|B"        the value must be one of these (case-insensitive; stored as written here)
//	check:"min=N,max=M"     bounds for integers (all integers are at least 0 unless min says otherwise)
//
// Fields whose pointer implements yaml.Unmarshaler (quantities,
// int-or-string ports) decode themselves; their errors become SpecErrors
// at their node.

// field is one parameter of a check type.
type field struct {
	key      string
	index    []int
	doc      string
	required bool
	one      string
	excl     string
	enum     []string
	min, max *int
}

// fieldsOf lists the parameters of the struct type t.
func fieldsOf(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		sf := t.Field(i)
		key, opts, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if opts == "inline" {
			for _, inner := range fieldsOf(sf.Type) {
				inner.index = append([]int{i}, inner.index...)
				out = append(out, inner)
			}
			continue
		}
		if key == "" || key == "-" {
			continue
		}
		f := field{key: key, index: []int{i}, doc: sf.Tag.Get("doc")}
		for opt := range strings.SplitSeq(sf.Tag.Get("check"), ",") {
			name, val, _ := strings.Cut(opt, "=")
			switch name {
			case "required":
				f.required = true
			case "one":
				f.one = val
			case "excl":
				f.excl = val
			case "enum":
				f.enum = strings.Split(val, "|")
			case "min", "max":
				n, err := strconv.Atoi(val)
				if err != nil {
					panic("checks: bad " + name + " tag on " + t.Name() + "." + sf.Name)
				}
				if name == "min" {
					f.min = &n
				} else {
					f.max = &n
				}
			}
		}
		out = append(out, f)
	}
	return out
}

// decoder collects every SpecError of one check instead of stopping at
// the first.
type decoder struct {
	errs []error
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, specErrorf(n, format, args...))
}

func (d *decoder) err() error { return errors.Join(d.errs...) }

// deref follows a YAML alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// isNull reports a missing or null value.
func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// boundField is a parameter and the struct value it belongs to.
type boundField struct {
	field
	v reflect.Value
}

// decodeMapping fills the structs in targets (which share one mapping)
// from node and validates the tag rules. where names the mapping in
// messages. It returns the value node of every key given.
func (d *decoder) decodeMapping(node *yaml.Node, targets []reflect.Value, where string) map[string]*yaml.Node {
	if node.Kind != yaml.MappingNode {
		d.errorf(node, msgCheckNotMapping)
		return nil
	}
	byKey := map[string]boundField{}
	var ordered []boundField
	for _, t := range targets {
		for _, f := range fieldsOf(t.Type()) {
			bf := boundField{f, t.FieldByIndex(f.index)}
			byKey[f.key] = bf
			ordered = append(ordered, bf)
		}
	}
	given := map[string]*yaml.Node{}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, val := deref(node.Content[i]), node.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, msgKeyNotText, where)
			continue
		}
		if _, dup := given[k.Value]; dup {
			d.errorf(k, msgDuplicateKey, k.Value, where)
			continue
		}
		bf, ok := byKey[k.Value]
		if !ok {
			valid := slices.DeleteFunc(sortedKeys(byKey), func(k string) bool { return k == "type" })
			d.errorf(k, msgUnknownKey, k.Value, where, strings.Join(valid, ", ")+suggest(k.Value, valid))
			continue
		}
		given[k.Value] = val
		d.decodeValue(val, bf.v, k.Value)
	}
	var groups []*keyGroup
	byName := map[string]*keyGroup{}
	for _, bf := range ordered {
		val, present := given[bf.key]
		present = present && !isNull(deref(val))
		for _, rule := range []struct {
			name string
			need bool
		}{{bf.one, true}, {bf.excl, false}} {
			if rule.name == "" {
				continue
			}
			id := fmt.Sprint(rule.need, rule.name)
			g := byName[id]
			if g == nil {
				g = &keyGroup{need: rule.need}
				byName[id] = g
				groups = append(groups, g)
			}
			g.keys = append(g.keys, bf.key)
			if present {
				g.present = append(g.present, bf.key)
			}
		}
		if !present {
			if bf.required {
				d.errorf(node, msgMissingKey, bf.key, where)
			}
			continue
		}
		d.validateValue(val, bf)
	}
	for _, g := range groups {
		switch {
		case len(g.present) == 0 && g.need:
			d.errorf(node, msgNeedOneOf, quoteList(g.keys), where)
		case len(g.present) > 1:
			d.errorf(given[g.present[1]], msgOnlyOneOf, quoteList(g.keys), where)
		}
	}
	return given
}

// keyGroup is the keys of a one= group (need: exactly one must be given)
// or an excl= group (at most one may be given).
type keyGroup struct {
	need          bool
	keys, present []string
}

// validateValue checks the enum, non-empty and bound rules of a value
// that was given.
func (d *decoder) validateValue(val *yaml.Node, bf boundField) {
	v := bf.v
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if bf.required && strings.TrimSpace(s) == "" {
			d.errorf(val, msgEmptyValue, bf.key)
		}
		if bf.enum != nil {
			i := slices.IndexFunc(bf.enum, func(e string) bool { return strings.EqualFold(e, s) })
			if i < 0 {
				d.errorf(val, msgNotInEnum, bf.key, s, strings.Join(bf.enum, ", "))
			} else {
				v.SetString(bf.enum[i])
			}
		}
	case reflect.Map, reflect.Slice:
		if bf.required && v.Len() == 0 {
			d.errorf(val, msgEmptyValue, bf.key)
		}
	case reflect.Int:
		n, lo := int(v.Int()), 0
		if bf.min != nil {
			lo = *bf.min
		}
		if n < lo {
			d.errorf(val, msgTooSmall, bf.key, lo, n)
		}
		if bf.max != nil && n > *bf.max {
			d.errorf(val, msgTooLarge, bf.key, *bf.max, n)
		}
	}
}

// decodeValue fills v from n; key names the value in messages.
func (d *decoder) decodeValue(n *yaml.Node, v reflect.Value, key string) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if u, ok := v.Addr().Interface().(yaml.Unmarshaler); ok {
		if err := u.UnmarshalYAML(n); err != nil {
			specs := SpecErrors(err) // an unmarshaler may report several, joined
			if len(specs) == 0 {
				specs = []*SpecError{specErrorf(n, "%s: %v", key, err)}
			}
			for _, se := range specs {
				d.errs = append(d.errs, se)
			}
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		nv := reflect.New(v.Type().Elem())
		d.decodeValue(n, nv.Elem(), key)
		v.Set(nv)
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, msgWrongType, key, typeName(v.Type()), nodeKindName(n))
			return
		}
		d.decodeMapping(n, []reflect.Value{v}, fmt.Sprintf(msgWhereKey, key))
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, msgWrongType, key, typeName(v.Type()), nodeKindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decodeValue(item, s.Index(i), key)
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, msgWrongType, key, typeName(v.Type()), nodeKindName(n))
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := deref(n.Content[i])
			if k.Kind != yaml.ScalarNode {
				d.errorf(k, msgKeyNotText, fmt.Sprintf(msgWhereKey, key))
				continue
			}
			if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
				d.errorf(k, msgDuplicateKey, k.Value, fmt.Sprintf(msgWhereKey, key))
				continue
			}
			ev := reflect.New(v.Type().Elem()).Elem()
			d.decodeValue(n.Content[i+1], ev, key+"."+k.Value)
			m.SetMapIndex(reflect.ValueOf(k.Value), ev)
		}
		v.Set(m)
	default:
		if n.Kind != yaml.ScalarNode || v.Kind() == reflect.Bool && n.ShortTag() != "!!bool" {
			d.errorf(n, msgWrongType, key, typeName(v.Type()), nodeKindName(n))
			return
		}
		if err := n.Decode(v.Addr().Interface()); err != nil {
			d.errorf(n, msgWrongType, key, typeName(v.Type()), "«"+n.Value+"»")
		}
	}
}

// typeName is the Norwegian name of a parameter's type.
func typeName(t reflect.Type) string {
	if n, ok := reflect.New(t).Interface().(interface{ paramType() string }); ok {
		return n.paramType()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.String:
		return typeText
	case reflect.Int:
		return typeInt
	case reflect.Bool:
		return typeBool
	case reflect.Map:
		return typeMap
	case reflect.Slice:
		return fmt.Sprintf(typeListOf, typeName(t.Elem()))
	case reflect.Struct:
		return typeObject
	}
	return t.String()
}

// nodeKindName describes what a YAML node is, for "found" in messages.
func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return typeMap
	case yaml.SequenceNode:
		return typeList
	case yaml.ScalarNode:
		return "«" + truncate(n.Value, 40) + "»"
	}
	return typeNothing
}

// sortedKeys lists the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// quoteList joins words as «a», «b» eller «c».
func quoteList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "«" + w + "»"
	}
	return joinOr(q)
}
