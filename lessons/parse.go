package lessons

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// maxLessonSize bounds a lesson file; real lessons are a few kB.
const maxLessonSize = 1 << 20

// lessonMeta remembers where things are in a lesson file, for the
// validator's messages.
type lessonMeta struct {
	fm        piece      // the front matter
	fmRoot    *yaml.Node // its mapping, or nil
	h1s       []int      // lines of H1 headings
	longLangs []int      // lines of code blocks with too long a language name
	introLine int        // first line of the introduction
}

// stepMeta remembers where a step's blocks are, in the order of the Step's
// Checks, Hints and Solutions.
type stepMeta struct {
	checks, hints, solutions []blockMeta
	wrong                    []wrongMeta
	commandLines             [][]int // per solution: the file line of each command
	options, quiz            *blockMeta
}

// blockMeta is one hidden block: its fence line, its rendered text with the
// file lines it came from, and its YAML mapping if it has one.
type blockMeta struct {
	fence  int
	p      piece
	root   *yaml.Node
	broken bool // a problem was reported already; look no further
}

// parseLesson parses one lesson file. Problems that make the lesson
// unusable are added to ps; the lesson is returned for the validator even
// then.
func parseLesson(file string, src []byte, vars Vars, ps *problems) *Lesson {
	l := &Lesson{File: file}
	if len(src) > maxLessonSize {
		ps.add(file, 0, msgFileTooLarge, maxLessonSize/1024)
		return l
	}
	text := strings.TrimPrefix(string(src), "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")

	body, bodyLine := parseFrontMatter(l, text, vars, ps)
	md := parseBody([]byte(body), bodyLine)
	l.meta.h1s = md.h1s
	l.meta.longLangs = md.longLangs

	introEnd := len(md.starts)
	if len(md.heads) > 0 {
		introEnd = md.heads[0].start
	}
	intro := md.collect(0, introEnd)
	l.meta.introLine = intro.fileLine(1)
	l.Intro = render(file, intro, vars, ps)

	blocks := md.blocks
	for len(blocks) > 0 && blocks[0].start < introEnd {
		ps.add(file, md.fileLine(blocks[0].start), msgBlockBeforeStep, blocks[0].word)
		blocks = blocks[1:]
	}
	for i, h := range md.heads {
		next := len(md.starts)
		if i+1 < len(md.heads) {
			next = md.heads[i+1].start
		}
		line := md.fileLine(h.start)
		s := &Step{Line: line, Options: StepOptions{Settle: DefaultSettle}}
		s.Title = strings.TrimSpace(render(file, piece{text: h.title, lines: []int{line}, first: line}, vars, ps))
		s.Body = render(file, md.collect(h.end, next), vars, ps)
		for len(blocks) > 0 && blocks[0].start < next {
			addBlock(file, s, blocks[0], md.fileLine(blocks[0].start), vars, ps)
			blocks = blocks[1:]
		}
		l.Steps = append(l.Steps, s)
	}
	return l
}

// parseFrontMatter decodes the front matter at the top of text into l and
// returns the body after it, with the body's first line. Its templates are
// rendered first, so that creates can name {{.Namespace}}'s objects.
func parseFrontMatter(l *Lesson, text string, vars Vars, ps *problems) (string, int) {
	lines := strings.SplitAfter(text, "\n")
	if strings.TrimRight(lines[0], " \t\n") != "---" {
		ps.add(l.File, 1, msgNoFrontMatter)
		return text, 1
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t\n") == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		ps.add(l.File, 1, msgOpenFrontMatter)
		return "", len(lines) + 1
	}
	fm := piece{text: strings.Join(lines[1:end], ""), first: 1}
	for i := 1; i < end; i++ {
		fm.lines = append(fm.lines, i+1)
	}
	fm.text = render(l.File, fm, vars, ps)
	l.meta.fm = fm
	doc, err := parseYAML(fm.text)
	if err != nil {
		addErrors(ps, l.File, fm, 1, err)
	} else {
		var errs []error
		l.meta.fmRoot, errs = decodeMapping(doc, l, inFrontMatter)
		addErrors(ps, l.File, fm, 1, errs...)
		l.Creates = decodeObjects(l.File, fm, valueNode(l.meta.fmRoot, "creates"), ps)
		if isMapping := l.meta.fmRoot != nil || doc == nil; isMapping {
			if l.ID == "" {
				ps.add(l.File, 1, msgNoID)
			}
			if l.Title == "" {
				ps.add(l.File, 1, msgNoTitle)
			}
		}
	}
	return strings.Join(lines[end+1:], ""), end + 2
}

