package app

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kubekurs/kubekurs/grade/class"
)

// expiryLayout is how a token's expiry is shown: day.month.year, local
// time.
const expiryLayout = "02.01.2006 15:04"

// printOutcomes writes the students as a table, with their status when
// withStatus, and each refused or failed student's reason below it.
func printOutcomes(w io.Writer, outcomes []class.Outcome, withStatus bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := "NAVN\tNAMESPACE\tKUBECONFIG\tTOKEN GYLDIG TIL"
	if withStatus {
		head += "\tSTATUS"
	}
	fmt.Fprintln(tw, head)
	for _, o := range outcomes {
		file, expires := o.Kubeconfig, "–"
		if file == "" {
			file = "–"
		}
		if !o.Expires.IsZero() {
			expires = o.Expires.Local().Format(expiryLayout)
			if o.Expires.Before(time.Now()) {
				expires += " (utløpt)"
			}
		}
		name := o.Name
		if name == "" {
			name = "?"
		}
		line := fmt.Sprintf("%s\t%s\t%s\t%s", name, o.Namespace, file, expires)
		if withStatus {
			status := o.Status.String()
			if o.Detail != "" && o.Status != class.Refused && o.Status != class.Failed {
				status += ": " + o.Detail
			}
			line += "\t" + status
		}
		fmt.Fprintln(tw, line)
	}
	_ = tw.Flush()
	for _, o := range outcomes {
		if o.Status == class.Refused || o.Status == class.Failed {
			fmt.Fprintf(w, "%s (%s) %s: %s\n", o.Name, o.Namespace, o.Status, o.Detail)
		}
	}
}

// summary counts the outcomes by status.
func summary(outcomes []class.Outcome) string {
	counts := map[class.Status]int{}
	for _, o := range outcomes {
		counts[o.Status]++
	}
	return fmt.Sprintf("\n%d elever: %d opprettet, %d fantes fra før, %d fornyet, %d avvist, %d feilet.",
		len(outcomes), counts[class.Created], counts[class.Existing], counts[class.Renewed], counts[class.Refused], counts[class.Failed])
}

type classListFlags struct {
	instructorFlags
	out string
}

func newClassListCommand(streams Streams, env Env) *cobra.Command {
	f := &classListFlags{}
	cmd := &cobra.Command{
		Use:   "list KLASSE",
		Short: "Vis elevene i en klasse: navn, Namespace, kubeconfig-fil og når tokenet går ut",
		Long: "Viser elevene i klassen KLASSE slik clusteret kjenner dem (Namespacene med labelen\n" +
			"kubekurs.no/class=KLASSE), med kubeconfig-filen i --out og når tokenet i den går ut.",
		Example: "  kubekurs class list 8a\n  kubekurs class list 8a --out ~/klasse-8a",
		Args:    exactArgs(1, "navnet på klassen"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if err := class.ValidateClass(name); err != nil {
				return &usageError{msg: err.Error(), help: cmd.CommandPath()}
			}
			out := f.out
			if out == "" {
				out = class.DefaultOutDir(name)
			}
			target, err := f.resolve(env)
			if err != nil {
				return err
			}
			outcomes, err := class.List(cmd.Context(), target.Config, name, out)
			if err != nil {
				return classError(err, target.Config.Host)
			}
			if len(outcomes) == 0 {
				fmt.Fprintf(streams.Out, "Klassen «%s» har ingen elever på %s.\n", name, target.Description)
				return nil
			}
			fmt.Fprintf(streams.Out, "Klasse «%s» på %s:\n\n", name, target.Description)
			printOutcomes(streams.Out, outcomes, false)
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&f.out, "out", "", "mappen med kubeconfig-filene (standard: kubekurs-KLASSE her)")
	return cmd
}

type classDeleteFlags struct {
	instructorFlags
	yes bool
}

func newClassDeleteCommand(streams Streams, env Env) *cobra.Command {
	f := &classDeleteFlags{}
	cmd := &cobra.Command{
		Use:   "delete KLASSE",
		Short: "Slett en klasse: elevenes Namespacer, med alt i dem",
		Long: "Sletter Namespacene til klassen KLASSE, og dermed alt elevene har laget i dem og\n" +
			"ServiceAccountene deres: tokenene i kubeconfig-filene slutter å virke. Bare Namespacer\n" +
			"med både app.kubernetes.io/managed-by=kubekurs og kubekurs.no/class=KLASSE slettes.\n" +
			"Du får se listen og svare før noe slettes; --yes hopper over spørsmålet (for skript).\n" +
			"Kubeconfig-filene på disken slettes ikke.",
		Example: "  kubekurs class delete 8a\n  kubekurs class delete 8a --yes",
		Args:    exactArgs(1, "navnet på klassen"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runClassDelete(cmd, streams, env, f, args[0])
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVarP(&f.yes, "yes", "y", false, "ikke spør før sletting")
	return cmd
}

func runClassDelete(cmd *cobra.Command, streams Streams, env Env, f *classDeleteFlags, name string) error {
	if err := class.ValidateClass(name); err != nil {
		return &usageError{msg: err.Error(), help: cmd.CommandPath()}
	}
	target, err := f.resolve(env)
	if err != nil {
		return err
	}
	members, err := class.Members(cmd.Context(), target.Config, name)
	if err != nil {
		return classError(err, target.Config.Host)
	}
	w := streams.Out
	if len(members) == 0 {
		fmt.Fprintf(w, "Klassen «%s» har ingen elever på %s; ingenting å slette.\n", name, target.Description)
		return nil
	}
	fmt.Fprintf(w, "Sletter klassen «%s» på %s.\n\nDisse Namespacene slettes, med alt i dem:\n", name, target.Description)
	for _, m := range members {
		fmt.Fprintf(w, "  - %s (%s)\n", m.Namespace, m.Name)
	}
	if !f.yes {
		if !isTerminal(streams.In) {
			return &exitCodeError{code: exitUsage, msg: "Sletting må bekreftes: kjør kommandoen i en terminal, eller legg til --yes. Ingenting er slettet."}
		}
		fmt.Fprint(w, "Fortsette? [j/N] ")
		if !askYes(streams, false) {
			return &exitCodeError{code: exitError, msg: "Avbrutt; ingenting er slettet."}
		}
	}
	deleted, err := class.Delete(cmd.Context(), target.Config, name, members)
	fmt.Fprintf(w, "Slettet %d av %d Namespacer. De forsvinner når alt i dem er borte.\n", len(deleted), len(members))
	return classError(err, target.Config.Host)
}
