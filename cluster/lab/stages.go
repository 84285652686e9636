package lab

import (
	"bytes"
	"embed"
	"encoding/json"
	"io/fs"
	"strconv"
	"strings"
)

// stageFiles holds the KWOK Stage objects, one per file. The number in front
// of each name fixes the order in the generated configuration.
//
//go:embed stages/*.yaml
var stageFiles embed.FS

// Placeholders in the stage files that kwokStages fills in with the image
// pull rule (imagePullPattern).
const (
	// placeholderImagePatternJQ stands for the pattern as a jq string
	// literal, inside a single-quoted YAML scalar (a matchExpressions key).
	placeholderImagePatternJQ = "__IMAGE_PATTERN_JQ__"
	// placeholderImagePatternGo stands for the pattern as a Go template
	// string literal, inside a literal block scalar (a statusTemplate).
	placeholderImagePatternGo = "__IMAGE_PATTERN_GO__"
)

// kwokStages returns the Stage objects for KWOK's --config flag, as one
// multi-document YAML file. They make simulated nodes ready and keep them
// alive, and make pods run, fail to pull a misspelt image, complete (Job
// pods) and go away when deleted. See README.md for the pod life cycle.
func kwokStages() []byte {
	// ReadDir and ReadFile on an embed.FS can only fail if the embed
	// pattern above is wrong, which the tests catch.
	entries, err := stageFiles.ReadDir("stages")
	if err != nil {
		panic("read embedded stages: " + err.Error())
	}
	fill := stagePlaceholders(imagePullPattern())

	var out bytes.Buffer
	for i, e := range entries { // sorted by file name
		data, err := fs.ReadFile(stageFiles, "stages/"+e.Name())
		if err != nil {
			panic("read embedded stage: " + err.Error())
		}
		if i > 0 {
			out.WriteString("---\n")
		}
		out.WriteString(fill.Replace(string(data)))
		if !bytes.HasSuffix(data, []byte("\n")) {
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

// stagePlaceholders returns a replacer that puts pattern into the stage
// files, quoted for the place each placeholder stands in.
func stagePlaceholders(pattern string) *strings.Replacer {
	return strings.NewReplacer(
		placeholderImagePatternJQ, yamlSingleQuoted(jqStringLiteral(pattern)),
		placeholderImagePatternGo, strconv.Quote(pattern),
	)
}

// jqStringLiteral quotes s as a jq string literal. jq string literals are
// JSON strings, so JSON encoding (without HTML escaping) gives one.
func jqStringLiteral(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic("encode string as JSON: " + err.Error()) // cannot happen for a string
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// yamlSingleQuoted escapes s for use inside a single-quoted YAML scalar,
// where the only special character is the single quote itself.
func yamlSingleQuoted(s string) string {
	return strings.ReplaceAll(s, "'", "''")
}
