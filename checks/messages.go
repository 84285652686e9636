package checks

import (
	"fmt"
	"strings"
)

// Every Norwegian text of the package, except the parameter descriptions,
// which are struct tags next to the parameters they describe. The terms
// follow the course glossary (Namespace, Pod/Poder, Servicen, ...).

// Status words.
const (
	statusPassed    = "bestått"
	statusFailed    = "ikke bestått"
	statusEnvError  = "miljøfeil"
	statusForbidden = "mangler tilgang"
	statusSkipped   = "hoppet over"
)

// Spec errors: what is wrong with a check in a lesson.
const (
	msgAtLine                  = "linje %d, kolonne %d: %s"
	msgCheckNotMapping         = "en sjekk må være en YAML-tabell med «type» og sjekktypens nøkler"
	msgChecksNotList           = "check-blokken må være en YAML-liste med sjekker (hver sjekk begynner med «- type: …»)"
	msgMissingType             = "sjekken mangler «type»; kjente typer er: %s"
	msgUnknownType             = "ukjent sjekktype %s; kjente typer er: %s"
	msgWhereType               = "for sjekktypen %s"
	msgWhereKey                = "i «%s»"
	msgUnknownKey              = "ukjent nøkkel «%s» %s; gyldige nøkler er: %s"
	msgDidYouMean              = " (mente du «%s»?)"
	msgDuplicateKey            = "nøkkelen «%s» er oppgitt to ganger %s"
	msgKeyNotText              = "nøklene %s må være tekst"
	msgMissingKey              = "mangler «%s» %s"
	msgWrongType               = "«%s» må være %s, fant %s"
	msgEmptyValue              = "«%s» kan ikke være tom"
	msgNotInEnum               = "«%s» kan ikke være «%s»; gyldige verdier er: %s"
	msgTooSmall                = "«%s» kan ikke være mindre enn %d (fant %d)"
	msgTooLarge                = "«%s» kan ikke være større enn %d (fant %d)"
	msgNeedOneOf               = "oppgi én av %s %s"
	msgOnlyOneOf               = "oppgi bare én av %s %s"
	msgBadNamespace            = "ugyldig navn på Namespace «%s»: bruk små bokstaver (a–z), tall og bindestrek, høyst 63 tegn"
	msgBadWeight               = "vekten %d er ugyldig; bruk et heltall fra 0 til %d"
	msgBadAPIVersion           = "ugyldig apiVersion «%s»; skriv f.eks. v1 eller apps/v1"
	msgUnknownKindNeedsVersion = "ukjent kind «%s»; oppgi apiVersion også (f.eks. apiVersion: example.com/v1)"
	msgBadSelector             = "ugyldig selector «%s»: %v"
	msgEmptySelector           = "selectoren er tom; skriv f.eks. app=web"
	msgBadQuantity             = "ugyldig mengde %s; skriv f.eks. 500m, 0.5, 128Mi eller 1Gi"
	msgBadIntOrString          = "forventet et tall eller en tekst (f.eks. 80, http eller 25%%), fant %s"
	msgCELEnv                  = "CEL-miljøet kunne ikke lages: %v"
	msgCELCompile              = "CEL-uttrykket kompilerer ikke: %s"
	msgCELNotBool              = "CEL-uttrykket må gi true eller false (bool), men gir %s"
	msgCountNeedsSelector      = "«count» kan bare brukes sammen med «selector»"
	msgOnlyRollingUpdate       = "«%s» gjelder bare strategien RollingUpdate"
	msgNeedKeysOrValues        = "oppgi «keys», «values» eller begge"
	msgSecretValuesNotMap      = "«values» må være en tabell (nøkkel: verdi)"
	msgSecretValueMissing      = "verdien til «%s» i «values» mangler; skriv \"\" for en tom verdi"
	msgSecretValueBad          = "verdien til «%s» i «values» må være tekst, eller gyldig base64 etter !!binary"
	msgNeedCPUOrMemory         = "«%s» må ha cpu, memory eller begge"
	msgNeedRequestsOrLimits    = "oppgi «requests», «limits» eller begge"
	msgEmptyDirNoSource        = "«source» passer ikke med volumeType emptyDir, som ikke har noen kilde"
	msgGroupsNeedUser          = "«groups» kan bare brukes sammen med «user»; en ServiceAccount får gruppene sine automatisk"
	msgDocOneOf                = " (oppgi nøyaktig én av disse)"
	msgDocExcl                 = " (oppgi høyst én av disse)"
)

