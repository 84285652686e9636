package app

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"text/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"gopkg.in/yaml.v3"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/lessons"
)

// guideExamplePack is the pack lessons/VEILEDNING.md walks through.
const guideExamplePack = "../../../lessons/testdata/eksempelpakke"

// guideCheck is a check example of the guide: a ```yaml block whose first
// line starts a check (`- type:`), or a ```check block in a quoted lesson
// (````markdown).
type guideCheck struct {
	source string
	line   int // of the block's fence in VEILEDNING.md
}

// guideChecks returns the guide's check examples.
func guideChecks(t *testing.T) []guideCheck {
	t.Helper()
	var out []guideCheck
	var walk func(md string, offset int)
	walk = func(md string, offset int) {
		src := []byte(md)
		doc := goldmark.New().Parser().Parse(text.NewReader(src))
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			c, ok := n.(*ast.FencedCodeBlock)
			if !ok || c.Info == nil {
				continue
			}
			var b strings.Builder
			for i := 0; i < c.Lines().Len(); i++ {
				seg := c.Lines().At(i)
				b.Write(seg.Value(src))
			}
			info := string(c.Info.Segment.Value(src))
			line := offset + strings.Count(md[:c.Info.Segment.Start], "\n")
			switch {
			case info == "markdown":
				walk(b.String(), line+1)
			case info == "check" || (info == "yaml" && strings.HasPrefix(b.String(), "- type:")):
				out = append(out, guideCheck{source: b.String(), line: line + 1})
			}
		}
	}
	walk(lessons.Guide(), 0)
	return out
}

// TestGuideCheckExamplesCompile: every check example in the guide
// compiles with the real check registry (templates rendered as for a
// learner), and together they show every check type.
func TestGuideCheckExamplesCompile(t *testing.T) {
	registry := checks.NewRegistry()
	shown := map[string]bool{}
	examples := guideChecks(t)
	for _, ex := range examples {
		tmpl, err := template.New("check").Option("missingkey=error").Parse(ex.source)
		if err != nil {
			t.Errorf("VEILEDNING.md:%d: template: %v", ex.line, err)
			continue
		}
		var rendered bytes.Buffer
		if err := tmpl.Execute(&rendered, lessons.Vars{Namespace: "elev-kari"}); err != nil {
			t.Errorf("VEILEDNING.md:%d: template: %v", ex.line, err)
			continue
		}
		var node yaml.Node
		if err := yaml.Unmarshal(rendered.Bytes(), &node); err != nil {
			t.Errorf("VEILEDNING.md:%d: YAML: %v", ex.line, err)
			continue
		}
		if _, err := registry.CompileList(&node); err != nil {
			t.Errorf("VEILEDNING.md:%d: the check example does not compile: %v\n%s", ex.line, err, ex.source)
		}
		var items []struct {
			Type string `yaml:"type"`
		}
		if err := node.Decode(&items); err == nil {
			for _, it := range items {
				shown[it.Type] = true
			}
		}
	}
	if len(examples) == 0 {
		t.Fatal("found no check examples in VEILEDNING.md")
	}
	for _, typ := range registry.Types() {
		if !shown[typ.Name] {
			t.Errorf("VEILEDNING.md has no example of the check type %s", typ.Name)
		}
	}
}

// TestGuideExamplePackValidates: the example pack the guide quotes passes
// `kubekurs lessons validate`, with the real check registry.
func TestGuideExamplePackValidates(t *testing.T) {
	var out, errOut bytes.Buffer
	streams := Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	if err := validatePack(streams, os.DirFS(guideExamplePack), "lessons/testdata/eksempelpakke"); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
}

// TestLessonsGuidePrintsMarkdown: off a terminal, `kubekurs lessons guide`
// prints the guide's Markdown as it is.
func TestLessonsGuidePrintsMarkdown(t *testing.T) {
	code, out, errOut := run(t, noEnv(), "lessons", "guide")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out != lessons.Guide() {
		t.Errorf("printed %d bytes, not the guide's %d", len(out), len(lessons.Guide()))
	}
	for _, heading := range []string{"# Skriv din egen leksjonspakke\n", "\n## Sjekktypene\n", "\n## Prøv pakken: `kubekurs lessons test`\n"} {
		if !strings.Contains(out, heading) {
			t.Errorf("the guide lacks the heading %q", strings.TrimSpace(heading))
		}
	}
	if code, _, errOut := run(t, noEnv(), "lessons", "guide", "mer"); code != exitUsage || !strings.Contains(errOut, "tar ingen argumenter") {
		t.Errorf("an argument: exit %d, %q", code, errOut)
	}
}

// TestLessonsHelpNamesGuide: `kubekurs lessons --help` says where the
// guide is.
func TestLessonsHelpNamesGuide(t *testing.T) {
	code, out, errOut := run(t, noEnv(), "lessons", "--help")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "Veiledning for lærere: kubekurs lessons guide (eller lessons/VEILEDNING.md i kildekoden)") {
		t.Errorf("the help does not name the guide:\n%s", out)
	}
	if !strings.Contains(out, "guide ") {
		t.Errorf("the help does not list the guide command:\n%s", out)
	}
}
