package checks

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

// The values of these tests are distinctive, so that a leak of one into
// any text is found by a plain search.
const (
	wantValue  = "supersecret-7f3a"
	wrongValue = "feil-9c2b"
)

// leakedSecret returns the first of the test values (or their base64)
// found in text, or "".
func leakedSecret(text string) string {
	for _, v := range []string{wantValue, wrongValue, wantValue + "\n", wrongValue + "\n"} {
		for _, piece := range []string{strings.TrimSpace(v), base64.StdEncoding.EncodeToString([]byte(v))} {
			if strings.Contains(text, piece) {
				return piece
			}
		}
	}
	return ""
}

func TestSecretValuesCriterion(t *testing.T) {
	tests := []struct{ src, criterion, expected string }{
		{`{type: secretKeys, name: db, values: {DB_PASSWORD: ` + wantValue + `}}`,
			"Secreten «db» har nøkkelen DB_PASSWORD med verdien oppgaven ber om",
			"DB_PASSWORD med verdien oppgaven ber om"},
		{`{type: secretKeys, name: db, keys: [DB_PASSWORD], values: {DB_PASSWORD: ` + wantValue + `, DB_USER: app}, secretType: Opaque}`,
			"Secreten «db» har nøklene DB_PASSWORD, DB_USER med verdiene oppgaven ber om og typen Opaque",
			"DB_PASSWORD, DB_USER med verdiene oppgaven ber om og typen Opaque"},
		{`{type: secretKeys, name: db, keys: [username], values: {DB_PASSWORD: ` + wantValue + `}, secretType: Opaque, nonEmpty: true}`,
			"Secreten «db» har nøklene username, DB_PASSWORD og typen Opaque, og DB_PASSWORD har verdien oppgaven ber om, og verdiene er ikke tomme",
			"username, DB_PASSWORD og typen Opaque, og DB_PASSWORD har verdien oppgaven ber om, og verdiene er ikke tomme"},
	}
	for _, tt := range tests {
		c := compileOne(t, tt.src)
		wantText(t, "criterion", c.Criterion(), tt.criterion)
		r := c.Run(t.Context(), &Target{Client: fake.NewClientset(), Namespace: "kurs"})
		wantText(t, "expected", r.Expected, tt.expected)
	}
}

// TestSecretValuesSpecErrors: a bad `values` entry is reported at its
// line by its key, never by its value.
func TestSecretValuesSpecErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"- type: secretKeys\n  name: db\n", "oppgi «keys», «values» eller begge"},
		{"- type: secretKeys\n  name: db\n  keys: []\n  values: {}\n", "oppgi «keys», «values» eller begge"},
		{"- type: secretKeys\n  name: db\n  values: " + wantValue + "\n", "linje 3, kolonne 11: «values» må være en tabell (nøkkel: verdi)"},
		{"- type: secretKeys\n  name: db\n  values: [" + wantValue + "]\n", "«values» må være en tabell (nøkkel: verdi)"},
		{"- type: secretKeys\n  name: db\n  values:\n    DB_PASSWORD:\n", "linje 4, kolonne 17: verdien til «DB_PASSWORD» i «values» mangler; skriv \"\" for en tom verdi"},
		{"- type: secretKeys\n  name: db\n  values:\n    DB_PASSWORD: [" + wantValue + "]\n", "linje 4, kolonne 18: verdien til «DB_PASSWORD» i «values» må være tekst, eller gyldig base64 etter !!binary"},
		{"- type: secretKeys\n  name: db\n  values:\n    DB_PASSWORD: {a: " + wantValue + "}\n", "verdien til «DB_PASSWORD» i «values» må være tekst"},
		{"- type: secretKeys\n  name: db\n  values:\n    DB_PASSWORD: !!binary " + wantValue + "!\n", "linje 4, kolonne 18: verdien til «DB_PASSWORD» i «values» må være tekst, eller gyldig base64 etter !!binary"},
		{"- type: secretKeys\n  name: db\n  values:\n    ? [" + wantValue + "]\n    : x\n", "nøklene i «values» må være tekst"},
		{"- type: secretKeys\n  name: db\n  values: {A: " + wantValue + ", A: " + wrongValue + "}\n", "nøkkelen «A» er oppgitt to ganger i «values»"},
		{"- type: secretKeys\n  name: db\n  values: {A: " + wantValue + "}\n  valuse: {B: " + wrongValue + "}\n", "ukjent nøkkel «valuse»"},
	}
	tests = append(tests, struct{ src, want string }{
		"- type: secretKeys\n  name: db\n  values:\n    A: ~\n    B: !!binary " + wantValue + "\n    A: " + wrongValue + "\n",
		"linje 4, kolonne 8: verdien til «A» i «values» mangler; skriv \"\" for en tom verdi\n" +
			"linje 5, kolonne 8: verdien til «B» i «values» må være tekst, eller gyldig base64 etter !!binary\n" +
			"linje 6, kolonne 5: nøkkelen «A» er oppgitt to ganger i «values»"})
	for _, tt := range tests {
		_, err := compileList(t, tt.src)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want one with %q", tt.src, err, tt.want)
			continue
		}
		if p := leakedSecret(err.Error()); p != "" {
			t.Errorf("%q: the error shows %q: %v", tt.src, p, err)
		}
	}
}

