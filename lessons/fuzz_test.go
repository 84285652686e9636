package lessons

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzParseLesson feeds arbitrary bytes to Load and Validate as a lesson
// file: they must not panic, and every problem must point into the file.
func FuzzParseLesson(f *testing.F) {
	for _, dir := range []string{"testdata/good", "testdata/broken"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(header + "## S\n\n" + okStep))
	f.Add([]byte("---\nid: L\ntitle: T\ncreates:\n  - {kind: Namespace, name: \"{{.Namespace}}-x\"}\n  - {kind: Pod, navn: p}\n  - x\n---\n## S\n\n" + okStep))
	f.Add([]byte("---\n---\n## \n```quiz\n```\n```step\n```\n> ```hint\n> {{.Namespace}}\n"))
	f.Add([]byte("\uFEFF---\r\nid: x\r\n---\r\n## a\r\n- ```solution yaml\r\n  a: [\r\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"course.yaml": {Data: []byte("title: T\nlessons: [L.md]\n")},
			"L.md":        {Data: data},
		}
		text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
		lines := strings.Count(text, "\n") + 1
		check := func(err error) {
			if err == nil {
				return
			}
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("error %v is no *ValidationError", err)
			}
			for _, p := range verr.Problems {
				if p.File == "k/L.md" && (p.Line < 0 || p.Line > lines) {
					t.Errorf("problem %q is outside the file's %d lines", p, lines)
				}
			}
		}
		c, err := Load(fsys, "k", Vars{Namespace: "default"})
		check(err)
		if err == nil && len(c.Lessons) != 1 {
			t.Fatalf("Load returned %d lessons, want 1", len(c.Lessons))
		}
		check(Validate(fsys, "k", testCompile))
	})
}
