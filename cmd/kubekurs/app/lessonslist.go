package app

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/lessons"
)

// lessonSummary is one lesson as `kubekurs lessons list` shows it.
type lessonSummary struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	File        string `json:"file"`
	Steps       int    `json:"steps"`
	Minutes     int    `json:"minutes"`
	// Requires are the capabilities the whole lesson needs.
	Requires []string `json:"requires"`
	// StepRequires are the capabilities single steps need beyond the
	// lesson's; without them those steps are skipped.
	StepRequires []stepRequirement `json:"stepRequires,omitempty"`
}

// stepRequirement is what one step needs beyond its lesson.
type stepRequirement struct {
	Step     int      `json:"step"`
	Requires []string `json:"requires"`
}

// lessonList is the JSON form of `kubekurs lessons list`.
type lessonList struct {
	Course  string          `json:"course"`
	Dir     string          `json:"dir"`
	Lessons []lessonSummary `json:"lessons"`
}

func newLessonsListCommand(streams Streams) *cobra.Command {
	var output, dir string
	cmd := &cobra.Command{
		Use:   "list [KATALOG]",
		Short: "List leksjonene: id, tittel, steg, minutter og hva de krever av clusteret",
		Long: "Lister leksjonene i kursrekkefølge. På en terminal blir det en tabell; sendt videre\n" +
			"til et annet program blir det én linje per leksjon med feltene skilt av tabulator.\n" +
			"Med -o json får lærere og skript alt på en fast form.\n" +
			"Uten KATALOG (eller --lessons) listes de innebygde leksjonene.",
		Example: "  kubekurs lessons list\n  kubekurs lessons list -o json\n  kubekurs lessons list mine-leksjoner",
		Args:    maxArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			format := output
			switch format {
			case "":
				format = "text"
				if isTerminal(streams.Out) {
					format = "table"
				}
			case "json", "table", "text":
			default:
				return &usageError{msg: "--output må være table, text eller json", help: "kubekurs lessons list"}
			}
			if len(args) == 1 {
				if dir != "" && dir != args[0] {
					return &usageError{msg: "oppgi katalogen enten som argument eller med --lessons, ikke begge", help: "kubekurs lessons list"}
				}
				dir = args[0]
			}
			course, err := loadCourse(dir, lessons.Vars{Namespace: defaultNamespace})
			if err != nil {
				return err
			}
			return printLessonList(streams.Out, format, summarize(course))
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "utformat: table, text eller json (standard: table på en terminal, ellers text)")
	cmd.Flags().StringVar(&dir, "lessons", "", "katalog med egne leksjoner i stedet for de innebygde")
	return cmd
}

// summarize is the course as `lessons list` shows it.
func summarize(c *lessons.Course) lessonList {
	list := lessonList{Course: c.Title, Dir: c.Dir, Lessons: make([]lessonSummary, 0, len(c.Lessons))}
	for _, l := range c.Lessons {
		s := lessonSummary{
			ID:          l.ID,
			Title:       l.Title,
			Description: l.Description,
			File:        l.File,
			Steps:       len(l.Steps),
			Minutes:     l.Minutes,
			Requires:    append([]string{}, l.Requires...),
		}
		for i, step := range l.Steps {
			var extra []string
			for _, r := range step.Options.Requires {
				if !slices.Contains(l.Requires, r) && !slices.Contains(extra, r) {
					extra = append(extra, r)
				}
			}
			if len(extra) > 0 {
				s.StepRequires = append(s.StepRequires, stepRequirement{Step: i + 1, Requires: extra})
			}
		}
		list.Lessons = append(list.Lessons, s)
	}
	return list
}

// printLessonList writes the list as "json", an aligned "table" with
// headings, or "text": one tab-separated line per lesson for scripts.
func printLessonList(w io.Writer, format string, list lessonList) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	if format == "text" {
		for _, l := range list.Lessons {
			if _, err := fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\n", l.ID, l.Title, l.Steps, l.Minutes, requirements(l, ",")); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITTEL\tSTEG\tMINUTTER\tKREVER")
	minutes := 0
	for _, l := range list.Lessons {
		req := requirements(l, ", ")
		if req == "" {
			req = "–"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", l.ID, l.Title, l.Steps, l.Minutes, req)
		minutes += l.Minutes
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d leksjoner, omtrent %d minutter i alt (%s).\n", len(list.Lessons), minutes, list.Dir)
	return err
}

// requirements lists what a lesson needs: the whole lesson's
// capabilities, then each step's, as "running-containers (steg 5)".
func requirements(l lessonSummary, sep string) string {
	all := append([]string{}, l.Requires...)
	for _, sr := range l.StepRequires {
		for _, r := range sr.Requires {
			all = append(all, r+" (steg "+strconv.Itoa(sr.Step)+")")
		}
	}
	return strings.Join(all, sep)
}
