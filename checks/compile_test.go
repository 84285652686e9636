package checks

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// compileList parses src and compiles it as a ```check block.
func compileList(t *testing.T, src string) ([]Check, error) {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatalf("yaml: %v", err)
	}
	return NewRegistry().CompileList(&n)
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int      // line of the first SpecError
		msg  []string // parts of its message
	}{
		{"unknown key", "- type: deploymentReady\n  name: web\n  replica: 3\n",
			3, []string{"ukjent nøkkel «replica» for sjekktypen deploymentReady", "gyldige nøkler er: criterion, hint, name, namespace, replicas", "mente du «replicas»?"}},
		{"unknown key in second check", "- type: clusterReachable\n- type: nodes\n  min: 1\n  redy: 1\n",
			4, []string{"ukjent nøkkel «redy»", "mente du «ready»?"}},
		{"unknown nested key", "- type: service\n  name: web\n  ports:\n  - port: 80\n    targetport: 8080\n",
			5, []string{"ukjent nøkkel «targetport» i «ports»", "mente du «targetPort»?"}},
		{"missing required", "- type: deploymentReady\n  name: web\n",
			1, []string{"mangler «replicas» for sjekktypen deploymentReady"}},
		{"empty required", "- type: deploymentReady\n  name: ''\n  replicas: 1\n",
			2, []string{"«name» kan ikke være tom"}},
		{"wrong type", "- type: deploymentReady\n  name: web\n  replicas: \"3\"\n",
			3, []string{"«replicas» må være heltall, fant «3»"}},
		{"list for text", "- type: exists\n  kind: [Pod]\n  name: x\n",
			2, []string{"«kind» må være tekst, fant liste"}},
		{"negative", "- type: deploymentReady\n  name: web\n  replicas: -1\n",
			3, []string{"«replicas» kan ikke være mindre enn 0"}},
		{"port range", "- type: service\n  name: web\n  ports: [{port: 70000}]\n",
			3, []string{"«port» kan ikke være større enn 65535"}},
		{"bad quantity", "- type: resources\n  kind: Deployment\n  name: web\n  limits:\n    cpu: 5OOm\n",
			5, []string{"ugyldig mengde «5OOm»"}},
		{"bad CEL", "- type: cel\n  kind: Deployment\n  name: web\n  expression: object.spec.replicas ==\n",
			4, []string{"CEL-uttrykket kompilerer ikke", "Syntax error"}},
		{"CEL not bool", "- type: cel\n  kind: Deployment\n  name: web\n  expression: object.spec.replicas\n",
			4, []string{"må gi true eller false (bool)"}},
		{"unknown type", "- type: deploymentReadyy\n",
			1, []string{"ukjent sjekktype «deploymentReadyy»", "kjente typer er: absent, annotations, canI", "deploymentReady", "mente du «deploymentReady»?"}},
		{"missing type", "- name: web\n",
			1, []string{"sjekken mangler «type»", "kjente typer er: absent"}},
		{"enum", "- type: deploymentStrategy\n  name: web\n  strategy: Rolling\n",
			3, []string{"«strategy» kan ikke være «Rolling»", "RollingUpdate, Recreate"}},
		{"one of, both", "- type: podReady\n  name: a\n  selector: app=a\n",
			3, []string{"oppgi bare én av «name» eller «selector»"}},
		{"one of, none", "- type: podReady\n",
			1, []string{"oppgi én av «name» eller «selector» for sjekktypen podReady"}},
		{"at most one", "- type: env\n  kind: Pod\n  name: a\n  variable: X\n  value: y\n  secretKeyRef: {name: a, key: b}\n",
			6, []string{"oppgi bare én av «value», «configMapKeyRef» eller «secretKeyRef»"}},
		{"bad selector", "- type: absent\n  kind: Pod\n  selector: 'app in (a'\n",
			3, []string{"ugyldig selector «app in (a»"}},
		{"unknown kind", "- type: exists\n  kind: Widget\n  name: x\n",
			2, []string{"ukjent kind «Widget»; oppgi apiVersion"}},
		{"bad apiVersion", "- type: exists\n  kind: Widget\n  apiVersion: a/b/c\n  name: x\n",
			3, []string{"ugyldig apiVersion «a/b/c»"}},
		{"bad namespace", "- type: exists\n  kind: Pod\n  name: x\n  namespace: Kurs_1\n",
			4, []string{"ugyldig navn på Namespace «Kurs_1»"}},
		{"duplicate key", "- type: exists\n  kind: Pod\n  name: x\n  name: y\n",
			4, []string{"nøkkelen «name» er oppgitt to ganger"}},
		{"count with name", "- type: podReady\n  name: x\n  count: 2\n",
			3, []string{"«count» kan bare brukes sammen med «selector»"}},
		{"maxSurge with Recreate", "- type: deploymentStrategy\n  name: web\n  strategy: Recreate\n  maxSurge: 1\n",
			4, []string{"«maxSurge» gjelder bare strategien RollingUpdate"}},
		{"empty requests", "- type: resources\n  kind: Pod\n  name: x\n  requests: {}\n",
			4, []string{"«requests» må ha cpu, memory eller begge"}},
		{"groups with serviceAccount", "- type: canI\n  serviceAccount: a\n  groups: [x]\n  verb: get\n  resource: pods\n  allowed: true\n",
			3, []string{"«groups» kan bare brukes sammen med «user»"}},
		{"not a list", "type: exists\n",
			1, []string{"check-blokken må være en YAML-liste"}},
		{"item not a mapping", "- exists\n",
			1, []string{"en sjekk må være en YAML-tabell"}},
		{"bad intOrString", "- type: deploymentStrategy\n  name: web\n  strategy: RollingUpdate\n  maxSurge: [1]\n",
			4, []string{"forventet et tall eller en tekst"}},
		{"bool as text", "- type: canI\n  user: a\n  verb: get\n  resource: pods\n  allowed: 'yes'\n",
			5, []string{"«allowed» må være true/false"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compileList(t, tc.src)
			specErrs := SpecErrors(err)
			if len(specErrs) == 0 {
				t.Fatalf("no SpecError; err = %v", err)
			}
			first := specErrs[0]
			var line int
			if first.Node != nil {
				line = first.Node.Line
			}
			if line != tc.line {
				t.Errorf("line %d, want %d (%v)", line, tc.line, first)
			}
			for _, part := range tc.msg {
				if !strings.Contains(first.Msg, part) {
					t.Errorf("message %q does not contain %q", first.Msg, part)
				}
			}
			var se *SpecError
			if !errors.As(err, &se) {
				t.Errorf("errors.As(*SpecError) failed for %T", err)
			}
		})
	}
}

