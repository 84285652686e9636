package capability

import (
	"regexp"
	"testing"
)

func TestAllAreDistinctLessonWords(t *testing.T) {
	word := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	seen := map[Name]bool{}
	for _, c := range All() {
		if !word.MatchString(string(c)) {
			t.Errorf("%q is not a lowercase, hyphenated word", c)
		}
		if seen[c] {
			t.Errorf("%q listed twice", c)
		}
		seen[c] = true
	}
	if len(seen) != 8 {
		t.Errorf("%d capabilities, want 8", len(seen))
	}
}

func TestKnown(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"running-containers", true},
		{"rbac", true},
		{"dns", true},
		{"gpu", false},
		{"RBAC", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Known(tt.name); got != tt.want {
			t.Errorf("Known(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
