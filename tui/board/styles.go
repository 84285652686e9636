package board

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// cursor marks the selected row; it tells it apart without color.
const cursor = "›"

// Styles is every style of the board. With NoColor it has no colors;
// the marks (✓ ✗ ·) and the cursor carry the meaning.
type Styles struct {
	Dark, NoColor bool

	Title, Heading, Subtle, Selected lipgloss.Style
	Passed, Failed, Warning          lipgloss.Style
	Help                             help.Styles
}

func newStyles(dark, noColor bool) Styles {
	plain := lipgloss.NewStyle()
	if noColor {
		return Styles{Dark: dark, NoColor: true, Title: plain.Bold(true), Heading: plain.Bold(true),
			Subtle: plain, Selected: plain.Bold(true), Passed: plain, Failed: plain, Warning: plain}
	}
	ld := lipgloss.LightDark(dark)
	c := func(light, dark string) lipgloss.Style {
		return plain.Foreground(ld(lipgloss.Color(light), lipgloss.Color(dark)))
	}
	return Styles{
		Dark:     dark,
		Title:    c("#5A2DB5", "#B69CFF").Bold(true),
		Heading:  c("#1F5FAF", "#7FB2F0").Bold(true),
		Subtle:   c("#6C6C6C", "#8A8A8A"),
		Selected: c("#5A2DB5", "#D7C7FF").Bold(true),
		Passed:   c("#1E7B34", "#5FD77F"),
		Failed:   c("#B3261E", "#FF7A7A"),
		Warning:  c("#8A5A00", "#F2C14E"),
		Help:     help.DefaultStyles(dark),
	}
}
