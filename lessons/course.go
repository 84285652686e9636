package lessons

import (
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kubekurs/kubekurs/internal/capability"
	"github.com/kubekurs/kubekurs/internal/kube"
)

// Course is a whole course: the manifest course.yaml and its lessons, in
// course order. The schema of course.yaml is:
//
//	title: Kubernetes på norsk   # Title
//	lessons:                     # one lesson file per entry, in course order
//	  - L01-velkommen.md
type Course struct {
	// Title is shown on the start screen (course.yaml: title, required).
	Title string
	// Lessons are the lessons in the order course.yaml lists them
	// (course.yaml: lessons, a list of file names in the course directory).
	Lessons []*Lesson
	// Dir names the course in messages, e.g. "lessons/course" or the
	// directory given on the command line.
	Dir string
}

// Lesson is one lesson file: YAML front matter between "---" lines at the
// very top, an introduction, and one step per H2 heading. The yaml tags are
// the front-matter keys; other keys are errors.
type Lesson struct {
	// ID is unique in the course: ASCII letters, digits and '-' (required).
	ID string `yaml:"id"`
	// Title is the lesson's title (required). The body has no H1.
	Title string `yaml:"title"`
	// Description is one sentence on what the lesson teaches.
	Description string `yaml:"description"`
	// Minutes is the estimated time.
	Minutes int `yaml:"minutes"`
	// Requires lists the cluster capabilities the whole lesson needs
	// (see KnownCapability).
	Requires []string `yaml:"requires"`
	// Creates lists the objects the lesson asks the learner to make, so
	// that `kubekurs reset` can remove exactly those. Front-matter
	// templates are rendered, so names may use {{.Namespace}};
	// cluster-scoped objects (a Namespace) must be named with the
	// learner's prefix, "{{.Namespace}}-".
	Creates []Object `yaml:"creates"`

	// File names the lesson file in messages, e.g. "course/L04-deployment.md".
	File string `yaml:"-"`
	// Intro is the Markdown before the first H2, shown before the first
	// step; templates rendered, hidden blocks removed.
	Intro string `yaml:"-"`
	// Steps are the lesson's steps, one per H2 heading, in order.
	Steps []*Step `yaml:"-"`

	meta lessonMeta
}

// Step is one H2 section of a lesson: what the learner reads, the checks
// that decide when the step is done, and the hidden blocks that help.
type Step struct {
	// Title is the heading's text (inline Markdown), templates rendered.
	Title string
	// Line is the line of the H2 heading in the lesson file.
	Line int
	// Body is the Markdown shown to the learner: prose and ordinary code
	// blocks, with the heading and the hidden blocks removed.
	Body string
	// Checks are the step's ```check blocks, in order.
	Checks []CheckBlock
	// Hints are the ```hint blocks (Markdown), shown one at a time in order.
	Hints []string
	// Solutions are the ```solution blocks, run in order.
	Solutions []Solution
	// Options come from the step's ```step block (at most one).
	Options StepOptions
	// Quiz comes from the step's ```quiz block (at most one), or is nil.
	Quiz *Quiz
	// Wrong are the step's ```wrong blocks: typical wrong attempts that
	// `kubekurs lessons test` proves the checks catch.
	Wrong []*WrongAttempt

	meta stepMeta
}

// CheckBlock is one ```check block: a YAML list of checks, left for the
// check registry to compile.
type CheckBlock struct {
	// Source is the block's text with templates rendered.
	Source string
	// Node is the parsed YAML document node of Source; nil for an empty block.
	Node *yaml.Node
	// Line is the line of the block's first content line in the lesson file.
	Line int
}

// SolutionKind tells how a solution is applied.
type SolutionKind int

const (
	// SolutionCommands is a ```solution (or ```solution sh/bash) block:
	// kubectl commands, one per line.
	SolutionCommands SolutionKind = iota + 1
	// SolutionManifest is a ```solution yaml (or yml) block: one or more
	// objects applied as `kubectl apply -f -`.
	SolutionManifest
)