// Parameter types, for Types and spec errors.
const (
	typeText        = "tekst"
	typeInt         = "heltall"
	typeBool        = "true/false"
	typeMap         = "tabell (nøkkel: verdi)"
	typeList        = "liste"
	typeListOf      = "liste med %s"
	typeObject      = "objekt"
	typeQuantity    = "mengde (f.eks. 500m, 128Mi)"
	typeIntOrString = "tall eller tekst"
	typeNothing     = "ingenting"
)

// Environment errors and denials: why a check could not look.
const (
	msgForbidden        = "mangler tilgang: kan ikke %s %s%s"
	msgForbiddenUser    = " (som «%s»)"
	msgWholeCluster     = " i hele clusteret"
	msgInNamespace      = " i Namespace «%s»"
	msgCanceled         = "sjekken ble avbrutt"
	msgTimeout          = "API-serveren svarte ikke i tide (tidsavbrudd). Kjører clusteret? Prøv `kubectl cluster-info`."
	msgConnRefused      = "får ikke kontakt med API-serveren (tilkoblingen ble avvist). Kjører clusteret? Prøv `kubectl cluster-info`."
	msgNoHost           = "finner ikke API-serveren «%s» (navneoppslaget feilet); sjekk adressen i kubeconfig-filen"
	msgCertificate      = "sertifikatet til API-serveren godtas ikke; sjekk kubeconfig-filen"
	msgUnauthorized     = "API-serveren godtar ikke innloggingen (401); sjekk kubeconfig-filen"
	msgServerError      = "API-serveren svarte med feil %d: %s"
	msgUnknownKind      = "API-serveren kjenner ikke ressurstypen «%s»; er den installert (CRD)?"
	msgUnexpected       = "uventet feil: %v"
	msgPanic            = "intern feil i sjekken: %v"
	msgNoTarget         = "sjekken fikk ikke noe cluster å se på"
	msgNamespaceMissing = "Namespacet «%s» finnes ikke"
)

// Criteria: what a check verifies.
const (
	msgSubject             = "%s «%s»"
	msgUserSubject         = "Brukeren «%s»"
	msgContainerIn         = "Containeren «%s» i %s"
	msgCritExists          = "%s finnes"
	msgCritAbsent          = "%s finnes ikke"
	msgCritNoneMatch       = "Ingen %s med selector «%s» finnes"
	msgCritHas             = "%s har %s %s"
	msgCritHasPlain        = "%s har %s"
	msgCritCEL             = "%s er slik steget ber om"
	msgCritPodReady        = "%s kjører og er klar"
	msgCritPodsReady       = "Minst %d %s med selector «%s» kjører og er klare"
	msgCritPodPhase        = "%s har fasen %s"
	msgCritImage           = "%s bruker imaget %s"
	msgCritDeploymentReady = "%s har %d %s"
	msgCritStrategy        = "%s bruker strategien %s"
	msgCritRevisions       = "%s har minst %d %s"
	msgCritSelector        = "Selectoren til %s treffer minst %d %s"
	msgCritEndpoints       = "%s har %d %s"
	msgCritEnvFrom         = "%s henter miljøvariabler fra %s"
	msgCritEnv             = "%s har miljøvariabelen %s"
	msgCritMount           = "%s monterer %s"
	msgCritBound           = "%s er bundet (Bound)"
	msgCritProbe           = "%s har en %s"
	msgCritCan             = "%s kan %s %s"
	msgCritCannot          = "%s kan ikke %s %s"
	msgCritNamespace       = "%s «%s» finnes og er aktivt (Active)"
	msgWithNoun            = " og har %s %s"
	msgCritNodes           = "Clusteret har minst %d %s og minst %d %s"
	msgCritReachable       = "API-serveren svarer"
	msgLabelOne            = "labelen"
	msgLabelMany           = "labelene"
	msgAnnotationOne       = "annotationen"
	msgAnnotationMany      = "annotations"
	msgAnyValue            = "%s (med en verdi)"
	msgAndType             = " og typen %s"
	msgWithValuesAsked     = " med %s oppgaven ber om"
	msgKeysHaveValuesAsked = ", og %s har %s oppgaven ber om"
	msgValueOne            = "verdien"
	msgValueMany           = "verdiene"
	msgMountAt             = "et volum på %s"
	msgServiceType         = "type %s"
	msgEnvFromKey          = "%s fra %s (nøkkel %s)"
)

