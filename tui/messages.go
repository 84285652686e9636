package tui

// Every text the learner sees in the TUI, in Norwegian bokmål with the
// terms of the course's glossary. Formats take their arguments in the
// order the comment names them.

// Start screen.
const (
	// headingLessons heads the list of lessons.
	headingLessons = "Leksjoner"
	// headingCluster heads the cluster description.
	headingCluster = "Clusteret"
	// lessonNotStarted, lessonStarted and lessonCompleted are a lesson's
	// status on the start screen.
	lessonNotStarted = "ikke startet"
	lessonStarted    = "påbegynt"
	lessonCompleted  = "fullført"
	// fmtStepsDone: steps done, steps in all.
	fmtStepsDone = "%d av %d steg"
	// fmtMinutes: estimated minutes.
	fmtMinutes = "ca. %d min"
	// courseEmpty is shown for a course without lessons.
	courseEmpty = "Kurset har ingen leksjoner."
	// fmtClusterName: name, kind description.
	fmtClusterName = "%s (%s)"
	// fmtClusterVersion: the server's Kubernetes version.
	fmtClusterVersion = "Kubernetes %s"
	// fmtClusterNodes: nodes ready, nodes.
	fmtClusterNodes = "%d av %d noder klare"
	// clusterNodesUnknown replaces fmtClusterNodes when the learner may
	// not list nodes.
	clusterNodesUnknown = "noder: ukjent (ingen tilgang)"
	// fmtClusterServer: the API server's URL.
	fmtClusterServer = "API-server: %s"
	// clusterLoading is shown until the cluster has been described.
	clusterLoading = "Henter informasjon om clusteret …"
	// clusterUnreachable is shown when the API server does not answer.
	clusterUnreachable = "Får ikke kontakt med API-serveren. Kjører clusteret? Prøv `kubectl cluster-info` i et skall."
	// kindLab, kindKind and kindKubeconfig describe ClusterInfo.Kind.
	kindLab        = "øvingsclusteret"
	kindKind       = "kind-cluster"
	kindKubeconfig = "kubeconfig-kontekst"
	// fmtNoticeDismiss: the key that hides the start screen's notice.
	fmtNoticeDismiss = "Trykk %s for å skjule meldingen."
	// fmtLessonMissing: capability, explanation with the fix.
	fmtLessonMissing = "Clusteret mangler «%s»: %s"
	// fmtStepMissing: step number, capability.
	fmtStepMissing = "Steg %d hoppes over: clusteret mangler «%s»."
	// lessonNeedsAll says that the whole lesson will be skipped.
	lessonNeedsAll = "Hele leksjonen hoppes over på dette clusteret."
)

