package tui

import (
	"fmt"
	"strings"

	"github.com/kubekurs/kubekurs/checks"
)

// panelIndent lines the panel up with the lesson text's margin.
const panelIndent = "  "

// View draws the panel within its width and height.
func (p checkPanel) View() string {
	w := max(10, p.width-len(panelIndent))
	head := p.headLines(w)
	var notes []string
	if !p.completed && len(p.skipped) == 0 {
		notes = p.notes(w)
	}
	quiz := p.quiz.View()
	fixed := len(head) + len(notes) + lineCount(quiz)
	if quiz != "" {
		fixed++
	}
	var body []string
	if len(p.skipped) == 0 {
		if p.showWaiting() {
			body = p.waitingLines(w)
		} else {
			body = p.resultLines(w)
		}
		if budget := p.maxHeight - fixed; len(body) > budget {
			body = append(body[:max(0, budget-1)], p.styles.Subtle.Render("…"))
		}
	}
	lines := append(append(head, body...), notes...)
	if quiz != "" {
		lines = append(lines, "", quiz)
	}
	lines = splitLines(lines)
	for i, l := range lines {
		if l != "" {
			lines[i] = panelIndent + l
		}
	}
	return clip(strings.Join(lines, "\n"), p.width, p.maxHeight)
}

// showWaiting reports whether the criteria wait for the learner: shown
// without verdicts, hints or the summary.
func (p checkPanel) showWaiting() bool {
	return p.waiting && p.hasChecks && !p.completed && len(p.skipped) == 0
}

// headLines is the panel's first lines: the step's state.
func (p checkPanel) headLines(w int) []string {
	next := p.keys.Next.Help().Key
	switch {
	case len(p.skipped) > 0:
		st, sym := p.styles.status(checks.Skipped)
		out := []string{st.Render(sym + " " + checks.Skipped.String())}
		for _, s := range p.skipped {
			out = append(out, strings.Split(wrap(s, w), "\n")...)
		}
		return append(out, p.styles.Subtle.Render(fmt.Sprintf(fmtSkippedMoveOn, next)))
	case p.completed:
		text := stepDone
		if p.withSolution {
			text = stepDoneWithSolution
		}
		after := fmt.Sprintf(fmtNextStep, next)
		if p.last {
			after = lessonDone
		}
		done := p.styles.Done.Render(symbolPassed + " " + text)
		if p.running { // a re-run keeps the verdict until it has a new one
			done += "  " + p.spinner.View()
		}
		return append([]string{done},
			strings.Split(p.styles.Subtle.Render(wrap(after, w)), "\n")...)
	case p.running:
		return []string{p.spinner.View() + " " + checksRunning}
	case !p.hasChecks:
		return []string{p.styles.Subtle.Render(noChecks)}
	case p.showWaiting():
		return strings.Split(p.styles.Heading.Render(wrap(checksWaiting, w)), "\n")
	case p.haveResults:
		passed, _, _, _ := checks.Summary(p.results)
		return []string{p.styles.Heading.Render(fmt.Sprintf(fmtSummary, passed, len(p.results)))}
	}
	return p.idleLines(w)
}

// idleLines say when the checks run.
func (p checkPanel) idleLines(w int) []string {
	return strings.Split(p.styles.Subtle.Render(wrap(fmt.Sprintf(fmtChecksIdle, p.keys.Check.Help().Key), w)), "\n")
}

// waitingLines list the criteria with a neutral mark: no verdict, no
// expected or found, no hint.
func (p checkPanel) waitingLines(w int) []string {
	var out []string
	for _, r := range p.results {
		for i, l := range strings.Split(wrap(r.Criterion, max(10, w-2)), "\n") {
			mark := symbolWaiting
			if i > 0 {
				mark = " "
			}
			out = append(out, p.styles.Subtle.Render(mark)+" "+l)
		}
	}
	return out
}

// resultLines draws one entry per result: the criterion with its verdict,
// and for one that did not pass what was expected and found, the hint and
// the detail.
func (p checkPanel) resultLines(w int) []string {
	var out []string
	for _, r := range p.results {
		st, sym := p.styles.status(r.Status)
		line := st.Render(sym) + " " + r.Criterion
		if r.Status != checks.Passed {
			line += " — " + st.Render(r.Status.String())
		}
		out = append(out, line)
		if r.Status == checks.Passed {
			continue
		}
		var sub []string
		switch {
		case r.Expected != "" && r.Found != "":
			sub = append(sub, labelExpected+": "+r.Expected+" · "+labelFound+": "+r.Found)
		case r.Expected != "":
			sub = append(sub, labelExpected+": "+r.Expected)
		case r.Found != "":
			sub = append(sub, labelFound+": "+r.Found)
		}
		if r.Detail != "" {
			sub = append(sub, labelDetail+": "+r.Detail)
		}
		if r.Hint != "" && r.Status == checks.Failed {
			sub = append(sub, labelHint+": "+r.Hint)
		}
		for _, s := range sub {
			for _, l := range strings.Split(wrap(s, max(10, w-4)), "\n") {
				out = append(out, "    "+p.styles.Subtle.Render(l))
			}
		}
	}
	return out
}

// notes explain miljøfeil and mangler tilgang, and a missing quiz answer;
// while the criteria wait, only the connection and when the checks run.
func (p checkPanel) notes(w int) []string {
	var out []string
	if p.disconnected {
		out = append(out, p.styles.Disconnected.Render(wrap(disconnectedNote, w)))
	}
	if p.showWaiting() {
		return append(splitLines(out), p.idleLines(w)...)
	}
	_, _, env, forbidden := checks.Summary(p.results)
	if env > 0 {
		out = append(out, p.styles.EnvError.Render(wrap(envErrorNote, w)))
	}
	if forbidden > 0 {
		out = append(out, p.styles.Forbidden.Render(wrap(forbiddenNote, w)))
	}
	if p.needQuiz {
		out = append(out, p.styles.Question.Render(wrap(quizNeeded, w)))
	}
	return splitLines(out)
}
