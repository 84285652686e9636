package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/grade/class"
	"github.com/kubekurs/kubekurs/lessons"
)

// TestClassCreateRejectsBadInput: a bad class name, flag or list is a
// usage error that names the problem, before any cluster is looked for.
func TestClassCreateRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "elever.txt")
	if err := os.WriteFile(list, []byte("Kari\n李雷\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"class", "create", "8A", "--students", list}, "«8A» kan ikke være navnet på en klasse"},
		{[]string{"class", "create"}, "«kubekurs class create» trenger navnet på klassen"},
		{[]string{"class", "create", "8a"}, "oppgi elevlisten med --students FIL"},
		{[]string{"class", "create", "8a", "--students", filepath.Join(dir, "borte.txt")}, "filen finnes ikke"},
		{[]string{"class", "create", "8a", "--students", list, "--token-ttl", "5m"}, "--token-ttl må være minst 10m"},
		{[]string{"class", "create", "8a", "--students", list, "--token-ttl", "7d"}, "ikke en varighet, skriv for eksempel 168h"},
		{[]string{"class", "create", "8a", "--students", list, "--pods", "mange"}, "«mange» er ingen gyldig mengde for --pods"},
		{[]string{"class", "create", "8a", "--students", list, "--prefix", "Elev_"}, "«Elev_» kan ikke være prefiks"},
		{[]string{"class", "create", "8a", "--students", list}, list + ":2: «李雷» gir ikke noe navn på et Namespace"},
		{[]string{"class", "delete", "8a", "8b"}, "«kubekurs class delete» trenger navnet på klassen"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, noEnv(), tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, want %d and %q\n%s%s", tt.args, code, exitUsage, tt.want, out, errOut)
		}
	}
}

// TestIntegrationClassCommands: the instructor makes a class of three
// through the command line; a student's kubeconfig does a lesson step
// with the built-in kubectl and `kubekurs check` passes it; the class is
// listed, and deleted only when confirmed.
func TestIntegrationClassCommands(t *testing.T) {
	c := labtest.Require(t, testCluster)
	dir := t.TempDir()
	admin := filepath.Join(dir, "admin.kubeconfig")
	list := filepath.Join(dir, "elever.csv")
	out := filepath.Join(dir, "klasse")
	if err := os.WriteFile(admin, c.Kubeconfig, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(list, []byte("nr;Navn\n1;Bjørn Ås\n2;Kari Nordmann\n3;Bjorn As\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, ns := range []string{"elev-bjorn-as", "elev-kari-nordmann", "elev-bjorn-as-2"} {
			_ = c.Client.CoreV1().Namespaces().Delete(t.Context(), ns, metav1.DeleteOptions{})
		}
	})
	home := t.TempDir()
	env := Env{Executable: os.Executable, Getenv: func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}}
	code, stdout, errOut := run(t, env, "class", "create", "kurs", "--students", list, "--kubeconfig", admin, "--out", out)
	if code != exitOK {
		t.Fatalf("create: exit %d\n%s%s", code, stdout, errOut)
	}
	for _, want := range []string{
		list + ":4: «Bjorn As» gir samme Namespace, «elev-bjorn-as», som «Bjørn Ås» på linje 2; får «elev-bjorn-as-2»",
		"NAVN", "TOKEN GYLDIG TIL", "STATUS",
		"Bjørn Ås", "elev-bjorn-as", filepath.Join(out, "elev-bjorn-as.kubeconfig"), "opprettet",
		"3 elever: 3 opprettet, 0 fantes fra før, 0 fornyet, 0 avvist, 0 feilet.",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("create output lacks %q:\n%s", want, stdout)
		}
	}

	// The student does L04's first step with the built-in kubectl, and
	// `kubekurs check` passes it.
	student := &learner{namespace: "elev-bjorn-as", kubeconfig: class.KubeconfigPath(out, "elev-bjorn-as"), home: t.TempDir()}
	course, err := lessons.Load(lessons.Embedded(), "lessons/course", lessons.Vars{Namespace: student.namespace})
	if err != nil {
		t.Fatal(err)
	}
	student.apply(t, course.Find("L04").Steps[0].Solutions)
	code, stdout, errOut = run(t, env, "check", "L04", "--step", "1", "--kubeconfig", student.kubeconfig)
	if code != exitOK || !strings.Contains(stdout, "elev-bjorn-as") {
		t.Errorf("check as the student: exit %d\n%s%s", code, stdout, errOut)
	}

	code, stdout, _ = run(t, env, "class", "create", "kurs", "--students", list, "--kubeconfig", admin, "--out", out)
	if code != exitOK || !strings.Contains(stdout, "3 elever: 0 opprettet, 3 fantes fra før") {
		t.Errorf("second create: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run(t, env, "class", "list", "kurs", "--kubeconfig", admin, "--out", out)
	if code != exitOK || !strings.Contains(stdout, "Kari Nordmann") || !strings.Contains(stdout, filepath.Join(out, "elev-kari-nordmann.kubeconfig")) {
		t.Errorf("list: exit %d\n%s", code, stdout)
	}

	code, stdout, errOut = run(t, env, "class", "delete", "kurs", "--kubeconfig", admin)
	if code != exitUsage || !strings.Contains(errOut, "Sletting må bekreftes") || !strings.Contains(stdout, "  - elev-bjorn-as (Bjørn Ås)") {
		t.Errorf("delete without --yes off a terminal: exit %d\n%s%s", code, stdout, errOut)
	}
	if ns, err := c.Client.CoreV1().Namespaces().Get(t.Context(), "elev-bjorn-as", metav1.GetOptions{}); err != nil || ns.DeletionTimestamp != nil {
		t.Fatalf("deleted without confirmation: %v", err)
	}
	code, stdout, errOut = run(t, env, "class", "delete", "kurs", "--kubeconfig", admin, "--yes")
	if code != exitOK || !strings.Contains(stdout, "Slettet 3 av 3 Namespacer.") {
		t.Errorf("delete --yes: exit %d\n%s%s", code, stdout, errOut)
	}
}
