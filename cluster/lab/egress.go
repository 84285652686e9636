package lab

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"
)

// EgressRefusal is the reason the lab gives the API server when it wants
// to connect to a simulated address (a Pod, Service or node IP) for the
// pod or service proxy, port-forward, logs or exec. The API server puts
// it into the error the learner sees.
const EgressRefusal = "øvingsclusteret har ingen ekte containere; bruk et kind-cluster for dette"

// Bounds of the egress refuser.
const (
	// egressMaxConns caps the connections handled at once; further ones
	// wait in the kernel's accept queue.
	egressMaxConns = 16
	// egressConnTimeout bounds reading a request and writing the answer.
	egressConnTimeout = 2 * time.Second
	// egressMaxHeader caps the bytes read of a request.
	egressMaxHeader = 16 << 10
	// egressRefusalCode is the status of the answer: the proxy refuses
	// by policy.
	egressRefusalCode = http.StatusForbidden
)

// egressRefuser is the lab's end of the API server's `cluster` egress: an
// HTTP CONNECT proxy that dials nothing. It answers every request with
// EgressRefusal, logs the address asked for, and closes the connection.
type egressRefuser struct {
	ln    net.Listener
	log   *os.File
	logMu sync.Mutex
	now   func() time.Time
	slots chan struct{} // one token per connection being handled
	done  chan struct{} // closed by stop
	wg    sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]struct{} // nil once stop has begun

	stopOnce sync.Once
	stopErr  error
}

// startEgressRefuser listens on the Unix socket socketPath (which must not
// be in use) and appends a line per attempt to logPath, after rotating a
// previous log to logPath+".prev".
func startEgressRefuser(socketPath, logPath string) (*egressRefuser, error) {
	if st, err := os.Lstat(logPath); err == nil && st.Mode().IsRegular() {
		_ = os.Rename(logPath, logPath+".prev")
	}
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open egress log: %w", err)
	}
	// A socket left behind by a supervisor that was killed: this Lab
	// holds the data directory's lock, so nobody else serves it.
	if st, err := os.Lstat(socketPath); err == nil && st.Mode().Type() == os.ModeSocket {
		_ = os.Remove(socketPath)
	}
	ln, err := net.Listen("unix", socketPath)
	if err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("listen for the API server's cluster egress: %w", err)
	}
	r := &egressRefuser{
		ln:    ln,
		log:   logFile,
		now:   time.Now,
		slots: make(chan struct{}, egressMaxConns),
		done:  make(chan struct{}),
		conns: map[net.Conn]struct{}{},
	}
	r.wg.Go(r.serve)
	return r, nil
}

// serve accepts connections until stop, at most egressMaxConns at a time.
func (r *egressRefuser) serve() {
	for {
		select {
		case r.slots <- struct{}{}:
		case <-r.done:
			return
		}
		conn, err := r.ln.Accept()
		if err != nil {
			<-r.slots
			select {
			case <-r.done:
				return
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			r.logf("accept: %v", err)
			// Not a passing hiccup (EMFILE and the like): back off, so a
			// full file table does not make this loop spin.
			select {
			case <-time.After(100 * time.Millisecond):
			case <-r.done:
				return
			}
			continue
		}
		if !r.track(conn) {
			_ = conn.Close()
			<-r.slots
			return
		}
		r.wg.Go(func() {
			defer func() { <-r.slots }()
			defer r.untrack(conn)
			r.refuse(conn)
		})
	}
}

// refuse reads one request from conn, logs it and answers with
// EgressRefusal. It never dials anything.
func (r *egressRefuser) refuse(conn net.Conn) {
	_ = conn.SetDeadline(r.now().Add(egressConnTimeout))
	req, err := http.ReadRequest(bufio.NewReader(io.LimitReader(conn, egressMaxHeader)))
	if err != nil {
		r.logf("refused: unreadable request: %v", err)
		return
	}
	target := req.Host
	if req.Method == http.MethodConnect && req.URL != nil && req.URL.Host != "" {
		target = req.URL.Host
	}
	r.logf("refused %s %s", req.Method, strconv.Quote(target))
	_, _ = io.WriteString(conn, refusalResponse())
}

// refusalResponse is the whole HTTP answer to a CONNECT: the status line
// carries EgressRefusal (that is the part the API server passes on), and
// the body says it again for any other client.
func refusalResponse() string {
	body := EgressRefusal + "\n"
	return fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		egressRefusalCode, EgressRefusal, len(body), body)
}

// track records conn so stop can close it; false once stop has begun.
func (r *egressRefuser) track(conn net.Conn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.conns == nil {
		return false
	}
	r.conns[conn] = struct{}{}
	return true
}

// untrack closes conn and forgets it.
func (r *egressRefuser) untrack(conn net.Conn) {
	_ = conn.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.conns, conn)
}

// logf appends a time-stamped line to the egress log.
func (r *egressRefuser) logf(format string, args ...any) {
	line := r.now().UTC().Format(time.RFC3339Nano) + " " + fmt.Sprintf(format, args...) + "\n"
	r.logMu.Lock()
	defer r.logMu.Unlock()
	_, _ = io.WriteString(r.log, line)
}

// Addr returns the path of the socket.
func (r *egressRefuser) Addr() string { return r.ln.Addr().String() }

// stop closes the listener (which removes the socket file) and every open
// connection, waits for the goroutines to end, and closes the log. Later
// calls return the first call's result.
func (r *egressRefuser) stop() error {
	r.stopOnce.Do(func() {
		close(r.done)
		err := r.ln.Close()
		r.mu.Lock()
		for conn := range r.conns {
			_ = conn.Close()
		}
		r.conns = nil
		r.mu.Unlock()
		r.wg.Wait()
		r.stopErr = errors.Join(err, r.log.Close())
	})
	return r.stopErr
}
