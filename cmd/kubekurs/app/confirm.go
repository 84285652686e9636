package app

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/kubekurs/kubekurs/cluster"
)

// kindKubeconfigPath is where kubekurs keeps a kind cluster's kubeconfig:
// its own file, never merged into ~/.kube/config.
func kindKubeconfigPath(env Env, name string) (string, error) {
	dir, err := cluster.ConfigDir(env.Getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "kind-"+name+".kubeconfig"), nil
}

// confirmContext asks the learner, the first time a context and server are
// used, whether the course may work there: kubekurs never uses a cluster
// silently. The answer is remembered in the settings.
func confirmContext(streams Streams, settings *cluster.Settings, t *cluster.Target) error {
	if settings.Confirmed(t.Context, t.Config.Host) {
		return nil
	}
	fmt.Fprintf(streams.Out, "Kurset vil bruke konteksten «%s» (API-server %s)\n"+
		"og gjøre øvelsene i Namespacet «%s» der. Fortsette? [j/N] ", t.Context, t.Config.Host, t.Namespace)
	if !askYes(streams, false) {
		return &exitCodeError{code: exitError, msg: "Avbrutt; kurset har ikke rørt clusteret."}
	}
	if err := settings.Confirm(t.Context, t.Config.Host, time.Now()); err != nil {
		return failure("Fikk ikke lagret svaret: " + err.Error())
	}
	return nil
}

// askYes reads one answer line: j/ja/y/yes is yes, n/nei/no is no, and
// an empty line (or end of input) is def.
func askYes(streams Streams, def bool) bool {
	switch strings.ToLower(strings.TrimSpace(readLine(streams.In))) {
	case "j", "ja", "y", "yes":
		return true
	case "n", "nei", "no":
		return false
	}
	return def
}

// readLine reads one line, a byte at a time, so that nothing after it is
// taken from in: a second question reads the next line.
func readLine(in io.Reader) string {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := in.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return b.String()
			}
			b.WriteByte(buf[0])
		}
		if err != nil {
			return b.String()
		}
	}
}
