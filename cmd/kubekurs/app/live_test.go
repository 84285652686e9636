package app

import (
	"github.com/kubekurs/kubekurs/cluster/live"
	"github.com/kubekurs/kubekurs/tui"
)

// The course hands a live.Cluster to the TUI.
var _ tui.Cluster = (*live.Cluster)(nil)
