package lessons

import "testing"

func TestCourseFindsLessonsByIDNumberOrFile(t *testing.T) {
	c := &Course{Lessons: []*Lesson{
		{ID: "L01", File: "course/L01-velkommen.md"},
		{ID: "L04", File: "course/L04-deployment.md"},
	}}
	for arg, want := range map[string]string{
		"L04": "L04", "l04": "L04", "2": "L04", "1": "L01",
		"L04-deployment.md": "L04", "L04-deployment": "L04", "l01-VELKOMMEN": "L01",
		"3": "", "0": "", "L99": "", "": "",
	} {
		got := c.Find(arg)
		if want == "" && got != nil || want != "" && (got == nil || got.ID != want) {
			t.Errorf("Find(%q) = %+v, want %q", arg, got, want)
		}
	}
	if ids := c.IDs(); ids != "L01, L04" {
		t.Errorf("IDs() = %q", ids)
	}
}
