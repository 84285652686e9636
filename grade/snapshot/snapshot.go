// Package snapshot lets many learners' checks share one read of the
// cluster. A Snapshot sits in a client's transport: the first read of a
// resource type (a GET of one object or a LIST in one Namespace) fetches
// that type once, as a LIST across the cluster, and every read after it is
// answered from that list. Grading a class thus costs one request per
// resource type the checks read, not one per student per check.
//
// Reads the snapshot cannot answer — subresources (logs, proxy), watches,
// discovery — and every write (a SubjectAccessReview) go to the API
// server unchanged, through a shared rate limit, and are counted.
//
// The checks run against a normal client (typed or dynamic) whose
// rest.Config comes from Snapshot.Config, so they need no change: the
// snapshot speaks the API server's JSON, including its Status errors
// (404 NotFound, 403 Forbidden).
package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/util/flowcontrol"
)

// pageSize is how many objects one LIST page asks for.
const pageSize = 500

// passthroughQPS and passthroughBurst limit the requests the snapshot
// cannot answer, like NewTarget's limit for one learner.
const (
	passthroughQPS   = 50
	passthroughBurst = 100
)

// Stats counts the requests a Snapshot sent to the API server.
type Stats struct {
	// Lists is the number of resource types (or, where a cluster-wide
	// LIST was refused, resource types × Namespaces) fetched.
	Lists int64 `json:"lists"`
	// Pages is the number of LIST requests, continuation pages included.
	Pages int64 `json:"pages"`
	// Passthrough is the number of requests sent on unchanged.
	Passthrough int64 `json:"passthrough"`
	// Served is the number of reads answered from the snapshot.
	Served int64 `json:"served"`
}

// Requests is every request sent to the API server.
func (s Stats) Requests() int64 { return s.Pages + s.Passthrough }

// Snapshot answers reads from lists fetched once. It is safe for
// concurrent use.
type Snapshot struct {
	cfg *rest.Config

	mu    sync.Mutex
	types map[resourceKey]*collection
	once  onceCache
	proto *protoCodec

	limiter                          flowcontrol.RateLimiter
	lists, pages, passthrough, reads atomic.Int64
}

// New returns a Snapshot for the cluster cfg connects to. Nothing is
// fetched until a check reads.
func New(cfg *rest.Config) *Snapshot {
	return &Snapshot{
		cfg:     rest.CopyConfig(cfg),
		types:   map[resourceKey]*collection{},
		proto:   newProtoCodec(),
		limiter: flowcontrol.NewTokenBucketRateLimiter(passthroughQPS, passthroughBurst),
	}
}

// Config is a client configuration whose reads the snapshot answers. Its
// client-side rate limit is off, since most reads never leave the
// process; the requests that do are limited by the snapshot.
func (s *Snapshot) Config() *rest.Config {
	cfg := rest.CopyConfig(s.cfg)
	cfg.RateLimiter = flowcontrol.NewFakeAlwaysRateLimiter()
	cfg.Wrap(func(base http.RoundTripper) http.RoundTripper { return &transport{s: s, base: base} })
	return cfg
}

// Stats counts the requests sent so far.
func (s *Snapshot) Stats() Stats {
	return Stats{Lists: s.lists.Load(), Pages: s.pages.Load(), Passthrough: s.passthrough.Load(), Served: s.reads.Load()}
}

// Forget drops what the snapshot holds of one resource type (group, as
// in the API path, "" for the core group; resource, e.g. "pods"), so that
// the next read fetches it again. A namespace limits it to that
// Namespace's objects, which are then fetched with a LIST in that
// Namespace alone; "" drops the whole type.
func (s *Snapshot) Forget(group, resource, namespace string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, c := range s.types {
		if key.group != group || key.resource != resource {
			continue
		}
		if namespace == "" {
			delete(s.types, key)
			continue
		}
		c.forget(namespace)
	}
}

// Types lists the resource types the snapshot has fetched, sorted: what
// the checks read so far, and what a watcher should watch.
func (s *Snapshot) Types() []schema.GroupVersionResource {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []schema.GroupVersionResource
	for key := range s.types {
		out = append(out, schema.GroupVersionResource{Group: key.group, Version: key.version, Resource: key.resource})
	}
	slices.SortFunc(out, func(a, b schema.GroupVersionResource) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// ForgetAll drops everything, so that the next read of each type fetches
// it again.
func (s *Snapshot) ForgetAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.types)
}

// transport answers the reads it can from the snapshot and sends the rest
// on to base.
type transport struct {
	s    *Snapshot
	base http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if answersOnce(req) {
		return t.s.once.answer(req, t)
	}
	r, ok := parseRead(req)
	if !ok {
		return t.passOn(req)
	}
	c := t.s.collection(r.key)
	resp, ok, err := c.answer(req, t, r)
	if err != nil {
		return nil, err
	}
	if !ok {
		return t.passOn(req)
	}
	t.s.reads.Add(1)
	return resp, nil
}

// passOn sends req to the API server under the shared rate limit.
func (t *transport) passOn(req *http.Request) (*http.Response, error) {
	if err := t.s.limiter.Wait(req.Context()); err != nil {
		return nil, fmt.Errorf("snapshot: rate limit: %w", err)
	}
	t.s.passthrough.Add(1)
	return t.base.RoundTrip(req)
}

