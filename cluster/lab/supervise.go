package lab

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Supervise keeps the cluster running until ctx ends or Stop is called:
// a component that exits on its own is started again (announced through
// Progress, and recorded in the state file). A component that crashes
// maxRestarts times within restartWindow is given up on: Supervise
// returns its error, with the tail of its log, and leaves stopping the
// rest to the caller.
func (lab *Lab) Supervise(ctx context.Context) error {
	crashes := map[string][]time.Time{}
	for {
		crashed := lab.waitForExit(ctx)
		if crashed == nil {
			return nil
		}
		lab.mu.Lock()
		if !slices.Contains(lab.procs, crashed) { // stopped by Stop
			lab.mu.Unlock()
			return nil
		}
		crashErr := crashed.exitErr()
		now := time.Now()
		recent := slices.DeleteFunc(crashes[crashed.name], func(t time.Time) bool { return now.Sub(t) > restartWindow })
		crashes[crashed.name] = append(recent, now)
		if len(crashes[crashed.name]) > maxRestarts {
			lab.mu.Unlock()
			return crashErr
		}
		lab.progress(fmt.Sprintf(stepRestart, crashed.name))
		fresh := crashed.again()
		if err := fresh.start(); err != nil {
			lab.mu.Unlock()
			return fresh.failure(reasonExited, err)
		}
		lab.procs[slices.Index(lab.procs, crashed)] = fresh
		err := lab.saveStateLocked()
		lab.mu.Unlock()
		if err != nil {
			return err
		}
	}
}

// waitForExit returns the first component to exit, or nil when ctx ends.
func (lab *Lab) waitForExit(ctx context.Context) *process {
	lab.mu.Lock()
	procs := slices.Clone(lab.procs)
	lab.mu.Unlock()
	if len(procs) == 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	exited := make(chan *process, len(procs))
	for _, p := range procs {
		go func() {
			select {
			case <-p.done:
				exited <- p
			case <-ctx.Done():
			}
		}()
	}
	select {
	case p := <-exited:
		return p
	case <-ctx.Done():
		return nil
	}
}
