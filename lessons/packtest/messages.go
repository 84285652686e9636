package packtest

// What `kubekurs lessons test` says about a step, in Norwegian bokmål.
const (
	msgPassesBefore     = "sjekkene består allerede før løsningen"
	msgFailsAfter       = "sjekkene består ikke %s etter løsningen"
	msgRefused          = "linjen kjøres ikke: %v"
	msgKubectlFailed    = "«%s» feilet: %s"
	msgNotRun           = "ikke kjørt: et tidligere steg i leksjonen feilet"
	msgNoCriterion      = "ingen kriterium som inneholder «%s» feiler"
	msgNoCriterionHint  = "kriteriet som feiler («%s») har ikke et hint som inneholder «%s»"
	msgNotFailedStatus  = "kriteriet «%s» har status %s, ikke «ikke bestått»"
	msgFixNotInHints    = "ingen hint nevner løsningen «%s»"
	msgFailsAfterFix    = "steget består ikke etter hintets løsning: %s"
	msgSetupFailed      = "oppsettet feilet: %s"
	msgBadCheck         = "sjekkene kan ikke kompileres: %v"
	msgNoLesson         = "fant ingen leksjon med id «%s»"
	msgNoStep           = "leksjon %s har ikke steg %d (den har %d)"
	msgUnreachable      = "får ikke kontakt med API-serveren: %w"
	msgNoNamespaceRight = "kontoen har ikke lov til å lage Namespaces (create namespaces), og testen lager et nytt Namespace per leksjon og feilforsøk; bruk en konto som har den retten, for eksempel på øvingsclusteret"
	msgCreateNamespace  = "kunne ikke lage Namespacet %s: %w"
	msgNoServiceAccount = "fikk ingen default ServiceAccount i Namespacet %s på 15 sekunder: %w"
	msgReadNamespace    = "kunne ikke lese Namespacet %s: %w"
	msgStillDeleting    = "et Namespace fra en tidligere leksjon (%s) er ikke borte etter ett minutt; leksjonen tømmer noder og må vente på det"
)

// How the text report writes a step, a wrong attempt and the totals.
const (
	msgStepLine  = "Steg %d: %s"
	msgWrongLine = "feilforsøk: %s"
	msgSummary   = "%d steg og %d feilforsøk: %d bestått, %d feilet, %d hoppet over på %s."
)