// Expected and found texts.
const (
	msgExists                 = "finnes"
	msgNotFound               = "finnes ikke"
	msgStillExists            = "finnes fortsatt"
	msgStillExistN            = "%d finnes fortsatt: %s"
	msgExpectNone             = "ingen finnes"
	msgAndMore                = " og %d til"
	msgNone                   = "ingen"
	msgKeyMissing             = "%s mangler"
	msgKeysFound              = "nøkler: %s"
	msgSecretValueWrong       = "verdien til %s er ikke den oppgaven ber om"
	msgSecretValueEndsNewline = ": den slutter med linjeskift (som echo uten -n gir)"
	msgLabelsFound            = ", labeler: %s"
	msgExpectPodReady         = "Running og klar (Ready=True)"
	msgExpectPodsReady        = "minst %d klare %s"
	msgAndReady               = ", klar"
	msgNotReady               = ", ikke klar"
	msgTerminating            = ", avsluttes"
	msgNoPodsMatch            = "ingen Poder med denne selectoren"
	msgPodWhy                 = "%s: %s"
	msgReadyOf                = "%d av %d klare"
	msgExpectReplicas         = "%d %s"
	msgNotObserved            = "endringen er ikke tatt i bruk ennå (%d av %d klare)"
	msgSpecReplicas           = "spec.replicas er %d (%d klare)"
	msgRolloutCounts          = ", %d oppdatert, %d tilgjengelige, %d totalt"
	msgCondition              = ", %s=%s (%s)"
	msgExpectAtLeast          = "minst %d %s"
	msgRevisions              = "%d %s"
	msgSelectorHits           = "selectoren %s treffer %d %s"
	msgNoSelector             = "har ingen selector"
	msgSelectorMissesTemplate = "selectoren %s treffer ikke malens labeler (%s)"
	msgPorts                  = "porter"
	msgCountNoun              = "%d %s"
	msgNotReadyEndpoints      = " (%d ikke klare)"
	msgToVolume               = " (volum %s)"
	msgNoContainers           = "ingen containere"
	msgNoSuchContainer        = "ingen container heter «%s» (containere: %s)"
	msgContainerFound         = "%s: %s"
	msgEnvMissing             = "%s mangler"
	msgMountedFrom            = "%s er montert fra volumet «%s» (%s)"
	msgNoSuchVolume           = "%s er montert fra volumet «%s», som ikke finnes i spec.volumes"
	msgMountsFound            = "ingen montering der; monterte stier: %s"
	msgOtherVolume            = "annen volumtype"
	msgNoProbe                = "ingen %s"
	msgCELTrue                = "uttrykket er sant"
	msgCELFalse               = "uttrykket er usant"
	msgCELRuntime             = "uttrykket kunne ikke regnes ut: %v"
	msgAllowed                = "tillatt"
	msgDenied                 = "ikke tillatt"
	msgExpectNodes            = "minst %d %s og minst %d %s"
	msgNodesFound             = "%d %s, %d klare"
	msgExpectReachable        = "svar fra API-serveren"
	msgServerVersion          = "Kubernetes %s"
)

