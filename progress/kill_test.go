package progress

import (
	"bufio"
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// killRounds is how often TestKill9NeverBreaksTheFile kills a writer.
const killRounds = 200

// TestKill9NeverBreaksTheFile kills a process that writes progress through
// a Store in a tight loop with SIGKILL, killRounds times, each after a
// random 0–20 ms of writing; after every kill the file parses and the next
// Open finds it whole. The temporary files killed writers leave are only
// removed once stale, and nothing else is.
func TestKill9NeverBreaksTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	start := time.Now()
	var last []byte
	advanced := 0
	for round := range killRounds {
		if time.Since(start) > 3*time.Minute { // 15 s usual, 35 s under -race, 110 s on a loaded machine
			t.Fatalf("only %d rounds in %s", round, time.Since(start))
		}
		killWriter(t, path, time.Duration(rand.IntN(21))*time.Millisecond)
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) && round == 0 {
			continue // killed before its first write
		}
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		f, err := Parse(data)
		if err != nil {
			t.Fatalf("round %d: the file does not parse: %v\n%.300s", round, err, data)
		}
		if f.Version != FileVersion {
			t.Fatalf("round %d: version %d", round, f.Version)
		}
		if !bytes.Equal(data, last) {
			advanced++
			last = data
		}
	}
	elapsed := time.Since(start)
	temps, _ := filepath.Glob(filepath.Join(dir, ".progress.json.*"))
	t.Logf("%d kills in %s; the file changed in %d rounds; %d killed mid-write (temporary files left behind)",
		killRounds, elapsed.Round(time.Millisecond), advanced, len(temps))
	if advanced < killRounds/4 {
		t.Errorf("the writers wrote in only %d of %d rounds: the kills did not hit writing", advanced, killRounds)
	}

	// The next Open is clean: no backup (nothing was corrupt), stale
	// temporary files gone, the lock file and others' files kept.
	foreign := filepath.Join(dir, ".progress.json.notes")
	if err := os.WriteFile(foreign, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * staleTempAge)
	for _, p := range append(temps, foreign) {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Open(path, time.Now); err != nil {
		t.Fatalf("Open after the kills: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{".progress.json.notes", "progress.json", "progress.json.lock"}; strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("directory after Open: %v, want %v", names, want)
	}
}

// killWriter starts a writer process on path, lets it write for delay
// after it is ready and kills it with SIGKILL.
func killWriter(t *testing.T, path string, delay time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childMode+"=writer", childPath+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		ready <- line == "ready\n"
	}()
	select {
	case ok := <-ready:
		if !ok {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatal("the writer did not start")
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatal("the writer did not get ready")
	}
	time.Sleep(delay)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the writer ended otherwise than by SIGKILL: %v", err)
	}
}
