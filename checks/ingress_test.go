package checks

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"
)

func TestCompileIngress(t *testing.T) {
	tests := []struct{ src, criterion, expected string }{
		{`{type: ingress, name: web}`, "Ingressen «web» finnes", "finnes"},
		{`{type: ingress, name: web, host: web.kurs.local, path: /, pathType: prefix, service: web, port: 80}`,
			"Ingressen «web» har regelen web.kurs.local/ (Prefix) → web:80", "web.kurs.local/ (Prefix) → web:80"},
		{`{type: ingress, name: web, path: /hallo, service: hallo}`, "Ingressen «web» har regelen /hallo → hallo", "/hallo → hallo"},
		{`{type: ingress, name: web, host: web.kurs.local, port: 80}`, "Ingressen «web» har regelen web.kurs.local → port 80", "web.kurs.local → port 80"},
		{`{type: ingress, name: web, classResolves: true}`, "Ingressen «web» hører til en IngressClass som finnes",
			"ingressClassName som finnes, eller en standard-IngressClass"},
		{`{type: ingress, name: web, backendsExist: true, address: true, namespace: kurs}`,
			"Ingressen «web» i Namespace «kurs» peker på Servicer som finnes i Namespacet, med porter de har og har fått en adresse",
			"Servicene finnes, med portene; en adresse i status.loadBalancer.ingress"},
		{`{type: ingressClass}`, "Clusteret har minst én IngressClass", "minst én IngressClass"},
		{`{type: ingressClass, default: true}`, "Clusteret har en IngressClass som er standard",
			"en IngressClass med annotationen ingressclass.kubernetes.io/is-default-class=true"},
		{`{type: ingressClass, name: kurs}`, "IngressClassen «kurs» finnes", "finnes"},
		{`{type: ingressClass, name: kurs, default: true, namespace: kurs}`, "IngressClassen «kurs» er standard",
			"en IngressClass med annotationen ingressclass.kubernetes.io/is-default-class=true"},
	}
	for _, tc := range tests {
		c := compileOne(t, tc.src)
		if got := c.Criterion(); got != tc.criterion {
			t.Errorf("%s:\n criterion %q\n want      %q", tc.src, got, tc.criterion)
		}
		if got := c.(*check).expected; got != tc.expected {
			t.Errorf("%s:\n expected %q\n want     %q", tc.src, got, tc.expected)
		}
	}
}

func TestCompileIngressSpecErrors(t *testing.T) {
	tests := []struct{ src, msg string }{
		{"- type: ingress\n  host: web.kurs.local\n", "mangler «name»"},
		{"- type: ingress\n  name: web\n  pathType: Prfix\n", "«pathType» kan ikke være «Prfix»"},
		{"- type: ingress\n  name: web\n  port: 70000\n", "«port» kan ikke være større enn 65535"},
		{"- type: ingress\n  name: web\n  port: http\n", "«port» må være heltall"},
		{"- type: ingress\n  name: web\n  address: 'ja'\n", "«address» må være true/false"},
		{"- type: ingress\n  name: web\n  serviceName: web\n", "ukjent nøkkel «serviceName»"},
		{"- type: ingressClass\n  default: yes please\n", "«default» må være true/false"},
	}
	for _, tc := range tests {
		_, err := compileList(t, tc.src)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: error %v, want one containing %q", tc.src, err, tc.msg)
		}
	}
}

// ingressObject is Ingress "web" in Namespace "kurs": web.kurs.local with
// / → web:80 and /hallo → hallo:80, both Prefix.
func ingressObject(class string, addresses ...string) *networkingv1.Ingress {
	path := func(p, svc string) networkingv1.HTTPIngressPath {
		return networkingv1.HTTPIngressPath{Path: p, PathType: ptr.To(networkingv1.PathTypePrefix), Backend: networkingv1.IngressBackend{
			Service: &networkingv1.IngressServiceBackend{Name: svc, Port: networkingv1.ServiceBackendPort{Number: 80}},
		}}
	}
	ing := &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kurs"},
		Spec: networkingv1.IngressSpec{Rules: []networkingv1.IngressRule{{
			Host: "web.kurs.local",
			IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
				Paths: []networkingv1.HTTPIngressPath{path("/", "web"), path("/hallo", "hallo")},
			}},
		}}},
	}
	if class != "" {
		ing.Spec.IngressClassName = &class
	}
	for _, a := range addresses {
		ing.Status.LoadBalancer.Ingress = append(ing.Status.LoadBalancer.Ingress, networkingv1.IngressLoadBalancerIngress{IP: a})
	}
	return ing
}

func ingressClass(name string, isDefault bool) *networkingv1.IngressClass {
	c := &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: networkingv1.IngressClassSpec{Controller: "example.com/" + name}}
	if isDefault {
		c.Annotations = map[string]string{networkingv1.AnnotationIsDefaultIngressClass: "true"}
	}
	return c
}

func serviceOnPort(name string, port int32) *corev1.Service {
	return &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kurs"},
		Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: port}}}}
}

