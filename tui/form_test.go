package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"autonomy/store"
	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
)

// openStore opens a real database in a temporary directory.
func openStore(t testing.TB, path string) *store.Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "autonomy.db")
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	// As the app does on opening: the store reads runs by the roles of
	// the workbook's exercises.
	if err := st.SetExercises(context.Background(), loadWorkbook(t).Exercises); err != nil {
		t.Fatal(err)
	}
	return st
}

var day1 = time.Date(2026, 11, 2, 9, 30, 0, 0, time.Local)

// newProgramDriver is a driver on a real store at a fixed date, with the
// program loaded.
func newProgramDriver(t testing.TB, st *store.Store, now time.Time, w, h int) *driver {
	t.Helper()
	d := newDriver(t, Options{Store: st, Now: func() time.Time { return now }, StateDir: t.TempDir()}, w, h)
	d.run(d.m.reloadCmd())
	return d
}

// sync runs the commands a store round trip needs (saves, reloads).
func (d *driver) paste(s string) {
	d.t.Helper()
	d.send(tea.PasteMsg{Content: s})
}

func (d *driver) ctrl(r rune) {
	d.t.Helper()
	d.send(tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl})
}

// chooseLevel goes from the challenge to the level today and chooses the
// first: nothing is chosen for the person.
func chooseLevel(d *driver) {
	d.t.Helper()
	d.key("tab")
	d.key("tab")
	d.key("down")
}

func startRun(t *testing.T, d *driver, challenge string) {
	t.Helper()
	d.requireScreen("Next: Start a run")
	d.key("enter")
	if d.m.form() == nil || d.m.form().ex.ID != "challenge" {
		t.Fatalf("enter on the next step should open the challenge form:\n%s", d.screen())
	}
	d.paste(challenge)
	chooseLevel(d)
	d.ctrl('s')
	if d.m.form() != nil {
		t.Fatalf("ctrl+s should save and close the form:\n%s", d.screen())
	}
	d.requireScreen("Saved 09:30", "Run 1 · Day 1 of 30 · Clarity baseline")
}

func TestStartRunAndSaveScope(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "Ship the billing migration")
	d.requireScreen("Challenge: Ship the billing migration", "Next: Day 1: Scope")

	d.key("enter")
	if d.m.form() == nil || d.m.form().ex.ID != "scope" {
		t.Fatalf("next step should open the scope form:\n%s", d.screen())
	}
	// Two sentences are refused, with the reason, and nothing is lost.
	d.paste("I own billing. I also own payments.")
	d.ctrl('s')
	if d.m.form() == nil {
		t.Fatal("a two-sentence scope must be refused")
	}
	d.requireScreen("one sentence")
	if got := *d.m.form().values["scope"]; got != "I own billing. I also own payments." {
		t.Fatalf("the refused text was changed: %q", got)
	}
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // clear the line
	d.paste("I own billing.")
	d.key("enter") // enter on the last (only) field saves
	if d.m.form() != nil {
		t.Fatalf("enter on the last field should save:\n%s", d.screen())
	}
	runs, _ := st.Runs(context.Background())
	entries, _ := st.Entries(context.Background(), runs[0].ID)
	e, ok := workbook.FindEntry(entries, "scope")
	if !ok || e.Current.Answer.Fields["scope"] != "I own billing." {
		t.Fatalf("scope not saved: %+v", entries)
	}
	d.requireScreen("✓ Scope", "Next: Day 1: Recurring blockers")
}

func TestPasteIsSanitizedOnScreenAndLimited(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "A challenge")
	report, _ := d.m.wb.Exercise("report")
	d.run(d.m.openExercise(report))
	nasty := "before\x1b]2;x\x07 \x1b[2J mid\rdle \u202eevil after"
	d.paste(nasty)
	if got := *d.m.form().values["changed"]; !strings.Contains(got, "before") || !strings.Contains(got, "after") {
		t.Fatalf("paste not taken: %q", got)
	}
	out := d.m.View().Content
	for _, bad := range []string{"\x1b]2;", "\x1b[2J", "\r", "\u202e", "\x07"} {
		if strings.Contains(out, bad) {
			t.Fatalf("screen holds %q", bad)
		}
	}
	d.requireScreen("before", "evil after")

	before := *d.m.form().values["changed"]
	d.paste(strings.Repeat("x", workbook.MaxTextareaRunes))
	if *d.m.form().values["changed"] != before {
		t.Fatal("an over-limit paste must not change the field")
	}
	d.requireScreen("Paste refused")
}