// Check type descriptions for Types.
const (
	docExists              = "Objektet finnes."
	docAbsent              = "Objektet, eller alle objekter selectoren treffer, er borte."
	docPodReady            = "Poden (eller minst count Poder med selectoren) kjører og er klar."
	docPodPhase            = "Poden er i den gitte fasen."
	docImage               = "Containeren bruker imaget (nginx er det samme som docker.io/library/nginx:latest)."
	docLabels              = "Objektet har labelene med de gitte verdiene."
	docAnnotations         = "Objektet har annotations med de gitte verdiene."
	docSelectorMatches     = "Selectoren til en Service, Deployment eller ReplicaSet treffer Poder (og malen)."
	docDeploymentReady     = "Deploymenten er ferdig utrullet med det gitte antallet klare replikaer."
	docDeploymentStrategy  = "Deploymenten bruker den gitte strategien for utrulling."
	docRolloutHistory      = "Deploymenten har minst så mange revisjoner."
	docService             = "Servicen har den gitte typen, portene, selectoren, clusterIP-en og externalName."
	docServiceEndpoints    = "Servicen har nøyaktig så mange klare endepunkter."
	docIngress             = "Ingressen har regelen, en IngressClass som finnes, backend-Servicer som finnes og en adresse (det som er oppgitt)."
	docIngressClass        = "Clusteret har en IngressClass, en standard-IngressClass eller den som er oppgitt."
	docLoadBalancerAddress = "En LoadBalancer-Service eller en Ingress har fått en adresse i status.loadBalancer.ingress."
	docConfigMapKeys       = "ConfigMapet har nøklene (og verdiene)."
	docSecretKeys          = "Secreten har nøklene (og typen, og verdiene oppgaven ber om); verdiene vises aldri."
	docEnvFrom             = "Containeren henter miljøvariabler fra ConfigMapet eller Secreten (envFrom)."
	docEnv                 = "Containeren har miljøvariabelen, eventuelt med verdi eller kilde."
	docVolumeMount         = "Containeren monterer et volum på stien, eventuelt av gitt type og kilde."
	docPVCBound            = "PVC-en er bundet (Bound) til et volum."
	docResources           = "Containeren har de gitte minstekravene (requests) og øvre grensene (limits)."
	docProbe               = "Containeren har helsesjekken, eventuelt av gitt slag."
	docCanI                = "En ServiceAccount eller bruker har (eller har ikke) lov til en handling."
	docNamespace           = "Namespacet finnes, er aktivt og har labelene."
	docNodes               = "Clusteret har nok noder, og nok klare noder."
	docClusterReachable    = "API-serveren svarer."
	docCEL                 = "Et CEL-uttrykk om objektet (object) er sant."
	docPodNodes            = "Podene er spredt på nok noder, og/eller ingen av dem kjører på en node med cordon."
	docCordonedNodes       = "Så mange av nodene er stengt for nye Poder (cordon)."
	docPodWaiting          = "Så mange Poder har en container som venter med en av grunnene (f.eks. ImagePullBackOff)."
	docPodLog              = "Loggen til en container i Poden inneholder tekstene (krever ekte containere)."
	docHTTPGet             = "En HTTP GET til en Service eller en klar Pod, sendt gjennom API-serverens proxy, gir statusen (og teksten eller ConfigMap-verdien); krever ekte containere."
)

