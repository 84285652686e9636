package live

import (
	"fmt"
	"testing"
)

// BenchmarkPanelRows renders a busy Namespace (the fixture's objects
// repeated to 100 Deployments, 300 Pods, 50 Services and 100 ConfigMaps),
// as the panel does after every change.
func BenchmarkPanelRows(b *testing.B) {
	fixture := sortByKind(b, loadFixture(b, "namespace.yaml"))
	var ns namespaceObjects
	for i := range 50 {
		for _, d := range fixture.deployments {
			d.Name = fmt.Sprintf("%s-%d", d.Name, i)
			ns.deployments = append(ns.deployments, d)
		}
		for range 3 {
			for _, p := range fixture.pods {
				p.Name = fmt.Sprintf("%s-%d", p.Name, len(ns.pods))
				ns.pods = append(ns.pods, p)
			}
		}
		for _, s := range fixture.services {
			s.Name = fmt.Sprintf("%s-%d", s.Name, i)
			ns.services = append(ns.services, s)
		}
		for _, cm := range fixture.configMaps[1:] { // not kube-root-ca.crt again
			cm.Name = fmt.Sprintf("%s-%d", cm.Name, i)
			ns.configMaps = append(ns.configMaps, cm)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		panelRows(ns)
	}
}
