package tui

import (
	"strings"
	"testing"

	"charm.land/glamour/v2/styles"
	"github.com/kubekurs/kubekurs/lessons"
)

func TestObjectRow(t *testing.T) {
	st := newStyles(true, true)
	tests := []struct {
		obj  Object
		want string
	}{
		{Object{Kind: "Pod", Name: "web", Status: "Running 1/1", Healthy: true}, "  Pod     web  Running 1/1"},
		{Object{Kind: "Pod", Name: "feil", Status: "ImagePullBackOff 0/1"}, "! Pod     feil ImagePullBackO…"},
		{Object{Kind: "Deployment", Name: "et-veldig-langt-navn", Status: "3/3 klare", Healthy: true}, "  Deploy… et-… 3/3 klare"},
	}
	for _, tt := range tests {
		if got := objectRow(tt.obj, 7, 4, 15, st); got != tt.want {
			t.Errorf("objectRow(%v) = %q, want %q", tt.obj, got, tt.want)
		}
	}
}

func TestLessonStatus(t *testing.T) {
	l := &lessons.Lesson{ID: "L01", Steps: make([]*lessons.Step, 3)}
	tests := []struct {
		done  []int
		want  string
		wantN int
	}{
		{nil, lessonNotStarted, 0},
		{[]int{2}, lessonStarted, 1},
		{[]int{1, 2, 3}, lessonCompleted, 3},
		{[]int{1, 2, 3, 9}, lessonCompleted, 3}, // a step the lesson no longer has
	}
	for _, tt := range tests {
		got, n := lessonStatus(l, newDoneSet(State{Done: map[string][]int{"L01": tt.done}}))
		if got != tt.want || n != tt.wantN {
			t.Errorf("done %v: %q, %d; want %q, %d", tt.done, got, n, tt.want, tt.wantN)
		}
	}
}

func TestMissingCaps(t *testing.T) {
	missing := map[string]string{"metrics": "…", "loadbalancer": "…"}
	got := missingCaps([]string{"metrics", "multiple-nodes", "metrics", "loadbalancer"}, missing)
	if strings.Join(got, ",") != "metrics,loadbalancer" {
		t.Errorf("missingCaps = %v", got)
	}
	if got := missingCaps([]string{"metrics"}, nil); got != nil {
		t.Errorf("without a description: %v", got)
	}
}

func TestFirstCodeBlock(t *testing.T) {
	tests := []struct{ md, want string }{
		{"Tekst\n\n```sh\nkubectl get pods\nkubectl get nodes\n```\n\n```yaml\na: b\n```", "kubectl get pods\nkubectl get nodes"},
		{"1. Punkt:\n\n   ````yaml\n   kind: Pod\n   ```\n   ````\n", "   kind: Pod\n   ```"},
		{"Ingen kode her.", ""},
	}
	for _, tt := range tests {
		if got, _ := firstCodeBlock(tt.md); got != tt.want {
			t.Errorf("firstCodeBlock(%q) = %q, want %q", tt.md, got, tt.want)
		}
	}
}

func TestShortenLanguages(t *testing.T) {
	long := strings.Repeat("x", maxLanguageLen+1)
	md := "```" + long + "\nkode\n```\n\n```yaml\na: b\n```"
	want := "```\nkode\n```\n\n```yaml\na: b\n```"
	if got := shortenLanguages(md); got != want {
		t.Errorf("shortenLanguages = %q, want %q", got, want)
	}
}

func TestStepMarkdown(t *testing.T) {
	c := testCourse(t)
	l := c.Lessons[0]
	md := stepMarkdown(l, 0, 1, true)
	for _, want := range []string{"Velkommen!", "## 1. Lag en Pod", "### Hint 1 av 2", "Bruk `kubectl run`.", "### Løsning", "```sh\nkubectl run web"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "Hint 2 av 2") || strings.Contains(md, "type: podReady") {
		t.Errorf("markdown shows what is hidden:\n%s", md)
	}
	if md := stepMarkdown(l, 1, 0, false); strings.Contains(md, "Velkommen!") {
		t.Error("the introduction is shown after the first step")
	}
}

func TestRenderMarkdownWidth(t *testing.T) {
	c := realCourse(t)
	for _, width := range []int{40, 79} {
		for _, style := range []string{styles.DarkStyle, noColorStyle} {
			out, err := renderMarkdown(stepMarkdown(c.Lessons[1], 0, 2, true), style, width)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range strings.Split(out, "\n") {
				if lineWidth(l) > width {
					t.Errorf("%s at %d: line %d wide: %q", style, width, lineWidth(l), l)
				}
			}
		}
	}
}

func TestFit(t *testing.T) {
	got := fit("abcdef\nx", 4, 3)
	if want := "abc…\nx   \n    "; got != want {
		t.Errorf("fit = %q, want %q", got, want)
	}
}