// Lesson screen.
const (
	// fmtStepOf: step number, steps in the lesson.
	fmtStepOf = "Steg %d av %d"
	// fmtStepTitle: step number, step title (Markdown heading).
	fmtStepTitle = "%d. %s"
	// renderLoading is shown while a step is being rendered.
	renderLoading = "Laster steget …"
	// fmtRenderFailed: the error.
	fmtRenderFailed = "Klarte ikke å vise steget: %v"
	// fmtHintHeading: hint number, hints in all.
	fmtHintHeading = "Hint %d av %d"
	// noMoreHints is shown when every hint is shown already.
	noMoreHints = "Du har sett alle hintene for dette steget."
	// noHints is shown for a step without hints.
	noHints = "Dette steget har ingen hint."
	// solutionHeading heads the solution in the lesson text.
	solutionHeading = "Løsning"
	// noSolution is shown for a step without solution.
	noSolution = "Dette steget har ingen løsning."
	// solutionShownAlready is shown when the solution is open already.
	solutionShownAlready = "Løsningen står nederst i steget."
	// msgConfirmSolution asks before the solution is shown.
	msgConfirmSolution = "Vil du se løsningen? Steget blir da registrert som løst med fasit. (j/n)"
	// msgConfirmQuit asks before quitting while checks run.
	msgConfirmQuit = "Sjekkene kjører fortsatt. Vil du avslutte likevel? (j/n)"
	// fmtCopied: what was copied (first line).
	fmtCopied = "Kopiert til utklippstavlen: %s"
	// nothingToCopy is shown when the step has no code block.
	nothingToCopy = "Steget har ingen kodeblokk å kopiere."
	// fmtShellFailed: the error.
	fmtShellFailed = "Klarte ikke å starte skallet: %v"
	// shellReturned is shown when the learner comes back from the shell.
	shellReturned = "Velkommen tilbake! Sjekker steget på nytt …"
	// fmtConfirmReset: lesson id, what is deleted.
	fmtConfirmReset = "Nullstille %s? Fremdriften glemmes, og dette slettes fra clusteret: %s."
	// fmtConfirmResetNothing: lesson id.
	fmtConfirmResetNothing = "Nullstille %s? Fremdriften glemmes; ingen av leksjonens objekter finnes i clusteret."
	// confirmYesNo ends a question.
	confirmYesNo = " (j/n)"
	// fmtResetKept: what is kept, with reasons.
	fmtResetKept = " Beholdes: %s."
	// resetPlanning is shown while the reset is worked out.
	resetPlanning = "Ser etter hva leksjonen har laget …"
	// resetRunning is shown while objects are deleted.
	resetRunning = "Nullstiller … (venter til objektene er borte)"
	// fmtResetDone: lesson id.
	fmtResetDone = "%s er nullstilt. Du kan begynne på nytt."
	// fmtResetFailed: the error.
	fmtResetFailed = "Klarte ikke å nullstille: %v"
	// fmtSaveFailed: the error.
	fmtSaveFailed = "Klarte ikke å lagre fremdriften: %v"
	// fmtMirrorFailed: the error; used when the mirror's error has no
	// message of its own.
	fmtMirrorFailed = "Fremdriften kunne ikke speiles til clusteret: %v. Kurset fortsetter; fremdriften lagres lokalt."
	// fmtProgressFailed: the error.
	fmtProgressFailed = "Klarte ikke å lese fremdriften, begynner på nytt: %v"
	// fmtLessonUnknown: the lesson id.
	fmtLessonUnknown = "Fant ingen leksjon med id «%s»."
)

// Check panel.
const (
	// checksRunning is shown beside the spinner.
	checksRunning = "Sjekker …"
	// checksWaiting heads a fresh step's criteria until the learner has
	// done something: they show without verdicts.
	checksWaiting = "Venter på at du gjør steget …"
	// fmtChecksIdle: the check key.
	fmtChecksIdle = "Sjekkene kjører av seg selv når noe endrer seg i clusteret. Trykk %s for å sjekke nå."
	// fmtSummary: criteria passed, criteria in all.
	fmtSummary = "%d av %d kriterier oppfylt"
	// noChecks is shown for a step without checks.
	noChecks = "Dette steget har ingen sjekker."
	// labelExpected, labelFound, labelHint and labelDetail prefix a
	// result's lines.
	labelExpected = "forventet"
	labelFound    = "fant"
	labelHint     = "hint"
	labelDetail   = "detalj"
	// stepDone and stepDoneWithSolution announce a finished step.
	stepDone             = "Steg fullført"
	stepDoneWithSolution = "Steg fullført (løst med fasit)"
	// fmtNextStep: the next-step key.
	fmtNextStep = "Trykk %s for neste steg."
	// lessonDone is shown when the last step of a lesson is done.
	lessonDone = "Det var siste steg i leksjonen. Trykk esc for å velge en ny."
	// fmtSkippedCapability: capability, explanation with the fix.
	fmtSkippedCapability = "Clusteret mangler «%s»: %s"
	// fmtSkippedMoveOn: the next-step key.
	fmtSkippedMoveOn = "Du kan gå videre med %s."
	// envErrorNote explains a miljøfeil.
	envErrorNote = "Miljøfeil er ikke din feil: clusteret svarte ikke som det skulle. Sjekkene prøves igjen når noe endrer seg."
	// forbiddenNote explains mangler tilgang.
	forbiddenNote = "Kurset mangler rettigheter til å se dette. Be den som satte opp clusteret om tilgang."
	// disconnectedNote is shown when the cluster is unreachable.
	disconnectedNote = "Clusteret svarer ikke. Sjekkene kjører igjen når forbindelsen er tilbake."
)