// TestIngressVerdicts runs the ingress checks against a fake clientset,
// one case per part and per typical mistake (syllabus §4.7).
func TestIngressVerdicts(t *testing.T) {
	rule := `{type: ingress, name: web, host: web.kurs.local, path: /hallo/, pathType: Prefix, service: hallo, port: 80}`
	class := `{type: ingress, name: web, classResolves: true}`
	backends := `{type: ingress, name: web, backendsExist: true}`
	address := `{type: ingress, name: web, address: true}`
	web, hallo := serviceOnPort("web", 80), serviceOnPort("hallo", 80)
	annotated := ingressObject("")
	annotated.Annotations = map[string]string{"kubernetes.io/ingress.class": "nginx"}
	tests := []struct {
		name   string
		src    string
		objs   []runtime.Object
		status Status
		found  string
	}{
		{"missing", rule, nil, Failed, "finnes ikke"},
		{"rule", rule, []runtime.Object{ingressObject("")}, Passed,
			"regler: web.kurs.local/ (Prefix) → web:80, web.kurs.local/hallo (Prefix) → hallo:80"},
		{"other host", `{type: ingress, name: web, host: kurs.local, path: /}`, []runtime.Object{ingressObject("")}, Failed,
			"regler: web.kurs.local/ (Prefix) → web:80, web.kurs.local/hallo (Prefix) → hallo:80"},
		{"exact is not prefix", `{type: ingress, name: web, path: /hallo, pathType: Exact}`, []runtime.Object{ingressObject("")}, Failed, ""},
		{"wrong port", `{type: ingress, name: web, path: /, service: web, port: 8080}`, []runtime.Object{ingressObject("")}, Failed, ""},
		{"named class", class, []runtime.Object{ingressObject("kurs"), ingressClass("kurs", false)}, Passed, "ingressClassName «kurs» finnes"},
		{"wrong class", class, []runtime.Object{ingressObject("nginx"), ingressClass("kurs", true)}, Failed,
			"ingressClassName «nginx» finnes ikke; IngressClasser: kurs (standard)"},
		{"default class", class, []runtime.Object{ingressObject(""), ingressClass("a", false), ingressClass("kurs", true)}, Passed,
			"ingen ingressClassName; standardklassen «kurs» brukes"},
		{"no default", class, []runtime.Object{ingressObject(""), ingressClass("a", false)}, Failed,
			"ingen ingressClassName, og ingen IngressClass er standard; IngressClasser: a"},
		{"no class at all", class, []runtime.Object{ingressObject("")}, Failed,
			"ingen ingressClassName, og ingen IngressClass er standard; clusteret har ingen IngressClass"},
		{"old annotation", class, []runtime.Object{annotated, ingressClass("kurs", true)}, Failed,
			"bruker den utgåtte annotationen kubernetes.io/ingress.class=nginx i stedet for spec.ingressClassName"},
		{"backends", backends, []runtime.Object{ingressObject(""), web, hallo}, Passed, "web:80 og hallo:80 finnes"},
		{"backend missing", backends, []runtime.Object{ingressObject(""), web}, Failed, "Servicen «hallo» finnes ikke i Namespacet «kurs»"},
		{"backend in another Namespace", backends, []runtime.Object{ingressObject(""), web,
			&corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "hallo", Namespace: "annet"}, Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}}}},
			Failed, "Servicen «hallo» finnes ikke i Namespacet «kurs»"},
		{"backend port", backends, []runtime.Object{ingressObject(""), web, serviceOnPort("hallo", 8080)}, Failed,
			"Servicen «hallo» har ikke port 80 (porter: 8080)"},
		{"no address", address, []runtime.Object{ingressObject("")}, Failed, "ingen adresse ennå"},
		{"address", address, []runtime.Object{ingressObject("", "198.51.100.7")}, Passed, "adresse 198.51.100.7"},
		{"all parts", `{type: ingress, name: web, path: /, classResolves: true, address: true}`,
			[]runtime.Object{ingressObject("nginx", "198.51.100.7"), ingressClass("kurs", true)}, Failed,
			"regler: web.kurs.local/ (Prefix) → web:80, web.kurs.local/hallo (Prefix) → hallo:80; ingressClassName «nginx» finnes ikke; IngressClasser: kurs (standard); adresse 198.51.100.7"},
		{"classes", `{type: ingressClass}`, []runtime.Object{ingressClass("b", false), ingressClass("a", true)}, Passed, "IngressClasser: a (standard), b"},
		{"no classes", `{type: ingressClass}`, nil, Failed, "clusteret har ingen IngressClass"},
		{"no default class", `{type: ingressClass, default: true}`, []runtime.Object{ingressClass("a", false)}, Failed,
			"ingen er standard (IngressClasser: a)"},
		{"named class missing", `{type: ingressClass, name: kurs}`, []runtime.Object{ingressClass("a", false)}, Failed,
			"finnes ikke; IngressClasser: a"},
		{"named class not default", `{type: ingressClass, name: a, default: true}`, []runtime.Object{ingressClass("a", false)}, Failed,
			"finnes, men er ikke standard"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			objs := append([]runtime.Object{&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kurs"}}}, tc.objs...)
			target := &Target{Client: fake.NewClientset(objs...), Namespace: "kurs"}
			r := compileOne(t, tc.src).Run(t.Context(), target)
			if r.Status != tc.status || tc.found != "" && r.Found != tc.found {
				t.Errorf("status %v, found %q; want %v, %q", r.Status, r.Found, tc.status, tc.found)
			}
		})
	}
}
