package grade

import (
	"context"
	"fmt"
	"strconv"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubekurs/kubekurs/progress"
)

// mirrorTimeout bounds the read of one student's progress mirror.
const mirrorTimeout = 5 * time.Second

// MirrorState says what became of reading a student's progress mirror.
type MirrorState string

const (
	// MirrorRead: the mirror was read.
	MirrorRead MirrorState = "read"
	// MirrorMissing: the student has no mirror (never opened the course
	// with this cluster, or could not write it).
	MirrorMissing MirrorState = "missing"
	// MirrorUnreadable: the mirror does not parse.
	MirrorUnreadable MirrorState = "unreadable"
	// MirrorForbidden: the grader may not read ConfigMaps there.
	MirrorForbidden MirrorState = "forbidden"
	// MirrorError: the API server did not answer.
	MirrorError MirrorState = "error"
)

// mirrorRecord is a student's progress as the mirror tells it; the zero
// value (and any state but MirrorRead) knows nothing.
type mirrorRecord struct {
	state MirrorState
	file  *progress.File
}

// stepRecord is what the mirror says of one step.
type stepRecord struct {
	done, solutionShown bool
	hintsShown          int
	attempts            int
}

// quizRecord is the student's last answer to a step's quiz.
type quizRecord struct{ correct bool }

// readMirror reads the progress mirror in namespace.
func readMirror(ctx context.Context, client kubernetes.Interface, namespace string) mirrorRecord {
	ctx, cancel := context.WithTimeout(ctx, mirrorTimeout)
	defer cancel()
	cm, err := client.CoreV1().ConfigMaps(namespace).Get(ctx, progress.MirrorName, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		return mirrorRecord{state: MirrorMissing}
	case apierrors.IsForbidden(err):
		return mirrorRecord{state: MirrorForbidden}
	case err != nil:
		return mirrorRecord{state: MirrorError}
	}
	f, err := progress.ParseMirror(cm)
	if err != nil {
		return mirrorRecord{state: MirrorUnreadable}
	}
	return mirrorRecord{state: MirrorRead, file: f}
}

// step is the mirror's record of a lesson's step n.
func (m mirrorRecord) step(lesson string, n int) stepRecord {
	if m.file == nil || m.file.Lessons[lesson] == nil {
		return stepRecord{}
	}
	r, ok := m.file.Lessons[lesson].Steps[strconv.Itoa(n)]
	if !ok {
		return stepRecord{}
	}
	return stepRecord{done: r.Done(), solutionShown: r.WithSolution || !r.SolutionShownAt.IsZero(), hintsShown: r.HintsShown, attempts: r.Attempts}
}

// quiz is the mirror's record of the quiz of a lesson's step n, or nil.
func (m mirrorRecord) quiz(lesson string, n int) *quizRecord {
	if m.file == nil || m.file.Lessons[lesson] == nil {
		return nil
	}
	q, ok := m.file.Lessons[lesson].Quiz[strconv.Itoa(n)]
	if !ok {
		return nil
	}
	return &quizRecord{correct: q.Correct}
}

// String is the Norwegian word for the state.
func (s MirrorState) String() string {
	switch s {
	case MirrorRead:
		return mirrorReadText
	case MirrorMissing:
		return mirrorMissingText
	case MirrorUnreadable:
		return mirrorUnreadableText
	case MirrorForbidden:
		return mirrorForbiddenText
	case MirrorError:
		return mirrorErrorText
	}
	return fmt.Sprintf("MirrorState(%s)", string(s))
}
