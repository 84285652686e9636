package cluster

import "errors"

// Errors the Provider's explained errors wrap, for errors.Is.
var (
	// ErrNoCluster means neither flags, $KUBECONFIG, a remembered choice
	// nor a running practice cluster said which cluster to use.
	ErrNoCluster = errors.New("no cluster chosen")
	// ErrDeclined means the learner answered no when asked whether the
	// course may use a cluster.
	ErrDeclined = errors.New("declined by the learner")
	// ErrBadChoice means `cluster use` got arguments that name no
	// cluster: neither "lab" nor "kind [NAME]".
	ErrBadChoice = errors.New("unknown cluster choice")
)

// ExplainedError is a failure the learner can act on: Message says in
// Norwegian what went wrong and what to do next.
type ExplainedError struct {
	// Message is for the learner.
	Message string
	// Environment is true when the machine or the cluster is at fault (no
	// Docker, an API server that does not answer, no cluster at all)
	// rather than what the learner asked for.
	Environment bool
	// Err is the cause.
	Err error
}

// Error implements error: the message, as the learner reads it.
func (e *ExplainedError) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *ExplainedError) Unwrap() error { return e.Err }

// explain wraps err with a message for the learner.
func explain(message string, environment bool, err error) error {
	return &ExplainedError{Message: message, Environment: environment, Err: err}
}

// Norwegian texts the learner reads from the Provider, in one place so
// that wording and terms stay consistent (see ../../shared/glossary.md).
const (
	msgInCluster = "clusteret denne Poden kjører i (%s)"
	msgNoCluster = "Fant ikke noe cluster å sjekke mot.\n" +
		"Start øvingsclusteret med `kubekurs lab start`, eller pek på et cluster med --kubeconfig/--context eller KUBECONFIG."
	msgBadKubeconfig    = "Kan ikke bruke kubeconfig: %v"
	msgRememberedBroken = "Kan ikke bruke %s, som du valgte tidligere: %v\n" +
		"Velg et annet cluster med `kubekurs cluster use lab` eller `kubekurs cluster use --context NAVN`."
	msgConfirm = "Kurset vil bruke konteksten «%s» (API-server %s)\n" +
		"og gjøre øvelsene i Namespacet «%s» der. Fortsette? [j/N] "
	msgDeclined = "Avbrutt; kurset har ikke rørt clusteret."

	msgConfirmProving = "`kubekurs lessons test` vil bruke konteksten «%s» (API-server %s).\n" +
		"Testen lager og sletter egne Namespaces (kubekurs-test-…), og leksjoner om noder\n" +
		"kan stenge og tømme noder en stund. Fortsette? [j/N] "
	msgDeclinedProving = "Avbrutt; testen har ikke rørt clusteret. I skript: legg til --yes."

	msgNoSettingsDir      = "Fant ingen plass til kubekurs' innstillinger: sett HOME."
	msgSettingsUnreadable = "Innstillingene kan ikke leses: "
	msgSettingsRecovered  = "Filen %s kunne ikke leses og er flyttet til %s.\n"
	msgNotSaved           = "Fikk ikke lagret valget av cluster: "
	msgNotForgotten       = "Fikk ikke glemt valget av cluster: "
	msgAnswerNotSaved     = "Fikk ikke lagret svaret: "

	msgOfferKind   = "Lage kind-clusteret «%s» nå? [J/n] "
	msgKindRefused = "Da bruker kurset øvingsclusteret. Bytt senere med `kubekurs cluster use kind`."

	msgLabNoDataDir = "Fant verken $HOME eller $XDG_DATA_HOME, så øvingsclusteret har ingen plass til data."
	msgLabNoBinDir  = "Fant ikke øvingsclusterets programfiler. Bruk --kubeconfig/--context for et annet cluster."
	msgLabStarting  = "Starter øvingsclusteret …"

	msgKindNoKubeconfigDir = "Fant ingen plass til kubeconfig: sett HOME."
	msgKindNoKubeconfig    = "Fant ikke kubeconfig for kind-clusteret «%s» (%s). Lag clusteret med `kubekurs cluster create`."
	msgKindBadKubeconfig   = "Kubeconfig for kind-clusteret «%s» kan ikke leses: %v"
	msgKindMissing         = "Kind-clusteret «%s» finnes ikke. Lag det med `kubekurs cluster create --name %s`."
	msgKindExists          = "Kind-clusteret «%s» finnes allerede, så kurset bruker det.\n"
	msgKindCreating        = "Lager kind-clusteret «%s» med %d worker-noder"
	msgKindNoRuntime       = "Fant ikke Docker. Kjører Docker? Prøv `docker info`.\n" +
		"Uten Docker kan du bruke det innebygde øvingsclusteret: `kubekurs lab start`."
	msgKindRuntime    = "Docker svarer ikke:\n  %s\nKjører Docker? Prøv `docker info`."
	msgKindPull       = "Fikk ikke hentet node-imaget til kind:\n  %s\nSjekk nettverket (og innloggingen til registryet), og prøv igjen."
	msgKindPortsTaken = "En av portene kind-clusteret trenger på 127.0.0.1 (%s), er allerede i bruk.\n" +
		"Finn programmet med `ss -ltnp`, stopp det, og prøv igjen."
	msgKindPortTaken = "Porten %d på 127.0.0.1 er allerede i bruk, og kind-clusteret trenger den (portene %s).\n" +
		"Finn programmet som bruker den med `ss -ltnp | grep %d`, stopp det, og prøv igjen."
	msgKindFailed = "kind feilet: %v"

	msgUnreachable     = "miljøfeil: får ikke kontakt med API-serveren (%s): %v"
	msgNamespaceDenied = "Namespacet «%s» finnes ikke, og du har ikke lov til å lage det (create namespaces).\n" +
		"Be den som drifter clusteret om å lage det til deg, eller velg Namespacet du har fått med -n."
	msgNamespaceFailed = "Fikk ikke laget Namespacet «%s»: %v"

	msgResetStillThere = "%s er ikke borte etter %s. Sjekk med `kubectl get` og prøv igjen."
	msgResetForbidden  = "Ingen tilgang: du har ikke lov til å %s %s. Be den som drifter clusteret om rettigheter."
	msgResetFailed     = "Fikk ikke nullstilt: %v"
)
