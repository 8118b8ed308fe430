package workbook_test

import (
	"reflect"
	"strings"
	"testing"

	"autonomy/workbook"
)

const (
	collapseWords = "When one collapses, pull back scope and repair the process before expanding again."
	safetyWords   = "Pause this process and seek qualified support if stress symptoms escalate or safety is compromised."
	boundaryWords = "If the second condition dominates, autonomy is not solved by more planning. It needs boundary work and formal channels."
)

func TestGuideWords(t *testing.T) {
	w := load(t)
	if got := workbook.CollapseWords(w); got != collapseWords {
		t.Errorf("CollapseWords = %q", got)
	}
	if got := workbook.SafetyWords(w); got != safetyWords {
		t.Errorf("SafetyWords = %q", got)
	}
	if got := workbook.BoundaryWords(w); got != boundaryWords {
		t.Errorf("BoundaryWords = %q", got)
	}
	// Word for word: each is in the guide's Markdown as written.
	guide := string(readContent(t, "guide.md"))
	for _, s := range []string{collapseWords, safetyWords, boundaryWords} {
		if !strings.Contains(guide, s) {
			t.Errorf("not in guide.md: %q", s)
		}
	}
	want := [3]string{"clearly defined ownership", "visible contribution", "accountable communication"}
	if got := workbook.StabilityItems(w); got != want {
		t.Errorf("StabilityItems = %q", got)
	}
	modes := []string{
		"confusing activity with progress",
		"using autonomy as a shield for poor communication",
		"mistaking confidence for certainty",
		"overcorrecting into silence or conflict avoidance",
	}
	if got := workbook.FailureModes(w); !reflect.DeepEqual(got, modes) {
		t.Errorf("FailureModes = %q", got)
	}
	for _, id := range []string{workbook.ClosingSection, workbook.FailureModesSection, workbook.RealitySection, workbook.SafetySection} {
		if _, ok := w.Section(id); !ok {
			t.Errorf("no section %q", id)
		}
	}
	if ex, ok := w.Exercise(workbook.ScopeExercise); !ok || ex.Kind != workbook.KindOnce {
		t.Errorf("scope exercise: %+v, %v", ex, ok)
	}
}

func TestGuideWordsFromAnotherGuide(t *testing.T) {
	guide := `# A guide

## A practical model: three autonomy levels

Levels.

## Build autonomy in 30 days

Days.

## Closing move

- ownership;
- contribution.

Keep going. When ONE collapses, narrow it! Then widen again.

## Common failure modes

- one,
- two.
`
	w, err := workbook.Parse([]byte(guide), readContent(t, "exercises.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := workbook.CollapseWords(w); got != "When ONE collapses, narrow it!" {
		t.Errorf("CollapseWords = %q", got)
	}
	if got := workbook.FailureModes(w); !reflect.DeepEqual(got, []string{"one", "two"}) {
		t.Errorf("FailureModes = %q", got)
	}
	// Not three items: the closing move's own words.
	if got := workbook.StabilityItems(w); got[0] != "clearly defined ownership" {
		t.Errorf("StabilityItems = %q", got)
	}
	if workbook.SafetyWords(w) != "" || workbook.BoundaryWords(w) != "" {
		t.Error("words of missing sections")
	}
	if workbook.CollapseWords(nil) != "" || workbook.FailureModes(nil) != nil {
		t.Error("nil workbook")
	}
}

func TestAdviseCheckIn(t *testing.T) {
	w := load(t)
	items := workbook.StabilityItems(w)
	n := 0
	for _, o := range workbook.Ratings {
		for _, c := range workbook.Ratings {
			for _, m := range workbook.Ratings {
				for _, stress := range []bool{false, true} {
					ci := workbook.CheckIn{Date: d("2026-11-05"), Ownership: o, Contribution: c, Communication: m, Stress: stress}
					name := string(o) + "/" + string(c) + "/" + string(m)
					if stress {
						name += "/stress"
					}
					var collapsed []string
					for i, r := range []workbook.Rating{o, c, m} {
						if r == workbook.RatingCollapsed {
							collapsed = append(collapsed, items[i])
						}
					}
					want := workbook.Advice{Collapsed: collapsed}
					if len(collapsed) > 0 {
						want.Guide, want.OfferScope = collapseWords, true
					}
					if stress {
						want.OfferPause, want.Boundary = true, safetyWords
					}
					got := workbook.AdviseCheckIn(w, ci)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
					}
					if got.IsZero() != (len(collapsed) == 0 && !stress) {
						t.Errorf("%s: IsZero = %v", name, got.IsZero())
					}
					if err := ci.Validate(); err != nil {
						t.Errorf("%s: %v", name, err)
					}
					n++
				}
			}
		}
	}
	if n != 54 {
		t.Errorf("%d combinations, want 27 with and without stress", n)
	}

	all := workbook.AdviseCheckIn(w, workbook.CheckIn{Ownership: "collapsed", Contribution: "collapsed", Communication: "collapsed"})
	if !reflect.DeepEqual(all.Collapsed, []string{"clearly defined ownership", "visible contribution", "accountable communication"}) {
		t.Errorf("all collapsed: %q", all.Collapsed)
	}
	if s := workbook.StressAdvice(w); !s.OfferPause || s.Boundary != safetyWords || s.OfferScope || s.Guide != "" {
		t.Errorf("StressAdvice = %+v", s)
	}
}

