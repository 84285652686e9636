package class

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// maxListSize bounds how much of a class list ParseStudents reads.
const maxListSize = 1 << 20

// maxNameLength bounds a student's name, in characters.
const maxNameLength = 200

// Student is one name from a class list.
type Student struct {
	// Name is the name as the list gives it, trimmed and with runs of
	// white space made one space.
	Name string
	// Line is the line of the list it is on, 1 for the first.
	Line int
}

// Problem is something to say about one line of a class list, as
// file:line: message.
type Problem struct {
	File    string
	Line    int
	Message string
}

// String is the problem as the user reads it.
func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message) }

// ParseStudents reads a class list: one name a line, or a CSV file whose
// first line names a column «navn» or «name» (any case; separated by
// commas, semicolons or tabs), of which that column is read. Blank lines
// and lines starting with # are skipped. Lines that give no name are
// problems, reported with file as the file's name; the error is for a
// list that cannot be read at all.
func ParseStudents(r io.Reader, file string) ([]Student, []Problem, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxListSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", file, err)
	}
	if len(data) > maxListSize {
		return nil, nil, fmt.Errorf("read %s: %w", file, errTooLarge)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a byte order mark, as spreadsheets write
	p := &parser{file: file}
	if sep, col, ok := header(data); ok {
		p.csv(data, sep, col)
	} else {
		p.lines(data)
	}
	return p.students, p.problems, nil
}

// errTooLarge is a class list over maxListSize.
var errTooLarge = errors.New("over 1 MiB")

type parser struct {
	file     string
	students []Student
	problems []Problem
}

func (p *parser) problem(line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// add takes one name from line, or reports why it is none.
func (p *parser) add(raw string, line int) {
	if !utf8.ValidString(raw) {
		p.problem(line, msgNotUTF8)
		return
	}
	name := strings.Join(strings.Fields(raw), " ")
	switch {
	case name == "":
		p.problem(line, msgEmptyName)
	case utf8.RuneCountInString(name) > maxNameLength:
		p.problem(line, msgNameTooLong, maxNameLength)
	default:
		p.students = append(p.students, Student{Name: name, Line: line})
	}
}

// lines reads one name a line.
func (p *parser) lines(data []byte) {
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p.add(line, i+1)
	}
}

// csv reads column col of a CSV file whose first record is its header.
func (p *parser) csv(data []byte, sep rune, col int) {
	r := newCSVReader(data, sep)
	first := true
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			p.problem(line, msgBadCSV, err)
			return
		}
		line, _ := r.FieldPos(0)
		if first {
			first = false
			continue
		}
		if blank(record) { // a row a spreadsheet left empty, e.g. ";;"
			continue
		}
		if col >= len(record) {
			p.problem(line, msgNoNameColumn, col+1)
			continue
		}
		p.add(record[col], line)
	}
}

// blank reports whether every field of record is empty.
func blank(record []string) bool {
	for _, f := range record {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func newCSVReader(data []byte, sep rune) *csv.Reader {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.TrimLeadingSpace = true
	return r
}

// header finds the column «navn» or «name» on the first line that is
// neither blank nor a comment, trying each separator in turn.
func header(data []byte) (sep rune, col int, ok bool) {
	for _, sep := range []rune{',', ';', '\t'} {
		record, err := newCSVReader(data, sep).Read()
		if err != nil {
			return 0, 0, false
		}
		for i, field := range record {
			f := strings.TrimSpace(field)
			if strings.EqualFold(f, "navn") || strings.EqualFold(f, "name") {
				return sep, i, true
			}
		}
	}
	return 0, 0, false
}
