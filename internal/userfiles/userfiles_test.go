package userfiles

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestConfigDir(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	tests := []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"HOME": "/h"}, "/h/.config/kubekurs"},
		{map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "/x"}, "/x/kubekurs"},
		{map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "relativ"}, "/h/.config/kubekurs"},
	}
	for _, tt := range tests {
		if got, err := ConfigDir(env(tt.vars)); err != nil || got != tt.want {
			t.Errorf("ConfigDir(%v) = %q, %v; want %q", tt.vars, got, err, tt.want)
		}
	}
	if _, err := ConfigDir(env(nil)); err == nil {
		t.Error("no HOME: want an error")
	}
}

func TestWriteAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ny", "fil.json")
	for _, content := range []string{"første\n", "andre\n"} {
		if err := WriteAtomic(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != content {
			t.Errorf("content %q, want %q", got, content)
		}
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v", st.Mode().Perm(), err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	public := filepath.Join(filepath.Dir(path), "ca.crt")
	if err := WriteAtomic(public, []byte("sertifikat"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(public); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644", st.Mode().Perm(), err)
	}
}

func TestRemoveStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	now := time.Now()
	old := now.Add(-2 * time.Minute)
	files := map[string]time.Time{
		".progress.json.123456":   old, // a killed writer's: removed
		".progress.json.654321":   now, // maybe a writer at work: kept
		".progress.json.12ab":     old, // not WriteAtomic's pattern: kept
		".progress.json.":         old, // no digits: kept
		"progress.json.lock":      old,
		".settings.json.111":      old, // another file's: kept
		"progress.json.ødelagt-1": old,
	}
	for name, mtime := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := RemoveStaleTemps(path, time.Minute, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 1 || filepath.Base(removed[0]) != ".progress.json.123456" {
		t.Errorf("removed %v", removed)
	}
	for name := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if gone := os.IsNotExist(err); gone != (name == ".progress.json.123456") {
			t.Errorf("%s: gone %v", name, gone)
		}
	}
}