func TestCheckInValidate(t *testing.T) {
	ok := workbook.CheckIn{Date: d("2026-11-05"), Ownership: "stable", Contribution: "shaky", Communication: "collapsed", Note: "fine"}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid: %v", err)
	}
	bad := []struct {
		name string
		edit func(*workbook.CheckIn)
		msg  string
	}{
		{"no date", func(c *workbook.CheckIn) { c.Date = workbook.Date{} }, "no date"},
		{"no rating", func(c *workbook.CheckIn) { c.Ownership = "" }, "ownership: choose stable, shaky or collapsed"},
		{"other rating", func(c *workbook.CheckIn) { c.Contribution = "Stable" }, "contribution: choose stable, shaky or collapsed"},
		{"communication", func(c *workbook.CheckIn) { c.Communication = "gone" }, "communication: choose stable, shaky or collapsed"},
		{"long note", func(c *workbook.CheckIn) { c.Note = strings.Repeat("é", workbook.MaxTextareaRunes+1) }, "note: 8001 characters, at most 8000"},
		{"invalid UTF-8", func(c *workbook.CheckIn) { c.Note = "\xff" }, "note: not valid UTF-8"},
	}
	for _, tt := range bad {
		c := ok
		tt.edit(&c)
		if err := c.Validate(); err == nil || err.Error() != tt.msg {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.msg)
		}
	}
	c := ok
	c.Note = strings.Repeat("é", workbook.MaxTextareaRunes)
	if err := c.Validate(); err != nil {
		t.Errorf("note at the limit: %v", err)
	}
}

func TestReflection(t *testing.T) {
	modes := workbook.FailureModes(load(t))
	r := workbook.Reflection{Date: d("2026-11-05"), Modes: []int{3, 0}, Note: "quiet week"}
	if err := r.Validate(len(modes)); err != nil {
		t.Errorf("valid: %v", err)
	}
	if got := r.ModeNames(modes); !reflect.DeepEqual(got, []string{modes[0], modes[3]}) {
		t.Errorf("ModeNames = %q", got)
	}
	if err := (workbook.Reflection{Date: d("2026-11-05")}).Validate(len(modes)); err != nil {
		t.Errorf("none is a valid answer: %v", err)
	}
	bad := []struct {
		r   workbook.Reflection
		msg string
	}{
		{workbook.Reflection{Modes: []int{0}}, "no date"},
		{workbook.Reflection{Date: d("2026-11-05"), Modes: []int{4}}, "failure mode 5: there are 4"},
		{workbook.Reflection{Date: d("2026-11-05"), Modes: []int{-1}}, "failure mode 0: there are 4"},
		{workbook.Reflection{Date: d("2026-11-05"), Modes: []int{1, 2, 1}}, "failure mode 2: given twice"},
		{workbook.Reflection{Date: d("2026-11-05"), Note: strings.Repeat("x", workbook.MaxTextareaRunes+1)}, "note: 8001 characters, at most 8000"},
	}
	for _, tt := range bad {
		if err := tt.r.Validate(len(modes)); err == nil || err.Error() != tt.msg {
			t.Errorf("%+v: %v, want %q", tt.r.Modes, err, tt.msg)
		}
	}
	if got := (workbook.Reflection{Modes: []int{9}}).ModeNames(modes); got != nil {
		t.Errorf("unknown index: %q", got)
	}
}
