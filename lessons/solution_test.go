package lessons

import (
	"fmt"
	"reflect"
	"testing"
)

func TestSplitCommands(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []command
		err  string // "line: message"
	}{
		{"one command", "kubectl get pods\n",
			[]command{{[]string{"kubectl", "get", "pods"}, 1}}, ""},
		{"comments and blank lines", "# først\n\nkubectl get pods # alle\n  # slutt\nkubectl get nodes",
			[]command{{[]string{"kubectl", "get", "pods"}, 3}, {[]string{"kubectl", "get", "nodes"}, 5}}, ""},
		{"single quotes", "kubectl get pods -o 'jsonpath={.items[*].metadata.name}'",
			[]command{{[]string{"kubectl", "get", "pods", "-o", "jsonpath={.items[*].metadata.name}"}, 1}}, ""},
		{"double quotes and escapes", `kubectl annotate pod web "eier=Kari \"K\" Nordmann" a\ b 'it''s'`,
			[]command{{[]string{"kubectl", "annotate", "pod", "web", `eier=Kari "K" Nordmann`, "a b", "its"}, 1}}, ""},
		{"empty argument", "kubectl label pod web app=''",
			[]command{{[]string{"kubectl", "label", "pod", "web", "app="}, 1}}, ""},
		{"hash inside a word", "kubectl get pods#x",
			[]command{{[]string{"kubectl", "get", "pods#x"}, 1}}, ""},
		{"continuation", "kubectl run web \\\n  --image=nginx:1.27\nkubectl get pods",
			[]command{{[]string{"kubectl", "run", "web", "--image=nginx:1.27"}, 1}, {[]string{"kubectl", "get", "pods"}, 3}}, ""},
		{"quote over lines", "kubectl patch deploy web -p '{\n  \"spec\": {}\n}'\nkubectl get deploy",
			[]command{{[]string{"kubectl", "patch", "deploy", "web", "-p", "{\n  \"spec\": {}\n}"}, 1}, {[]string{"kubectl", "get", "deploy"}, 4}}, ""},
		{"special characters in quotes", `kubectl exec web -- sh -c 'echo $HOSTNAME | wc -c; ls *'`,
			[]command{{[]string{"kubectl", "exec", "web", "--", "sh", "-c", "echo $HOSTNAME | wc -c; ls *"}, 1}}, ""},
		{"unclosed single quote", "kubectl get pods\nkubectl get 'pods\n", nil, "2: " + msgShellQuote},
		{"unclosed double quote", "kubectl get \"pods", nil, "1: " + msgShellQuote},
		{"pipe", "kubectl get pods\nkubectl get pods | grep web", nil, "2: " + fmt.Sprintf(msgShellChar, '|')},
		{"semicolon", "kubectl get pods; kubectl get nodes", nil, "1: " + fmt.Sprintf(msgShellChar, ';')},
		{"redirect", "kubectl get pods > pods.txt", nil, "1: " + fmt.Sprintf(msgShellChar, '>')},
		{"variable", "kubectl get pods -n $NS", nil, "1: " + fmt.Sprintf(msgShellChar, '$')},
		{"variable in double quotes", `kubectl get pods -n "$NS"`, nil, "1: " + fmt.Sprintf(msgShellChar, '$')},
		{"glob", "kubectl delete -f *.yaml", nil, "1: " + fmt.Sprintf(msgShellChar, '*')},
		{"trailing backslash", "kubectl get pods \\", nil, "1: " + msgShellBackslash},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := splitCommands(tt.text)
			if tt.err != "" {
				if err == nil {
					t.Fatalf("got %v, want error %q", got, tt.err)
				}
				if e := fmt.Sprintf("%d: %v", errorLine(err), err); e != tt.err {
					t.Errorf("error %q, want %q", e, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestSolutionKind(t *testing.T) {
	tests := []struct {
		arg  string
		want SolutionKind
		ok   bool
	}{
		{"", SolutionCommands, true},
		{"sh", SolutionCommands, true},
		{"bash", SolutionCommands, true},
		{"yaml", SolutionManifest, true},
		{"yml title=x", SolutionManifest, true},
		{"json", 0, false},
	}
	for _, tt := range tests {
		if got, ok := solutionKind(tt.arg); got != tt.want || ok != tt.ok {
			t.Errorf("solutionKind(%q) = %v, %v; want %v, %v", tt.arg, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCheckManifest(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // "line: message"
	}{
		{"one object", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n", nil},
		{"two objects", "---\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n---\n", nil},
		{"no kind", "apiVersion: v1\nmetadata:\n  name: web\n", []string{"1: " + fmt.Sprintf(msgManifestNoField, "kind")}},
		{"second object without name", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {generateName: b-}\n",
			[]string{"5: " + fmt.Sprintf(msgManifestNoField, "metadata.name")}},
		{"nothing but apiVersion", "apiVersion: v1\n", []string{
			"1: " + fmt.Sprintf(msgManifestNoField, "kind"),
			"1: " + fmt.Sprintf(msgManifestNoField, "metadata.name"),
		}},
		{"a list", "- a\n- b\n", []string{"1: " + msgManifestMapping}},
		{"empty", "\n", []string{"1: " + msgManifestNoObject}},
		{"syntax error", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [web\n", []string{"4: " + fmt.Sprintf(msgYAML, "did not find expected ',' or ']'")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, err := range checkManifest(tt.text) {
				got = append(got, fmt.Sprintf("%d: %v", errorLine(err), err))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q,\nwant %q", got, tt.want)
			}
		})
	}
}