// collection returns the entry for a resource type, creating it.
func (s *Snapshot) collection(key resourceKey) *collection {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.types[key]
	if c == nil {
		c = &collection{key: key, s: s, namespaces: map[string]*listResult{}}
		s.types[key] = c
	}
	return c
}

// resourceKey names a resource type as its API path does.
type resourceKey struct {
	prefix   string // "/api/v1" or "/apis/apps/v1"
	group    string
	version  string
	resource string
}

// read is a GET the snapshot may answer.
type read struct {
	key       resourceKey
	namespace string // "" for a cluster-scoped type or a cluster-wide LIST
	name      string // "" for a LIST
	selector  labels.Selector
}

// parseRead recognises a plain GET or LIST of a resource: no watch, no
// subresource, no field selector, and a label selector that parses.
func parseRead(req *http.Request) (read, bool) {
	if req.Method != http.MethodGet {
		return read{}, false
	}
	q := req.URL.Query()
	for k := range q {
		if k != "labelSelector" && k != "limit" && k != "resourceVersion" && k != "timeout" {
			return read{}, false // watch, fieldSelector, continue, …
		}
	}
	parts := strings.Split(strings.Trim(req.URL.Path, "/"), "/")
	var key resourceKey
	switch {
	case len(parts) >= 3 && parts[0] == "api" && parts[1] == "v1":
		key.prefix, key.version, parts = "/api/v1", "v1", parts[2:]
	case len(parts) >= 4 && parts[0] == "apis":
		key.prefix, key.group, key.version, parts = "/apis/"+parts[1]+"/"+parts[2], parts[1], parts[2], parts[3:]
	default:
		return read{}, false
	}
	var r read
	switch {
	case len(parts) >= 3 && parts[0] == "namespaces" && len(parts) <= 4:
		r.namespace, key.resource = parts[1], parts[2]
		if len(parts) == 4 {
			r.name = parts[3]
		}
	case len(parts) <= 2:
		key.resource = parts[0]
		if len(parts) == 2 {
			r.name = parts[1]
		}
	default:
		return read{}, false // a subresource
	}
	sel, err := labels.Parse(q.Get("labelSelector"))
	if err != nil || key.resource == "" {
		return read{}, false
	}
	r.key, r.selector = key, sel
	return r, true
}

// fetchList reads every page of the LIST at path with the credentials
// and context of orig. A refusal or other HTTP error comes back as the
// server's response (status ≥ 300), for the caller to keep and replay.
func (t *transport) fetchList(orig *http.Request, path string) (*listResult, error) {
	result := &listResult{}
	cont := ""
	for {
		u := *orig.URL
		u.Path = path
		q := url.Values{"limit": {fmt.Sprint(pageSize)}}
		if cont != "" {
			q.Set("continue", cont)
		}
		u.RawQuery = q.Encode()
		req := orig.Clone(orig.Context())
		req.URL = &u
		req.Host = u.Host
		req.Header.Set("Accept", "application/json")
		t.s.pages.Add(1)
		resp, err := t.base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("snapshot: read list %s: %w", path, err)
		}
		if resp.StatusCode >= 300 {
			return &listResult{failure: &failure{code: resp.StatusCode, header: resp.Header.Clone(), body: body}}, nil
		}
		var page struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				ResourceVersion string `json:"resourceVersion"`
				Continue        string `json:"continue"`
			} `json:"metadata"`
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, fmt.Errorf("snapshot: decode list %s: %w", path, err)
		}
		result.apiVersion, result.kind = page.APIVersion, strings.TrimSuffix(page.Kind, "List")
		if result.resourceVersion == "" {
			result.resourceVersion = page.Metadata.ResourceVersion
		}
		for _, raw := range page.Items {
			o, err := newObject(raw)
			if err != nil {
				return nil, fmt.Errorf("snapshot: decode item of %s: %w", path, err)
			}
			result.items = append(result.items, o)
		}
		if cont = page.Metadata.Continue; cont == "" {
			return result, nil
		}
	}
}

// respond makes a response to req: JSON unless header names another
// content type (a reply the API server gave, replayed).
func respond(req *http.Request, code int, header http.Header, body []byte) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	header = header.Clone()
	if header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/json")
	}
	header.Del("Content-Length")
	header.Del("Content-Encoding")
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", code, http.StatusText(code)),
		StatusCode:    code,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// notFound is the API server's answer for a missing object: a Status,
// in protobuf when the client asks for it (decoding is most of a
// grading's time, and most reads of a class find nothing).
func (t *transport) notFound(req *http.Request, r read) *http.Response {
	status := &metav1.Status{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Status"},
		Status:   metav1.StatusFailure, Reason: metav1.StatusReasonNotFound, Code: http.StatusNotFound,
		Message: fmt.Sprintf("%s %q not found", qualified(r.key), r.name),
		Details: &metav1.StatusDetails{Name: r.name, Group: r.key.group, Kind: r.key.resource},
	}
	if wantsProtobuf(req) {
		var buf bytes.Buffer
		if err := t.s.proto.encoder.Encode(status, &buf); err == nil {
			return respond(req, http.StatusNotFound, protobufHeader(), buf.Bytes())
		}
	}
	body, _ := json.Marshal(status) // a Status always encodes
	return respond(req, http.StatusNotFound, nil, body)
}

// qualified is "deployments.apps", as the API server names a resource in
// its messages.
func qualified(k resourceKey) string {
	if k.group == "" {
		return k.resource
	}
	return k.resource + "." + k.group
}
