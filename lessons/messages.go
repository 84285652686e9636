package lessons

// The messages the loader and validator print, in Norwegian bokmål. Each is
// shown as "file:line: message" to whoever writes or checks a lesson pack.
const (
	// The course directory and course.yaml.
	msgNoCourseFile      = "fant ikke course.yaml (er dette en kursmappe?)"
	msgReadFile          = "kan ikke lese filen: %v"
	msgFileTooLarge      = "filen er for stor (over %d kB)"
	msgCourseNoTitle     = "course.yaml mangler title"
	msgLessonEntry       = "leksjonen «%s» må være et filnavn som slutter på .md, rett i kursmappen"
	msgLessonListedTwice = "leksjonen «%s» står to ganger i course.yaml"
	msgLessonMissing     = "leksjonen «%s» står i course.yaml, men filen finnes ikke"
	msgStrayFile         = "filen «%s» hører ikke til kurset (står ikke i course.yaml)"
	msgStrayDir          = "mappen «%s» hører ikke til kurset (leksjonene ligger rett i kursmappen)"

	// Front matter.
	msgNoFrontMatter   = "mangler front matter (--- øverst i filen)"
	msgOpenFrontMatter = "front matter er ikke avsluttet (mangler en linje med --- etter den)"
	msgNoID            = "front matter mangler id"
	msgNoTitle         = "front matter mangler title"
	msgBadID           = "id «%s» kan bare ha bokstaver (a–z, A–Z), sifre og bindestrek"
	msgDuplicateID     = "id «%s» er brukt før i %s"
	msgNegativeMinutes = "minutes kan ikke være negativ"

	// YAML in front matter, course.yaml and the step and quiz blocks.
	msgYAML         = "ugyldig YAML: %s"
	msgNotMapping   = "%s må være en YAML-mapping (nøkkel: verdi)"
	msgUnknownKey   = "ukjent nøkkel «%s» i %s"
	msgDuplicateKey = "nøkkelen «%s» står to ganger i %s"
	msgBadValue     = "ugyldig verdi for «%s» i %s: forventet %s"
	wantText        = "tekst"
	wantInt         = "et heltall"
	wantBool        = "true eller false"
	wantTextList    = "en liste med tekst, for eksempel [a, b]"
	wantDuration    = "en varighet, for eksempel 30s"
	wantOther       = "en annen verdi"

	// Where a YAML problem is, for msgNotMapping, msgUnknownKey and friends.
	inFrontMatter = "front matter"
	inCreates     = "creates"
	inCourseFile  = "course.yaml"
	inStepBlock   = "step-blokken"
	inQuizBlock   = "quiz-blokken"
	inWrongBlock  = "wrong-blokken"

	// The Markdown of a lesson.
	msgH1                  = "overskrift på nivå 1 hører ikke hjemme i leksjonen (tittelen står i front matter); bruk ## for et steg"
	msgBlockBeforeStep     = "blokken «%s» står før første steg (## …)"
	msgUnknownSolutionKind = "ukjent løsningstype «%s» (bruk solution, solution sh eller solution yaml)"
	msgTwoBlocks           = "steget «%s» har mer enn én %s-blokk"
	msgNoStepTitle         = "steget mangler tittel (teksten etter ##)"

	// Steps.
	msgNoCheck             = "steget «%s» har ingen sjekk"
	msgNoHint              = "steget «%s» mangler hint"
	msgNoSolution          = "steget «%s» mangler løsning"
	msgEmptyBlock          = "%s-blokken er tom"
	msgSettleTooLong       = "settle kan være høyst %s (står %s)"
	msgSettleNegative      = "settle kan ikke være negativ"
	msgUnknownCapability   = "ukjent krav «%s» i requires (kjente krav: %s)"
	msgCreatesNoKind       = "creates: objektet mangler kind"
	msgCreatesNoName       = "creates: objektet mangler name"
	msgCreatesBadName      = "creates: «%s» er ikke et gyldig navn på et Kubernetes-objekt"
	msgCreatesNeedsVersion = "creates: kind «%s» er ukjent for kurset; oppgi apiVersion"
	msgCreatesNoPrefix     = "creates: %s «%s» er clusterbredt og må hete {{.Namespace}}-noe, med elevens prefiks, så nullstilling bare rører elevens egne objekter"
	msgCreatesNamespace    = "creates: namespace «%s» må være elevens ({{.Namespace}}) eller begynne med {{.Namespace}}-"
	msgUntitledStep        = "(uten tittel)"
	msgQuizNoQuestion      = "quizen mangler question"
	msgQuizReflection      = "et refleksjonsspørsmål (reflection: true) har ikke choices eller answer"
	msgQuizFewChoices      = "quizen trenger minst to valg i choices"
	msgQuizNoAnswer        = "quizen mangler answer"
	msgQuizBadAnswer       = "svaret «%s» er ikke blant valgene"
	msgQuizDuplicateChoice = "valget «%s» står to ganger"

	// Templates.
	msgTemplateParse     = "malen kan ikke tolkes: %s"
	msgTemplateExec      = "malen kan ikke fylles ut: %s"
	msgTemplateForbidden = "malen bruker «%s», som ikke er tillatt i leksjoner (bruk {{.Namespace}}, if, with og sammenligninger som eq)"

	// Solutions.
	msgSolutionKubectl  = "løsningslinjen må starte med kubectl"
	msgShellQuote       = "løsningslinjen har et anførselstegn som ikke er lukket"
	msgShellBackslash   = "løsningen slutter med \\ uten noe etter"
	msgShellChar        = "løsningslinjen bruker «%c» utenfor '…'; løsninger kjøres uten skall, så skriv én kubectl-kommando per linje og sett spesialtegn i '…'"
	msgManifestMapping  = "objektet i løsningen må være en YAML-mapping"
	msgManifestNoField  = "objektet i løsningen mangler %s"
	msgManifestNoObject = "løsningen har ingen objekter"

	// Wrong attempts (```wrong).
	msgWrongNoName  = "wrong-blokken mangler name (hva feilen er)"
	msgWrongNoFails = "wrong-blokken mangler fails (en del av kriteriet som skal feile)"
	msgWrongBoth    = "wrong-blokken kan ha commands eller manifest, ikke begge"

	// What a lesson's commands and manifests may do (policy.go).
	msgPolicyFlag          = "flagget %s er ikke tillatt i leksjoner: det velger et annet cluster eller en annen identitet, leser lokale filer eller slutter aldri"
	msgPolicyNoCommand     = "kubectl-linjen mangler en underkommando"
	msgPolicyCommand       = "kubectl %s er ikke tillatt i leksjoner (tillatt: get, describe, logs, apply, create, run, expose, scale, set, label, annotate, patch, delete, rollout, cordon, uncordon, drain, taint, exec og lignende)"
	msgPolicyNamespace     = "bruker Namespace «%s», som ikke er elevens: bruk {{.Namespace}} eller et navn som begynner med {{.Namespace}}-"
	msgPolicyClusterObject = "%s «%s» gjelder hele clusteret: leksjoner kan bare endre slike objekter når navnet begynner med {{.Namespace}}-"
	msgPolicySelector      = "%s gjelder hele clusteret: leksjoner må nevne dem ved navn, ikke med -l, --field-selector eller --all"

	// Rendering.
	msgRender       = "Glamour klarte ikke å vise teksten: %v"
	msgCodeLanguage = "kodeblokken har et språknavn på over %d tegn (skriv for eksempel ```yaml eller ```sh)"
)
