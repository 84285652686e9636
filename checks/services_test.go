package checks

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestServiceHeadlessAndExternalName(t *testing.T) {
	yes, no := true, false
	headless := webService(corev1.ServiceTypeClusterIP)
	headless.Spec.ClusterIP = corev1.ClusterIPNone
	virtual := webService(corev1.ServiceTypeClusterIP)
	virtual.Spec.ClusterIP = "10.96.0.12"
	external := func(name string, selector map[string]string) *corev1.Service {
		s := webService(corev1.ServiceTypeExternalName)
		s.Spec.ExternalName, s.Spec.Selector, s.Spec.Ports = name, selector, nil
		return s
	}
	tests := []struct {
		name  string
		p     serviceParams
		svc   *corev1.Service
		ok    bool
		found string
	}{
		{"headless", serviceParams{Headless: &yes}, headless, true, "clusterIP None"},
		{"not headless", serviceParams{Headless: &yes}, virtual, false, "clusterIP 10.96.0.12"},
		{"virtual IP", serviceParams{Headless: &no}, virtual, true, "clusterIP 10.96.0.12"},
		{"headless, want a virtual IP", serviceParams{Headless: &no}, headless, false, "clusterIP None"},
		{"no clusterIP yet", serviceParams{Headless: &no}, webService(corev1.ServiceTypeClusterIP), false, "ingen clusterIP"},
		{"external name", serviceParams{ServiceType: "ExternalName", ExternalName: "db.example.com", Selector: map[string]string{}},
			external("DB.example.com.", nil), true, "type ExternalName; ingen selector; externalName DB.example.com."},
		{"external IP", serviceParams{ExternalName: "db.example.com"}, external("192.0.2.10", nil), false,
			"externalName 192.0.2.10 (en IP-adresse, ikke et DNS-navn)"},
		{"external name with a selector", serviceParams{ExternalName: "db.example.com", Selector: map[string]string{}},
			external("db.example.com", map[string]string{"app": "ekstern-db"}), false, "selector app=ekstern-db; externalName db.example.com"},
		{"no external name", serviceParams{ExternalName: "db.example.com"}, virtual, false, "ingen externalName"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.p.judge(tc.svc)
			if (v.status == Passed) != tc.ok || v.found != tc.found {
				t.Errorf("got %s %q, want ok=%v %q", v.status, v.found, tc.ok, tc.found)
			}
		})
	}
}

func TestServiceCriteria(t *testing.T) {
	tests := []struct{ src, criterion string }{
		{`{type: service, name: web-headless, selector: {app: web}, headless: true}`,
			"Servicen «web-headless» har selector app=web og ingen virtuell IP (headless, clusterIP: None)"},
		{`{type: service, name: web, serviceType: ClusterIP, headless: false}`,
			"Servicen «web» har type ClusterIP og en virtuell IP (clusterIP)"},
		{`{type: service, name: ekstern-db, serviceType: ExternalName, externalName: db.example.com, selector: {}}`,
			"Servicen «ekstern-db» har type ExternalName, ingen selector og externalName db.example.com"},
		{`{type: loadBalancerAddress, name: web-lb}`, "Servicen «web-lb» har fått en ekstern adresse (EXTERNAL-IP)"},
		{`{type: loadBalancerAddress, kind: Ingress, name: web}`, "Ingressen «web» har fått en adresse (ADDRESS)"},
	}
	for _, tc := range tests {
		if got := compileOne(t, tc.src).Criterion(); got != tc.criterion {
			t.Errorf("%s:\n criterion %q\n want      %q", tc.src, got, tc.criterion)
		}
	}
}

func TestLoadBalancerAddress(t *testing.T) {
	class := "example.com/annen"
	withAddress := func(typ corev1.ServiceType, ingress ...corev1.LoadBalancerIngress) *corev1.Service {
		s := webService(typ)
		s.Status.LoadBalancer.Ingress = ingress
		return s
	}
	classy := withAddress(corev1.ServiceTypeLoadBalancer)
	classy.Spec.LoadBalancerClass = &class
	tests := []struct {
		name   string
		svc    *corev1.Service
		status Status
		found  string
	}{
		{"pending", withAddress(corev1.ServiceTypeLoadBalancer), Failed, "ingen adresse ennå (<pending>)"},
		{"an IP", withAddress(corev1.ServiceTypeLoadBalancer, corev1.LoadBalancerIngress{IP: "198.51.100.1"}), Passed, "198.51.100.1"},
		{"a host name", withAddress(corev1.ServiceTypeLoadBalancer, corev1.LoadBalancerIngress{Hostname: "lb.example.com"}), Passed, "lb.example.com"},
		{"both", withAddress(corev1.ServiceTypeLoadBalancer, corev1.LoadBalancerIngress{IP: "198.51.100.1", Hostname: "lb.example.com"}, corev1.LoadBalancerIngress{IP: "198.51.100.2"}),
			Passed, "198.51.100.1 (lb.example.com), 198.51.100.2"},
		{"an empty entry", withAddress(corev1.ServiceTypeLoadBalancer, corev1.LoadBalancerIngress{}), Failed, "ingen adresse ennå (<pending>)"},
		{"another class", classy, Failed, "ingen adresse ennå (<pending>); loadBalancerClass example.com/annen"},
		{"not a LoadBalancer", withAddress(corev1.ServiceTypeNodePort), Failed, "ingen ekstern adresse: Servicen har type NodePort, ikke LoadBalancer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target := fakeAPIServer(t, map[string]*corev1.Service{"web": tc.svc}, nil)
			r := compileOne(t, `{type: loadBalancerAddress, name: web}`).Run(t.Context(), target)
			if r.Status != tc.status || r.Found != tc.found {
				t.Errorf("got %s %q (%s), want %s %q", r.Status, r.Found, r.Detail, tc.status, tc.found)
			}
		})
	}
}
