package checks

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The lab has no real containers, and its API server must never dial a
// simulated address: these tests only take the paths that stop before
// the log or proxy call. The calls themselves are covered by the fake
// client tests in types_live_test.go.

func TestIntegrationSecretValueRules(t *testing.T) {
	l := newLab(t)
	const value = "Kj7#Rt2!Wq9"
	sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db"}, Data: map[string][]byte{"DB_PASSWORD": []byte(value + "\n")}}
	_, err := l.client.CoreV1().Secrets(l.ns).Create(l.ctx(), sec, metav1.CreateOptions{})
	l.must(err)
	before, after := l.failThenPass(`{type: secretKeys, name: db, keys: [DB_PASSWORD], nonEmpty: true, noTrailingNewline: true, printable: true, notDoubleEncoded: true}`, func() {
		sec.Data = map[string][]byte{"DB_PASSWORD": []byte(value)}
		_, err := l.client.CoreV1().Secrets(l.ns).Update(l.ctx(), sec, metav1.UpdateOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "Secreten «db» har nøkkelen DB_PASSWORD, og verdiene er ikke tomme, slutter ikke med linjeskift, er lesbar tekst og er ikke base64-kodet to ganger")
	wantText(t, "found before", before.Found, "nøkler: DB_PASSWORD; slutter med linjeskift: DB_PASSWORD")
	wantText(t, "found after", after.Found, "nøkler: DB_PASSWORD")
	for _, r := range []Result{before, after} {
		if leaked := leak(value, r); leaked != "" {
			t.Errorf("the value leaked (%q) into %+v", leaked, r)
		}
	}
}

func TestIntegrationPodLogMissingPod(t *testing.T) {
	l := newLab(t)
	r := l.run(compileOne(t, `{type: podLog, name: hemmelig-test, contains: [DB_PASSWORD]}`))
	if r.Status != Failed || r.Found != msgNotFound {
		t.Errorf("podLog of a missing Pod: %v %q, want %v %q", r.Status, r.Found, Failed, msgNotFound)
	}
}

func TestIntegrationHTTPGetBeforeTheProxy(t *testing.T) {
	l := newLab(t)
	r := l.run(compileOne(t, `{type: httpGet, service: web, port: 80}`))
	if r.Status != Failed || r.Found != msgNotFound {
		t.Errorf("httpGet of a missing Service: %v %q, want %v %q", r.Status, r.Found, Failed, msgNotFound)
	}
	r = l.run(compileOne(t, `{type: httpGet, selector: app=web, port: 80, contains: Hei}`))
	if r.Status != Failed || !strings.Contains(r.Found, "ingen klare Poder") {
		t.Errorf("httpGet without Pods: %v %q, want a failure naming no ready Pods", r.Status, r.Found)
	}
}
