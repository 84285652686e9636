package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gofrs/flock"
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

// TestOpenProgressLocked: a progress file another kubekurs keeps locked
// is a Norwegian failure that says what to do, not a stack of errors.
func TestOpenProgressLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	lock := flock.New(path + ".lock")
	if err := lock.Lock(); err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	env := Env{Getenv: func(k string) string {
		if k == "KUBEKURS_PROGRESS" {
			return path
		}
		return ""
	}}
	_, _, err := openProgress(Streams{ErrOut: &bytes.Buffer{}}, env)
	if err == nil || !strings.Contains(err.Error(), "låst av en annen kubekurs") || !strings.Contains(err.Error(), "annet vindu") {
		t.Errorf("err = %v", err)
	}
}
