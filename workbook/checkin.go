package workbook

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Sections of the guide the feedback loops quote, by id.
const (
	ClosingSection      = "closing-move"
	FailureModesSection = "common-failure-modes"
	RealitySection      = "leadership-and-workplace-reality"
)

// ScopeExercise is the exercise a collapsed check-in offers to open, to
// narrow the scope. Phase 2 of issue 11 removes it for RoleScope.
const ScopeExercise = "scope"

// Rating is how one of the three things of the closing move stands.
type Rating string

const (
	RatingStable    Rating = "stable"
	RatingShaky     Rating = "shaky"
	RatingCollapsed Rating = "collapsed"
)

// Ratings lists the ratings from best to worst.
var Ratings = []Rating{RatingStable, RatingShaky, RatingCollapsed}

// Valid reports whether r is one of Ratings.
func (r Rating) Valid() bool {
	return r == RatingStable || r == RatingShaky || r == RatingCollapsed
}

// CheckIn is a stability check-in, the guide's closing move: how the three
// things autonomy needs stand. A person may check in as often as they
// like; Home suggests it once a run week.
type CheckIn struct {
	ID      string
	Date    Date
	SavedAt time.Time

	Ownership     Rating // clearly defined ownership
	Contribution  Rating // visible contribution
	Communication Rating // accountable communication
	Note          string

	// NormalWeek answers "did the program fit into a normal week?"; a no
	// brings the guide's words on the workload (Advice.Workload).
	NormalWeek YesNo

	// Stress is set when stress symptoms escalate or safety is
	// compromised: the workbook offers to pause the run.
	Stress bool
}

// Validate checks a check-in before it is saved: a date, three valid
// ratings and a note of at most MaxTextareaRunes. The error can be shown
// as is.
func (c CheckIn) Validate() error {
	if c.Date.IsZero() {
		return errors.New("no date")
	}
	for _, r := range []struct {
		name string
		r    Rating
	}{{"ownership", c.Ownership}, {"contribution", c.Contribution}, {"communication", c.Communication}} {
		if !r.r.Valid() {
			return fmt.Errorf("%s: choose stable, shaky or collapsed", r.name)
		}
	}
	return validateNote(c.Note)
}

func validateNote(note string) error {
	if !utf8.ValidString(note) {
		return errors.New("note: not valid UTF-8")
	}
	if n := utf8.RuneCountInString(note); n > MaxTextareaRunes {
		return fmt.Errorf("note: %d characters, at most %d", n, MaxTextareaRunes)
	}
	return nil
}

// Advice is what the workbook says after a check-in (or a report that
// flags stress). The zero Advice says nothing.
type Advice struct {
	// Collapsed names the collapsed items in the guide's words and order
	// ("clearly defined ownership", ...).
	Collapsed []string
	// Guide is the guide's sentence for a collapse, word for word: "When
	// one collapses, pull back scope and repair the process before
	// expanding again."
	Guide string
	// OfferScope: offer to open ScopeExercise to narrow the scope.
	OfferScope bool
	// OfferPause: offer to pause the run (when Run.CanPause says it can)
	// and show Boundary.
	OfferPause bool
	// Boundary is the guide's safety-boundary sentence, word for word:
	// "Pause this process and seek qualified support if stress symptoms
	// escalate or safety is compromised."
	Boundary string
	// Workload is the guide's two sentences on the workload, word for
	// word, when the program did not fit into a normal week: "Keep the
	// workload compatible with your normal week. Consistency matters more
	// than intensity."
	Workload string
}

// IsZero reports whether the advice says nothing.
func (a Advice) IsZero() bool {
	return len(a.Collapsed) == 0 && a.Guide == "" && !a.OfferScope && !a.OfferPause && a.Boundary == "" && a.Workload == ""
}

// AdviseCheckIn is the advice for a check-in: when any of the three is
// collapsed, the guide's closing sentence and the offer to narrow the
// scope; when it flags stress, the offer to pause with the safety
// boundary; when the program did not fit into a normal week, the guide's
// words on the workload. The guide's words are taken from wb's blocks.
func AdviseCheckIn(wb *Workbook, c CheckIn) Advice {
	var a Advice
	items := StabilityItems(wb)
	for i, r := range []Rating{c.Ownership, c.Contribution, c.Communication} {
		if r == RatingCollapsed {
			a.Collapsed = append(a.Collapsed, items[i])
		}
	}
	if len(a.Collapsed) > 0 {
		a.Guide = CollapseWords(wb)
		a.OfferScope = true
	}
	if c.Stress {
		s := StressAdvice(wb)
		a.OfferPause, a.Boundary = s.OfferPause, s.Boundary
	}
	if c.NormalWeek == AnsweredNo {
		a.Workload = WorkloadWords(wb)
	}
	return a
}

// ProgramSection is the id of the guide's section of the 30-day program.
const ProgramSection = "build-autonomy-in-30-days"

// WorkloadWords is the guide's paragraph on the workload, word for word:
// "Keep the workload compatible with your normal week. Consistency matters
// more than intensity."; "" when the guide lacks it.
func WorkloadWords(wb *Workbook) string {
	return guideParagraph(wb, ProgramSection, "normal week")
}

