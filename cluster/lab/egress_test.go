package lab

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"
)

// startTestRefuser starts an egress refuser in a temporary directory and
// stops it when the test ends (unless the test stopped it).
func startTestRefuser(t *testing.T) (r *egressRefuser, socket, logPath string) {
	t.Helper()
	dir := t.TempDir()
	socket, logPath = filepath.Join(dir, "egress.sock"), filepath.Join(dir, "egress.log")
	r, err := startEgressRefuser(socket, logPath)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { _ = r.stop() })
	return r, socket, logPath
}

// connectLikeAPIServer does what the API server's HTTPConnect dialer does
// (k8s.io/apiserver/pkg/server/egressselector, tunnelHTTPConnect): write
// a CONNECT for addr and read the response's status line.
func connectLikeAPIServer(t *testing.T, socket, addr string) (*http.Response, net.Conn) {
	t.Helper()
	conn, err := net.DialTimeout("unix", socket, 2*time.Second)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", addr, "127.0.0.1")
	res, err := http.ReadResponse(bufio.NewReader(io.LimitReader(conn, http.DefaultMaxHeaderBytes)), nil)
	if err != nil {
		t.Fatalf("read response to CONNECT %s: %v", addr, err)
	}
	return res, conn
}

// open counts the connections r is handling.
func (r *egressRefuser) open() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.conns)
}

func TestEgressRefuserRefusesAndLogs(t *testing.T) {
	r, socket, logPath := startTestRefuser(t)
	if r.Addr() != socket {
		t.Errorf("Addr() = %q, want %q", r.Addr(), socket)
	}
	for _, addr := range []string{"10.244.0.7:80", "172.18.0.3:10250", "kubekurs-worker:10250"} {
		res, conn := connectLikeAPIServer(t, socket, addr)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("CONNECT %s: status %d, want 403", addr, res.StatusCode)
		}
		// The API server puts res.Status into its error; that is what
		// the learner reads.
		if want := "403 " + EgressRefusal; res.Status != want {
			t.Errorf("CONNECT %s: status line %q, want %q", addr, res.Status, want)
		}
		body, err := io.ReadAll(res.Body)
		if err != nil || strings.TrimSpace(string(body)) != EgressRefusal {
			t.Errorf("CONNECT %s: body %q (%v), want the refusal", addr, body, err)
		}
		// The connection is closed right after the answer.
		if n, err := conn.Read(make([]byte, 1)); err != io.EOF {
			t.Errorf("CONNECT %s: after the answer read %d bytes, %v; want EOF", addr, n, err)
		}
	}
	if err := r.stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 {
		t.Fatalf("log has %d lines, want 3:\n%s", len(lines), data)
	}
	for i, addr := range []string{"10.244.0.7:80", "172.18.0.3:10250", "kubekurs-worker:10250"} {
		stamp, rest, _ := strings.Cut(lines[i], " ")
		if _, err := time.Parse(time.RFC3339Nano, stamp); err != nil {
			t.Errorf("log line %q: no time stamp: %v", lines[i], err)
		}
		if want := `refused CONNECT "` + addr + `"`; rest != want {
			t.Errorf("log line %d = %q, want %q", i, rest, want)
		}
	}
	if _, err := os.Lstat(socket); !os.IsNotExist(err) {
		t.Errorf("socket still there after stop: %v", err)
	}
}

func TestEgressRefuserGarbageAndSilence(t *testing.T) {
	_, socket, logPath := startTestRefuser(t)
	conn, err := net.Dial("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "\x16\x03\x01 not http\r\n\r\n")
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if data, err := io.ReadAll(conn); err != nil || len(data) != 0 {
		t.Errorf("garbage: got %q, %v; want the connection closed without an answer", data, err)
	}
	// A client that sends nothing is cut off after egressConnTimeout.
	silent, err := net.Dial("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	start := time.Now()
	_ = silent.SetReadDeadline(time.Now().Add(egressConnTimeout + 3*time.Second))
	if _, err := silent.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("silent client: %v, want EOF", err)
	}
	if waited := time.Since(start); waited > egressConnTimeout+time.Second {
		t.Errorf("silent client cut off after %s, want about %s", waited, egressConnTimeout)
	}
	data, _ := os.ReadFile(logPath)
	if !strings.Contains(string(data), "refused: unreadable request") {
		t.Errorf("log does not mention the unreadable request:\n%s", data)
	}
}

func TestEgressRefuserCapsConnections(t *testing.T) {
	_, socket, _ := startTestRefuser(t)
	var idle []net.Conn
	for range egressMaxConns {
		c, err := net.Dial("unix", socket)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		idle = append(idle, c)
	}
	over, err := net.Dial("unix", socket) // queued by the kernel, not served
	if err != nil {
		t.Fatal(err)
	}
	defer over.Close()
	fmt.Fprintf(over, "CONNECT 10.244.0.9:80 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	_ = over.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if n, err := over.Read(make([]byte, 1)); n != 0 || err == nil || !os.IsTimeout(err) {
		t.Fatalf("connection over the cap was answered (%d bytes, %v) while %d were open", n, err, egressMaxConns)
	}
	_ = idle[0].Close() // frees a slot
	_ = over.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(over), nil)
	if err != nil {
		t.Fatalf("connection over the cap not answered once a slot was free: %v", err)
	}
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("status %d, want 403", res.StatusCode)
	}
}

