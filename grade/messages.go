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
