package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"autonomy/workbook"
)

func TestDrafts(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	d := func(run, ex, entry string, at time.Time, a workbook.Answer) workbook.Draft {
		return workbook.Draft{RunID: run, Exercise: ex, EntryID: entry, SavedAt: at, Answer: a}
	}
	start := d("", "challenge", "", t0, fields("challenge", "half-typed ☕\nsecond line"))
	if err := s.SaveDraft(ctx, start); err != nil {
		t.Fatal(err)
	}
	run := mustStart(t, s, "c", t0.Add(time.Minute))
	if ds, err := s.Drafts(ctx); err != nil || len(ds) != 0 {
		t.Fatalf("drafts after StartRun: %+v, %v", ds, err)
	}

	scope := mustSave(t, s, run.ID, exScope, "", fields("scope", "saved"), t0.Add(2*time.Minute))
	list := workbook.Answer{
		Fields: map[string]string{},
		Lists: map[string][]workbook.ListItem{
			"items": {{ID: "b1", Text: "<approval> & \"sign-off\""}, {ID: "b2", Text: "ref", Ref: "x"}},
			"empty": {},
		},
	}
	drafts := []workbook.Draft{
		d(run.ID, "scope", scope.ID, t0.Add(3*time.Minute), fields("scope", "editing")),
		d(run.ID, "report", "", t0.Add(5*time.Minute), fields("changed", "new report\twith tab")),
		d(run.ID, "blockers", "", t0.Add(4*time.Minute), list),
		d(run.ID, "scope", "", t0.Add(6*time.Minute), fields("scope", "a new-entry form of a once exercise")),
	}
	for _, dr := range drafts {
		if err := s.SaveDraft(ctx, dr); err != nil {
			t.Fatal(err)
		}
	}
	// Upsert: the report draft again, later.
	drafts[1] = d(run.ID, "report", "", t0.Add(7*time.Minute), fields("changed", "new report, more"))
	if err := s.SaveDraft(ctx, drafts[1]); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = mustOpen(t, p)
	defer s.Close()

	check := func(when string, want ...workbook.Draft) {
		t.Helper()
		got, err := s.Drafts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: drafts\n %#v, want\n %#v", when, got, want)
		}
	}
	check("after reopen", drafts[1], drafts[3], drafts[2], drafts[0])

	// Saving another exercise leaves the drafts alone.
	mustSave(t, s, run.ID, exMetric, "", fields("name", "m"), t0.Add(8*time.Minute))
	check("after saving metric", drafts[1], drafts[3], drafts[2], drafts[0])

	// Saving an edit of the scope entry removes that draft only.
	mustSave(t, s, run.ID, exScope, scope.ID, fields("scope", "edited"), t0.Add(9*time.Minute))
	check("after saving the scope edit", drafts[1], drafts[3], drafts[2])

	// Saving a new report removes the new-report draft.
	mustSave(t, s, run.ID, exReport, "", fields("changed", "new report, more"), t0.Add(10*time.Minute))
	check("after saving the report", drafts[3], drafts[2])

	if err := s.DiscardDraft(ctx, run.ID, "blockers", ""); err != nil {
		t.Fatal(err)
	}
	check("after discard", drafts[3])
	if err := s.DiscardDraft(ctx, run.ID, "blockers", ""); err != nil {
		t.Errorf("discarding a missing draft: %v", err)
	}
	if err := s.SaveDraft(ctx, d(run.ID, "", "", t0, fields())); err == nil {
		t.Error("a draft without exercise was accepted")
	}
}
