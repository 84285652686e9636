package lessons

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a course, at a place in one of its files.
type Problem struct {
	// File is the file's path as shown to the user, e.g.
	// "lessons/course/L04-deployment.md".
	File string
	// Line is the 1-based line in File, or 0 when the problem is the whole
	// file.
	Line int
	// Msg says what is wrong, in Norwegian.
	Msg string
}

// String formats the problem as "file:line: melding" (or "file: melding"
// without a line).
func (p Problem) String() string {
	if p.Line > 0 {
		return p.File + ":" + strconv.Itoa(p.Line) + ": " + p.Msg
	}
	return p.File + ": " + p.Msg
}

// ValidationError lists every problem found in a course, in course order:
// course.yaml, then each lesson by line, then files that do not belong.
type ValidationError struct {
	Problems []Problem
}

// Error prints one problem per line.
func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// problems collects Problems while a course is read and checked.
type problems struct {
	list []Problem
	rank map[string]int // file → its place in the course, for sorting
}

func (ps *problems) add(file string, line int, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	ps.list = append(ps.list, Problem{File: file, Line: line, Msg: msg})
}

// order gives file its place in the sorted output; files never ordered come
// last, by name.
func (ps *problems) order(file string) {
	if ps.rank == nil {
		ps.rank = map[string]int{}
	}
	if _, ok := ps.rank[file]; !ok {
		ps.rank[file] = len(ps.rank)
	}
}

// err returns nil or a *ValidationError with the problems in course order.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	out := append([]Problem(nil), ps.list...)
	rank := func(f string) int {
		if r, ok := ps.rank[f]; ok {
			return r
		}
		return len(ps.rank)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ra, rb := rank(a.File), rank(b.File); ra != rb {
			return ra < rb
		}
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return &ValidationError{Problems: out}
}
