package class

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"k8s.io/apimachinery/pkg/util/validation"
)

// maxPrefixLength bounds the Namespace prefix, so that every name keeps
// room for the student's part.
const maxPrefixLength = 40

// ValidateClass checks that name can name a class: a DNS label, as
// Kubernetes takes for a label value and a Namespace name. The error is
// in Norwegian.
func ValidateClass(name string) error {
	if errs := validation.IsDNS1123Label(name); len(errs) > 0 {
		return fmt.Errorf(msgBadClass, name)
	}
	return nil
}

// ValidatePrefix checks a Namespace prefix. The error is in Norwegian.
func ValidatePrefix(prefix string) error {
	// A prefix is the start of a DNS label: with one letter more, it is one.
	if len(prefix) > maxPrefixLength || (prefix != "" && len(validation.IsDNS1123Label(prefix+"a")) > 0) {
		return fmt.Errorf(msgBadPrefix, prefix, maxPrefixLength)
	}
	return nil
}

// Normalize turns a student's name into the part of a DNS label it
// gives: lower case; æ, ø and å as ae, o and a; other letters without
// their diacritics (é as e, ü as u) and compatibility forms as their plain letters (ﬁ as fi); anything else but a–z and 0–9 as
// one hyphen; no hyphen first or last. A name with none of those
// letters or digits gives "".
func Normalize(name string) string {
	var mapped strings.Builder
	for _, r := range strings.ToLower(name) {
		switch r {
		case 'æ':
			mapped.WriteString("ae")
		case 'ø':
			mapped.WriteString("o")
		case 'å':
			mapped.WriteString("a")
		case 'ß':
			mapped.WriteString("ss")
		case 'œ':
			mapped.WriteString("oe")
		case 'þ':
			mapped.WriteString("th")
		case 'ð', 'đ':
			mapped.WriteString("d")
		case 'ł':
			mapped.WriteString("l")
		case 'ı':
			mapped.WriteString("i")
		default:
			mapped.WriteRune(r)
		}
	}
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(mapped.String()) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r): // a diacritic NFKD split off
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// fit is prefix, base and suffix as one DNS label: base is cut so that
// the whole fits in 63 characters, and never ends in a hyphen.
func fit(prefix, base, suffix string) string {
	room := validation.DNS1123LabelMaxLength - len(prefix) - len(suffix)
	if len(base) > room {
		base = strings.TrimRight(base[:room], "-")
	}
	return prefix + base + suffix
}

// Member is a student of a class that is already on the cluster.
type Member struct {
	// Namespace is the student's Namespace.
	Namespace string
	// Name is the student's name, from the Namespace's
	// StudentNameAnnotation.
	Name string
}

// Assignment is a student and the Namespace the student gets.
type Assignment struct {
	Student
	// Namespace is the student's Namespace.
	Namespace string
	// Member is true when the Namespace is the student's from an earlier
	// run (a Member with the same name).
	Member bool
}

// Assign gives each student a Namespace: prefix and the normalised name.
// A student named exactly as a member of the class keeps the member's
// Namespace. Names that normalise to the same Namespace get -2, -3 …,
// in the list's order, skipping those members have; each such student
// is a notice naming who had the name first. A name that normalises to
// nothing is a problem. file names the list in both.
func Assign(file string, students []Student, prefix string, members []Member) (assigned []Assignment, notices, problems []Problem) {
	byName := map[string][]string{} // a member's name -> the member's Namespaces
	holder := map[string]string{}   // a Namespace taken -> whose, for notices
	for _, m := range members {
		byName[m.Name] = append(byName[m.Name], m.Namespace)
		holder[m.Namespace] = fmt.Sprintf(msgHolderMember, m.Name)
	}
	for name := range byName {
		slices.SortFunc(byName[name], compareNamespaces)
	}
	for _, s := range students {
		base := Normalize(s.Name)
		if base == "" {
			problems = append(problems, Problem{File: file, Line: s.Line, Message: fmt.Sprintf(msgNoValidName, s.Name)})
			continue
		}
		if own := byName[s.Name]; len(own) > 0 {
			byName[s.Name] = own[1:]
			assigned = append(assigned, Assignment{Student: s, Namespace: own[0], Member: true})
			continue
		}
		first := fit(prefix, base, "")
		ns := first
		for n := 2; holder[ns] != ""; n++ {
			ns = fit(prefix, base, "-"+strconv.Itoa(n))
		}
		if ns != first {
			notices = append(notices, Problem{File: file, Line: s.Line,
				Message: fmt.Sprintf(msgDuplicate, s.Name, first, holder[first], ns)})
		}
		holder[ns] = fmt.Sprintf(msgHolderLine, s.Name, s.Line)
		assigned = append(assigned, Assignment{Student: s, Namespace: ns})
	}
	return assigned, notices, problems
}

// CheckList finds the students whose names give no Namespace, as
// problems of file: what Create would refuse the list for, found before
// any cluster is asked.
func CheckList(file string, students []Student) []Problem {
	_, _, problems := Assign(file, students, "", nil)
	return problems
}

// compareNamespaces orders Namespaces as Assign numbers them: shorter
// (no suffix, then -2 … -9) first, then alphabetically.
func compareNamespaces(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}
