package checks

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/kubekurs/kubekurs/internal/kube"
)

// readmeSections splits checks/README.md into the sections of the check
// types, keyed by type name.
func readmeSections(t testing.TB) map[string]string {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	heading := regexp.MustCompile("(?m)^### `([A-Za-z]+)`$")
	locs := heading.FindAllStringSubmatchIndex(string(data), -1)
	for i, loc := range locs {
		end := len(data)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		sections[string(data[loc[2]:loc[3]])] = string(data[loc[1]:end])
	}
	return sections
}

// yamlBlocks returns the ```yaml blocks of a section.
func yamlBlocks(section string) []string {
	var blocks []string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(section, -1) {
		blocks = append(blocks, m[1])
	}
	return blocks
}

// exampleCheck is the first example of a check type in README.md, as the
// YAML of one check.
func exampleCheck(t testing.TB, typ string) string {
	t.Helper()
	for _, block := range yamlBlocks(readmeSections(t)[typ]) {
		var items []yaml.Node
		if err := yaml.Unmarshal([]byte(block), &items); err != nil {
			t.Fatalf("README example for %s: %v", typ, err)
		}
		for _, item := range items {
			var head struct{ Type string }
			if item.Decode(&head) == nil && head.Type == typ {
				out, err := yaml.Marshal(&item)
				if err != nil {
					t.Fatal(err)
				}
				return string(out)
			}
		}
	}
	t.Fatalf("README.md has no example of check type %s", typ)
	return ""
}

// TestREADMEDocumentsEveryType keeps README.md and the registry in step:
// a section per type, naming every parameter, with examples that compile.
func TestREADMEDocumentsEveryType(t *testing.T) {
	sections := readmeSections(t)
	reg := NewRegistry()
	// The keys every type takes are documented once, in the table of
	// common keys.
	var commonKeys []string
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fieldsOf(reflect.TypeFor[common]())[1:] {
		commonKeys = append(commonKeys, f.key)
		if !strings.Contains(string(data), "| `"+f.key+"` |") {
			t.Errorf("README.md's table of common keys has no row for `%s`", f.key)
		}
	}
	var names []string
	for _, td := range reg.Types() {
		names = append(names, td.Name)
		section, ok := sections[td.Name]
		if !ok {
			t.Errorf("README.md has no section ### `%s`", td.Name)
			continue
		}
		for _, p := range td.Params {
			if !slices.Contains(commonKeys, p.Name) && !strings.Contains(section, "`"+p.Name+"`") {
				t.Errorf("README.md section %s does not mention parameter `%s`", td.Name, p.Name)
			}
		}
		for _, block := range yamlBlocks(section) {
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(block), &n); err != nil {
				t.Errorf("%s example: %v", td.Name, err)
				continue
			}
			if _, err := reg.CompileList(&n); err != nil {
				t.Errorf("%s example does not compile: %v\n%s", td.Name, err, block)
			}
		}
		exampleCheck(t, td.Name)
	}
	for name := range sections {
		if !slices.Contains(names, name) {
			t.Errorf("README.md documents %s, which is no check type", name)
		}
	}
}

// TestREADMEListsTheBuiltinKinds keeps README.md's list of the kinds that
// need no apiVersion in step with package kube's table, in its order.
func TestREADMEListsTheBuiltinKinds(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)the common built-in kinds \((.*?); case-insensitive`).FindSubmatch(data)
	if m == nil {
		t.Fatal("README.md has no list «the common built-in kinds (…; case-insensitive»")
	}
	listed := strings.Split(strings.Join(strings.Fields(string(m[1])), " "), ", ")
	var want []string
	for _, k := range kube.Kinds() {
		want = append(want, k.Name)
	}
	if !slices.Equal(listed, want) {
		t.Errorf("README.md lists\n%v\nwant (package kube's table)\n%v", listed, want)
	}
}
