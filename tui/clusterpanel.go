package tui

import (
	"fmt"
	"strings"
)

// clusterPanel shows the objects in the learner's Namespace beside the
// lesson, refreshed on every change; objects in trouble stand out.
type clusterPanel struct {
	styles    Styles
	namespace string
	objects   []Object
	err       error
	loaded    bool

	width, height int
}

// newClusterPanel returns a panel waiting for its objects.
func newClusterPanel(st Styles) clusterPanel {
	return clusterPanel{styles: st}
}

// restyle switches styles.
func (p *clusterPanel) restyle(st Styles) { p.styles = st }

// SetCluster takes the learner's Namespace from the cluster's description.
func (p *clusterPanel) SetCluster(info ClusterInfo) { p.namespace = info.Namespace }

// SetSize sets the panel's size, border included.
func (p *clusterPanel) SetSize(w, h int) { p.width, p.height = w, h }

// setObjects stores a fresh listing.
func (p *clusterPanel) setObjects(msg objectsLoadedMsg) {
	p.loaded = true
	p.err = msg.err
	if msg.err == nil {
		p.objects = msg.objects
	}
}

// View draws the panel.
func (p clusterPanel) View() string {
	inner := max(1, p.width-p.styles.Panel.GetHorizontalFrameSize())
	title := panelTitleUnknown
	if p.namespace != "" {
		title = fmt.Sprintf(fmtPanelTitle, p.namespace)
	}
	lines := []string{p.styles.PanelTitle.Render(title), ""}
	switch {
	case !p.loaded:
		lines = append(lines, p.styles.Subtle.Render(panelLoading))
	case p.err != nil:
		lines = append(lines, strings.Split(p.styles.Failed.Render(wrap(fmt.Sprintf(fmtPanelError, p.err), inner)), "\n")...)
	case len(p.objects) == 0:
		lines = append(lines, p.styles.Subtle.Render(panelEmpty))
	}
	if p.loaded {
		kindW, nameW, statusW := columnWidths(p.objects, inner)
		for _, o := range p.objects {
			lines = append(lines, objectRow(o, kindW, nameW, statusW, p.styles))
		}
	}
	return p.styles.Panel.Render(fit(strings.Join(lines, "\n"), inner, max(1, p.height)))
}

// columnWidths sizes the kind and name columns to the objects (at most a
// quarter and a half of width); the status gets the rest.
func columnWidths(objs []Object, width int) (kindW, nameW, statusW int) {
	for _, o := range objs {
		kindW = max(kindW, lineWidth(o.Kind))
		nameW = max(nameW, lineWidth(o.Name))
	}
	kindW = min(kindW, max(4, width/4))
	nameW = min(nameW, max(8, (width-kindW)/2))
	return kindW, nameW, max(1, width-kindW-nameW-4)
}

// objectRow draws one object as "  Kind  name  status", with a mark and
// the warning style for an object in trouble.
func objectRow(o Object, kindW, nameW, statusW int, st Styles) string {
	mark := " "
	if !o.Healthy {
		mark = symbolUnhealthy
	}
	row := mark + " " + padRight(clip(o.Kind, kindW, 1), kindW) + " " +
		padRight(clip(o.Name, nameW, 1), nameW) + " " + clip(o.Status, statusW, 1)
	if !o.Healthy {
		return st.Unhealthy.Render(row)
	}
	return row
}
