package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2/styles"
)

// BenchmarkFirstFrame measures what the learner waits for before the first
// step shows: New, the first size, the Glamour render of the first step
// (run as the program would run its command) and View, at 120×40 with the
// embedded course. Goal: ≤ 100 ms.
func BenchmarkFirstFrame(b *testing.B) {
	course := realCourse(b)
	fc := newFakeCluster()
	defer close(fc.changes)
	opts := Options{Course: course, Cluster: fc, Progress: &fakeProgress{}, StartLesson: course.Lessons[0].ID}
	rendered := func(msg tea.Msg) bool { _, ok := msg.(renderedMsg); return ok }
	b.ReportAllocs()
	for b.Loop() {
		m := New(opts)
		r := newCmdRunner()
		r.run(m.Init())
		var cmd tea.Cmd
		m, cmd = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		r.run(cmd)
		m = drive(b, m, r, rendered)
		if m.View().Content == "" {
			b.Fatal("empty frame")
		}
	}
}

// BenchmarkRenderStep measures one Glamour render of a step with code
// blocks (L02's first), in the dark style and without colors.
func BenchmarkRenderStep(b *testing.B) {
	course := realCourse(b)
	l := course.Lessons[1]
	md := stepMarkdown(l, 0, len(l.Steps[0].Hints), true)
	for _, style := range []string{styles.DarkStyle, noColorStyle} {
		b.Run(style, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := renderMarkdown(md, style, 79); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
