package lab

import (
	"errors"
	"path/filepath"
)

// Environment variables that choose the practice cluster's directories.
const (
	// EnvDataDir overrides DefaultDataDir.
	EnvDataDir = "KUBEKURS_LAB_DATA"
	// EnvBinDir overrides DefaultBinDir.
	EnvBinDir = "KUBEKURS_LAB_BIN"
)

// DefaultDataDir is where the practice cluster keeps its data. In order:
// $KUBEKURS_LAB_DATA; $XDG_DATA_HOME/kubekurs/lab;
// $HOME/.local/share/kubekurs/lab. getenv is os.Getenv outside tests.
func DefaultDataDir(getenv func(string) string) (string, error) {
	if d := getenv(EnvDataDir); d != "" {
		return filepath.Abs(d)
	}
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "kubekurs", "lab"), nil
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "kubekurs", "lab"), nil
	}
	return "", errors.New("neither $HOME nor $XDG_DATA_HOME is set")
}

// DefaultBinDir is where `make lab` puts the binaries for this
// KubernetesVersion. In order: $KUBEKURS_LAB_BIN;
// $XDG_CACHE_HOME/kubekurs/lab/<version>; $HOME/.cache/kubekurs/lab/<version>.
// getenv is os.Getenv outside tests.
func DefaultBinDir(getenv func(string) string) (string, error) {
	if d := getenv(EnvBinDir); d != "" {
		return filepath.Abs(d)
	}
	if d := getenv("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "kubekurs", "lab", KubernetesVersion), nil
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", "kubekurs", "lab", KubernetesVersion), nil
	}
	return "", errors.New("neither $HOME nor $XDG_CACHE_HOME is set")
}
