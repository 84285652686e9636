package lessons

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
	"k8s.io/apimachinery/pkg/util/validation"
)

// sampleNamespace is the namespace the validator renders templates with.
const sampleNamespace = "elev-test"

// Validate checks a course directory the way `kubekurs lessons validate`
// does and returns nil or a *ValidationError listing every problem as
// "file:line: melding". It checks everything Load does, and also: unique
// lesson ids; that every step has a check (unless observeOnly), a hint and
// a solution; that each ```check block compiles; valid quizzes and step
// options; known capabilities; no stray files or directories; that
// templates render with a sample namespace; that solution commands are
// kubectl commands and solution manifests are objects with apiVersion, kind
// and metadata.name; and that Glamour renders every lesson.
//
// compile validates the YAML document node of one ```check block (its
// templates rendered) and returns nil or an error. The error, or each error
// joined in it with errors.Join, is one problem, in Norwegian; if it has a
// method Line() int (1-based, within the block), the problem is put on that
// line of the block, otherwise on the block's fence. A nil compile skips
// this check.
func Validate(fsys fs.FS, name string, compile func(*yaml.Node) error) error {
	ps := &problems{}
	c, listed := parseCourse(fsys, name, Vars{Namespace: sampleNamespace}, ps)
	if c == nil {
		return ps.err()
	}
	strayFiles(fsys, name, listed, ps)
	seen := map[string]string{} // id → file
	md, err := newRenderer(80)
	if err != nil {
		return err
	}
	for _, l := range c.Lessons {
		lintLesson(l, seen, ps)
		for _, s := range l.Steps {
			lintStep(l.File, s, compile, ps)
		}
		lintRendering(l, md, ps)
	}
	return ps.err()
}

// lintLesson checks a lesson's front matter and headings.
func lintLesson(l *Lesson, seen map[string]string, ps *problems) {
	fm := l.meta.fm
	if l.ID != "" {
		line := fm.at(valueNode(l.meta.fmRoot, "id"))
		if !validID(l.ID) {
			ps.add(l.File, line, msgBadID, l.ID)
		}
		if prev, ok := seen[l.ID]; ok {
			ps.add(l.File, line, msgDuplicateID, l.ID, prev)
		} else {
			seen[l.ID] = path.Base(l.File)
		}
	}
	if l.Minutes < 0 {
		ps.add(l.File, fm.at(valueNode(l.meta.fmRoot, "minutes")), msgNegativeMinutes)
	}
	lintRequires(l.File, l.Requires, fm, l.meta.fmRoot, ps)
	lintCreates(l, ps)
	for _, line := range l.meta.h1s {
		ps.add(l.File, line, msgH1)
	}
	for _, line := range l.meta.longLangs {
		ps.add(l.File, line, msgCodeLanguage, maxLanguageLen)
	}
}

// lintStep checks one step and its hidden blocks.
func lintStep(file string, s *Step, compile func(*yaml.Node) error, ps *problems) {
	name := stepName(s)
	if s.Title == "" {
		ps.add(file, s.Line, msgNoStepTitle)
	}
	checks := 0
	for i, c := range s.Checks {
		m := s.meta.checks[i]
		switch {
		case m.broken:
			checks++
		case c.Node == nil:
			ps.add(file, m.fence, msgEmptyBlock, blockCheck)
		default:
			checks += countChecks(c.Node)
			if compile != nil {
				addErrors(ps, file, m.p, m.fence, compile(c.Node))
			}
		}
	}
	if checks == 0 && !s.Options.ObserveOnly {
		ps.add(file, s.Line, msgNoCheck, name)
	}
	if len(s.Hints) == 0 {
		ps.add(file, s.Line, msgNoHint, name)
	}
	for i, h := range s.Hints {
		m := s.meta.hints[i]
		if h == "" {
			ps.add(file, m.fence, msgEmptyBlock, blockHint)
		}
		if line, long := longLanguage(m.p.text); long {
			ps.add(file, m.p.fileLine(line), msgCodeLanguage, maxLanguageLen)
		}
	}
	if len(s.Solutions) == 0 {
		ps.add(file, s.Line, msgNoSolution, name)
	}
	for i, sol := range s.Solutions {
		lintSolution(file, sol, s.meta.solutions[i], s.meta.commandLines[i], ps)
	}
	if m := s.meta.options; m != nil && !m.broken {
		lintOptions(file, s.Options, m, ps)
	}
	if m := s.meta.quiz; m != nil && !m.broken {
		lintQuiz(file, s.Quiz, m, ps)
	}
	for i, w := range s.Wrong {
		if m := s.meta.wrong[i]; !m.broken {
			lintWrong(file, w, m, ps)
		}
	}
}

// countChecks counts the checks in a check block: the items of a list, or
// one for anything else (the compiler judges its shape).
func countChecks(doc *yaml.Node) int {
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind == yaml.SequenceNode {
		return len(root.Content)
	}
	return 1
}

// lintSolution checks a solution block: kubectl command lines, or a
// manifest of objects kubectl can apply.
func lintSolution(file string, sol Solution, m blockMeta, lines []int, ps *problems) {
	if m.broken {
		return
	}
	switch sol.Kind {
	case SolutionCommands:
		if len(sol.Commands) == 0 {
			ps.add(file, m.fence, msgEmptyBlock, blockSolution)
		}
		lintCommands(file, sol.Commands, lines, ps)
	case SolutionManifest:
		addErrors(ps, file, m.p, m.fence, checkManifest(sol.Text)...)
		addErrors(ps, file, m.p, m.fence, CheckManifestScope(sol.Text, sampleNamespace)...)
	}
}

