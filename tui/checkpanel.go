package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/lessons"
)

// checkPanel shows the current step's check results under the lesson
// text: each criterion with ✓/✗ and its verdict, a spinner while checks
// run, «Steg fullført» when all pass, the capabilities a skipped step
// lacks, and the step's quiz. Until the learner has done something in the
// step (Reveal), the criteria wait without verdicts.
//
// The root model drives it through its methods only: Reset for a new
// step, Start and Finish around each run, Stop when the learner leaves.
type checkPanel struct {
	styles  Styles
	keys    keyMap
	spinner spinner.Model
	quiz    quizBox

	ref          stepRef
	hasChecks    bool
	observeOnly  bool
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
	// waiting is set from Reset until results that all pass, or the
	// results of a run started after Reveal: until then the criteria show
	// without verdicts or hints.
	waiting bool
	// revealFrom is the first run (seq) whose results end waiting; 0
	// until Reveal.
	revealFrom int
	// asked is set when the learner asked for a verdict (Ask), until a
	// verdict is shown.
	asked bool
	// lastFailed lists the criteria (by index) that failed in the last
	// verdict shown with a failure; attempted is set when the verdict
	// just shown is an attempt (Attempted).
	lastFailed string
	attempted  bool

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

// SetConnected tells the panel whether the cluster answers.
func (p *checkPanel) SetConnected(connected bool) {
	p.disconnected = !connected
}

// Reset clears the panel for step s at ref; last says it is the lesson's
// last step, skipped lists what the cluster lacks for it. The criteria
// wait for the learner again.
func (p *checkPanel) Reset(ref stepRef, s *lessons.Step, last bool, skipped []string) {
	p.ref, p.hasChecks, p.observeOnly = ref, len(s.Checks) > 0, s.Options.ObserveOnly
	p.last, p.skipped = last, skipped
	p.running, p.rerun, p.deferred = false, false, false
	p.seq++
	p.results, p.haveResults = nil, false
	p.completed, p.withSolution, p.needQuiz = false, false, false
	p.waiting, p.revealFrom = true, 0
	p.asked, p.lastFailed, p.attempted = false, "", false
	p.quiz.setStep(ref, s.Quiz)
}

// Reveal ends the waiting with the results of the next run: the learner
// has changed something or asked for a check.
func (p *checkPanel) Reveal() {
	if p.waiting && p.revealFrom == 0 {
		p.revealFrom = p.seq + 1
	}
}

// Ask is Reveal because the learner asked for a check: the verdict that
// answers is an attempt even if it repeats the last one.
func (p *checkPanel) Ask() {
	p.Reveal()
	p.asked = true
}

// Attempted reports whether the verdict the last Finish showed is a
// failed attempt (progress/README.md): shown to the learner, with a
// failed criterion, and asked for or failing other criteria than the
// verdict before it.
func (p *checkPanel) Attempted() bool {
	return p.attempted
}

// judgeAttempt decides Attempted for results just shown.
func (p *checkPanel) judgeAttempt(results []checks.Result) {
	p.attempted = false
	if p.waiting {
		return
	}
	var failedSet strings.Builder
	for i, r := range results {
		if r.Status == checks.Failed {
			fmt.Fprintf(&failedSet, "%d,", i)
		}
	}
	switch {
	case failedSet.Len() > 0:
		p.attempted = p.asked || failedSet.String() != p.lastFailed
		p.lastFailed = failedSet.String()
	case checks.AllPassed(results):
		p.lastFailed = ""
	}
	p.asked = false
}

// Skipped reports whether the step is skipped on this cluster.
func (p *checkPanel) Skipped() bool {
	return len(p.skipped) > 0
}

// SetSkipped replaces what the cluster lacks for the step, once the
// cluster is described (again). It reports whether the checks should run
// now: the step is no longer skipped, or a run waited for the description.
func (p *checkPanel) SetSkipped(skipped []string) (recheck bool) {
	was := p.Skipped()
	p.skipped = skipped
	if p.Skipped() || !was && !p.deferred {
		return false
	}
	p.deferred = false
	return true
}

// Defer notes that a run waits for the cluster's description.
func (p *checkPanel) Defer() {
	p.deferred = true
}

// Running reports whether checks are running.
func (p *checkPanel) Running() bool {
	return p.running
}

// Start marks a check run as started and returns its sequence number and
// the spinner's first tick, or false when a run is going already (it is
// repeated when it finishes).
func (p *checkPanel) Start() (seq int, tick tea.Cmd, ok bool) {
	if p.running {
		p.rerun = true
		return 0, nil, false
	}
	p.running = true
	p.seq++
	return p.seq, p.spinner.Tick, true
}

// Finish stores a run's results; it reports whether they are current, and
// whether another run was asked for meanwhile. Results that all pass show
// their verdicts even while the criteria wait.
func (p *checkPanel) Finish(msg checksFinishedMsg) (current, again bool) {
	if msg.ref != p.ref || msg.seq != p.seq || !p.running {
		return false, false
	}
	p.running = false
	p.results, p.haveResults = msg.results, true
	if (p.revealFrom > 0 && msg.seq >= p.revealFrom) || (len(msg.results) > 0 && checks.AllPassed(msg.results)) {
		p.waiting = false
	}
	p.judgeAttempt(msg.results)
	again, p.rerun = p.rerun, false
	return true, again
}

// Stop drops a running check (its results will be stale) and gives the
// keys back to the lesson.
func (p *checkPanel) Stop() {
	p.running, p.rerun = false, false
	p.seq++
	p.quiz.Blur()
}

// Judge decides whether the step is complete: its checks all passed and,
// for an observe-only step with a quiz, the quiz is answered. withSolution
// says the learner opened the solution first.
func (p *checkPanel) Judge(withSolution bool) (complete bool) {
	p.completed, p.needQuiz = false, false
	if !p.haveResults || !checks.AllPassed(p.results) || p.hasChecks && len(p.results) == 0 {
		return false
	}
	if _, answered := p.quiz.answered(); p.observeOnly && p.quiz.quiz != nil && !answered {
		p.needQuiz = true
		return false
	}
	p.completed, p.withSolution = true, withSolution
	return true
}

// QuizFocused reports whether the quiz has the keys.
func (p checkPanel) QuizFocused() bool {
	return p.quiz.focused
}

// Typing reports whether the learner is typing a reflection: then every
// key is text.
func (p checkPanel) Typing() bool {
	return p.quiz.focused && p.quiz.quiz != nil && p.quiz.quiz.Reflection
}

// FocusQuiz gives the quiz the keys.
func (p *checkPanel) FocusQuiz() tea.Cmd {
	return p.quiz.Focus()
}

// Update animates the spinner while checks run, and gives other messages
// to the quiz.
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
