package packtest

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/lessons"
)

func TestCaught(t *testing.T) {
	results := []checks.Result{
		{Criterion: "Deploymenten «web» har 3 klare replikaer", Status: checks.Failed, Hint: "Sjekk at `replicas` er 3."},
		{Criterion: "Deploymenten «web» bruker imaget nginx:1.26", Status: checks.Passed},
		{Criterion: "Poden «p» finnes", Status: checks.Forbidden, Hint: "Du mangler tilgang."},
	}
	for _, tt := range []struct {
		fails, hint, want string
	}{
		{"3 klare", "replicas", ""},
		{"KLARE REPLIKAER", "", ""}, // fails is matched without case
		{"imaget", "", "ingen kriterium som inneholder «imaget» feiler"},
		{"finnes", "", "kriteriet «Poden «p» finnes» har status"},
		{"replikaer", "image", "kriteriet som feiler («Deploymenten «web» har 3 klare replikaer») har ikke et hint som inneholder «image»"},
	} {
		got := caught(results, &lessons.WrongAttempt{Fails: tt.fails, Hint: tt.hint})
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("caught(fails %q, hint %q) = %q, want %q", tt.fails, tt.hint, got, tt.want)
		}
	}
}

func TestPrinter(t *testing.T) {
	var b bytes.Buffer
	p := NewPrinter(&b)
	results := []Result{
		{Lesson: "P01", File: "p/P01.md", Step: 1, Title: "Lag web", Line: 8, Status: Passed, Duration: 1234 * time.Millisecond},
		{Lesson: "P01", File: "p/P01.md", Step: 1, Title: "Lag web", Wrong: "én replika", Line: 30, Status: Failed, Duration: 3 * time.Second,
			Problem: "ingen kriterium som inneholder «web» feiler"},
		{Lesson: "P01", File: "p/P01.md", Step: 2, Title: "Se loggene", Line: 40, Status: Skipped, Problem: "trenger ekte containere"},
		{Lesson: "P02", File: "p/P02.md", Step: 1, Title: "Skaler", Line: 6, Status: Failed, Duration: 10 * time.Second,
			Problem: "sjekkene består ikke 10s etter løsningen", Failing: []string{"web har 3 klare replikaer (ikke bestått): 2"}},
	}
	report := &Report{Duration: 15300 * time.Millisecond}
	for _, r := range results {
		p.Print(r)
		report.Results = append(report.Results, r)
	}
	report.Passed, report.Failed, report.Skipped = 1, 2, 1
	p.Summary(report)
	want := `P01 (p/P01.md)
  ✓ Steg 1: Lag web                                               1,2 s
      ✗ feilforsøk: én replika                                    3,0 s
          p/P01.md:30: ingen kriterium som inneholder «web» feiler
  – Steg 2: Se loggene
      p/P01.md:40: trenger ekte containere
P02 (p/P02.md)
  ✗ Steg 1: Skaler                                                10,0 s
      p/P02.md:6: sjekkene består ikke 10s etter løsningen
        · web har 3 klare replikaer (ikke bestått): 2
3 steg og 1 feilforsøk: 1 bestått, 2 feilet, 1 hoppet over på 15,3 s.
`
	if b.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, &Report{Course: "p"}); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if results, ok := back["results"].([]any); !ok || len(results) != 0 {
		t.Errorf("an empty report's results = %v, want []", back["results"])
	}
}

func TestHoldsNodePorts(t *testing.T) {
	course, err := lessons.Load(lessons.Embedded(), "lessons/course", lessons.Vars{Namespace: "elev-test"})
	if err != nil {
		t.Fatal(err)
	}
	var one []string
	for _, l := range course.Lessons {
		if holdsNodePorts(l) || needsNodes(l) {
			one = append(one, l.ID)
		}
	}
	// L05 drains a node; L08 asks for node port 30001.
	if !slices.Contains(one, "L05") || !slices.Contains(one, "L08") || slices.Contains(one, "L01") {
		t.Errorf("lessons whose wrong attempts run one at a time: %v", one)
	}
}
