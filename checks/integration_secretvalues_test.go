package checks

import (
	"encoding/base64"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"
)

// secretValuesCheck asks for the value of DB_PASSWORD in the Secret db.
const secretValuesCheck = `{type: secretKeys, name: db, values: {DB_PASSWORD: ` + wantValue + `}}`

func TestIntegrationSecretValues(t *testing.T) {
	l := newLab(t)
	sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db"}, StringData: map[string]string{"DB_PASSWORD": wrongValue}}
	_, err := l.client.CoreV1().Secrets(l.ns).Create(l.ctx(), sec, metav1.CreateOptions{})
	l.must(err)
	before, after := l.failThenPass(secretValuesCheck, func() {
		sec.StringData = map[string]string{"DB_PASSWORD": wantValue}
		_, err := l.client.CoreV1().Secrets(l.ns).Update(l.ctx(), sec, metav1.UpdateOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "Secreten «db» har nøkkelen DB_PASSWORD med verdien oppgaven ber om")
	wantText(t, "found before", before.Found, "nøkler: DB_PASSWORD; "+strings.ReplaceAll(msgSecretValueWrong, "%s", "DB_PASSWORD"))
	wantText(t, "found before", before.Found, "nøkler: DB_PASSWORD; verdien til DB_PASSWORD er ikke den oppgaven ber om")
	wantText(t, "found after", after.Found, "nøkler: DB_PASSWORD")
	for _, r := range []Result{before, after} {
		if p := leakedSecret(strings.Join([]string{r.Criterion, r.Expected, r.Found, r.Detail, r.Hint}, "\x00")); p != "" {
			t.Errorf("%q leaked into %+v", p, r)
		}
	}
}

// TestIntegrationSecretValuesMissingKeyAndNewline: a Secret without the
// key fails on the key; one whose value has a line break at the end (as
// `--from-file` of a file written by echo gives) is told so.
func TestIntegrationSecretValuesMissingKeyAndNewline(t *testing.T) {
	l := newLab(t)
	sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db"}, Data: map[string][]byte{"DB_USER": []byte("app")}}
	_, err := l.client.CoreV1().Secrets(l.ns).Create(l.ctx(), sec, metav1.CreateOptions{})
	l.must(err)
	missing := l.run(compileOne(t, secretValuesCheck))
	if missing.Status != Failed || missing.Found != "nøkler: DB_USER" {
		t.Errorf("missing key: %v %q, want %v %q", missing.Status, missing.Found, Failed, "nøkler: DB_USER")
	}
	_, after := l.failThenPass(secretValuesCheck, func() {
		sec.Data = map[string][]byte{"DB_USER": []byte("app"), "DB_PASSWORD": []byte(wantValue)}
		_, err := l.client.CoreV1().Secrets(l.ns).Update(l.ctx(), sec, metav1.UpdateOptions{})
		l.must(err)
	})
	sec.Data = map[string][]byte{"DB_PASSWORD": []byte(wantValue + "\n")}
	_, err = l.client.CoreV1().Secrets(l.ns).Update(l.ctx(), sec, metav1.UpdateOptions{})
	l.must(err)
	newline := l.run(compileOne(t, secretValuesCheck))
	wantText(t, "found with a line break", newline.Found, "nøkler: DB_PASSWORD; verdien til DB_PASSWORD er ikke den oppgaven ber om: den slutter med linjeskift (som echo uten -n gir)")
	if newline.Status != Failed {
		t.Errorf("a value with a line break: %v, want %v", newline.Status, Failed)
	}
	for _, r := range []Result{missing, after, newline} {
		if p := leakedSecret(strings.Join([]string{r.Criterion, r.Expected, r.Found, r.Detail, r.Hint}, "\x00")); p != "" {
			t.Errorf("%q leaked into %+v", p, r)
		}
	}
}

// TestIntegrationSecretValuesInputForms: a Secret written with data
// (base64, as in a manifest), with stringData, or with the bytes of a
// file (what --from-file sends) compares the same; a binary value
// matches a !!binary one. (kubectl create secret generic is tested in
// cmd/kubekurs/app.)
func TestIntegrationSecretValuesInputForms(t *testing.T) {
	l := newLab(t)
	secrets := l.client.CoreV1().Secrets(l.ns)
	c := compileOne(t, secretValuesCheck)
	forms := []struct {
		name     string
		manifest string
	}{
		{"data", "data:\n  DB_PASSWORD: " + base64.StdEncoding.EncodeToString([]byte(wantValue)) + "\n"},
		{"stringData", "stringData:\n  DB_PASSWORD: " + wantValue + "\n"},
		{"data, wrong", "data:\n  DB_PASSWORD: " + base64.StdEncoding.EncodeToString([]byte(wrongValue)) + "\n"},
		{"stringData, wrong", "stringData:\n  DB_PASSWORD: " + wrongValue + "\n"},
	}
	for _, f := range forms {
		l.applySecretManifest("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n" + f.manifest)
		r := l.run(c)
		want := Passed
		if strings.HasSuffix(f.name, "wrong") {
			want = Failed
		}
		if r.Status != want {
			t.Errorf("%s: %v %q, want %v", f.name, r.Status, r.Found, want)
		}
		if p := leakedSecret(strings.Join([]string{r.Criterion, r.Expected, r.Found, r.Detail, r.Hint}, "\x00")); p != "" {
			t.Errorf("%s: %q leaked into %+v", f.name, p, r)
		}
		l.must(secrets.Delete(l.ctx(), "db", metav1.DeleteOptions{}))
	}

	// What --from-file sends: the file's bytes, in data.
	_, err := secrets.Create(l.ctx(), &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db"}, Data: map[string][]byte{"DB_PASSWORD": []byte(wantValue)}}, metav1.CreateOptions{})
	l.must(err)
	if r := l.run(c); r.Status != Passed {
		t.Errorf("file bytes in data: %v %q, want %v", r.Status, r.Found, Passed)
	}

	l.applySecretManifest("apiVersion: v1\nkind: Secret\nmetadata:\n  name: keystore\ndata:\n  keystore: AAECAw==\n")
	if r := l.run(compileOne(t, `{type: secretKeys, name: keystore, values: {keystore: !!binary AAECAw==}}`)); r.Status != Passed {
		t.Errorf("binary value: %v %q, want %v", r.Status, r.Found, Passed)
	}
	if r := l.run(compileOne(t, "{type: secretKeys, name: keystore, values: {keystore: !!binary AAECBA==}}")); r.Status != Failed {
		t.Errorf("another binary value: %v %q, want %v", r.Status, r.Found, Failed)
	}
}

// applySecretManifest creates the Secret in the YAML manifest through
// the dynamic client, which sends it as JSON as written: data stays the
// base64 text the manifest holds, for the API server to decode.
func (l *labEnv) applySecretManifest(manifest string) {
	l.t.Helper()
	var obj map[string]any
	l.must(yaml.Unmarshal([]byte(manifest), &obj))
	_, err := l.dynamic().Resource(schema.GroupVersionResource{Version: "v1", Resource: "secrets"}).Namespace(l.ns).
		Create(l.ctx(), &unstructured.Unstructured{Object: obj}, metav1.CreateOptions{})
	l.must(err)
}
