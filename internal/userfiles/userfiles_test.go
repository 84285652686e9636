package userfiles

import (
	"os"
	"path/filepath"
	"testing"
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
