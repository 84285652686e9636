package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/grade/class"
)

// instructorFlags choose the instructor's cluster, for `class` and
// `grade`: as kubectl's, but without a Namespace, since a class has one
// per student.
type instructorFlags struct {
	kubeconfig string
	context    string
}

func (f *instructorFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig-filen med din (lærerens) tilgang til clusteret")
	cmd.Flags().StringVar(&f.context, "context", "", "konteksten i kubeconfig som skal brukes (som for kubectl)")
}

// resolve is the instructor's cluster, found as for other commands.
func (f *instructorFlags) resolve(env Env) (*cluster.Target, error) {
	return (&clusterFlags{kubeconfig: f.kubeconfig, context: f.context}).resolve(env)
}

func newClassCommand(streams Streams, env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "class",
		Short: "For lærere: lag en klasse med eget Namespace og egen kubeconfig til hver elev",
		Long: "Setter opp et klasserom på et cluster du (læreren) har admin-tilgang til: hver elev får\n" +
			"et eget Namespace, en ServiceAccount som bare kan endre i det Namespacet, en kvote\n" +
			"(ResourceQuota og LimitRange) og en kubeconfig-fil som eleven starter kurset med:\n" +
			"`kubekurs --kubeconfig <fil>`.",
		Args: noArgs,
		RunE: showHelp,
	}
	cmd.AddCommand(newClassCreateCommand(streams, env), newClassListCommand(streams, env), newClassDeleteCommand(streams, env))
	return cmd
}

// exactArgs wants n arguments, named what in the error.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return &usageError{msg: fmt.Sprintf("«%s» trenger %s", cmd.CommandPath(), what), help: cmd.CommandPath()}
		}
		return nil
	}
}

type classCreateFlags struct {
	instructorFlags
	students string
	prefix   string
	out      string
	ttl      durationFlag
	renew    bool
	limits   map[string]*string
}

func newClassCreateCommand(streams Streams, env Env) *cobra.Command {
	f := &classCreateFlags{ttl: durationFlag{d: class.DefaultTokenTTL}, limits: map[string]*string{}}
	cmd := &cobra.Command{
		Use:   "create KLASSE --students FIL",
		Short: "Lag en klasse: Namespace, tilgang, kvote og kubeconfig til hver elev",
		Long: "Lager klassen KLASSE på clusteret: for hver elev i FIL et Namespace «<prefiks><navn>»\n" +
			"med labelene app.kubernetes.io/managed-by=kubekurs og kubekurs.no/class=KLASSE, en\n" +
			"ServiceAccount «" + class.ServiceAccountName + "» med rollen «edit» i det Namespacet og ingen andre,\n" +
			"en ResourceQuota og en LimitRange, og en kubeconfig-fil i --out med et token som går ut\n" +
			"etter --token-ttl. Eleven starter kurset med `kubekurs --kubeconfig <fil>`.\n\n" +
			"FIL har ett navn per linje, eller er en CSV-fil med en kolonne «navn» (eller «name»).\n" +
			"Tomme linjer og linjer som starter med # hoppes over. Navnet blir en del av Namespacet:\n" +
			"små bokstaver, æ/ø/å blir ae/o/a, andre aksenter faller bort, mellomrom og andre tegn\n" +
			"blir bindestrek. Gir to navn det samme, får det neste -2, -3 … (i filens rekkefølge), og\n" +
			"du får beskjed. Det opprinnelige navnet lagres i annotationen " + class.StudentNameAnnotation + ".\n\n" +
			"Du kan kjøre kommandoen igjen: nye elever legges til, de som finnes fra før, røres ikke\n" +
			"(mangler noe, legges det til). Tokenet går ut; med --renew-tokens får alle nye tokener og\n" +
			"nye filer. Gamle tokener virker til de går ut, eller til klassen slettes.\n\n" +
			"Kvoten per elev settes med flaggene fra --pods og nedover. Standardverdiene holder til\n" +
			"hele kurset med god margin: Deploymenten «web» har opptil 7 Poder samtidig (5 replikaer\n" +
			"og en utrulling), og en container uten egne ressurser (som i alle leksjonene) får\n" +
			"standardverdiene for minstekrav og øvre grense, så 30 Poder går innenfor alle summene.",
		Example: "  kubekurs class create 8a --students elever.txt\n" +
			"  kubekurs class create 8a --students elever.csv --out ~/klasse-8a --token-ttl 336h\n" +
			"  kubekurs class create 8a --students elever.txt --renew-tokens",
		Args: exactArgs(1, "navnet på klassen, for eksempel `kubekurs class create 8a --students elever.txt`"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runClassCreate(cmd, streams, env, f, args[0])
		},
	}
	cmd.Flags().SortFlags = false // the quota's flags last, in Settings' order
	f.register(cmd)
	cmd.Flags().StringVar(&f.students, "students", "", "fil med elevenes navn: ett per linje, eller CSV med kolonnen «navn»")
	cmd.Flags().StringVar(&f.prefix, "prefix", class.DefaultPrefix, "begynnelsen på hvert elev-Namespace")
	cmd.Flags().StringVar(&f.out, "out", "", "mappe for kubeconfig-filene (standard: kubekurs-KLASSE her)")
	cmd.Flags().Var(&f.ttl, "token-ttl", "hvor lenge elevenes tokener varer, minst 10m; API-serveren kan gi kortere tid")
	cmd.Flags().BoolVar(&f.renew, "renew-tokens", false, "gi elever som finnes fra før nye tokener og nye kubeconfig-filer")
	for _, s := range class.Settings() {
		f.limits[s.Flag] = cmd.Flags().String(s.Flag, s.Default, s.Help)
	}
	return cmd
}

