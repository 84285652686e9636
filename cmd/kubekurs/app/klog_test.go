package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/klog/v2"
)

// TestQuietClientLogsWritesToTheLogFile: while the TUI runs, client-go's
// klog lines go to the log file, not the terminal.
func TestQuietClientLogsWritesToTheLogFile(t *testing.T) {
	home := t.TempDir()
	path, restore := quietClientLogs(mapEnv(map[string]string{"HOME": home}))
	if want := filepath.Join(home, ".local", "state", "kubekurs", "kubekurs.log"); path != want {
		t.Fatalf("log file %q, want %q", path, want)
	}
	klog.ErrorS(nil, "Failed to watch", "type", "*v1.Secret")
	restore()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "Failed to watch") {
		t.Errorf("log file holds %q", data)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("log file mode %v, %v", st.Mode().Perm(), err)
	}
}
