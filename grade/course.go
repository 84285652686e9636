package grade

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/lessons"
)

// NamespacePlaceholder is the Namespace a course is loaded with for
// grading a class: every student's check blocks are that course's, with
// the placeholder replaced by the student's Namespace. Loading the course
// once instead of per student keeps 200 students within the time budget.
// It is a valid DNS label, so that the lessons' own validation passes.
const NamespacePlaceholder = "kubekurs-elev-plassholder"

// gradedCourse is a course prepared for grading many students: checks
// that do not name the learner's Namespace are compiled once and shared;
// the others are compiled per student from their source.
type gradedCourse struct {
	lessons []gradedLesson
}

type gradedLesson struct {
	lesson *lessons.Lesson
	steps  []gradedStep
}

type gradedStep struct {
	step *lessons.Step
	// shared are the compiled checks when no block names the Namespace.
	shared []checks.Check
	// perStudent is true when some block names the Namespace; blocks
	// holds their sources then.
	perStudent bool
	blocks     []string
}

// prepare compiles what can be shared of the chosen lessons (ids; all
// when empty) of course, which was loaded with NamespacePlaceholder.
func prepare(course *lessons.Course, ids []string, reg *checks.Registry) (*gradedCourse, error) {
	gc := &gradedCourse{}
	for _, l := range course.Lessons {
		if len(ids) > 0 && !containsFold(ids, l.ID) {
			continue
		}
		gl := gradedLesson{lesson: l}
		for i, s := range l.Steps {
			gs := gradedStep{step: s}
			for _, b := range s.Checks {
				if strings.Contains(b.Source, NamespacePlaceholder) {
					gs.perStudent = true
				}
				gs.blocks = append(gs.blocks, b.Source)
			}
			if !gs.perStudent {
				compiled, err := lessons.CompileChecks(s, reg.CompileList)
				if err != nil {
					return nil, fmt.Errorf("lesson %s step %d: %w", l.ID, i+1, err)
				}
				gs.shared = compiled
			}
			gl.steps = append(gl.steps, gs)
		}
		gc.lessons = append(gc.lessons, gl)
	}
	for _, id := range ids {
		if course.Find(id) == nil {
			return nil, fmt.Errorf("%w: %s", errUnknownLesson, id)
		}
	}
	return gc, nil
}

// checksFor compiles the step's checks for a student's Namespace.
func (gs *gradedStep) checksFor(namespace string, reg *checks.Registry) ([]checks.Check, error) {
	if !gs.perStudent {
		return gs.shared, nil
	}
	var all []checks.Check
	for _, src := range gs.blocks {
		if strings.TrimSpace(src) == "" {
			continue
		}
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(strings.ReplaceAll(src, NamespacePlaceholder, namespace)), &doc); err != nil {
			return nil, fmt.Errorf("parse check block: %w", err)
		}
		compiled, err := reg.CompileList(&doc)
		if err != nil {
			return nil, err
		}
		all = append(all, compiled...)
	}
	return all, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
