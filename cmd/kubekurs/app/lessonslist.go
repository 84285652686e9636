package app

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/lessons"
)

// lessonList is the JSON form of `kubekurs lessons list`.
type lessonList struct {
	Course  string            `json:"course"`
	Dir     string            `json:"dir"`
	Lessons []lessons.Summary `json:"lessons"`
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
			return printLessonList(streams.Out, format, lessonList{Course: course.Title, Dir: course.Dir, Lessons: course.Summaries()})
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "utformat: table, text eller json (standard: table på en terminal, ellers text)")
	cmd.Flags().StringVar(&dir, "lessons", "", "katalog med egne leksjoner i stedet for de innebygde")
	return cmd
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
// capabilities, then each capability single steps need, with those steps
// in order: "running-containers (steg 4, 6)".
func requirements(l lessons.Summary, sep string) string {
	all := append([]string{}, l.Requires...)
	var order []string
	steps := map[string][]string{}
	for _, sr := range l.StepRequires {
		for _, r := range sr.Requires {
			if _, seen := steps[r]; !seen {
				order = append(order, r)
			}
			steps[r] = append(steps[r], strconv.Itoa(sr.Step))
		}
	}
	for _, r := range order {
		all = append(all, r+" (steg "+strings.Join(steps[r], ", ")+")")
	}
	return strings.Join(all, sep)
}