// String names the kind as it is written in the info string.
func (k SolutionKind) String() string {
	switch k {
	case SolutionCommands:
		return "commands"
	case SolutionManifest:
		return "manifest"
	}
	return "unknown"
}

// Solution is one ```solution block: what "vis løsning" shows and what the
// content test applies to prove that the step can be solved.
type Solution struct {
	// Kind tells whether Text is commands or a manifest.
	Kind SolutionKind
	// Text is the block's text with templates rendered.
	Text string
	// Commands holds, for SolutionCommands, the argv of each command line,
	// split with shell-like quoting ('…', "…", \ and line continuation);
	// '#' comments and blank lines are dropped. Solutions run without a
	// shell, so pipes, redirections and $ expansions are not allowed.
	Commands [][]string
	// Line is the line of the block's first content line in the lesson file.
	Line int
}

// StepOptions are a step's ```step block. The yaml tags are the keys;
// other keys are errors.
type StepOptions struct {
	// Settle is how long to retry the checks while resources settle, as a
	// duration such as "30s" (default DefaultSettle, at most MaxSettle).
	Settle time.Duration `yaml:"settle"`
	// ObserveOnly marks a step that only asks the learner to look (and
	// answer a quiz): its checks may pass before the solution, and it may
	// have no check.
	ObserveOnly bool `yaml:"observeOnly"`
	// Requires lists the capabilities this step needs beyond the lesson's.
	Requires []string `yaml:"requires"`
}

// Quiz is a step's ```quiz block: a multiple-choice question, or a
// free-text reflection whose answer is recorded but not graded. The yaml
// tags are the keys; other keys are errors.
type Quiz struct {
	// Question is the question (Markdown, required).
	Question string `yaml:"question"`
	// Choices are the possible answers (at least two; none for a reflection).
	Choices []string `yaml:"choices"`
	// Answer is the right choice; it must be one of Choices (none for a
	// reflection).
	Answer string `yaml:"answer"`
	// Reflection marks a free-text question without choices or answer.
	Reflection bool `yaml:"reflection"`
}

// Object names one object a lesson makes (front matter: creates).
type Object struct {
	// Kind is the object's kind, e.g. Deployment (required).
	Kind string `yaml:"kind"`
	// APIVersion is e.g. apps/v1; it may be left out for the kinds
	// KnownKind lists, and is required for others.
	APIVersion string `yaml:"apiVersion"`
	// Name is the object's name (required).
	Name string `yaml:"name"`
	// Namespace is where a namespaced object lives; empty means the
	// learner's Namespace. Others must start with "{{.Namespace}}-".
	Namespace string `yaml:"namespace"`
}

// Vars is the data the lesson templates (text/template) are rendered with.
type Vars struct {
	// Namespace is the learner's namespace: "default" for self-study,
	// "elev-<navn>" in a classroom.
	Namespace string
}

// Settle bounds for StepOptions.Settle.
const (
	// DefaultSettle is the settle time of a step without one.
	DefaultSettle = 10 * time.Second
	// MaxSettle is the longest settle time a step may ask for.
	MaxSettle = 2 * time.Minute
)

// KnownCapabilities lists the capabilities a lesson or step may require
// of the cluster, in the order reports show them. Package capability owns
// the list.
func KnownCapabilities() []string {
	all := capability.All()
	names := make([]string, len(all))
	for i, c := range all {
		names[i] = string(c)
	}
	return names
}

// KnownCapability reports whether name is a capability a lesson or step
// may require.
func KnownCapability(name string) bool { return capability.Known(name) }

// KnownKind reports whether a lesson may name kind in creates without an
// apiVersion, and whether objects of that kind are cluster-scoped. The
// kinds are package kube's, the same as checks may name without one.
func KnownKind(kind string) (known, clusterScoped bool) {
	k, ok := kube.LookupKind(kind)
	return ok, ok && !k.Namespaced
}
