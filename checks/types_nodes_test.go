package checks

import (
	"strings"
	"testing"
)

func TestCompileNodeAndWaitingErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{"podNodes without a condition", "- type: podNodes\n  selector: app=web\n", 1, "oppgi «minNodes», «schedulableOnly: true» eller begge"},
		{"podNodes minNodes 0", "- type: podNodes\n  minNodes: 0\n", 2, "«minNodes» kan ikke være mindre enn 1"},
		{"podNodes bad selector", "- type: podNodes\n  selector: 'app in (a'\n  minNodes: 2\n", 2, "ugyldig selector «app in (a»"},
		{"podNodes schedulableOnly as text", "- type: podNodes\n  schedulableOnly: 'ja'\n", 2, "«schedulableOnly» må være true/false"},
		{"cordonedNodes without a bound", "- type: cordonedNodes\n  selector: '!node-role.kubernetes.io/control-plane'\n", 1, "oppgi «min», «max» eller begge"},
		{"cordonedNodes min above max", "- type: cordonedNodes\n  min: 2\n  max: 1\n", 3, "«max» kan ikke være mindre enn 2 (fant 1)"},
		{"cordonedNodes negative", "- type: cordonedNodes\n  max: -1\n", 2, "«max» kan ikke være mindre enn 0"},
		{"podWaiting without target", "- type: podWaiting\n  reasons: [ImagePullBackOff]\n", 1, "oppgi én av «selector» eller «deployment»"},
		{"podWaiting both targets", "- type: podWaiting\n  selector: app=web\n  deployment: web\n  reasons: [ImagePullBackOff]\n", 3, "oppgi bare én av «selector» eller «deployment»"},
		{"podWaiting without reasons", "- type: podWaiting\n  deployment: web\n", 1, "mangler «reasons»"},
		{"podWaiting empty reasons", "- type: podWaiting\n  deployment: web\n  reasons: []\n", 3, "«reasons» kan ikke være tom"},
		{"podWaiting reasons as text", "- type: podWaiting\n  deployment: web\n  reasons: ImagePullBackOff\n", 3, "«reasons» må være liste"},
		{"podWaiting min above max", "- type: podWaiting\n  deployment: web\n  reasons: [ErrImagePull]\n  min: 2\n  max: 0\n", 5, "«max» kan ikke være mindre enn 2 (fant 0)"},
		{"podWaiting typo", "- type: podWaiting\n  deployment: web\n  reason: [ErrImagePull]\n", 3, "mente du «reasons»?"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compileList(t, tc.src)
			specErrs := SpecErrors(err)
			if len(specErrs) == 0 {
				t.Fatalf("no SpecError; err = %v", err)
			}
			first := specErrs[0]
			if first.Node == nil || first.Node.Line != tc.line {
				t.Errorf("error at %v, want line %d", first, tc.line)
			}
			if !strings.Contains(first.Msg, tc.msg) {
				t.Errorf("message %q does not contain %q", first.Msg, tc.msg)
			}
		})
	}
}

