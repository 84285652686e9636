package class

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeListsEverySetting keeps the README's table of quota flags in
// step with Settings.
func TestReadmeListsEverySetting(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, "## Klasserom")
	if start < 0 {
		t.Fatal("README.md has no section «Klasserom»")
	}
	readme = readme[start:]
	if end := strings.Index(readme[1:], "\n## "); end >= 0 {
		readme = readme[:end+1]
	}
	for _, s := range Settings() {
		row := "| `--" + s.Flag + "` | " + s.Default + " | " + s.Help + " |"
		if !strings.Contains(readme, row) {
			t.Errorf("README.md lacks the row %q", row)
		}
	}
	if n := strings.Count(readme, "\n| `--"); n != len(Settings()) {
		t.Errorf("README.md's section «Klasserom» has %d flag rows, Settings has %d", n, len(Settings()))
	}
}
