package app

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// noEnv is an environment with no variables set.
func noEnv() Env {
	return Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
}

func TestCheckWaitHelpShowsOneDefault(t *testing.T) {
	code, out, errOut := run(t, noEnv(), "check", "--help")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "--wait") {
			line = l
		}
	}
	if !strings.HasSuffix(line, "før de gir opp (standard: stegets egen ventetid)") {
		t.Errorf("--wait help line %q, want it to end in the step's own default", line)
	}
	if strings.Count(line, "(standard:") != 1 || strings.Contains(line, "ns)") {
		t.Errorf("--wait help line %q shows more than one default", line)
	}
}

// TestHelpFlagLinesHaveOneDefault reads every command's help (but the
// built-in kubectl's): no flag shows two defaults, and the usage line
// speaks Norwegian.
func TestHelpFlagLinesHaveOneDefault(t *testing.T) {
	var all [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		all = append(all, append(append([]string(nil), path...), "--help"))
		for _, sub := range c.Commands() {
			if sub.Name() != "kubectl" && sub.Name() != "help" {
				walk(sub, append(append([]string(nil), path...), sub.Name()))
			}
		}
	}
	walk(newRootCommand(Streams{}, noEnv()), nil)
	if len(all) < 15 {
		t.Fatalf("only %d commands found: %v", len(all), all)
	}
	for _, args := range all {
		code, out, _ := run(t, noEnv(), args...)
		if code != exitOK {
			t.Errorf("%v: exit %d", args, code)
		}
		if strings.Contains(out, "[flags]") {
			t.Errorf("%v: usage line says [flags]:\n%s", args, out)
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.Count(l, "(standard:") > 1 {
				t.Errorf("%v: flag with two defaults: %q", args, l)
			}
		}
	}
}

func TestWaitFlagValues(t *testing.T) {
	var w waitFlag
	if w.String() != "" || w.set {
		t.Fatalf("unset wait: %q, set %v", w.String(), w.set)
	}
	for _, bad := range []string{"-3s", "x", ""} {
		if err := w.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted", bad)
		}
	}
	if err := w.Set("0"); err != nil || !w.set || w.d != 0 {
		t.Errorf("Set(0): %v, set %v, %s", err, w.set, w.d)
	}
	if err := w.Set("1m30s"); err != nil || w.String() != "1m30s" {
		t.Errorf("Set(1m30s): %v, %q", err, w.String())
	}
	code, _, errOut := run(t, noEnv(), "check", "L01", "--wait", "-3s")
	if code != exitUsage || !strings.Contains(errOut, `ugyldig verdi "-3s" for "--wait": ventetiden kan ikke være negativ`) {
		t.Errorf("negative --wait: exit %d\n%s", code, errOut)
	}
}

func TestUnknownCommands(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"chek"}, []string{"Feil: ukjent kommando «chek» for «kubekurs». Mente du «check»?", "Se `kubekurs --help`."}},
		{[]string{"foo"}, []string{"Feil: ukjent kommando «foo» for «kubekurs»\n", "Se `kubekurs --help`."}},
		{[]string{"lessons", "lst"}, []string{"ukjent kommando «lst» for «kubekurs lessons». Mente du «list» eller «test»?", "Se `kubekurs lessons --help`."}},
		{[]string{"cluster", "stauts"}, []string{"ukjent kommando «stauts» for «kubekurs cluster». Mente du «status»?", "Se `kubekurs cluster --help`."}},
		{[]string{"lab", "s"}, []string{"ukjent kommando «s» for «kubekurs lab». Mente du «start», «stop» eller «status»?", "Se `kubekurs lab --help`."}},
		{[]string{"lab", "status", "x"}, []string{"«kubekurs lab status» tar ingen argumenter, men fikk «x»", "Se `kubekurs lab status --help`."}},
		{[]string{"lab", "start", "--bogus"}, []string{"ukjent flagg: --bogus", "Se `kubekurs lab start --help`."}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := run(t, noEnv(), tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			for _, want := range tt.want {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if regexp.MustCompile(`[Uu]nknown|Did you mean`).MatchString(errOut) {
				t.Errorf("English in:\n%s", errOut)
			}
		})
	}
}
