package progress

// Messages for the learner, in Norwegian.
const (
	// fmtCorrupt: the progress file, its backup.
	fmtCorrupt = "Fremdriftsfilen %s kunne ikke leses, så kurset starter med blanke ark.\n" +
		"Ingenting er slettet: den gamle filen ligger i %s."
	// fmtNewer: the progress file, its version, the version this kubekurs
	// reads, the backup.
	fmtNewer = "Fremdriftsfilen %s er skrevet av en nyere kubekurs (filformat %d; denne versjonen leser til og med %d), " +
		"så kurset starter med blanke ark.\n" +
		"Ingenting er slettet: filen ligger i %s. Oppdater kubekurs og flytt den tilbake for å fortsette der du slapp."
	// fmtLocked: the lock file, how long the course waited.
	fmtLocked = "Fremdriftsfilen er låst av en annen kubekurs (låsen %s ble ikke ledig på %s). " +
		"Kjører kubekurs i et annet vindu? Avslutt det, eller prøv igjen."
	// fmtMirrorPrefix: the Namespace. Every mirror notice starts so.
	fmtMirrorPrefix = "Fremdriften kunne ikke speiles til clusteret (ConfigMap " + MirrorName + " i %s): "
	// fmtMirrorForbidden: the verb in Norwegian, the resource, the verb.
	fmtMirrorForbidden = "mangler tilgang til å %s %s (verbet %s)."
	// mirrorTimeout explains a write that got no answer in time.
	mirrorTimeout = "clusteret svarte ikke i tide."
	// fmtMirrorUnreachable: the error.
	fmtMirrorUnreachable = "clusteret kan ikke nås (%v)."
	// fmtMirrorRefused: the API server's error.
	fmtMirrorRefused = "API-serveren avviste skrivingen: %v."
	// fmtMirrorLocal: why the file could not be read.
	fmtMirrorLocal = "fremdriftsfilen kunne ikke leses: %v."
	// mirrorGoesOn ends every mirror notice.
	mirrorGoesOn = " Kurset fortsetter; fremdriften lagres lokalt."
)

// norwegianVerb names an API verb a mirror write can be denied.
func norwegianVerb(verb string) string {
	switch verb {
	case "create":
		return "opprette"
	case "patch":
		return "endre"
	case "update":
		return "oppdatere"
	case "get":
		return "lese"
	}
	return verb
}
