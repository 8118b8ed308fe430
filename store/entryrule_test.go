package store

import (
	"context"
	"testing"
	"time"

	"autonomy/workbook"
	"autonomy/workbook/workbooktest"
)

// exDaily is a daily exercise like the metric's values: its entry is the
// day its answer names.
var exDaily = workbook.Exercise{ID: "daily", Kind: workbook.KindDaily, Fields: []workbook.Field{
	{ID: "day", Kind: workbook.FieldDate, Role: workbook.FieldRoleDay, Required: true},
	{ID: "note", Kind: workbook.FieldText},
}}

// importCase imports a run holding the case's entries into a new store
// that knows the exercises, and returns the store and the run's id.
func importCase(t *testing.T, c workbooktest.EntryCase) (*Store, string) {
	t.Helper()
	ctx := context.Background()
	s, _ := newStore(t)
	if err := s.SetExercises(ctx, append(testExercises(), exDaily)); err != nil {
		t.Fatal(err)
	}
	run := workbook.Run{ID: "run1aaaaaaaaaaaaaaaaaaaaaaaaaaaa", Number: 1, StartedAt: t0}
	a := workbook.Archive{Runs: []workbook.RunArchive{{Run: run, Entries: c.Entries}}}
	if _, err := s.Import(ctx, a); err != nil {
		t.Fatal(err)
	}
	return s, run.ID
}

// The store: the one-time entry rule agrees with workbook's on an import
// that holds two entries of a one-time exercise. Reading the entries,
// Home's overview and a run's challenge fields show the entry
// workbook.NewestEntry picks, and a save without an entry id appends to
// it, not to the oldest (the store's rule before, ORDER BY created_at, id).
func TestOneTimeEntryRuleAfterImport(t *testing.T) {
	ctx := context.Background()
	for _, c := range workbooktest.EntryCases(exScope.ID, "scope", t0) {
		t.Run("once/"+c.Name, func(t *testing.T) {
			s, runID := importCase(t, c)
			entries := mustEntries(t, s, runID)
			if got, _ := workbook.NewestEntry(entries, exScope.ID); got.ID != c.Want {
				t.Fatalf("workbook.NewestEntry of the store's entries = %s, want %s", got.ID, c.Want)
			}
			o, err := s.Overview(ctx, workbook.DateOf(t0.Add(24*time.Hour)))
			if err != nil {
				t.Fatal(err)
			}
			if got, ok := workbook.FindEntry(o.Entries, exScope.ID); !ok || got.ID != c.Want || got.Current.Answer.Fields["scope"] != c.Want {
				t.Errorf("Home's entry = %s (%q), want %s", got.ID, got.Current.Answer.Fields["scope"], c.Want)
			}

			saved := mustSave(t, s, runID, exScope, "", fields("scope", "Edited."), t0.Add(24*time.Hour))
			if saved.ID != c.Want {
				t.Errorf("a save without an entry id went to %s, want %s", saved.ID, c.Want)
			}
			after := mustEntries(t, s, runID)
			if len(after) != len(c.Entries) {
				t.Errorf("%d entries after the save, want %d", len(after), len(c.Entries))
			}
			if got, _ := workbook.NewestEntry(after, exScope.ID); got.ID != c.Want || got.Current.Answer.Fields["scope"] != "Edited." {
				t.Errorf("after the save, the entry is %s (%q)", got.ID, got.Current.Answer.Fields["scope"])
			}
		})
	}

	for _, c := range workbooktest.EntryCases(exChallenge.ID, "challenge", t0) {
		t.Run("challenge/"+c.Name, func(t *testing.T) {
			s, _ := importCase(t, c)
			if rs := mustRuns(t, s); len(rs) != 1 || rs[0].Challenge != c.Want {
				t.Errorf("the run's challenge = %+v, want %s", rs, c.Want)
			}
			a, err := s.Archive(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r := a.Runs[0].Run; r.Challenge != c.Want {
				t.Errorf("the archive's run's challenge = %q, want %s", r.Challenge, c.Want)
			}
		})
	}

	// A daily exercise: two entries of the same day.
	for _, c := range workbooktest.EntryCases(exDaily.ID, "note", t0) {
		t.Run("daily/"+c.Name, func(t *testing.T) {
			s, runID := importCase(t, c)
			day := c.Entries[0].Date
			saved := mustSave(t, s, runID, exDaily, "", fields("day", day.String(), "note", "again"), t0.Add(24*time.Hour))
			if saved.ID != c.Want {
				t.Errorf("logging %s again went to %s, want %s", day, saved.ID, c.Want)
			}
		})
	}
}

// Revisions read back with their Seq, the tie-break of the current
// revision's rule: Revisions, Entries, Entry, Archive and a save.
func TestRevisionsHaveSeq(t *testing.T) {
	ctx := context.Background()
	s := newArchiveStore(t)
	run := mustStart(t, s, "c", t0)
	e := mustSave(t, s, run.ID, exScope, "", fields("scope", "one"), t0.Add(time.Minute))
	if e.Current.Seq != 1 {
		t.Errorf("first save: Seq %d", e.Current.Seq)
	}
	// Saved at the same time: the second is current by Seq.
	e = mustSave(t, s, run.ID, exScope, e.ID, fields("scope", "two"), t0.Add(time.Minute))
	if e.Current.Seq != 2 {
		t.Errorf("second save: Seq %d", e.Current.Seq)
	}
	revs := mustRevisions(t, s, e.ID)
	if len(revs) != 2 || revs[0].Seq != 1 || revs[1].Seq != 2 {
		t.Errorf("Revisions: %+v", revs)
	}
	if cur, _ := workbook.CurrentRevision(revs); cur.ID != e.Current.ID {
		t.Errorf("CurrentRevision of Revisions = %s, the store's is %s", cur.ID, e.Current.ID)
	}
	if got, err := s.Entry(ctx, e.ID); err != nil || got.Current.Seq != 2 || got.Current.ID != e.Current.ID {
		t.Errorf("Entry = %+v, %v", got.Current, err)
	}
	for _, got := range mustEntries(t, s, run.ID) {
		if got.ID == e.ID && (got.Current.Seq != 2 || got.Current.ID != e.Current.ID) {
			t.Errorf("Entries: %+v", got.Current)
		}
	}
	a, err := s.Archive(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ea := range a.Runs[0].Entries {
		if ea.ID != e.ID {
			continue
		}
		if len(ea.Revisions) != 2 || ea.Revisions[0].Seq != 1 || ea.Revisions[1].Seq != 2 {
			t.Errorf("Archive: %+v", ea.Revisions)
		}
	}
}
