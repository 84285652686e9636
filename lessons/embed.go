package lessons

import (
	"embed"
	"io/fs"
)

// files holds the course shipped in the binary.
//
//go:embed course
var files embed.FS

// Embedded returns the course shipped in the binary, rooted at its
// course.yaml, for Load and Validate.
func Embedded() fs.FS {
	sub, err := fs.Sub(files, "course")
	if err != nil {
		panic(err) // "course" is a valid path; fs.Sub cannot fail on it
	}
	return sub
}
