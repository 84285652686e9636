package app

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// usageTemplate is cobra's usage template with Norwegian headings.
const usageTemplate = `Bruk:{{if .Runnable}}
  {{.UseLine | norwegianUseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [kommando]{{end}}{{if gt (len .Aliases) 0}}

Andre navn:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Eksempler:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Kommandoer:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flagg:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces | norwegianDefaults}}{{end}}{{if .HasAvailableInheritedFlags}}

Felles flagg:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces | norwegianDefaults}}{{end}}{{if .HasAvailableSubCommands}}

Skriv "{{.CommandPath}} [kommando] --help" for mer om en kommando.{{end}}
`

// localize makes cobra speak Norwegian: usage headings, the help flag and
// command, and flag errors (which become usage errors, exit code 2).
// It applies to cmd and, through inheritance, to its subcommands.
func localize(cmd *cobra.Command) {
	// Cobra keeps template functions in one table for the process; this
	// one is pure, so registering it again is harmless.
	cobra.AddTemplateFunc("norwegianDefaults", norwegianDefaults)
	cobra.AddTemplateFunc("norwegianUseLine", norwegianUseLine)
	cmd.SetUsageTemplate(usageTemplate)
	cmd.CompletionOptions.DisableDefaultCmd = true
	cmd.PersistentFlags().BoolP("help", "h", false, "vis hjelp")
	cmd.SetHelpCommand(&cobra.Command{
		Use:   "help [kommando]",
		Short: "Vis hjelp for en kommando",
		Run: func(c *cobra.Command, args []string) {
			target, _, err := c.Root().Find(args)
			if target == nil || err != nil {
				target = c.Root()
			}
			_ = target.Help()
		},
	})
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{msg: translateFlagError(err.Error()), help: c.CommandPath()}
	})
	cmd.Args = noArgs
	cmd.RunE = showHelp
}

// norwegianDefaults translates pflag's "(default …)" in flag usages.
func norwegianDefaults(usages string) string {
	return strings.ReplaceAll(usages, "(default ", "(standard: ")
}

// norwegianUseLine translates the "[flags]" cobra appends to a usage line.
func norwegianUseLine(line string) string {
	return strings.Replace(line, " [flags]", " [flagg]", 1)
}

// showHelp is the action of a command that only groups subcommands.
func showHelp(cmd *cobra.Command, _ []string) error { return cmd.Help() }

// translateFlagError turns a pflag error into Norwegian where it knows
// the phrase, and keeps the details (flag names, values) as they are.
func translateFlagError(msg string) string {
	prefixes := [][2]string{
		{"unknown shorthand flag: ", "ukjent kort flagg: "},
		{"unknown flag: ", "ukjent flagg: "},
		{"flag needs an argument: ", "flagget mangler en verdi: "},
		{"bad flag syntax: ", "feil flaggsyntaks: "},
		{"invalid argument ", "ugyldig verdi "},
	}
	for _, p := range prefixes {
		if strings.HasPrefix(msg, p[0]) {
			// pflag: invalid argument "x" for "--wait" flag: reason
			rest := strings.Replace(strings.TrimPrefix(msg, p[0]), " flag: ", ": ", 1)
			return p[1] + rest
		}
	}
	return "ugyldig flagg: " + msg
}

// noArgs rejects arguments with a Norwegian usage error. On a command
// that groups subcommands, the argument is an unknown subcommand: the
// error names it, suggests the closest ones, and points to the command's
// help.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	path := cmd.CommandPath()
	if !cmd.HasAvailableSubCommands() {
		return &usageError{msg: fmt.Sprintf("«%s» tar ingen argumenter, men fikk «%s»", path, args[0]), help: path}
	}
	msg := fmt.Sprintf("ukjent kommando «%s» for «%s»", args[0], path)
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += ". Mente du " + orList(s) + "?"
	}
	return &usageError{msg: msg, help: path}
}

// orList quotes words and joins them with commas and a final "eller".
func orList(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "«" + w + "»"
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " eller " + quoted[len(quoted)-1]
}

// maxArgs rejects more than n arguments with a Norwegian usage error.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return &usageError{msg: fmt.Sprintf("for mange argumenter til «%s»: høyst %d", cmd.CommandPath(), n), help: cmd.CommandPath()}
		}
		return nil
	}
}
