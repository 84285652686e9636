package lbcontroller

import (
	"errors"
	"fmt"
)

// Event reasons, in English as Kubernetes' own controllers write them
// (the Service ones are the cloud service controller's).
const (
	reasonEnsuring       = "EnsuringLoadBalancer"
	reasonEnsured        = "EnsuredLoadBalancer"
	reasonSyncFailed     = "SyncLoadBalancerFailed"
	reasonDeleting       = "DeletingLoadBalancer"
	reasonDeleted        = "DeletedLoadBalancer"
	reasonIngressAddress = "Sync"
)

// Norwegian texts the learner reads in Events (`kubectl describe`,
// `kubectl events`), in one place so that wording and terms stay
// consistent (see ../../../../shared/glossary.md).
const (
	msgEnsuring       = "Lager lastbalanserer (simulert i øvingsclusteret)"
	msgEnsured        = "Lastbalansereren har adressen %s (bare data: ingen maskin svarer på den)"
	msgDeleting       = "Sletter lastbalansereren"
	msgDeleted        = "Lastbalansereren er slettet"
	msgDeletedAddress = "Lastbalansereren er slettet, og adressen %s er ledig igjen"
	msgFailed         = "Fikk ikke laget lastbalanserer: %s"
	msgNotIP          = "loadBalancerIP «%s» er ingen IPv4-adresse"
	msgNotInPool      = "loadBalancerIP %s er utenfor øvingsclusterets adresseområde %s"
	msgReserved       = "%s er reservert for Ingress Controlleren"
	msgInUse          = "%s er allerede i bruk av Servicen %s"
	msgExhausted      = "alle adressene i %s er i bruk"
	msgIngressAddress = "Ingress Controlleren (%s) har gitt Ingressen adressen %s (bare data: ingen maskin svarer på den)"
	// markerNote is the note in the marker ConfigMap.
	markerNote = "Øvingsclusteret gir Servicer av typen LoadBalancer en adresse fra adresseområdet i «pool», " +
		"og Ingresser av klassen %s adressen %s, som ingen Service får. " +
		"Adressene er bare data: ingen maskin svarer på dem, og øvingsclusteret kobler seg aldri til dem."
)

// failure says in Norwegian why ip (the Service's loadBalancerIP, or ""
// when it asked for none) could not be had.
func failure(err error, ip string, p Pool) string {
	var inUse *inUseError
	var why string
	switch {
	case errors.As(err, &inUse):
		why = fmt.Sprintf(msgInUse, ip, inUse.owner)
	case errors.Is(err, errNotInPool):
		why = fmt.Sprintf(msgNotInPool, ip, p)
	case errors.Is(err, errReserved):
		why = fmt.Sprintf(msgReserved, ip)
	case errors.Is(err, errExhausted):
		why = fmt.Sprintf(msgExhausted, p)
	default:
		why = fmt.Sprintf(msgNotIP, ip)
	}
	return fmt.Sprintf(msgFailed, why)
}
