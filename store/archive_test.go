package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

// testExercises are the test's exercises, with phases, as SetExercises
// takes them.
func testExercises() []workbook.Exercise {
	exs := []workbook.Exercise{exChallenge, exScope, exBlockers, exNoise, exMetric, exReport, exClosing}
	for i := range exs {
		if exs[i].Kind == workbook.KindOnce || exs[i].Kind == workbook.KindRecurring {
			exs[i].Phase = 1 + i%3
		}
	}
	return exs
}

// newArchiveStore is a new store that knows testExercises.
func newArchiveStore(t testing.TB) *Store {
	t.Helper()
	s, _ := newStore(t)
	if err := s.SetExercises(context.Background(), testExercises()); err != nil {
		t.Fatal(err)
	}
	return s
}

// fillRich saves two runs: the first closed, with a resumed pause, lists
// with refs, edits and a save while the clock was behind; the second open
// and paused.
func fillRich(t testing.TB, s *Store) {
	t.Helper()
	ctx := context.Background()
	r1 := mustStart(t, s, "First challenge", t0)
	if err := s.PauseRun(ctx, r1.ID, workbook.Date{Year: 2026, Month: 3, Day: 4}, t0.Add(72*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.ResumeRun(ctx, r1.ID, workbook.Date{Year: 2026, Month: 3, Day: 6}, t0.Add(120*time.Hour)); err != nil {
		t.Fatal(err)
	}
	bl := mustSave(t, s, r1.ID, exBlockers, "", workbook.Answer{Lists: map[string][]workbook.ListItem{
		"items": {{ID: "b1", Text: "Approval loop"}, {ID: "b2", Text: "Unclear owner"}}}}, t0.Add(time.Hour))
	mustSave(t, s, r1.ID, exBlockers, bl.ID, workbook.Answer{Lists: map[string][]workbook.ListItem{
		"items": {{ID: "b2", Text: "Unclear owner"}, {ID: "b1", Text: "Approval loop, weekly"}}}}, t0.Add(2*time.Hour))
	mustSave(t, s, r1.ID, exNoise, "", workbook.Answer{Lists: map[string][]workbook.ListItem{
		"items": {{ID: "n1", Text: "Status meetings", Ref: "b1"}}}}, t0.Add(3*time.Hour))
	sc := mustSave(t, s, r1.ID, exScope, "", fields("scope", "Decide the release order"), t0.Add(4*time.Hour))
	mustSave(t, s, r1.ID, exScope, sc.ID, fields("scope", "Decide the release order alone"), t0.Add(time.Hour)) // clock behind
	for d := range 3 {
		mustSave(t, s, r1.ID, exReport, "", fields("changed", fmt.Sprintf("day %d: naïve café 🙂\nsecond line", d)),
			t0.Add(time.Duration(24*(d+1))*time.Hour))
	}
	mustSave(t, s, r1.ID, exMetric, "", fields("name", "Decisions", "kind", "count", "baseline", "2", "asked_on", "2026-03-05",
		"notes", "Counted\n\tby hand"), t0.Add(100*time.Hour))
	mustSave(t, s, r1.ID, exClosing, "", fields("level", "3", "why", "Owned it"), t0.Add(30*24*time.Hour))
	r2 := mustStart(t, s, "Second challenge", t0.Add(31*24*time.Hour))
	mustSave(t, s, r2.ID, exScope, "", fields("scope", "Hire without asking"), t0.Add(32*24*time.Hour))
	if err := s.PauseRun(ctx, r2.ID, workbook.Date{}, t0.Add(33*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// The test's exercises have no phases: the entries take those of
	// testExercises, as if saved with them.
	if err := s.SetExercises(ctx, testExercises()); err != nil {
		t.Fatal(err)
	}
}

func mustArchive(t testing.TB, s *Store) workbook.Archive {
	t.Helper()
	a, err := s.Archive(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustImport(t testing.TB, s *Store, a workbook.Archive) workbook.ImportResult {
	t.Helper()
	res, err := s.Import(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// dump is every row of every table, search index included, in order.
func dump(t testing.TB, s *Store) string {
	t.Helper()
	rows, err := s.db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, tb := range tables {
		rows, err := s.db.Query(`SELECT * FROM "` + tb + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%q", vals))
		}
		rows.Close()
		slices.Sort(lines)
		fmt.Fprintf(&b, "%s %d\n%s\n", tb, len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}

// counts is what an import of a into an empty database adds.
func counts(a workbook.Archive) workbook.ImportResult {
	var n workbook.ImportResult
	for _, r := range a.Runs {
		n.Runs++
		n.Pauses += len(r.Run.Pauses)
		for _, e := range r.Entries {
			n.Entries++
			n.Revisions += len(e.Revisions)
		}
	}
	return n
}

// Archive, import into an empty database, archive again: the same.
func TestArchiveRoundTrip(t *testing.T) {
	src := newArchiveStore(t)
	fillRich(t, src)
	a := mustArchive(t, src)
	if len(a.Runs) != 2 || a.Runs[0].Run.Number != 1 || len(a.Runs[0].Run.Pauses) != 1 || len(a.Runs[1].Run.Pauses) != 1 {
		t.Fatalf("archive runs %+v", a.Runs)
	}
	for _, r := range a.Runs {
		for _, e := range r.Entries {
			for i, rev := range e.Revisions {
				if rev.EntryID != e.ID || i > 0 && rev.SavedAt.Before(e.Revisions[i-1].SavedAt) {
					t.Errorf("entry %s: revisions out of order", e.ID)
				}
			}
		}
	}

	dst := newArchiveStore(t)
	res := mustImport(t, dst, a)
	if want := counts(a); res != want || want.Revisions != 13 {
		t.Errorf("import added %+v, want %+v", res, want)
	}
	b := mustArchive(t, dst)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("archive after import differs:\n%+v\n%+v", a, b)
	}
	checkIntegrity(t, dst)
	// What the program reads is the same too.
	if !reflect.DeepEqual(mustRuns(t, src), mustRuns(t, dst)) {
		t.Error("runs differ")
	}
	for _, r := range mustRuns(t, src) {
		if !reflect.DeepEqual(mustEntries(t, src, r.ID), mustEntries(t, dst, r.ID)) {
			t.Errorf("entries of run %d differ", r.Number)
		}
	}
	srcItems := found(t, src, workbook.ReviewFilter{})
	dstItems := found(t, dst, workbook.ReviewFilter{})
	if !reflect.DeepEqual(srcItems, dstItems) {
		t.Errorf("review differs:\n%+v\n%+v", srcItems, dstItems)
	}
	if items := found(t, dst, workbook.ReviewFilter{Query: "cafe"}); len(items) != 3 {
		t.Errorf("search after import: %+v", items)
	}
	// An archive holds no drafts.
	if err := src.SaveDraft(context.Background(), workbook.Draft{Exercise: "scope", SavedAt: t0, Answer: fields("scope", "d")}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(mustArchive(t, src), a) {
		t.Error("a draft changed the archive")
	}
}

// Importing twice, or into the database it came from, adds nothing and
// changes nothing.
func TestImportTwice(t *testing.T) {
	src := newArchiveStore(t)
	fillRich(t, src)
	a := mustArchive(t, src)
	before := dump(t, src)
	if res := mustImport(t, src, a); res != (workbook.ImportResult{}) {
		t.Errorf("import into its source added %+v", res)
	}
	if dump(t, src) != before {
		t.Error("import into its source changed it")
	}
	dst := newArchiveStore(t)
	mustImport(t, dst, a)
	once := dump(t, dst)
	if res := mustImport(t, dst, a); res != (workbook.ImportResult{}) {
		t.Errorf("second import added %+v", res)
	}
	if dump(t, dst) != once {
		t.Error("second import changed the database")
	}
}

// clone is a deep copy of a, to change.
func clone(a workbook.Archive) workbook.Archive {
	b := workbook.Archive{Runs: slices.Clone(a.Runs)}
	for i := range b.Runs {
		r := &b.Runs[i]
		r.Run.Pauses = slices.Clone(r.Run.Pauses)
		r.Entries = slices.Clone(r.Entries)
		for j := range r.Entries {
			e := &r.Entries[j]
			e.Revisions = slices.Clone(e.Revisions)
			for k := range e.Revisions {
				e.Revisions[k].Answer = cloneAnswer(e.Revisions[k].Answer)
			}
		}
	}
	return b
}

func cloneAnswer(a workbook.Answer) workbook.Answer {
	b := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
	for k, v := range a.Fields {
		b.Fields[k] = v
	}
	for k, v := range a.Lists {
		b.Lists[k] = slices.Clone(v)
	}
	return b
}

// findEntry is the entry of exercise ex in run ri of a.
func findEntry(t testing.TB, a workbook.Archive, ri int, ex string) *workbook.EntryArchive {
	t.Helper()
	for i := range a.Runs[ri].Entries {
		if e := &a.Runs[ri].Entries[i]; e.Exercise == ex {
			return e
		}
	}
	t.Fatalf("no %s entry in run %d", ex, ri+1)
	return nil
}

// An archive that disagrees with the database, or that the database would
// refuse, is refused whole: the database is as it was.
func TestImportRefusals(t *testing.T) {
	ctx := context.Background()
	src := newArchiveStore(t)
	fillRich(t, src)
	a := mustArchive(t, src)
	newRun := workbook.RunArchive{Run: workbook.Run{ID: "new-run", Number: 9, StartedAt: t0.Add(-time.Hour), ClosedAt: t0},
		Entries: []workbook.EntryArchive{{ID: "new-entry", Exercise: "scope", Date: workbook.Date{Year: 2026, Month: 2, Day: 1},
			CreatedAt: t0.Add(-time.Hour), Revisions: []workbook.Revision{{ID: "new-rev", SavedAt: t0.Add(-time.Hour), Answer: fields("scope", "x")}}}}}

	for _, c := range []struct {
		name   string
		change func(a *workbook.Archive)
		want   string
	}{
		{"revision with other text", func(a *workbook.Archive) {
			e := findEntry(t, *a, 0, "scope")
			e.Revisions[0].Answer.Fields["scope"] = "other"
		}, "has another answer"},
		{"revision with another save time", func(a *workbook.Archive) {
			e := findEntry(t, *a, 0, "scope")
			e.Revisions[0].SavedAt = e.Revisions[0].SavedAt.Add(time.Second)
		}, "saved"},
		{"revision with another item id", func(a *workbook.Archive) {
			e := findEntry(t, *a, 0, "blockers")
			e.Revisions[0].Answer.Lists["items"][0].ID = "b9"
		}, "has another answer"},
		{"revision with another ref", func(a *workbook.Archive) {
			e := findEntry(t, *a, 0, "noise")
			e.Revisions[0].Answer.Lists["items"][0].Ref = ""
		}, "has another answer"},
		{"revision under another entry", func(a *workbook.Archive) {
			from, to := findEntry(t, *a, 0, "scope"), findEntry(t, *a, 0, "metric")
			rev := from.Revisions[0]
			rev.EntryID = ""
			to.Revisions = append(to.Revisions, rev)
		}, "given twice"},
		{"entry of another exercise", func(a *workbook.Archive) {
			findEntry(t, *a, 0, "blockers").Exercise = "noise"
		}, "exists with a different run/exercise"},
		{"entry of another exercise without its fields", func(a *workbook.Archive) {
			findEntry(t, *a, 0, "scope").Exercise = "metric"
		}, `has no field "scope"`},
		{"entry in another run", func(a *workbook.Archive) {
			e := *findEntry(t, *a, 0, "metric")
			a.Runs[1].Entries = append(a.Runs[1].Entries, e)
			a.Runs[0].Entries = slices.DeleteFunc(a.Runs[0].Entries, func(x workbook.EntryArchive) bool { return x.ID == e.ID })
		}, "exists with a different run/exercise"},
		{"entry with another date", func(a *workbook.Archive) {
			findEntry(t, *a, 0, "scope").Date.Day++
		}, "dated"},
		{"run started at another time", func(a *workbook.Archive) {
			a.Runs[1].Run.StartedAt = a.Runs[1].Run.StartedAt.Add(time.Minute)
		}, "started at"},
		{"run closed at another time", func(a *workbook.Archive) {
			a.Runs[0].Run.ClosedAt = a.Runs[0].Run.ClosedAt.Add(time.Minute)
		}, "closed at"},
		{"pause of another day", func(a *workbook.Archive) {
			a.Runs[0].Run.Pauses[0].From.Day++
		}, "pause"},
		{"a new open run while one is open", func(a *workbook.Archive) {
			r := newRun
			r.Run.ClosedAt = time.Time{}
			a.Runs = append(a.Runs, r)
		}, "open here"},
		{"a new open pause while paused", func(a *workbook.Archive) {
			a.Runs[1].Run.Pauses = append(a.Runs[1].Run.Pauses, workbook.Pause{ID: "p2",
				From: workbook.Date{Year: 2026, Month: 4, Day: 9}, PausedAt: t0.Add(40 * 24 * time.Hour)})
		}, "paused here"},
		{"unknown exercise", func(a *workbook.Archive) {
			r := clone(workbook.Archive{Runs: []workbook.RunArchive{newRun}}).Runs[0]
			r.Entries[0].Exercise = "no-such"
			a.Runs = append(a.Runs, r)
		}, "unknown exercise"},
		{"unknown field", func(a *workbook.Archive) {
			r := clone(workbook.Archive{Runs: []workbook.RunArchive{newRun}}).Runs[0]
			r.Entries[0].Revisions[0].Answer.Fields["nope"] = "x"
			a.Runs = append(a.Runs, r)
		}, "no field"},
		{"text above the limit", func(a *workbook.Archive) {
			r := clone(workbook.Archive{Runs: []workbook.RunArchive{newRun}}).Runs[0]
			r.Entries[0].Revisions[0].Answer.Fields["scope"] = strings.Repeat("x", workbook.MaxTextRunes+1)
			a.Runs = append(a.Runs, r)
		}, "at most"},
		{"NUL in text", func(a *workbook.Archive) {
			r := clone(workbook.Archive{Runs: []workbook.RunArchive{newRun}}).Runs[0]
			r.Entries[0].Revisions[0].Answer.Fields["scope"] = "a\x00b"
			a.Runs = append(a.Runs, r)
		}, "NUL"},
		{"list item without id", func(a *workbook.Archive) {
			e := findEntry(t, *a, 0, "blockers")
			e.Revisions = append(e.Revisions, workbook.Revision{ID: "r-noid", SavedAt: t0.Add(99 * time.Hour),
				Answer: workbook.Answer{Lists: map[string][]workbook.ListItem{"items": {{Text: "x"}}}}})
		}, "has no id"},
		{"entry without revisions", func(a *workbook.Archive) {
			r := clone(workbook.Archive{Runs: []workbook.RunArchive{newRun}}).Runs[0]
			r.Entries[0].Revisions = nil
			a.Runs = append(a.Runs, r)
		}, "no revision"},
		{"no time", func(a *workbook.Archive) {
			r := clone(workbook.Archive{Runs: []workbook.RunArchive{newRun}}).Runs[0]
			r.Entries[0].Revisions[0].SavedAt = time.Time{}
			a.Runs = append(a.Runs, r)
		}, "no time"},
		{"no id", func(a *workbook.Archive) {
			r := clone(workbook.Archive{Runs: []workbook.RunArchive{newRun}}).Runs[0]
			r.Entries[0].ID = ""
			a.Runs = append(a.Runs, r)
		}, "without id"},
		{"a run twice", func(a *workbook.Archive) {
			a.Runs = append(a.Runs, a.Runs[0])
		}, "given twice"},
		{"a new run closed before it starts", func(a *workbook.Archive) {
			r := clone(workbook.Archive{Runs: []workbook.RunArchive{newRun}}).Runs[0]
			r.Run.ClosedAt = r.Run.StartedAt.Add(-time.Second)
			a.Runs = append(a.Runs, r)
		}, "before it starts"},
		{"an open run closed before it starts", func(a *workbook.Archive) {
			a.Runs[1].Run.ClosedAt = a.Runs[1].Run.StartedAt.Add(-time.Second)
		}, "before it starts"},
		{"a pause resumed before it was paused", func(a *workbook.Archive) {
			p := &a.Runs[1].Run.Pauses[0]
			p.To, p.ResumedAt = p.From, p.PausedAt.Add(-time.Second)
		}, "before it starts"},
		// New data first, the conflict at the end: the new data goes too.
		{"new data, then a conflict", func(a *workbook.Archive) {
			a.Runs = append([]workbook.RunArchive{clone(workbook.Archive{Runs: []workbook.RunArchive{newRun}}).Runs[0]}, a.Runs...)
			e := findEntry(t, *a, 2, "scope")
			e.Revisions[len(e.Revisions)-1].Answer.Fields["scope"] = "late conflict"
		}, "has another answer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := newArchiveStore(t)
			mustImport(t, dst, a)
			before := dump(t, dst)
			b := clone(a)
			c.change(&b)
			res, err := dst.Import(ctx, b)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Import = %+v, %v; want an error with %q", res, err, c.want)
			}
			if res != (workbook.ImportResult{}) {
				t.Errorf("result %+v", res)
			}
			if dump(t, dst) != before {
				t.Error("the refused import changed the database")
			}
		})
	}

	// Before SetExercises, Import refuses.
	bare, _ := newStore(t)
	if _, err := bare.Import(ctx, a); !errors.Is(err, ErrNoExercises) {
		t.Errorf("Import without exercises: %v", err)
	}
}

// An old backup's revision never becomes current; a newer one does. The
// database's own saves stay as they were.
func TestImportOlderAndNewer(t *testing.T) {
	s := newArchiveStore(t)
	run := mustStart(t, s, "c", t0)
	e := mustSave(t, s, run.ID, exScope, "", fields("scope", "ours v1"), t0.Add(time.Hour))
	e = mustSave(t, s, run.ID, exScope, e.ID, fields("scope", "ours v2"), t0.Add(2*time.Hour))
	a := mustArchive(t, s)
	scope := func(a *workbook.Archive) *workbook.EntryArchive { return findEntry(t, *a, 0, "scope") }

	old := clone(a)
	scope(&old).Revisions = append(scope(&old).Revisions,
		workbook.Revision{ID: "old", SavedAt: t0.Add(90 * time.Minute), Answer: fields("scope", "from an old backup")})
	if res := mustImport(t, s, old); res != (workbook.ImportResult{Revisions: 1}) {
		t.Errorf("old: %+v", res)
	}
	got, err := s.Entry(context.Background(), e.ID)
	if err != nil || got.Current.ID != e.Current.ID || got.Revisions != 3 {
		t.Errorf("after the old revision: %+v, %v", got, err)
	}
	revs := mustRevisions(t, s, e.ID)
	if len(revs) != 3 || revs[1].ID != "old" || revs[2].ID != e.Current.ID {
		t.Errorf("revisions by save time: %+v", revs)
	}

	newer := clone(a)
	scope(&newer).Revisions = append(scope(&newer).Revisions,
		workbook.Revision{ID: "new", SavedAt: t0.Add(3 * time.Hour), Answer: fields("scope", "from the other machine")})
	if res := mustImport(t, s, newer); res != (workbook.ImportResult{Revisions: 1}) {
		t.Errorf("newer: %+v", res)
	}
	es := mustEntries(t, s, run.ID)
	if es[1].Current.ID != "new" || es[1].Current.Answer.Fields["scope"] != "from the other machine" || es[1].Revisions != 4 {
		t.Errorf("after the newer revision: %+v", es[1])
	}
	if items := found(t, s, workbook.ReviewFilter{Exercise: "scope"}); len(items) != 1 ||
		!items[0].SavedAt.Equal(t0.Add(3*time.Hour)) || items[0].Answer.Fields["scope"] != "from the other machine" {
		t.Errorf("review %+v", items)
	}
	// A save after the import is current, after the newest.
	e = mustSave(t, s, run.ID, exScope, e.ID, fields("scope", "ours v3"), t0.Add(150*time.Minute))
	if !e.Current.SavedAt.After(t0.Add(3 * time.Hour)) {
		t.Errorf("save after the import stamped %v", e.Current.SavedAt)
	}
	if es := mustEntries(t, s, run.ID); es[1].Current.ID != e.Current.ID {
		t.Errorf("current %+v", es[1].Current)
	}
}

// Runs from another database: numbers, closing and resuming.
func TestImportRuns(t *testing.T) {
	ctx := context.Background()
	other := newArchiveStore(t)
	o1 := mustStart(t, other, "theirs 1", t0)
	mustSave(t, other, o1.ID, exClosing, "", fields("why", "done"), t0.Add(time.Hour))
	o2 := mustStart(t, other, "theirs 2", t0.Add(2*time.Hour))
	theirs := mustArchive(t, other)

	// Here a closed run 1 of our own: theirs become 2 and 3, the open one
	// stays open.
	s := newArchiveStore(t)
	ours := mustStart(t, s, "ours", t0.Add(-time.Hour))
	mustSave(t, s, ours.ID, exClosing, "", fields("why", "done"), t0.Add(-time.Minute))
	if res := mustImport(t, s, theirs); res.Runs != 2 || res.Entries != 3 {
		t.Errorf("import %+v", res)
	}
	rs := mustRuns(t, s)
	if len(rs) != 3 || rs[0].ID != ours.ID || rs[1].ID != o1.ID || rs[1].Number != 2 || rs[2].ID != o2.ID ||
		rs[2].Number != 3 || !rs[2].ClosedAt.IsZero() || rs[2].Challenge != "theirs 2" {
		t.Errorf("runs %+v", rs)
	}

	// The other database pauses, resumes and closes its run 2: importing
	// again closes it here, and resumes its pause.
	if err := other.PauseRun(ctx, o2.ID, workbook.Date{Year: 2026, Month: 3, Day: 3}, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if res := mustImport(t, s, mustArchive(t, other)); res != (workbook.ImportResult{Pauses: 1}) {
		t.Errorf("pause: %+v", res)
	}
	if err := other.ResumeRun(ctx, o2.ID, workbook.Date{Year: 2026, Month: 3, Day: 5}, t0.Add(50*time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustSave(t, other, o2.ID, exClosing, "", fields("why", "closed there"), t0.Add(60*time.Hour))
	// The result says that the import closed a run and resumed a pause.
	if res := mustImport(t, s, mustArchive(t, other)); res != (workbook.ImportResult{Entries: 1, Revisions: 1, Closed: 1, Resumed: 1}) {
		t.Errorf("close: %+v", res)
	}
	rs = mustRuns(t, s)
	if !rs[2].ClosedAt.Equal(t0.Add(60*time.Hour)) || len(rs[2].Pauses) != 1 ||
		rs[2].Pauses[0].To != (workbook.Date{Year: 2026, Month: 3, Day: 5}) {
		t.Errorf("run 3 after closing there: %+v", rs[2])
	}
	// Now a new run may start here, and theirs stay closed.
	mustStart(t, s, "ours again", t0.Add(100*time.Hour))
	before := dump(t, s)
	if res := mustImport(t, s, mustArchive(t, other)); res != (workbook.ImportResult{}) {
		t.Errorf("again: %+v", res)
	}
	if dump(t, s) != before {
		t.Error("importing again changed the database")
	}
}

// An archive written to a file by another handle imports in the same
// process: the store's kept search hits follow.
func TestImportShowsInSearch(t *testing.T) {
	src := newArchiveStore(t)
	fillRich(t, src)
	dst := newArchiveStore(t)
	if items := found(t, dst, workbook.ReviewFilter{Query: "release"}); len(items) != 0 {
		t.Fatalf("items %+v", items)
	}
	mustImport(t, dst, mustArchive(t, src))
	if items := found(t, dst, workbook.ReviewFilter{Query: "release"}); len(items) != 1 || items[0].Phase == 0 {
		t.Errorf("after import: %+v", items)
	}
}

// Import keeps each entry's current revision itself (migration 0005): the
// result is the rule of the trigger revisions_current, the newest by save
// time then by seq, for new entries and for entries it adds to, with ties
// and revisions listed out of order; and the trigger works again after.
func TestImportCurrentRevision(t *testing.T) {
	ctx := context.Background()
	s := newArchiveStore(t)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	rev := func(id string, m int) workbook.Revision {
		return workbook.Revision{ID: id, SavedAt: at(m), Answer: fields("changed", "text of "+id)}
	}
	entry := func(id string, revs ...workbook.Revision) workbook.EntryArchive {
		return workbook.EntryArchive{ID: id, Exercise: exReport.ID, Date: workbook.Date{Year: 2026, Month: 3, Day: 2},
			CreatedAt: at(0), Revisions: revs}
	}
	run := workbook.Run{ID: "run1", Number: 1, StartedAt: t0}
	first := workbook.Archive{Runs: []workbook.RunArchive{{Run: run, Entries: []workbook.EntryArchive{
		entry("rising", rev("r1", 1), rev("r2", 2), rev("r3", 3)),
		entry("tie", rev("t1", 1), rev("t2", 5), rev("t3", 5)),
		entry("falling", rev("f1", 9), rev("f2", 4)),
		entry("one", rev("o1", 7)),
	}}}}
	mustImport(t, s, first)
	check := func(when string, want map[string]string) {
		t.Helper()
		rows, err := s.db.QueryContext(ctx, `
			SELECT e.id, e.current_id, e.saved_at,
				(SELECT id FROM revisions WHERE entry_id = e.id ORDER BY saved_at DESC, seq DESC LIMIT 1),
				(SELECT max(saved_at) FROM revisions WHERE entry_id = e.id)
			FROM entries e`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var id, cur, saved, ruleID, ruleSaved string
			if err := rows.Scan(&id, &cur, &saved, &ruleID, &ruleSaved); err != nil {
				t.Fatal(err)
			}
			n++
			if cur != ruleID || saved != ruleSaved || cur != want[id] {
				t.Errorf("%s: entry %s current %s saved %s; the rule says %s saved %s; want %s",
					when, id, cur, saved, ruleID, ruleSaved, want[id])
			}
		}
		if n != len(want) {
			t.Errorf("%s: %d entries, want %d", when, n, len(want))
		}
		var flags int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM importing`).Scan(&flags); err != nil || flags != 0 {
			t.Errorf("%s: importing holds %d rows, %v", when, flags, err)
		}
	}
	want := map[string]string{"rising": "r3", "tie": "t3", "falling": "f1", "one": "o1"}
	check("new entries", want)

	// Revisions added to existing entries: older, as old as the current one
	// (it wins, as the later), newer; a new entry beside them.
	second := clone(first)
	es := second.Runs[0].Entries
	es[0].Revisions = append(es[0].Revisions, rev("r4", 2))
	es[1].Revisions = append(es[1].Revisions, rev("t4", 5))
	es[2].Revisions = append(es[2].Revisions, rev("f3", 8), rev("f4", 10))
	second.Runs[0].Entries = append(es, entry("two", rev("w1", 3), rev("w2", 3)))
	if res := mustImport(t, s, second); res != (workbook.ImportResult{Entries: 1, Revisions: 6}) {
		t.Errorf("second import: %+v", res)
	}
	want = map[string]string{"rising": "r3", "tie": "t4", "falling": "f4", "one": "o1", "two": "w2"}
	check("added to", want)

	// A refused import leaves no flag behind, and a save moves the current
	// revision through the trigger again.
	bad := clone(second)
	bad.Runs[0].Entries[3].Revisions[0].SavedAt = at(99)
	if _, err := s.Import(ctx, bad); !errors.Is(err, ErrConflict) {
		t.Fatalf("conflicting import: %v", err)
	}
	check("after a refused import", want)
	e, err := s.SaveAnswer(ctx, "run1", exReport, "one", fields("changed", "saved here"), workbook.Date{}, at(60))
	if err != nil {
		t.Fatal(err)
	}
	want["one"] = e.Current.ID
	check("after a save", want)
}

// An import in batches of one entry: what an import of any size does with
// its batches, entries given again in a later batch included.
func TestImportInBatches(t *testing.T) {
	defer func(n int) { importBatchBytes = n }(importBatchBytes)
	importBatchBytes = 1
	t.Run("round trip", TestArchiveRoundTrip)
	t.Run("twice", TestImportTwice)
	t.Run("current revision", TestImportCurrentRevision)
	t.Run("refusals", TestImportRefusals)

	// An entry given again, with more revisions, after its batch was
	// written: older, newer.
	ctx := context.Background()
	s := newArchiveStore(t)
	run := workbook.Run{ID: "run1", Number: 1, StartedAt: t0}
	rev := func(id string, m int) workbook.Revision {
		return workbook.Revision{ID: id, SavedAt: t0.Add(time.Duration(m) * time.Minute), Answer: fields("changed", id)}
	}
	entry := func(revs ...workbook.Revision) workbook.EntryArchive {
		return workbook.EntryArchive{ID: "e", Exercise: exReport.ID, Date: workbook.Date{Year: 2026, Month: 3, Day: 2}, CreatedAt: t0, Revisions: revs}
	}
	res, err := s.ImportFrom(ctx, func(im workbook.Importer) error {
		for _, e := range []workbook.EntryArchive{entry(rev("a", 5)), entry(rev("b", 1)), entry(rev("c", 9), rev("d", 7))} {
			if err := im.Entry(run.ID, e); err != nil {
				return err
			}
		}
		return im.Run(run)
	})
	if err != nil || res != (workbook.ImportResult{Runs: 1, Entries: 1, Revisions: 4}) {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if revs := mustRevisions(t, s, "e"); len(revs) != 4 || revs[3].ID != "c" {
		t.Errorf("revisions %+v", revs)
	}
	if es := mustEntries(t, s, "run1"); len(es) != 1 || es[0].Current.ID != "c" || es[0].Revisions != 4 {
		t.Errorf("entries %+v", es)
	}
}

// Entries may come before their run, which then replaces the stand-in
// they went in under; entries of a run that never comes are refused.
func TestImportFromEntriesBeforeTheirRun(t *testing.T) {
	ctx := context.Background()
	src := newArchiveStore(t)
	fillRich(t, src)
	a := mustArchive(t, src)
	entriesFirst := func(a workbook.Archive, runs bool) func(workbook.Importer) error {
		return func(im workbook.Importer) error {
			for _, r := range a.Runs {
				for _, e := range r.Entries {
					if err := im.Entry(r.Run.ID, e); err != nil {
						return err
					}
				}
			}
			for _, r := range a.Runs {
				if err := im.Run(r.Run); err != nil || !runs {
					return err
				}
			}
			return nil
		}
	}
	dst := newArchiveStore(t)
	if _, err := dst.ImportFrom(ctx, entriesFirst(a, true)); err != nil {
		t.Fatal(err)
	}
	if b := mustArchive(t, dst); !reflect.DeepEqual(a, b) {
		t.Errorf("archive after import differs:\n%+v\n%+v", a, b)
	}
	checkIntegrity(t, dst)

	other := newArchiveStore(t)
	before := dump(t, other)
	_, err := other.ImportFrom(ctx, entriesFirst(a, false))
	if err == nil || !strings.Contains(err.Error(), "which is neither here nor in the archive") {
		t.Errorf("entries without their run: %v", err)
	}
	if dump(t, other) != before {
		t.Error("the refused import changed the database")
	}
	// What read returns comes back as it is, and nothing is added.
	stop := errors.New("stop")
	if _, err := other.ImportFrom(ctx, func(im workbook.Importer) error {
		entriesFirst(a, true)(im)
		return stop
	}); err != stop {
		t.Errorf("read's error: %v", err)
	}
	if dump(t, other) != before {
		t.Error("a failed read changed the database")
	}
}
