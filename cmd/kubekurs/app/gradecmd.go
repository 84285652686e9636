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

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/grade"
	"github.com/kubekurs/kubekurs/lessons"
)

type gradeFlags struct {
	instructorFlags
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
	f.registerSelection(cmd)
	cmd.Flags().StringVar(&f.kubeconfigs, "kubeconfigs", "", "mappe med én kubeconfig-fil per elev (hver elev har sitt eget cluster)")
	cmd.Flags().StringVarP(&f.output, "output", "o", "table", "utformat: "+strings.Join(grade.Formats(), ", "))
	cmd.Flags().BoolVarP(&f.watch, "watch", "w", false, "vis en klassetavle som oppdateres mens elevene jobber (trenger en terminal)")
	cmd.AddCommand(newGradeRBACCommand(streams, env))
	return cmd
}

// registerSelection adds the flags that choose the cluster, the students
// and the lessons.
func (f *gradeFlags) registerSelection(cmd *cobra.Command) {
	f.instructorFlags.register(cmd)
	cmd.Flags().StringVar(&f.namespaces, "namespaces", "", "elevene i Namespacene som passer mønsteret, for eksempel 'elev-*'")
	cmd.Flags().StringVarP(&f.selector, "selector", "l", "", "elevene i Namespacene med disse labelene, for eksempel kubekurs.no/class=2a")
	cmd.Flags().StringVar(&f.lessonsDir, "lessons", "", "katalog med egne leksjoner i stedet for de innebygde")
	cmd.Flags().StringSliceVar(&f.lessonIDs, "lesson", nil, "bare disse leksjonene, for eksempel L02,L03 (standard: alle)")
}

// target is the instructor's cluster: the flags or $KUBECONFIG, the Pod's
// own ServiceAccount when kubekurs runs as a Job in the cluster, else
// what the course would use.
func (f *gradeFlags) target(env Env) (*cluster.Target, error) {
	if f.kubeconfig == "" && f.context == "" && env.Getenv("KUBECONFIG") == "" {
		t, ok, err := cluster.InCluster(env.Getenv)
		if ok {
			if err != nil {
				return nil, &exitCodeError{code: exitUsage, msg: "kubekurs kjører i en Pod, men finner ikke Podens ServiceAccount-token: " + err.Error()}
			}
			return t, nil
		}
	}
	return f.resolve(env)
}

// students finds the students on the cluster t by the selection flags.
func (f *gradeFlags) students(ctx context.Context, t *cluster.Target) ([]grade.Student, error) {
	client, err := kubernetes.NewForConfig(t.Config)
	if err != nil {
		return nil, fmt.Errorf("create client: %w", err)
	}
	return grade.FromNamespaces(ctx, client, f.namespaces, f.selector)
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
	var target *cluster.Target
	if byNamespace {
		if target, err = f.target(env); err != nil {
			return err
		}
		students, err = f.students(ctx, target)
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
	if target != nil {
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

type gradeRBACFlags struct {
	gradeFlags
	name      string
	namespace string
}

func newGradeRBACCommand(streams Streams, env Env) *cobra.Command {
	f := &gradeRBACFlags{}
	cmd := &cobra.Command{
		Use:   "rbac",
		Short: "Skriv ut rettighetene en lærer trenger for å vurdere klassen (bare lesing)",
		Long: "Skriver ut manifestene for en ServiceAccount som kan kjøre `kubekurs grade` og ikke\n" +
			"noe annet: lesing av nøyaktig de ressurstypene kursets sjekker leser. Secrets,\n" +
			"Pod-logger og proxy gis bare i elevenes Namespaces; velg dem med -l eller\n" +
			"--namespaces for å få en RoleBinding i hvert. Send utskriften til `kubectl apply -f -`.",
		Example: "  kubekurs grade rbac -l kubekurs.no/class=2a | kubectl apply -f -\n" +
			"  kubectl create token kubekurs-grader -n kubekurs-grader --duration 24h",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runGradeRBAC(cmd.Context(), streams, env, f)
		},
	}
	f.registerSelection(cmd)
	cmd.Flags().StringVar(&f.name, "name", "kubekurs-grader", "navnet på ServiceAccounten og rollene")
	cmd.Flags().StringVar(&f.namespace, "grader-namespace", "kubekurs-grader", "Namespacet ServiceAccounten lages i")
	return cmd
}

func runGradeRBAC(ctx context.Context, streams Streams, env Env, f *gradeRBACFlags) error {
	course, err := loadCourse(f.lessonsDir, lessons.Vars{Namespace: grade.NamespacePlaceholder})
	if err != nil {
		return err
	}
	opts := grade.RBACOptions{Name: f.name, Namespace: f.namespace}
	if f.namespaces != "" || f.selector != "" {
		target, err := f.target(env)
		if err != nil {
			return err
		}
		students, err := f.students(ctx, target)
		if err != nil {
			return rosterError(err, target.Description)
		}
		for _, s := range students {
			opts.StudentNamespaces = append(opts.StudentNamespaces, s.Namespace)
		}
	}
	out, err := grade.RBACManifests(course, f.lessonIDs, opts)
	if err != nil {
		return &exitCodeError{code: exitUsage, msg: "Rettighetene kunne ikke regnes ut: " + err.Error()}
	}
	_, err = fmt.Fprint(streams.Out, out)
	return err
}
