package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenProgressCorruptGivesNotice: a corrupt progress file is set
// aside, and its explanation comes back as the start screen's notice as
// well as on ErrOut.
func TestOpenProgressCorruptGivesNotice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	if err := os.WriteFile(path, []byte("{ikke json"), 0o600); err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	env := Env{Getenv: func(k string) string {
		if k == "KUBEKURS_PROGRESS" {
			return path
		}
		return ""
	}}
	store, notice, err := openProgress(Streams{ErrOut: &errOut}, env)
	if err != nil || store == nil {
		t.Fatalf("store %v, err %v", store, err)
	}
	if !strings.Contains(notice, "kunne ikke leses") || !strings.Contains(notice, "progress.json.ødelagt-") {
		t.Errorf("notice %q", notice)
	}
	if strings.TrimSpace(errOut.String()) != notice {
		t.Errorf("ErrOut %q, want the notice", errOut.String())
	}

	// The file is fresh now: no notice the next time.
	if err := store.StepDone("L01", 1, false); err != nil {
		t.Fatal(err)
	}
	if _, notice, err := openProgress(Streams{ErrOut: &errOut}, env); err != nil || notice != "" {
		t.Errorf("second open: notice %q, err %v", notice, err)
	}
}
