package app

import "fmt"

// wrongAttemptsL09 are the typical mistakes of L09 (Ingress), from the
// syllabus's list for Ingress: the old backend format, the old
// apiVersion and a missing pathType (kubectl and the API server refuse
// them, so nothing changes; the hints quote their messages), a class
// that does not exist, a backend port the Service does not have, a
// Deployment hallo left over from L04, and a Service hallo that was never
// made.
func wrongAttemptsL09() []wrongAttempt {
	return []wrongAttempt{
		{name: "gammel backend med serviceName", lesson: "L09", step: 3,
			failing: "regelen", hint: "backend.serviceName", redo: true},
		{name: "gammel apiVersion v1beta1", lesson: "L09", step: 3,
			failing: "regelen", hint: `no matches for kind "Ingress" in version "networking.k8s.io/v1beta1"`, redo: true},
		{name: "pathType mangler", lesson: "L09", step: 3,
			failing: "regelen", hint: "pathType: Required value", redo: true},
		{name: "ingressClassName som ikke finnes", lesson: "L09", step: 3, manifest: webIngress("  ingressClassName: finnes-ikke\n", 80, ""),
			failing: "IngressClass", hint: "kubectl get ingressclass", redo: true},
		{name: "backend på feil port", lesson: "L09", step: 3, manifest: webIngress("", 8080, ""),
			failing: "Servicer som finnes", hint: "port.number", redo: true},
		{name: "hallo igjen fra leksjon 4", lesson: "L09", step: 5, before: "kubectl create deployment hallo --image=nginx:1.27",
			failing: "agnhost", hint: "kubectl delete deployment hallo", fix: "kubectl delete deployment hallo", redo: true},
		{name: "Servicen hallo mangler", lesson: "L09", step: 5, manifest: halloDeployment + "---\n" + webIngress("", 80, halloPath),
			failing: "Servicer som finnes", hint: "kubectl apply -f hallo.yaml", redo: true},
	}
}

// webIngress is Ingress web of L09: web.kurs.local, / to Service web on
// port, with extra lines in spec (before the rules) and extra paths.
func webIngress(specLines string, port int, paths string) string {
	return fmt.Sprintf(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
%s  rules:
    - host: web.kurs.local
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: %d
%s`, specLines, port, paths)
}

// halloPath is the path /hallo of L09 step 5.
const halloPath = `          - path: /hallo
            pathType: Prefix
            backend:
              service:
                name: hallo
                port:
                  number: 80
`

// halloDeployment is Deployment hallo of L09 step 5.
const halloDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hallo
spec:
  replicas: 1
  selector:
    matchLabels:
      app: hallo
  template:
    metadata:
      labels:
        app: hallo
    spec:
      containers:
        - name: hallo
          image: registry.k8s.io/e2e-test-images/agnhost:2.53
          args: ["serve-hostname", "--port=8080"]
          ports:
            - containerPort: 8080
`
