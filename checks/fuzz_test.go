package checks

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzCompile: any YAML, compiled as a check block or as one check, gives
// checks or SpecErrors, and never panics.
func FuzzCompile(f *testing.F) {
	f.Add([]byte(stepYAML))
	for _, s := range []string{
		"- type: cel\n  kind: Pod\n  name: a\n  expression: object.metadata.name == 'a'\n",
		"- type: resources\n  kind: Pod\n  name: a\n  requests: {cpu: 1, memory: 1Gi}\n",
		"- type: service\n  name: a\n  ports: [{port: 1, targetPort: x}]\n",
		"- type: canI\n  user: a\n  groups: [b]\n  verb: get\n  resource: pods\n  allowed: true\n",
		"- &a {type: exists, kind: Pod, name: x}\n- *a\n- {<<: *a, name: y}\n",
		"- type: probe\n  kind: Pod\n  name: a\n  probe: liveness\n  httpGet: {}\n",
		"[{type: [a]}, {type: {b: c}}, 1, null]",
		"- type: secretKeys\n  name: db\n  keys: [a]\n  values: {b: x, c: !!binary AAECAw==, d: ~}\n",
	} {
		f.Add([]byte(s))
	}
	reg := NewRegistry()
	f.Fuzz(func(t *testing.T, data []byte) {
		var n yaml.Node
		if yaml.Unmarshal(data, &n) != nil {
			return
		}
		checks, err := reg.CompileList(&n)
		if err != nil && len(SpecErrors(err)) == 0 {
			t.Fatalf("error without SpecError: %v", err)
		}
		if err == nil {
			for _, c := range checks {
				_ = c.Criterion()
			}
		}
		if len(n.Content) == 1 && n.Content[0].Kind == yaml.SequenceNode {
			for _, item := range n.Content[0].Content {
				_, _ = reg.Compile(item)
			}
		}
	})
}
