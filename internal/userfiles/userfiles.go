// Package userfiles knows where kubekurs keeps the learner's own files
// (settings, progress) and writes files — these and the practice cluster's
// data — so that a crash never leaves half a file behind.
package userfiles

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ConfigDir is kubekurs's config directory: $XDG_CONFIG_HOME/kubekurs, else
// $HOME/.config/kubekurs — os.UserConfigDir's rule on Linux, read through
// getenv so that callers and tests can inject the environment. A relative
// $XDG_CONFIG_HOME is ignored, as the XDG specification says.
func ConfigDir(getenv func(string) string) (string, error) {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("neither $HOME nor $XDG_CONFIG_HOME is set")
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "kubekurs"), nil
}

// WriteAtomic writes data to path with mode perm, through a synced
// temporary file in the same directory and a rename, so that a crash
// leaves the old file or the new one, never half of one. The directory is
// created (mode 0700) if needed.
func WriteAtomic(path string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err = errors.Join(err, tmp.Chmod(perm), tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
