// Package progress keeps what a learner has done in the course: per step
// when it passed, the failed attempts, the hints opened and whether the
// solution was shown; quiz answers; and where the learner was, so the
// course resumes there. It is one small JSON file (README.md documents the
// format and its versions), written atomically under a file lock so that
// two kubekurs processes of the same learner keep each other's changes; a
// file that cannot be read is moved aside as a backup, never thrown away.
// Mirror copies the file into a ConfigMap an instructor can read.
package progress
