package lessons

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWrongBlockParses(t *testing.T) {
	lesson := header + "## S\n\n" + okStep + "\n```wrong\n" +
		"name: glemt --restart=Never\n" + // line 22; the fence is line 21
		"before: kubectl run nginx --image=nginx:1.27\n" +
		"commands: |\n" +
		"  kubectl run hallo --image=busybox:1.36 -- sh -c 'sleep 3600'\n" +
		"  kubectl label pod hallo a=b\n" +
		"fails: restartPolicy\n" +
		"hint: --restart=Never\n" +
		"fix: kubectl delete pod hallo\n" +
		"redo: true\n" +
		"```\n\n```wrong\nname: feil image\nmanifest: |\n  apiVersion: v1\n  kind: Pod\n  metadata:\n    name: {{.Namespace}}\n" +
		"fails: image\n```\n"
	fsys := fstest.MapFS{
		"course.yaml": {Data: []byte("title: T\nlessons: [L.md]\n")},
		"L.md":        {Data: []byte(lesson)},
	}
	c, err := Load(fsys, "k", Vars{Namespace: "elev-x"})
	if err != nil {
		t.Fatal(err)
	}
	step := c.Lessons[0].Steps[0]
	if len(step.Wrong) != 2 {
		t.Fatalf("%d wrong attempts, want 2", len(step.Wrong))
	}
	w := step.Wrong[0]
	want := &WrongAttempt{
		Name:    "glemt --restart=Never",
		Before:  &Solution{Kind: SolutionCommands, Text: "kubectl run nginx --image=nginx:1.27", Commands: [][]string{{"kubectl", "run", "nginx", "--image=nginx:1.27"}}, Line: 23},
		Attempt: &Solution{Kind: SolutionCommands, Text: "kubectl run hallo --image=busybox:1.36 -- sh -c 'sleep 3600'\nkubectl label pod hallo a=b\n", Commands: [][]string{{"kubectl", "run", "hallo", "--image=busybox:1.36", "--", "sh", "-c", "sleep 3600"}, {"kubectl", "label", "pod", "hallo", "a=b"}}, Line: 25},
		Fails:   "restartPolicy",
		Hint:    "--restart=Never",
		Fix:     &Solution{Kind: SolutionCommands, Text: "kubectl delete pod hallo", Commands: [][]string{{"kubectl", "delete", "pod", "hallo"}}, Line: 29},
		Redo:    true,
		Line:    21,
	}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("wrong attempt\n got %+v\nwant %+v", w, want)
	}
	m := step.Wrong[1].Attempt
	if m == nil || m.Kind != SolutionManifest || m.Text != "apiVersion: v1\nkind: Pod\nmetadata:\n  name: elev-x\n" {
		t.Errorf("manifest attempt = %+v", m)
	}
	if strings.Contains(step.Body, "restartPolicy") {
		t.Errorf("the wrong block is shown to the learner: %q", step.Body)
	}
}

func TestValidateWrongBlocks(t *testing.T) {
	step := header + "## S\n\n" + okStep + "\n" // the wrong block's fence is line 21
	tests := []struct {
		name  string
		block string
		want  []string
	}{
		{"good", "name: x\ncommands: kubectl scale deployment web --replicas=2\nfails: replicas\n", nil},
		{"no name or fails", "commands: kubectl get pods\n", []string{"k/L.md:21: wrong-blokken mangler name (hva feilen er)", "k/L.md:21: wrong-blokken mangler fails (en del av kriteriet som skal feile)"}},
		{"unknown key", "name: x\nfails: y\nfailing: z\n", []string{"k/L.md:24: ukjent nøkkel «failing» i wrong-blokken"}},
		{"both", "name: x\nfails: y\ncommands: kubectl get pods\nmanifest: |\n  a: b\n", []string{"k/L.md:25: wrong-blokken kan ha commands eller manifest, ikke begge"}},
		{"not kubectl", "name: x\nfails: y\ncommands: |\n  kubectl get pods\n  rm -rf /\n", []string{"k/L.md:26: løsningslinjen må starte med kubectl"}},
		{"shell", "name: x\nfails: y\nfix: kubectl get pods | grep x\n", []string{"k/L.md:24: løsningslinjen bruker «|» utenfor '…'; løsninger kjøres uten skall, så skriv én kubectl-kommando per linje og sett spesialtegn i '…'"}},
		{"other namespace", "name: x\nfails: y\nbefore: kubectl delete pod p -n kube-system\n", []string{"k/L.md:24: bruker Namespace «kube-system», som ikke er elevens: bruk {{.Namespace}} eller et navn som begynner med {{.Namespace}}-"}},
		{"manifest elsewhere", "name: x\nfails: y\nmanifest: |\n  apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n    namespace: kube-system\n", []string{"k/L.md:29: bruker Namespace «kube-system», som ikke er elevens: bruk {{.Namespace}} eller et navn som begynner med {{.Namespace}}-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validate(t, map[string]string{"course.yaml": "title: T\nlessons: [L.md]\n", "L.md": step + "```wrong\n" + tt.block + "```\n"})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestEmbeddedLessonsHaveWrongAttempts: every lesson of the course shows
// `lessons test` at least two typical mistakes its checks catch.
func TestEmbeddedLessonsHaveWrongAttempts(t *testing.T) {
	c, err := Load(Embedded(), "lessons/course", Vars{Namespace: "elev-test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range c.Lessons {
		n := 0
		for _, s := range l.Steps {
			n += len(s.Wrong)
		}
		if n < 2 {
			t.Errorf("lesson %s has %d ```wrong blocks, want at least 2", l.ID, n)
		}
	}
}
