package snapshot

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// reviewCache answers a SubjectAccessReview that was asked before with
// the same body: many steps (and a baseline of an empty Namespace) ask
// the same question, and the answer does not change within a snapshot.
// Different questions still go to the API server, one each, counted as
// passed on.
type reviewCache struct {
	mu      sync.Mutex
	answers map[string]*review
}

// review is one question's answer; done closes when it is in.
type review struct {
	done   chan struct{}
	code   int
	header http.Header
	body   []byte
	err    error
}

// isReview reports whether req creates a SubjectAccessReview.
func isReview(req *http.Request) bool {
	return req.Method == http.MethodPost && strings.HasPrefix(req.URL.Path, "/apis/authorization.k8s.io/") &&
		strings.HasSuffix(req.URL.Path, "/subjectaccessreviews")
}

// answer replays the answer to the same question, or asks it.
func (c *reviewCache) answer(req *http.Request, t *transport) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("snapshot: read review: %w", err)
	}
	key := req.URL.Path + "\x00" + string(body)
	c.mu.Lock()
	if c.answers == nil {
		c.answers = map[string]*review{}
	}
	r, asked := c.answers[key]
	if !asked {
		r = &review{done: make(chan struct{})}
		c.answers[key] = r
	}
	c.mu.Unlock()
	if !asked {
		out := req.Clone(req.Context())
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.ContentLength = int64(len(body))
		resp, err := t.passOn(out)
		if err == nil {
			r.body, err = io.ReadAll(resp.Body)
			resp.Body.Close()
			r.code, r.header = resp.StatusCode, resp.Header
		}
		r.err = err
		if err != nil { // ask again next time
			c.mu.Lock()
			delete(c.answers, key)
			c.mu.Unlock()
		}
		close(r.done)
	} else {
		<-r.done
		t.s.reads.Add(1)
	}
	if r.err != nil {
		return nil, r.err
	}
	return respond(req, r.code, r.header, r.body), nil
}
