package lessons_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/kubekurs/kubekurs/lessons"
)

// examplePack is the pack VEILEDNING.md walks through.
const examplePack = "testdata/eksempelpakke"

// fencedBlock is a fenced code block of a Markdown text.
type fencedBlock struct {
	info, content string
	line          int
}

// fencedBlocks returns the top-level fenced code blocks of md, as a
// CommonMark reader sees them: a block quoted inside a ````markdown
// fence is part of that fence's content.
func fencedBlocks(md string) []fencedBlock {
	src := []byte(md)
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var blocks []fencedBlock
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		c, ok := n.(*ast.FencedCodeBlock)
		if !ok {
			continue
		}
		var b strings.Builder
		lines := c.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		info, line := "", 0
		if c.Info != nil {
			info = string(c.Info.Segment.Value(src))
			line = 1 + strings.Count(md[:c.Info.Segment.Start], "\n")
		}
		blocks = append(blocks, fencedBlock{info: info, content: b.String(), line: line})
	}
	return blocks
}

// TestGuideQuotesTheExamplePack keeps the guide's excerpts (its
// ````markdown blocks) word for word in the example pack, so the guide
// never quotes a lesson that does not pass `lessons test`.
func TestGuideQuotesTheExamplePack(t *testing.T) {
	var pack []string
	for _, name := range []string{"course.yaml", "E01-nettbutikken.md", "E02-passordet.md"} {
		b, err := os.ReadFile(filepath.Join(examplePack, name))
		if err != nil {
			t.Fatal(err)
		}
		pack = append(pack, string(b))
	}
	quotes := 0
	for _, b := range fencedBlocks(lessons.Guide()) {
		if b.info != "markdown" && !strings.HasPrefix(b.content, "# Eksempelpakken") {
			continue
		}
		quotes++
		found := false
		for _, f := range pack {
			found = found || strings.Contains(f, b.content)
		}
		if !found {
			t.Errorf("VEILEDNING.md:%d: the excerpt is not in %s:\n%s", b.line, examplePack, b.content)
		}
	}
	if quotes < 5 {
		t.Errorf("the guide quotes the example pack %d times; want the course.yaml, a front matter and a whole step at least", quotes)
	}
}

// TestExamplePackIsComplete keeps the example pack a model: every step
// has checks, a hint, a solution and at least one wrong attempt, and the
// guide names every lesson file of it.
func TestExamplePackIsComplete(t *testing.T) {
	c, err := lessons.Load(os.DirFS(examplePack), examplePack, lessons.Vars{Namespace: "elev-kari"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Lessons) == 0 {
		t.Fatal("the example pack has no lessons")
	}
	for _, l := range c.Lessons {
		if !strings.Contains(lessons.Guide(), filepath.Base(l.File)) {
			t.Errorf("the guide does not name %s", l.File)
		}
		for i, s := range l.Steps {
			if len(s.Checks) == 0 || len(s.Hints) == 0 || len(s.Solutions) == 0 || len(s.Wrong) == 0 {
				t.Errorf("%s step %d: %d check blocks, %d hints, %d solutions, %d wrong attempts; want at least one of each",
					l.File, i+1, len(s.Checks), len(s.Hints), len(s.Solutions), len(s.Wrong))
			}
		}
	}
}

// TestGuideIsTheFile: Guide returns VEILEDNING.md as it is.
func TestGuideIsTheFile(t *testing.T) {
	b, err := os.ReadFile("VEILEDNING.md")
	if err != nil {
		t.Fatal(err)
	}
	if lessons.Guide() != string(b) {
		t.Error("Guide() differs from VEILEDNING.md")
	}
}
