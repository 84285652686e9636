package checks

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/ext"
)

// celCostLimit bounds the work of one CEL evaluation, as Kubernetes does
// for ValidatingAdmissionPolicy expressions.
const celCostLimit = 1_000_000

// newCELEnv is the environment of cel checks: the object under test is
// `object`, a dynamically typed map as in a ValidatingAdmissionPolicy.
func newCELEnv() (*cel.Env, error) {
	return cel.NewEnv(
		cel.Variable("object", cel.DynType),
		cel.OptionalTypes(),
		ext.Strings(),
		ext.Lists(),
		ext.Sets(),
	)
}

// celParams: a CEL expression about one object is true.
type celParams struct {
	kindRef    `yaml:",inline"`
	Name       string `yaml:"name" doc:"objektets navn" check:"required"`
	Expression string `yaml:"expression" doc:"CEL-uttrykk som skal være sant; objektet heter object, f.eks. object.spec.replicas == 3" check:"required"`
	Message    string `yaml:"message" doc:"det eleven ser som funnet når uttrykket er usant"`
}

func (p *celParams) build(b *builder) (spec, error) {
	gvk, err := b.gvk(p.kindRef)
	if err != nil {
		return spec{}, err
	}
	celEnv, err := b.reg.cel()
	if err != nil {
		return spec{}, b.errorf("expression", msgCELEnv, err)
	}
	ast, iss := celEnv.Compile(p.Expression)
	if iss.Err() != nil {
		return spec{}, b.errorf("expression", msgCELCompile, strings.TrimSpace(iss.Err().Error()))
	}
	if !ast.OutputType().IsExactType(cel.BoolType) {
		return spec{}, b.errorf("expression", msgCELNotBool, ast.OutputType())
	}
	prg, err := celEnv.Program(ast, cel.CostLimit(celCostLimit), cel.InterruptCheckFrequency(100))
	if err != nil {
		return spec{}, b.errorf("expression", msgCELCompile, err)
	}
	// The expression is the lesson author's, never the learner's: the
	// criterion does not quote it, and there is no expected text (the
	// criterion says what is wanted).
	return spec{
		criterion: fmt.Sprintf(msgCritCEL, b.subject(gvk.Kind, p.Name)),
		run: func(ctx context.Context, e *env) verdict {
			obj, v, ok := e.getObject(ctx, gvk, p.Name)
			if !ok {
				return v
			}
			out, _, err := prg.ContextEval(ctx, map[string]any{"object": obj.Object})
			if err != nil {
				if ctx.Err() != nil {
					return envError(msgCanceled)
				}
				return fail(fmt.Sprintf(msgCELRuntime, err))
			}
			if out.Value() == true {
				return pass(msgCELTrue)
			}
			if p.Message != "" {
				return fail(p.Message)
			}
			return fail(msgCELFalse)
		},
	}, nil
}
