package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/grade"
	"github.com/kubekurs/kubekurs/lessons"
)

type gradeFlags struct {
	clusterFlags
	namespaces  string
	selector    string
	kubeconfigs string
	lessonsDir  string
	lessonIDs   []string
	output      string
	watch       bool
}

func newGradeCommand(streams Streams, env Env) *cobra.Command {
	f := &gradeFlags{}
	cmd := &cobra.Command{
		Use:   "grade",
		Short: "Vurder en hel klasse: hver elev, hver leksjon, i én tabell",
		Long: "Kjører sjekkene for hvert steg i hver leksjon på nytt for hver elev, direkte mot\n" +
			"clusteret, og skriver én tabell. Fremdriften eleven selv har lagret, stoles ikke på;\n" +
			"den brukes bare til det clusteret ikke kan vise: om fasiten eller hint ble vist.\n\n" +
			"Velg elevene med --namespaces (et mønster) eller -l (en label-selector) på ett\n" +
			"cluster, eller med --kubeconfigs (én kubeconfig-fil per elev, hver med sitt eget\n" +
			"cluster). Hver ressurstype leses én gang for hele klassen, så 200 elever koster\n" +
			"omtrent like mange forespørsler som én.\n\n" +
			"Poeng: hvert steg gir inntil 1 poeng, delt på kriteriene etter vekt (`weight` i en\n" +
			"sjekk, standard 1). Steg clusteret ikke kan sjekke (hoppet over), teller ikke.\n\n" +
			"Med --watch vises en klassetavle som oppdateres mens elevene jobber: hvem som står\n" +
			"fast på hvilket steg, og hvor lenge. Bare elevene der noe endret seg, vurderes på nytt.\n" +
			"Taster: s sorterer, / filtrerer, enter viser stegene til én elev, q avslutter.\n\n" +
			"Avslutningskode: 0 når vurderingen ble gjort, også når elever ikke har bestått;\n" +
			"2 ved miljøfeil (clusteret svarer ikke, ingen elever funnet) eller feil bruk.",
		Example: "  kubekurs grade -l kubekurs.no/class=2a\n" +
			"  kubekurs grade --namespaces 'elev-*' --lesson L02,L03 -o csv > karakterer.csv\n" +
			"  kubekurs grade --kubeconfigs ./elever -o json\n" +
			"  kubekurs grade --watch -l kubekurs.no/class=2a",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.watch {
				if err := checkWatchFlags(streams, f, cmd.Flags().Changed("output")); err != nil {
					return err
				}
			}
			return runGrade(cmd.Context(), streams, env, f)
		},
	}
	cmd.Flags().StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig-filen som skal brukes (som for kubectl)")
	cmd.Flags().StringVar(&f.context, "context", "", "konteksten i kubeconfig som skal brukes (som for kubectl)")
	cmd.Flags().StringVar(&f.namespaces, "namespaces", "", "vurder elevene i Namespacene som passer mønsteret, for eksempel 'elev-*'")
	cmd.Flags().StringVarP(&f.selector, "selector", "l", "", "vurder elevene i Namespacene med disse labelene, for eksempel kubekurs.no/class=2a")
	cmd.Flags().StringVar(&f.kubeconfigs, "kubeconfigs", "", "mappe med én kubeconfig-fil per elev (hver elev har sitt eget cluster)")
	cmd.Flags().StringVar(&f.lessonsDir, "lessons", "", "katalog med egne leksjoner i stedet for de innebygde")
	cmd.Flags().StringSliceVar(&f.lessonIDs, "lesson", nil, "vurder bare disse leksjonene, for eksempel L02,L03 (standard: alle)")
	cmd.Flags().StringVarP(&f.output, "output", "o", "table", "utformat: "+strings.Join(grade.Formats(), ", "))
	cmd.Flags().BoolVarP(&f.watch, "watch", "w", false, "vis en klassetavle som oppdateres mens elevene jobber (trenger en terminal)")
	return cmd
}

func runGrade(ctx context.Context, streams Streams, env Env, f *gradeFlags) error {
	if !slices.Contains(grade.Formats(), f.output) {
		return &usageError{msg: "--output må være en av " + strings.Join(grade.Formats(), ", "), help: "kubekurs grade"}
	}
	byNamespace := f.namespaces != "" || f.selector != ""
	if byNamespace == (f.kubeconfigs != "") {
		return &usageError{msg: "velg elevene enten med --namespaces og/eller -l på ett cluster, eller med --kubeconfigs", help: "kubekurs grade"}
	}
	course, err := loadCourse(f.lessonsDir, lessons.Vars{Namespace: grade.NamespacePlaceholder})
	if err != nil {
		return err
	}
	for _, id := range f.lessonIDs {
		if course.Find(id) == nil {
			return &usageError{msg: fmt.Sprintf("fant ingen leksjon «%s»; velg blant %s", id, course.IDs()), help: "kubekurs grade"}
		}
	}
	var students []grade.Student
	target, err := f.resolve(env)
	if err != nil && byNamespace {
		return err
	}
	if byNamespace {
		client, err := kubernetes.NewForConfig(target.Config)
		if err != nil {
			return fmt.Errorf("create client: %w", err)
		}
		students, err = grade.FromNamespaces(ctx, client, f.namespaces, f.selector)
		if err != nil && !(f.watch && errors.Is(err, grade.ErrNoStudents)) { // the board waits for them
			return rosterError(err, target.Description)
		}
	} else {
		students, err = grade.FromKubeconfigs(f.kubeconfigs, env.Getenv)
		if err != nil {
			return rosterError(err, f.kubeconfigs)
		}
	}
	var cfg *rest.Config // nil with --kubeconfigs: every student has its own
	if target != nil && byNamespace {
		cfg = target.Config
	}
	if f.watch {
		return runGradeWatch(ctx, env, f, cfg, students, grade.ClassOptions{Course: course, Lessons: f.lessonIDs})
	}
	report, err := grade.GradeClass(ctx, cfg, students, grade.ClassOptions{Course: course, Lessons: f.lessonIDs})
	if err != nil {
		return &exitCodeError{code: exitUsage, msg: "Vurderingen kunne ikke gjøres: " + err.Error()}
	}
	color := f.output == "table" && isTerminal(streams.Out) && env.Getenv("NO_COLOR") == ""
	return grade.WriteClass(streams.Out, report, f.output, color)
}

// rosterError explains why no students could be selected.
func rosterError(err error, where string) error {
	if errors.Is(err, grade.ErrNoStudents) {
		return &exitCodeError{code: exitUsage, msg: fmt.Sprintf("Fant ingen elever i %s som passer utvalget.", where)}
	}
	if apierrors.IsForbidden(err) {
		return &exitCodeError{code: exitUsage, msg: fmt.Sprintf("Du mangler tilgang til å liste Namespacene i %s (list namespaces).\n"+
			"`kubekurs grade rbac` skriver ut rettighetene en lærer trenger.", where)}
	}
	return &exitCodeError{code: exitUsage, msg: fmt.Sprintf("Elevene kunne ikke finnes i %s: %v", where, err)}
}
