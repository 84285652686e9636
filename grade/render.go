package grade

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
)

// Formats are the output formats of WriteClass.
func Formats() []string { return []string{"table", "csv", "json", "markdown"} }

// WriteClass writes the class's grades in format (one of Formats()). The
// table is drawn with Lip Gloss, coloured when color is true.
func WriteClass(w io.Writer, c *Class, format string, color bool) error {
	switch format {
	case "table":
		return writeTable(w, c, color)
	case "csv":
		return writeCSV(w, c)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(c)
	case "markdown":
		return writeMarkdown(w, c)
	}
	return fmt.Errorf("unknown format %q", format)
}

// summaryRows are the class table's rows: one per student, a cell per
// lesson with the steps' marks and the score, then the total and notes.
func summaryRows(c *Class) (header []string, rows [][]string) {
	header = []string{colStudent, colNamespace}
	for _, l := range c.Lessons {
		header = append(header, l.ID)
	}
	header = append(header, colTotal, colNotes)
	for _, s := range c.Students {
		row := []string{s.Name, s.Namespace}
		if s.Error != "" {
			for range c.Lessons {
				row = append(row, "")
			}
			rows = append(rows, append(row, "", s.Error))
			continue
		}
		for _, l := range s.Lessons {
			var marks strings.Builder
			for _, st := range l.Steps {
				marks.WriteString(st.Status.Symbol())
			}
			row = append(row, marks.String()+" "+score(l.Score, l.Max))
		}
		row = append(row, score(s.Score, s.Max), Notes(s))
		rows = append(rows, row)
	}
	return header, rows
}

// Notes says, in Norwegian, what the instructor should know of a student
// beyond the marks: steps solved with the solution open, and a progress
// mirror that could not be read.
func Notes(s StudentReport) string {
	var solved []string
	for _, l := range s.Lessons {
		for _, st := range l.Steps {
			if st.SolutionShown {
				solved = append(solved, fmt.Sprintf("%s.%d", l.ID, st.Step))
			}
		}
	}
	var parts []string
	if len(solved) > 0 {
		parts = append(parts, noteSolution+strings.Join(solved, ", "))
	}
	if s.Mirror != "" && s.Mirror != MirrorRead {
		parts = append(parts, noteMirror+s.Mirror.String())
	}
	return strings.Join(parts, "; ")
}

// score spells points as "2.5/4".
func score(got, max float64) string {
	return points(got) + "/" + points(max)
}

// points spells a score with at most two decimals: 2.67, 0.5, 3.
func points(p float64) string {
	return strconv.FormatFloat(math.Round(p*100)/100, 'f', -1, 64)
}

func writeTable(w io.Writer, c *Class, color bool) error {
	header, rows := summaryRows(c)
	t := table.New().Headers(header...).Rows(rows...).Border(lipgloss.RoundedBorder())
	if color {
		head := lipgloss.NewStyle().Bold(true).Padding(0, 1)
		cell := lipgloss.NewStyle().Padding(0, 1)
		t = t.StyleFunc(func(row, _ int) lipgloss.Style {
			if row == table.HeaderRow {
				return head
			}
			return cell
		})
	} else {
		cell := lipgloss.NewStyle().Padding(0, 1)
		t = t.StyleFunc(func(int, int) lipgloss.Style { return cell })
	}
	_, err := fmt.Fprintf(w, "%s\n%s\n%s\n", t.Render(), legend(), requestsLine(c))
	return err
}

// legend explains the marks.
func legend() string {
	var parts []string
	for _, s := range []StepStatus{StepPassed, StepFailed, StepRecorded, StepNotAttempted, StepNoAccess, StepEnvError, StepSkipped} {
		parts = append(parts, s.Symbol()+" "+s.String())
	}
	return strings.Join(parts, "  ")
}

// requestsLine says what grading cost.
func requestsLine(c *Class) string {
	return fmt.Sprintf(msgRequests, len(c.Students), c.Requests.Total, c.Requests.Served, c.Elapsed.Round(1e6))
}

func writeCSV(w io.Writer, c *Class) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader()); err != nil {
		return err
	}
	for _, s := range c.Students {
		if s.Error != "" {
			if err := cw.Write([]string{s.Name, s.Namespace, "", "", "", statusEnvError, "0", "", "", "", "", s.Error}); err != nil {
				return err
			}
			continue
		}
		for _, l := range s.Lessons {
			for _, st := range l.Steps {
				row := []string{s.Name, s.Namespace, l.ID, strconv.Itoa(st.Step), st.Title, st.Status.String(),
					points(st.Score), yesNo(st.SolutionShown), strconv.Itoa(st.HintsShown),
					strconv.Itoa(st.Attempts), yesNo(st.RecordedDone), st.Reason}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nei"
}

func writeMarkdown(w io.Writer, c *Class) error {
	header, rows := summaryRows(c)
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for _, cell := range cells {
			b.WriteString(" " + strings.ReplaceAll(cell, "|", `\|`) + " |")
		}
		b.WriteString("\n")
	}
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
	fmt.Fprintf(&b, "\n%s\n\n%s\n", legend(), requestsLine(c))
	_, err := io.WriteString(w, b.String())
	return err
}