func TestCompileNodeAndWaitingCriteria(t *testing.T) {
	tests := []struct{ src, criterion, expected string }{
		{`{type: podNodes, selector: app=web, minNodes: 2}`,
			"Podene med selector «app=web» kjører på minst 2 forskjellige noder", "minst 2 noder"},
		{`{type: podNodes, selector: app=web, minNodes: 1, namespace: kurs}`,
			"Podene med selector «app=web» i Namespace «kurs» kjører på minst 1 node", "minst 1 node"},
		{`{type: podNodes, schedulableOnly: true}`,
			"Ingen av Podene i Namespacet kjører på en node som er stengt for nye Poder (cordon), DaemonSet-Poder unntatt", "ingen på en node med cordon"},
		{`{type: podNodes, schedulableOnly: true, namespace: kurs}`,
			"Ingen av Podene i Namespace «kurs» kjører på en node som er stengt for nye Poder (cordon), DaemonSet-Poder unntatt", "ingen på en node med cordon"},
		{`{type: podNodes, selector: app=web, minNodes: 2, schedulableOnly: true}`,
			"Podene med selector «app=web» kjører på minst 2 forskjellige noder, og ingen av dem på en node som er stengt for nye Poder (cordon), DaemonSet-Poder unntatt",
			"minst 2 noder; ingen på en node med cordon"},
		{`{type: cordonedNodes, min: 1}`, "Minst 1 av nodene er stengt for nye Poder (cordon)", "minst 1 stengt"},
		{`{type: cordonedNodes, selector: '!node-role.kubernetes.io/control-plane', max: 0}`,
			"Ingen av nodene med selector «!node-role.kubernetes.io/control-plane» er stengt for nye Poder (cordon)", "ingen stengt"},
		{`{type: cordonedNodes, min: 1, max: 1}`, "Nøyaktig 1 av nodene er stengt for nye Poder (cordon)", "nøyaktig 1 stengt"},
		{`{type: cordonedNodes, max: 2}`, "Høyst 2 av nodene er stengt for nye Poder (cordon)", "høyst 2 stengt"},
		{`{type: cordonedNodes, min: 1, max: 3}`, "Mellom 1 og 3 av nodene er stengt for nye Poder (cordon)", "mellom 1 og 3 stengt"},
		{`{type: podWaiting, deployment: web, reasons: [ErrImagePull, ImagePullBackOff]}`,
			"Minst 1 Pod i den nyeste revisjonen av Deploymenten «web» venter med ErrImagePull eller ImagePullBackOff", "minst 1 Pod venter"},
		{`{type: podWaiting, selector: app=web, reasons: [ErrImagePull, ImagePullBackOff], max: 0}`,
			"Ingen Poder med selector «app=web» venter med ErrImagePull eller ImagePullBackOff", "ingen Poder venter"},
		{`{type: podWaiting, selector: app=web, reasons: [CreateContainerConfigError], min: 2, namespace: kurs}`,
			"Minst 2 Poder med selector «app=web» i Namespace «kurs» venter med CreateContainerConfigError", "minst 2 Poder venter"},
		{`{type: podWaiting, deployment: web, reasons: [CrashLoopBackOff], max: 1}`,
			"Høyst 1 Pod i den nyeste revisjonen av Deploymenten «web» venter med CrashLoopBackOff", "høyst 1 Pod venter"},
	}
	for _, tc := range tests {
		c := compileOne(t, tc.src)
		if got := c.Criterion(); got != tc.criterion {
			t.Errorf("%s:\n criterion %q\n want      %q", tc.src, got, tc.criterion)
		}
		if got := c.(*check).expected; got != tc.expected {
			t.Errorf("%s:\n expected %q\n want     %q", tc.src, got, tc.expected)
		}
	}
}

func TestCountRange(t *testing.T) {
	tests := []struct {
		lo, hi    int
		text      string
		nounOf    int
		in, notIn []int
	}{
		{1, -1, "minst 1", 1, []int{1, 5}, []int{0}},
		{0, 0, "ingen", 2, []int{0}, []int{1}},
		{2, 2, "nøyaktig 2", 2, []int{2}, []int{1, 3}},
		{0, 1, "høyst 1", 1, []int{0, 1}, []int{2}},
		{1, 3, "mellom 1 og 3", 2, []int{1, 3}, []int{0, 4}},
	}
	for _, tc := range tests {
		if got := countRange(tc.lo, tc.hi); got != tc.text {
			t.Errorf("countRange(%d, %d) = %q, want %q", tc.lo, tc.hi, got, tc.text)
		}
		if got := countNounOf(tc.lo, tc.hi); got != tc.nounOf {
			t.Errorf("countNounOf(%d, %d) = %d, want %d", tc.lo, tc.hi, got, tc.nounOf)
		}
		for _, n := range tc.in {
			if !inRange(n, tc.lo, tc.hi) {
				t.Errorf("inRange(%d, %d, %d) = false", n, tc.lo, tc.hi)
			}
		}
		for _, n := range tc.notIn {
			if inRange(n, tc.lo, tc.hi) {
				t.Errorf("inRange(%d, %d, %d) = true", n, tc.lo, tc.hi)
			}
		}
	}
}
