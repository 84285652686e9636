package board

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kubekurs/kubekurs/grade"
)

// sortMode is the order of the class table.
type sortMode int

const (
	// byProgress: most points first, then by name.
	byProgress sortMode = iota
	// byName: by name.
	byName
	// byStuck: longest on the same step first; students with nothing
	// left last.
	byStuck
	sortModes
)

// String is the Norwegian name of the order.
func (s sortMode) String() string {
	return [...]string{sortProgress, sortName, sortStuck}[s]
}

// row is one student in the table.
type row struct {
	student grade.StudentReport
	current grade.CurrentStep
}

// rowsOf is the update's students in the order mode, those matching
// filter (case-insensitive, in name, Namespace or current step) only.
func rowsOf(u *grade.Update, mode sortMode, filter string) []row {
	if u == nil {
		return nil
	}
	filter = strings.ToLower(strings.TrimSpace(filter))
	var rows []row
	for i, s := range u.Class.Students {
		r := row{student: s}
		if i < len(u.Current) {
			r.current = u.Current[i]
		}
		if filter != "" && !strings.Contains(strings.ToLower(s.Name+" "+s.Namespace+" "+currentText(r.current)), filter) {
			continue
		}
		rows = append(rows, r)
	}
	byNameCmp := func(a, b row) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.student.Name), strings.ToLower(b.student.Name)), cmp.Compare(a.student.Namespace, b.student.Namespace))
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		switch mode {
		case byProgress:
			return cmp.Or(cmp.Compare(b.student.Score, a.student.Score), byNameCmp(a, b))
		case byStuck:
			aDone, bDone := a.current.Lesson == "", b.current.Lesson == ""
			if aDone != bDone {
				if aDone {
					return 1
				}
				return -1
			}
			return cmp.Or(a.current.Since.Compare(b.current.Since), byNameCmp(a, b))
		case byName:
		}
		return byNameCmp(a, b)
	})
	return rows
}

// currentText names the step a student is on: «L04.2 Skaler opp».
func currentText(c grade.CurrentStep) string {
	if c.Lesson == "" {
		return allDone
	}
	return fmt.Sprintf("%s.%d %s", c.Lesson, c.Step, c.Title)
}

// stuckFor says how long a student has been on the current step at now.
func stuckFor(c grade.CurrentStep, now time.Time) string {
	if c.Lesson == "" || c.Since.IsZero() {
		return "–"
	}
	d := now.Sub(c.Since)
	switch {
	case d < time.Minute:
		return stuckUnder
	case d < time.Hour:
		return fmt.Sprintf(fmtStuckMin, int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf(fmtStuckHours, int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf(fmtStuckDays, int(d.Hours())/24, int(d.Hours())%24)
}

// flags says what the instructor should know beyond the marks: why the
// student could not be graded, or grade.Notes.
func flags(s grade.StudentReport) string {
	if s.Error != "" {
		return s.Error
	}
	return grade.Notes(s)
}

// points spells a score as «2.5/4».
func points(got, max float64) string {
	return fmt.Sprintf("%s/%s", trimFloat(got), trimFloat(max))
}

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
