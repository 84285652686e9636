package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/kubekurs/kubekurs/checks"
)

// checkPanel shows the current step's check results under the lesson
// text: each criterion with ✓/✗ and its verdict, a spinner while checks
// run, «Steg fullført» when all pass, the capabilities a skipped step
// lacks, and the step's quiz.
type checkPanel struct {
	styles  Styles
	keys    keyMap
	spinner spinner.Model
	quiz    quizBox

	ref          stepRef
	hasChecks    bool
	running      bool
	rerun        bool
	seq          int
	results      []checks.Result
	haveResults  bool
	skipped      []string // "«cap»: explanation" lines
	completed    bool
	withSolution bool
	needQuiz     bool
	last         bool
	disconnected bool
	// deferred is set while a run waits for the cluster's description.
	deferred bool

	width, maxHeight int
}

// newCheckPanel returns an empty check panel.
func newCheckPanel(st Styles, keys keyMap) checkPanel {
	return checkPanel{
		styles:  st,
		keys:    keys,
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(st.Accent)),
		quiz:    newQuizBox(st, keys),
	}
}

// restyle switches styles.
func (p *checkPanel) restyle(st Styles) {
	p.styles = st
	p.spinner.Style = st.Accent
	p.quiz.restyle(st)
}

// SetSize sets the panel's width and the most lines it may take.
func (p *checkPanel) SetSize(w, maxH int) {
	p.width, p.maxHeight = w, maxH
	p.quiz.SetSize(w - len(panelIndent))
}

// reset clears the panel for another step; skipped lists what the
// cluster lacks for it.
func (p *checkPanel) reset(ref stepRef, hasChecks, last bool, skipped []string) {
	p.ref, p.hasChecks, p.last, p.skipped = ref, hasChecks, last, skipped
	p.running, p.rerun, p.deferred = false, false, false
	p.seq++
	p.results, p.haveResults = nil, false
	p.completed, p.withSolution, p.needQuiz = false, false, false
}

// start marks a check run as started and returns its sequence number, or
// false when a run is going already (it is repeated when it finishes).
func (p *checkPanel) start() (int, bool) {
	if p.running {
		p.rerun = true
		return 0, false
	}
	p.running = true
	p.seq++
	return p.seq, true
}

// finished stores a run's results; it reports whether they are current,
// and whether another run was asked for meanwhile.
func (p *checkPanel) finished(msg checksFinishedMsg) (current, again bool) {
	if msg.ref != p.ref || msg.seq != p.seq || !p.running {
		return false, false
	}
	p.running = false
	p.results, p.haveResults = msg.results, true
	again, p.rerun = p.rerun, false
	return true, again
}

// Update animates the spinner while checks run.
func (p checkPanel) Update(msg tea.Msg) (checkPanel, tea.Cmd) {
	if _, ok := msg.(spinner.TickMsg); ok {
		if !p.running {
			return p, nil
		}
		var cmd tea.Cmd
		p.spinner, cmd = p.spinner.Update(msg)
		return p, cmd
	}
	var cmd tea.Cmd
	p.quiz, cmd = p.quiz.Update(msg)
	return p, cmd
}

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
		body = p.resultLines(w)
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
	case p.haveResults:
		passed, _, _, _ := checks.Summary(p.results)
		return []string{p.styles.Heading.Render(fmt.Sprintf(fmtSummary, passed, len(p.results)))}
	}
	return strings.Split(p.styles.Subtle.Render(wrap(fmt.Sprintf(fmtChecksIdle, p.keys.Check.Help().Key), w)), "\n")
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

// notes explain miljøfeil and mangler tilgang, and a missing quiz answer.
func (p checkPanel) notes(w int) []string {
	_, _, env, forbidden := checks.Summary(p.results)
	var out []string
	if p.disconnected {
		out = append(out, p.styles.Disconnected.Render(wrap(disconnectedNote, w)))
	}
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
