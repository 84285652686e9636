package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/grade"
	"github.com/kubekurs/kubekurs/grade/class"
	"github.com/kubekurs/kubekurs/lessons"
)

// gradedWork is how far each student of the graded class gets: lesson
// and the steps done in it.
var gradedWork = map[string]map[string][]int{
	"Ada":      {"L02": {1, 2, 4, 5}, "L03": {1, 2, 3, 4}, "L04": {1, 2, 3, 4}},
	"Bjørn Ås": {"L02": {1, 2}},
	"Cecilie":  {},
}

// TestIntegrationGradeAClass is the classroom from the instructor's side:
// `class create` for three students (one with «ø» and a space), each does
// a different amount of L02–L04 with the built-in kubectl and their own
// kubeconfig (`check` proves each step), and `grade -l` prints the class
// as a table, CSV and JSON; the CSV and JSON match their golden files.
func TestIntegrationGradeAClass(t *testing.T) {
	c := labtest.Require(t, testCluster)
	dir := t.TempDir()
	admin := filepath.Join(dir, "admin.kubeconfig")
	list := filepath.Join(dir, "elever.txt")
	out := filepath.Join(dir, "klasse")
	if err := os.WriteFile(admin, c.Kubeconfig, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(list, []byte("Ada\nBjørn Ås\nCecilie\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	namespaces := map[string]string{"Ada": "g-ada", "Bjørn Ås": "g-bjorn-as", "Cecilie": "g-cecilie"}
	t.Cleanup(func() {
		for _, ns := range namespaces {
			_ = c.Client.CoreV1().Namespaces().Delete(t.Context(), ns, metav1.DeleteOptions{})
		}
	})
	env := Env{Executable: os.Executable, Getenv: func(string) string { return "" }}
	code, stdout, errOut := run(t, env, "class", "create", "graderes", "--students", list, "--prefix", "g-", "--kubeconfig", admin, "--out", out)
	if code != exitOK {
		t.Fatalf("class create: exit %d\n%s%s", code, stdout, errOut)
	}

	for name, work := range gradedWork {
		ns := namespaces[name]
		student := &learner{namespace: ns, kubeconfig: class.KubeconfigPath(out, ns), home: t.TempDir()}
		course, err := lessons.Load(lessons.Embedded(), "lessons/course", lessons.Vars{Namespace: ns})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"L02", "L03", "L04"} {
			for _, n := range work[id] {
				student.apply(t, course.Find(id).Steps[n-1].Solutions)
				args := []string{"check", id, "--step", fmt.Sprint(n), "--wait", "60s", "--kubeconfig", student.kubeconfig}
				if code, stdout, errOut := run(t, env, args...); code != exitOK {
					t.Fatalf("%s: %s step %d does not pass: exit %d\n%s%s", name, id, n, code, stdout, errOut)
				}
			}
		}
	}

	gradeArgs := []string{"grade", "-l", grade.ClassLabel + "=graderes", "--lesson", "L02,L03,L04", "--kubeconfig", admin}
	jsonOut := settledGrade(t, env, gradeArgs)
	var report grade.Class
	if err := json.Unmarshal([]byte(jsonOut), &report); err != nil {
		t.Fatalf("json: %v\n%s", err, jsonOut)
	}
	if report.Requests.Total == 0 || report.Requests.Total > 40 {
		t.Errorf("grading sent %d requests; want a handful for the whole class", report.Requests.Total)
	}
	report.Requests, report.Cluster = grade.Requests{}, "(clusteret)"
	normalised, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "grade-class.json", string(normalised)+"\n")

	code, csvOut, errOut := run(t, env, append(gradeArgs, "-o", "csv")...)
	if code != exitOK {
		t.Fatalf("grade -o csv: exit %d\n%s", code, errOut)
	}
	golden(t, "grade-class.csv", csvOut)

	code, table, errOut := run(t, env, gradeArgs...)
	if code != exitOK {
		t.Fatalf("grade: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"Bjørn Ås", "g-bjorn-as", "L02", "L04", "Sum", "✓ bestått", "3 elever vurdert med"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

// settledGrade runs `grade -o json` until two runs in a row agree, so that
// Pods still starting do not make the golden file flaky.
func settledGrade(t *testing.T, env Env, args []string) string {
	t.Helper()
	last := ""
	for range 30 {
		code, out, errOut := run(t, env, append(args, "-o", "json")...)
		if code != exitOK {
			t.Fatalf("grade -o json: exit %d\n%s", code, errOut)
		}
		var r grade.Class
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("json: %v\n%s", err, out)
		}
		r.Requests = grade.Requests{}
		norm, _ := json.Marshal(r)
		if string(norm) == last {
			return out
		}
		last = string(norm)
		time.Sleep(time.Second)
	}
	t.Fatal("the class's grades do not settle")
	return ""
}
