package tui

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestObserveOnlyQuiz(t *testing.T) {
	m, _, fp := setup(t)
	m = openStep(t, m, 0, 1)
	m, cmd := finish(m, passed)
	runAll(cmd, 50*time.Millisecond)
	if v := view(m); strings.Contains(v, stepDone) || !strings.Contains(v, quizNeeded) {
		t.Errorf("observe-only step done before its quiz:\n%s", v)
	}
	m, _ = update(m, keyPress("tab"))
	m, _ = update(m, keyPress("down"))
	m, cmd = update(m, keyPress("enter"))
	answered, ok := cmd().(quizAnsweredMsg)
	if !ok || answered.answer != "apps" || answered.correct {
		t.Fatalf("answer = %#v", answered)
	}
	m, cmd = update(m, answered)
	runAll(cmd, 100*time.Millisecond)
	v := view(m)
	for _, w := range []string{"Ikke riktig. Riktig svar er «core».", stepDone} {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q:\n%s", w, v)
		}
	}
	if got, want := fp.quizAnswers(), []string{"T01/2: apps (feil)"}; !slices.Equal(got, want) {
		t.Errorf("quiz answers = %v, want %v", got, want)
	}
	if got, want := fp.done(), []stepDoneCall{{"T01", 2, false}}; !slices.Equal(got, want) {
		t.Errorf("StepDone calls = %v, want %v", got, want)
	}
}

func TestReflection(t *testing.T) {
	m, _, fp := setup(t)
	m = openStep(t, m, 1, 1)
	m, _ = update(m, keyPress("tab"))
	for _, k := range []string{"q", "?", "n"} { // typed, not keys
		m, _ = update(m, keyPress(k))
	}
	if m.screen != screenLesson || m.lesson.ref.step != 1 || m.checks.quiz.input.Value() != "q?n" {
		t.Fatalf("typing was taken as keys: value %q", m.checks.quiz.input.Value())
	}
	m, cmd := update(m, keyPress("enter"))
	m, cmd = update(m, cmd())
	runAll(cmd, 100*time.Millisecond)
	if !strings.Contains(view(m), quizSaved) {
		t.Errorf("view lacks %q", quizSaved)
	}
	if got, want := fp.quizAnswers(), []string{"T02/2: q?n (riktig)"}; !slices.Equal(got, want) {
		t.Errorf("quiz answers = %v, want %v", got, want)
	}
}
