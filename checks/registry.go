package checks

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
	"gopkg.in/yaml.v3"
	"k8s.io/apimachinery/pkg/util/validation"
)

// Check is one compiled criterion of a lesson step.
type Check interface {
	// Criterion is the Norwegian criterion text, for listing the checks
	// before they run.
	Criterion() string
	// Run checks the learner's work on t. It never panics, and every API
	// call it makes has its own deadline (Target.CallTimeout).
	Run(ctx context.Context, t *Target) Result
	// Access lists what the check needs the API server to let it do: the
	// resources it reads and, for canI, creates.
	Access() []Access
	// Weight is the criterion's share of its step when a step earns
	// partial credit (`kubekurs grade`): 1 unless the check block sets
	// `weight`; 0 means the criterion does not count.
	Weight() int
}

// maxWeight bounds a check's weight, so that a typo (weight: 100) stands
// out.
const maxWeight = 10

// TypeDoc describes one check type for help screens and validators.
type TypeDoc struct {
	// Name is the type as written in YAML (`type: deploymentReady`).
	Name string
	// Description is one Norwegian line on what the type verifies.
	Description string
	// Params are the type's parameters followed by the common ones
	// (criterion, hint, namespace).
	Params []ParamDoc
}

// ParamDoc describes one parameter of a check type.
type ParamDoc struct {
	// Name is the YAML key.
	Name string
	// Type is the value's type, in Norwegian ("tekst", "heltall", ...).
	Type string
	// Required is true when the key must be given. Keys of which exactly
	// one must be given are not Required; their Doc says so.
	Required bool
	// Values lists the allowed values, when there is a fixed set.
	Values []string
	// Doc is a Norwegian description.
	Doc string
}

// Registry knows the check types and compiles check specs. It holds no
// mutable state but a lazily built CEL environment, and is safe for
// concurrent use.
type Registry struct {
	types   map[string]typeDef
	celOnce sync.Once
	celEnv  *cel.Env
	celErr  error
}

// NewRegistry returns a registry with all built-in check types.
func NewRegistry() *Registry {
	r := &Registry{types: map[string]typeDef{}}
	for _, def := range builtinTypes() {
		if _, dup := r.types[def.name]; dup {
			panic("checks: duplicate check type " + def.name)
		}
		r.types[def.name] = def
	}
	return r
}

// params is implemented by each check type's parameter struct: build
// turns the decoded parameters into the check's behaviour, or returns a
// SpecError (through b) for values the tags cannot validate.
type params interface {
	build(b *builder) (spec, error)
}

// spec is what a check type builds: its default criterion, the expected
// text and the function that looks at the cluster.
type spec struct {
	criterion string
	expected  string
	run       func(ctx context.Context, e *env) verdict
}

// typeDef is one registered check type.
type typeDef struct {
	name    string
	doc     string
	params  reflect.Type
	compile func(r *Registry, node *yaml.Node) (Check, error)
}

// common are the keys every check type accepts.
type common struct {
	Type      string `yaml:"type" doc:"sjekktypen"`
	Criterion string `yaml:"criterion" doc:"kriteriet slik eleven ser det; erstatter sjekkens egen tekst"`
	Hint      string `yaml:"hint" doc:"hint som vises når sjekken ikke består"`
	Namespace string `yaml:"namespace" doc:"Namespacet sjekken ser i; standard er elevens Namespace"`
	Weight    int    `yaml:"weight" doc:"kriteriets vekt når kubekurs grade gir delpoeng i steget; standard 1, 0 teller ikke"`
}

// define registers the parameter struct P (whose pointer implements
// params) as the check type name.
func define[P any, PP interface {
	*P
	params
}](name, doc string) typeDef {
	return typeDef{name: name, doc: doc, params: reflect.TypeFor[P](), compile: func(r *Registry, node *yaml.Node) (Check, error) {
		var c common
		var p P
		d := &decoder{}
		given := d.decodeMapping(node, []reflect.Value{reflect.ValueOf(&c).Elem(), reflect.ValueOf(&p).Elem()}, fmt.Sprintf(msgWhereType, name))
		if c.Weight > maxWeight {
			d.errorf(given["weight"], msgBadWeight, c.Weight, maxWeight)
		}
		if c.Namespace != "" {
			if errs := validation.IsDNS1123Label(c.Namespace); len(errs) > 0 {
				d.errorf(given["namespace"], msgBadNamespace, c.Namespace)
			}
		}
		if err := d.err(); err != nil {
			return nil, err
		}
		s, err := PP(&p).build(&builder{reg: r, node: node, given: given, namespace: c.Namespace})
		if err != nil {
			return nil, err
		}
		criterion := s.criterion
		if c.Criterion != "" {
			criterion = c.Criterion
		}
		weight := 1
		if _, set := given["weight"]; set {
			weight = c.Weight
		}
		return &check{criterion: criterion, expected: s.expected, hint: c.Hint, namespace: c.Namespace, weight: weight, run: s.run,
			access: accessOf(name, reflect.ValueOf(&p).Elem())}, nil
	}}
}

