package lessons

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// WrongAttempt is one ```wrong block: a typical mistake a learner makes in
// the step, which the step's checks must catch with a hint that helps.
// `kubekurs lessons test` runs it in a fresh Namespace: Before, then the
// solutions of the steps before this one, then Attempt; a criterion whose
// text contains Fails must then fail, with a hint containing Hint. When
// Fix or Redo is set, the hint must also lead on: after Fix (and the
// step's solution again, if Redo) the step must pass.
//
// The block is YAML; its keys are the yaml tags of wrongBlock:
//
//	name: glemt --restart=Never            # required: what the mistake is
//	before: kubectl run nginx --image=…    # optional: kubectl lines run first
//	commands: |                            # the attempt: kubectl lines …
//	  kubectl run hallo --image=busybox:1.36 -- sleep 3600
//	manifest: |                            # … or a manifest (kubectl apply -f -)
//	fails: restartPolicy                   # required: part of the criterion that fails
//	hint: --restart=Never                  # optional: part of that criterion's hint
//	fix: kubectl delete pod hallo          # optional: kubectl lines the hint tells the learner to run
//	redo: true                             # optional: run the step's solution again after fix
//
// Neither commands nor manifest means the learner's attempt failed and
// changed nothing (kubectl refused it), so only the state before counts.
type WrongAttempt struct {
	// Name says what the mistake is.
	Name string
	// Before sets up a dirty state (an object left over from an earlier
	// lesson, a failed first try); nil when there is none.
	Before *Solution
	// Attempt is the mistake itself, commands or a manifest; nil when the
	// attempt changed nothing.
	Attempt *Solution
	// Fails is part of the text of a criterion that must fail.
	Fails string
	// Hint is part of the hint that criterion must show; empty means any.
	Hint string
	// Fix is what the hint tells the learner to run; nil when none. Each
	// of its lines must appear in the step's hints or the verdict's.
	Fix *Solution
	// Redo runs the step's solution again after Fix.
	Redo bool
	// Line is the line of the block's fence in the lesson file.
	Line int
}

// wrongBlock is the YAML shape of a ```wrong block; other keys are errors.
type wrongBlock struct {
	Name     string `yaml:"name"`
	Before   string `yaml:"before"`
	Commands string `yaml:"commands"`
	Manifest string `yaml:"manifest"`
	Fails    string `yaml:"fails"`
	Hint     string `yaml:"hint"`
	Fix      string `yaml:"fix"`
	Redo     bool   `yaml:"redo"`
}

// wrongMeta is where a ```wrong block's pieces are, for the validator: the
// block, and for each of its command texts the file line of each command.
type wrongMeta struct {
	blockMeta
	lines map[string][]int // "before", "commands", "fix" → file line per command
}

// addWrong parses a ```wrong block into s.Wrong, and where its pieces are
// into s.meta.wrong at the same index. A block that does not parse is
// reported and left out.
func addWrong(file string, s *Step, m blockMeta, ps *problems) {
	wm := wrongMeta{blockMeta: m, lines: map[string][]int{}}
	var raw wrongBlock
	wm.root = decodeBlock(file, &wm.blockMeta, &raw, inWrongBlock, ps)
	if wm.broken {
		return
	}
	w := &WrongAttempt{Name: strings.TrimSpace(raw.Name), Fails: raw.Fails, Hint: raw.Hint, Redo: raw.Redo, Line: m.fence}
	w.Before = wm.commands(file, "before", raw.Before, ps)
	w.Attempt = wm.commands(file, "commands", raw.Commands, ps)
	w.Fix = wm.commands(file, "fix", raw.Fix, ps)
	if raw.Manifest != "" {
		if w.Attempt != nil {
			ps.add(file, m.p.at(keyNode(wm.root, "manifest")), msgWrongBoth)
		} else {
			w.Attempt = &Solution{Kind: SolutionManifest, Text: raw.Manifest, Line: wm.valueLine("manifest")}
		}
	}
	s.Wrong = append(s.Wrong, w)
	s.meta.wrong = append(s.meta.wrong, wm)
}

// commands splits the kubectl lines under key into a commands Solution,
// nil when text is empty. A line that does not split is reported.
func (wm *wrongMeta) commands(file, key, text string, ps *problems) *Solution {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	first := wm.valueLine(key)
	cmds, err := splitCommands(text)
	if err != nil {
		addErrors(ps, file, piece{first: first}, first, err)
		wm.broken = true
		return nil
	}
	sol := &Solution{Kind: SolutionCommands, Text: text, Line: first}
	for _, c := range cmds {
		sol.Commands = append(sol.Commands, c.argv)
		wm.lines[key] = append(wm.lines[key], first+c.line-1)
	}
	return sol
}

// valueLine is the file line where the text under key starts: the line
// after the key for a block scalar (| or >), the key's own line otherwise.
func (wm *wrongMeta) valueLine(key string) int {
	v := valueNode(wm.root, key)
	if v == nil {
		return wm.fence
	}
	line := wm.p.at(v)
	if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		line++
	}
	return line
}
