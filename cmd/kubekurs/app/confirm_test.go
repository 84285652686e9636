package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfirmContextAsksOnceAndRemembers(t *testing.T) {
	home := t.TempDir()
	env := Env{Getenv: func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}}
	ask := func(answer string) (error, string) {
		var out bytes.Buffer
		err := confirmContext(Streams{In: strings.NewReader(answer), Out: &out, ErrOut: &out}, env, "skole", "https://10.0.0.1:6443", "elev-kari")
		return err, out.String()
	}
	err, out := ask("n\n")
	if err == nil || !strings.Contains(out, "«skole» (API-server https://10.0.0.1:6443)") {
		t.Fatalf("no: err %v, out %q", err, out)
	}
	if err, _ := ask("\n"); err == nil {
		t.Fatal("an empty answer must mean no")
	}
	if err, _ := ask("j\n"); err != nil {
		t.Fatalf("yes: %v", err)
	}
	if err, out := ask(""); err != nil || out != "" {
		t.Fatalf("second time asked again: %v %q", err, out)
	}
	// Another server under the same context name is asked about anew.
	var out2 bytes.Buffer
	if err := confirmContext(Streams{In: strings.NewReader(""), Out: &out2, ErrOut: &out2}, env, "skole", "https://10.0.0.2:6443", "kurs"); err == nil {
		t.Fatal("a new server was used without asking")
	}
}

func TestConfirmContextKeepsUnreadableFile(t *testing.T) {
	home := t.TempDir()
	env := Env{Getenv: func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}}
	path := filepath.Join(home, ".config", "kubekurs", "contexts.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("{ødelagt"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := confirmContext(Streams{In: strings.NewReader("j\n"), Out: &out, ErrOut: &out}, env, "c", "https://s", "kurs"); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(path + ".ødelagt-*")
	if len(matches) != 1 {
		t.Fatalf("backup not kept: %v\n%s", matches, out.String())
	}
	if data, _ := os.ReadFile(matches[0]); string(data) != "{ødelagt" {
		t.Errorf("backup content %q", data)
	}
}
