package live

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	"github.com/kubekurs/kubekurs/cluster/view"
)

// TestHealthLoopSeesAnAPIServerGoAndComeBack stands a loopback server in
// for the API server's /readyz, stops it (as when the lab's kube-apiserver
// is killed or a laptop sleeps) and starts it again on the same address:
// "frakoblet" must be seen within 2 s, and the connection must come back
// by itself.
func TestHealthLoopSeesAnAPIServerGoAndComeBack(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	srv := httptest.NewServer(mux)
	addr := srv.Listener.Addr().String()
	client, err := kubernetes.NewForConfig(&rest.Config{Host: srv.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c := &Cluster{client: client}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if !c.healthy(ctx) {
		t.Fatal("a running server is not healthy")
	}
	states := watchHealth(ctx, c.healthy, healthInterval)

	srv.Close()
	stopped := time.Now()
	select {
	case s := <-states:
		if s {
			t.Fatal("first change was to connected")
		}
		if took := time.Since(stopped); took > 2*time.Second {
			t.Errorf("frakoblet after %v, want within 2s", took)
		} else {
			t.Logf("frakoblet after %v", took.Round(time.Millisecond))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the loss was never reported")
	}

	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s again: %v", addr, err)
	}
	again := &httptest.Server{Listener: l, Config: &http.Server{Handler: mux}}
	again.Start()
	defer again.Close()
	restarted := time.Now()
	select {
	case s := <-states:
		if !s {
			t.Fatal("second change was not to connected")
		}
		t.Logf("tilkoblet after %v", time.Since(restarted).Round(time.Millisecond))
	case <-time.After(5 * time.Second):
		t.Fatal("the connection never came back")
	}
	cancel()
	for range states { // closes when ctx ends
	}
}

// TestDebounceGathersABurst: a burst of watch events (an apply makes a
// Deployment, a ReplicaSet and Pods) gives one Change after the quiet
// time, not one per event; a connection change goes out at once; and the
// channel closes, after the clean-up ran, when ctx ends.
func TestDebounceGathersABurst(t *testing.T) {
	// The burst must end within one quiet period for the test to mean
	// anything; on a loaded machine (race detector, CI) the sleeps can
	// stretch past it, and then the burst is sent again on a fresh
	// debouncer rather than judged.
	var (
		ctx     context.Context
		cancel  context.CancelFunc
		health  chan bool
		cleaned chan struct{}
		changes <-chan view.Change
		start   time.Time
	)
	for attempt := 1; ; attempt++ {
		ctx, cancel = context.WithCancel(t.Context())
		var events chan struct{}
		events, health, cleaned = make(chan struct{}, 1), make(chan bool), make(chan struct{})
		done := cleaned
		changes = debounce(ctx, events, health, changeDebounce, func() { close(done) })
		start = time.Now()
		for range 20 {
			select {
			case events <- struct{}{}:
			default: // one pending event is enough, as in Changes
			}
			time.Sleep(5 * time.Millisecond)
		}
		if time.Since(start) < changeDebounce*3/4 {
			break
		}
		cancel()
		if attempt == 5 {
			t.Fatalf("a 100 ms burst took over %v five times: the machine is too slow for this test", changeDebounce*3/4)
		}
	}
	defer cancel()
	select {
	case ch := <-changes:
		if took := time.Since(start); took < changeDebounce || !ch.Connected || ch.At.Before(start) {
			t.Errorf("change %+v after %v, want a connected one after at least %v", ch, took, changeDebounce)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the burst gave no change")
	}
	select {
	case ch := <-changes:
		t.Fatalf("a second change %+v for one burst", ch)
	case <-time.After(2 * changeDebounce):
	}

	sent := time.Now()
	health <- false
	select {
	case ch := <-changes:
		if ch.Connected {
			t.Errorf("change %+v, want disconnected", ch)
		}
		if took := time.Since(sent); took > changeDebounce/2 {
			t.Errorf("disconnect reported after %v, want at once", took)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the disconnect gave no change")
	}

	cancel()
	for range changes { // closes when ctx ends
	}
	select {
	case <-cleaned:
	default:
		t.Error("the channel closed before the clean-up ran")
	}
}

// TestChangeHandlerIgnoresInformerBookkeeping: the informers' first list
// and a resync of an unchanged object are not changes; a new object, a
// new resourceVersion and a delete are.
func TestChangeHandlerIgnoresInformerBookkeeping(t *testing.T) {
	pod := func(rv string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", ResourceVersion: rv}}
	}
	cases := []struct {
		name  string
		event func(h cache.ResourceEventHandler)
		want  int
	}{
		{"initial list", func(h cache.ResourceEventHandler) { h.OnAdd(pod("1"), true) }, 0},
		{"resync", func(h cache.ResourceEventHandler) { h.OnUpdate(pod("1"), pod("1")) }, 0},
		{"created", func(h cache.ResourceEventHandler) { h.OnAdd(pod("2"), false) }, 1},
		{"updated", func(h cache.ResourceEventHandler) { h.OnUpdate(pod("1"), pod("2")) }, 1},
		{"deleted", func(h cache.ResourceEventHandler) { h.OnDelete(pod("1")) }, 1},
		{"deleted, final state unknown", func(h cache.ResourceEventHandler) {
			h.OnDelete(cache.DeletedFinalStateUnknown{Key: "kurs/web", Obj: pod("1")})
		}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pokes := 0
			tc.event(changeHandler(func() { pokes++ }))
			if pokes != tc.want {
				t.Errorf("pokes = %d, want %d", pokes, tc.want)
			}
		})
	}
}