func TestDraftKeptOnEscAndDiscarded(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "A challenge")
	d.key("enter") // scope
	d.paste("I own the rollout")
	d.key("esc")
	if d.m.form() != nil {
		t.Fatal("esc should leave the form")
	}
	drafts, _ := st.Drafts(context.Background())
	if len(drafts) != 1 || drafts[0].Answer.Fields["scope"] != "I own the rollout" {
		t.Fatalf("draft not kept: %+v", drafts)
	}
	d.requireScreen("Drafts", "draft from 09:30")

	scope, _ := d.m.wb.Exercise("scope")
	d.run(d.m.openExercise(scope))
	d.requireScreen("Draft from 09:30 — ctrl+s saves it, ctrl+d discards it", "I own the rollout")
	d.ctrl('d')
	if got := *d.m.form().values["scope"]; got != "" {
		t.Fatalf("discard should return to the saved answer (none): %q", got)
	}
	drafts, _ = st.Drafts(context.Background())
	if len(drafts) != 0 {
		t.Fatalf("discarded draft still stored: %+v", drafts)
	}
}

func TestDraftWrittenAfterAPause(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "A challenge")
	d.key("enter")
	d.ticks = nil
	d.typeText("I o")
	drafts, _ := st.Drafts(context.Background())
	if len(drafts) != 0 {
		t.Fatal("no draft before the pause")
	}
	// Only the timer of the last change writes: the earlier ones are stale.
	d.fireTicks()
	drafts, _ = st.Drafts(context.Background())
	if len(drafts) != 1 || drafts[0].Answer.Fields["scope"] != "I o" {
		t.Fatalf("draft not written after the pause: %+v", drafts)
	}
}

func TestReaderOpensTheSectionsExercise(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "A challenge")
	// Section 2 has one exercise: e opens it directly.
	d.run(d.m.openReader(1, 0))
	d.key("e")
	if d.m.form() != nil {
		t.Fatal("the self-assessment is not due on day 1: no form")
	}
	d.requireScreen("after day 30")
	// Section 3 has several: a picker.
	d.key("l", "e")
	if layer[*pickerScreen](d) == nil {
		t.Fatalf("several exercises should open a picker:\n%s", d.screen())
	}
	d.requireScreen("Exercises of “Build autonomy in 30 days”", "Scope")
	d.key("j", "enter")
	if d.m.form() == nil || d.m.form().ex.ID != "scope" {
		t.Fatalf("picker should open the scope form")
	}
	d.key("esc")
	if d.onTop() != "Reader" {
		t.Fatal("esc should return to the reader")
	}
}

func TestSaveKeepsTheListItemBeingEdited(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "A challenge")
	blockers, _ := d.m.wb.Exercise("blockers")
	d.run(d.m.openExercise(blockers))
	d.key("enter") // "+ Add an item"
	d.typeText("QA")
	d.ctrl('s') // without enter: the item is still being edited
	if d.m.form() != nil {
		t.Fatalf("should save:\n%s", d.screen())
	}
	runs, _ := st.Runs(context.Background())
	entries, _ := st.Entries(context.Background(), runs[0].ID)
	e, _ := workbook.FindEntry(entries, "blockers")
	items := e.Current.Answer.Lists["items"]
	if len(items) != 1 || items[0].Text != "QA" || items[0].ID == "" {
		t.Fatalf("the item being typed was lost: %+v", items)
	}
	// Saving again without a change adds no revision.
	d.run(d.m.openExercise(blockers))
	d.ctrl('s')
	revs, _ := st.Revisions(context.Background(), e.ID)
	if len(revs) != 1 {
		t.Fatalf("an unchanged save made a revision: %d", len(revs))
	}
	d.requireScreen("Nothing changed.")
}

func TestPasteIntoAOneLineFieldIsCleaned(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "A challenge")
	d.key("enter") // the scope, a one-line field
	d.paste("I own \x1b]2;x\x07the \u202erelease\x1b[2J.")
	got := *d.m.form().values["scope"]
	for _, bad := range []string{"\x1b", "\u202e", "\x07"} {
		if strings.Contains(got, bad) {
			t.Fatalf("value holds %q: %q", bad, got)
		}
	}
	if !strings.Contains(got, "release") {
		t.Fatalf("the text itself is kept: %q", got)
	}
	out := d.m.View().Content
	if strings.Contains(out, "\u202e") || strings.Contains(out, "]2;x") {
		t.Fatal("the screen shows the sequence")
	}
}

