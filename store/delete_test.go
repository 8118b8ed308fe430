package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

// dbFiles are the files of the database at p that exist, with their
// bytes: the database, its -wal and its -shm.
func dbFiles(t *testing.T, p string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range []string{p, p + "-wal", p + "-shm"} {
		b, err := os.ReadFile(name)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(name)] = b
	}
	return files
}

// checkGone asserts that no file of the database at p holds gone, and that
// the database file holds every word of kept.
func checkGone(t *testing.T, p, when string, gone []string, kept []string) {
	t.Helper()
	files := dbFiles(t, p)
	for name, b := range files {
		for _, w := range gone {
			if i := bytes.Index(b, []byte(w)); i >= 0 {
				t.Errorf("%s: %s still holds %q at byte %d", when, name, w, i)
			}
		}
	}
	for _, w := range kept {
		if !bytes.Contains(files[filepath.Base(p)], []byte(w)) {
			t.Errorf("%s: the database lost %q, which was kept", when, w)
		}
	}
}

func searchIDs(t *testing.T, s *Store, q string) []string {
	t.Helper()
	return entryIDs(found(t, s, workbook.ReviewFilter{Query: q}))
}

func TestDeleteRevisionEntryRun(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "autonomy.db")
	s := mustOpenKnowing(t, p)
	defer func() { s.Close() }()
	reopen := func() {
		t.Helper()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s = mustOpenKnowing(t, p)
	}
	draft := func(runID string, ex workbook.Exercise, entryID, text string) {
		t.Helper()
		if err := s.SaveDraft(ctx, workbook.Draft{RunID: runID, Exercise: ex.ID, EntryID: entryID,
			SavedAt: t0, Answer: fields("changed", text)}); err != nil {
			t.Fatal(err)
		}
	}

	runA := mustStart(t, s, "zqxwvchallenge", t0)
	// e1: a revision to keep, then one to delete (a list item and a text).
	e1 := mustSave(t, s, runA.ID, exMetric, "", fields("notes", "zqxwvolder notes"), t0.Add(time.Minute))
	rev1 := e1.Current.ID
	a := fields("name", "zqxwvrevision name")
	a.Lists["steps"] = []workbook.ListItem{{Text: "first step"}, {Text: "zqxwvrevision item"}}
	e1 = mustSave(t, s, runA.ID, exMetric, e1.ID, a, t0.Add(2*time.Minute))
	rev2 := e1.Current.ID
	// e2: an entry of two revisions and a draft, to delete.
	e2 := mustSave(t, s, runA.ID, exReport, "", fields("changed", "zqxwventry one"), t0.Add(3*time.Minute))
	e2 = mustSave(t, s, runA.ID, exReport, e2.ID, fields("failed", "zqxwventry two"), t0.Add(4*time.Minute))
	draft(runA.ID, exReport, e2.ID, "zqxwventrydraft")
	// e3: kept.
	e3 := mustSave(t, s, runA.ID, exScope, "", fields("scope", "zqxwvkept scope"), t0.Add(5*time.Minute))
	if err := s.PauseRun(ctx, runA.ID, workbook.Date{}, t0.Add(6*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.ResumeRun(ctx, runA.ID, workbook.Date{}, t0.Add(7*time.Minute)); err != nil {
		t.Fatal(err)
	}
	closing := mustSave(t, s, runA.ID, exClosing, "", fields("why", "zqxwvclosing"), t0.Add(8*time.Minute))
	// Run B, with a pause, entries and drafts, all to delete.
	runB := mustStart(t, s, "zqxwvrun challenge", t0.Add(time.Hour))
	blockers := fields()
	blockers.Lists["items"] = []workbook.ListItem{{Text: "zqxwvrun blocker"}}
	eb := mustSave(t, s, runB.ID, exBlockers, "", blockers, t0.Add(61*time.Minute))
	mustSave(t, s, runB.ID, exReport, "", fields("escalated", "zqxwvrun report"), t0.Add(62*time.Minute))
	if err := s.PauseRun(ctx, runB.ID, workbook.Date{}, t0.Add(63*time.Minute)); err != nil {
		t.Fatal(err)
	}
	draft(runB.ID, exReport, "", "zqxwvrundraft new")
	draft(runB.ID, exBlockers, eb.ID, "zqxwvrundraft edit")

	kept := []string{"zqxwvchallenge", "zqxwvolder", "zqxwvkept", "zqxwvclosing"}
	for _, w := range append(slices.Clone(kept), "zqxwvrevision", "zqxwventry", "zqxwvrun") {
		if len(searchIDs(t, s, w)) == 0 {
			t.Fatalf("%q not found before deleting", w)
		}
	}

	// Unknown ids.
	for name, err := range map[string]error{
		"revision": s.DeleteRevision(ctx, "nope"),
		"entry":    s.DeleteEntry(ctx, "nope"),
		"run":      s.DeleteRun(ctx, "nope"),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("delete unknown %s: %v", name, err)
		}
	}

	// One revision: the one before becomes current.
	if err := s.DeleteRevision(ctx, rev2); err != nil {
		t.Fatal(err)
	}
	if ids := searchIDs(t, s, "zqxwvrevision"); len(ids) != 0 {
		t.Errorf("zqxwvrevision still found: %q", ids)
	}
	if ids := searchIDs(t, s, "zqxwvolder"); !slices.Equal(ids, []string{e1.ID}) {
		t.Errorf("zqxwvolder: %q", ids)
	}
	revs := mustRevisions(t, s, e1.ID)
	if len(revs) != 1 || revs[0].ID != rev1 {
		t.Errorf("revisions after delete: %+v", revs)
	}
	for _, e := range mustEntries(t, s, runA.ID) {
		if e.ID == e1.ID && (e.Current.ID != rev1 || e.Revisions != 1 ||
			e.Current.Answer.Fields["notes"] != "zqxwvolder notes" || !e.Current.SavedAt.Equal(t0.Add(time.Minute))) {
			t.Errorf("e1 after delete: %+v", e)
		}
	}
	if e, err := s.Entry(ctx, e1.ID); err != nil || e.Current.ID != rev1 || e.Revisions != 1 {
		t.Errorf("Entry(e1) = %+v, %v", e, err)
	}
	// A new revision is numbered after the highest and is current.
	e1 = mustSave(t, s, runA.ID, exMetric, e1.ID, fields("notes", "zqxwvolder again"), t0.Add(9*time.Minute))
	if e1.Revisions != 2 || len(mustRevisions(t, s, e1.ID)) != 2 {
		t.Errorf("after a new save: %+v", e1)
	}
	checkIntegrity(t, s)
	checkGone(t, p, "revision deleted, open", []string{"zqxwvrevision"}, kept)
	reopen()
	checkGone(t, p, "revision deleted, closed", []string{"zqxwvrevision"}, kept)

	// One entry, with its draft.
	if err := s.DeleteEntry(ctx, e2.ID); err != nil {
		t.Fatal(err)
	}
	if ids := searchIDs(t, s, "zqxwventry"); len(ids) != 0 {
		t.Errorf("zqxwventry still found: %q", ids)
	}
	if _, err := s.Entry(ctx, e2.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Entry(e2): %v", err)
	}
	if _, err := s.Revisions(ctx, e2.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Revisions(e2): %v", err)
	}
	for _, e := range mustEntries(t, s, runA.ID) {
		if e.ID == e2.ID {
			t.Errorf("e2 still listed")
		}
	}
	drafts, err := s.Drafts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drafts {
		if d.EntryID == e2.ID {
			t.Errorf("draft of e2 kept: %+v", d)
		}
	}
	if err := s.DeleteEntry(ctx, e2.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting e2 again: %v", err)
	}
	checkIntegrity(t, s)
	checkGone(t, p, "entry deleted, open", []string{"zqxwvrevision", "zqxwventry"}, kept)
	reopen()
	checkGone(t, p, "entry deleted, closed", []string{"zqxwvrevision", "zqxwventry"}, kept)

	// A run, with its pauses, entries, revisions and drafts.
	if err := s.DeleteRun(ctx, runB.ID); err != nil {
		t.Fatal(err)
	}
	if ids := searchIDs(t, s, "zqxwvrun"); len(ids) != 0 {
		t.Errorf("zqxwvrun still found: %q", ids)
	}
	runs := mustRuns(t, s)
	if len(runs) != 1 || runs[0].ID != runA.ID || len(runs[0].Pauses) != 1 || runs[0].Challenge != "zqxwvchallenge" {
		t.Errorf("runs after delete: %+v", runs)
	}
	if _, err := s.Entries(ctx, runB.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Entries(run B): %v", err)
	}
	if drafts, err := s.Drafts(ctx); err != nil || len(drafts) != 0 {
		t.Errorf("drafts after delete: %+v, %v", drafts, err)
	}
	for _, w := range kept {
		if len(searchIDs(t, s, w)) == 0 {
			t.Errorf("%q no longer found", w)
		}
	}
	if ids := searchIDs(t, s, "zqxwvkept"); !slices.Equal(ids, []string{e3.ID}) {
		t.Errorf("zqxwvkept: %q", ids)
	}
	if ids := searchIDs(t, s, "zqxwvclosing"); !slices.Equal(ids, []string{closing.ID}) {
		t.Errorf("zqxwvclosing: %q", ids)
	}
	// A new run is numbered after the highest left.
	if r := mustStart(t, s, "again", t0.Add(2*time.Hour)); r.Number != 2 {
		t.Errorf("new run number %d", r.Number)
	}
	checkIntegrity(t, s)
	gone := []string{"zqxwvrevision", "zqxwventry", "zqxwvrun"}
	checkGone(t, p, "run deleted, open", gone, kept)
	reopen()
	checkGone(t, p, "run deleted, closed", gone, kept)
	checkIntegrity(t, s)
}

