package class

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// fakeToken is a JSON Web Token that expires at exp (unsigned: only its
// claims matter here).
func fakeToken(exp time.Time) string {
	claims := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"x","exp":` + strconv.FormatInt(exp.Unix(), 10) + `}`))
	return "eyJhbGciOiJSUzI1NiJ9." + claims + ".c2ln"
}

// TestKubeconfigRoundTrip: a written kubeconfig is the student's (its
// CA read from the admin's file), mode 0600, and its token's expiry is
// read back; anything else at the path is foreign.
func TestKubeconfigRoundTrip(t *testing.T) {
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.crt")
	if err := os.WriteFile(ca, []byte("CA-DATA"), 0o600); err != nil {
		t.Fatal(err)
	}
	admin := &rest.Config{Host: "https://127.0.0.1:6443", TLSClientConfig: rest.TLSClientConfig{CAFile: ca, ServerName: "kubernetes"}}
	exp := time.Date(2026, 12, 12, 8, 0, 0, 0, time.UTC)
	cfg, err := studentKubeconfig(admin, "8a", "elev-kari", fakeToken(exp))
	if err != nil {
		t.Fatal(err)
	}
	path := KubeconfigPath(dir, "elev-kari")
	if err := writeKubeconfig(path, cfg); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v: %v", info.Mode(), err)
	}
	state, expires := inspectKubeconfig(path, "elev-kari")
	if state != fileOurs || !expires.Equal(exp) {
		t.Errorf("state %v, expires %s, want ours and %s", state, expires, exp)
	}
	loaded, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := loaded.Contexts[loaded.CurrentContext]
	cl := loaded.Clusters[ctx.Cluster]
	if ctx.Namespace != "elev-kari" || string(cl.CertificateAuthorityData) != "CA-DATA" || cl.Server != admin.Host || cl.TLSServerName != "kubernetes" {
		t.Errorf("context %+v, cluster %+v", ctx, cl)
	}
	if state, _ := inspectKubeconfig(path, "elev-ola"); state != fileForeign {
		t.Errorf("another student's file: %v", state)
	}
	if state, _ := inspectKubeconfig(filepath.Join(dir, "borte"), "elev-kari"); state != fileMissing {
		t.Errorf("no file: %v", state)
	}
	if !tokenExpiry("ikke et token").IsZero() || !tokenExpiry("a.!!!.c").IsZero() {
		t.Error("expiry read from a malformed token")
	}
}
