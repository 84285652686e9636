package checks

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

func TestValueRuleTests(t *testing.T) {
	tests := []struct {
		value                              string
		nonEmpty, noNewline, printable, ok bool // ok: not double-encoded
	}{
		{"", false, true, true, true},
		{"Qx8#Vb2!Lm5@Zt", true, true, true, true},
		{"Qx8#Vb2!Lm5@Zt\n", true, false, true, true},
		{"Qx8#Vb2!Lm5@Zt\r\n", true, false, true, true},
		{"linje en\nlinje to", true, true, true, true},
		{"hemmelig", true, true, true, true},                  // plain text that is also valid base64 of garbage
		{"\x85\xe9\x9a\x7a\x58\xa0", true, true, false, true}, // what data: hemmelig decodes to
		{"bel\x07l", true, true, false, true},                 // a control character
		{base64.StdEncoding.EncodeToString([]byte("eksempel-passord")), true, true, true, false},
		{base64.StdEncoding.EncodeToString([]byte("eksempel-passord\n")) + "\n", true, false, true, false},
	}
	for _, tt := range tests {
		rules := valueRules{NonEmpty: true, NoTrailingNewline: true, Printable: true, NotDoubleEncoded: true}.list()
		got := []bool{rules[0].holds([]byte(tt.value)), rules[1].holds([]byte(tt.value)), rules[2].holds([]byte(tt.value)), rules[3].holds([]byte(tt.value))}
		want := []bool{tt.nonEmpty, tt.noNewline, tt.printable, tt.ok}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q: rule %s = %v, want %v", tt.value, rules[i].phrase, got[i], want[i])
			}
		}
	}
}

func TestSecretKeysRulesCriterion(t *testing.T) {
	c := compileOne(t, `{type: secretKeys, name: db, keys: [a, b], secretType: Opaque, nonEmpty: true, noTrailingNewline: true}`)
	wantText(t, "criterion", c.Criterion(), "Secreten «db» har nøklene a, b og typen Opaque, og verdiene er ikke tomme og slutter ikke med linjeskift")
	c = compileOne(t, `{type: secretKeys, name: db, keys: [a], printable: true, notDoubleEncoded: true}`)
	wantText(t, "criterion", c.Criterion(), "Secreten «db» har nøkkelen a, og verdiene er lesbar tekst og er ikke base64-kodet to ganger")
	if _, err := compileList(t, "- type: secretKeys\n  name: db\n  keys: [a]\n  nonEmpty: ja\n"); err == nil || !strings.Contains(err.Error(), "«nonEmpty» må være true/false") {
		t.Errorf("nonEmpty: ja: error %v, want one about true/false", err)
	}
}

// TestSecretKeysNeverShowValues runs secretKeys with every rule over
// Secrets whose values break each rule, pass it, or are missing, and
// asserts that no value, no part of one, no encoding of one and no
// length ever appears in any text of the result.
func TestSecretKeysNeverShowValues(t *testing.T) {
	secretValues := map[string]string{
		"empty":   "",
		"newline": "Qx8#Vb2!Lm5@Zt\n",
		"garbage": "\x85\xe9\x9a\x7a\x58\xa0Kp",
		"double":  base64.StdEncoding.EncodeToString([]byte("Wf3%Hj6&Rd")),
		"good":    "Ty4^Nc9*Gs1~Pv",
	}
	secret := func(name string, typ corev1.SecretType) *corev1.Secret {
		data := map[string][]byte{}
		for k, v := range secretValues {
			data[k] = []byte(v)
		}
		return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kurs"}, Type: typ, Data: data}
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kurs"}}
	target := &Target{Client: fake.NewClientset(ns, secret("db", corev1.SecretTypeOpaque)), Namespace: "kurs"}
	allRules := "nonEmpty: true, noTrailingNewline: true, printable: true, notDoubleEncoded: true"
	cases := []struct {
		src    string
		status Status
		found  string
	}{
		{"{type: secretKeys, name: db, keys: [good], secretType: Opaque, " + allRules + "}", Passed,
			"nøkler: double, empty, garbage, good, newline og typen Opaque"},
		{"{type: secretKeys, name: db, keys: [empty, newline, garbage, double, good], " + allRules + "}", Failed,
			"nøkler: double, empty, garbage, good, newline; tom verdi: empty; slutter med linjeskift: newline; ikke lesbar tekst: garbage; ser base64-kodet ut to ganger: double"},
		{"{type: secretKeys, name: db, keys: [newline, missing], noTrailingNewline: true}", Failed,
			"nøkler: double, empty, garbage, good, newline; slutter med linjeskift: newline"},
		{"{type: secretKeys, name: db, keys: [good], secretType: kubernetes.io/tls, " + allRules + "}", Failed,
			"nøkler: double, empty, garbage, good, newline og typen Opaque"},
		{"{type: secretKeys, name: finnesikke, keys: [good], " + allRules + "}", Failed, "finnes ikke"},
		{"{type: secretKeys, name: db, keys: [empty], nonEmpty: true, hint: Lag verdien på nytt.}", Failed,
			"nøkler: double, empty, garbage, good, newline; tom verdi: empty"},
	}
	for _, tc := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		r := compileOne(t, tc.src).Run(ctx, target)
		cancel()
		if r.Status != tc.status || r.Found != tc.found {
			t.Errorf("%s: %v %q, want %v %q", tc.src, r.Status, r.Found, tc.status, tc.found)
		}
		for name, v := range secretValues {
			if leaked := leak(v, r); leaked != "" {
				t.Errorf("%s: the value of %s leaked (%q) into %+v", tc.src, name, leaked, r)
			}
		}
	}
}

// leak returns a piece of value (at least 3 bytes of it, its base64, or
// its length) found in a text of r, or "".
func leak(value string, r Result) string {
	texts := strings.Join([]string{r.Criterion, r.Expected, r.Found, r.Detail, r.Hint}, "\x00")
	pieces := []string{base64.StdEncoding.EncodeToString([]byte(value))}
	if len(value) > 0 {
		pieces = append(pieces, strconv.Itoa(len(value)))
	}
	for i := 0; i+3 <= len(value); i++ {
		pieces = append(pieces, value[i:i+3])
	}
	for _, p := range pieces {
		if p != "" && strings.Contains(texts, p) {
			return p
		}
	}
	return ""
}