// addBlock adds a hidden block to step s.
func addBlock(file string, s *Step, b mdBlock, fence int, vars Vars, ps *problems) {
	m := blockMeta{fence: fence, p: b.content}
	if out, err := renderTemplate(b.content.text, vars); err != nil {
		addErrors(ps, file, b.content, fence, err)
		m.broken = true
	} else {
		m.p.text = out
	}
	switch b.word {
	case blockCheck:
		c := CheckBlock{Source: m.p.text, Line: m.p.fileLine(1)}
		if !m.broken {
			var err error
			if c.Node, err = parseYAML(m.p.text); err != nil {
				addErrors(ps, file, m.p, fence, err)
				m.broken = true
			}
		}
		s.Checks = append(s.Checks, c)
		s.meta.checks = append(s.meta.checks, m)
	case blockHint:
		s.Hints = append(s.Hints, strings.Trim(m.p.text, "\n"))
		s.meta.hints = append(s.meta.hints, m)
	case blockSolution:
		kind, ok := solutionKind(b.arg)
		if !ok {
			ps.add(file, fence, msgUnknownSolutionKind, b.arg)
			return
		}
		sol := Solution{Kind: kind, Text: m.p.text, Line: m.p.fileLine(1)}
		var lines []int
		if kind == SolutionCommands && !m.broken {
			cmds, err := splitCommands(m.p.text)
			if err != nil {
				addErrors(ps, file, m.p, fence, err)
				m.broken = true
			}
			for _, c := range cmds {
				sol.Commands = append(sol.Commands, c.argv)
				lines = append(lines, m.p.fileLine(c.line))
			}
		}
		s.Solutions = append(s.Solutions, sol)
		s.meta.solutions = append(s.meta.solutions, m)
		s.meta.commandLines = append(s.meta.commandLines, lines)
	case blockWrong:
		addWrong(file, s, m, ps)
	case blockStep:
		if s.meta.options != nil {
			ps.add(file, fence, msgTwoBlocks, stepName(s), blockStep)
			return
		}
		s.meta.options = &m
		var opts StepOptions
		m.root = decodeBlock(file, &m, &opts, inStepBlock, ps)
		if keyNode(m.root, "settle") == nil {
			opts.Settle = DefaultSettle
		}
		s.Options = opts
	case blockQuiz:
		if s.meta.quiz != nil {
			ps.add(file, fence, msgTwoBlocks, stepName(s), blockQuiz)
			return
		}
		s.meta.quiz = &m
		s.Quiz = &Quiz{}
		m.root = decodeBlock(file, &m, s.Quiz, inQuizBlock, ps)
	}
}

// decodeBlock decodes a step or quiz block strictly into v and returns its
// mapping node.
func decodeBlock(file string, m *blockMeta, v any, where string, ps *problems) *yaml.Node {
	if m.broken {
		return nil
	}
	doc, err := parseYAML(m.p.text)
	if err != nil {
		addErrors(ps, file, m.p, m.fence, err)
		m.broken = true
		return nil
	}
	root, errs := decodeMapping(doc, v, where)
	if len(errs) > 0 {
		addErrors(ps, file, m.p, m.fence, errs...)
		m.broken = true
	}
	return root
}

// render renders a piece's templates, adding a problem on error; it then
// returns the piece's text as it is.
func render(file string, p piece, vars Vars, ps *problems) string {
	out, err := renderTemplate(p.text, vars)
	if err != nil {
		addErrors(ps, file, p, p.first, err)
		return p.text
	}
	return out
}

// addErrors adds each error (and each error joined in it) as a problem at
// its line in p, or at fallback if it has none.
func addErrors(ps *problems, file string, p piece, fallback int, errs ...error) {
	for _, err := range errs {
		for _, leaf := range errorLeaves(err) {
			line := fallback
			if l := errorLine(leaf); l > 0 {
				line = p.fileLine(l)
			}
			ps.add(file, line, "%s", leaf.Error())
		}
	}
}

// stepName names a step in messages.
func stepName(s *Step) string {
	if s.Title == "" {
		return msgUntitledStep
	}
	return s.Title
}

// decodeObjects decodes front matter's creates strictly: each item a
// mapping with only Object's keys.
func decodeObjects(file string, fm piece, seq *yaml.Node, ps *problems) []Object {
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return nil
	}
	objects := make([]Object, 0, len(seq.Content))
	for _, item := range seq.Content {
		var o Object
		_, errs := decodeMapping(item, &o, inCreates)
		addErrors(ps, file, fm, 1, errs...)
		objects = append(objects, o)
	}
	return objects
}
