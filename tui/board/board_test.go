package board

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/grade"
)

// Golden frames of the board, driven through a real tea.Program by
// teatest with fixed grade.Update values. Refresh with
// `go test ./tui/board/ -run Golden -update`.

const waitTimeout = 5 * time.Second

// clock is the fixed time of the tests.
var clock = time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return clock }

// step is a step's grade with criteria.
func step(n int, title string, status grade.StepStatus, results ...checks.Result) grade.StepGrade {
	sg := grade.StepGrade{Step: n, Title: title, Status: status, Results: results}
	if status == grade.StepPassed {
		sg.Score = 1
	}
	return sg
}

// student is a student with two lessons' steps.
func student(name, ns string, l1, l2 []grade.StepGrade) grade.StudentReport {
	s := grade.StudentReport{Student: grade.Student{Name: name, Namespace: ns}, Mirror: grade.MirrorRead}
	for _, l := range []struct {
		id    string
		steps []grade.StepGrade
	}{{"L01", l1}, {"L04", l2}} {
		lg := grade.LessonGrade{ID: l.id, Steps: l.steps}
		for _, st := range l.steps {
			lg.Score += st.Score
			lg.Max++
		}
		s.Lessons = append(s.Lessons, lg)
		s.Score += lg.Score
		s.Max += lg.Max
	}
	return s
}

// testUpdate is a class of four: Ada has done everything, Bjørn is
// stuck in L04 with the solution shown, Cecilie has not started L04, Dag
// has done nothing and has no progress mirror.
func testUpdate() *grade.Update {
	p, f, n := grade.StepPassed, grade.StepFailed, grade.StepNotAttempted
	l1 := func(s ...grade.StepStatus) []grade.StepGrade {
		return []grade.StepGrade{step(1, "Se på clusteret", s[0]), step(2, "Lag et Namespace", s[1])}
	}
	failedReplicas := checks.Result{Criterion: "Deploymenten «web» har 3 klare replikaer", Status: checks.Failed,
		Found: "1 av 3 klare", Expected: "3 klare replikaer", Hint: "Se på `kubectl get pods` om Podene starter."}
	l4 := func(s ...grade.StepStatus) []grade.StepGrade {
		return []grade.StepGrade{
			step(1, "Din første Deployment", s[0], checks.Result{Criterion: "Deploymenten «web» finnes", Status: checks.Passed}, failedReplicas),
			step(2, "Skaler opp", s[1]),
			step(3, "Rull ut en ny versjon", s[2]),
		}
	}
	bjorn := student("Bjørn Ås", "elev-bjorn", l1(p, p), l4(f, n, n))
	bjorn.Lessons[1].Steps[0].Results[0].Status = checks.Passed
	bjorn.Lessons[1].Steps[0].Score = 0.5
	bjorn.Lessons[1].Steps[0].SolutionShown = true
	bjorn.Lessons[1].Steps[0].HintsShown = 2
	bjorn.Lessons[1].Steps[0].Attempts = 3
	bjorn.Lessons[1].Score, bjorn.Score = 0.5, 2.5
	dag := student("Dag", "elev-dag", l1(n, n), l4(n, n, n))
	dag.Mirror = grade.MirrorMissing
	class := &grade.Class{
		Cluster: "https://127.0.0.1:6443",
		Lessons: []grade.LessonInfo{{ID: "L01", Title: "Hei, cluster", Steps: 2}, {ID: "L04", Title: "Deployments", Steps: 3}},
		Students: []grade.StudentReport{
			student("Ada", "elev-ada", l1(p, p), l4(p, p, p)),
			bjorn,
			student("Cecilie", "elev-cecilie", l1(p, p), l4(n, n, n)),
			dag,
		},
		Requests: grade.Requests{Total: 3},
	}
	return &grade.Update{
		Class: class,
		Current: []grade.CurrentStep{
			{Since: clock.Add(-time.Hour)},
			{Lesson: "L04", Step: 1, Title: "Din første Deployment", Since: clock.Add(-42 * time.Minute)},
			{Lesson: "L04", Step: 1, Title: "Din første Deployment", Since: clock.Add(-3 * time.Minute)},
			{Lesson: "L01", Step: 1, Title: "Se på clusteret", Since: clock.Add(-75 * time.Minute)},
		},
		Regraded: []string{"elev-bjorn"},
		At:       clock.Add(-2 * time.Second),
	}
}

