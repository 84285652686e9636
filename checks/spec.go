package checks

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

// SpecError is an invalid check spec, found when a check is compiled.
type SpecError struct {
	// Node is the offending YAML node; its Line and Column are relative
	// to the YAML text given to Compile. It is nil when there is no node.
	Node *yaml.Node
	// Msg says what is wrong, in Norwegian.
	Msg string
}

// Error gives the message with the line and column of the node.
func (e *SpecError) Error() string {
	if e.Node == nil || e.Node.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf(msgAtLine, e.Node.Line, e.Node.Column, e.Msg)
}

// SpecErrors lists the SpecErrors in err, which Compile and CompileList
// may have joined with errors.Join. Other errors are left out.
func SpecErrors(err error) []*SpecError {
	var out []*SpecError
	var walk func(error)
	walk = func(err error) {
		var se *SpecError
		switch e := err.(type) {
		case nil:
		case interface{ Unwrap() []error }:
			for _, inner := range e.Unwrap() {
				walk(inner)
			}
		default:
			if errors.As(err, &se) {
				out = append(out, se)
			}
		}
	}
	walk(err)
	return out
}

// specErrorf is a SpecError at n with a formatted message.
func specErrorf(n *yaml.Node, format string, args ...any) *SpecError {
	return &SpecError{Node: n, Msg: fmt.Sprintf(format, args...)}
}
