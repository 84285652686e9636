package lessons

import (
	"fmt"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// maxLanguageLen bounds the language name of a code block (```yaml).
// Glamour's highlighter matches the name against every lexer's file
// patterns in time quadratic in its length, so a long name makes rendering
// hang; no real language name comes near this.
const maxLanguageLen = 32

// RenderMarkdown renders lesson Markdown for a dark terminal, word-wrapped
// at width columns.
func RenderMarkdown(md string, width int) (string, error) {
	if _, long := longLanguage(md); long {
		return "", fmt.Errorf(msgCodeLanguage, maxLanguageLen)
	}
	r, err := newRenderer(width)
	if err != nil {
		return "", err
	}
	return r.Render(md)
}

// newRenderer returns a Glamour renderer for lesson text.
func newRenderer(width int) (*glamour.TermRenderer, error) {
	r, err := glamour.NewTermRenderer(
		glamour.WithStandardStyle(styles.DarkStyle),
		glamour.WithWordWrap(width),
	)
	if err != nil {
		return nil, fmt.Errorf("create markdown renderer: %w", err)
	}
	return r, nil
}

// longLanguage reports whether md has a code block whose language name is
// longer than maxLanguageLen, and the (1-based) line of its fence.
func longLanguage(md string) (int, bool) {
	src := []byte(md)
	doc := markdownParser().Parser().Parse(text.NewReader(src))
	line, long := 0, false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*ast.FencedCodeBlock); ok && entering && len(c.Language(src)) > maxLanguageLen {
			line, long = 1+countLines(src[:c.Info.Segment.Start]), true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return line, long
}

// countLines counts the newlines in b.
func countLines(b []byte) int {
	n := 0
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n
}

// lintRendering checks that Glamour renders the lesson's introduction, each
// step with its hints and its quiz question. Text with too long a language
// name was reported already and is not rendered.
func lintRendering(l *Lesson, r *glamour.TermRenderer, ps *problems) {
	try := func(line int, md string) {
		if _, long := longLanguage(md); long {
			return
		}
		if _, err := r.Render(md); err != nil {
			ps.add(l.File, line, msgRender, err)
		}
	}
	try(l.meta.introLine, l.Intro)
	for _, s := range l.Steps {
		try(s.Line, "## "+s.Title+"\n\n"+s.Body)
		for i, h := range s.Hints {
			try(s.meta.hints[i].fence, h)
		}
		if s.Quiz != nil && s.meta.quiz != nil {
			try(s.meta.quiz.fence, s.Quiz.Question)
		}
	}
}
