package app

import (
	"encoding/base64"
	"strings"
)

// wrongAttemptsL10L11 are the typical mistakes of the lessons on
// ConfigMaps and Secrets (syllabus §4.8 and §4.9). Those that fail on
// podReady or deploymentReady need the lab to hold back a Pod whose
// ConfigMap, Secret or key is missing, as a kubelet does.
func wrongAttemptsL10L11() []wrongAttempt {
	return []wrongAttempt{
		{name: "feil verdi, så AlreadyExists", lesson: "L10", step: 1,
			commands: "kubectl create configmap web-config --from-literal=HILSEN=Hei --from-literal=MILJO=dev",
			failing:  "HILSEN", hint: "kubectl delete configmap web-config", fix: "kubectl delete configmap web-config", redo: true},
		{name: "nøkkelen heter som en annen fil", lesson: "L10", step: 2,
			commands: "kubectl create configmap web-html --from-literal=side.html=Hei",
			failing:  "nøkkelen index.html", hint: "kubectl delete configmap web-html", fix: "kubectl delete configmap web-html", redo: true},
		{name: "feilstavet ConfigMap i envFrom", lesson: "L10", step: 3,
			manifest: webWithConfig("web-confg", "web-html"),
			failing:  "henter miljøvariabler", hint: "web-config", redo: true},
		{name: "feilstavet ConfigMap i envFrom stopper utrullingen", lesson: "L10", step: 3,
			manifest: webWithConfig("web-confg", "web-html"),
			failing:  "klare replikaer", hint: "CreateContainerConfigError", redo: true},
		{name: "feilstavet ConfigMap i volumet", lesson: "L10", step: 3,
			manifest: webWithConfig("web-config", "web-htm"),
			failing:  "klare replikaer", hint: "FailedMount", redo: true},
		{name: "endret ConfigMapet, men ikke startet på nytt", lesson: "L10", step: 4,
			commands: `kubectl patch configmap web-config --type=merge -p '{"data":{"HILSEN":"Hei igjen"}}'`,
			failing:  "rollout restart", hint: "kubectl rollout restart deployment/web", fix: "kubectl rollout restart deployment/web"},

		{name: "passordene i et ConfigMap", lesson: "L11", step: 1,
			commands: "kubectl create configmap db-hemmelig --from-literal=ROOT_PASSWORD=rot-eksempel --from-literal=DB_PASSWORD=db-eksempel",
			failing:  "ConfigMap", hint: "kubectl delete configmap db-hemmelig", fix: "kubectl delete configmap db-hemmelig", redo: true},
		{name: "echo uten -n", lesson: "L11", step: 2, manifest: secretManifest("data", b64("eksempel-passord\n")),
			failing: "linjeskift", hint: "echo -n", redo: true},
		{name: "klartekst under data avvises", lesson: "L11", step: 2,
			failing: "typen Opaque", hint: "stringData:", redo: true},
		{name: "klartekst under data som også er base64", lesson: "L11", step: 2, manifest: secretManifest("data", "hemmelig"),
			failing: "lesbar tekst", hint: "stringData:", redo: true},
		{name: "kodet to ganger", lesson: "L11", step: 2, manifest: secretManifest("data", b64(b64("eksempel-passord"))),
			failing: "to ganger", hint: "bare én gang", redo: true},
		{name: "kodet stringData", lesson: "L11", step: 2, manifest: secretManifest("stringData", b64("eksempel-passord")),
			failing: "to ganger", hint: "stringData:", redo: true},
		{name: "generic i stedet for tls", lesson: "L11", step: 4,
			commands: "kubectl create secret generic web-tls --from-literal=tls.crt=x --from-literal=tls.key=y",
			failing:  "kubernetes.io/tls", hint: "kubectl delete secret web-tls", fix: "kubectl delete secret web-tls", redo: true},
		{name: "feil nøkkel i secretKeyRef", lesson: "L11", step: 5, manifest: hemmeligTest("db-hemmelig", "DB_PASS", "db-hemmelig"),
			failing: "miljøvariabelen", hint: "DB_PASSWORD", fix: "kubectl delete pod hemmelig-test", redo: true},
		{name: "feil nøkkel i secretKeyRef: Poden venter", lesson: "L11", step: 5, manifest: hemmeligTest("db-hemmelig", "DB_PASS", "db-hemmelig"),
			failing: "kjører og er klar", hint: "CreateContainerConfigError", fix: "kubectl delete pod hemmelig-test", redo: true},
		{name: "Secreten finnes ikke", lesson: "L11", step: 5, manifest: hemmeligTest("db-passord", "DB_PASSWORD", "db-passord"),
			failing: "kjører og er klar", hint: "FailedMount", fix: "kubectl delete pod hemmelig-test", redo: true},
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// secretManifest is db-hemmelig2 of L11 with DB_PASSWORD under field
// (data or stringData).
func secretManifest(field, value string) string {
	return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-hemmelig2\ntype: Opaque\n" + field + ":\n  DB_PASSWORD: " + value + "\n"
}

// webWithConfig is Deployment web of L10 taking its environment from
// envFrom and its pages from the ConfigMap html.
func webWithConfig(envFrom, html string) string {
	return strings.NewReplacer("ENVFROM", envFrom, "HTML", html).Replace(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.26
          ports:
            - containerPort: 80
          envFrom:
            - configMapRef:
                name: ENVFROM
          volumeMounts:
            - name: html
              mountPath: /usr/share/nginx/html
      volumes:
        - name: html
          configMap:
            name: HTML
`)
}

// hemmeligTest is Pod hemmelig-test of L11 with DB_PASSWORD from key of
// Secret envSecret and Secret volSecret mounted at /etc/hemmelig.
func hemmeligTest(envSecret, key, volSecret string) string {
	return strings.NewReplacer("ENVSECRET", envSecret, "KEY", key, "VOLSECRET", volSecret).Replace(`apiVersion: v1
kind: Pod
metadata:
  name: hemmelig-test
spec:
  containers:
    - name: test
      image: busybox:1.36
      command: ["sh", "-c", "sleep 3600"]
      env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: ENVSECRET
              key: KEY
      volumeMounts:
        - name: hemmelig
          mountPath: /etc/hemmelig
          readOnly: true
  volumes:
    - name: hemmelig
      secret:
        secretName: VOLSECRET
`)
}
