package checks

import (
	"sync"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/restmapper"
)

// discoveryMapper is a RESTMapper that reads the server's API groups once,
// on first use, and again after Reset. Unlike client-go's memory-cached
// discovery it logs nothing: a failed discovery is an error for the check
// that needed it, not a line on the terminal under the TUI.
type discoveryMapper struct {
	disco  discovery.DiscoveryInterface
	mu     sync.Mutex
	mapper meta.RESTMapper // nil until loaded
}

var _ meta.ResettableRESTMapper = (*discoveryMapper)(nil)

// load returns the mapper, asking discovery when there is none yet.
// Concurrent callers wait for one discovery instead of each asking.
func (m *discoveryMapper) load() (meta.RESTMapper, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.mapper != nil {
		return m.mapper, nil
	}
	groups, err := restmapper.GetAPIGroupResources(m.disco)
	if err != nil {
		return nil, err
	}
	m.mapper = restmapper.NewDiscoveryRESTMapper(groups)
	return m.mapper, nil
}

// Reset forgets what discovery said, so that new kinds (CRDs) are found.
func (m *discoveryMapper) Reset() {
	m.mu.Lock()
	m.mapper = nil
	m.mu.Unlock()
}

func (m *discoveryMapper) KindFor(resource schema.GroupVersionResource) (schema.GroupVersionKind, error) {
	mapper, err := m.load()
	if err != nil {
		return schema.GroupVersionKind{}, err
	}
	return mapper.KindFor(resource)
}

func (m *discoveryMapper) KindsFor(resource schema.GroupVersionResource) ([]schema.GroupVersionKind, error) {
	mapper, err := m.load()
	if err != nil {
		return nil, err
	}
	return mapper.KindsFor(resource)
}

func (m *discoveryMapper) ResourceFor(input schema.GroupVersionResource) (schema.GroupVersionResource, error) {
	mapper, err := m.load()
	if err != nil {
		return schema.GroupVersionResource{}, err
	}
	return mapper.ResourceFor(input)
}

func (m *discoveryMapper) ResourcesFor(input schema.GroupVersionResource) ([]schema.GroupVersionResource, error) {
	mapper, err := m.load()
	if err != nil {
		return nil, err
	}
	return mapper.ResourcesFor(input)
}

func (m *discoveryMapper) RESTMapping(gk schema.GroupKind, versions ...string) (*meta.RESTMapping, error) {
	mapper, err := m.load()
	if err != nil {
		return nil, err
	}
	return mapper.RESTMapping(gk, versions...)
}

func (m *discoveryMapper) RESTMappings(gk schema.GroupKind, versions ...string) ([]*meta.RESTMapping, error) {
	mapper, err := m.load()
	if err != nil {
		return nil, err
	}
	return mapper.RESTMappings(gk, versions...)
}

func (m *discoveryMapper) ResourceSingularizer(resource string) (string, error) {
	mapper, err := m.load()
	if err != nil {
		return "", err
	}
	return mapper.ResourceSingularizer(resource)
}
