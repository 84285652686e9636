package lessons

import (
	"errors"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestCompileChecks: the blocks' checks come back in order, and a block
// that does not compile is the error.
func TestCompileChecks(t *testing.T) {
	block := func(value string) CheckBlock {
		return CheckBlock{Node: &yaml.Node{Kind: yaml.ScalarNode, Value: value}}
	}
	bad := errors.New("ukjent sjekk")
	compile := func(n *yaml.Node) ([]string, error) {
		if n.Value == "feil" {
			return nil, bad
		}
		return []string{n.Value + "1", n.Value + "2"}, nil
	}
	got, err := CompileChecks(&Step{Checks: []CheckBlock{block("a"), block("b")}}, compile)
	if err != nil || !slices.Equal(got, []string{"a1", "a2", "b1", "b2"}) {
		t.Errorf("two blocks: %q, %v", got, err)
	}
	if got, err := CompileChecks(&Step{}, compile); err != nil || len(got) != 0 {
		t.Errorf("no blocks: %q, %v", got, err)
	}
	if got, err := CompileChecks(&Step{Checks: []CheckBlock{block("a"), block("feil"), block("b")}}, compile); !errors.Is(err, bad) || got != nil {
		t.Errorf("bad block: %q, %v; want the compile error", got, err)
	}
}
