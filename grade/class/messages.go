package class

// Norwegian texts the instructor reads from package class, in one place
// so that wording and terms stay consistent (see the glossary).
const (
	// The class list, file:line: first.
	msgNotUTF8      = "linjen er ikke gyldig UTF-8; lagre filen som UTF-8"
	msgEmptyName    = "tomt navn"
	msgNameTooLong  = "navnet er lengre enn %d tegn"
	msgBadCSV       = "kan ikke lese filen som CSV: %v"
	msgNoNameColumn = "linjen har ingen kolonne %d, der navnet skal stå"
	msgNoValidName  = "«%s» gir ikke noe navn på et Namespace (bare a–z, 0–9 og bindestrek blir med); " +
		"skriv navnet med latinske bokstaver"
	msgDuplicate    = "«%s» gir samme Namespace, «%s», som %s; får «%s»"
	msgHolderMember = "«%s», som er i klassen fra før"
	msgHolderLine   = "«%s» på linje %d"

	// Options.
	msgBadClass = "«%s» kan ikke være navnet på en klasse: bruk bare a–z, 0–9 og bindestrek, " +
		"høyst 63 tegn, med bokstav eller tall først og sist"
	msgBadPrefix = "«%s» kan ikke være prefiks: bruk bare a–z, 0–9 og bindestrek, høyst %d tegn, " +
		"med bokstav eller tall først"
	msgTTLTooShort      = "--token-ttl må være minst 10m (10 minutter), ikke %s"
	msgBadQuantity      = "«%s» er ingen gyldig mengde for --%s (eksempler: 2, 500m, 4Gi)"
	msgNotWhole         = "«%s» er ikke et helt tall; --%s teller objekter"
	msgRequestOverLimit = "standard minstekrav til %s (%s) er større enn standard øvre grense (%s); " +
		"endre --default-*-request eller --default-*-limit"

	// One student.
	msgStatusCreated    = "opprettet"
	msgStatusExisting   = "finnes fra før"
	msgStatusRenewed    = "fornyet"
	msgStatusRefused    = "avvist"
	msgStatusFailed     = "feilet"
	msgForeignNamespace = "Namespacet «%s» finnes allerede og hører ikke til klassen; det er ikke rørt"
	msgTerminating      = "Namespacet «%s» holder på å bli slettet; vent litt og kjør kommandoen igjen"
	msgForeignFile      = "filen %s finnes og er ingen kubeconfig kubekurs har skrevet for denne eleven; " +
		"flytt den, eller velg en annen mappe med --out"
	msgAdded         = "la til det som manglet: %s"
	msgNewKubeconfig = "ny kubeconfig (filen manglet)"
	msgFailed        = "API-serveren eller disken sa nei: %v"

	// The run.
	msgQuotaLate = "Kubernetes har ikke begynt å telle ressursbruken i %s ennå; " +
		"til det skjer, avviser API-serveren nye Poder der. Det går vanligvis over av seg selv om noen sekunder."
	msgDenied = "Du har ikke lov til å gjøre «%s» på %s %s. " +
		"Sjekk med `kubectl auth can-i %s %s%s`, og be den som drifter clusteret om rettigheten " +
		"(å sette opp en klasse krever i praksis rollen cluster-admin)."
	msgClusterWide = "i clusteret"
	msgInNamespace = "i Namespacet «%s»"
)
