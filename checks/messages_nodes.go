package checks

// The Norwegian texts of the placement, cordon and waiting-Pod check
// types (types_nodes.go, types_waiting.go).

// Spec errors.
const (
	msgNeedMinNodesOrSchedulable = "oppgi «minNodes», «schedulableOnly: true» eller begge"
	msgNeedMinOrMax              = "oppgi «min», «max» eller begge"
)

// Criteria.
const (
	msgPodsInNamespace    = "Podene i Namespacet"
	msgPodsIn             = "Podene"
	msgPodsWithSelector   = "Podene med selector «%s»"
	msgCritOnNodes        = "%s kjører på minst %d %s"
	msgCritAndNotCordoned = ", og ingen av dem på en node som er stengt for nye Poder (cordon), DaemonSet-Poder unntatt"
	msgCritNotCordoned    = "Ingen av %s kjører på en node som er stengt for nye Poder (cordon), DaemonSet-Poder unntatt"
	msgNodesAll           = "nodene"
	msgNodesWithSelector  = "nodene med selector «%s»"
	msgCritCordoned       = "%s av %s er stengt for nye Poder (cordon)"
	msgAtLeastN           = "minst %d"
	msgAtMostN            = "høyst %d"
	msgExactlyN           = "nøyaktig %d"
	msgBetweenN           = "mellom %d og %d"
	msgNoneOf             = "ingen"
	msgCritWaiting        = "%s %s %s venter med %s"
	msgPodsOfNewest       = "i den nyeste revisjonen av %s"
	msgWithSelector       = "med selector «%s»"
)

// Expected and found texts.
const (
	msgExpectNotCordoned = "ingen på en node med cordon"
	msgExpectCordoned    = "%s stengt"
	msgExpectWaiting     = "%s %s venter"
	msgNoPodsOnNodes     = "ingen Poder kjører på noen node"
	msgPlacement         = "%d %s på %d %s: %s"
	msgPodOnNode         = "%s på %s"
	msgOnCordoned        = "; stengt med cordon, men Podene kjører der fortsatt: %s"
	msgCordonedOf        = "%d av %d %s stengt"
	msgWaitingOf         = "%d av %d %s venter"
	msgNoReplicaSet      = "Deploymenten har ingen ReplicaSet ennå"
)
