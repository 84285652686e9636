package grade

// Norwegian words for a step's status in grading.
const (
	statusPassed       = "bestått"
	statusFailed       = "ikke bestått"
	statusNotAttempted = "ikke forsøkt"
	statusNoAccess     = "mangler tilgang"
	statusEnvError     = "miljøfeil"
	statusSkipped      = "hoppet over"
	statusUngraded     = "uten vurdering"
	statusRecorded     = "fullført før, består ikke nå"
)

// Norwegian words for the state of a student's progress mirror.
const (
	mirrorReadText       = "lest"
	mirrorMissingText    = "mangler"
	mirrorUnreadableText = "kan ikke leses"
	mirrorForbiddenText  = "mangler tilgang"
	mirrorErrorText      = "svarer ikke"
)

// msgBadCheck is a check that does not compile for a student: lesson,
// step, error.
const msgBadCheck = "leksjon %s steg %d har en ugyldig sjekk: %v"

// Column headings of the class table.
const (
	colStudent   = "Elev"
	colNamespace = "Namespace"
	colTotal     = "Sum"
	colNotes     = "Merknader"
)

// Notes in the class table.
const (
	noteSolution = "fasit vist: "
	noteMirror   = "fremdrift i clusteret: "
)

// msgRequests sums up a grading: students, requests sent, reads answered
// from the snapshot, time.
const msgRequests = "%d elever vurdert med %d forespørsler til API-serveren (%d lesninger besvart fra øyeblikksbildet) på %v."

// csvHeader is the CSV output's first row.
func csvHeader() []string {
	return []string{"elev", "namespace", "leksjon", "steg", "tittel", "status", "poeng", "fasit_vist", "hint_vist", "forsok", "registrert_fullfort", "merknad"}
}

// rbacIntro leads the grader's manifests: the ServiceAccount's name and
// Namespace, the per-Namespace role, and how many student Namespaces got
// a RoleBinding.
const rbacIntro = `# Rettigheter for en lærer som vurderer klassen med kubekurs grade: bare lesing.
#
# Bruk:
#   kubekurs grade rbac -l kubekurs.no/class=KLASSE | kubectl apply -f -
#   kubectl create token %[1]s -n %[2]s --duration 24h
# Lag så en kubeconfig med tokenet (kubectl config set-credentials/set-context),
# og kjør: kubekurs grade --kubeconfig larer.kubeconfig -l kubekurs.no/class=KLASSE
#
# Det meste leses i hele clusteret, så kubekurs grade kan lese hver ressurstype én
# gang for hele klassen. Secrets, Pod-logger og proxy til Poder og Services gis bare i
# elevenes Namespaces (ClusterRole %[3]s, bundet med en RoleBinding per
# Namespace; %[4]d her), så læreren ikke kan lese alle Secrets i clusteret.
# Sjekken secretKeys trenger Secretens data: nøklene står i data, og metadata-API-et
# (PartialObjectMetadata) har bare metadata. kubekurs skriver aldri ut verdiene.
#
# Som Job i clusteret: kjør kubekurs grade i en Pod med serviceAccountName: %[1]s;
# uten --kubeconfig bruker kubekurs Podens egen konfigurasjon (in-cluster).
`
