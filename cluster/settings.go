package cluster

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/kubekurs/kubekurs/internal/userfiles"
)

// ConfigDir is kubekurs's own config directory, where the settings live:
// $XDG_CONFIG_HOME/kubekurs, else $HOME/.config/kubekurs.
func ConfigDir(getenv func(string) string) (string, error) { return userfiles.ConfigDir(getenv) }

// Kind says which sort of cluster a Choice or Target is.
type Kind string

// The sorts of cluster the course can use.
const (
	// KindLab is the built-in practice cluster.
	KindLab Kind = "lab"
	// KindKind is a kind cluster that kubekurs created or found.
	KindKind Kind = "kind"
	// KindKubeconfig is an existing cluster from a kubeconfig context.
	KindKubeconfig Kind = "kubeconfig"
)

// Choice is the cluster the learner chose for the course. It is
// remembered so that a plain `kubekurs` goes back to it.
type Choice struct {
	// Kind is the sort of cluster.
	Kind Kind `json:"kind"`
	// Name is the kind cluster's name (KindKind).
	Name string `json:"name,omitempty"`
	// Kubeconfig is the kubeconfig path or path list, as kubectl takes it
	// in --kubeconfig or $KUBECONFIG (KindKubeconfig); empty means
	// ~/.kube/config.
	Kubeconfig string `json:"kubeconfig,omitempty"`
	// Context is the kubeconfig context (KindKubeconfig); empty means the
	// kubeconfig's current context.
	Context string `json:"context,omitempty"`
	// Namespace is the learner's Namespace, when the learner named one.
	Namespace string `json:"namespace,omitempty"`
}

// Describe says in Norwegian which cluster c is.
func (c Choice) Describe() string {
	switch c.Kind {
	case KindLab:
		return "øvingsclusteret"
	case KindKind:
		return fmt.Sprintf("kind-clusteret «%s»", c.Name)
	}
	if c.Context == "" {
		return "gjeldende kontekst i " + orDefaultKubeconfig(c.Kubeconfig)
	}
	return fmt.Sprintf("konteksten «%s» i %s", c.Context, orDefaultKubeconfig(c.Kubeconfig))
}

func orDefaultKubeconfig(path string) string {
	if path == "" {
		return "~/.kube/config"
	}
	return path
}

// Confirmation is a cluster the learner agreed to let the course work in:
// a context name together with its API server, so that a context that
// later points elsewhere is asked about anew.
type Confirmation struct {
	// Context is the kubeconfig context's name.
	Context string `json:"context"`
	// Server is the API server URL the context pointed at.
	Server string `json:"server"`
	// At is when the learner said yes.
	At time.Time `json:"at"`
}

// settingsFile is the content of config.json.
type settingsFile struct {
	Cluster   *Choice        `json:"cluster,omitempty"`
	Confirmed []Confirmation `json:"confirmed,omitempty"`
}

// Settings is kubekurs's config file, config.json in ConfigDir: the chosen
// cluster and the contexts the learner confirmed. A file that cannot be
// read as JSON is moved aside (never deleted) and reported through
// Settings.Recovered; reading then starts afresh.
type Settings struct {
	path      string
	file      settingsFile
	recovered string
}

// SettingsFileName is the file in ConfigDir that holds the settings.
const SettingsFileName = "config.json"

// OpenSettings reads the settings in dir. A missing file is empty
// settings; an unreadable one is backed up next to it.
func OpenSettings(dir string, now func() time.Time) (*Settings, error) {
	s := &Settings{path: filepath.Join(dir, SettingsFileName)}
	data, err := os.ReadFile(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s, nil
	case err != nil:
		return nil, fmt.Errorf("read settings: %w", err)
	}
	if err := json.Unmarshal(data, &s.file); err != nil {
		backup := s.path + ".ødelagt-" + now().UTC().Format("20060102T150405Z")
		if err := os.Rename(s.path, backup); err != nil {
			return nil, fmt.Errorf("back up unreadable settings: %w", err)
		}
		s.file, s.recovered = settingsFile{}, backup
	}
	return s, nil
}

// Path is the settings file's path.
func (s *Settings) Path() string { return s.path }

// Recovered is the backup the unreadable settings file was moved to, or
// "" when it was read.
func (s *Settings) Recovered() string { return s.recovered }

// Choice is the remembered cluster, or nil.
func (s *Settings) Choice() *Choice {
	if s.file.Cluster == nil {
		return nil
	}
	c := *s.file.Cluster
	return &c
}

// SetChoice remembers c (nil forgets the choice) and saves.
func (s *Settings) SetChoice(c *Choice) error {
	s.file.Cluster = c
	return s.save()
}

// Confirmed reports whether the learner has agreed to use context at
// server.
func (s *Settings) Confirmed(context, server string) bool {
	return slices.ContainsFunc(s.file.Confirmed, func(c Confirmation) bool {
		return c.Context == context && c.Server == server
	})
}

// Confirm remembers that the learner agreed to use context at server, and
// saves.
func (s *Settings) Confirm(context, server string, at time.Time) error {
	if s.Confirmed(context, server) {
		return nil
	}
	s.file.Confirmed = append(s.file.Confirmed, Confirmation{Context: context, Server: server, At: at.UTC()})
	return s.save()
}

// save writes the settings atomically, readable by the user only.
func (s *Settings) save() error {
	data, err := json.MarshalIndent(s.file, "", "  ")
	if err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	if err := userfiles.WriteAtomic(s.path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}
