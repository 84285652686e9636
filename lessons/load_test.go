package lessons_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kubekurs/kubekurs/lessons"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (run go test -update if the change is right)\n--- got ---\n%s\n--- want ---\n%s", file, got, want)
	}
}

// courseView is what the golden file shows of a loaded course.
type courseView struct {
	Title, Dir string
	Lessons    []lessonView
}

type lessonView struct {
	ID, Title, Description, File, Intro string
	Minutes                             int
	Requires                            []string
	Steps                               []stepView
}

type stepView struct {
	Title     string
	Line      int
	Body      string
	Checks    []checkView
	Hints     []string
	Solutions []solutionView
	Settle    string
	Observe   bool
	Requires  []string
	Quiz      *lessons.Quiz
}

type checkView struct {
	Line   int
	Source string
	Items  int
}

type solutionView struct {
	Kind     string
	Line     int
	Text     string
	Commands [][]string
}

func view(c *lessons.Course) courseView {
	v := courseView{Title: c.Title, Dir: c.Dir}
	for _, l := range c.Lessons {
		lv := lessonView{ID: l.ID, Title: l.Title, Description: l.Description, File: l.File,
			Intro: l.Intro, Minutes: l.Minutes, Requires: l.Requires}
		for _, s := range l.Steps {
			sv := stepView{Title: s.Title, Line: s.Line, Body: s.Body, Hints: s.Hints,
				Settle: s.Options.Settle.String(), Observe: s.Options.ObserveOnly,
				Requires: s.Options.Requires, Quiz: s.Quiz}
			for _, c := range s.Checks {
				sv.Checks = append(sv.Checks, checkView{Line: c.Line, Source: c.Source, Items: len(c.Node.Content[0].Content)})
			}
			for _, sol := range s.Solutions {
				sv.Solutions = append(sv.Solutions, solutionView{Kind: sol.Kind.String(), Line: sol.Line, Text: sol.Text, Commands: sol.Commands})
			}
			lv.Steps = append(lv.Steps, sv)
		}
		v.Lessons = append(v.Lessons, lv)
	}
	return v
}

func TestLoadGood(t *testing.T) {
	c, err := lessons.Load(os.DirFS("testdata/good"), "testdata/good", lessons.Vars{Namespace: "elev-kari"})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	got, err := json.MarshalIndent(view(c), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "good.golden", append(got, '\n'))

	// The parts that matter most, spelled out.
	l1, l2 := c.Lessons[0], c.Lessons[1]
	tests := []struct {
		name      string
		got, want any
	}{
		{"lessons", len(c.Lessons), 2},
		{"steps in L01", len(l1.Steps), 2},
		{"steps in L02", len(l2.Steps), 2},
		{"intro renders the namespace", strings.SplitN(l1.Intro, "\n", 2)[0], "Velkommen! Du jobber i Namespacet `elev-kari`."},
		{"hints in order", l1.Steps[0].Hints, []string{"Bruk `kubectl run`.", "Skriv `kubectl run web --image=nginx:1.27`."}},
		{"hint in a blockquote", l1.Steps[1].Hints, []string{"Poder hører til kjernegruppen."}},
		{"commands", l1.Steps[0].Solutions[0].Commands, [][]string{
			{"kubectl", "run", "web", "--image=nginx:1.27", "--labels=app=web,miljo=dev", "-n", "elev-kari"},
			{"kubectl", "annotate", "pod", "web", "kubekurs.no/eier=Kari Nordmann"},
		}},
		{"check rendered", l1.Steps[0].Checks[0].Source, "- type: podReady\n  name: web\n  namespace: elev-kari\n"},
		{"check line", l1.Steps[0].Checks[0].Line, 24},
		{"quiz in a list item", *l1.Steps[1].Quiz, lessons.Quiz{Question: "Hvilken API-gruppe hører Pod til?", Choices: []string{"core", "apps", "batch"}, Answer: "core"}},
		{"options", l1.Steps[1].Options, lessons.StepOptions{Settle: 30 * time.Second, ObserveOnly: true, Requires: []string{"running-containers"}}},
		{"default settle", l1.Steps[0].Options.Settle, lessons.DefaultSettle},
		{"setext heading", l2.Steps[0].Title, "Lag en Deployment"},
		{"manifest", l2.Steps[0].Solutions[0].Kind, lessons.SolutionManifest},
		{"if in prose", l2.Steps[1].Body, "Du er i et klasserom.\n"},
		{"reflection", l2.Steps[1].Quiz.Reflection, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, _ := json.Marshal(tt.got)
			w, _ := json.Marshal(tt.want)
			if string(g) != string(w) {
				t.Errorf("got %s, want %s", g, w)
			}
		})
	}
}

func TestValidateGood(t *testing.T) {
	if err := lessons.Validate(os.DirFS("testdata/good"), "testdata/good", rejectBad); err != nil {
		t.Errorf("Validate:\n%v", err)
	}
}

func TestValidateBroken(t *testing.T) {
	err := lessons.Validate(os.DirFS("testdata/broken"), "testdata/broken", rejectBad)
	var verr *lessons.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Validate = %v, want a *ValidationError", err)
	}
	golden(t, "broken.golden", []byte(verr.Error()+"\n"))
}

// TestLoadBroken checks that Load fails on what makes a course unusable,
// and only on that: a missing step hint is for Validate.
func TestLoadBroken(t *testing.T) {
	_, err := lessons.Load(os.DirFS("testdata/broken"), "testdata/broken", lessons.Vars{Namespace: "default"})
	var verr *lessons.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Load = %v, want a *ValidationError", err)
	}
	golden(t, "broken-load.golden", []byte(verr.Error()+"\n"))
}

func TestEmbedded(t *testing.T) {
	// The real course is checked by the content tests; here it is enough
	// that Embedded finds a course.yaml.
	if _, err := lessons.Embedded().Open("course.yaml"); err != nil {
		t.Fatalf("Embedded: %v", err)
	}
}

// rejectBad is a stand-in for the check registry: it accepts any check but
// one with a key "bad", which it reports on the key's line.
func rejectBad(node *yaml.Node) error {
	var errs []error
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "bad" {
					errs = append(errs, lineErr{n.Content[i].Line, "ukjent nøkkel «bad» i sjekken"})
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(node)
	return errors.Join(errs...)
}

type lineErr struct {
	line int
	msg  string
}

func (e lineErr) Error() string { return e.msg }
func (e lineErr) Line() int     { return e.line }
