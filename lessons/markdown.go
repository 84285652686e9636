package lessons

import (
	"bytes"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Info-string words of the hidden blocks.
const (
	blockCheck    = "check"
	blockHint     = "hint"
	blockSolution = "solution"
	blockStep     = "step"
	blockQuiz     = "quiz"
	blockWrong    = "wrong"
)

// isHidden reports whether word opens a hidden block.
func isHidden(word string) bool {
	switch word {
	case blockCheck, blockHint, blockSolution, blockStep, blockQuiz, blockWrong:
		return true
	}
	return false
}

// mdBody is the structure goldmark finds in a lesson's body: its lines, the
// top-level H2 headings that start steps, the H1 headings, and the hidden
// blocks. Line indexes count from 0 at the body's first line.
type mdBody struct {
	src    []byte
	starts []int // byte offset of each line's start
	first  int   // file line of line index 0
	heads  []mdHeading
	h1s    []int // file lines of H1 headings
	blocks []mdBlock
	// longLangs are the file lines of code blocks whose language name is
	// too long for Glamour (see maxLanguageLen).
	longLangs []int
	byLine    map[int]int // line index of an opening fence → index in blocks
}

// mdHeading is a top-level H2 heading.
type mdHeading struct {
	start, end int // line indexes: the heading's first line, and the line after it
	title      string
}

// mdBlock is a hidden fenced block.
type mdBlock struct {
	word, arg  string // the info string's first word and the rest
	start, end int    // line indexes: the opening fence, and the line after the closing one
	content    piece  // the block's text, without any list or quote prefix
}

// markdownParser matches what Glamour parses (GitHub-flavoured Markdown).
func markdownParser() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM))
}

// parseBody parses a lesson's body; first is the file line of its first line.
func parseBody(src []byte, first int) *mdBody {
	b := &mdBody{src: src, first: first, starts: []int{0}, byLine: map[int]int{}}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			b.starts = append(b.starts, i+1)
		}
	}
	doc := markdownParser().Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			b.heading(n)
		case *ast.FencedCodeBlock:
			b.fenced(n)
		}
		return ast.WalkContinue, nil
	})
	return b
}

// lineOf returns the line index of a byte offset.
func (b *mdBody) lineOf(off int) int {
	return sort.Search(len(b.starts), func(i int) bool { return b.starts[i] > off }) - 1
}

// line returns the text of line i without its newline.
func (b *mdBody) line(i int) string {
	end := len(b.src)
	if i+1 < len(b.starts) {
		end = b.starts[i+1]
	}
	return strings.TrimSuffix(string(b.src[b.starts[i]:end]), "\n")
}

// fileLine maps a line index to a line in the file.
func (b *mdBody) fileLine(i int) int { return b.first + i }

func (b *mdBody) heading(n *ast.Heading) {
	pos := n.Pos()
	if pos < 0 && n.Lines().Len() > 0 {
		pos = n.Lines().At(0).Start
	}
	if pos < 0 || pos >= len(b.src) {
		return
	}
	start := b.lineOf(pos)
	if n.Level == 1 {
		b.h1s = append(b.h1s, b.fileLine(start))
	}
	if n.Level != 2 || n.Parent() == nil || n.Parent().Kind() != ast.KindDocument {
		return
	}
	var parts []string
	last := start
	for i := range n.Lines().Len() {
		seg := n.Lines().At(i)
		parts = append(parts, strings.TrimSpace(string(seg.Value(b.src))))
		last = b.lineOf(seg.Start)
	}
	end := last + 1
	if b.src[pos] != '#' { // a setext heading: its underline follows the text
		end++
	}
	b.heads = append(b.heads, mdHeading{start: start, end: min(end, len(b.starts)), title: strings.Join(parts, " ")})
}

func (b *mdBody) fenced(n *ast.FencedCodeBlock) {
	if n.Info == nil {
		return
	}
	info := strings.TrimSpace(string(n.Info.Segment.Value(b.src)))
	word, arg, _ := strings.Cut(info, " ")
	fence := b.lineOf(n.Info.Segment.Start)
	if !isHidden(word) {
		if len(n.Language(b.src)) > maxLanguageLen {
			b.longLangs = append(b.longLangs, b.fileLine(fence))
		}
		return
	}
	blk := mdBlock{word: word, arg: strings.TrimSpace(arg), start: fence}
	blk.content.first = b.fileLine(fence + 1)
	var sb strings.Builder
	last := fence
	for i := range n.Lines().Len() {
		seg := n.Lines().At(i)
		v := seg.Value(b.src)
		sb.Write(v)
		if !bytes.HasSuffix(v, []byte("\n")) {
			sb.WriteByte('\n')
		}
		last = b.lineOf(seg.Start)
		blk.content.lines = append(blk.content.lines, b.fileLine(last))
	}
	blk.content.text = sb.String()
	blk.end = last + 1
	if blk.end < len(b.starts) && b.closesFence(blk.end, n.Info.Segment.Start) {
		blk.end++
	}
	b.byLine[fence] = len(b.blocks)
	b.blocks = append(b.blocks, blk)
}

// closesFence reports whether line i is the closing fence of the block
// whose info string starts at byte infoStart.
func (b *mdBody) closesFence(i, infoStart int) bool {
	// The opening fence is the run of ` or ~ just before the info string.
	j := infoStart
	for j > 0 && (b.src[j-1] == ' ' || b.src[j-1] == '\t') {
		j--
	}
	if j == 0 {
		return false
	}
	char, n := b.src[j-1], 0
	for j > 0 && b.src[j-1] == char {
		j--
		n++
	}
	// The closing fence: any list indentation or quote markers, then at
	// least as many fence characters, then nothing.
	l := strings.TrimLeft(b.line(i), " \t>")
	run := len(l) - len(strings.TrimLeft(l, string(char)))
	return run >= n && strings.TrimSpace(l[run:]) == ""
}

// collect returns lines [from, to) as a piece, leaving out the hidden
// blocks, a blank line doubled by leaving one out, and blank lines at the
// ends.
func (b *mdBody) collect(from, to int) piece {
	p := piece{first: b.fileLine(from)}
	var kept []int
	skipped := false
	for i := from; i < to; i++ {
		if blk := b.blockAt(i); blk != nil {
			i = blk.end - 1
			skipped = true
			continue
		}
		if b.blank(i) && (len(kept) == 0 || skipped && b.blank(kept[len(kept)-1])) {
			continue
		}
		kept = append(kept, i)
		skipped = false
	}
	for len(kept) > 0 && b.blank(kept[len(kept)-1]) {
		kept = kept[:len(kept)-1]
	}
	var sb strings.Builder
	for _, i := range kept {
		sb.WriteString(b.line(i))
		sb.WriteByte('\n')
		p.lines = append(p.lines, b.fileLine(i))
	}
	p.text = sb.String()
	return p
}

// blank reports whether line i is blank, or an empty line of a blockquote.
func (b *mdBody) blank(i int) bool {
	return strings.Trim(b.line(i), " \t>") == ""
}

// blockAt returns the hidden block that starts at line i, or nil.
func (b *mdBody) blockAt(i int) *mdBlock {
	if k, ok := b.byLine[i]; ok {
		return &b.blocks[k]
	}
	return nil
}
