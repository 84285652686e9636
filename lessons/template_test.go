package lessons

import (
	"fmt"
	"testing"
)

func TestRenderTemplate(t *testing.T) {
	vars := Vars{Namespace: "elev-kari"}
	tests := []struct {
		name, text, want string
		err              string // "line: message"
	}{
		{"plain text", "Ingen mal her: {x}", "Ingen mal her: {x}", ""},
		{"namespace", "-n {{.Namespace}}", "-n elev-kari", ""},
		{"if and eq", `{{if eq .Namespace "default"}}alene{{else}}klasse{{end}}`, "klasse", ""},
		{"with and comment", "{{/* kommentar */}}{{with .Namespace}}[{{.}}]{{end}}", "[elev-kari]", ""},
		{"variable and print", `{{$ns := .Namespace}}{{print $ns "-lek"}}`, "elev-kari-lek", ""},
		{"parse error", "a\nb\n{{.Namespace", "", "3: " + fmt.Sprintf(msgTemplateParse, "unclosed action")},
		{"unknown function", "a\n{{nope}}", "", "2: " + fmt.Sprintf(msgTemplateParse, `function "nope" not defined`)},
		{"unknown field", "a\n\n{{.Navn}}", "", "3: " + fmt.Sprintf(msgTemplateExec, "<.Navn>: can't evaluate field Navn in type lessons.Vars")},
		{"range", "a\n{{range 1000000000}}x{{end}}", "", "2: " + fmt.Sprintf(msgTemplateForbidden, "range")},
		{"printf in a condition", "{{if true}}\n\n{{printf \"%099999999d\" 1}}{{end}}", "", "3: " + fmt.Sprintf(msgTemplateForbidden, "printf")},
		{"define", `{{define "x"}}y{{end}}{{template "x"}}`, "", "1: " + fmt.Sprintf(msgTemplateForbidden, "define")},
		{"template", `{{template "x"}}`, "", "1: " + fmt.Sprintf(msgTemplateForbidden, "template")},
		{"call in a pipeline", `{{.Namespace | len | call}}`, "", "1: " + fmt.Sprintf(msgTemplateForbidden, "call")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := renderTemplate(tt.text, vars)
			if tt.err != "" {
				if err == nil {
					t.Fatalf("got %q, want error %q", got, tt.err)
				}
				if e := fmt.Sprintf("%d: %v", errorLine(err), err); e != tt.err {
					t.Errorf("error %q, want %q", e, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