// TestSecretValuesDecode: values are taken as written, as stringData
// takes them; !!binary gives the decoded bytes, also over several lines.
func TestSecretValuesDecode(t *testing.T) {
	tests := []struct {
		src  string
		want secretValues
	}{
		{`{a: supersecret, b: "", c: 5432, d: true, e: 1.0, f: "07", g: ' x '}`,
			secretValues{"a": "supersecret", "b": "", "c": "5432", "d": "true", "e": "1.0", "f": "07", "g": " x "}},
		{`{keystore: !!binary AAECAw==}`, secretValues{"keystore": "\x00\x01\x02\x03"}},
		{"keystore: !!binary |\n  AAECAwQF\n  BgcICQ==\n", secretValues{"keystore": "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09"}},
		{"a: |\n  linje\n", secretValues{"a": "linje\n"}},
		{"a: &v hemmelig\nb: *v\n", secretValues{"a": "hemmelig", "b": "hemmelig"}},
	}
	for _, tt := range tests {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(tt.src), &n); err != nil {
			t.Fatal(err)
		}
		var got secretValues
		if err := got.UnmarshalYAML(n.Content[0]); err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("%q: got %q, want %q", tt.src, got, tt.want)
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%q: %s = %q, want %q", tt.src, k, got[k], v)
			}
		}
	}
}

// TestSecretValuesJudge runs secretKeys with values over Secrets that
// have the right value, a wrong one, the right one with a line break,
// none, or the value in stringData (as a Secret never stored has it),
// and asserts the exact found texts and that no value ever shows.
func TestSecretValuesJudge(t *testing.T) {
	secret := func(name string, data map[string]string, stringData map[string]string) *corev1.Secret {
		s := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kurs"}, Type: corev1.SecretTypeOpaque, Data: map[string][]byte{}, StringData: stringData}
		for k, v := range data {
			s.Data[k] = []byte(v)
		}
		return s
	}
	client := fake.NewClientset(
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kurs"}},
		secret("right", map[string]string{"DB_PASSWORD": wantValue, "DB_USER": "app"}, nil),
		secret("wrong", map[string]string{"DB_PASSWORD": wrongValue, "DB_USER": "app"}, nil),
		secret("newline", map[string]string{"DB_PASSWORD": wantValue + "\n"}, nil),
		secret("crlf", map[string]string{"DB_PASSWORD": wantValue + "\r\n"}, nil),
		secret("double", map[string]string{"DB_PASSWORD": wantValue + "\n\n"}, nil),
		secret("prefix", map[string]string{"DB_PASSWORD": wantValue[:5]}, nil),
		secret("missing", map[string]string{"DB_USER": "app"}, nil),
		secret("stringdata", map[string]string{"DB_PASSWORD": wrongValue}, map[string]string{"DB_PASSWORD": wantValue}),
		secret("base64", map[string]string{"DB_PASSWORD": base64.StdEncoding.EncodeToString([]byte(wantValue))}, nil),
		secret("binary", map[string]string{"keystore": "\x00\x01\x02\x03"}, nil),
		secret("empty", map[string]string{"DB_PASSWORD": ""}, nil),
	)
	target := &Target{Client: client, Namespace: "kurs"}
	wrong := "verdien til DB_PASSWORD er ikke den oppgaven ber om"
	one := "{type: secretKeys, name: %s, values: {DB_PASSWORD: " + wantValue + "}, hint: Lag Secreten på nytt.}"
	cases := []struct {
		src    string
		status Status
		found  string
	}{
		{strings.ReplaceAll(one, "%s", "right"), Passed, "nøkler: DB_PASSWORD, DB_USER"},
		{strings.ReplaceAll(one, "%s", "wrong"), Failed, "nøkler: DB_PASSWORD, DB_USER; " + wrong},
		{strings.ReplaceAll(one, "%s", "newline"), Failed, "nøkler: DB_PASSWORD; " + wrong + ": den slutter med linjeskift (som echo uten -n gir)"},
		{strings.ReplaceAll(one, "%s", "crlf"), Failed, "nøkler: DB_PASSWORD; " + wrong + ": den slutter med linjeskift (som echo uten -n gir)"},
		{strings.ReplaceAll(one, "%s", "double"), Failed, "nøkler: DB_PASSWORD; " + wrong},
		{strings.ReplaceAll(one, "%s", "prefix"), Failed, "nøkler: DB_PASSWORD; " + wrong},
		{strings.ReplaceAll(one, "%s", "missing"), Failed, "nøkler: DB_USER"},
		{strings.ReplaceAll(one, "%s", "stringdata"), Passed, "nøkler: DB_PASSWORD"},
		{strings.ReplaceAll(one, "%s", "base64"), Failed, "nøkler: DB_PASSWORD; " + wrong},
		{strings.ReplaceAll(one, "%s", "finnesikke"), Failed, "finnes ikke"},
		{"{type: secretKeys, name: right, keys: [DB_USER], values: {DB_PASSWORD: " + wrongValue + "}, secretType: Opaque}", Failed,
			"nøkler: DB_PASSWORD, DB_USER og typen Opaque; " + wrong},
		{"{type: secretKeys, name: wrong, values: {DB_PASSWORD: " + wantValue + ", DB_USER: " + wrongValue + "}}", Failed,
			"nøkler: DB_PASSWORD, DB_USER; " + wrong + "; verdien til DB_USER er ikke den oppgaven ber om"},
		{"{type: secretKeys, name: newline, values: {DB_PASSWORD: " + wantValue + "}, noTrailingNewline: true}", Failed,
			"nøkler: DB_PASSWORD; " + wrong + ": den slutter med linjeskift (som echo uten -n gir); slutter med linjeskift: DB_PASSWORD"},
		{"{type: secretKeys, name: binary, values: {keystore: !!binary AAECAw==}}", Passed, "nøkler: keystore"},
		{"{type: secretKeys, name: binary, values: {keystore: !!binary AAECBA==}}", Failed, "nøkler: keystore; verdien til keystore er ikke den oppgaven ber om"},
		{"{type: secretKeys, name: binary, values: {keystore: AAECAw==}}", Failed, "nøkler: keystore; verdien til keystore er ikke den oppgaven ber om"},
		{`{type: secretKeys, name: empty, values: {DB_PASSWORD: ""}}`, Passed, "nøkler: DB_PASSWORD"},
		{`{type: secretKeys, name: right, values: {DB_PASSWORD: ""}}`, Failed, "nøkler: DB_PASSWORD, DB_USER; " + wrong},
	}
	for _, tc := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		r := compileOne(t, tc.src).Run(ctx, target)
		cancel()
		if r.Status != tc.status || r.Found != tc.found {
			t.Errorf("%s: %v %q, want %v %q", tc.src, r.Status, r.Found, tc.status, tc.found)
		}
		texts := strings.Join([]string{r.Criterion, r.Expected, r.Found, r.Detail, r.Hint}, "\x00")
		if p := leakedSecret(texts); p != "" {
			t.Errorf("%s: %q leaked into %+v", tc.src, p, r)
		}
	}
}

