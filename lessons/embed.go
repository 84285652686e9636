package lessons

import (
	"embed"
	"io/fs"
)

// files holds the course shipped in the binary.
//
//go:embed course
var files embed.FS

// guide is the instructors' guide to writing a lesson pack.
//
//go:embed VEILEDNING.md
var guide string

// Embedded returns the course shipped in the binary, rooted at its
// course.yaml, for Load and Validate.
func Embedded() fs.FS {
	sub, err := fs.Sub(files, "course")
	if err != nil {
		panic(err) // "course" is a valid path; fs.Sub cannot fail on it
	}
	return sub
}

// Guide returns the guide for instructors who write their own lesson pack
// (VEILEDNING.md, in Norwegian): the pack's format, every hidden block and
// check type, what a pack may run, and how to validate, test and hand it
// out. It is Markdown, for RenderMarkdown or to print as it is.
func Guide() string {
	return guide
}
