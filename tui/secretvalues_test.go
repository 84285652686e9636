package tui

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kubekurs/kubekurs/checks"
)

// TestSecretValueVerdictShowsNoValue renders the results of a real
// secretKeys check with `values` over a Secret with a wrong value and one
// with a line break at the end, and asserts that the check panel shows
// the verdicts but neither the expected nor the actual values.
func TestSecretValueVerdictShowsNoValue(t *testing.T) {
	const want, wrong = "supersecret-7f3a", "feil-9c2b"
	client := fake.NewClientset(
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kurs"}},
		&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db", Namespace: "kurs"}, Data: map[string][]byte{"DB_PASSWORD": []byte(wrong)}},
		&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db2", Namespace: "kurs"}, Data: map[string][]byte{"DB_PASSWORD": []byte(want + "\n")}},
	)
	var results []checks.Result
	for _, name := range []string{"db", "db2"} {
		var n yaml.Node
		src := "{type: secretKeys, name: " + name + ", values: {DB_PASSWORD: " + want + "}, hint: Lag Secreten på nytt.}"
		if err := yaml.Unmarshal([]byte(src), &n); err != nil {
			t.Fatal(err)
		}
		c, err := checks.NewRegistry().Compile(&n)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		results = append(results, c.Run(ctx, &checks.Target{Client: client, Namespace: "kurs"}))
		cancel()
	}

	m, _, _ := setup(t)
	m = openStep(t, m, 0, 0)
	m, _ = finish(m, results...)
	m, _ = update(m, keyPress("s"))
	m, _ = finish(m, results...)
	v := view(m)
	panel := m.checks.View() // the screen's right column would split its lines
	flat := strings.Join(strings.Fields(panel), " ")
	for _, w := range []string{
		"✗ Secreten «db» har nøkkelen DB_PASSWORD med verdien oppgaven ber om",
		"fant: nøkler: DB_PASSWORD; verdien til DB_PASSWORD er ikke den oppgaven ber om",
		"verdien til DB_PASSWORD er ikke den oppgaven ber om: den slutter med linjeskift (som echo uten -n gir)",
		"hint: Lag Secreten på nytt.",
	} {
		if !strings.Contains(flat, w) {
			t.Errorf("check panel lacks %q:\n%s", w, panel)
		}
	}
	joined := strings.Join(strings.Fields(v+panel), "")
	for _, value := range []string{want, wrong} {
		for _, piece := range []string{value, base64.StdEncoding.EncodeToString([]byte(value)), base64.StdEncoding.EncodeToString([]byte(value + "\n"))} {
			if strings.Contains(joined, piece) {
				t.Errorf("the view shows %q:\n%s", piece, v)
			}
		}
	}
}
