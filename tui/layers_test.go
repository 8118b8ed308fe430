package tui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// Opening any exercise and leaving it with esc, touching nothing, leaves
// no draft: not for a new entry, not for a saved one, not for one holding
// a value its choice no longer offers (huh's select would put its first
// option in its place).
func TestEscFromAnUntouchedFormLeavesNoDraft(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "A challenge")
	ctx := context.Background()
	run := d.m.prog.openRun()
	noDraft := func(what string) {
		t.Helper()
		d.fireTicks()
		drafts, err := st.Drafts(ctx)
		if err != nil || len(drafts) != 0 {
			t.Fatalf("%s: esc left drafts %+v (%v)", what, drafts, err)
		}
		d.requireNot("Drafts", "Draft kept")
	}
	for _, ex := range d.m.wb.Exercises {
		if ex.Kind == workbook.KindClosing {
			continue
		}
		d.run(d.m.openExercise(ex))
		if d.m.form() == nil {
			t.Fatalf("%s: no form", ex.ID)
		}
		d.key("esc")
		noDraft("new " + ex.ID)
	}
	for _, ex := range d.m.wb.Exercises {
		if ex.Kind != workbook.KindOnce {
			continue
		}
		a := workbook.Answer{Fields: map[string]string{}}
		for _, f := range ex.Fields {
			switch f.Kind {
			case workbook.FieldChoice:
				a.Fields[f.ID] = "a value from an older version"
			case workbook.FieldText, workbook.FieldTextarea:
				a.Fields[f.ID] = "Saved text."
			}
		}
		if _, err := st.SaveAnswer(ctx, run.ID, ex, "", a, workbook.Date{}, day1); err != nil {
			t.Fatal(err)
		}
		d.run(d.m.reloadCmd())
		d.run(d.m.openExercise(ex))
		d.key("esc")
		noDraft("saved " + ex.ID)
	}
	// ctrl+d in an untouched new form: there is no draft, and it says so.
	report, _ := d.m.wb.Exercise("report")
	d.run(d.m.openExercise(report))
	d.ctrl('d')
	d.requireScreen("No draft to discard.")
}

// A draft brought back to the saved answer is no draft: leaving drops
// the stored one.
func TestDraftEditedBackToTheAnswerIsDropped(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "A challenge")
	d.key("enter") // the scope
	d.typeText("Mine")
	d.key("esc")
	if drafts, _ := st.Drafts(context.Background()); len(drafts) != 1 {
		t.Fatalf("drafts %+v", drafts)
	}
	d.key("j", "enter") // the draft, under the next step
	d.requireScreen("Draft from 09:30")
	d.key("backspace", "backspace", "backspace", "backspace", "esc")
	if drafts, _ := st.Drafts(context.Background()); len(drafts) != 0 {
		t.Fatalf("a form back at the saved answer keeps a draft: %+v", drafts)
	}
}

// Keys typed before the program's data has come are held and handled
// once it has: enter does the next step (start a run), and the text typed
// after it goes into the form it opened, whole.
func TestTypeAheadBeforeTheDataStartsTheRun(t *testing.T) {
	st := openStore(t, "")
	wb := loadWorkbook(t)
	if err := st.SetExercises(context.Background(), wb.Exercises); err != nil {
		t.Fatal(err)
	}
	gate := make(chan struct{})
	m := New(Options{Workbook: wb, StateDir: t.TempDir(), Now: func() time.Time { return day1 },
		Open: func() (Store, workbook.Place, error) {
			<-gate // the database is slow today
			return st, workbook.Place{}, nil
		}})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Leadership, Work")) })
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	const challenge = "Ship the billing migration"
	tm.Type(challenge)
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyTab}, {Code: tea.KeyTab}, {Code: tea.KeyDown}, {Code: 's', Mod: tea.ModCtrl}} {
		tm.Send(k)
	}
	close(gate)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Challenge: "+challenge)) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	runs, err := st.Runs(context.Background())
	if err != nil || len(runs) != 1 || runs[0].Challenge != challenge {
		t.Fatalf("runs %+v (%v)", runs, err)
	}
}

// The same with the program's data slow and the store open: keys after
// the key that opens a layer go to that layer, never to the one under it.
func TestKeysHeldUntilTheProgramIsLoaded(t *testing.T) {
	st := openStore(t, "")
	d := &driver{t: t}
	d.m = New(Options{Workbook: loadWorkbook(t), Store: st, Now: func() time.Time { return day1 }, StateDir: t.TempDir(), Tick: fakeTick})
	d.send(windowSize(100, 30))
	// Init's commands (the program's load) have not run yet.
	d.key("enter")
	d.typeText("rpe")
	if d.onTop() != "Home" {
		t.Fatalf("a key acted before the data: %s on top", d.onTop())
	}
	d.run(d.m.Init())
	if fm := d.m.form(); fm == nil || fm.ex.ID != "challenge" || *fm.values["challenge"] != "rpe" {
		t.Fatalf("enter should open the run's form and take the letters:\n%s", d.screen())
	}
}

// The mouse is asked for only while the reader is on top: elsewhere the
// terminal keeps it, so a person can select text.
func TestMouseOnlyInTheReader(t *testing.T) {
	d := newDriver(t, Options{}, 100, 30)
	mode := func() tea.MouseMode { return d.m.View().MouseMode }
	if mode() != tea.MouseModeNone {
		t.Fatal("Home captures the mouse")
	}
	d.key("enter")
	if d.onTop() != "Reader" || mode() != tea.MouseModeCellMotion {
		t.Fatalf("the reader (%s on top) should get the wheel", d.onTop())
	}
	d.key("?")
	if mode() != tea.MouseModeNone {
		t.Fatal("the help over the reader captures the mouse")
	}
	d.key("esc", "/")
	if mode() != tea.MouseModeNone {
		t.Fatal("the search prompt captures the mouse")
	}
}

// x on Home opens Share for the current run, or says why it cannot.
func TestShareFromHome(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	d.key("x")
	d.requireScreen("No run yet")
	if d.onTop() != "Home" {
		t.Fatal("x without a run opens something")
	}
	startRun(t, d, "Own the release process")
	d.key("x")
	d.requireScreen("Share a report of run 1", "Preview")
	d.key("?")
	d.requireScreen("Keys — Share")
	d.key("esc", "esc")
	if d.onTop() != "Home" {
		t.Fatalf("esc from Share goes back Home, not to %s", d.onTop())
	}
	nostore := newDriver(t, Options{}, 100, 30)
	nostore.key("x")
	nostore.requireScreen("no database open")
}

// The reader offers e only on a section with an exercise, and e does
// nothing elsewhere.
func TestReaderOffersTheExerciseOnlyWhereThereIsOne(t *testing.T) {
	d := newDriver(t, Options{}, 100, 30)
	d.key("enter") // section 1: no exercise
	d.requireNot("an exercise of this section")
	d.key("?")
	d.requireNot("an exercise of this section")
	d.key("esc", "e")
	if d.onTop() != "Reader" || d.m.status != "" {
		t.Fatalf("e on a section without an exercise: %s, %q", d.onTop(), d.m.status)
	}
	d.key("l", "l") // section 3: twelve exercises
	d.requireScreen("e an exercise of this section")
	d.key("e")
	if d.onTop() != "Exercises" {
		t.Fatalf("e should open the picker, %s on top", d.onTop())
	}
	if !strings.Contains(d.screen(), "Exercises of “Build autonomy in 30 days”") {
		t.Fatal(d.screen())
	}
}
