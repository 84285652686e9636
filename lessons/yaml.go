package lessons

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// piece is a stretch of a lesson file's text and, for each of its lines,
// the line in the file it came from, so problems inside it point at the file.
type piece struct {
	text  string
	lines []int // lines[i] is the file line of the piece's line i+1
	first int   // the file line to blame when the piece is empty
}

// fileLine maps a 1-based line in the piece to a line in the file.
func (p piece) fileLine(line int) int {
	switch {
	case len(p.lines) == 0:
		return p.first
	case line < 1:
		return p.lines[0]
	case line > len(p.lines):
		return p.lines[len(p.lines)-1]
	}
	return p.lines[line-1]
}

// at maps a YAML node parsed from the piece to a line in the file.
func (p piece) at(n *yaml.Node) int {
	if n == nil {
		return p.first
	}
	return p.fileLine(n.Line)
}

// yamlLine matches yaml.v3's "yaml: line N: msg" errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// lineError is a problem inside a piece, before it is placed in a file.
type lineError struct {
	line int // 1-based line in the piece, 0 if unknown
	msg  string
}

func (e lineError) Error() string { return e.msg }

// Line reports the line in the piece.
func (e lineError) Line() int { return e.line }

// parseYAML parses a piece's text into a document node; it returns nil for
// a text with no YAML in it. A syntax error carries its line in the piece.
func parseYAML(text string) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return nil, yamlError(err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	return &doc, nil
}

// yamlError turns a yaml.v3 error into a Norwegian lineError.
func yamlError(err error) lineError {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if parserProblem(m[2]) {
			n++
		}
		return lineError{line: n, msg: fmt.Sprintf(msgYAML, m[2])}
	}
	// Without a line, yaml.v3 either found the problem on the first line
	// (it leaves out line 0) or does not know; the first line is the best
	// guess for both.
	return lineError{line: 1, msg: fmt.Sprintf(msgYAML, strings.TrimPrefix(msg, "yaml: "))}
}

// parserProblem reports whether a yaml.v3 message comes from its parser
// rather than its scanner. yaml.v3 reports the line of a scanner error
// 1-based but that of a parser error 0-based (the line of the construct it
// was parsing), so a parser error's line needs one more.
func parserProblem(msg string) bool {
	switch msg {
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"did not find expected '-' indicator", "did not find expected <document start>",
		"did not find expected <stream-start>", "did not find expected key",
		"did not find expected node content", "found duplicate %TAG directive",
		"found duplicate %YAML directive", "found incompatible YAML document",
		"found undefined tag handle":
		return true
	}
	return false
}

// decodeMapping decodes the mapping at the top of doc into the struct v
// points to, strictly: a key without a yaml tag in the struct, a repeated
// key or a value of the wrong type is an error, with its line in the piece.
// where names the block in messages. It returns the mapping node (nil if
// doc is not a mapping) so callers can point at keys.
func decodeMapping(doc *yaml.Node, v any, where string) (*yaml.Node, []error) {
	if doc == nil {
		return nil, nil
	}
	root := doc
	if root.Kind == yaml.DocumentNode {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, []error{lineError{root.Line, fmt.Sprintf(msgNotMapping, where)}}
	}
	out := reflect.ValueOf(v).Elem()
	fields := yamlFields(out.Type())
	var errs []error
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		idx, ok := fields[key.Value]
		switch {
		case key.Kind != yaml.ScalarNode || !ok:
			errs = append(errs, lineError{key.Line, fmt.Sprintf(msgUnknownKey, key.Value, where)})
			continue
		case seen[key.Value]:
			errs = append(errs, lineError{key.Line, fmt.Sprintf(msgDuplicateKey, key.Value, where)})
			continue
		}
		seen[key.Value] = true
		field := out.Field(idx)
		if err := val.Decode(field.Addr().Interface()); err != nil {
			field.Set(reflect.Zero(field.Type()))
			errs = append(errs, lineError{val.Line, fmt.Sprintf(msgBadValue, key.Value, where, describeType(field.Type()))})
		}
	}
	return root, errs
}

// yamlFields maps the yaml tags of a struct type to field indexes.
func yamlFields(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if f.IsExported() && name != "" && name != "-" {
			m[name] = i
		}
	}
	return m
}

// describeType says in Norwegian what a value of type t looks like.
func describeType(t reflect.Type) string {
	if t == reflect.TypeFor[time.Duration]() {
		return wantDuration
	}
	switch t.Kind() {
	case reflect.String:
		return wantText
	case reflect.Int, reflect.Int64:
		return wantInt
	case reflect.Bool:
		return wantBool
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return wantTextList
		}
	}
	return wantOther
}

// keyNode returns the key node of key in a mapping node, or nil.
func keyNode(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

// valueNode returns the value node of key in a mapping node, or nil.
func valueNode(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// itemNode returns the i-th item of the sequence under key, or the key.
func itemNode(m *yaml.Node, key string, i int) *yaml.Node {
	if v := valueNode(m, key); v != nil && v.Kind == yaml.SequenceNode && i < len(v.Content) {
		return v.Content[i]
	}
	return keyNode(m, key)
}

// errorLeaves flattens errors.Join trees into their leaves.
func errorLeaves(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, errorLeaves(e)...)
		}
		return out
	}
	return []error{err}
}

// errorLine returns the Line() of err (or of an error it wraps), or 0.
func errorLine(err error) int {
	var l interface{ Line() int }
	if errors.As(err, &l) {
		return l.Line()
	}
	return 0
}