// probeMsg asks the probe for the current screen.
type probeMsg struct{}

type probe struct {
	mu   sync.Mutex
	view string
}

func (p *probe) filter(m tea.Model, msg tea.Msg) tea.Msg {
	if _, ok := msg.(probeMsg); ok {
		p.mu.Lock()
		p.view = m.View().Content
		p.mu.Unlock()
	}
	return msg
}

// session is a board under test and its channel of updates.
type session struct {
	tm      *teatest.TestModel
	probe   *probe
	updates chan *grade.Update
}

func startBoard(t *testing.T, w, h int) *session {
	t.Helper()
	return startBoardWith(t, w, h, true, colorprofile.Ascii)
}

// startBoardWith starts the board with or without colors.
func startBoardWith(t *testing.T, w, h int, noColor bool, profile colorprofile.Profile) *session {
	t.Helper()
	s := &session{probe: &probe{}, updates: make(chan *grade.Update, 4)}
	t.Cleanup(func() { close(s.updates) })
	s.tm = teatest.NewTestModel(t, New(Options{Updates: s.updates, NoColor: noColor, Now: fixedNow}),
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithFilter(s.probe.filter), tea.WithColorProfile(profile)))
	return s
}

// waitFor waits until the screen shows every one of want.
func (s *session) waitFor(t *testing.T, want ...string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	var v string
	for time.Now().Before(deadline) {
		s.tm.Send(probeMsg{})
		time.Sleep(10 * time.Millisecond)
		s.probe.mu.Lock()
		v = ansi.Strip(s.probe.view)
		s.probe.mu.Unlock()
		ok := v != ""
		for _, w := range want {
			ok = ok && strings.Contains(v, w)
		}
		if ok {
			return
		}
	}
	t.Fatalf("screen never showed %q; last:\n%s", want, v)
}

func (s *session) keys(keys ...string) {
	for _, k := range keys {
		s.tm.Send(keyPress(k))
	}
}

