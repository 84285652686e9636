package lessons

import (
	"path"
	"strconv"
	"strings"
)

// Find is the lesson arg names: by id ("L04", "l04"), by number in course
// order ("4"), or by file name ("L04-deployment.md", with or without
// ".md"); nil when none matches.
func (c *Course) Find(arg string) *Lesson {
	n, numErr := strconv.Atoi(arg)
	for i, l := range c.Lessons {
		if strings.EqualFold(l.ID, arg) || strings.EqualFold(strings.TrimSuffix(arg, ".md"), strings.TrimSuffix(path.Base(l.File), ".md")) {
			return l
		}
		if numErr == nil && n == i+1 {
			return l
		}
	}
	return nil
}

// IDs are the lessons' ids in course order, joined by ", ", for a
// message that lists the choices.
func (c *Course) IDs() string {
	ids := make([]string, 0, len(c.Lessons))
	for _, l := range c.Lessons {
		ids = append(ids, l.ID)
	}
	return strings.Join(ids, ", ")
}
