// Package userfiles knows where kubekurs keeps the learner's own files
// (settings, progress) and writes files — these and the practice cluster's
// data — so that a crash never leaves half a file behind.
package userfiles

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
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
// temporary file in the same directory, a rename and a sync of the
// directory, so that a crash leaves the old file or the new one, never
// half of one. The directory is created (mode 0700) if needed. A writer
// killed half-way leaves a temporary file (see RemoveStaleTemps), never a
// broken path.
func WriteAtomic(path string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPrefix(path)+"*")
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
	if err := syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

// tempPrefix is how the names of WriteAtomic's temporary files for path
// begin; os.CreateTemp ends them with decimal digits.
func tempPrefix(path string) string { return "." + filepath.Base(path) + "." }

// RemoveStaleTemps removes the temporary files WriteAtomic made for path
// and left behind because the writer was killed, when they are older than
// olderThan; it touches no other file. It returns the files it removed.
// Call it only where no writer of path can be half-way through a write
// for that long (e.g. while holding the file's lock).
func RemoveStaleTemps(path string, olderThan time.Duration, now time.Time) ([]string, error) {
	dir, prefix := filepath.Dir(path), tempPrefix(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		digits, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < olderThan {
			continue
		}
		name := filepath.Join(dir, e.Name())
		if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, name)
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("remove stale temporary files of %s: %w", path, err)
	}
	return removed, nil
}
