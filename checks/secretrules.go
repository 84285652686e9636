package checks

import (
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// valueRules are properties the values of a Secret's keys must have. They
// look at a value only to answer yes or no: no value, no part of one and
// no length ever goes into a criterion, a found text, a detail or an
// error. A message names the key and the rule it breaks, nothing else.
type valueRules struct {
	NonEmpty          bool `yaml:"nonEmpty" doc:"verdiene til nøklene i keys og values er ikke tomme"`
	NoTrailingNewline bool `yaml:"noTrailingNewline" doc:"ingen av verdiene slutter med linjeskift (som echo uten -n gir)"`
	Printable         bool `yaml:"printable" doc:"verdiene er lesbar tekst: gyldig UTF-8 uten andre kontrolltegn enn tabulator og linjeskift"`
	NotDoubleEncoded  bool `yaml:"notDoubleEncoded" doc:"ingen av verdiene er selv base64 av lesbar tekst (kodet to ganger)"`
}

// The Norwegian texts of the value rules: the criterion's phrase and the
// found text naming the keys that break the rule.
const (
	msgValuesAre          = ", og verdiene %s"
	msgRuleNonEmpty       = "er ikke tomme"
	msgRuleNoNewline      = "slutter ikke med linjeskift"
	msgRulePrintable      = "er lesbar tekst"
	msgRuleNotDouble      = "er ikke base64-kodet to ganger"
	msgBrokeNonEmpty      = "tom verdi: %s"
	msgBrokeNoNewline     = "slutter med linjeskift: %s"
	msgBrokePrintable     = "ikke lesbar tekst: %s"
	msgBrokeDoubleEncoded = "ser base64-kodet ut to ganger: %s"
)

// valueRule is one rule: whether it is asked for, its criterion phrase,
// its found text and the test a value must pass.
type valueRule struct {
	on     bool
	phrase string
	broke  string
	holds  func(value []byte) bool
}

// list gives the rules in a fixed order.
func (r valueRules) list() []valueRule {
	return []valueRule{
		{r.NonEmpty, msgRuleNonEmpty, msgBrokeNonEmpty, func(v []byte) bool { return len(v) > 0 }},
		{r.NoTrailingNewline, msgRuleNoNewline, msgBrokeNoNewline, func(v []byte) bool {
			return len(v) == 0 || v[len(v)-1] != '\n' && v[len(v)-1] != '\r'
		}},
		{r.Printable, msgRulePrintable, msgBrokePrintable, printableText},
		{r.NotDoubleEncoded, msgRuleNotDouble, msgBrokeDoubleEncoded, func(v []byte) bool { return !looksBase64OfText(v) }},
	}
}

// describe is the criterion's addition for the rules asked for, e.g.
// ", og verdiene er ikke tomme og slutter ikke med linjeskift", or "".
func (r valueRules) describe() string {
	var phrases []string
	for _, rule := range r.list() {
		if rule.on {
			phrases = append(phrases, rule.phrase)
		}
	}
	if len(phrases) == 0 {
		return ""
	}
	return fmt.Sprintf(msgValuesAre, joinAnd(phrases))
}

// judge applies the rules to the values of keys (missing keys are left
// to the key check) and names, per broken rule, the keys that break it,
// e.g. "slutter med linjeskift: DB_PASSWORD"; "" when all hold. Only key
// names and fixed texts go into the answer.
func (r valueRules) judge(data map[string][]byte, keys []string) string {
	var broken []string
	for _, rule := range r.list() {
		if !rule.on {
			continue
		}
		var bad []string
		for _, k := range keys {
			if v, ok := data[k]; ok && !rule.holds(v) {
				bad = append(bad, k)
			}
		}
		if len(bad) > 0 {
			broken = append(broken, fmt.Sprintf(rule.broke, strings.Join(bad, ", ")))
		}
	}
	return strings.Join(broken, "; ")
}

// printableText reports valid UTF-8 without control characters other
// than tab, line feed and carriage return.
func printableText(v []byte) bool {
	if !utf8.Valid(v) {
		return false
	}
	for _, r := range string(v) {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}

// looksBase64OfText reports a value that is itself standard base64 (a
// trailing line break aside) of non-empty printable text: what
// `echo -n x | base64 | base64` gives when the result is put under
// data. A plain password rarely passes, since its decoding is seldom
// valid UTF-8 text.
func looksBase64OfText(v []byte) bool {
	s := strings.TrimRight(string(v), "\r\n")
	if len(s) < 4 || len(s)%4 != 0 {
		return false
	}
	decoded, err := base64.StdEncoding.DecodeString(s)
	return err == nil && len(decoded) > 0 && printableText(decoded)
}
