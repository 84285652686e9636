package checks

import (
	"context"
	"reflect"
	"sync"
)

// ReadCache remembers what GETs answered, for checks that run against a
// view of the cluster that does not change while they run: `kubekurs
// grade` reads from a snapshot, and a Deployment that ten steps read is
// then decoded once per student instead of ten times. Live checks must
// not use one, since the cluster changes between rounds. The objects in
// it are shared by the checks, which only read them. It is safe for
// concurrent use.
type ReadCache struct {
	reads sync.Map // readKey → cachedRead
}

// NewReadCache returns an empty ReadCache.
func NewReadCache() *ReadCache { return &ReadCache{} }

type readKey struct {
	typ reflect.Type
	req apiRequest
}

type cachedRead struct {
	v       any
	verdict verdict
	ok      bool
}

// cachedFetch is fetch through the target's ReadCache, for GETs: an
// answer is kept unless it is an environment error, which a later try may
// not repeat.
func cachedFetch[T any](ctx context.Context, e *env, req apiRequest, call func(context.Context) (T, error)) (T, verdict, bool) {
	key := readKey{typ: reflect.TypeFor[T](), req: req}
	if c, hit := e.t.Reads.reads.Load(key); hit {
		r := c.(cachedRead)
		return r.v.(T), r.verdict, r.ok
	}
	v, vd, ok := fetchNow(ctx, e, req, call)
	if ok || vd.status != EnvError {
		e.t.Reads.reads.Store(key, cachedRead{v: v, verdict: vd, ok: ok})
	}
	return v, vd, ok
}
