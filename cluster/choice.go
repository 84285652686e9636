package cluster

import (
	"errors"
	"fmt"

	"github.com/kubekurs/kubekurs/cluster/kind"
)

// Decision is which cluster the course uses when the learner named none
// on the command line.
type Decision struct {
	// Choice is the cluster to use. With OfferKind it is the kind cluster
	// to create if the learner says yes.
	Choice Choice
	// OfferKind is true when Docker answers but the kind cluster does not
	// exist: the learner is asked whether to create it, and the practice
	// cluster is used on no.
	OfferKind bool
	// Remember is true when Choice should be saved as the learner's
	// choice. A fallback to the practice cluster because Docker is absent
	// is not remembered, so that the learner is offered kind once Docker
	// runs.
	Remember bool
	// Why explains the decision in Norwegian, for the learner.
	Why string
}

// KindExistsFunc reports whether the kind cluster of that name exists.
// Its error is kind.ErrNoRuntime when there is no Docker or Podman, or a
// *kind.RuntimeError when the runtime does not answer.
type KindExistsFunc func(name string) (bool, error)

// UnavailableError means the remembered cluster cannot be used now, e.g.
// the chosen kind cluster while Docker is stopped.
type UnavailableError struct {
	// Choice is the remembered cluster.
	Choice Choice
	// Err is why it cannot be used.
	Err error
}

// Error implements error.
func (e *UnavailableError) Error() string {
	return fmt.Sprintf("remembered cluster %s unavailable: %v", e.Choice.Kind, e.Err)
}

// Unwrap returns the cause.
func (e *UnavailableError) Unwrap() error { return e.Err }

// Message says in Norwegian why the remembered cluster cannot be used and
// what to do.
func (e *UnavailableError) Message() string {
	return fmt.Sprintf("Du har valgt %s, men det kan ikke brukes nå: %s\n"+
		"Start Docker og prøv igjen, eller bruk øvingsclusteret: `kubekurs cluster use lab`.",
		e.Choice.Describe(), RuntimeProblem(e.Err))
}

// RuntimeProblem says in Norwegian what is wrong with the container
// runtime, from kind's errors.
func RuntimeProblem(err error) string {
	var re *kind.RuntimeError
	switch {
	case errors.Is(err, kind.ErrNoRuntime):
		return "Fant ikke Docker eller Podman."
	case errors.As(err, &re):
		return "Docker svarer ikke: " + re.Output
	}
	return err.Error()
}

// Decide picks the cluster when the learner named none: the remembered
// choice if there is one; else the kind cluster "kubekurs" if it exists;
// else, if Docker answers, an offer to create it; else the practice
// cluster, with the reason. kindExists is only called when needed, so a
// learner who chose the practice cluster never waits for Docker.
func Decide(remembered *Choice, kindExists KindExistsFunc) (Decision, error) {
	if remembered != nil {
		return decideRemembered(*remembered, kindExists)
	}
	exists, err := kindExists(kind.DefaultName)
	if err != nil {
		return Decision{
			Choice: Choice{Kind: KindLab},
			Why: "Du har ikke valgt noe cluster. " + RuntimeProblem(err) + "\n" +
				"Kurset bruker derfor det innebygde øvingsclusteret: et ekte kontrollplan med simulerte noder.\n" +
				"Containere kjører ikke der, så steg som trenger logger eller exec hoppes over.\n" +
				"Med Docker kan du bruke et kind-cluster i stedet: `kubekurs cluster create`.",
		}, nil
	}
	choice := Choice{Kind: KindKind, Name: kind.DefaultName}
	if exists {
		return Decision{Choice: choice, Remember: true,
			Why: fmt.Sprintf("Fant kind-clusteret «%s», så kurset bruker det.", kind.DefaultName)}, nil
	}
	return Decision{Choice: choice, OfferKind: true, Remember: true,
		Why: "Docker kjører, så kurset kan lage et kind-cluster med ekte containere (tar noen minutter første gang).\n" +
			"Alternativet er det innebygde øvingsclusteret: starter på sekunder, men containerne er simulerte."}, nil
}

func decideRemembered(c Choice, kindExists KindExistsFunc) (Decision, error) {
	why := fmt.Sprintf("Kurset bruker %s, som du har valgt (bytt med `kubekurs cluster use`).", c.Describe())
	if c.Kind != KindKind {
		return Decision{Choice: c, Why: why}, nil
	}
	exists, err := kindExists(c.Name)
	if err != nil {
		return Decision{}, &UnavailableError{Choice: c, Err: err}
	}
	if !exists {
		return Decision{Choice: c, OfferKind: true, Remember: true,
			Why: fmt.Sprintf("Du har valgt kind-clusteret «%s», men det finnes ikke lenger.", c.Name)}, nil
	}
	return Decision{Choice: c, Why: why}, nil
}