// lintCommands checks command lines against the policy for what a
// lesson may run; lines[i] is the file line of commands[i].
func lintCommands(file string, commands [][]string, lines []int, ps *problems) {
	for i, argv := range commands {
		if err := CheckCommand(argv, sampleNamespace); err != nil {
			ps.add(file, lines[i], "%s", err.Error())
		}
	}
}

// lintWrong checks a ```wrong block: a name, a criterion that must fail,
// and commands and a manifest a lesson may run.
func lintWrong(file string, w *WrongAttempt, m wrongMeta, ps *problems) {
	if w.Name == "" {
		ps.add(file, m.fence, msgWrongNoName)
	}
	if strings.TrimSpace(w.Fails) == "" {
		ps.add(file, m.fence, msgWrongNoFails)
	}
	for key, sol := range map[string]*Solution{"before": w.Before, "commands": w.Attempt, "fix": w.Fix} {
		if sol != nil && sol.Kind == SolutionCommands {
			lintCommands(file, sol.Commands, m.lines[key], ps)
		}
	}
	if w.Attempt != nil && w.Attempt.Kind == SolutionManifest {
		p := piece{text: w.Attempt.Text, first: w.Attempt.Line}
		for i := range strings.Count(w.Attempt.Text, "\n") + 1 {
			p.lines = append(p.lines, w.Attempt.Line+i)
		}
		addErrors(ps, file, p, w.Attempt.Line, checkManifest(w.Attempt.Text)...)
		addErrors(ps, file, p, w.Attempt.Line, CheckManifestScope(w.Attempt.Text, sampleNamespace)...)
	}
}

// lintOptions checks a ```step block.
func lintOptions(file string, o StepOptions, m *blockMeta, ps *problems) {
	line := m.p.at(valueNode(m.root, "settle"))
	switch {
	case o.Settle < 0:
		ps.add(file, line, msgSettleNegative)
	case o.Settle > MaxSettle:
		ps.add(file, line, msgSettleTooLong, formatDuration(MaxSettle), formatDuration(o.Settle))
	}
	lintRequires(file, o.Requires, m.p, m.root, ps)
}

// lintQuiz checks a ```quiz block.
func lintQuiz(file string, q *Quiz, m *blockMeta, ps *problems) {
	at := func(key string) int {
		if n := valueNode(m.root, key); n != nil {
			return m.p.at(n)
		}
		return m.fence
	}
	if q.Question == "" {
		ps.add(file, at("question"), msgQuizNoQuestion)
	}
	if _, long := longLanguage(q.Question); long {
		ps.add(file, at("question"), msgCodeLanguage, maxLanguageLen)
	}
	if q.Reflection {
		if len(q.Choices) > 0 || q.Answer != "" {
			ps.add(file, at("reflection"), msgQuizReflection)
		}
		return
	}
	if len(q.Choices) < 2 {
		ps.add(file, at("choices"), msgQuizFewChoices)
	}
	for i, c := range q.Choices {
		if slices.Index(q.Choices, c) < i {
			ps.add(file, m.p.at(itemNode(m.root, "choices", i)), msgQuizDuplicateChoice, c)
		}
	}
	switch {
	case q.Answer == "":
		ps.add(file, at("answer"), msgQuizNoAnswer)
	case !slices.Contains(q.Choices, q.Answer) && len(q.Choices) > 0:
		ps.add(file, at("answer"), msgQuizBadAnswer, q.Answer)
	}
}

// lintRequires checks that requires names known capabilities.
func lintRequires(file string, reqs []string, p piece, root *yaml.Node, ps *problems) {
	for i, r := range reqs {
		if !KnownCapability(r) {
			ps.add(file, p.at(itemNode(root, "requires", i)), msgUnknownCapability, r, strings.Join(KnownCapabilities(), ", "))
		}
	}
}

// lintCreates checks creates: every object has a kind the cleaner can
// resolve and a valid name, and nothing outside the learner's prefix.
func lintCreates(l *Lesson, ps *problems) {
	prefix := sampleNamespace + "-"
	for i, o := range l.Creates {
		line := l.meta.fm.at(itemNode(l.meta.fmRoot, "creates", i))
		known, clusterScoped := KnownKind(o.Kind)
		switch {
		case o.Kind == "":
			ps.add(l.File, line, msgCreatesNoKind)
		case !known && o.APIVersion == "":
			ps.add(l.File, line, msgCreatesNeedsVersion, o.Kind)
		}
		switch {
		case o.Name == "":
			ps.add(l.File, line, msgCreatesNoName)
		case len(validation.IsDNS1123Subdomain(o.Name)) > 0:
			ps.add(l.File, line, msgCreatesBadName, o.Name)
		case clusterScoped && !strings.HasPrefix(o.Name, prefix):
			ps.add(l.File, line, msgCreatesNoPrefix, o.Kind, o.Name)
		}
		if o.Namespace != "" && o.Namespace != sampleNamespace && !strings.HasPrefix(o.Namespace, prefix) {
			ps.add(l.File, line, msgCreatesNamespace, o.Namespace)
		}
	}
}

// validID reports whether id has only ASCII letters, digits and '-'.
func validID(id string) bool {
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return id != ""
}

// formatDuration writes whole minutes as "2m" rather than "2m0s".
func formatDuration(d time.Duration) string {
	if d != 0 && d%time.Minute == 0 && d < time.Hour {
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}
