package kind

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseStep feeds arbitrary lines to the parser of kind's status
// lines: it must not panic, a step it finds has text without kind's
// trailing dots, and Translate agrees with it.
func FuzzParseStep(f *testing.F) {
	for _, seed := range []string{
		" • Ensuring node image (kindest/node:v1.33.1) 🖼  ...",
		" ✓ Preparing nodes 📦 📦 📦",
		" ✗ Starting control-plane 🕹️",
		"•", "✓✗•", " • ...", "Set kubectl context to \"kind-kubekurs\"", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		step, ok := ParseStep(line)
		got := Translate(line)
		if !ok {
			if got != strings.TrimSpace(line) {
				t.Fatalf("Translate changed a line that is no step: %q → %q", line, got)
			}
			return
		}
		if strings.HasSuffix(step.Text, "...") && utf8.ValidString(line) {
			t.Fatalf("step text keeps kind's dots: %q", step.Text)
		}
		if !strings.Contains(got, step.Text) {
			t.Fatalf("Translate(%q) = %q lacks the step %q", line, got, step.Text)
		}
	})
}

// FuzzClassify feeds arbitrary runtime output to the error classifier: it
// must not panic, and a taken port it reports is a TCP port or 0
// (unknown).
func FuzzClassify(f *testing.F) {
	for _, seed := range []string{
		"Bind for 127.0.0.1:30001 failed: port is already allocated",
		"listen tcp 127.0.0.1:8080: bind: address already in use",
		"pull access denied for kindest/nodd",
		"Cannot connect to the Docker daemon",
		"Bind for :99999999999999999999 failed: port is already allocated",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, out string) {
		err := classify(&RuntimeError{Output: out, Err: errors.New("exit status 1")})
		var port *PortTakenError
		if errors.As(err, &port) && (port.Port < 0 || port.Port > 65535) {
			t.Fatalf("port %d from %q", port.Port, out)
		}
	})
}