// StressAdvice is the advice when a check-in or a report flags that stress
// symptoms escalate or safety is compromised: offer to pause the run and
// show the safety boundary.
func StressAdvice(wb *Workbook) Advice {
	return Advice{OfferPause: true, Boundary: SafetyWords(wb)}
}

// defaultStability names the three things of the closing move when the
// guide does not list exactly three.
var defaultStability = [3]string{"clearly defined ownership", "visible contribution", "accountable communication"}

// StabilityItems are the three things the closing move says must stay
// stable, in the guide's words without the trailing comma or period:
// ownership, contribution, communication.
func StabilityItems(wb *Workbook) [3]string {
	items := guideItems(wb, ClosingSection)
	if len(items) != 3 {
		return defaultStability
	}
	return [3]string{items[0], items[1], items[2]}
}

// CollapseWords is the closing move's sentence for a collapse, word for
// word ("When one collapses, ..."); "" when the guide lacks it.
func CollapseWords(wb *Workbook) string {
	return guideSentence(wb, ClosingSection, "collapses")
}

// SafetyWords is the safety boundary's sentence on pausing, word for word
// ("Pause this process and seek qualified support ..."); "" when the guide
// lacks it.
func SafetyWords(wb *Workbook) string {
	return guideSentence(wb, SafetySection, "pause this process")
}

// BoundaryWords is what the guide says about constraints that are not
// reasonable, word for word: the paragraph of "Leadership and workplace
// reality" on boundary work and formal channels; "" when the guide lacks
// it.
func BoundaryWords(wb *Workbook) string {
	return guideParagraph(wb, RealitySection, "boundary work")
}

// FailureModes are the guide's common failure modes, its list items in
// order without the trailing comma or period ("confusing activity with
// progress", ...). A Reflection points to them by index.
func FailureModes(wb *Workbook) []string {
	return guideItems(wb, FailureModesSection)
}

// Reflection is a failure-mode reflection: which of the common failure
// modes the person fell into this week, and a note.
type Reflection struct {
	ID      string
	Date    Date
	SavedAt time.Time
	Modes   []int // indexes into FailureModes, each at most once
	Note    string
}

// Validate checks a reflection before it is saved against the number of
// failure modes: a date, indexes in range and not repeated, a note of at
// most MaxTextareaRunes. The error can be shown as is.
func (r Reflection) Validate(modes int) error {
	if r.Date.IsZero() {
		return errors.New("no date")
	}
	seen := make(map[int]bool, len(r.Modes))
	for _, m := range r.Modes {
		if m < 0 || m >= modes {
			return fmt.Errorf("failure mode %d: there are %d", m+1, modes)
		}
		if seen[m] {
			return fmt.Errorf("failure mode %d: given twice", m+1)
		}
		seen[m] = true
	}
	return validateNote(r.Note)
}

// ModeNames returns the names of the reflection's failure modes, in the
// order of modes (FailureModes' result); unknown indexes are left out.
func (r Reflection) ModeNames(modes []string) []string {
	var out []string
	for i, name := range modes {
		for _, m := range r.Modes {
			if m == i {
				out = append(out, name)
				break
			}
		}
	}
	return out
}

// guideItems are the list items of a section, trimmed of spaces and of a
// trailing comma, semicolon or period.
func guideItems(wb *Workbook, sectionID string) []string {
	sec, ok := wb.Section(sectionID)
	if !ok {
		return nil
	}
	var out []string
	for _, b := range sec.Blocks {
		if b.Kind == BlockListItem {
			out = append(out, strings.TrimSpace(strings.TrimRight(strings.TrimSpace(b.Text), ",;.")))
		}
	}
	return out
}

// guideParagraph is the first paragraph of a section that contains key,
// ignoring case; "" when none does.
func guideParagraph(wb *Workbook, sectionID, key string) string {
	sec, ok := wb.Section(sectionID)
	if !ok {
		return ""
	}
	key = strings.ToLower(key)
	for _, b := range sec.Blocks {
		if b.Kind == BlockParagraph && strings.Contains(strings.ToLower(b.Text), key) {
			return b.Text
		}
	}
	return ""
}

// guideSentence is the sentence that contains key, ignoring case, of the
// first paragraph of a section that contains it; "" when none does. A
// sentence ends at ".", "!" or "?" followed by a space or the end.
func guideSentence(wb *Workbook, sectionID, key string) string {
	p := guideParagraph(wb, sectionID, key)
	key = strings.ToLower(key)
	start := 0
	for i := 0; i < len(p); i++ {
		if !strings.ContainsRune(".!?", rune(p[i])) || (i+1 < len(p) && p[i+1] != ' ') {
			continue
		}
		if s := strings.TrimSpace(p[start : i+1]); strings.Contains(strings.ToLower(s), key) {
			return s
		}
		start = i + 1
	}
	if s := strings.TrimSpace(p[start:]); strings.Contains(strings.ToLower(s), key) {
		return s
	}
	return ""
}
