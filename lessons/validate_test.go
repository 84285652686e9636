package lessons

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

// Pieces of lesson files for the cases below. header is five lines, so a
// body starts on line 6.
const (
	header  = "---\nid: L01\ntitle: T\n---\n\n"
	okStep  = "```check\n- type: podReady\n  name: web\n```\n\n```hint\nEt hint.\n```\n\n```solution\nkubectl get pods\n```\n"
	hintSol = "```hint\nEt hint.\n```\n\n```solution\nkubectl get pods\n```\n"
)

// testCompile stands in for the check registry: a key "bad" is an error on
// its line, a key "plain" an error without a line.
func testCompile(node *yaml.Node) error {
	var errs []error
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			switch n.Content[i].Value {
			case "bad":
				errs = append(errs, lineError{n.Content[i].Line, "ukjent nøkkel «bad» i sjekken"})
			case "plain":
				errs = append(errs, errors.New("sjekken er feil"))
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(node)
	return errors.Join(errs...)
}

// validate runs Validate on a course of the given files and returns its
// problems as strings.
func validate(t *testing.T, files map[string]string) []string {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	err := Validate(fsys, "k", testCompile)
	if err == nil {
		return nil
	}
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Validate = %v, want a *ValidationError", err)
	}
	var out []string
	for _, p := range verr.Problems {
		out = append(out, p.String())
	}
	return out
}

