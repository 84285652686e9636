package app

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// confirmedContext is a cluster the learner has agreed to let the course
// work in.
type confirmedContext struct {
	Context string    `json:"context"`
	Server  string    `json:"server"`
	At      time.Time `json:"at"`
}

// contextsFile is the file, in kubekurs's config directory, that remembers
// the contexts the learner confirmed.
func contextsFile(env Env) (string, error) {
	dir, err := configDir(env)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "contexts.json"), nil
}

// configDir is kubekurs's own config directory: $XDG_CONFIG_HOME/kubekurs,
// else $HOME/.config/kubekurs (as os.UserConfigDir, but with the
// injected environment).
func configDir(env Env) (string, error) {
	dir := env.Getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := env.Getenv("HOME")
		if home == "" {
			return "", errors.New("neither $HOME nor $XDG_CONFIG_HOME is set")
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "kubekurs"), nil
}

// confirmContext asks the learner, the first time a context and server are
// used, whether the course may work there: kubekurs never uses a cluster
// silently. The answer is remembered. An unreadable memory file is moved
// aside (never deleted) and the learner is asked again.
func confirmContext(streams Streams, env Env, context, server, namespace string) error {
	path, err := contextsFile(env)
	if err != nil {
		return failure("Fant ingen plass til kubekurs' innstillinger: sett HOME.")
	}
	var known []confirmedContext
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("read %s: %w", path, err)
	default:
		if json.Unmarshal(data, &known) != nil {
			backup := path + ".ødelagt-" + time.Now().UTC().Format("20060102T150405Z")
			_ = os.Rename(path, backup)
			fmt.Fprintf(streams.ErrOut, "Filen %s kunne ikke leses og er flyttet til %s.\n", path, backup)
			known = nil
		}
	}
	if slices.ContainsFunc(known, func(c confirmedContext) bool { return c.Context == context && c.Server == server }) {
		return nil
	}
	fmt.Fprintf(streams.Out, "Kurset vil bruke konteksten «%s» (API-server %s)\n"+
		"og gjøre øvelsene i Namespacet «%s» der. Fortsette? [j/N] ", context, server, namespace)
	answer, _ := bufio.NewReader(streams.In).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "j", "ja", "y", "yes":
	default:
		return &exitCodeError{code: exitError, msg: "Avbrutt; kurset har ikke rørt clusteret."}
	}
	known = append(known, confirmedContext{Context: context, Server: server, At: time.Now().UTC()})
	data, err = json.MarshalIndent(known, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o600)
}
