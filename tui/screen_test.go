package tui

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func TestResize(t *testing.T) {
	m, _, _ := setup(t)
	m = openStep(t, m, 0, 0)
	for _, size := range [][2]int{{59, 40}, {120, 15}, {30, 8}} {
		m, _ = update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v := view(m)
		if !strings.Contains(strings.Join(strings.Fields(v), " "), "Terminalvinduet er for lite") {
			t.Errorf("%v: no size message:\n%s", size, v)
		}
		assertFrame(t, v, size[0], size[1])
	}
	m, cmd := update(m, tea.WindowSizeMsg{Width: 70, Height: 24})
	if strings.Contains(view(m), "for lite") {
		t.Error("size message after growing")
	}
	if cmd == nil {
		t.Error("no render at the new width")
	}
	assertFrame(t, view(m), 70, 24)
}

// assertFrame checks that v is exactly w×h.
func assertFrame(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lineWidth(l) != w {
			t.Errorf("line %d is %d wide, want %d: %q", i+1, lineWidth(l), w, l)
		}
	}
}

func TestShell(t *testing.T) {
	m, fc, _ := setup(t)
	m = openStep(t, m, 0, 0)
	m, _ = finish(m, failed)
	cleaned := make(chan struct{})
	fc.shell = ShellCmd{Path: "/bin/sh", Args: []string{"sh"}, Cleanup: func() { close(cleaned) }}
	m, cmd := update(m, keyPress("t"))
	prepared, ok := cmd().(shellPreparedMsg)
	if !ok || prepared.err != nil {
		t.Fatalf("shell not prepared: %#v", prepared)
	}
	m, cmd = update(m, prepared)
	if cmd == nil {
		t.Fatal("no exec command")
	}
	before := len(fc.evaluated())
	exitErr := exec.Command("/bin/sh", "-c", "exit 3").Run() // the learner's last exit status
	m, cmd = update(m, shellExitedMsg{cleanup: fc.shell.Cleanup, err: exitErr})
	runAll(cmd, 100*time.Millisecond)
	select {
	case <-cleaned:
	default:
		t.Error("Cleanup not called")
	}
	if len(fc.evaluated()) != before+1 {
		t.Error("no re-check after the shell")
	}
	if !strings.Contains(view(m), shellReturned) {
		t.Errorf("view lacks %q", shellReturned)
	}

	fc.shellErr = errors.New("ingen kubeconfig")
	_, cmd = update(m, keyPress("t"))
	m, _ = update(m, cmd())
	if !strings.Contains(view(m), "Klarte ikke å starte skallet: ingen kubeconfig") {
		t.Errorf("no shell error:\n%s", view(m))
	}
}

func TestBackgroundColor(t *testing.T) {
	m, _, _ := setup(t, func(o *Options) { o.NoColor = false })
	if !m.styles.Dark || m.styles.Glamour != "dark" {
		t.Fatalf("default styles: dark %v, glamour %q", m.styles.Dark, m.styles.Glamour)
	}
	m = openStep(t, m, 0, 0)
	m, cmd := update(m, tea.BackgroundColorMsg{Color: whiteColor{}})
	if m.styles.Dark || m.styles.Glamour != "light" || m.lesson.key().style != "light" {
		t.Errorf("after a light background: dark %v, glamour %q", m.styles.Dark, m.styles.Glamour)
	}
	if cmd == nil {
		t.Error("no re-render in the light style")
	}
}

// whiteColor is a light terminal background.
type whiteColor struct{}

func (whiteColor) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

func TestStartLesson(t *testing.T) {
	m, _, _ := setup(t, func(o *Options) { o.StartLesson = "T02" })
	if m.screen != screenLesson || m.lesson.ref.lesson != 1 {
		t.Errorf("screen %d, lesson %d", m.screen, m.lesson.ref.lesson)
	}
	m, _, _ = setup(t, func(o *Options) { o.StartLesson = "T99" })
	if m.screen != screenStart || !strings.Contains(view(m), "Fant ingen leksjon med id «T99».") {
		t.Errorf("unknown lesson: screen %d\n%s", m.screen, view(m))
	}
}

func TestResume(t *testing.T) {
	fp := &fakeProgress{state: State{Done: map[string][]int{"T01": {1, 2}}, LessonID: "T01", Step: 3}}
	m, _, _ := setup(t, func(o *Options) { o.Progress = fp })
	m, _ = update(m, progressLoadedMsg{state: fp.state})
	if v := view(m); !strings.Contains(v, "påbegynt") || !strings.Contains(v, "2 av 3 steg") {
		t.Errorf("start screen lacks the progress:\n%s", v)
	}
	m, _ = update(m, lessonChosenMsg{lesson: 0})
	if m.lesson.ref.step != 2 {
		t.Errorf("opened step %d, want the saved 3rd", m.lesson.ref.step+1)
	}
}

func TestMouseWheelScrolls(t *testing.T) {
	m, _, _ := setup(t)
	m, _ = update(m, tea.WindowSizeMsg{Width: 80, Height: 16})
	m = openStep(t, m, 0, 0)
	if m.lesson.vp.TotalLineCount() <= m.lesson.vp.Height() {
		t.Skip("the step fits; nothing to scroll")
	}
	m, _ = update(m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.lesson.vp.YOffset() == 0 {
		t.Error("wheel did not scroll")
	}
}