func TestEgressRefuserStopClosesOpenConnections(t *testing.T) {
	r, socket, _ := startTestRefuser(t)
	var conns []net.Conn
	for range 3 {
		c, err := net.Dial("unix", socket)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	// Wait until the refuser has accepted them.
	deadline := time.Now().Add(5 * time.Second)
	for r.open() < len(conns) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d connections accepted", r.open(), len(conns))
		}
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	if err := r.stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if took := time.Since(start); took > egressConnTimeout/2 {
		t.Errorf("stop took %s with idle connections open; it must close them, not wait", took)
	}
	for i, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(time.Second))
		if _, err := c.Read(make([]byte, 1)); err != io.EOF {
			t.Errorf("connection %d after stop: %v, want EOF", i, err)
		}
	}
	if _, err := net.Dial("unix", socket); err == nil {
		t.Error("the socket still accepts after stop")
	}
}

func TestEgressSocketPath(t *testing.T) {
	short := "/home/kari/.local/share/kubekurs/lab/run/egress.sock"
	got, tmpDir, err := egressSocketPath(short)
	if err != nil || got != short || tmpDir != "" {
		t.Errorf("egressSocketPath(%q) = %q, %q, %v; want it unchanged", short, got, tmpDir, err)
	}
	long := "/" + strings.Repeat("lang-katalog/", 8) + "run/egress.sock"
	got, tmpDir, err = egressSocketPath(long)
	if err != nil {
		t.Fatalf("egressSocketPath(long): %v", err)
	}
	defer os.RemoveAll(tmpDir)
	if len(got) > maxSocketPath || filepath.Dir(got) != tmpDir {
		t.Errorf("egressSocketPath(long) = %q in %q; want a path of at most %d bytes inside the directory", got, tmpDir, maxSocketPath)
	}
	st, err := os.Stat(tmpDir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("fallback directory %s: %v, mode %v; want 0700", tmpDir, err, st.Mode().Perm())
	}
	r, err := startEgressRefuser(got, filepath.Join(t.TempDir(), "egress.log"))
	if err != nil {
		t.Fatalf("listen on the fallback socket: %v", err)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
}

func TestEgressSelectorConfig(t *testing.T) {
	data, err := egressSelectorConfig("/data/run/egress.sock")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		APIVersion       string            `json:"apiVersion"`
		Kind             string            `json:"kind"`
		EgressSelections []egressSelection `json:"egressSelections"`
	}
	if err := yaml.UnmarshalStrict(data, &cfg); err != nil {
		t.Fatalf("decode:\n%s\n%v", data, err)
	}
	if cfg.APIVersion != "apiserver.k8s.io/v1beta1" || cfg.Kind != "EgressSelectorConfiguration" {
		t.Errorf("type %s %s", cfg.APIVersion, cfg.Kind)
	}
	want := map[string]string{"cluster": "HTTPConnect", "controlplane": "Direct", "etcd": "Direct"}
	if len(cfg.EgressSelections) != len(want) {
		t.Fatalf("%d egress selections, want %d:\n%s", len(cfg.EgressSelections), len(want), data)
	}
	for _, s := range cfg.EgressSelections {
		if s.Connection.ProxyProtocol != want[s.Name] {
			t.Errorf("%s: protocol %q, want %q", s.Name, s.Connection.ProxyProtocol, want[s.Name])
		}
		switch {
		case s.Name == "cluster" && (s.Connection.Transport == nil || s.Connection.Transport.UDS.UDSName != "/data/run/egress.sock"):
			t.Errorf("cluster: transport %+v, want the socket", s.Connection.Transport)
		case s.Name != "cluster" && s.Connection.Transport != nil:
			t.Errorf("%s: a direct connection must have no transport", s.Name)
		}
	}
}
