package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"k8s.io/apimachinery/pkg/labels"
)

// collection is what the snapshot holds of one resource type: the
// cluster-wide LIST, and per-Namespace LISTs where the cluster-wide one
// was refused or a Namespace was forgotten since.
type collection struct {
	key resourceKey
	s   *Snapshot

	mu         sync.Mutex // held while fetching: one fetch per type at a time
	all        *listResult
	allErr     error
	namespaces map[string]*listResult // nil value: forgotten, fetch again
}

// listResult is one LIST: its objects, or the server's refusal.
type listResult struct {
	apiVersion, kind, resourceVersion string
	items                             []*object
	failure                           *failure
	index                             map[string]map[string]*object // namespace → name → object
	ordered                           map[string][]*object          // namespace → objects, in the LIST's order
}

// failure is an HTTP error the server answered a LIST with, kept to be
// replayed to every read it stands for.
type failure struct {
	code   int
	header http.Header
	body   []byte
}

// object is one item of a LIST, with what the snapshot filters on.
type object struct {
	raw       json.RawMessage
	namespace string
	name      string
	labels    labels.Set
	proto     protoState
}

func newObject(raw json.RawMessage) (*object, error) {
	var meta struct {
		Metadata struct {
			Name      string            `json:"name"`
			Namespace string            `json:"namespace"`
			Labels    map[string]string `json:"labels"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(raw, &meta); err != nil {
		return nil, err
	}
	m := meta.Metadata
	return &object{raw: raw, namespace: m.Namespace, name: m.Name, labels: labels.Set(m.Labels)}, nil
}

// forget marks a Namespace's objects as stale.
func (c *collection) forget(namespace string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.namespaces[namespace] = nil
}

// answer serves the read r from the snapshot, fetching the type (or the
// Namespace) first when needed. ok is false when the snapshot cannot
// answer r and it should go to the API server.
func (c *collection) answer(req *http.Request, t *transport, r read) (*http.Response, bool, error) {
	list, err := c.listFor(req, t, r.namespace)
	if err != nil {
		return nil, false, err
	}
	if list.failure != nil {
		return respond(req, list.failure.code, list.failure.header, list.failure.body), true, nil
	}
	if r.namespace == "" && list.namespaced() {
		return nil, false, nil // a LIST across Namespaces: not what the snapshot is for
	}
	proto := wantsProtobuf(req) && c.s.proto.knows(list.apiVersion, list.kind)
	if r.name != "" {
		o := list.index[r.namespace][r.name]
		if o == nil {
			return t.notFound(req, r), true, nil
		}
		if proto {
			if _, data, err := c.s.proto.typedOf(o, list.apiVersion, list.kind); err == nil {
				return respond(req, http.StatusOK, protobufHeader(), data), true, nil
			}
		}
		return respond(req, http.StatusOK, nil, withKind(o.raw, list.apiVersion, list.kind)), true, nil
	}
	if proto {
		var items []*object
		for _, o := range list.ordered[r.namespace] {
			if r.selector.Matches(o.labels) {
				items = append(items, o)
			}
		}
		if data, err := c.s.proto.list(items, list.apiVersion, list.kind, list.resourceVersion); err == nil {
			return respond(req, http.StatusOK, protobufHeader(), data), true, nil
		}
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `{"apiVersion":%q,"kind":%q,"metadata":{"resourceVersion":%q},"items":[`, list.apiVersion, list.kind+"List", list.resourceVersion)
	first := true
	for _, o := range list.ordered[r.namespace] {
		if !r.selector.Matches(o.labels) {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.Write(o.raw)
	}
	buf.WriteString("]}")
	return respond(req, http.StatusOK, nil, buf.Bytes()), true, nil
}

// listFor returns the LIST that answers reads in namespace: the
// cluster-wide one, or, where that was refused or the Namespace was
// forgotten, a LIST in that Namespace alone.
func (c *collection) listFor(req *http.Request, t *transport, namespace string) (*listResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.all == nil && c.allErr == nil {
		c.all, c.allErr = t.fetchList(req, c.key.prefix+"/"+c.key.resource)
		c.s.lists.Add(1)
		if c.all != nil {
			c.all.buildIndex()
		}
	}
	if c.allErr != nil {
		return nil, c.allErr
	}
	own, forgotten := c.namespaces[namespace]
	if namespace == "" || (c.all.failure == nil && !forgotten) {
		return c.all, nil
	}
	if own != nil {
		return own, nil
	}
	own, err := t.fetchList(req, c.key.prefix+"/namespaces/"+namespace+"/"+c.key.resource)
	c.s.lists.Add(1)
	if err != nil {
		return nil, err
	}
	own.buildIndex()
	if own.failure == nil && own.apiVersion == "" {
		own.apiVersion, own.kind = c.all.apiVersion, c.all.kind
	}
	c.namespaces[namespace] = own
	return own, nil
}

// buildIndex indexes the items by Namespace and name.
func (l *listResult) buildIndex() {
	l.index = map[string]map[string]*object{}
	l.ordered = map[string][]*object{}
	for _, o := range l.items {
		l.ordered[o.namespace] = append(l.ordered[o.namespace], o)
		byName := l.index[o.namespace]
		if byName == nil {
			byName = map[string]*object{}
			l.index[o.namespace] = byName
		}
		byName[o.name] = o
	}
}

// namespaced reports whether the list's objects live in Namespaces.
func (l *listResult) namespaced() bool {
	for ns := range l.index {
		if ns != "" {
			return true
		}
	}
	return false
}

// withKind is an item of a LIST as a GET returns it: with apiVersion and
// kind, which LIST items may leave out (a later key wins in JSON).
func withKind(raw json.RawMessage, apiVersion, kind string) []byte {
	head := fmt.Sprintf(`{"apiVersion":%q,"kind":%q`, apiVersion, kind)
	body := bytes.TrimSpace(raw)
	if len(body) < 2 || body[0] != '{' {
		return raw
	}
	rest := bytes.TrimSpace(body[1:])
	if len(rest) > 0 && rest[0] != '}' {
		head += ","
	}
	return append([]byte(head), rest...)
}
