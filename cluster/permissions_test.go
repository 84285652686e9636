package cluster

import (
	"testing"

	authorizationv1 "k8s.io/api/authorization/v1"
)

func TestRulesAllowMatchesAsRBAC(t *testing.T) {
	rule := func(verbs, groups, resources []string, names ...string) authorizationv1.ResourceRule {
		return authorizationv1.ResourceRule{Verbs: verbs, APIGroups: groups, Resources: resources, ResourceNames: names}
	}
	exec := Permission{Verb: "create", Resource: "pods", Subresource: "exec"}
	deploy := Permission{Verb: "create", Group: "apps", Resource: "deployments"}
	tests := []struct {
		name  string
		rules []authorizationv1.ResourceRule
		p     Permission
		want  bool
	}{
		{"exact", []authorizationv1.ResourceRule{rule([]string{"create"}, []string{"apps"}, []string{"deployments"})}, deploy, true},
		{"wrong group", []authorizationv1.ResourceRule{rule([]string{"create"}, []string{""}, []string{"deployments"})}, deploy, false},
		{"wildcards", []authorizationv1.ResourceRule{rule([]string{"*"}, []string{"*"}, []string{"*"})}, deploy, true},
		{"other verb", []authorizationv1.ResourceRule{rule([]string{"get", "list"}, []string{"apps"}, []string{"deployments"})}, deploy, false},
		{"names only", []authorizationv1.ResourceRule{rule([]string{"create"}, []string{"apps"}, []string{"deployments"}, "web")}, deploy, false},
		{"pods is not pods/exec", []authorizationv1.ResourceRule{rule([]string{"create"}, []string{""}, []string{"pods"})}, exec, false},
		{"subresource", []authorizationv1.ResourceRule{rule([]string{"create"}, []string{""}, []string{"pods/exec"})}, exec, true},
		{"resource/*", []authorizationv1.ResourceRule{rule([]string{"create"}, []string{""}, []string{"pods/*"})}, exec, true},
		{"*/subresource", []authorizationv1.ResourceRule{rule([]string{"create"}, []string{""}, []string{"*/exec"})}, exec, true},
		{"no rules", nil, deploy, false},
	}
	for _, tt := range tests {
		if got := rulesAllow(tt.rules, tt.p); got != tt.want {
			t.Errorf("%s: rulesAllow = %v, want %v", tt.name, got, tt.want)
		}
	}
}
