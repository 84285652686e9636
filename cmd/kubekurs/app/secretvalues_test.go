package app

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/grade"
)

// The values of the Secret test: distinctive, so that a leak of one
// into any output is found by a plain search.
const (
	secretWant  = "supersecret-7f3a"
	secretWrong = "feil-9c2b"
)

// secretCourse is a one-lesson pack whose only step asks for a Secret
// with an exact value. The lesson file holds the value: it is the task.
var secretCourse = map[string]string{
	"course.yaml": "title: Hemmelig kurs\nlessons:\n  - L01-hemmelig.md\n",
	"L01-hemmelig.md": `---
id: L01
title: Hemmelig
description: Lag en Secret med riktig passord.
minutes: 5
requires: []
---

Du jobber i Namespacet ` + "`{{.Namespace}}`" + `.

## Passordet

Lag Secreten ` + "`db`" + ` med ` + "`DB_PASSWORD=" + secretWant + "`" + `.

` + "```check" + `
- type: secretKeys
  name: db
  values: {DB_PASSWORD: ` + secretWant + `}
  hint: Lag Secreten på nytt med passordet fra oppgaven.
` + "```" + `

` + "```hint" + `
Bruk ` + "`kubectl create secret generic`" + `.
` + "```" + `

` + "```solution" + `
kubectl create secret generic db --from-literal=DB_PASSWORD=` + secretWant + `
` + "```" + `
`,
}

// secretLeak returns the first test value, or base64 of one (with or
// without a line break), that out contains, or "".
func secretLeak(out string) string {
	for _, v := range []string{secretWant, secretWrong} {
		for _, piece := range []string{v, base64.StdEncoding.EncodeToString([]byte(v)), base64.StdEncoding.EncodeToString([]byte(v + "\n"))} {
			if strings.Contains(out, piece) {
				return piece
			}
		}
	}
	return ""
}

// TestIntegrationSecretValuesNeverShown: a Secret with the wrong value
// fails `check` (text and JSON) and shows as failed in every format of
// `grade`, and none of them shows the expected or the actual value.
// Every way of writing the Secret — --from-literal, --from-file, data
// in base64 and stringData — passes alike; --from-file of a file ending
// in a line break is told so, still without a value.
func TestIntegrationSecretValuesNeverShown(t *testing.T) {
	c := labtest.Require(t, testCluster)
	l := newLearner(t, c)
	dir := t.TempDir()
	pack := filepath.Join(dir, "kurs")
	writeSecretCourse(t, pack, secretCourse)
	admin := filepath.Join(dir, "admin.kubeconfig")
	if err := os.WriteFile(admin, c.Kubeconfig, 0o600); err != nil {
		t.Fatal(err)
	}
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	checkArgs := []string{"check", "L01", "--lessons", pack, "--kubeconfig", l.kubeconfig, "--wait", "0"}
	noLeak := func(what, out string) {
		t.Helper()
		if p := secretLeak(out); p != "" {
			t.Errorf("%s shows %q:\n%s", what, p, out)
		}
	}
	const wrong = "verdien til DB_PASSWORD er ikke den oppgaven ber om"

	l.kubectl(t, "", "create", "secret", "generic", "db", "--from-literal=DB_PASSWORD="+secretWrong)
	for _, format := range []string{"text", "json"} {
		code, out, errOut := run(t, env, append(checkArgs, "-o", format)...)
		if code != exitError || !strings.Contains(out, wrong) || !strings.Contains(out, "Secreten «db» har nøkkelen DB_PASSWORD med verdien oppgaven ber om") {
			t.Errorf("check -o %s of a wrong value: exit %d (want %d), or the verdict is missing:\n%s%s", format, code, exitError, out, errOut)
		}
		noLeak("check -o "+format, out+errOut)
	}
	gradeArgs := []string{"grade", "--namespaces", l.namespace, "--lessons", pack, "--kubeconfig", admin}
	for _, format := range grade.Formats() {
		code, out, errOut := run(t, env, append(gradeArgs, "-o", format)...)
		if code != exitOK || !strings.Contains(out, l.namespace) {
			t.Errorf("grade -o %s: exit %d\n%s%s", format, code, out, errOut)
		}
		if format == "json" && !strings.Contains(out, wrong) {
			t.Errorf("grade -o json lacks the verdict %q:\n%s", wrong, out)
		}
		noLeak("grade -o "+format, out+errOut)
	}

	// Every way of writing the Secret, right and with a line break.
	file := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	manifest := "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n"
	forms := []struct {
		name  string
		stdin string
		args  []string
		found string // "" for a pass
	}{
		{"--from-literal", "", []string{"create", "secret", "generic", "db", "--from-literal=DB_PASSWORD=" + secretWant}, ""},
		{"--from-file", "", []string{"create", "secret", "generic", "db", "--from-file=DB_PASSWORD=" + file("passord.txt", secretWant)}, ""},
		{"--from-file with a line break", "", []string{"create", "secret", "generic", "db", "--from-file=DB_PASSWORD=" + file("passord-nl.txt", secretWant+"\n")},
			wrong + ": den slutter med linjeskift (som echo uten -n gir)"},
		{"data", manifest + "data:\n  DB_PASSWORD: " + base64.StdEncoding.EncodeToString([]byte(secretWant)) + "\n", []string{"apply", "-f", "-"}, ""},
		{"stringData", manifest + "stringData:\n  DB_PASSWORD: " + secretWant + "\n", []string{"apply", "-f", "-"}, ""},
	}
	for _, f := range forms {
		l.kubectl(t, "", "delete", "secret", "db")
		l.kubectl(t, f.stdin, f.args...)
		code, out, errOut := run(t, env, checkArgs...)
		switch {
		case f.found == "" && (code != exitOK || !strings.Contains(out, "1 av 1 kriterier bestått")):
			t.Errorf("%s: exit %d, want a pass\n%s%s", f.name, code, out, errOut)
		case f.found != "" && (code != exitError || !strings.Contains(out, f.found)):
			t.Errorf("%s: exit %d, want a failure with %q\n%s%s", f.name, code, f.found, out, errOut)
		}
		noLeak("check after "+f.name, out+errOut)
	}
}

// writeSecretCourse writes the files of a lesson pack into dir.
func writeSecretCourse(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLessonsValidateNamesABadSecretValueByItsKey: `lessons validate`
// reports a bad `values` entry at its line by its key, never its value.
func TestLessonsValidateNamesABadSecretValueByItsKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kurs")
	lesson := secretCourse["L01-hemmelig.md"]
	bad := strings.Replace(lesson, "values: {DB_PASSWORD: "+secretWant+"}", "values: {DB_PASSWORD: !!binary "+secretWant+"!}", 1)
	if bad == lesson {
		t.Fatal("the lesson has no values to break")
	}
	writeSecretCourse(t, dir, map[string]string{"course.yaml": secretCourse["course.yaml"], "L01-hemmelig.md": bad})
	env := Env{Getenv: func(string) string { return "" }, Executable: os.Executable}
	code, out, errOut := run(t, env, "lessons", "validate", dir)
	for _, want := range []string{
		"L01-hemmelig.md:18: verdien til «DB_PASSWORD» i «values» må være tekst, eller gyldig base64 etter !!binary",
	} {
		if code != exitError || !strings.Contains(errOut, want) {
			t.Errorf("exit %d (want %d), output lacks %q:\n%s%s", code, exitError, want, out, errOut)
		}
	}
	if p := secretLeak(out + errOut); p != "" {
		t.Errorf("lessons validate shows %q:\n%s%s", p, out, errOut)
	}
}
