package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/kubekurs/kubekurs/lessons"
)

// quizAnswer is the learner's answer to a step's quiz.
type quizAnswer struct {
	answer  string
	correct bool
}

// quizBox shows a step's quiz: choices picked with the arrows and enter,
// or a free-text reflection typed into a text input.
type quizBox struct {
	styles Styles
	keys   keyMap

	ref     stepRef
	quiz    *lessons.Quiz
	cursor  int
	input   textinput.Model
	focused bool
	answers map[stepRef]quizAnswer
	width   int
}

// newQuizBox returns a quiz box without a quiz.
func newQuizBox(st Styles, keys keyMap) quizBox {
	in := textinput.New()
	in.Placeholder = quizPlaceholder
	in.Prompt = symbolCursor + " "
	in.SetStyles(st.Input)
	return quizBox{styles: st, keys: keys, input: in, answers: map[stepRef]quizAnswer{}}
}

// restyle switches styles.
func (q *quizBox) restyle(st Styles) {
	q.styles = st
	q.input.SetStyles(st.Input)
}

// SetSize sets the box's width.
func (q *quizBox) SetSize(w int) {
	q.width = w
	q.input.SetWidth(max(10, w-4))
}

// setStep shows the quiz of another step (nil for none).
func (q *quizBox) setStep(ref stepRef, quiz *lessons.Quiz) {
	q.ref, q.quiz, q.cursor = ref, quiz, 0
	q.input.Reset()
	q.Blur()
}

// Focus gives the quiz the keys.
func (q *quizBox) Focus() tea.Cmd {
	if q.quiz == nil {
		return nil
	}
	q.focused = true
	if q.quiz.Reflection {
		return q.input.Focus()
	}
	return nil
}

// Blur gives the keys back to the lesson text.
func (q *quizBox) Blur() {
	q.focused = false
	q.input.Blur()
}

// answered returns the answer to the current quiz, if any.
func (q quizBox) answered() (quizAnswer, bool) {
	a, ok := q.answers[q.ref]
	return a, ok
}

// Update handles keys while the quiz has the focus; an answer is reported
// with a quizAnsweredMsg.
func (q quizBox) Update(msg tea.Msg) (quizBox, tea.Cmd) {
	if !q.focused || q.quiz == nil {
		return q, nil
	}
	k, isKey := msg.(tea.KeyPressMsg)
	if isKey && key.Matches(k, q.keys.Leave) {
		q.Blur()
		return q, nil
	}
	if q.quiz.Reflection {
		if isKey && key.Matches(k, q.keys.Answer) {
			text := strings.TrimSpace(q.input.Value())
			if text == "" {
				return q, nil
			}
			return q.answer(quizAnswer{answer: text, correct: true})
		}
		var cmd tea.Cmd
		q.input, cmd = q.input.Update(msg)
		return q, cmd
	}
	if !isKey {
		return q, nil
	}
	switch k.String() {
	case "up", "k":
		q.cursor = max(0, q.cursor-1)
	case "down", "j":
		q.cursor = min(len(q.quiz.Choices)-1, q.cursor+1)
	default:
		if key.Matches(k, q.keys.Answer) && len(q.quiz.Choices) > 0 {
			choice := q.quiz.Choices[q.cursor]
			return q.answer(quizAnswer{answer: choice, correct: choice == q.quiz.Answer})
		}
	}
	return q, nil
}

// answer stores an answer and reports it.
func (q quizBox) answer(a quizAnswer) (quizBox, tea.Cmd) {
	q.answers[q.ref] = a
	q.Blur()
	ref := q.ref
	return q, func() tea.Msg { return quizAnsweredMsg{ref: ref, answer: a.answer, correct: a.correct} }
}

// View draws the quiz, or "" without one.
func (q quizBox) View() string {
	if q.quiz == nil {
		return ""
	}
	w := max(10, q.width)
	lines := []string{q.styles.Question.Render(wrap(quizHeading+": "+q.quiz.Question, w))}
	a, answered := q.answered()
	if q.quiz.Reflection {
		switch {
		case q.focused:
			lines = append(lines, q.input.View())
		case answered:
			lines = append(lines, wrap(fmt.Sprintf(fmtQuizYourAnswer, a.answer), w))
		}
	} else {
		for i, c := range q.quiz.Choices {
			prefix := "  "
			if q.focused && i == q.cursor {
				prefix = symbolCursor + " "
				c = q.styles.Selected.Render(c)
			} else if answered && c == a.answer {
				prefix = "• "
			}
			lines = append(lines, "  "+prefix+c)
		}
	}
	switch {
	case q.focused && q.quiz.Reflection:
		lines = append(lines, q.styles.Subtle.Render(quizWrite))
	case q.focused:
		lines = append(lines, q.styles.Subtle.Render(quizChoose))
	case answered && q.quiz.Reflection:
		lines = append(lines, q.styles.Passed.Render(quizSaved))
	case answered && a.correct:
		lines = append(lines, q.styles.Passed.Render(symbolPassed+" "+quizRight))
	case answered:
		lines = append(lines, q.styles.Failed.Render(symbolFailed+" "+fmt.Sprintf(fmtQuizWrong, q.quiz.Answer)))
	default:
		lines = append(lines, q.styles.Subtle.Render(fmt.Sprintf(fmtQuizFocus, q.keys.Quiz.Help().Key)))
	}
	return strings.Join(lines, "\n")
}
