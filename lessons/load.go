package lessons

import (
	"errors"
	"io/fs"
	"path"
	"strings"
)

// courseFileName is the course manifest in the root of a course directory.
const courseFileName = "course.yaml"

// readmeFileName may sit next to the lessons without being one.
const readmeFileName = "README.md"

// courseFile is course.yaml; Course documents its keys.
type courseFile struct {
	Title   string   `yaml:"title"`
	Lessons []string `yaml:"lessons"`
}

// Load reads and parses a course from fsys, whose root holds course.yaml,
// rendering the lesson templates with vars. name shows where the course is
// in messages, e.g. "lessons/course" or the directory given on the command
// line. Problems that leave the course unusable (files that are missing or
// do not parse, templates that do not render) make Load fail with a
// *ValidationError listing all of them; Validate finds the rest.
func Load(fsys fs.FS, name string, vars Vars) (*Course, error) {
	ps := &problems{}
	c, _ := parseCourse(fsys, name, vars, ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// parseCourse reads course.yaml and every lesson it lists. It returns the
// course (nil without a usable course.yaml) and the listed file names.
func parseCourse(fsys fs.FS, name string, vars Vars, ps *problems) (*Course, map[string]bool) {
	file := displayPath(name, courseFileName)
	ps.order(file)
	src, err := fs.ReadFile(fsys, courseFileName)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			ps.add(file, 0, msgNoCourseFile)
		} else {
			ps.add(file, 0, msgReadFile, err)
		}
		return nil, nil
	}
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	whole := piece{text: text, first: 1}
	for i := range strings.Count(text, "\n") + 1 {
		whole.lines = append(whole.lines, i+1)
	}
	var cf courseFile
	doc, err := parseYAML(text)
	if err != nil {
		addErrors(ps, file, whole, 1, err)
		return nil, nil
	}
	root, errs := decodeMapping(doc, &cf, inCourseFile)
	addErrors(ps, file, whole, 1, errs...)
	if root == nil && doc != nil {
		return nil, nil
	}
	if cf.Title == "" {
		ps.add(file, 1, msgCourseNoTitle)
	}

	c := &Course{Title: cf.Title, Dir: name}
	listed := map[string]bool{}
	for i, entry := range cf.Lessons {
		line := whole.at(itemNode(root, "lessons", i))
		switch {
		case !fs.ValidPath(entry) || strings.ContainsAny(entry, `/\`) || !strings.HasSuffix(entry, ".md"):
			ps.add(file, line, msgLessonEntry, entry)
			continue
		case listed[entry]:
			ps.add(file, line, msgLessonListedTwice, entry)
			continue
		}
		listed[entry] = true
		lessonFile := displayPath(name, entry)
		ps.order(lessonFile)
		data, err := fs.ReadFile(fsys, entry)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			ps.add(file, line, msgLessonMissing, entry)
			continue
		case err != nil:
			ps.add(lessonFile, 0, msgReadFile, err)
			continue
		}
		c.Lessons = append(c.Lessons, parseLesson(lessonFile, data, vars, ps))
	}
	return c, listed
}

// strayFiles reports every file and directory in the course directory that
// is neither course.yaml, README.md nor a listed lesson.
func strayFiles(fsys fs.FS, name string, listed map[string]bool, ps *problems) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		ps.add(displayPath(name, "."), 0, msgReadFile, err)
		return
	}
	for _, e := range entries {
		n := e.Name()
		switch {
		case e.IsDir():
			ps.add(displayPath(name, n), 0, msgStrayDir, n)
		case n == courseFileName || n == readmeFileName || listed[n]:
		default:
			ps.add(displayPath(name, n), 0, msgStrayFile, n)
		}
	}
}

// displayPath is how a file of the course is named in messages.
func displayPath(name, file string) string {
	if name == "" {
		return file
	}
	return path.Join(name, file)
}
