package lab

import "fmt"

// Norwegian texts the learner reads. They live here, in one place, so that
// wording and terms stay consistent (see ../../../shared/glossary.md).
const (
	msgHowToUse          = "\nSlik bruker du øvingsclusteret med kubectl:\n  export KUBECONFIG=%s\n  kubectl get nodes\n"
	msgRunsInBackground  = "\nØvingsclusteret kjører i bakgrunnen (prosess %d). Stopp det med `kubekurs lab stop`.\n"
	msgAlreadyRunning    = "Øvingsclusteret kjører allerede. Bruk det som det er, eller stopp det først med `kubekurs lab stop`."
	msgAlreadyRunningPID = "Øvingsclusteret kjører allerede (prosess %d). Se `kubekurs lab status`, eller stopp det med `kubekurs lab stop`."
	msgUnrecordedHolder  = "Prosess %d bruker øvingsclusterets datakatalog (%s), men kubekurs har ikke registrert den som sin egen, så den får være i fred.\n" +
		"Er det et øvingscluster startet av en eldre kubekurs, stopp det der det kjører (Ctrl-C), eller med `kill %d` hvis du vet at prosessen er det."
	msgNotRunning    = "Øvingsclusteret kjører ikke. Start det med `kubekurs lab start`."
	msgBinaryMissing = "Fant ikke programfilene til øvingsclusteret (mangler %s).\n" +
		"Bygg dem med `make lab` i kildekoden til kubekurs (første gang tar det rundt 11 minutter),\n" +
		"eller pek på en katalog med dem med --bin-dir eller KUBEKURS_LAB_BIN."
	msgPortInUse = "Port %d på 127.0.0.1 (%s) er allerede i bruk av et annet program.\n" +
		"Velg en annen port, eller stopp programmet som bruker den (`ss -ltnp` viser hvem)."
	msgCorruptDataDir = "Datakatalogen til øvingsclusteret er skadet: filen %s kan ikke leses.\n" +
		"Ingenting er slettet. Flytt katalogen til side (for eksempel med `mv`) og start på nytt for å få et nytt, tomt cluster,\n" +
		"eller rett opp filen hvis du vet hva som er galt."
	msgEtcdCorrupt = "Det ser ut til at etcd-dataene (katalogen etcd/ i datakatalogen) er skadet, for eksempel etter et strømbrudd.\n" +
		"Ingenting er slettet. Flytt datakatalogen til side og start på nytt for å få et nytt, tomt cluster."
	msgComponentFailed = "Komponenten %s i øvingsclusteret feilet: %s.\nHele loggen ligger i %s."
	msgOrphans         = "Disse prosessene i øvingsclusteret stoppet ikke: %s.\n" +
		"Stopp dem selv (for eksempel med `kill -9 PROSESSNUMMER`) og prøv igjen."
	// Reasons in DetachedError.
	msgDetachedExited      = "Øvingsclusteret startet ikke. Se loggen over, og hele loggen i %s."
	msgDetachedInterrupted = "Avbrutt; øvingsclusteret er stoppet."
	msgDetachedTimeout     = "Øvingsclusteret ble ikke klart innen %s og er stoppet. Se loggen over, og hele loggen i %s."
	msgDetachedNotStopped  = "Øvingsclusteret ble ikke klart, og bakgrunnsprosessen (prosess %d) stoppet ikke. Stopp den med `kubekurs lab stop`."
	// Reasons in ComponentError.
	reasonExited   = "avsluttet uventet"
	reasonNotReady = "ble ikke klar innen %s"
	msgUnknown     = "Øvingsclusteret feilet: %v"

	// Start steps, shown as progress.
	stepPrepare     = "Forbereder sertifikater og konfigurasjon"
	stepEtcd        = "Starter etcd"
	stepAPIServer   = "Starter API-serveren (kube-apiserver)"
	stepNodes       = "Registrerer nodene"
	stepControllers = "Starter kwok, kube-controller-manager og kube-scheduler"
	stepWaitNodes   = "Venter på at nodene blir Ready"
	stepReady       = "Øvingsclusteret er klart (%.1f s)"
	stepRestart     = "%s stoppet uventet og startes på nytt"
)

// HowToUse tells the learner, in Norwegian, how to reach the practice
// cluster on dataDir with kubectl.
func HowToUse(dataDir string) string {
	return fmt.Sprintf(msgHowToUse, AdminKubeconfigPath(dataDir))
}

// RunsInBackground tells the learner, in Norwegian, that the practice
// cluster runs in the background in process pid, and how to stop it.
func RunsInBackground(pid int) string {
	return fmt.Sprintf(msgRunsInBackground, pid)
}
