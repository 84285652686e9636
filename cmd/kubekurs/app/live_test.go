package app

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
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
	c := &liveCluster{client: client}
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
