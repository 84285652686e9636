package app

import (
	"errors"
	"time"
)

// waitFlag is `check --wait`: a duration that is either given or left to
// each step. Its String is empty until set, so the help shows no pflag
// default next to the flag's own «standard: stegets egen ventetid».
type waitFlag struct {
	d   time.Duration
	set bool
}

// Set parses a duration such as "30s"; it must not be negative.
func (w *waitFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("ikke en varighet, skriv for eksempel 30s eller 2m")
	}
	if d < 0 {
		return errors.New("ventetiden kan ikke være negativ")
	}
	w.d, w.set = d, true
	return nil
}

// String is the duration when set, else empty.
func (w *waitFlag) String() string {
	if !w.set {
		return ""
	}
	return w.d.String()
}

// Type names the value in the help, as for pflag's own durations.
func (w *waitFlag) Type() string { return "duration" }
