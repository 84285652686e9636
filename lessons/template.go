package lessons

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
)

// templateName names every lesson template, so errors can be parsed back.
const templateName = "leksjon"

var (
	templateParseErr = regexp.MustCompile(`^template: ` + templateName + `:(\d+): (.*)$`)
	templateExecErr  = regexp.MustCompile(`^template: ` + templateName + `:(\d+):\d+: (?:executing "` + templateName + `" at )?(.*)$`)
	// templateWhere is a place in the template, which the problem's own
	// line already gives.
	templateWhere = regexp.MustCompile(` started at ` + templateName + `:\d+`)
)

// allowedFunc reports whether a lesson template may call the function.
// Loops, nested templates and printf are left out: a lesson only needs
// {{.Namespace}} and a condition or two, and a pack from anyone must not
// be able to make the validator loop or allocate without bound.
func allowedFunc(name string) bool {
	switch name {
	case "and", "or", "not", "len", "print", "eq", "ne", "lt", "le", "gt", "ge":
		return true
	}
	return false
}

// renderTemplate renders text as a text/template with vars. An error is a
// lineError with its line in text and a Norwegian message.
func renderTemplate(text string, vars Vars) (string, error) {
	if !strings.Contains(text, "{{") {
		return text, nil
	}
	t, err := template.New(templateName).Option("missingkey=error").Parse(text)
	if err != nil {
		line, detail := splitTemplateErr(templateParseErr, err)
		return "", lineError{line, fmt.Sprintf(msgTemplateParse, detail)}
	}
	if len(t.Templates()) > 1 {
		return "", lineError{1, fmt.Sprintf(msgTemplateForbidden, "define")}
	}
	if name, pos, ok := forbidden(t.Tree.Root); !ok {
		line := strings.Count(text[:min(int(pos), len(text))], "\n") + 1
		return "", lineError{line, fmt.Sprintf(msgTemplateForbidden, name)}
	}
	var sb strings.Builder
	if err := t.Execute(&sb, vars); err != nil {
		line, detail := splitTemplateErr(templateExecErr, err)
		return "", lineError{line, fmt.Sprintf(msgTemplateExec, detail)}
	}
	return sb.String(), nil
}

// splitTemplateErr takes the line and the detail out of a text/template
// error.
func splitTemplateErr(re *regexp.Regexp, err error) (int, string) {
	msg := err.Error()
	if m := re.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, templateWhere.ReplaceAllString(m[2], "")
	}
	return 0, strings.TrimPrefix(msg, "template: ")
}

// forbidden walks a template tree and returns the first construct a lesson
// may not use, with its position.
func forbidden(n parse.Node) (string, parse.Pos, bool) {
	switch n := n.(type) {
	case nil:
		return "", 0, true
	case *parse.ListNode:
		if n == nil {
			return "", 0, true
		}
		for _, c := range n.Nodes {
			if name, pos, ok := forbidden(c); !ok {
				return name, pos, false
			}
		}
	case *parse.ActionNode:
		return forbidden(n.Pipe)
	case *parse.IfNode:
		return forbiddenBranch(&n.BranchNode)
	case *parse.WithNode:
		return forbiddenBranch(&n.BranchNode)
	case *parse.RangeNode:
		return "range", n.Position(), false
	case *parse.TemplateNode:
		return "template", n.Position(), false
	case *parse.PipeNode:
		if n == nil {
			return "", 0, true
		}
		for _, c := range n.Cmds {
			for _, a := range c.Args {
				if name, pos, ok := forbidden(a); !ok {
					return name, pos, false
				}
			}
		}
	case *parse.ChainNode:
		return forbidden(n.Node)
	case *parse.IdentifierNode:
		if !allowedFunc(n.Ident) {
			return n.Ident, n.Position(), false
		}
	}
	return "", 0, true
}

func forbiddenBranch(b *parse.BranchNode) (string, parse.Pos, bool) {
	for _, n := range []parse.Node{b.Pipe, b.List, b.ElseList} {
		if name, pos, ok := forbidden(n); !ok {
			return name, pos, false
		}
	}
	return "", 0, true
}
