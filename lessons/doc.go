// Package lessons holds the Norwegian lessons of the course, the ordered
// course manifest, and the loader and validator for lesson files.
//
// The format is specified in lessons/README.md: a directory with
// course.yaml and one Markdown file per lesson, with YAML front matter, one
// step per H2 heading, and hidden fenced blocks (```check, ```hint,
// ```solution, ```step, ```quiz) that the TUI uses instead of showing them.
// The structs Course, Lesson, Step, StepOptions and Quiz document the same
// schema on their fields.
//
// Load turns a course directory (any fs.FS: Embedded for the course in the
// binary, os.DirFS for an instructor's pack) into a Course, rendering the
// lesson templates with the learner's Vars. Validate lints a course the way
// `kubekurs lessons validate` does and reports every problem as
// "file:line: melding" in Norwegian. The package does not know the check
// types: Validate takes the check registry's compiler as a function, so
// lessons does not import checks.
package lessons
