package grade

import (
	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/lessons"
)

// judge turns a step's results into its status and score.
//
// The score is the passed criteria's share of the step's weight (each
// check weighs 1 unless its block sets `weight`); a step whose criteria
// all weigh 0 scores 1 when all pass, else 0. The status:
//   - any criterion the grader may not read: mangler tilgang;
//   - any criterion that could not look: miljøfeil;
//   - all passed: bestått;
//   - nothing passed, every failure is a missing object, and the progress
//     mirror records neither an attempt nor the step as done: ikke
//     forsøkt;
//   - else: ikke bestått.
func judge(sg StepGrade, compiled []checks.Check, rec stepRecord) StepGrade {
	total, passed := 0, 0
	allMissing, anyPassed := true, false
	sg.Status = StepPassed
	for i, r := range sg.Results {
		w := compiled[i].Weight()
		total += w
		switch r.Status {
		case checks.Passed:
			passed += w
			anyPassed = true
		case checks.Forbidden:
			sg.Status = StepNoAccess
		case checks.EnvError:
			if sg.Status != StepNoAccess {
				sg.Status = StepEnvError
			}
		}
		if !r.Missing() && r.Status != checks.Passed {
			allMissing = false
		}
	}
	switch {
	case total > 0:
		sg.Score = float64(passed) / float64(total)
	case checks.AllPassed(sg.Results):
		sg.Score = 1
	}
	if sg.Status != StepPassed {
		sg.Score = 0 // what could not be read earns nothing, and says so
		return sg
	}
	switch {
	case checks.AllPassed(sg.Results):
	case !anyPassed && allMissing && rec.attempts == 0 && !rec.done && !rec.solutionShown:
		sg.Status = StepNotAttempted
	default:
		sg.Status = StepFailed
	}
	return sg
}

// judgeQuiz grades a step without checks by its quiz: a right answer (or
// any answer to a reflection) passes, a wrong one fails, none is not
// attempted. A step with no quiz either is not graded.
func judgeQuiz(sg StepGrade, step *lessons.Step, q *quizRecord) StepGrade {
	switch {
	case step.Quiz == nil:
		sg.Status = StepUngraded
	case q == nil:
		sg.Status = StepNotAttempted
	case q.correct || step.Quiz.Reflection:
		sg.Status, sg.Score = StepPassed, 1
	default:
		sg.Status = StepFailed
	}
	return sg
}

// recorded marks a step that does not pass now but that the student's
// progress records as done: work that a later step changed or cleaned
// up, or a progress record that is not true. The score stays what the
// cluster shows, since a learner can write the record.
func recorded(sg StepGrade) StepGrade {
	if sg.RecordedDone && (sg.Status == StepFailed || sg.Status == StepNotAttempted) {
		sg.Status = StepRecorded
	}
	return sg
}