// TestSecretValueVerdictIsFixed: the verdict of a wrong value is one of
// two fixed texts, whatever the values.
func TestSecretValueVerdictIsFixed(t *testing.T) {
	for _, tt := range []struct{ actual, want, verdict string }{
		{wantValue, wantValue, ""},
		{"", "", ""},
		{wrongValue, wantValue, "verdien til k er ikke den oppgaven ber om"},
		{wantValue + "\n", wantValue, "verdien til k er ikke den oppgaven ber om: den slutter med linjeskift (som echo uten -n gir)"},
		{"\n", "", "verdien til k er ikke den oppgaven ber om: den slutter med linjeskift (som echo uten -n gir)"},
		{wantValue, wantValue + "\n", "verdien til k er ikke den oppgaven ber om"},
		{"", wantValue, "verdien til k er ikke den oppgaven ber om"},
	} {
		if got := valueVerdict("k", []byte(tt.actual), tt.want); got != tt.verdict {
			t.Errorf("valueVerdict(%q, %q) = %q, want %q", tt.actual, tt.want, got, tt.verdict)
		}
	}
}

// FuzzSecretValueErrors: whatever one line of YAML is written as the
// value of a key in `values`, the check compiles, or its only errors are
// the fixed texts that name the key: never anything taken from the value.
func FuzzSecretValueErrors(f *testing.F) {
	for _, s := range []string{wantValue, "", "~", `""`, "!!binary AAECAw==", "!!binary " + wantValue + "!", "[" + wantValue + "]",
		"{a: " + wantValue + "}", "&x " + wantValue, "!!int " + wantValue, "'" + wantValue + "'", "!egen " + wantValue, "|"} {
		f.Add(s)
	}
	reg := NewRegistry()
	allowed := []string{fmt.Sprintf(msgSecretValueMissing, "K"), fmt.Sprintf(msgSecretValueBad, "K")}
	f.Fuzz(func(t *testing.T, value string) {
		if strings.ContainsAny(value, "\r\n\u0085\u2028\u2029") {
			return // another line could add keys of its own
		}
		var n yaml.Node
		if yaml.Unmarshal([]byte("- type: secretKeys\n  name: db\n  values:\n    K: "+value+"\n"), &n) != nil {
			return
		}
		_, err := reg.CompileList(&n)
		for _, se := range SpecErrors(err) {
			if !slices.Contains(allowed, se.Msg) {
				t.Errorf("value %q: error %q is not one of %q", value, se.Msg, allowed)
			}
		}
		if err != nil && len(SpecErrors(err)) == 0 {
			t.Errorf("value %q: error without SpecError: %v", value, err)
		}
	})
}