// Compile compiles one check: a YAML mapping with `type` and the type's
// parameters. Its errors are *SpecError, several joined with errors.Join.
func (r *Registry) Compile(node *yaml.Node) (Check, error) {
	node = deref(node)
	if node != nil && node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		node = deref(node.Content[0])
	}
	if node == nil || node.Kind != yaml.MappingNode {
		return nil, &SpecError{Node: node, Msg: msgCheckNotMapping}
	}
	var typeNode *yaml.Node
	for i := 0; i+1 < len(node.Content); i += 2 {
		if k := deref(node.Content[i]); k.Kind == yaml.ScalarNode && k.Value == "type" {
			typeNode = deref(node.Content[i+1])
			break
		}
	}
	names := sortedKeys(r.types)
	if typeNode == nil || isNull(typeNode) {
		return nil, specErrorf(node, msgMissingType, strings.Join(names, ", "))
	}
	def, ok := r.types[typeNode.Value]
	if typeNode.Kind != yaml.ScalarNode || !ok {
		return nil, specErrorf(typeNode, msgUnknownType, nodeKindName(typeNode), strings.Join(names, ", ")+suggest(typeNode.Value, names))
	}
	return def.compile(r, node)
}

// CompileList compiles a sequence of checks (the document of a ```check
// block). It compiles every item and joins all their errors.
func (r *Registry) CompileList(node *yaml.Node) ([]Check, error) {
	node = deref(node)
	if node != nil && node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		node = deref(node.Content[0])
	}
	if node == nil || node.Kind != yaml.SequenceNode {
		return nil, &SpecError{Node: node, Msg: msgChecksNotList}
	}
	checks := make([]Check, 0, len(node.Content))
	var errs []error
	for _, item := range node.Content {
		c, err := r.Compile(item)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		checks = append(checks, c)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return checks, nil
}

// Types describes every check type, sorted by name.
func (r *Registry) Types() []TypeDoc {
	commonFields := fieldsOf(reflect.TypeFor[common]())[1:] // all but type
	docs := make([]TypeDoc, 0, len(r.types))
	for _, name := range sortedKeys(r.types) {
		def := r.types[name]
		td := TypeDoc{Name: name, Description: def.doc}
		for _, f := range fieldsOf(def.params) {
			td.Params = append(td.Params, paramDocOf(def.params, f))
		}
		for _, f := range commonFields {
			td.Params = append(td.Params, paramDocOf(reflect.TypeFor[common](), f))
		}
		docs = append(docs, td)
	}
	return docs
}

// paramDocOf describes the parameter f of the struct type t, adding the
// group rules to its description.
func paramDocOf(t reflect.Type, f field) ParamDoc {
	doc := f.doc
	switch {
	case f.one != "":
		doc += msgDocOneOf
	case f.excl != "":
		doc += msgDocExcl
	}
	return ParamDoc{Name: f.key, Type: typeName(t.FieldByIndex(f.index).Type), Required: f.required, Values: f.enum, Doc: doc}
}

// cel returns the registry's CEL environment, built on first use.
func (r *Registry) cel() (*cel.Env, error) {
	r.celOnce.Do(func() { r.celEnv, r.celErr = newCELEnv() })
	return r.celEnv, r.celErr
}

// builder gives a type's build method what it needs besides its
// parameters.
type builder struct {
	reg       *Registry
	node      *yaml.Node            // the check's mapping
	given     map[string]*yaml.Node // value node of each key given
	namespace string                // the check's explicit namespace, or ""
}

// errorf is a SpecError at the value of key (or at the whole check when
// key was not given).
func (b *builder) errorf(key, format string, args ...any) error {
	if n, ok := b.given[key]; ok {
		return specErrorf(n, format, args...)
	}
	return specErrorf(b.node, format, args...)
}

// subject names an object in a criterion, e.g. «Poden «nginx»», adding
// the Namespace when the check names one.
func (b *builder) subject(kind, name string) string {
	s := fmt.Sprintf(msgSubject, kindDefinite(kind), name)
	if b.namespace != "" && !clusterScoped(kind) {
		s += fmt.Sprintf(msgInNamespace, b.namespace)
	}
	return s
}

// check is the compiled form of every check type.
type check struct {
	criterion, expected, hint, namespace string
	weight                               int
	access                               []Access
	run                                  func(ctx context.Context, e *env) verdict
}

func (c *check) Access() []Access { return slices.Clone(c.access) }

func (c *check) Criterion() string { return c.criterion }

func (c *check) Weight() int { return c.weight }

func (c *check) Run(ctx context.Context, t *Target) (res Result) {
	res = Result{Criterion: c.criterion, Expected: c.expected}
	defer func() {
		if p := recover(); p != nil {
			res.Status, res.Found, res.Detail = EnvError, "", fmt.Sprintf(msgPanic, p)
		}
		if res.Status != Passed {
			res.Hint = c.hint
		}
	}()
	if t == nil || t.Client == nil {
		res.Status, res.Detail = EnvError, msgNoTarget
		return res
	}
	ns := c.namespace
	if ns == "" {
		ns = t.Namespace
	}
	if ns == "" {
		ns = "default"
	}
	v := c.run(ctx, &env{t: t, ns: ns})
	res.Status, res.Found, res.Detail, res.unreachable, res.missing = v.status, v.found, v.detail, v.unreachable, v.missing
	if v.expected != "" {
		res.Expected = v.expected
	}
	return res
}
