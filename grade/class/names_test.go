package class

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bjørn Ås", "bjorn-as"},
		{"Æsa Lie", "aesa-lie"},
		{"  Kari   Nordmann ", "kari-nordmann"},
		{"Jérôme Müller-Lüdenscheidt", "jerome-muller-ludenscheidt"},
		{"Ørjan O'Brien", "orjan-o-brien"},
		{"Straße", "strasse"},
		{"Łukasz Żółć", "lukasz-zolc"},
		{"Ola_Nordmann2", "ola-nordmann2"},
		{"---", ""},
		{"李雷", ""},
		{"", ""},
		{"Åse (8A)", "ase-8a"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAssignNamesDuplicatesAndTruncates(t *testing.T) {
	long := strings.Repeat("Åsmund ", 20)
	students := []Student{
		{Name: "Bjørn Ås", Line: 1},
		{Name: "Bjorn As", Line: 2},
		{Name: "Bjørn-Ås", Line: 4},
		{Name: "李雷", Line: 5},
		{Name: long, Line: 6},
		{Name: long + "x", Line: 7},
	}
	got, notices, problems := Assign("elever.txt", students, "elev-", nil)
	want := []string{"elev-bjorn-as", "elev-bjorn-as-2", "elev-bjorn-as-3"}
	for i, w := range want {
		if got[i].Namespace != w || got[i].Member {
			t.Errorf("student %d: %+v, want %s", i, got[i], w)
		}
	}
	if len(got) != 5 {
		t.Fatalf("assigned %d, want 5: %+v", len(got), got)
	}
	for _, a := range got {
		if errs := validation.IsDNS1123Label(a.Namespace); len(errs) > 0 {
			t.Errorf("%q is no DNS label: %v", a.Namespace, errs)
		}
	}
	if got[3].Namespace == got[4].Namespace || !strings.HasSuffix(got[4].Namespace, "-2") || len(got[4].Namespace) != 63 && len(got[4].Namespace) != 62 {
		t.Errorf("long names: %q, %q", got[3].Namespace, got[4].Namespace)
	}
	if len(problems) != 1 || problems[0].String() != "elever.txt:5: «李雷» gir ikke noe navn på et Namespace (bare a–z, 0–9 og bindestrek blir med); skriv navnet med latinske bokstaver" {
		t.Errorf("problems %v", problems)
	}
	if len(notices) != 3 || notices[0].String() != "elever.txt:2: «Bjorn As» gir samme Namespace, «elev-bjorn-as», som «Bjørn Ås» på linje 1; får «elev-bjorn-as-2»" {
		t.Errorf("notices %v", notices)
	}
}

// TestAssignKeepsMembers: a student already in the class keeps the
// Namespace, wherever the name now is in the list; a new name that
// normalises the same goes round the members' Namespaces.
func TestAssignKeepsMembers(t *testing.T) {
	members := []Member{{Namespace: "elev-ola-2", Name: "Ola"}, {Namespace: "elev-ola", Name: "Ola"}, {Namespace: "elev-kari", Name: "Kari"}}
	students := []Student{{Name: "OLA", Line: 1}, {Name: "Ola", Line: 2}, {Name: "Kari", Line: 3}, {Name: "Ola", Line: 4}}
	got, notices, problems := Assign("f", students, "elev-", members)
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	want := []struct {
		ns     string
		member bool
	}{{"elev-ola-3", false}, {"elev-ola", true}, {"elev-kari", true}, {"elev-ola-2", true}}
	for i, w := range want {
		if got[i].Namespace != w.ns || got[i].Member != w.member {
			t.Errorf("student %d: %+v, want %s member %v", i, got[i], w.ns, w.member)
		}
	}
	if len(notices) != 1 || !strings.Contains(notices[0].Message, "som «Ola», som er i klassen fra før; får «elev-ola-3»") {
		t.Errorf("notices %v", notices)
	}
}

func TestValidateClassAndPrefix(t *testing.T) {
	for _, ok := range []string{"8a", "vg2-informatikk", strings.Repeat("a", 63)} {
		if err := ValidateClass(ok); err != nil {
			t.Errorf("ValidateClass(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "8A", "8 a", "-a", "a-", "æ", strings.Repeat("a", 64)} {
		if err := ValidateClass(bad); err == nil {
			t.Errorf("ValidateClass(%q) accepted", bad)
		}
	}
	for _, ok := range []string{"", "elev-", "8a", "x"} {
		if err := ValidatePrefix(ok); err != nil {
			t.Errorf("ValidatePrefix(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"-", "Elev-", "elev_", strings.Repeat("a", 41)} {
		if err := ValidatePrefix(bad); err == nil {
			t.Errorf("ValidatePrefix(%q) accepted", bad)
		}
	}
}