// Outside a delete, revisions stay append-only, and no state committed
// lets a DELETE through.
func TestDeleteOnlyInDeleteTransaction(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	e := mustSave(t, s, run.ID, exScope, "", fields("scope", "kept"), t0)
	mustSave(t, s, run.ID, exScope, e.ID, fields("scope", "kept too"), t0.Add(time.Minute))
	if err := s.DeleteRevision(ctx, e.Current.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM deleting`).Scan(&n); err != nil || n != 0 {
		t.Errorf("deleting holds %d rows, %v", n, err)
	}
	for _, q := range []string{
		"DELETE FROM revisions",
		"DELETE FROM revision_values",
		"DELETE FROM revision_docs",
		"UPDATE revision_docs SET text = ''",
		"UPDATE revisions SET saved_at = '2000-01-01T00:00:00.000000000Z'",
	} {
		_, err := s.db.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "revisions are append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	// A failed delete leaves everything as it was.
	if err := s.DeleteRevision(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT count(*) FROM deleting`).Scan(&n); err != nil || n != 0 {
		t.Errorf("deleting holds %d rows, %v", n, err)
	}
	// The last revision of an entry takes the entry with it.
	revs := mustRevisions(t, s, e.ID)
	if len(revs) != 1 {
		t.Fatalf("revisions %+v", revs)
	}
	if err := s.DeleteRevision(ctx, revs[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Entry(ctx, e.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Entry: %v", err)
	}
	checkIntegrity(t, s)
}

// A delete in another handle shows in the next search at once, even when
// the next document gets the deleted one's rowid.
func TestSearchFollowsDeleteElsewhere(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	other := mustOpen(t, p)
	defer other.Close()
	run := mustStart(t, s, "c", t0)
	a := mustSave(t, s, run.ID, exReport, "", fields("changed", "alpha one"), t0.Add(time.Minute))
	b := mustSave(t, s, run.ID, exReport, "", fields("changed", "alpha two"), t0.Add(2*time.Minute))
	if ids := searchIDs(t, s, "alpha"); len(ids) != 2 {
		t.Fatalf("before: %q", ids)
	}
	if err := other.DeleteEntry(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if ids := searchIDs(t, s, "alpha"); !slices.Equal(ids, []string{a.ID}) {
		t.Errorf("after deleting b elsewhere: %q", ids)
	}
	c := mustSave(t, other, run.ID, exScope, "", fields("scope", "alpha three"), t0.Add(3*time.Minute))
	if ids := searchIDs(t, s, "alpha"); !slices.Equal(ids, []string{c.ID, a.ID}) && !slices.Equal(ids, []string{a.ID, c.ID}) {
		t.Errorf("after saving c elsewhere: %q, want %q and %q", ids, a.ID, c.ID)
	}
	// The filters use the copy in memory: c is a scope, b was a report.
	if ids := entryIDs(found(t, s, workbook.ReviewFilter{Query: "alpha", Exercise: exScope.ID})); !slices.Equal(ids, []string{c.ID}) {
		t.Errorf("alpha in scope: %q, want %q", ids, c.ID)
	}
	if ids := entryIDs(found(t, s, workbook.ReviewFilter{Query: "alpha", Exercise: exReport.ID})); !slices.Equal(ids, []string{a.ID}) {
		t.Errorf("alpha in report: %q, want %q", ids, a.ID)
	}
	checkIntegrity(t, s)
}
