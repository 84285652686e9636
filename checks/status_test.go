package checks

import (
	"encoding/json"
	"testing"
)

func TestStatusStrings(t *testing.T) {
	tests := []struct {
		s          Status
		text, json string
	}{
		{Passed, "bestått", "passed"},
		{Failed, "ikke bestått", "failed"},
		{EnvError, "miljøfeil", "env-error"},
		{Forbidden, "mangler tilgang", "forbidden"},
		{Skipped, "hoppet over", "skipped"},
	}
	for _, tc := range tests {
		if got := tc.s.String(); got != tc.text {
			t.Errorf("String(%d) = %q, want %q", tc.s, got, tc.text)
		}
		b, err := json.Marshal(tc.s)
		if err != nil || string(b) != `"`+tc.json+`"` {
			t.Errorf("json.Marshal(%v) = %s, %v; want %q", tc.s, b, err, tc.json)
		}
		var back Status
		if err := json.Unmarshal(b, &back); err != nil || back != tc.s {
			t.Errorf("round trip of %s: %v, %v", b, back, err)
		}
	}
	if got := Status(42).String(); got != "Status(42)" {
		t.Errorf("String(42) = %q", got)
	}
	if _, err := json.Marshal(Status(42)); err == nil {
		t.Error("marshalling an unknown status succeeded")
	}
	var s Status
	if err := s.UnmarshalText([]byte("bestått")); err == nil {
		t.Error("unmarshalling a Norwegian word succeeded")
	}
}

func TestResultJSON(t *testing.T) {
	r := Result{Criterion: "Poden «nginx» kjører og er klar", Status: Failed, Expected: "Running og klar (Ready=True)", Found: "Pending (ImagePullBackOff)"}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	// The JSON shape is part of `kubekurs check -o json`: lower-case keys,
	// empty texts left out, the status as a stable English word.
	want := `{"criterion":"Poden «nginx» kjører og er klar","status":"failed","expected":"Running og klar (Ready=True)","found":"Pending (ImagePullBackOff)"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestSummary(t *testing.T) {
	results := []Result{{Status: Passed}, {Status: Failed}, {Status: Failed}, {Status: EnvError}, {Status: Forbidden}, {Status: Skipped}}
	p, f, e, fb := Summary(results)
	if p != 1 || f != 2 || e != 1 || fb != 1 {
		t.Errorf("Summary = %d %d %d %d", p, f, e, fb)
	}
	if AllPassed(results) || !AllPassed(results[:1]) || !AllPassed(nil) {
		t.Error("AllPassed is wrong")
	}
}
