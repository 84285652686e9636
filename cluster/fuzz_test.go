package cluster

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzOpenSettings feeds arbitrary bytes as config.json: opening never
// fails on content and never loses it (an unreadable file is moved aside
// byte for byte), and the settings can be written and read back after.
func FuzzOpenSettings(f *testing.F) {
	f.Add([]byte(`{"cluster":{"kind":"kind","name":"kubekurs"},"confirmed":[{"context":"c","server":"s","at":"2026-11-22T03:00:00Z"}]}`))
	f.Add([]byte(`{"cluster":null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte("{ødelagt"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, SettingsFileName)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := OpenSettings(dir, time.Now)
		if err != nil {
			t.Fatalf("content made OpenSettings fail: %v", err)
		}
		if b := s.Recovered(); b != "" {
			kept, err := os.ReadFile(b)
			if err != nil || string(kept) != string(data) {
				t.Fatalf("backup lost the content: %v", err)
			}
		}
		if err := s.SetChoice(&Choice{Kind: KindLab}); err != nil {
			t.Fatal(err)
		}
		again, err := OpenSettings(dir, time.Now)
		if err != nil || again.Recovered() != "" || again.Choice() == nil || again.Choice().Kind != KindLab {
			t.Fatalf("written settings do not read back: %v", err)
		}
	})
}