func runClassCreate(cmd *cobra.Command, streams Streams, env Env, f *classCreateFlags, name string) error {
	help := cmd.CommandPath()
	opts := class.Options{
		Class: name, Prefix: f.prefix, PrefixSet: true, OutDir: f.out,
		TokenTTL: f.ttl.d, RenewTokens: f.renew, Limits: class.Limits{},
	}
	for flag, value := range f.limits {
		opts.Limits[flag] = *value
	}
	if opts.OutDir == "" {
		opts.OutDir = class.DefaultOutDir(name)
	}
	if err := opts.Validate(); err != nil {
		return &usageError{msg: err.Error(), help: help}
	}
	if f.students == "" {
		return &usageError{msg: "oppgi elevlisten med --students FIL", help: help}
	}
	list, err := os.Open(f.students)
	if err != nil {
		return &usageError{msg: fmt.Sprintf("kan ikke lese elevlisten «%s»: %s", f.students, fileProblem(err)), help: help}
	}
	students, problems, err := class.ParseStudents(list, f.students)
	_ = list.Close()
	if err != nil {
		return &usageError{msg: fmt.Sprintf("kan ikke lese elevlisten «%s»: %s", f.students, fileProblem(err)), help: help}
	}
	if problems = append(problems, class.CheckList(f.students, students)...); len(problems) > 0 {
		return badList(streams, problems)
	}
	if len(students) == 0 {
		return &usageError{msg: fmt.Sprintf("elevlisten «%s» har ingen navn", f.students), help: help}
	}
	target, err := f.resolve(env)
	if err != nil {
		return err
	}
	fmt.Fprintf(streams.Out, "Klasse «%s» på %s.\n", name, target.Description)
	res, err := class.Create(cmd.Context(), target.Config, f.students, students, opts)
	if errors.Is(err, class.ErrBadList) {
		return badList(streams, res.Problems)
	}
	for _, n := range res.Notices {
		fmt.Fprintln(streams.Out, n.String())
	}
	if len(res.Outcomes) > 0 {
		fmt.Fprintln(streams.Out)
		printOutcomes(streams.Out, res.Outcomes, true)
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(streams.Out, w)
	}
	if err := classError(err, target.Config.Host); err != nil {
		return err
	}
	fmt.Fprintln(streams.Out, summary(res.Outcomes))
	fmt.Fprintf(streams.Out, "Kubeconfig-filene ligger i %s. Gi hver elev sin fil; eleven starter kurset med `kubekurs --kubeconfig <fil>`.\n", opts.OutDir)
	if res.Failed() {
		return failure("Noen elever ble ikke satt opp; se STATUS over.")
	}
	return nil
}

// badList reports the class list's problems; nothing was made.
func badList(streams Streams, problems []class.Problem) error {
	for _, p := range problems {
		fmt.Fprintln(streams.ErrOut, p.String())
	}
	return &exitCodeError{code: exitUsage, msg: "Rett elevlisten og kjør kommandoen igjen; ingenting er endret i clusteret."}
}

// classError is err from package class, on the cluster at host, for
// report: a denial is the environment's fault (exit code 2), as is an
// API server that does not answer; a file that cannot be written is a
// plain failure.
func classError(err error, host string) error {
	if err == nil {
		return nil
	}
	var denied *class.DeniedError
	if errors.As(err, &denied) {
		return &exitCodeError{code: exitUsage, msg: denied.Error()}
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return failure(fmt.Sprintf("Kan ikke skrive %s: %s", pathErr.Path, fileProblem(err)))
	}
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		return &exitCodeError{code: exitUsage, msg: fmt.Sprintf("API-serveren (%s) sa nei: %v", host, err)}
	}
	return &exitCodeError{code: exitUsage, msg: fmt.Sprintf("miljøfeil: får ikke kontakt med API-serveren (%s). Kjører clusteret? (%v)", host, err)}
}

// fileProblem says in Norwegian why a file could not be read.
func fileProblem(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "filen finnes ikke"
	case errors.Is(err, fs.ErrPermission):
		return "ingen tilgang til filen"
	case errors.Is(err, syscall.EISDIR):
		return "det er en mappe, ikke en fil"
	}
	return err.Error()
}

// durationFlag is a duration flag whose parse error is in Norwegian.
type durationFlag struct{ d time.Duration }

// Set parses a duration such as "168h".
func (f *durationFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("ikke en varighet, skriv for eksempel 168h (7 dager) eller 24h")
	}
	f.d = d
	return nil
}

// String is the duration.
func (f *durationFlag) String() string { return f.d.String() }

// Type names the value in the help, as for pflag's own durations.
func (f *durationFlag) Type() string { return "duration" }
