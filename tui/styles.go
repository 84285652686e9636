package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"
	"github.com/kubekurs/kubekurs/checks"
)

// Symbols carry the meaning of a verdict without color.
const (
	symbolPassed    = "✓"
	symbolFailed    = "✗"
	symbolEnvError  = "!"
	symbolForbidden = "⊘"
	symbolSkipped   = "↷"
	symbolCursor    = "›"
	symbolDone      = "✓"
	symbolTodo      = "·"
	symbolWaiting   = "·" // a criterion not judged yet
	symbolUnhealthy = "!"
)

// Styles is every style of the TUI, built from the terminal's background.
// With NoColor it has no colors at all; the symbols above still tell the
// verdicts apart.
type Styles struct {
	// Dark and NoColor are what the styles were built for.
	Dark, NoColor bool
	// Glamour is the Glamour standard style for lesson text.
	Glamour string

	Title, Heading, Subtle, Selected, Accent     lipgloss.Style
	Passed, Failed, EnvError, Forbidden, Skipped lipgloss.Style
	Done, Warning, Flash, Question               lipgloss.Style
	Panel, PanelTitle, Unhealthy                 lipgloss.Style
	StatusBar, Connected, Disconnected           lipgloss.Style
	Help                                         help.Styles
	Input                                        textinput.Styles
}

// newStyles builds the styles for a dark or light background, or without
// colors.
func newStyles(dark, noColor bool) Styles {
	plain := lipgloss.NewStyle()
	border := lipgloss.NormalBorder()
	if noColor {
		return Styles{
			Dark: dark, NoColor: true, Glamour: noColorStyle,
			Title: plain, Heading: plain, Subtle: plain, Selected: plain, Accent: plain,
			Passed: plain, Failed: plain, EnvError: plain, Forbidden: plain, Skipped: plain,
			Done: plain, Warning: plain, Flash: plain, Question: plain,
			Panel:      plain.Border(border, false, false, false, true).PaddingLeft(1),
			PanelTitle: plain, Unhealthy: plain,
			StatusBar: plain, Connected: plain, Disconnected: plain,
			Help: help.Styles{}, Input: textinput.Styles{},
		}
	}
	ld := lipgloss.LightDark(dark)
	c := func(light, dark string) lipgloss.Style {
		return plain.Foreground(ld(lipgloss.Color(light), lipgloss.Color(dark)))
	}
	glamour := styles.LightStyle
	if dark {
		glamour = styles.DarkStyle
	}
	subtle := c("#6C6C6C", "#8A8A8A")
	return Styles{
		Dark: dark, Glamour: glamour,
		Title:     c("#5A2DB5", "#B69CFF").Bold(true),
		Heading:   c("#1F5FAF", "#7FB2F0").Bold(true),
		Subtle:    subtle,
		Selected:  c("#5A2DB5", "#D7C7FF").Bold(true),
		Accent:    c("#1F5FAF", "#7FB2F0"),
		Passed:    c("#1E7B34", "#5FD77F"),
		Failed:    c("#B3261E", "#FF7A7A"),
		EnvError:  c("#8A5A00", "#F2C14E"),
		Forbidden: c("#9C2A7A", "#F28FD0"),
		Skipped:   subtle,
		Done:      c("#1E7B34", "#5FD77F").Bold(true),
		Warning:   c("#8A5A00", "#F2C14E"),
		Flash:     c("#1F5FAF", "#7FB2F0"),
		Question:  c("#8A5A00", "#F2C14E").Bold(true),
		Panel: plain.Border(border, false, false, false, true).PaddingLeft(1).
			BorderForeground(ld(lipgloss.Color("#C0C0C0"), lipgloss.Color("#444444"))),
		PanelTitle:   c("#1F5FAF", "#7FB2F0").Bold(true),
		Unhealthy:    c("#B3261E", "#FF7A7A"),
		StatusBar:    subtle,
		Connected:    c("#1E7B34", "#5FD77F"),
		Disconnected: c("#B3261E", "#FF7A7A").Bold(true),
		Help:         help.DefaultStyles(dark),
		Input:        textinput.DefaultStyles(dark),
	}
}

// status returns the style and symbol of a verdict.
func (s Styles) status(st checks.Status) (lipgloss.Style, string) {
	switch st {
	case checks.Passed:
		return s.Passed, symbolPassed
	case checks.Failed:
		return s.Failed, symbolFailed
	case checks.EnvError:
		return s.EnvError, symbolEnvError
	case checks.Forbidden:
		return s.Forbidden, symbolForbidden
	}
	return s.Skipped, symbolSkipped
}
