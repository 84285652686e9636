package lessons

import "slices"

// Summary is one lesson at a glance, for listings such as
// `kubekurs lessons list`. The json tags are the listing's JSON keys.
type Summary struct {
	// ID, Title, Description and File are the lesson's own.
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	File        string `json:"file"`
	// Steps is the number of steps.
	Steps int `json:"steps"`
	// Minutes is the estimated time.
	Minutes int `json:"minutes"`
	// Requires are the capabilities the whole lesson needs (never nil).
	Requires []string `json:"requires"`
	// StepRequires are the capabilities single steps need beyond the
	// lesson's; without them those steps are skipped.
	StepRequires []StepRequirement `json:"stepRequires,omitempty"`
}

// StepRequirement is what one step needs beyond its lesson.
type StepRequirement struct {
	// Step is the step's number; 1 is the first.
	Step int `json:"step"`
	// Requires are the capabilities, without the lesson's own.
	Requires []string `json:"requires"`
}

// Summaries are the course's lessons at a glance, in course order.
func (c *Course) Summaries() []Summary {
	all := make([]Summary, 0, len(c.Lessons))
	for _, l := range c.Lessons {
		s := Summary{
			ID:          l.ID,
			Title:       l.Title,
			Description: l.Description,
			File:        l.File,
			Steps:       len(l.Steps),
			Minutes:     l.Minutes,
			Requires:    append([]string{}, l.Requires...),
		}
		for i, step := range l.Steps {
			var extra []string
			for _, r := range step.Options.Requires {
				if !slices.Contains(l.Requires, r) && !slices.Contains(extra, r) {
					extra = append(extra, r)
				}
			}
			if len(extra) > 0 {
				s.StepRequires = append(s.StepRequires, StepRequirement{Step: i + 1, Requires: extra})
			}
		}
		all = append(all, s)
	}
	return all
}
