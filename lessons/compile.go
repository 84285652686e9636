package lessons

import "gopkg.in/yaml.v3"

// CompileChecks compiles each of the step's ```check blocks with compile
// (the check registry's CompileList, passed in so that lessons does not
// import checks) and returns all the checks, in order. The first block
// that does not compile stops it.
func CompileChecks[C any](s *Step, compile func(*yaml.Node) ([]C, error)) ([]C, error) {
	var all []C
	for _, block := range s.Checks {
		compiled, err := compile(block.Node)
		if err != nil {
			return nil, err
		}
		all = append(all, compiled...)
	}
	return all, nil
}
