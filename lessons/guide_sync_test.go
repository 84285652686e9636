package lessons

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// guideSection returns the text of VEILEDNING.md under heading, up to
// the next heading of the same or a higher level.
func guideSection(t *testing.T, heading string) string {
	t.Helper()
	level := len(heading) - len(strings.TrimLeft(heading, "#"))
	_, rest, found := strings.Cut(Guide(), "\n"+heading+"\n")
	if !found {
		t.Fatalf("VEILEDNING.md has no section %q", heading)
	}
	end := regexp.MustCompile(fmt.Sprintf(`(?m)^#{1,%d} `, level)).FindStringIndex(rest)
	if end == nil {
		return rest
	}
	return rest[:end[0]]
}

// TestGuideNamesEveryCapability keeps the guide's front-matter section in
// step with the capabilities a lesson may require.
func TestGuideNamesEveryCapability(t *testing.T) {
	section := guideSection(t, "### Front matter")
	for _, c := range KnownCapabilities() {
		if !regexp.MustCompile("\\| `" + regexp.QuoteMeta(c) + "` \\|").MatchString(section) {
			t.Errorf("VEILEDNING.md's front-matter section has no row for the capability `%s`", c)
		}
	}
}

// TestGuideNamesWhatAPackMayRun keeps the guide's policy section in step
// with the kubectl subcommands a lesson may run and the flags it may not.
func TestGuideNamesWhatAPackMayRun(t *testing.T) {
	section := guideSection(t, "## Hva en pakke får lov til")
	for _, sub := range append(append([]string(nil), readOnlyCommands...), writeCommands...) {
		if !regexp.MustCompile("`" + regexp.QuoteMeta(sub) + "`").MatchString(section) {
			t.Errorf("VEILEDNING.md's policy section does not name `%s`", sub)
		}
	}
	for _, flag := range []string{"--kubeconfig", "--context", "-f", "--from-file", "--watch", "--follow"} {
		if !regexp.MustCompile("`" + regexp.QuoteMeta(flag) + "`").MatchString(section) {
			t.Errorf("VEILEDNING.md's policy section does not name the refused flag `%s`", flag)
		}
	}
}
