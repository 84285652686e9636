// Package board is the instructor's live class board, `kubekurs grade
// --watch`: a full-screen table of the class (Bubble Tea) that changes as
// the students work. It shows each student's progress, the step the
// student is on and for how long, marks per lesson, and, for one student,
// every step's criteria.
//
// cmd runs grade.Watch in a goroutine and passes its channel in Options;
// the board only reads it (waitForUpdate), one grade.Update at a time,
// and never changes what it receives. Sorting and filtering are pure
// functions of the latest Update (rows.go); the root model (model.go)
// holds the screens (list, details) and the keys (keys.go); the drawing
// is in view.go and details.go.
package board
