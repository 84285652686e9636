package lab

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)

func pkiFiles() []string {
	return []string{
		FileCACert, FileCAKey,
		FileAPIServerCert, FileAPIServerKey,
		FileEtcdCert, FileEtcdKey,
		FileEtcdClientCert, FileEtcdClientKey,
		FileAdminCert, FileAdminKey,
		FileControllerManagerCert, FileControllerManagerKey,
		FileSchedulerCert, FileSchedulerKey,
		FileKwokCert, FileKwokKey,
		FileServiceAccountKey, FileServiceAccountPub,
	}
}

type fileState struct {
	data    []byte
	modTime time.Time
	mode    os.FileMode
}

// snapshot records every entry in dir, so tests also notice stray temp files.
func snapshot(t testing.TB, dir string) map[string]fileState {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := make(map[string]fileState, len(entries))
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		s[e.Name()] = fileState{data: data, modTime: info.ModTime(), mode: info.Mode()}
	}
	return s
}

// changedFiles returns the sorted names that differ between two snapshots.
func changedFiles(before, after map[string]fileState) []string {
	var changed []string
	for name, b := range before {
		if a, ok := after[name]; !ok || !bytes.Equal(a.data, b.data) || !a.modTime.Equal(b.modTime) || a.mode != b.mode {
			changed = append(changed, name)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	return changed
}

func newTestPKI(t testing.TB) *PKI {
	t.Helper()
	p, err := LoadOrCreatePKI(filepath.Join(t.TempDir(), "pki"), testNow)
	if err != nil {
		t.Fatalf("LoadOrCreatePKI: %v", err)
	}
	return p
}

func readCert(t testing.TB, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func verifyLeaf(t testing.TB, p *PKI, name, host string, usage x509.ExtKeyUsage, at time.Time) error {
	t.Helper()
	roots := x509.NewCertPool()
	roots.AddCert(readCert(t, p.Path(FileCACert)))
	_, err := readCert(t, p.Path(name)).Verify(x509.VerifyOptions{
		DNSName:     host,
		Roots:       roots,
		CurrentTime: at,
		KeyUsages:   []x509.ExtKeyUsage{usage},
	})
	return err
}

func TestLoadOrCreatePKIFresh(t *testing.T) {
	p := newTestPKI(t)
	info, err := os.Stat(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o700 {
		t.Errorf("dir mode = %v, want 0700", got)
	}
	got := snapshot(t, p.Dir)
	if names := slices.Sorted(maps.Keys(got)); !slices.Equal(names, slices.Sorted(slices.Values(pkiFiles()))) {
		t.Errorf("files = %v, want %v", names, pkiFiles())
	}
	for _, name := range pkiFiles() {
		want := os.FileMode(0o644)
		if strings.HasSuffix(name, ".key") {
			want = 0o600
		}
		if m := got[name].mode.Perm(); m != want {
			t.Errorf("%s mode = %v, want %v", name, m, want)
		}
	}

	ca := readCert(t, p.Path(FileCACert))
	if !ca.IsCA || ca.KeyUsage&x509.KeyUsageCertSign == 0 {
		t.Errorf("CA: IsCA = %v, KeyUsage = %v", ca.IsCA, ca.KeyUsage)
	}
	if d := ca.NotAfter.Sub(testNow); d < 9*365*24*time.Hour {
		t.Errorf("CA valid for %v after now, want about 10 years", d)
	}
	if !ca.NotBefore.Before(testNow) {
		t.Errorf("CA NotBefore = %v, want before %v", ca.NotBefore, testNow)
	}
}

func TestLoadOrCreatePKIServingCerts(t *testing.T) {
	p := newTestPKI(t)
	tests := []struct {
		cert, host string
		usage      x509.ExtKeyUsage
		wantErr    bool
	}{
		{FileAPIServerCert, "localhost", x509.ExtKeyUsageServerAuth, false},
		{FileAPIServerCert, "127.0.0.1", x509.ExtKeyUsageServerAuth, false},
		{FileAPIServerCert, "10.96.0.1", x509.ExtKeyUsageServerAuth, false},
		{FileAPIServerCert, "kubernetes.default.svc.cluster.local", x509.ExtKeyUsageServerAuth, false},
		{FileAPIServerCert, "example.com", x509.ExtKeyUsageServerAuth, true},
		{FileEtcdCert, "localhost", x509.ExtKeyUsageServerAuth, false},
		{FileEtcdCert, "127.0.0.1", x509.ExtKeyUsageClientAuth, false},
		{FileEtcdCert, "10.96.0.1", x509.ExtKeyUsageServerAuth, true},
	}
	for _, tt := range tests {
		t.Run(tt.cert+"/"+tt.host, func(t *testing.T) {
			err := verifyLeaf(t, p, tt.cert, tt.host, tt.usage, testNow)
			if (err != nil) != tt.wantErr {
				t.Errorf("Verify = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}

func TestLoadOrCreatePKIClientCerts(t *testing.T) {
	p := newTestPKI(t)
	tests := []struct {
		cert, cn string
		org      []string
	}{
		{FileEtcdClientCert, "kube-apiserver-etcd-client", nil},
		{FileAdminCert, "kubekurs-admin", []string{"system:masters"}},
		{FileControllerManagerCert, "system:kube-controller-manager", nil},
		{FileSchedulerCert, "system:kube-scheduler", nil},
		{FileKwokCert, "kubekurs-kwok", []string{"system:masters"}},
	}
	for _, tt := range tests {
		t.Run(tt.cert, func(t *testing.T) {
			c := readCert(t, p.Path(tt.cert))
			if c.Subject.CommonName != tt.cn || !slices.Equal(c.Subject.Organization, tt.org) {
				t.Errorf("subject = %v, want CN=%s O=%v", c.Subject, tt.cn, tt.org)
			}
			if !slices.Equal(c.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}) {
				t.Errorf("ExtKeyUsage = %v, want client auth only", c.ExtKeyUsage)
			}
			if err := verifyLeaf(t, p, tt.cert, "", x509.ExtKeyUsageClientAuth, testNow); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

func TestLoadOrCreatePKIKeepsValidPKI(t *testing.T) {
	p := newTestPKI(t)
	before := snapshot(t, p.Dir)
	time.Sleep(10 * time.Millisecond) // let a rewrite show up in the mtimes
	// 31 days before the leaves expire is just outside the renewal window.
	for _, now := range []time.Time{testNow, testNow.Add(365 * 24 * time.Hour), testNow.Add(leafValidity - 31*24*time.Hour)} {
		if _, err := LoadOrCreatePKI(p.Dir, now); err != nil {
			t.Fatalf("second LoadOrCreatePKI: %v", err)
		}
		if changed := changedFiles(before, snapshot(t, p.Dir)); len(changed) > 0 {
			t.Errorf("now %v: changed %v, want nothing", now, changed)
		}
	}
}

func TestLoadOrCreatePKIRenewsExpiringLeaves(t *testing.T) {
	p := newTestPKI(t)
	// The scheduler pair is a year younger than the rest, so it is not due yet.
	for _, name := range []string{FileSchedulerCert, FileSchedulerKey} {
		if err := os.Remove(p.Path(name)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := LoadOrCreatePKI(p.Dir, testNow.Add(365*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, p.Dir)
	later := testNow.Add(leafValidity - 10*24*time.Hour)
	if _, err := LoadOrCreatePKI(p.Dir, later); err != nil {
		t.Fatalf("LoadOrCreatePKI near expiry: %v", err)
	}
	want := []string{FileAPIServerCert, FileAdminCert, FileControllerManagerCert,
		FileEtcdClientCert, FileEtcdCert, FileKwokCert}
	slices.Sort(want)
	after := snapshot(t, p.Dir)
	if changed := changedFiles(before, after); !slices.Equal(changed, want) {
		t.Errorf("changed %v, want %v", changed, want)
	}
	if err := verifyLeaf(t, p, FileAPIServerCert, "localhost", x509.ExtKeyUsageServerAuth, later.Add(365*24*time.Hour)); err != nil {
		t.Errorf("renewed apiserver cert: %v", err)
	}
	c := readCert(t, p.Path(FileAdminCert))
	if c.Subject.CommonName != "kubekurs-admin" || !slices.Equal(c.Subject.Organization, []string{"system:masters"}) {
		t.Errorf("renewed admin subject = %v", c.Subject)
	}
	if _, err := LoadOrCreatePKI(p.Dir, later); err != nil {
		t.Fatalf("LoadOrCreatePKI after renewal: %v", err)
	}
	if changed := changedFiles(after, snapshot(t, p.Dir)); len(changed) > 0 {
		t.Errorf("call after renewal changed %v", changed)
	}
}

func TestLoadOrCreatePKIRecreatesMissing(t *testing.T) {
	tests := []struct {
		name    string
		remove  []string
		changed []string
	}{
		{"leaf key", []string{FileSchedulerKey}, []string{FileSchedulerCert, FileSchedulerKey}},
		{"leaf cert", []string{FileSchedulerCert}, []string{FileSchedulerCert}},
		{"leaf pair", []string{FileAPIServerCert, FileAPIServerKey}, []string{FileAPIServerCert, FileAPIServerKey}},
		{"sa.pub", []string{FileServiceAccountPub}, []string{FileServiceAccountPub}},
		{"sa.key", []string{FileServiceAccountKey}, []string{FileServiceAccountKey, FileServiceAccountPub}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPKI(t)
			for _, name := range tt.remove {
				if err := os.Remove(p.Path(name)); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, p.Dir)
			if _, err := LoadOrCreatePKI(p.Dir, testNow); err != nil {
				t.Fatalf("LoadOrCreatePKI: %v", err)
			}
			after := snapshot(t, p.Dir)
			if changed := changedFiles(before, after); !slices.Equal(changed, tt.changed) {
				t.Errorf("changed %v, want %v", changed, tt.changed)
			}
			if _, err := LoadOrCreatePKI(p.Dir, testNow); err != nil {
				t.Fatalf("LoadOrCreatePKI after repair: %v", err)
			}
			if changed := changedFiles(after, snapshot(t, p.Dir)); len(changed) > 0 {
				t.Errorf("call after repair changed %v", changed)
			}
		})
	}
}

// An interrupted first run can leave only ca.key behind.
func TestLoadOrCreatePKIResumesAfterLoneCAKey(t *testing.T) {
	p := newTestPKI(t)
	key, err := os.ReadFile(p.Path(FileCAKey))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "pki")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileCAKey), key, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreatePKI(dir, testNow); err != nil {
		t.Fatalf("LoadOrCreatePKI: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, FileCAKey)); !bytes.Equal(got, key) {
		t.Error("ca.key was replaced")
	}
}
