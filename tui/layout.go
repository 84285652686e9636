package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/kubekurs/kubekurs/lessons"
)

// Terminal sizes.
const (
	// minWidth and minHeight are the smallest terminal the layout fits.
	minWidth, minHeight = 60, 16
	// panelMinTerminal is the narrowest terminal that shows the cluster
	// panel beside the lesson.
	panelMinTerminal = 100
	// panelMinWidth and panelMaxWidth bound the cluster panel's width.
	panelMinWidth, panelMaxWidth = 32, 44
)

// fit cuts or pads s to exactly h lines of exactly w columns, so that
// blocks never push each other out of place.
func fit(s string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = padRight(ansi.Truncate(l, w, "…"), w)
	}
	return strings.Join(lines, "\n")
}

// clip cuts every line of s to w columns and s to at most h lines.
func clip(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if h >= 0 && len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "…")
	}
	return strings.Join(lines, "\n")
}

// padRight pads s with spaces to w columns.
func padRight(s string, w int) string {
	if n := w - ansi.StringWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// wrap word-wraps s at w columns.
func wrap(s string, w int) string {
	if w <= 0 {
		return s
	}
	lines := strings.Split(ansi.Wrap(s, w, ""), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// lineCount counts the lines of s; "" has none.
func lineCount(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, "\n") + 1
}

// missingCaps returns the capabilities in need that the cluster lacks
// (keys of missing), in order and without repeats.
func missingCaps(need []string, missing map[string]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range need {
		if _, lacks := missing[c]; lacks && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// stepNeeds lists the capabilities a step needs: the lesson's and its own.
func stepNeeds(l *lessons.Lesson, s *lessons.Step) []string {
	return append(append([]string(nil), l.Requires...), s.Options.Requires...)
}

// lineWidth is the width of a one-line string in columns.
func lineWidth(s string) int { return ansi.StringWidth(s) }
