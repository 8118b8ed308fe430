package tui

import (
	"context"
	"testing"
	"time"

	"autonomy/workbook"
)

// An older run, closed, imported from another device takes the next free
// number, above the open run's: Home still shows the open run and its day,
// and never offers a new run while one is open (break 4 of issue 10).
func TestImportedOlderClosedRunKeepsTheOpenOneCurrent(t *testing.T) {
	ctx := context.Background()
	wb := loadWorkbook(t)
	challenge, _ := wb.Exercise("challenge")
	closing, _ := wb.Exercise("self-assessment")
	answer := func(kv ...string) workbook.Answer {
		a := workbook.Answer{Fields: map[string]string{}}
		for i := 0; i+1 < len(kv); i += 2 {
			a.Fields[kv[i]] = kv[i+1]
		}
		return a
	}

	// The other device: a run two months ago, closed.
	other := openStore(t, "")
	if err := other.SetExercises(ctx, wb.Exercises); err != nil {
		t.Fatal(err)
	}
	past := day1.AddDate(0, -2, 0)
	old, err := other.StartRun(ctx, challenge, answer("challenge", "Old challenge", "start_date", workbook.DateOf(past).String()), past)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.SaveAnswer(ctx, old.ID, closing, "", answer("level", "2", "why", "done"), workbook.Date{}, past.AddDate(0, 0, 31)); err != nil {
		t.Fatal(err)
	}
	a, err := other.Archive(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// This device: a run open since day1, then the import.
	st := openStore(t, "")
	if err := st.SetExercises(ctx, wb.Exercises); err != nil {
		t.Fatal(err)
	}
	if _, err := st.StartRun(ctx, challenge, answer("challenge", "Current challenge", "start_date", workbook.DateOf(day1).String()), day1); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Import(ctx, a); err != nil {
		t.Fatal(err)
	}
	d := newProgramDriver(t, st, day1.Add(3*24*time.Hour), 100, 40)
	d.requireScreen("Run 1 · Day 4 of 30", "Challenge: Current challenge")
	d.requireNot("closed", "Start a new run")

	runs, err := st.Runs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].Challenge != "Old challenge" || runs[1].Challenge != "Current challenge" {
		t.Fatalf("runs are not by start date: %+v", runs)
	}
	if runs[0].Number != 2 || runs[1].Number != 1 {
		t.Fatalf("numbers changed: the imported run is %d, the open one %d", runs[0].Number, runs[1].Number)
	}

	if workbook.CanStartRun(runs) {
		t.Error("CanStartRun while a run is open")
	}
}
