package app

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestLessonsListJSON(t *testing.T) {
	code, out, errOut := run(t, noEnv(), "lessons", "list", "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got lessonList
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("not the documented JSON: %v\n%s", err, out)
	}
	if got.Course == "" || got.Dir != "lessons/course" {
		t.Errorf("course %q in %q", got.Course, got.Dir)
	}
	var ids []string
	for _, l := range got.Lessons {
		ids = append(ids, l.ID)
		if l.Title == "" || l.Description == "" || l.Steps < 1 || l.Minutes < 1 || l.Requires == nil || !strings.HasPrefix(l.File, "lessons/course/"+l.ID+"-") {
			t.Errorf("%s: incomplete %+v", l.ID, l)
		}
	}
	if strings.Join(ids, ",") != "L01,L02,L03,L04,L05,L06,L07,L08,L09,L10,L11" {
		t.Errorf("lessons %v, want L01–L11 in order", ids)
	}
	// L02's step that runs a real container needs one; the lesson as a
	// whole does not.
	l02 := got.Lessons[1]
	if len(l02.Requires) != 0 || len(l02.StepRequires) != 1 || strings.Join(l02.StepRequires[0].Requires, ",") != "running-containers" {
		t.Errorf("L02 requires %v, steps %+v", l02.Requires, l02.StepRequires)
	}
	// The raw JSON keys are the documented ones.
	for _, key := range []string{`"id": "L01"`, `"title": `, `"steps": `, `"minutes": 15`, `"requires": []`, `"stepRequires": [`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

func TestLessonsListTable(t *testing.T) {
	code, out, errOut := run(t, noEnv(), "lessons", "list", "-o", "table")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	want := []string{
		"ID   TITTEL                                                 STEG  MINUTTER  KREVER",
		"L01  Velkommen til Kubernetes                               4     15        –",
		"L02  Ressursfiler og din første Pod                         5     25        running-containers (steg 3)",
		"L03  Labeler, annotations og Namespaces                     7     25        –",
		"L04  Deployment og ReplicaSet                               4     25        –",
		"L05  Skalering og selvreparasjon                            5     25        multiple-nodes (steg 2, 4, 5)",
		"L06  Rullende oppdatering og tilbakerulling                 5     30        –",
		"L07  Service del 1: ClusterIP, DNS og endepunkter           6     30        running-containers (steg 4), dns (steg 4)",
		"L08  Service del 2: NodePort, LoadBalancer og ExternalName  6     30        running-containers (steg 3), loadbalancer (steg 5)",
		"L09  Ingress: trafikk inn i clusteret                       6     30        ingress-controller, running-containers (steg 4, 6)",
		"L10  ConfigMap: konfigurasjon utenfor imaget                5     30        running-containers (steg 5)",
		"L11  Secrets: passord og nøkler                             6     35        running-containers (steg 6)",
		"",
		"11 leksjoner, omtrent 300 minutter i alt (lessons/course).",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("table:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
}

func TestLessonsListPlainWhenPiped(t *testing.T) {
	// The test's stdout is a buffer, not a terminal: plain lines.
	code, out, errOut := run(t, noEnv(), "lessons", "list")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 11 {
		t.Fatalf("%d lines, want one per lesson:\n%s", len(lines), out)
	}
	if lines[0] != "L01\tVelkommen til Kubernetes\t4\t15\t" || lines[1] != "L02\tRessursfiler og din første Pod\t5\t25\trunning-containers (steg 3)" {
		t.Errorf("plain lines:\n%q", lines)
	}
}

func TestLessonsListDirectory(t *testing.T) {
	const dir = "../../../lessons/course"
	for _, args := range [][]string{{"lessons", "list", dir}, {"lessons", "list", "--lessons", dir}} {
		code, out, errOut := run(t, noEnv(), args...)
		if code != exitOK || !strings.HasPrefix(out, "L01\t") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"lessons", "list", "finnes-ikke"}, exitUsage, "Finner ikke leksjonskatalogen «finnes-ikke»"},
		{[]string{"lessons", "list", dir, "--lessons", "annen"}, exitUsage, "enten som argument eller med --lessons"},
		{[]string{"lessons", "list", "-o", "yaml"}, exitUsage, "--output må være table, text eller json"},
		{[]string{"lessons", "list", "../../../lessons/testdata/broken"}, exitUsage, "Leksjonene kan ikke leses"},
	} {
		code, _, errOut := run(t, noEnv(), tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, want %d with %q\n%s", tt.args, code, tt.code, tt.want, errOut)
		}
	}
}
