package cluster

import (
	"context"
	"time"
)

// ResetTimeout bounds how long a reset waits for deleted objects to be
// gone (a Namespace empties itself first; a Pod has a grace period).
const ResetTimeout = 2 * time.Minute

// Plan finds which of refs exist, split into those a reset deletes and
// those it keeps (Found.Kept says why). It changes nothing.
func (c *Cleaner) Plan(ctx context.Context, refs []ObjectRef) (doomed, kept []Found, err error) {
	found, err := c.Find(ctx, refs)
	if err != nil {
		return nil, nil, err
	}
	for _, o := range found {
		if o.Kept == "" {
			doomed = append(doomed, o)
		} else {
			kept = append(kept, o)
		}
	}
	return doomed, kept, nil
}
