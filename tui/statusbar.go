package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
)

// statusBar is the bottom of the screen: the connection, the cluster and
// the Namespace on one line, and the key help generated from the bindings
// below it (`?` shows all of them).
type statusBar struct {
	styles    Styles
	help      help.Model
	info      ClusterInfo
	infoKnown bool
	width     int
}

// newStatusBar returns a status bar.
func newStatusBar(st Styles) statusBar {
	h := help.New()
	h.Styles = st.Help
	return statusBar{styles: st, help: h}
}

// restyle switches styles.
func (s *statusBar) restyle(st Styles) {
	s.styles = st
	s.help.Styles = st.Help
}

// SetCluster shows the cluster's description and connection.
func (s *statusBar) SetCluster(info ClusterInfo) {
	s.info, s.infoKnown = info, true
}

// ToggleHelp shows all key help, or the short help again; it reports
// whether all is shown now.
func (s *statusBar) ToggleHelp() (all bool) {
	s.help.ShowAll = !s.help.ShowAll
	return s.help.ShowAll
}

// SetSize sets the bar's width.
func (s *statusBar) SetSize(w int) {
	s.width = w
	s.help.SetWidth(w)
}

// height is how many lines the bar takes with keys.
func (s statusBar) height(keys help.KeyMap) int {
	return 1 + lineCount(s.help.View(keys))
}

// View draws the bar.
func (s statusBar) View(keys help.KeyMap) string {
	var conn string
	switch {
	case !s.infoKnown:
		conn = s.styles.Subtle.Render("○ " + statusConnecting)
	case s.info.Connected:
		conn = s.styles.Connected.Render("● " + statusConnected)
	default:
		conn = s.styles.Disconnected.Render("○ " + statusDisconnected)
	}
	parts := []string{conn}
	if s.infoKnown {
		if s.info.Name != "" {
			parts = append(parts, s.styles.StatusBar.Render(s.info.Name))
		}
		if s.info.Namespace != "" {
			parts = append(parts, s.styles.StatusBar.Render(fmt.Sprintf(fmtStatusNamespace, s.info.Namespace)))
		}
	}
	line := clip(strings.Join(parts, s.styles.Subtle.Render(" · ")), s.width, 1)
	return line + "\n" + clip(s.help.View(keys), s.width, -1)
}
