package lab

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadOrCreatePKICorrupt(t *testing.T) {
	other := newTestPKI(t)
	copyFrom := func(dir, from string) func(*PKI) error {
		return func(p *PKI) error {
			data, err := os.ReadFile(filepath.Join(dir, from))
			if err != nil {
				return err
			}
			return os.WriteFile(p.Path(from), data, 0o600)
		}
	}
	write := func(name, data string) func(*PKI) error {
		return func(p *PKI) error { return os.WriteFile(p.Path(name), []byte(data), 0o644) }
	}
	remove := func(names ...string) func(*PKI) error {
		return func(p *PKI) error {
			for _, n := range names {
				if err := os.Remove(p.Path(n)); err != nil {
					return err
				}
			}
			return nil
		}
	}
	tests := []struct {
		name     string
		damage   func(*PKI) error
		wantFile string
	}{
		{"garbage cert", write(FileAPIServerCert, "not a certificate\x00\xff"), FileAPIServerCert},
		{"empty key", write(FileAdminKey, ""), FileAdminKey},
		{"garbage sa.pub", write(FileServiceAccountPub, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"), FileServiceAccountPub},
		{"wrong PEM type", func(p *PKI) error {
			data, err := os.ReadFile(p.Path(FileEtcdCert))
			if err != nil {
				return err
			}
			return os.WriteFile(p.Path(FileEtcdCert), bytes.Replace(data, []byte("CERTIFICATE"), []byte("X509 CRL"), 2), 0o644)
		}, FileEtcdCert},
		{"trailing data", func(p *PKI) error {
			f, err := os.OpenFile(p.Path(FileKwokCert), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			_, err = f.WriteString("junk\n")
			return errors.Join(err, f.Close())
		}, FileKwokCert},
		{"missing CA", remove(FileCACert, FileCAKey), FileCACert},
		{"missing ca.key", remove(FileCAKey), FileCAKey},
		{"missing ca.crt", remove(FileCACert), FileCACert},
		{"CA key mismatch", copyFrom(other.Dir, FileCAKey), FileCAKey},
		{"leaf key mismatch", func(p *PKI) error {
			data, err := os.ReadFile(p.Path(FileSchedulerKey))
			if err != nil {
				return err
			}
			return os.WriteFile(p.Path(FileAdminKey), data, 0o600)
		}, FileAdminKey},
		{"leaf from other CA", func(p *PKI) error {
			return errors.Join(copyFrom(other.Dir, FileAdminCert)(p), copyFrom(other.Dir, FileAdminKey)(p))
		}, FileAdminCert},
		{"leaf from other CA without key", func(p *PKI) error {
			return errors.Join(copyFrom(other.Dir, FileAdminCert)(p), remove(FileAdminKey)(p))
		}, FileAdminCert},
		{"sa key mismatch", copyFrom(other.Dir, FileServiceAccountKey), FileServiceAccountKey},
		{"leaf as CA", func(p *PKI) error {
			return errors.Join(
				os.WriteFile(p.Path(FileCACert), mustRead(t, p.Path(FileAdminCert)), 0o644),
				os.WriteFile(p.Path(FileCAKey), mustRead(t, p.Path(FileAdminKey)), 0o600))
		}, FileCACert},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPKI(t)
			if err := tt.damage(p); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, p.Dir)
			_, err := LoadOrCreatePKI(p.Dir, testNow)
			if !errors.Is(err, ErrCorruptPKI) {
				t.Fatalf("err = %v, want ErrCorruptPKI", err)
			}
			if !strings.Contains(err.Error(), p.Path(tt.wantFile)) {
				t.Errorf("err = %q, want it to name %s", err, tt.wantFile)
			}
			if changed := changedFiles(before, snapshot(t, p.Dir)); len(changed) > 0 {
				t.Errorf("changed %v, want nothing", changed)
			}
		})
	}
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func FuzzLoadOrCreatePKICorruptFile(f *testing.F) {
	template := newTestPKI(f)
	files := pkiFiles()
	for i, name := range files {
		f.Add(uint8(i), []byte("garbage"))
		f.Add(uint8(i), []byte{})
		f.Add(uint8(i), mustRead(f, template.Path(name)))
		f.Add(uint8(i), mustRead(f, template.Path(files[(i+2)%len(files)])))
	}
	f.Fuzz(func(t *testing.T, index uint8, data []byte) {
		dir := t.TempDir()
		for _, name := range files {
			if err := os.WriteFile(filepath.Join(dir, name), mustRead(t, template.Path(name)), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, files[int(index)%len(files)]), data, 0o600); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, dir)
		_, err := LoadOrCreatePKI(dir, testNow)
		if err != nil && !errors.Is(err, ErrCorruptPKI) {
			t.Fatalf("err = %v, want nil or ErrCorruptPKI", err)
		}
		if changed := changedFiles(before, snapshot(t, dir)); len(changed) > 0 {
			t.Errorf("err = %v, changed %v, want nothing", err, changed)
		}
	})
}
