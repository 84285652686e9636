package lessons

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// solutionKind maps the rest of a ```solution info string to a kind; ok is
// false for an unknown one.
func solutionKind(arg string) (SolutionKind, bool) {
	word, _, _ := strings.Cut(arg, " ")
	switch word {
	case "", "sh", "bash":
		return SolutionCommands, true
	case "yaml", "yml":
		return SolutionManifest, true
	}
	return 0, false
}

// command is one command of a solution and the line (in the block) where it
// starts.
type command struct {
	argv []string
	line int
}

// splitCommands splits the text of a commands solution into argvs, the way
// a POSIX shell would split simple commands: words separated by blanks,
// '…' and "…" quoting, backslash escapes, backslash-newline continuing a
// command on the next line, and '#' comments. Solutions run without a
// shell, so anything a shell would treat specially (pipes, redirections,
// ';', '&', $ and ` expansions, globs) is an error rather than a silent
// difference: a solution must mean the same pasted into a shell.
func splitCommands(text string) ([]command, error) {
	var (
		cmds  []command
		argv  []string
		word  strings.Builder
		in    bool // inside a word
		line  = 1
		start = 0 // line where the current command starts
	)
	endWord := func() {
		if in {
			argv = append(argv, word.String())
			word.Reset()
			in = false
		}
	}
	endCommand := func() {
		endWord()
		if len(argv) > 0 {
			cmds = append(cmds, command{argv: argv, line: start})
			argv = nil
		}
	}
	beginWord := func() {
		if !in && len(argv) == 0 {
			start = line
		}
		in = true
	}
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == '\n':
			endCommand()
			line++
		case c == ' ' || c == '\t':
			endWord()
		case c == '#' && !in:
			for i+1 < len(rs) && rs[i+1] != '\n' {
				i++
			}
		case c == '\\':
			if i+1 == len(rs) {
				return nil, lineError{line, msgShellBackslash}
			}
			i++
			if rs[i] == '\n' {
				line++
				continue
			}
			beginWord()
			word.WriteRune(rs[i])
		case c == '\'':
			beginWord()
			quoteLine := line
			for i++; i < len(rs) && rs[i] != '\''; i++ {
				if rs[i] == '\n' {
					line++
				}
				word.WriteRune(rs[i])
			}
			if i == len(rs) {
				return nil, lineError{quoteLine, msgShellQuote}
			}
		case c == '"':
			beginWord()
			quoteLine := line
			for i++; i < len(rs) && rs[i] != '"'; i++ {
				switch {
				case rs[i] == '$' || rs[i] == '`':
					return nil, lineError{line, fmt.Sprintf(msgShellChar, rs[i])}
				case rs[i] == '\\' && i+1 < len(rs) && strings.ContainsRune("\\\"$`\n", rs[i+1]):
					i++
					if rs[i] == '\n' {
						line++
						continue
					}
				case rs[i] == '\n':
					line++
				}
				word.WriteRune(rs[i])
			}
			if i == len(rs) {
				return nil, lineError{quoteLine, msgShellQuote}
			}
		case strings.ContainsRune("|&;<>()$`*?", c):
			return nil, lineError{line, fmt.Sprintf(msgShellChar, c)}
		default:
			beginWord()
			word.WriteRune(c)
		}
	}
	endCommand()
	return cmds, nil
}

// checkManifest checks that a manifest solution holds YAML objects that
// kubectl apply can take: each with apiVersion, kind and metadata.name.
// Errors carry their line in the block.
func checkManifest(text string) []error {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var errs []error
	objects := 0
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return append(errs, yamlError(err))
		}
		if len(doc.Content) == 0 {
			continue
		}
		root := doc.Content[0]
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			continue
		}
		objects++
		if root.Kind != yaml.MappingNode {
			errs = append(errs, lineError{root.Line, msgManifestMapping})
			continue
		}
		for _, f := range []string{"apiVersion", "kind"} {
			if v := valueNode(root, f); v == nil || v.Kind != yaml.ScalarNode || v.Value == "" {
				errs = append(errs, lineError{root.Line, fmt.Sprintf(msgManifestNoField, f)})
			}
		}
		if v := valueNode(valueNode(root, "metadata"), "name"); v == nil || v.Kind != yaml.ScalarNode || v.Value == "" {
			errs = append(errs, lineError{root.Line, fmt.Sprintf(msgManifestNoField, "metadata.name")})
		}
	}
	if objects == 0 && len(errs) == 0 {
		errs = append(errs, lineError{1, msgManifestNoObject})
	}
	return errs
}
