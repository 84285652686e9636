package app

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/kubekurs/kubekurs/lessons"
)

// TestWrongEquivLessonBlocksEqualTheGoLists checks that the lessons'
// ```wrong blocks say exactly what the Go lists of typical mistakes
// (wrongAttempts) say: per step the same attempts in the same order, with
// the same criterion, hint and redo, and the same argv for every command
// and the same manifest text. It is temporary: it goes together with the
// Go lists once the blocks are run from the lessons.
func TestWrongEquivLessonBlocksEqualTheGoLists(t *testing.T) {
	const ns = "elev-test"
	course, err := lessons.Load(lessons.Embedded(), "lessons/course", lessons.Vars{Namespace: ns})
	if err != nil {
		t.Fatal(err)
	}
	steps := map[string][]*lessons.Step{}
	for _, l := range course.Lessons {
		steps[l.ID] = l.Steps
	}
	seen := map[string]int{} // "L01/4" → Go entries so far in that step
	for _, w := range wrongAttempts() {
		key := fmt.Sprintf("%s/%d", w.lesson, w.step)
		i := seen[key]
		seen[key]++
		t.Run(w.lesson+"/"+w.name, func(t *testing.T) {
			ls, ok := steps[w.lesson]
			if !ok || w.step < 1 || w.step > len(ls) {
				t.Fatalf("no step %s", key)
			}
			step := ls[w.step-1]
			if i >= len(step.Wrong) {
				t.Fatalf("step %s has %d wrong blocks, the Go list at least %d", key, len(step.Wrong), i+1)
			}
			got := step.Wrong[i]
			if got.Name != w.name {
				t.Fatalf("wrong block %d of step %s is %q, want %q (same order as the Go list)", i+1, key, got.Name, w.name)
			}
			if got.Fails != w.failing || got.Hint != w.hint || got.Redo != w.redo {
				t.Errorf("fails/hint/redo = %q/%q/%v, want %q/%q/%v", got.Fails, got.Hint, got.Redo, w.failing, w.hint, w.redo)
			}
			sameCommands(t, "before", got.Before, w.before, ns)
			sameCommands(t, "fix", got.Fix, w.fix, ns)
			if w.manifest != "" {
				sameManifest(t, got.Attempt, strings.ReplaceAll(w.manifest, "{{ns}}", ns))
			} else {
				sameCommands(t, "commands", got.Attempt, w.commands, ns)
			}
		})
	}
	for _, l := range course.Lessons {
		for j, s := range l.Steps {
			key := fmt.Sprintf("%s/%d", l.ID, j+1)
			if len(s.Wrong) != seen[key] {
				t.Errorf("step %s has %d wrong blocks, the Go list %d", key, len(s.Wrong), seen[key])
			}
			if strings.Contains(s.Body, "```wrong") || strings.Contains(s.Body, "\nfails: ") {
				t.Errorf("step %s shows a wrong block to the learner", key)
			}
		}
	}
}

// sameCommands checks that sol runs what commandLines makes of text.
func sameCommands(t *testing.T, what string, sol *lessons.Solution, text, ns string) {
	t.Helper()
	want := commandLines(text, ns)
	if len(want) == 0 {
		if sol != nil {
			t.Errorf("%s: %+v, want none", what, sol)
		}
		return
	}
	if sol == nil || sol.Kind != lessons.SolutionCommands {
		t.Fatalf("%s: %+v, want commands %q", what, sol, want[0].Commands)
	}
	if !reflect.DeepEqual(sol.Commands, want[0].Commands) {
		t.Errorf("%s argv\n got %q\nwant %q", what, sol.Commands, want[0].Commands)
	}
}

// sameManifest checks that sol is the manifest want, as text and as YAML
// documents.
func sameManifest(t *testing.T, sol *lessons.Solution, want string) {
	t.Helper()
	if sol == nil || sol.Kind != lessons.SolutionManifest {
		t.Fatalf("attempt: %+v, want a manifest", sol)
	}
	if sol.Text != want {
		t.Errorf("manifest text\n got %q\nwant %q", sol.Text, want)
	}
	if g, w := yamlDocs(t, sol.Text), yamlDocs(t, want); !reflect.DeepEqual(g, w) {
		t.Errorf("manifest documents\n got %v\nwant %v", g, w)
	}
}

// yamlDocs decodes every YAML document of text.
func yamlDocs(t *testing.T, text string) []any {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(text))
	var docs []any
	for {
		var d any
		if err := dec.Decode(&d); err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatalf("decode manifest: %v", err)
			}
			return docs
		}
		docs = append(docs, d)
	}
}