func TestValidateLesson(t *testing.T) {
	tests := []struct {
		name   string
		lesson string
		want   []string
	}{
		{"a good lesson", header + "Intro.\n\n## Steg\n\n" + okStep, nil},
		{"front matter syntax error", "---\nid: L01\ntitle: [x\n---\n", []string{"k/L.md:3: ugyldig YAML: did not find expected ',' or ']'"}},
		{"front matter with a tab", "---\nid: L01\n\ttitle: T\n---\n", []string{"k/L.md:3: ugyldig YAML: found a tab character that violates indentation"}},
		{"wrong type", "---\nid: L01\ntitle: T\nminutes: ti\n---\n", []string{"k/L.md:4: ugyldig verdi for «minutes» i front matter: forventet et heltall"}},
		{"requires not a list", "---\nid: L01\ntitle: T\nrequires: metrics\n---\n", []string{"k/L.md:4: ugyldig verdi for «requires» i front matter: forventet en liste med tekst, for eksempel [a, b]"}},
		{"repeated key", "---\nid: L01\ntitle: T\ntitle: U\n---\n", []string{"k/L.md:4: nøkkelen «title» står to ganger i front matter"}},
		{"no id", "---\ntitle: T\n---\n", []string{"k/L.md:1: front matter mangler id"}},
		{"no title", "---\nid: L01\n---\n", []string{"k/L.md:1: front matter mangler title"}},
		{"bad id", "---\nid: L 01\ntitle: T\n---\n", []string{"k/L.md:2: id «L 01» kan bare ha bokstaver (a–z, A–Z), sifre og bindestrek"}},
		{"negative minutes", "---\nid: L01\ntitle: T\nminutes: -5\n---\n", []string{"k/L.md:4: minutes kan ikke være negativ"}},
		{"front matter not closed", "---\nid: L01\ntitle: T\n", []string{"k/L.md:1: front matter er ikke avsluttet (mangler en linje med --- etter den)"}},
		{"front matter not a mapping", "---\n- id\n---\n", []string{"k/L.md:2: front matter må være en YAML-mapping (nøkkel: verdi)"}},
		{"unknown capability in a step", header + "## S\n\n```step\nrequires: [metrics, gpu]\n```\n\n" + okStep,
			[]string{"k/L.md:9: ukjent krav «gpu» i requires (kjente krav: " + strings.Join(KnownCapabilities(), ", ") + ")"}},
		{"creates", "---\nid: L01\ntitle: T\ncreates:\n  - {kind: Deployment, name: web}\n  - {kind: Namespace, name: \"{{.Namespace}}-lek\"}\n  - {kind: Pod, name: p, namespace: \"{{.Namespace}}-lek\"}\n  - {kind: Widget, apiVersion: example.com/v1, name: w}\n---\n", nil},
		{"creates problems", "---\nid: L01\ntitle: T\ncreates:\n  - {name: x}\n  - {kind: Widget, name: w}\n  - {kind: Namespace, name: lek}\n  - {kind: Pod, name: Stor_Pod}\n  - {kind: Pod, name: p, namespace: kube-system}\n  - {kind: Pod, navn: p}\n---\n", []string{
			"k/L.md:5: creates: objektet mangler kind",
			"k/L.md:6: creates: kind «Widget» er ukjent for kurset; oppgi apiVersion",
			"k/L.md:7: creates: Namespace «lek» er clusterbredt og må hete {{.Namespace}}-noe, med elevens prefiks, så nullstilling bare rører elevens egne objekter",
			"k/L.md:8: creates: «Stor_Pod» er ikke et gyldig navn på et Kubernetes-objekt",
			"k/L.md:9: creates: namespace «kube-system» må være elevens ({{.Namespace}}) eller begynne med {{.Namespace}}-",
			"k/L.md:10: ukjent nøkkel «navn» i creates",
			"k/L.md:10: creates: objektet mangler name",
		}},
		{"block before the first step", header + "```hint\nx\n```\n\n## S\n\n" + okStep, []string{"k/L.md:6: blokken «hint» står før første steg (## …)"}},
		{"step without title", header + "##\n\n" + okStep, []string{"k/L.md:6: steget mangler tittel (teksten etter ##)"}},
		{"two step blocks", header + "## S\n\n```step\nsettle: 20s\n```\n\n```step\nsettle: 30s\n```\n\n" + okStep, []string{"k/L.md:12: steget «S» har mer enn én step-blokk"}},
		{"two quizzes", header + "## S\n\n```quiz\nquestion: Q\nreflection: true\n```\n```quiz\nquestion: R\nreflection: true\n```\n" + okStep, []string{"k/L.md:12: steget «S» har mer enn én quiz-blokk"}},
		{"reflection with choices", header + "## S\n\n```quiz\nquestion: Q\nreflection: true\nchoices: [a, b]\n```\n\n" + okStep, []string{"k/L.md:10: et refleksjonsspørsmål (reflection: true) har ikke choices eller answer"}},
		{"quiz problems", header + "## S\n\n```quiz\nchoices: [a]\n```\n\n" + okStep, []string{
			"k/L.md:8: quizen mangler question",
			"k/L.md:8: quizen mangler answer",
			"k/L.md:9: quizen trenger minst to valg i choices",
		}},
		{"repeated choice", header + "## S\n\n```quiz\nquestion: Q\nchoices:\n  - a\n  - b\n  - a\nanswer: a\n```\n\n" + okStep, []string{"k/L.md:13: valget «a» står to ganger"}},
		{"quiz with unknown key", header + "## S\n\n```quiz\nquestion: Q\nsvar: a\n```\n\n" + okStep, []string{"k/L.md:10: ukjent nøkkel «svar» i quiz-blokken"}},
		{"step with unknown key", header + "## S\n\n```step\nsettel: 30s\n```\n\n" + okStep, []string{"k/L.md:9: ukjent nøkkel «settel» i step-blokken"}},
		{"settle without unit", header + "## S\n\n```step\nsettle: 30\n```\n\n" + okStep, []string{"k/L.md:9: ugyldig verdi for «settle» i step-blokken: forventet en varighet, for eksempel 30s"}},
		{"negative settle", header + "## S\n\n```step\nsettle: -5s\n```\n\n" + okStep, []string{"k/L.md:9: settle kan ikke være negativ"}},
		{"step block not a mapping", header + "## S\n\n```step\n- observeOnly\n```\n\n" + okStep, []string{"k/L.md:9: step-blokken må være en YAML-mapping (nøkkel: verdi)"}},
		{"empty check block", header + "## S\n\n```check\n```\n\n" + hintSol, []string{"k/L.md:6: steget «S» har ingen sjekk", "k/L.md:8: check-blokken er tom"}},
		{"empty check list", header + "## S\n\n```check\n[]\n```\n\n" + hintSol, []string{"k/L.md:6: steget «S» har ingen sjekk"}},
		{"observeOnly without check", header + "## S\n\n```step\nobserveOnly: true\n```\n\n" + hintSol, nil},
		{"check errors with and without a line", header + "## S\n\n```check\n- type: podReady\n  plain: 1\n- type: podReady\n  bad: 2\n```\n\n" + hintSol, []string{
			"k/L.md:8: sjekken er feil",
			"k/L.md:12: ukjent nøkkel «bad» i sjekken",
		}},
		{"check syntax error", header + "## S\n\n```check\n- type: podReady\n  name: [web\n```\n\n" + hintSol, []string{"k/L.md:10: ugyldig YAML: did not find expected ',' or ']'"}},
		{"unknown solution kind", header + "## S\n\n```solution json\n{}\n```\n\n" + okStep, []string{"k/L.md:8: ukjent løsningstype «json» (bruk solution, solution sh eller solution yaml)"}},
		{"empty solution", header + "## S\n\n```solution\n# ingenting\n```\n\n" + okStep, []string{"k/L.md:8: solution-blokken er tom"}},
		{"pipe in a solution", header + "## S\n\n```solution\nkubectl get pods\nkubectl get pods | grep web\n```\n\n" + okStep, []string{
			"k/L.md:10: løsningslinjen bruker «|» utenfor '…'; løsninger kjøres uten skall, så skriv én kubectl-kommando per linje og sett spesialtegn i '…'",
		}},
		{"not kubectl", header + "## S\n\n```solution sh\nkubectl get pods\n\nhelm install x y\n```\n\n" + okStep, []string{"k/L.md:11: løsningslinjen må starte med kubectl"}},
		{"unknown field in a template", header + "## S\n\n```hint\nSe i {{.Navn}}.\n```\n\n" + okStep, []string{"k/L.md:9: malen kan ikke fylles ut: <.Navn>: can't evaluate field Navn in type lessons.Vars"}},
		{"template error in a title", header + "## S {{.Namespace\n\n" + okStep, []string{"k/L.md:6: malen kan ikke tolkes: unclosed action"}},
		{"range", header + "## S\n\nTekst\n\n{{range 3}}x{{end}}\n\n" + okStep, []string{"k/L.md:10: malen bruker «range», som ikke er tillatt i leksjoner (bruk {{.Namespace}}, if, with og sammenligninger som eq)"}},
		{"printf", header + "## S\n\n{{if true}}\n{{printf \"%d\" 1}}\n{{end}}\n\n" + okStep, []string{"k/L.md:9: malen bruker «printf», som ikke er tillatt i leksjoner (bruk {{.Namespace}}, if, with og sammenligninger som eq)"}},
		{"H1 in a step", header + "## S\n\n# Stor\n\n### Liten er greit\n\n" + okStep, []string{"k/L.md:8: overskrift på nivå 1 hører ikke hjemme i leksjonen (tittelen står i front matter); bruk ## for et steg"}},
		{"H2 in a quote is no step", header + "## S\n\n> ## Ikke et steg\n\n" + okStep, nil},
		{"unclosed fence", header + "## S\n\n```check\n- type: podReady\n", []string{"k/L.md:6: steget «S» mangler hint", "k/L.md:6: steget «S» mangler løsning"}},
		{"longer fences and tildes", header + "## S\n\n````hint\n```sh\nkubectl get pods\n```\n````\n\n~~~check\n- type: podReady\n~~~\n\n~~~solution\nkubectl get pods\n~~~\n", nil},
		{"CRLF", strings.ReplaceAll(header+"## S\n\n"+okStep+"\n```solution\nhelm list\n```\n", "\n", "\r\n"), []string{"k/L.md:22: løsningslinjen må starte med kubectl"}},
		{"long language names", header + "## S\n\n```" + strings.Repeat("x", 33) + "\nkode\n```\n\n```hint\nSe her:\n\n~~~" + strings.Repeat("y", 40) + " z\n~~~\n```\n\n" + okStep, []string{
			"k/L.md:8: kodeblokken har et språknavn på over 32 tegn (skriv for eksempel ```yaml eller ```sh)",
			"k/L.md:15: kodeblokken har et språknavn på over 32 tegn (skriv for eksempel ```yaml eller ```sh)",
		}},
		{"no front matter", "## S\n\n" + okStep, []string{"k/L.md:1: mangler front matter (--- øverst i filen)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validate(t, map[string]string{"course.yaml": "title: T\nlessons: [L.md]\n", "L.md": tt.lesson})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestValidateCourseFile(t *testing.T) {
	lesson := header + "## S\n\n" + okStep
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"no course.yaml", map[string]string{"L.md": lesson}, []string{"k/course.yaml: fant ikke course.yaml (er dette en kursmappe?)"}},
		{"empty course", map[string]string{"course.yaml": "title: T\nlessons: []\n", "README.md": "# Les meg\n"}, nil},
		{"empty course.yaml", map[string]string{"course.yaml": ""}, []string{"k/course.yaml:1: course.yaml mangler title"}},
		{"syntax error", map[string]string{"course.yaml": "title: T\nlessons: [L.md\n"}, []string{"k/course.yaml:2: ugyldig YAML: did not find expected ',' or ']'"}},
		{"unknown key", map[string]string{"course.yaml": "titel: T\nlessons: []\n"}, []string{
			"k/course.yaml:1: ukjent nøkkel «titel» i course.yaml",
			"k/course.yaml:1: course.yaml mangler title",
		}},
		{"lessons not a list", map[string]string{"course.yaml": "title: T\nlessons: L.md\n", "L.md": lesson}, []string{
			"k/course.yaml:2: ugyldig verdi for «lessons» i course.yaml: forventet en liste med tekst, for eksempel [a, b]",
			"k/L.md: filen «L.md» hører ikke til kurset (står ikke i course.yaml)",
		}},
		{"bad entries", map[string]string{"course.yaml": "title: T\nlessons:\n  - L.md\n  - sub/M.md\n  - N.txt\n  - L.md\n", "L.md": lesson}, []string{
			"k/course.yaml:4: leksjonen «sub/M.md» må være et filnavn som slutter på .md, rett i kursmappen",
			"k/course.yaml:5: leksjonen «N.txt» må være et filnavn som slutter på .md, rett i kursmappen",
			"k/course.yaml:6: leksjonen «L.md» står to ganger i course.yaml",
		}},
		{"stray files", map[string]string{"course.yaml": "title: T\nlessons: [L.md]\n", "L.md": lesson, "M.md": lesson, ".skjult": "", "sub/x.md": ""}, []string{
			"k/.skjult: filen «.skjult» hører ikke til kurset (står ikke i course.yaml)",
			"k/M.md: filen «M.md» hører ikke til kurset (står ikke i course.yaml)",
			"k/sub: mappen «sub» hører ikke til kurset (leksjonene ligger rett i kursmappen)",
		}},
		{"duplicate ids", map[string]string{"course.yaml": "title: T\nlessons: [L.md, M.md]\n", "L.md": lesson, "M.md": lesson}, []string{
			"k/M.md:2: id «L01» er brukt før i L.md",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validate(t, tt.files)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestRenderMarkdown(t *testing.T) {
	out, err := RenderMarkdown("## Tittel\n\nTekst med `kode`.\n\n```yaml\nkind: Pod\n```\n", 40)
	if err != nil || !strings.Contains(out, "Tittel") || !strings.Contains(out, "Pod") {
		t.Errorf("RenderMarkdown = %q, %v", out, err)
	}
	if _, err := RenderMarkdown("```"+strings.Repeat("x", 1000)+"\n```\n", 40); err == nil {
		t.Error("RenderMarkdown renders a code block with a 1000-character language name; want an error")
	}
}