// keyPress is the message for a key as a terminal sends it.
func keyPress(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// finish quits and compares the final screen with the golden file.
func (s *session) finish(t *testing.T) {
	t.Helper()
	if err := s.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := s.tm.FinalModel(t, teatest.WithFinalTimeout(waitTimeout))
	golden.RequireEqual(t, fm.View().Content)
}

// rowOrder is the students' names in the order the screen lists them.
func rowOrder(screen string, names ...string) []string {
	type at struct {
		name string
		pos  int
	}
	var found []at
	for _, n := range names {
		if i := strings.Index(screen, n); i >= 0 {
			found = append(found, at{n, i})
		}
	}
	for i := range found {
		for j := i + 1; j < len(found); j++ {
			if found[j].pos < found[i].pos {
				found[i], found[j] = found[j], found[i]
			}
		}
	}
	var out []string
	for _, f := range found {
		out = append(out, f.name)
	}
	return out
}

func TestGoldenBoardList(t *testing.T) {
	s := startBoard(t, 110, 16)
	s.waitFor(t, "Vurderer klassen")
	s.updates <- testUpdate()
	s.waitFor(t, "Ada", "Dag", "fasit vist: L04.1", "42 min", "1 t 15 min", "Sortert etter fremdrift")
	s.tm.Send(probeMsg{})
	s.finish(t)
}

func TestGoldenBoardSortedByStuck(t *testing.T) {
	s := startBoard(t, 110, 16)
	s.updates <- testUpdate()
	s.waitFor(t, "Ada")
	s.keys("s")
	s.waitFor(t, "Sortert etter navn")
	s.keys("s")
	s.waitFor(t, "Sortert etter lengst fast")
	s.probe.mu.Lock()
	order := rowOrder(ansi.Strip(s.probe.view), "Ada", "Bjørn", "Cecilie", "Dag")
	s.probe.mu.Unlock()
	if strings.Join(order, ",") != "Dag,Bjørn,Cecilie,Ada" {
		t.Errorf("order %v; want the longest stuck first and the one with nothing left last", order)
	}
	s.finish(t)
}

func TestGoldenBoardFilter(t *testing.T) {
	s := startBoard(t, 110, 16)
	s.updates <- testUpdate()
	s.waitFor(t, "Ada")
	s.keys("/", "d", "e", "p", "l")
	s.waitFor(t, "Filter: depl")
	s.keys("enter")
	s.waitFor(t, "filter: «depl»")
	s.finish(t)
}

func TestGoldenBoardDetails(t *testing.T) {
	s := startBoard(t, 100, 30)
	s.updates <- testUpdate()
	s.waitFor(t, "Ada")
	s.keys("down", "enter")
	s.waitFor(t, "Bjørn Ås (elev-bjorn)", "fant: 1 av 3 klare", "hint: Se på", "fasit vist, 2 hint vist, 3 forsøk")
	s.finish(t)
}

// TestBoardFollowsUpdates: a new state of the class moves the rows and
// keeps the selected student selected; esc leaves the details.
func TestBoardFollowsUpdates(t *testing.T) {
	s := startBoard(t, 110, 16)
	s.updates <- testUpdate()
	s.waitFor(t, "Ada")
	s.keys("down", "down") // Cecilie: 2 points, third
	s.waitFor(t, "› Cecilie")
	next := testUpdate()
	c := &next.Class.Students[2]
	c.Lessons[1].Steps[0] = step(1, "Din første Deployment", grade.StepPassed)
	c.Lessons[1].Score, c.Score = 1, 3
	next.Current[2] = grade.CurrentStep{Lesson: "L04", Step: 2, Title: "Skaler opp", Since: clock}
	s.updates <- next
	s.waitFor(t, "› Cecilie", "L04.2 Skaler opp", "3/5")
	s.probe.mu.Lock()
	order := rowOrder(ansi.Strip(s.probe.view), "Ada", "Bjørn", "Cecilie", "Dag")
	s.probe.mu.Unlock()
	if strings.Join(order, ",") != "Ada,Cecilie,Bjørn,Dag" {
		t.Errorf("order %v after Cecilie passed a step", order)
	}
	s.keys("enter")
	s.waitFor(t, "Cecilie (elev-cecilie)")
	s.keys("esc")
	s.waitFor(t, "Sortert etter fremdrift")
	if err := s.tm.Quit(); err != nil {
		t.Fatal(err)
	}
}

func TestGoldenBoardTooSmall(t *testing.T) {
	s := startBoard(t, 40, 8)
	s.updates <- testUpdate()
	s.waitFor(t, "for lite")
	s.finish(t)
}

func TestGoldenBoardResize(t *testing.T) {
	s := startBoard(t, 40, 8)
	s.updates <- testUpdate()
	s.waitFor(t, "for lite")
	s.tm.Send(tea.WindowSizeMsg{Width: 70, Height: 12})
	s.waitFor(t, "Ada", "Sortert etter fremdrift")
	s.finish(t)
}

// TestGoldenBoardColor: with colors the table keeps its columns (the
// styles pad nothing) and the marks are colored.
func TestGoldenBoardColor(t *testing.T) {
	s := startBoardWith(t, 110, 16, false, colorprofile.TrueColor)
	s.updates <- testUpdate()
	s.waitFor(t, "Ada", "fasit vist: L04.1")
	s.finish(t)
}

// TestBoardEmptyClass: a class with no students yet says that they come
// when their Namespaces are made, and enter does nothing.
func TestBoardEmptyClass(t *testing.T) {
	s := startBoard(t, 100, 12)
	empty := &grade.Update{Class: &grade.Class{Lessons: testUpdate().Class.Lessons}, At: clock}
	s.updates <- empty
	s.waitFor(t, "0 elever", "Ingen elever ennå")
	s.keys("enter", "s", "down")
	s.waitFor(t, "Ingen elever ennå", "Sortert etter navn")
	if err := s.tm.Quit(); err != nil {
		t.Fatal(err)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 elever", 1: "1 elev", 2: "2 elever"} {
		if got := count(n, "elev", "elever"); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}
