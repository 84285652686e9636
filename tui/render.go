package tui

import (
	"fmt"
	"strings"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"github.com/kubekurs/kubekurs/lessons"
)

// noColorStyle names the Glamour style used without colors: Glamour's
// ASCII style with bold and italic (which are not colors) instead of the
// ** and * markers.
const noColorStyle = "kubekurs-nocolor"

// glamourStyle returns the option that selects a Glamour style by name.
func glamourStyle(name string) glamour.TermRendererOption {
	if name != noColorStyle {
		return glamour.WithStandardStyle(name)
	}
	c := styles.ASCIIStyleConfig // a copy; the fields set below are fresh
	on := true
	c.Strong = ansi.StylePrimitive{Bold: &on}
	c.Emph = ansi.StylePrimitive{Italic: &on}
	for _, h := range []*ansi.StyleBlock{&c.H1, &c.H2, &c.H3, &c.H4, &c.H5, &c.H6} {
		h.Bold = &on
	}
	return glamour.WithStyles(c)
}

// maxLanguageLen bounds a code block's language name before it reaches
// Glamour, whose highlighter is quadratic in its length (lessons.Validate
// reports longer names; a course loaded without validation must still not
// hang the TUI).
const maxLanguageLen = 32

// stepRef names a step by its indexes in the course.
type stepRef struct{ lesson, step int }

// docKey identifies one rendering of a step: what is shown, how wide and
// in which Glamour style.
type docKey struct {
	ref      stepRef
	hints    int
	solution bool
	width    int
	style    string
}

// stepMarkdown is the Markdown shown for a step: the lesson's introduction
// before the first step, the step's heading and body, and the hints and
// solution the learner has opened.
func stepMarkdown(l *lessons.Lesson, step, hints int, solution bool) string {
	s := l.Steps[step]
	var b strings.Builder
	if step == 0 && strings.TrimSpace(l.Intro) != "" {
		b.WriteString(strings.TrimSpace(l.Intro))
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, "## "+fmtStepTitle+"\n\n", step+1, s.Title)
	b.WriteString(strings.TrimSpace(s.Body))
	b.WriteString("\n")
	for i := 0; i < hints && i < len(s.Hints); i++ {
		fmt.Fprintf(&b, "\n### "+fmtHintHeading+"\n\n%s\n", i+1, len(s.Hints), strings.TrimSpace(s.Hints[i]))
	}
	if solution && len(s.Solutions) > 0 {
		fmt.Fprintf(&b, "\n### %s\n", solutionHeading)
		for _, sol := range s.Solutions {
			lang := "sh"
			if sol.Kind == lessons.SolutionManifest {
				lang = "yaml"
			}
			fmt.Fprintf(&b, "\n```%s\n%s\n```\n", lang, strings.TrimRight(sol.Text, "\n"))
		}
	}
	return b.String()
}

// renderMarkdown renders Markdown with a Glamour standard style, wrapped
// at width columns, without the blank lines Glamour puts around it.
func renderMarkdown(md, style string, width int) (string, error) {
	r, err := glamour.NewTermRenderer(
		glamourStyle(style),
		glamour.WithWordWrap(width),
	)
	if err != nil {
		return "", fmt.Errorf("create markdown renderer: %w", err)
	}
	out, err := r.Render(shortenLanguages(md))
	if err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return strings.Trim(out, "\n"), nil
}

// shortenLanguages drops code-block language names longer than
// maxLanguageLen.
func shortenLanguages(md string) string {
	lines := strings.Split(md, "\n")
	fence := ""
	for i, line := range lines {
		trimmed := strings.TrimLeft(line, " ")
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) && strings.TrimSpace(strings.TrimLeft(trimmed, fence[:1])) == "" {
				fence = ""
			}
			continue
		}
		f := fenceOf(trimmed)
		if f == "" {
			continue
		}
		fence = f
		if lang := strings.Fields(trimmed[len(f):]); len(lang) > 0 && len(lang[0]) > maxLanguageLen {
			lines[i] = line[:len(line)-len(trimmed)] + f
		}
	}
	return strings.Join(lines, "\n")
}

// fenceOf returns the fence (``` or ~~~, or longer) a line opens with, or "".
func fenceOf(line string) string {
	for _, c := range []string{"`", "~"} {
		n := len(line) - len(strings.TrimLeft(line, c))
		if n >= 3 {
			return line[:n]
		}
	}
	return ""
}

// firstCodeBlock returns the content of the first fenced code block in md.
func firstCodeBlock(md string) (string, bool) {
	var (
		fence string
		body  []string
	)
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if fence == "" {
			fence = fenceOf(trimmed)
			continue
		}
		if strings.HasPrefix(trimmed, fence) && strings.TrimSpace(strings.TrimLeft(trimmed, fence[:1])) == "" {
			return strings.Join(body, "\n"), true
		}
		body = append(body, line)
	}
	return "", false
}

// solutionText is what the copy key copies once the solution is shown.
func solutionText(s *lessons.Step) string {
	var b strings.Builder
	for i, sol := range s.Solutions {
		if i > 0 {
			b.WriteString("\n")
			if sol.Kind == lessons.SolutionManifest && s.Solutions[i-1].Kind == lessons.SolutionManifest {
				b.WriteString("---\n")
			}
		}
		b.WriteString(strings.TrimRight(sol.Text, "\n"))
	}
	return b.String()
}
