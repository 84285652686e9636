package lessons

import (
	"os"
	"regexp"
	"testing"
)

// TestREADMENamesEveryCapability keeps the Capabilities section of
// README.md in step with the capabilities lessons may require.
func TestREADMENamesEveryCapability(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := regexp.MustCompile("(?s)### Capabilities\n(.*?)\n#").FindSubmatch(data)
	if section == nil {
		t.Fatal("README.md has no section ### Capabilities")
	}
	named := map[string]bool{}
	for _, m := range regexp.MustCompile("`([a-z-]+)`").FindAllSubmatch(section[1], -1) {
		named[string(m[1])] = true
	}
	for _, c := range KnownCapabilities() {
		if !named[c] {
			t.Errorf("README.md's Capabilities section does not name `%s`", c)
		}
		delete(named, c)
	}
	for c := range named {
		if c != "requires" {
			t.Errorf("README.md's Capabilities section names `%s`, which is no capability", c)
		}
	}
}

// TestREADMENamesWhatAPackMayRun keeps the policy section of README.md in
// step with the kubectl subcommands a lesson may run.
func TestREADMENamesWhatAPackMayRun(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := regexp.MustCompile("(?s)### What a pack may run\n(.*?)\n### ").FindSubmatch(data)
	if section == nil {
		t.Fatal("README.md has no section ### What a pack may run")
	}
	for _, sub := range writeCommands {
		if !regexp.MustCompile("`" + sub + "`").Match(section[1]) {
			t.Errorf("README.md's policy section does not name `%s`", sub)
		}
	}
}
