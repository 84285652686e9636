package class

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation"
)

func TestParseStudents(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     []Student
		problems []string
	}{
		{"one a line", "# 8a\nBjørn Ås\n\n  Kari   Nordmann \r\nOla\n",
			[]Student{{"Bjørn Ås", 2}, {"Kari Nordmann", 4}, {"Ola", 5}}, nil},
		{"commas in plain names", "Nordmann, Ola\n", []Student{{"Nordmann, Ola", 1}}, nil},
		{"csv with navn", "\uFEFFklasse,Navn,epost\n8a,Bjørn Ås,b@x.no\n\n8a,\"Nordmann, Ola\",o@x.no\n,,\n8a,,k@x.no\n8a\n",
			[]Student{{"Bjørn Ås", 2}, {"Nordmann, Ola", 4}},
			[]string{"f:6: tomt navn", "f:7: linjen har ingen kolonne 2, der navnet skal stå"}},
		{"semicolons, as a spreadsheet writes", "# eksport\nNAME;e-post\nKari;k@x.no\n", []Student{{"Kari", 3}}, nil},
		{"tabs", "nr\tname\n1\tKari\n", []Student{{"Kari", 2}}, nil},
		{"invalid utf-8", "Kari\n\xff\xfe\n", []Student{{"Kari", 1}}, []string{"f:2: linjen er ikke gyldig UTF-8; lagre filen som UTF-8"}},
		{"too long", strings.Repeat("a", 201) + "\n", nil, []string{"f:1: navnet er lengre enn 200 tegn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems, err := ParseStudents(strings.NewReader(tt.in), "f")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("students %+v, want %+v", got, tt.want)
			}
			var ps []string
			for _, p := range problems {
				ps = append(ps, p.String())
			}
			if !reflect.DeepEqual(ps, tt.problems) {
				t.Errorf("problems %q, want %q", ps, tt.problems)
			}
		})
	}
}

func TestParseStudentsTooLarge(t *testing.T) {
	_, _, err := ParseStudents(strings.NewReader(strings.Repeat("Kari\n", maxListSize/5+1)), "f")
	if err == nil {
		t.Fatal("a list over 1 MiB was read")
	}
}

// FuzzClassList: any input parses without panicking into valid names on
// lines that exist, and every assigned Namespace is a distinct DNS label
// that starts with the prefix.
func FuzzClassList(f *testing.F) {
	for _, seed := range []string{"Bjørn Ås\nKari\n", "navn;x\n\"a;b\";c\n", "\uFEFF# x\n\n", "name\n\"unterminated\n", "Ola\nola\nOLA\n", "李雷\n---\n"} {
		f.Add(seed, "elev-")
	}
	f.Fuzz(func(t *testing.T, in, prefix string) {
		students, problems, err := ParseStudents(strings.NewReader(in), "f")
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(in, "\n") + 1
		for _, s := range students {
			if s.Name == "" || s.Name != strings.TrimSpace(s.Name) || !utf8.ValidString(s.Name) || s.Line < 1 || s.Line > lines {
				t.Errorf("student %+v", s)
			}
		}
		for _, p := range problems {
			if p.Line < 0 || p.Line > lines || p.Message == "" {
				t.Errorf("problem %+v", p)
			}
		}
		if ValidatePrefix(prefix) != nil {
			prefix = DefaultPrefix
		}
		assigned, _, _ := Assign("f", students, prefix, nil)
		seen := map[string]bool{}
		for _, a := range assigned {
			if errs := validation.IsDNS1123Label(a.Namespace); len(errs) > 0 || !strings.HasPrefix(a.Namespace, prefix) || seen[a.Namespace] {
				t.Errorf("namespace %q for %q: %v (seen %v)", a.Namespace, a.Name, errs, seen[a.Namespace])
			}
			seen[a.Namespace] = true
		}
	})
}

// FuzzNormalize: the result is always a–z, 0–9 and inner hyphens.
func FuzzNormalize(f *testing.F) {
	for _, seed := range []string{"Bjørn Ås", "Ærlig Øyvind", "Jérôme", "ǅ", "ﬃ", "\u0301a"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := Normalize(name)
		if strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Errorf("Normalize(%q) = %q", name, got)
		}
		for _, r := range got {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Errorf("Normalize(%q) = %q has %q", name, got, r)
			}
		}
	})
}
