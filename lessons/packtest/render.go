package packtest

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// timeColumn is where the times start, unless the line is longer.
const timeColumn = 64

// Printer writes a run's results as text, one line per step and per wrong
// attempt as they come, with a heading per lesson.
type Printer struct {
	w      io.Writer
	lesson string
}

// NewPrinter is a Printer writing to w.
func NewPrinter(w io.Writer) *Printer { return &Printer{w: w} }

// Print writes one result: ✓, ✗ or –, the step (or the wrong attempt
// under it), and the time; for a failure or a skip, why, and the criteria
// that did not pass.
func (p *Printer) Print(r Result) {
	if r.Lesson != p.lesson {
		p.lesson = r.Lesson
		fmt.Fprintf(p.w, "%s (%s)\n", r.Lesson, r.File)
	}
	indent, what := "  ", fmt.Sprintf(msgStepLine, r.Step, r.Title)
	if r.Wrong != "" {
		indent, what = "      ", fmt.Sprintf(msgWrongLine, r.Wrong)
	}
	line := indent + mark(r.Status) + " " + what
	if r.Status != Skipped {
		if pad := timeColumn - utf8.RuneCountInString(line); pad > 0 {
			line += strings.Repeat(" ", pad)
		}
		line += "  " + seconds(r.Duration)
	}
	fmt.Fprintln(p.w, line)
	if r.Problem != "" {
		fmt.Fprintf(p.w, "%s    %s:%d: %s\n", indent, r.File, r.Line, r.Problem)
	}
	for _, f := range r.Failing {
		fmt.Fprintf(p.w, "%s      · %s\n", indent, f)
	}
}

// Summary writes the run's totals.
func (p *Printer) Summary(r *Report) {
	steps, wrong := 0, 0
	for _, res := range r.Results {
		if res.Wrong == "" {
			steps++
		} else {
			wrong++
		}
	}
	fmt.Fprintf(p.w, msgSummary+"\n", steps, wrong, r.Passed, r.Failed, r.Skipped, seconds(r.Duration))
}

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	if r.Results == nil {
		r.Results = []Result{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("packtest: write json: %w", err)
	}
	return nil
}

// mark is a status's sign.
func mark(s Status) string {
	switch s {
	case Passed:
		return "✓"
	case Failed:
		return "✗"
	}
	return "–"
}

// seconds writes a duration as Norwegian seconds with one decimal, e.g.
// "2,4 s".
func seconds(d time.Duration) string {
	return strings.Replace(fmt.Sprintf("%.1f s", d.Seconds()), ".", ",", 1)
}