// A 1 MiB paste and a 12,000-line paste into a multi-line field are
// refused whole, visibly, and the field keeps what it had; one that fits
// is taken in full.
func TestHugePastesAreRefusedWholeNeverCut(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "A challenge")
	report, _ := d.m.wb.Exercise("report")
	d.run(d.m.openExercise(report))
	d.paste("kept")
	for _, big := range []string{strings.Repeat("x", 1<<20), strings.Repeat("line\n", 12000)} {
		d.paste(big)
		if got := *d.m.form().values["changed"]; got != "kept" {
			t.Fatalf("the field changed to %d characters", len(got))
		}
		d.requireScreen("Paste refused")
	}
	fits := strings.Repeat("é", workbook.MaxTextareaRunes-4)
	d.paste(fits)
	if got := *d.m.form().values["changed"]; got != "kept"+fits {
		t.Fatalf("a paste that fits must be taken whole: %d runes", len([]rune(got)))
	}
}

// Invalid UTF-8 and NUL typed or pasted are normalised before storage:
// U+FFFD for the one, nothing for the other.
func TestInvalidUTF8AndNULAreNormalisedBeforeStorage(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "A challenge")
	report, _ := d.m.wb.Exercise("report")
	d.run(d.m.openExercise(report))
	d.paste("bad \xff byte and a \x00NUL")
	d.ctrl('s')
	if d.m.form() != nil {
		t.Fatalf("should save:\n%s", d.screen())
	}
	runs, _ := st.Runs(context.Background())
	entries, _ := st.Entries(context.Background(), runs[0].ID)
	e, _ := workbook.FindEntry(entries, "report")
	if got := e.Current.Answer.Fields["changed"]; got != "bad \ufffd byte and a NUL" {
		t.Fatalf("stored %q", got)
	}
}

// Resizing to nothing and back in the middle of a form loses nothing.
func TestResizeToNothingInAFormKeepsItsContent(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "A challenge")
	report, _ := d.m.wb.Exercise("report")
	d.run(d.m.openExercise(report))
	d.paste("what changed")
	for _, s := range [][2]int{{1, 1}, {0, 0}, {3, 2}, {0, 0}, {100, 40}, {1, 1}, {80, 24}} {
		d.send(windowSize(s[0], s[1]))
		if s[0] > 0 && s[0] < minWidth && !strings.Contains(d.screen(), "Terminal too small"[:min(s[0], 18)]) {
			t.Fatalf("%v: %q", s, d.screen())
		}
	}
	if got := *d.m.form().values["changed"]; got != "what changed" {
		t.Fatalf("content after resizes: %q", got)
	}
	d.requireScreen("what changed")
}

// A save that fails (here: its run is not in the database yet, as a full
// disk would refuse it) keeps the form, its text and a draft, says why,
// and is tried again by itself until it lands.
func TestFailedSaveIsKeptAndRetried(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	report, _ := d.m.wb.Exercise("report")
	d.run(d.m.openForm(report, "run-that-comes-later", ""))
	d.paste("what changed this week")
	d.ticks = nil
	d.ctrl('s')
	if d.m.form() == nil {
		t.Fatal("the form must stay open when the save fails")
	}
	d.requireScreen("Not saved:", "trying again")
	if got := *d.m.form().values["changed"]; got != "what changed this week" {
		t.Fatalf("text after a failed save: %q", got)
	}
	drafts, _ := st.Drafts(context.Background())
	if len(drafts) != 1 || drafts[0].Answer.Fields["changed"] != "what changed this week" {
		t.Fatalf("the draft should be kept: %+v", drafts)
	}
	// The run arrives (as space on a disk would): the retry lands.
	a := workbook.Archive{Runs: []workbook.RunArchive{{Run: workbook.Run{ID: "run-that-comes-later", Number: 1, StartedAt: day1}}}}
	if err := st.SetExercises(context.Background(), d.m.wb.Exercises); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Import(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	d.fireTicks()
	if d.m.form() != nil {
		t.Fatalf("the retry should have saved:\n%s", d.screen())
	}
	d.requireScreen("Saved 09:30")
	drafts, _ = st.Drafts(context.Background())
	if len(drafts) != 0 {
		t.Fatalf("the draft goes once saved: %+v", drafts)
	}
}