// Quiz.
const (
	// quizHeading heads the quiz.
	quizHeading = "Spørsmål"
	// fmtQuizFocus: the focus key.
	fmtQuizFocus = "Trykk %s for å svare."
	// quizChoose tells how to answer a multiple-choice quiz.
	quizChoose = "Velg med ↑/↓ og svar med enter. esc går tilbake til teksten."
	// quizWrite tells how to answer a reflection.
	quizWrite = "Skriv svaret og trykk enter. esc går tilbake til teksten."
	// quizPlaceholder is the empty reflection input's placeholder.
	quizPlaceholder = "Skriv svaret ditt her …"
	// quizRight is shown after a right answer.
	quizRight = "Riktig!"
	// fmtQuizWrong: the right answer.
	fmtQuizWrong = "Ikke riktig. Riktig svar er «%s»."
	// quizSaved is shown after a reflection was recorded.
	quizSaved = "Svaret ditt er lagret."
	// fmtQuizYourAnswer: the learner's answer.
	fmtQuizYourAnswer = "Ditt svar: %s"
	// quizNeeded is shown when the checks pass but the quiz is unanswered.
	quizNeeded = "Svar på spørsmålet for å fullføre steget."
)

// Cluster panel.
const (
	// fmtPanelTitle: the Namespace.
	fmtPanelTitle = "Namespace «%s»"
	// panelTitleUnknown is the title before the Namespace is known.
	panelTitleUnknown = "Objekter"
	// panelEmpty is shown for an empty Namespace.
	panelEmpty = "Ingen objekter ennå."
	// panelLoading is shown until the objects are listed.
	panelLoading = "Henter objekter …"
	// fmtPanelError: the error.
	fmtPanelError = "Klarte ikke å hente objektene: %v"
)

// Status bar.
const (
	// statusConnected, statusDisconnected and statusConnecting describe
	// the connection.
	statusConnected    = "tilkoblet"
	statusDisconnected = "frakoblet"
	statusConnecting   = "kobler til …"
	// fmtStatusNamespace: the Namespace.
	fmtStatusNamespace = "Namespace: %s"
)

// Terminal size.
const (
	// fmtTooSmall: minimum width, minimum height.
	fmtTooSmall = "Terminalvinduet er for lite — gjør det minst %d×%d tegn."
	// fmtSizeNow: width, height.
	fmtSizeNow = "Nå er det %d×%d."
)

// Key help: the key as shown, then what it does.
const (
	helpUp         = "opp"
	helpDown       = "ned"
	helpOpen       = "åpne"
	helpReset      = "nullstill"
	helpNext       = "neste steg"
	helpPrev       = "forrige steg"
	helpCheck      = "sjekk"
	helpHint       = "hint"
	helpSolution   = "løsning"
	helpCopy       = "kopier"
	helpPanel      = "vis/skjul cluster"
	helpShell      = "skall"
	helpBack       = "oversikt"
	helpQuiz       = "svar på quiz"
	helpMore       = "mer hjelp"
	helpLess       = "mindre hjelp"
	helpQuit       = "avslutt"
	helpPageDown   = "side ned"
	helpPageUp     = "side opp"
	helpHalfDown   = "½ side ned"
	helpHalfUp     = "½ side opp"
	helpChoose     = "velg"
	helpAnswer     = "svar"
	helpLeaveQuiz  = "tilbake til teksten"
	helpConfirmYes = "ja"
	helpConfirmNo  = "nei"
	helpDismiss    = "skjul meldingen"
)
