package tui

import (
	"context"
	"testing"

	"autonomy/workbook"
)

// Deleting asks for the word "delete" typed, and anything else or esc
// keeps everything.
func TestDeleteAsksForTheWordThenDeletes(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "Own the release process")
	saveScope(t, d, st, "I own the checklist.")
	saveScope(t, d, st, "I own the checklist and the rollout.")
	scopeID := func() string {
		e, _ := workbook.FindEntry(d.m.prog.entries, "scope")
		return e.ID
	}
	revisions := func() int {
		revs, _ := st.Revisions(context.Background(), scopeID())
		return len(revs)
	}

	d.key("r", "enter")
	d.requireScreen("Version 2 of 2")
	d.key("D")
	d.requireScreen("Delete version 2 of 2 of “Scope”", "Type delete and press enter")
	d.typeText("nope")
	d.key("enter")
	d.requireScreen("Type the word delete to confirm")
	d.key("esc")
	d.requireScreen("Nothing deleted.")
	if revisions() != 2 {
		t.Fatal("esc must keep everything")
	}

	d.key("enter") // the entry again
	d.key("D")
	d.typeText("delete")
	d.key("enter")
	d.requireScreen("Deleted version 2 of 2")
	if revisions() != 1 {
		t.Fatalf("one version should be left, %d are", revisions())
	}
	entries, _ := st.Entries(context.Background(), d.m.prog.openRun().ID)
	if e, _ := workbook.FindEntry(entries, "scope"); e.Current.Answer.Fields["scope"] != "I own the checklist." {
		t.Fatalf("the earlier version should be current: %+v", e.Current.Answer)
	}

	// The whole entry from the list, then the run from "day 1 against now".
	review(d).cursor = 0
	for i, it := range review(d).items {
		if it.Exercise == "scope" {
			review(d).cursor = i
		}
	}
	d.key("D")
	d.typeText("delete")
	d.key("enter")
	if _, ok := workbook.FindEntry(d.m.prog.entries, "scope"); ok {
		t.Fatal("the scope entry should be gone")
	}
	d.key("c", "D")
	d.requireScreen("Delete run 1")
	d.typeText("delete")
	d.key("enter")
	runs, _ := st.Runs(context.Background())
	if len(runs) != 0 {
		t.Fatalf("the run should be gone: %+v", runs)
	}
	d.key("esc")
	d.requireScreen("Next: Start a run")
}
