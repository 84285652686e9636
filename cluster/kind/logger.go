package kind

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"sigs.k8s.io/kind/pkg/log"
)

// statusWords translate kind's progress steps (the text after " • " or
// " ✓ ") into Norwegian, matched by their start.
func statusWords() [][2]string {
	return [][2]string{
		{"Ensuring node image", "Henter node-imaget"},
		{"Preparing nodes", "Forbereder nodene"},
		{"Writing configuration", "Skriver konfigurasjonen"},
		{"Starting control-plane", "Starter kontrollplanet"},
		{"Installing CNI", "Installerer Pod-nettverket (CNI)"},
		{"Installing StorageClass", "Installerer StorageClass"},
		{"Joining worker nodes", "Melder inn worker-nodene"},
		{"Joining more control-plane nodes", "Melder inn flere kontrollplan-noder"},
		{"Configuring the external load balancer", "Setter opp lastbalansereren"},
		{"Waiting", "Venter på at kontrollplanet blir klart"},
	}
}

// ProgressLogger is a kind log.Logger that writes kind's user-facing
// progress (V(0)) as Norwegian steps to a writer and drops debug output.
type ProgressLogger struct {
	mu sync.Mutex
	w  io.Writer
}

// NewProgressLogger writes progress to w.
func NewProgressLogger(w io.Writer) *ProgressLogger { return &ProgressLogger{w: w} }

// Warn implements log.Logger.
func (l *ProgressLogger) Warn(message string) { l.print("Advarsel: " + message) }

// Warnf implements log.Logger.
func (l *ProgressLogger) Warnf(format string, args ...any) { l.Warn(fmt.Sprintf(format, args...)) }

// Error implements log.Logger.
func (l *ProgressLogger) Error(message string) { l.print("Feil: " + message) }

// Errorf implements log.Logger.
func (l *ProgressLogger) Errorf(format string, args ...any) { l.Error(fmt.Sprintf(format, args...)) }

// V implements log.Logger: level 0 is shown, the rest is dropped.
func (l *ProgressLogger) V(level log.Level) log.InfoLogger {
	return infoLogger{l: l, enabled: level == 0}
}

func (l *ProgressLogger) print(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.w, line)
}

// Translate turns one kind status line into Norwegian: " • Preparing
// nodes 📦  ..." becomes "• Forbereder nodene …", " ✓ …" keeps its ✓.
// Lines it does not know are returned trimmed, as they are.
func Translate(line string) string {
	line = strings.TrimSpace(line)
	mark := ""
	for _, m := range []string{"•", "✓", "✗"} {
		if rest, ok := strings.CutPrefix(line, m); ok {
			mark, line = m+" ", strings.TrimSpace(rest)
		}
	}
	for _, w := range statusWords() {
		if strings.HasPrefix(line, w[0]) {
			suffix := ""
			if mark == "• " {
				suffix = " …"
			}
			return mark + w[1] + suffix
		}
	}
	return mark + line
}

type infoLogger struct {
	l       *ProgressLogger
	enabled bool
}

func (i infoLogger) Info(message string) {
	if i.enabled {
		i.l.print(Translate(message))
	}
}

func (i infoLogger) Infof(format string, args ...any) { i.Info(fmt.Sprintf(format, args...)) }

func (i infoLogger) Enabled() bool { return i.enabled }