// TestCompileWeight: a check weighs 1 unless its block says otherwise;
// weights outside 0–10 are errors at their line.
func TestCompileWeight(t *testing.T) {
	for src, want := range map[string]int{
		"type: clusterReachable\n":            1,
		"type: clusterReachable\nweight: 3\n": 3,
		"type: clusterReachable\nweight: 0\n": 0,
	} {
		if got := compileOne(t, src).Weight(); got != want {
			t.Errorf("%q: weight %d, want %d", src, got, want)
		}
	}
	for _, src := range []string{"- type: clusterReachable\n  weight: 11\n", "- type: clusterReachable\n  weight: -1\n"} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(src), &n); err != nil {
			t.Fatal(err)
		}
		_, err := NewRegistry().CompileList(&n)
		if se := SpecErrors(err); len(se) != 1 || se[0].Node.Line != 2 || !strings.Contains(se[0].Msg, "weight") && !strings.Contains(se[0].Msg, "vekten") {
			t.Errorf("%q: error %v, want one about the weight at line 2", src, err)
		}
	}
}

func TestCompileJoinsAllErrors(t *testing.T) {
	_, err := compileList(t, "- type: deploymentReady\n  nme: web\n  replica: 3\n- type: nope\n")
	var lines []int
	for _, se := range SpecErrors(err) {
		lines = append(lines, se.Node.Line)
	}
	if !slices.Equal(lines, []int{2, 3, 1, 1, 4}) {
		t.Errorf("error lines %v, want [2 3 1 1 4]: %v", lines, err)
	}
	if !strings.HasPrefix(err.Error(), "linje 2, kolonne 3: ukjent nøkkel «nme»") {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestCompileCriteria(t *testing.T) {
	tests := []struct{ src, criterion string }{
		{`{type: deploymentReady, name: web, replicas: 3}`, "Deploymenten «web» har 3 klare replikaer"},
		{`{type: deploymentReady, name: web, replicas: 1}`, "Deploymenten «web» har 1 klar replika"},
		{`{type: deploymentReady, name: web, replicas: 3, namespace: kurs}`, "Deploymenten «web» i Namespace «kurs» har 3 klare replikaer"},
		{`{type: podReady, name: nginx}`, "Poden «nginx» kjører og er klar"},
		{`{type: podReady, selector: app=web}`, "Minst 1 Pod med selector «app=web» kjører og er klare"},
		{`{type: serviceEndpoints, name: web, ready: 3}`, "Servicen «web» har 3 klare endepunkter"},
		{`{type: serviceEndpoints, name: web, ready: 1}`, "Servicen «web» har 1 klart endepunkt"},
		{`{type: configMapKeys, name: app-config, keys: [A, B]}`, "ConfigMapet «app-config» har nøklene A, B"},
		{`{type: configMapKeys, name: app-config, keys: [A]}`, "ConfigMapet «app-config» har nøkkelen A"},
		{`{type: secretKeys, name: db, keys: [password]}`, "Secreten «db» har nøkkelen password"},
		{`{type: exists, kind: ReplicaSet, name: web-1}`, "ReplicaSet-et «web-1» finnes"},
		{`{type: exists, kind: Widget, apiVersion: kurs.example.no/v1, name: w}`, "Widget «w» finnes"},
		{`{type: exists, kind: Node, name: n, namespace: kurs}`, "Noden «n» finnes"},
		{`{type: canI, user: jane, groups: [dev], verb: get, resource: secrets, allowed: false}`, "Brukeren «jane» kan ikke hente secrets"},
		{`{type: canI, serviceAccount: leser, verb: get, resource: pods, subresource: log, name: web, allowed: true, namespace: kurs}`, "ServiceAccounten «leser» kan hente pods/log «web» i Namespace «kurs»"},
		{`{type: clusterReachable}`, "API-serveren svarer"},
		{`{type: nodes, min: 3, ready: 1}`, "Clusteret har minst 3 noder og minst 1 klar node"},
		{`{type: namespace, name: kurs}`, "Namespacet «kurs» finnes og er aktivt (Active)"},
		{`{type: pvcBound, name: data}`, "PVC-en «data» er bundet (Bound)"},
		{`{type: env, kind: Pod, name: a, variable: MODE, value: dev}`, "Poden «a» har miljøvariabelen MODE=dev"},
		{`{type: envFrom, kind: Deployment, name: web, container: app, secret: db}`, "Containeren «app» i Deploymenten «web» henter miljøvariabler fra Secreten «db»"},
		{`{type: volumeMount, kind: Pod, name: a, mountPath: /data/, volumeType: emptyDir}`, "Poden «a» monterer et volum på /data (emptyDir)"},
		{`{type: probe, kind: Pod, name: a, probe: liveness, exec: true}`, "Poden «a» har en livenessProbe (exec)"},
		{`{type: deploymentStrategy, name: web, strategy: recreate}`, "Deploymenten «web» bruker strategien Recreate"},
		{`{type: service, name: web}`, "Servicen «web» finnes"},
		{`{type: podPhase, name: job-1, phase: succeeded}`, "Poden «job-1» har fasen Succeeded"},
		{`{type: deploymentReady, name: web, replicas: 3, criterion: Egen tekst}`, "Egen tekst"},
	}
	for _, tc := range tests {
		c := compileOne(t, tc.src)
		if got := c.Criterion(); got != tc.criterion {
			t.Errorf("%s:\n criterion %q\n want      %q", tc.src, got, tc.criterion)
		}
	}
}

func TestTypes(t *testing.T) {
	docs := NewRegistry().Types()
	if len(docs) != 34 {
		t.Errorf("%d types, want 34", len(docs))
	}
	if !slices.IsSortedFunc(docs, func(a, b TypeDoc) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("types are not sorted")
	}
	for _, td := range docs {
		if td.Description == "" {
			t.Errorf("%s: no description", td.Name)
		}
		for _, p := range td.Params {
			if p.Doc == "" || p.Type == "" {
				t.Errorf("%s.%s: doc %q, type %q", td.Name, p.Name, p.Doc, p.Type)
			}
		}
		if n := len(td.Params); n < 4 || td.Params[n-4].Name != "criterion" || td.Params[n-1].Name != "weight" {
			t.Errorf("%s: the common parameters do not come last: %+v", td.Name, td.Params)
		}
	}
	i := slices.IndexFunc(docs, func(td TypeDoc) bool { return td.Name == "deploymentStrategy" })
	want := ParamDoc{Name: "strategy", Type: "tekst", Required: true, Values: []string{"RollingUpdate", "Recreate"}, Doc: "strategien (spec.strategy.type)"}
	if got := docs[i].Params[1]; got.Name != want.Name || got.Type != want.Type || !got.Required || !slices.Equal(got.Values, want.Values) || got.Doc != want.Doc {
		t.Errorf("deploymentStrategy.strategy = %+v, want %+v", got, want)
	}
}

// TestCheckWithoutTarget shows that a check never panics, even without a
// cluster.
func TestCheckWithoutTarget(t *testing.T) {
	r := compileOne(t, `{type: exists, kind: Pod, name: x, hint: Lag Poden}`).Run(t.Context(), nil)
	if r.Status != EnvError || r.Detail == "" || r.Hint != "Lag Poden" {
		t.Errorf("%+v", r)
	}
}