// kindDefinites are the definite forms of kinds in criteria ("Poden").
var kindDefinites = map[string]string{
	"Pod": "Poden", "Deployment": "Deploymenten", "ReplicaSet": "ReplicaSet-et", "StatefulSet": "StatefulSetet",
	"DaemonSet": "DaemonSetet", "Job": "Jobben", "CronJob": "CronJobben", "Service": "Servicen",
	"ConfigMap": "ConfigMapet", "Secret": "Secreten", "Namespace": "Namespacet", "Node": "Noden",
	"ServiceAccount": "ServiceAccounten", "Role": "Rollen", "RoleBinding": "Rolle-bindingen",
	"ClusterRole": "ClusterRole-objektet", "ClusterRoleBinding": "ClusterRoleBinding-objektet",
	"PersistentVolumeClaim": "PVC-en", "PersistentVolume": "PV-en", "Ingress": "Ingressen",
	"StorageClass": "StorageClassen", "HorizontalPodAutoscaler": "HPA-en", "CustomResourceDefinition": "CRD-en",
	"IngressClass": "IngressClassen", "NetworkPolicy": "NetworkPolicyen", "EndpointSlice": "EndpointSlicen",
	"Endpoints": "Endpoints-objektet", "PodDisruptionBudget": "PodDisruptionBudgetet",
	"LimitRange": "LimitRangen", "ResourceQuota": "ResourceQuotaen", "PriorityClass": "PriorityClassen",
}

// kindPlurals are the indefinite plurals of kinds ("Poder").
var kindPlurals = map[string]string{
	"Pod": "Poder", "Deployment": "Deploymenter", "ReplicaSet": "ReplicaSet-er", "StatefulSet": "StatefulSet-er",
	"Service": "Servicer", "ConfigMap": "ConfigMaps", "Secret": "Secrets", "Namespace": "Namespacer",
	"Node": "noder", "Job": "jobber", "PersistentVolumeClaim": "PVC-er",
	"Ingress": "Ingresser", "IngressClass": "IngressClasser", "NetworkPolicy": "NetworkPolicyer",
	"EndpointSlice": "EndpointSlicer", "DaemonSet": "DaemonSet-er", "CronJob": "CronJobber",
	"ServiceAccount": "ServiceAccounter", "PersistentVolume": "PV-er", "StorageClass": "StorageClasser",
	"Role": "roller", "RoleBinding": "rolle-bindinger",
}

// kindDefinite is "Poden" for Pod; unknown kinds stay as they are.
func kindDefinite(kind string) string {
	if s, ok := kindDefinites[kind]; ok {
		return s
	}
	return kind
}

// kindPlural is "Poder" for Pod, else "objekter av typen X".
func kindPlural(kind string) string {
	if s, ok := kindPlurals[kind]; ok {
		return s
	}
	return fmt.Sprintf("objekter av typen %s", kind)
}

// verbs are the Norwegian infinitives of API verbs, for canI criteria.
var verbs = map[string]string{
	"get": "hente", "list": "liste", "watch": "følge med på (watch)", "create": "opprette",
	"update": "oppdatere", "patch": "endre (patch)", "delete": "slette",
	"deletecollection": "slette flere (deletecollection)", "*": "gjøre alt med",
}

// verbText is the Norwegian for an API verb, or the verb itself.
func verbText(verb string) string {
	if s, ok := verbs[verb]; ok {
		return s
	}
	return verb
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func podNoun(n int) string       { return plural(n, "Pod", "Poder") }
func nodeNoun(n int) string      { return plural(n, "node", "noder") }
func readyNodeNoun(n int) string { return plural(n, "klar node", "klare noder") }
func replicaNoun(n int) string   { return plural(n, "klar replika", "klare replikaer") }
func revisionNoun(n int) string  { return plural(n, "revisjon", "revisjoner") }
func endpointNoun(n int) string  { return plural(n, "klart endepunkt", "klare endepunkter") }
func keyNoun(n int) string       { return plural(n, "nøkkelen", "nøklene") }
func joinAnd(w []string) string  { return joinWords(w, "og") }
func joinOr(w []string) string   { return joinWords(w, "eller") }

// joinWords joins as "a, b og c".
func joinWords(words []string, conj string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}
