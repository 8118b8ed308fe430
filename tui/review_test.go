package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"autonomy/workbook"
)

// saveScope saves the open run's scope sentence through the store.
func saveScope(t *testing.T, d *driver, st Store, text string) {
	t.Helper()
	ex, _ := d.m.wb.Exercise("scope")
	run := d.m.prog.openRun()
	entryID := ""
	if e, ok := workbook.FindEntry(d.m.prog.entries, "scope"); ok {
		entryID = e.ID
	}
	a := workbook.Answer{Fields: map[string]string{"scope": text}}
	if _, err := st.SaveAnswer(context.Background(), run.ID, ex, entryID, a, workbook.Date{}, d.m.now()); err != nil {
		t.Fatal(err)
	}
	d.run(d.m.reloadCmd())
}

func TestReviewSearchOpenRevisionsAndDiff(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 30)
	startRun(t, d, "Own the release process")
	saveScope(t, d, st, "I own the release checklist.")
	saveScope(t, d, st, "I own the release checklist and the rollout.")

	d.key("r")
	if d.onTop() != "Review" {
		t.Fatal("r should open the review")
	}
	d.requireScreen("Review", "2 entries", "Run 1 · Clarity baseline", "Scope", "2 versions", "Your challenge")

	// Search as you type: the count follows the query.
	d.key("/")
	d.typeText("rollo")
	d.requireScreen("1 match", "Scope")
	d.requireNot("Your challenge")
	d.typeText("x")
	d.requireScreen("No entry matches “rollox”.")
	d.send(keyMsg("backspace"))
	d.key("enter")

	// Open it: the newest version, then the older one, then the diff.
	d.key("enter")
	d.requireScreen("Version 2 of 2", "I own the release checklist and the rollout.")
	d.key("[")
	d.requireScreen("Version 1 of 2", "I own the release checklist.")
	d.key("]", "d")
	d.requireScreen("What changed from version 1", "~ Your scope in one sentence: I own the release checklist. →", "    the rollout.")
	d.key("esc", "esc")
	if layer[*entryScreen](d) != nil {
		t.Fatal("esc twice should close the diff, then the entry")
	}
	d.key("esc", "esc") // clear the search, then leave
	if d.onTop() != "Home" {
		t.Fatalf("esc should go back to Home, at %q", d.onTop())
	}
}

func TestReviewCompareDayOneAndNow(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 30)
	startRun(t, d, "Own the release process")
	saveScope(t, d, st, "I own the checklist.")
	saveScope(t, d, st, "I own the checklist and hotfix timing.")
	d.key("r", "c")
	d.requireScreen("Day 1 against now", "I own the checklist.", "I own the checklist and hotfix timing.")
	if !strings.Contains(d.screen(), "Day 1") || !strings.Contains(d.screen(), "Now") {
		t.Fatal("columns should be labelled")
	}
}

func TestReviewNoColorDiffHasMarkers(t *testing.T) {
	st := openStore(t, "")
	d := newDriver(t, Options{Store: st, Now: func() time.Time { return day1 }, NoColor: true, StateDir: t.TempDir()}, 100, 30)
	d.run(d.m.reloadCmd())
	startRun(t, d, "Own the release process")
	saveScope(t, d, st, "one")
	saveScope(t, d, st, "two")
	d.key("r", "enter", "d")
	out := d.m.View().Content
	if strings.Contains(out, "38;5;") {
		t.Fatal("NO_COLOR diff has colours")
	}
	d.requireScreen("~ Your scope in one sentence: one → two", "+ added · - removed · ~ changed")
}

// A snippet whose match lies beyond the width shows the match, after "…"
// and a little of the text before it; one that fits is left alone.
func TestSnippetKeepsTheMatchInView(t *testing.T) {
	mark := func(s string) string { return "[" + s + "]" }
	m := func(w string) string { return workbook.MatchStart + w + workbook.MatchEnd }
	for _, c := range []struct {
		snippet string
		width   int
		want    string
	}{
		{"I own the release checklist, the go/no-go call and " + m("hotf") + "ix timing.", 40, "…go call and [hotf]ix timing."},
		{"short " + m("hit") + " here", 40, "short [hit] here"},
		{"…the numbers arrive on " + m("Tuesday") + ". We agreed on the handoff", 25, "…on [Tuesday]. We agreed o…"},
		{m("first") + " word is the match and the line is long enough to be cut", 20, "[first] word is the m…"},
		{"no match at all in this rather long line of text", 12, "no match at…"},
	} {
		got := highlightMarks(c.snippet, c.width, mark)
		if got != c.want {
			t.Errorf("%q in %d: got %q, want %q", c.snippet, c.width, got, c.want)
		}
		if w := ansi.StringWidth(got); w > c.width+2 { // +2: the test's brackets
			t.Errorf("%q: %d columns, more than %d", got, w, c.width)
		}
	}
}

