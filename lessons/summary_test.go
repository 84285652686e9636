package lessons_test

import (
	"os"
	"reflect"
	"testing"

	"github.com/kubekurs/kubekurs/lessons"
)

func TestSummaries(t *testing.T) {
	c, err := lessons.Load(os.DirFS("testdata/good"), "testdata/good", lessons.Vars{Namespace: "elev-kari"})
	if err != nil {
		t.Fatal(err)
	}
	got := c.Summaries()
	want := []lessons.Summary{
		{
			ID: "L01", Title: c.Lessons[0].Title, Description: c.Lessons[0].Description, File: c.Lessons[0].File,
			Steps: 2, Minutes: 10, Requires: []string{},
			StepRequires: []lessons.StepRequirement{{Step: 2, Requires: []string{"running-containers"}}},
		},
		{ // one ATX and one setext H2 heading
			ID: "L02", Title: c.Lessons[1].Title, Description: c.Lessons[1].Description, File: c.Lessons[1].File,
			Steps: 2, Minutes: 15, Requires: []string{"multiple-nodes"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("summaries\n got %+v\nwant %+v", got, want)
	}
	if got[0].Title == "" || got[0].File != "testdata/good/L01-pod.md" {
		t.Errorf("L01: title %q, file %q", got[0].Title, got[0].File)
	}
	// The summary is a copy: changing it leaves the course alone.
	got[1].Requires[0] = "changed"
	if c.Lessons[1].Requires[0] != "multiple-nodes" {
		t.Error("Summaries shares Requires with the course")
	}
}
