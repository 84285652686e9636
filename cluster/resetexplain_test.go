package cluster

import (
	"errors"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// TestExplainReset: what a failed reset tells the learner.
func TestExplainReset(t *testing.T) {
	forbidden := apierrors.NewForbidden(schema.GroupResource{Group: "apps", Resource: "deployments"}, "web", errors.New("nei"))
	tests := []struct {
		err      error
		deleting bool
		want     string
	}{
		{&StillThereError{Object: "Namespace kurs-lek", After: 2 * time.Minute}, true,
			"Namespace kurs-lek er ikke borte etter 2m0s. Sjekk med `kubectl get` og prøv igjen."},
		{forbidden, false, "Ingen tilgang: du har ikke lov til å lese deployments.apps. Be den som drifter clusteret om rettigheter."},
		{forbidden, true, "å slette deployments.apps."},
		{errors.New("noe annet"), true, "Fikk ikke nullstilt: noe annet"},
	}
	for _, tt := range tests {
		err := ExplainReset(tt.err, tt.deleting)
		var explained *ExplainedError
		if !errors.As(err, &explained) || explained.Environment || !strings.Contains(explained.Message, tt.want) || !errors.Is(err, tt.err) {
			t.Errorf("%v: %v", tt.err, err)
		}
	}
}