// While a search is on its way, the count still names the list shown:
// not the old list's number with the word "matches".
func TestReviewCountNamesWhatIsShown(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 30)
	startRun(t, d, "Own the release process")
	saveScope(t, d, st, "I own the release checklist.")
	d.key("r", "/")
	d.requireScreen("2 entries")
	_, cmd := d.m.Update(tea.KeyPressMsg{Code: 'z', Text: "z"})
	if s := d.screen(); !strings.Contains(s, "2 entries") || strings.Contains(s, "2 matches") {
		t.Errorf("before the search came back:\n%s", s)
	}
	d.run(cmd)
	d.requireScreen("0 matches", "No entry matches “z”.")
}

// A broad search says how many it counted and that there are more, newest
// first, never "best first"; scrolling loads past the count, which grows;
// a search of a few revisions is ranked, best first; the filter lists
// count the same way.
func TestReviewBroadSearchCountsWhatItCan(t *testing.T) {
	ctx := context.Background()
	wb := loadWorkbook(t)
	st := openStore(t, "")
	if err := st.SetExercises(ctx, wb.Exercises); err != nil {
		t.Fatal(err)
	}
	report, _ := wb.ByRole(workbook.RoleReport)
	start := day1.AddDate(0, 0, -1200)
	run := workbook.RunArchive{Run: workbook.Run{ID: "r1", Number: 1, StartedAt: start}}
	const n = 1100
	for i := range n {
		at := start.Add(time.Duration(i) * time.Hour)
		text := fmt.Sprintf("weekly numbers, report%04d", i)
		run.Entries = append(run.Entries, workbook.EntryArchive{ID: fmt.Sprintf("e%04d", i), Exercise: report.ID,
			Date: workbook.DateOf(at), CreatedAt: at, Revisions: []workbook.Revision{{ID: fmt.Sprintf("v%04d", i), SavedAt: at,
				Answer: workbook.Answer{Fields: map[string]string{report.Fields[0].ID: text}}}}})
	}
	if _, err := st.Import(ctx, workbook.Archive{Runs: []workbook.RunArchive{run}}); err != nil {
		t.Fatal(err)
	}
	d := newProgramDriver(t, st, day1, 100, 30)
	d.key("r", "/")
	d.typeText("weekly")
	d.requireScreen("1,000+ matches, newest first", "report1099")
	d.requireNot("best first")
	d.key("enter")
	for range 12 { // to the end, a page at a time
		d.key("G")
	}
	if rv := review(d); len(rv.items) != n || rv.more {
		t.Fatalf("%d items loaded, more %v", len(rv.items), rv.more)
	}
	d.requireScreen("1,100 matches, newest first", "report0000")

	d.key("/")
	d.typeText(" report100")
	d.requireScreen("10 matches, best first")

	// The filter lists: the phases' counts with the broad search.
	d.key("backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace",
		"backspace", "backspace", "enter", "p")
	d.requireScreen("Filter by phase", "All phases", "1,000+")
}

// A search hit reads like the entry's summary: the form's fields in their
// order, each after its short name, not the stored values bare in the
// order the search's text keeps them; and the part that matched in view.
func TestReviewSearchHitInTheExercisesWords(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 120, 30)
	startRun(t, d, "Own the release process")
	report, _ := d.m.wb.ByRole(workbook.RoleReport)
	a := workbook.Answer{Fields: map[string]string{}}
	for i, text := range []string{"Moved the deploy window", "The hotfix slipped", "Sign-off rule, to Dana"} {
		a.Fields[report.Fields[i].ID] = text
	}
	a.Fields[report.FieldID(workbook.FieldRoleStress)] = workbook.No
	saveAnswer(t, d, st, workbook.RoleReport, "", a)
	failed, escalated := report.Fields[1].Short, report.Fields[2].Short
	if failed == "" || escalated == "" {
		t.Fatal("the report's second and third fields have short names in the content")
	}

	d.key("r", "/")
	d.typeText("window")
	d.requireScreen("1 match", "Moved the deploy window · "+failed+": The hotfix slipped · "+escalated+": Sign-off rule, to Dana")
	d.requireNot(" · No", " · no")
	// At 60 columns the match's part stays whole, named.
	d.send(windowSize(60, 24))
	d.send(keyMsg("ctrl+u"))
	d.typeText("dana")
	d.requireScreen("… " + escalated + ": Sign-off rule, to Dana")
}
