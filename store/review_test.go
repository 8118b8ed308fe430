package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"autonomy/workbook"
)

func mustReview(t testing.TB, s *Store, f workbook.ReviewFilter, offset, limit int) ([]workbook.ReviewItem, int) {
	t.Helper()
	page := mustPage(t, s, f, offset, limit)
	if page.More {
		t.Fatalf("Review(%+v, %d, %d): %d and more", f, offset, limit, page.Total)
	}
	return page.Items, page.Total
}

// mustPage is a page of the review.
func mustPage(t testing.TB, s *Store, f workbook.ReviewFilter, offset, limit int) workbook.ReviewPage {
	t.Helper()
	page, err := s.Review(context.Background(), f, offset, limit)
	if err != nil {
		t.Fatalf("Review(%+v, %d, %d): %v", f, offset, limit, err)
	}
	return page
}

// found is the search's items, all of them.
func found(t testing.TB, s *Store, f workbook.ReviewFilter) []workbook.ReviewItem {
	t.Helper()
	items, total := mustReview(t, s, f, 0, 1000)
	if total != len(items) {
		t.Fatalf("%+v: %d items, total %d", f, len(items), total)
	}
	return items
}

func entryIDs(items []workbook.ReviewItem) []string {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.EntryID
	}
	return ids
}

func TestFTSQuery(t *testing.T) {
	for _, c := range []struct{ typed, want string }{
		{"", ""},
		{"   ", ""},
		{"m", `"m"*`},
		{"Migration plan", `"Migration" "plan"*`},
		{`"`, ""},
		{"*", ""},
		{"NEAR(", `"NEAR"*`},
		{"a:b", `"a" "b"*`},
		{"^x", `"x"*`},
		{")", ""},
		{`col:"x" OR -y* AND {z}`, `"col" "x" "OR" "y" "AND" "z"*`},
		{"naïve café 42", `"naïve" "café" "42"*`},
		{"\uE000mark\uE001", `"mark"*`},
		{strings.Repeat("w ", 40), strings.TrimSuffix(strings.Repeat(`"w" `, maxQueryWords), " ") + "*"},
	} {
		if got := ftsQuery(c.typed); got != c.want {
			t.Errorf("ftsQuery(%q) = %s, want %s", c.typed, got, c.want)
		}
	}
}

// A word of every kind of field, and of an older revision, is found.
func TestSearchEveryFieldKind(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "Challenge of the quarter", t0)
	metric := workbook.Answer{
		Fields: map[string]string{
			"name":     "Décisions prises seule",
			"kind":     "time",
			"baseline": "4242",
			"target":   "17.5",
			"asked_on": "2026-03-04",
			"notes":    "First line\nSecond line with a longword-textarea",
		},
		Lists: map[string][]workbook.ListItem{
			"steps": {{ID: "a", Text: "Ask Jörg"}, {ID: "b", Text: "Write the listitemword down"}},
		},
	}
	first := mustSave(t, s, run.ID, exMetric, "", fields("name", "oldrevisionword"), t0.Add(time.Minute))
	e := mustSave(t, s, run.ID, exMetric, first.ID, metric, t0.Add(2*time.Minute))
	for _, q := range []string{
		"decisions",  // text, without its diacritics
		"time",       // choice value
		"4242",       // number
		"17",         // number, first token
		"2026-03-04", // date
		"longword",   // textarea
		"textarea",   // after a hyphen
		"jorg",       // list item, folded
		"listitemword",
		"LISTITEM",
	} {
		items := found(t, s, workbook.ReviewFilter{Query: q})
		if len(items) != 1 || items[0].EntryID != e.ID || !items[0].SavedAt.Equal(e.Current.SavedAt) ||
			items[0].Revisions != 2 || items[0].Exercise != "metric" || items[0].RunID != run.ID || items[0].RunNumber != 1 {
			t.Errorf("%q: %+v", q, items)
		}
	}
	// A word only in the first revision finds the entry at that revision.
	items := found(t, s, workbook.ReviewFilter{Query: "oldrevision"})
	if len(items) != 1 || items[0].EntryID != e.ID || !items[0].SavedAt.Equal(first.Current.SavedAt) ||
		items[0].Revisions != 2 || !strings.Contains(items[0].Snippet, workbook.MatchStart+"oldrevisionword"+workbook.MatchEnd) ||
		items[0].Answer.Fields["name"] != "oldrevisionword" { // the answer the snippet was cut from
		t.Errorf("old revision: %+v", items)
	}
	// The challenge entry is an entry too.
	if items := found(t, s, workbook.ReviewFilter{Query: "quarter"}); len(items) != 1 || items[0].Exercise != "challenge" {
		t.Errorf("challenge: %+v", items)
	}
	// Every word must match.
	if items := found(t, s, workbook.ReviewFilter{Query: "jorg oldrevisionword"}); len(items) != 0 {
		t.Errorf("words of two revisions: %+v", items)
	}
	if items := found(t, s, workbook.ReviewFilter{Query: "jorg listitem"}); len(items) != 1 {
		t.Errorf("two words of one revision: %+v", items)
	}
}

// As the query grows, the results keep the entry; a word nobody wrote
// finds nothing.
func TestSearchAsYouType(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	mig := mustSave(t, s, run.ID, exReport, "", fields("changed", "Planned the database migration with the team"), t0.Add(time.Minute))
	mustSave(t, s, run.ID, exReport, "", fields("changed", "Met my manager about the budget"), t0.Add(2*time.Minute))
	typed := ""
	for _, r := range "database migration" {
		typed += string(r)
		items := found(t, s, workbook.ReviewFilter{Query: typed})
		if !slices.Contains(entryIDs(items), mig.ID) {
			t.Errorf("%q: %+v", typed, items)
		}
		if typed == "database migr" && len(items) != 1 {
			t.Errorf("%q found %d", typed, len(items))
		}
	}
	if items := found(t, s, workbook.ReviewFilter{Query: "m"}); len(items) != 2 {
		t.Errorf(`"m" found %d, want both`, len(items))
	}
	for _, q := range []string{"migrations", "xqzzyv", "database xqzzyv"} {
		if items, total := mustReview(t, s, workbook.ReviewFilter{Query: q}, 0, 50); len(items) != 0 || total != 0 {
			t.Errorf("%q: %d items, total %d", q, len(items), total)
		}
	}
}

// Whatever is typed, the search does not fail; text of FTS5 syntax only
// separates words.
func TestSearchHostileQueries(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	mustSave(t, s, run.ID, exReport, "", fields("changed", `near NEAR(a b) x:y "quoted" ^start * (paren) AND OR NOT`), t0.Add(time.Minute))
	for _, q := range []string{
		`"`, `""`, `"""`, `*`, `**`, `NEAR(`, `NEAR(a b, 2)`, `a:b`, `changed:x`, `^x`, `)`, `(`, `{`, `}`, `-`, `+`,
		`AND`, `OR`, `NOT`, `a AND`, `OR b`, `NOT NOT`, `'`, `\`, `%`, `_`, `;`, `--`, `/*`, "\x00", "\uE000", "\uE001",
		"\xff\xfe", "a\"b", `x*y`, `"unterminated`, `a NEAR/3 b`, `{changed failed}: x`, strings.Repeat("(", 1000),
		strings.Repeat("a ", 5000), "\u0301", "a\u0301", "\u0301\u0308 x", "\u20dd", "x\u20dd",
	} {
		if _, err := s.Review(context.Background(), workbook.ReviewFilter{Query: q}, 0, 50); err != nil {
			t.Errorf("%.40q: %.200v", q, err)
		}
	}
	for _, q := range []string{`NEAR(`, `a:b`, `^start`, `"quoted`, `(paren)`, `AND`} {
		if items := found(t, s, workbook.ReviewFilter{Query: q}); len(items) != 1 {
			t.Errorf("%q found %d", q, len(items))
		}
	}
}

// A search's snippet marks the matched words, and only those: marks in the
// text itself are not indexed nor shown.
func TestSearchSnippet(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	long := strings.Repeat("filler words here ", 30)
	text := long + "\nWe planned the Migration\n\n  of the \uE000database\uE001 today.\n" + long
	e := mustSave(t, s, run.ID, exReport, "", fields("changed", text, "failed", "migrated twice"), t0.Add(time.Minute))
	items := found(t, s, workbook.ReviewFilter{Query: "migr"})
	if len(items) != 1 || items[0].EntryID != e.ID {
		t.Fatalf("items %+v", items)
	}
	sn := items[0].Snippet
	if !strings.Contains(sn, workbook.MatchStart+"Migration"+workbook.MatchEnd) {
		t.Errorf("snippet %q does not mark the word", sn)
	}
	if strings.Count(sn, workbook.MatchStart) != strings.Count(sn, workbook.MatchEnd) || strings.Contains(sn, "\n") {
		t.Errorf("snippet %q", sn)
	}
	if strings.Contains(sn, workbook.MatchStart+"database") || strings.Count(sn, workbook.MatchStart) > 2 {
		t.Errorf("snippet %q shows marks of the text", sn)
	}
	if n := utf8.RuneCountInString(sn); n > 200 {
		t.Errorf("snippet of %d characters: %q", n, sn)
	}
	// The marks in the text do not match the search and are not kept in
	// the document.
	if items := found(t, s, workbook.ReviewFilter{Query: "\uE000database"}); len(items) != 1 {
		t.Errorf("database: %d", len(items))
	}
	var doc string
	if err := s.db.QueryRow(`SELECT t.text FROM revision_text t JOIN revision_docs d ON d.doc = t.rowid WHERE d.revision_id = ?`,
		e.Current.ID).Scan(&doc); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(doc, workbook.MatchStart+workbook.MatchEnd) || !strings.Contains(doc, "of the database today.") {
		t.Errorf("document %q", doc)
	}
	// The plain list has no snippet: it carries the current answer, whole.
	e2 := mustSave(t, s, run.ID, exReport, "", fields("changed", "One\n\n  two  words\r\nthree", "failed", "four"), t0.Add(2*time.Minute))
	items, _ = mustReview(t, s, workbook.ReviewFilter{}, 0, 1)
	if it := items[0]; it.EntryID != e2.ID || it.Snippet != "" || it.Answer.Fields["changed"] != "One\n\n  two  words\r\nthree" || it.Answer.Fields["failed"] != "four" {
		t.Errorf("list item %+v", it)
	}
}

func TestCut(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"abcdefghij", 10, "abcdefghij"},
		{"abcdefghijk", 10, "abcdefghi…"},
		{"abcdefg · hijk", 10, "abcdefg…"},
		{"ab\uE000cdefghijk\uE001", 10, "ab\uE000cdefgh\uE001…"},
		{"日本語日本語日本語日本語", 5, "日本語日…"},
	} {
		if got := cut(c.s, c.n); got != c.want {
			t.Errorf("cut(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

// Filters narrow the list and the search alike.
func TestReviewFilters(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	exs := []workbook.Exercise{exChallenge, exClosing, exScope, exReport, exMetric}
	exs[2].Phase, exs[3].Phase, exs[4].Phase = 1, 2, 3
	if err := s.SetExercises(ctx, exs); err != nil {
		t.Fatal(err)
	}
	r1 := mustStart(t, s, "first run", t0)
	sc1 := mustSave(t, s, r1.ID, exs[2], "", fields("scope", "alpha scope"), t0.Add(time.Minute))
	rp1 := mustSave(t, s, r1.ID, exs[3], "", fields("changed", "alpha report"), t0.Add(2*time.Minute))
	mustSave(t, s, r1.ID, exs[1], "", fields("why", "alpha closing"), t0.Add(3*time.Minute))
	r2 := mustStart(t, s, "second run", t0.Add(time.Hour))
	rp2 := mustSave(t, s, r2.ID, exs[3], "", fields("changed", "alpha beta report"), t0.Add(61*time.Minute))
	rp3 := mustSave(t, s, r2.ID, exs[3], "", fields("changed", "beta report"), t0.Add(62*time.Minute))
	m2 := mustSave(t, s, r2.ID, exs[4], "", fields("name", "alpha metric"), t0.Add(63*time.Minute))

	for _, c := range []struct {
		f    workbook.ReviewFilter
		want []string
	}{
		{workbook.ReviewFilter{RunID: r1.ID, Phase: 2}, []string{rp1.ID}},
		{workbook.ReviewFilter{Phase: 2}, []string{rp3.ID, rp2.ID, rp1.ID}},
		{workbook.ReviewFilter{Exercise: "report", RunID: r2.ID}, []string{rp3.ID, rp2.ID}},
		{workbook.ReviewFilter{Phase: 1}, []string{sc1.ID}},
		{workbook.ReviewFilter{Phase: 3, RunID: r1.ID}, nil},
		{workbook.ReviewFilter{RunID: "nope"}, nil},
		{workbook.ReviewFilter{Query: "alpha", Phase: 2}, []string{rp1.ID, rp2.ID}},
		{workbook.ReviewFilter{Query: "alpha", RunID: r2.ID}, []string{m2.ID, rp2.ID}},
		{workbook.ReviewFilter{Query: "report", Exercise: "report", RunID: r2.ID}, []string{rp3.ID, rp2.ID}},
		{workbook.ReviewFilter{Query: "alpha", Exercise: "scope"}, []string{sc1.ID}},
		{workbook.ReviewFilter{Query: "beta", Phase: 1}, nil},
	} {
		items := found(t, s, c.f)
		got := entryIDs(items)
		if c.f.Query != "" {
			slices.Sort(got) // ranked: compare as sets
			c.want = slices.Sorted(slices.Values(c.want))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%+v: %q, want %q", c.f, got, c.want)
		}
		for _, it := range items {
			if c.f.RunID != "" && it.RunID != c.f.RunID || c.f.Phase != 0 && it.Phase != c.f.Phase ||
				c.f.Exercise != "" && it.Exercise != c.f.Exercise {
				t.Errorf("%+v: item %+v", c.f, it)
			}
		}
	}
	if items := found(t, s, workbook.ReviewFilter{RunID: r2.ID}); len(items) != 4 || items[3].Exercise != "challenge" ||
		items[3].Phase != 0 || items[0].RunNumber != 2 || items[0].Phase != 3 {
		t.Errorf("run 2: %+v", items)
	}
	// Each item of the list carries its current answer: the second
	// version of a scope saved twice, not the first.
	sc1 = mustSave(t, s, r1.ID, exs[2], sc1.ID, fields("scope", "alpha scope, v2"), t0.Add(4*time.Minute))
	for _, it := range found(t, s, workbook.ReviewFilter{}) {
		e, err := s.Entry(ctx, it.EntryID)
		if err != nil || !answerEqual(it.Answer, e.Current.Answer) {
			t.Errorf("item %s: answer %+v, entry %+v (%v)", it.Exercise, it.Answer, e.Current.Answer, err)
		}
		if it.EntryID == sc1.ID && it.Answer.Fields["scope"] != "alpha scope, v2" {
			t.Errorf("scope: %+v", it.Answer)
		}
	}
	if _, err := s.Review(ctx, workbook.ReviewFilter{Phase: 4}, 0, 10); err == nil {
		t.Error("phase 4 accepted")
	}
	if _, err := s.Review(ctx, workbook.ReviewFilter{}, -1, 10); err == nil {
		t.Error("offset -1 accepted")
	}
}

// The list of 10,000 entries: newest first, filtered, paged, with totals.
func TestReviewList(t *testing.T) {
	s, _ := newStore(t)
	gen := genStore(t, s, 10000)
	checkIntegrity(t, s)
	runNumber := map[string]int{}
	for _, r := range mustRuns(t, s) {
		runNumber[r.ID] = r.Number
	}
	// Grouped by run and phase, the latest first, newest first within.
	want := slices.Clone(gen)
	slices.SortFunc(want, func(a, b genEntry) int {
		return cmp.Or(runNumber[b.runID]-runNumber[a.runID], b.phase-a.phase,
			b.saved.Compare(a.saved), strings.Compare(b.id, a.id))
	})
	check := func(f workbook.ReviewFilter, keep func(genEntry) bool) {
		t.Helper()
		var w []genEntry
		for _, e := range want {
			if keep(e) {
				w = append(w, e)
			}
		}
		var got []workbook.ReviewItem
		for off := 0; ; off += 700 {
			items, total := mustReview(t, s, f, off, 700)
			if total != len(w) {
				t.Fatalf("%+v: total %d, want %d", f, total, len(w))
			}
			if len(items) == 0 {
				break
			}
			got = append(got, items...)
		}
		if len(got) != len(w) {
			t.Fatalf("%+v: %d items, want %d", f, len(got), len(w))
		}
		for i, it := range got {
			e := w[i]
			if it.EntryID != e.id || it.RunID != e.runID || it.Exercise != e.exercise || it.Phase != e.phase ||
				!it.SavedAt.Equal(e.saved) || it.Revisions != e.revisions || it.RunNumber != runNumber[e.runID] ||
				it.Snippet != "" || !strings.HasPrefix(it.Answer.Fields["changed"], "common entry") || it.Date != dateOf(e.saved.Add(-time.Duration(e.revisions-1)*30*time.Second)) {
				t.Fatalf("%+v: item %d = %+v, want %+v", f, i, it, e)
			}
		}
	}
	runs := []string{gen[0].runID, gen[5000].runID, gen[9999].runID}
	check(workbook.ReviewFilter{}, func(genEntry) bool { return true })
	check(workbook.ReviewFilter{RunID: runs[1]}, func(e genEntry) bool { return e.runID == runs[1] })
	check(workbook.ReviewFilter{Phase: 2}, func(e genEntry) bool { return e.phase == 2 })
	check(workbook.ReviewFilter{Exercise: "report3"}, func(e genEntry) bool { return e.exercise == "report3" })
	check(workbook.ReviewFilter{RunID: runs[2], Phase: 1}, func(e genEntry) bool { return e.runID == runs[2] && e.phase == 1 })

	// A page past the end is empty, with the total.
	if items, total := mustReview(t, s, workbook.ReviewFilter{}, 10000, 50); len(items) != 0 || total != 10000 {
		t.Errorf("past the end: %d items, total %d", len(items), total)
	}
	if items, total := mustReview(t, s, workbook.ReviewFilter{}, 0, 0); len(items) != 0 || total != 10000 {
		t.Errorf("limit 0: %d items, total %d", len(items), total)
	}
	// A search of a word of every entry finds each once; its total counts
	// entries; a word of one entry finds that one.
	items, total := mustReview(t, s, workbook.ReviewFilter{Query: "common"}, 9990, 50)
	if total != 10000 || len(items) != 10 {
		t.Errorf("common: %d items, total %d", len(items), total)
	}
	if items, total := mustReview(t, s, workbook.ReviewFilter{Query: "firstdraft", Phase: 3}, 0, 5000); total != 667 || len(items) != 667 {
		t.Errorf("firstdraft: %d items, total %d", len(items), total)
	}
	items = found(t, s, workbook.ReviewFilter{Query: "entry04321"})
	if len(items) != 1 || items[0].EntryID != gen[4321].id || !strings.Contains(items[0].Snippet, workbook.MatchStart+"entry04321"+workbook.MatchEnd) {
		t.Errorf("entry04321: %+v", items)
	}
	if items := found(t, s, workbook.ReviewFilter{Query: "entry0432"}); len(items) != 10 {
		t.Errorf("entry0432: %d", len(items))
	}
}

// The list query of every filter reads the runs, then each run's entries
// through an index in the order it returns them: no scan of the table, no
// sort; but for the exercise filter alone, which may sort the entries of
// one exercise. So before ANALYZE and after (without the statistics, a
// plain join of 10,000 entries sorted them all for each page).
func TestReviewPlans(t *testing.T) {
	s, _ := newStore(t)
	genStore(t, s, 300)
	checkReviewPlans(t, s)
	if _, err := s.db.Exec("ANALYZE"); err != nil {
		t.Fatal(err)
	}
	checkReviewPlans(t, s)
}

func checkReviewPlans(t *testing.T, s *Store) {
	t.Helper()
	for _, f := range []workbook.ReviewFilter{
		{}, {RunID: "r"}, {Phase: 2}, {Exercise: "x"}, {RunID: "r", Phase: 1}, {RunID: "r", Exercise: "x"},
		{Phase: 1, Exercise: "x"}, {RunID: "r", Phase: 1, Exercise: "x"},
	} {
		where, args := reviewWhere(f)
		all := queryPlan(t, s, fmt.Sprintf(reviewListQuery, where), append(args, 50, 0)...)
		sorts := strings.Contains(all, "TEMP B-TREE")
		if !strings.HasPrefix(all, "SCAN r") && !strings.HasPrefix(all, "SEARCH r") ||
			!strings.Contains(all, "SEARCH e USING INDEX") || sorts && (f.Exercise == "" || f.RunID != "") ||
			strings.Contains(all, "SCAN e\n") || strings.HasSuffix(all, "SCAN e") {
			t.Errorf("%+v: plan\n%s", f, all)
		}
	}
}

func TestEntry(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	e := mustSave(t, s, run.ID, exScope, "", fields("scope", "v1"), t0.Add(time.Minute))
	e = mustSave(t, s, run.ID, exScope, e.ID, fields("scope", "v2"), t0.Add(2*time.Minute))
	got, err := s.Entry(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := mustEntries(t, s, run.ID)[1]
	if got.Revisions != 2 || got.Current.Answer.Fields["scope"] != "v2" {
		t.Errorf("Entry = %+v", got)
	}
	if !answerEqual(got.Current.Answer, want.Current.Answer) {
		t.Errorf("Entry answer %+v, Entries %+v", got.Current.Answer, want.Current.Answer)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Entry = %+v, Entries has %+v", got, want)
	}
	if _, err := s.Entry(ctx, "nope"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("Entry(nope): %v", err)
	}
}

// SetExercises sets the phase of entries whose exercise has another.
func TestSetExercisesPhases(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	e := mustSave(t, s, run.ID, exScope, "", fields("scope", "x"), t0.Add(time.Minute)) // phase 0 in the test's exercise
	phase := func() int {
		items := found(t, s, workbook.ReviewFilter{Exercise: "scope"})
		if len(items) != 1 || items[0].EntryID != e.ID {
			t.Fatalf("items %+v", items)
		}
		return items[0].Phase
	}
	if p := phase(); p != 0 {
		t.Errorf("phase %d", p)
	}
	sc := exScope
	sc.Phase = 2
	if err := s.SetExercises(ctx, []workbook.Exercise{exChallenge, sc}); err != nil {
		t.Fatal(err)
	}
	if p := phase(); p != 2 {
		t.Errorf("phase %d after SetExercises", p)
	}
	if items := found(t, s, workbook.ReviewFilter{Query: "x", Phase: 2}); len(items) != 1 {
		t.Errorf("search of phase 2 after SetExercises: %+v", items)
	}
	checkIntegrity(t, s)
	if err := s.SetExercises(ctx, []workbook.Exercise{sc, sc}); err == nil {
		t.Error("two exercises with one id accepted")
	}
	sc.Phase = 4
	if err := s.SetExercises(ctx, []workbook.Exercise{sc}); err == nil {
		t.Error("phase 4 accepted")
	}
}

// Saves while the clock is behind: each save is current, stamped just
// after the newest, and first in the review.
func TestClockBehindStaysCurrent(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	e := mustSave(t, s, run.ID, exScope, "", fields("scope", "v0"), t0.Add(time.Hour))
	other := mustSave(t, s, run.ID, exReport, "", fields("changed", "x"), t0.Add(30*time.Minute))
	for i := 1; i <= 3; i++ {
		got := mustSave(t, s, run.ID, exScope, e.ID, fields("scope", fmt.Sprint("v", i)), t0)
		if want := t0.Add(time.Hour + time.Duration(i)*time.Nanosecond); !got.Current.SavedAt.Equal(want) {
			t.Errorf("save %d stamped %v, want %v", i, got.Current.SavedAt, want)
		}
		stored, err := s.Entry(context.Background(), e.ID)
		if err != nil || !stored.Current.SavedAt.Equal(got.Current.SavedAt) || stored.Current.ID != got.Current.ID {
			t.Errorf("save %d: stored %+v, %v; returned %+v", i, stored.Current, err, got.Current)
		}
	}
	items := found(t, s, workbook.ReviewFilter{})
	if len(items) != 3 || items[0].EntryID != e.ID || items[1].EntryID != other.ID || items[0].Revisions != 4 {
		t.Errorf("review %+v", items)
	}
	if revs := mustRevisions(t, s, e.ID); revs[3].Answer.Fields["scope"] != "v3" {
		t.Errorf("revisions %+v", revs)
	}
}

// A version 2 database with answers migrates: each entry keeps its current
// revision (the highest seq, even where the clock went back), and every
// revision gets the document SaveAnswer would write.
func TestMigrateFromV2(t *testing.T) {
	ctx := context.Background()
	migs, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	p := t.TempDir() + "/autonomy.db"
	mustOpenWith(t, p, migs[:2]).Close()
	rawExec(t, p,
		`INSERT INTO runs (id, number, started_at) VALUES ('r1', 1, '2026-03-01T09:00:00.000000000Z')`,
		`INSERT INTO entries (id, run_id, exercise, date, created_at) VALUES
			('e1', 'r1', 'metric', '2026-03-01', '2026-03-01T09:00:00.000000000Z'),
			('e2', 'r1', 'scope', '2026-03-01', '2026-03-01T09:01:00.000000000Z')`,
		`INSERT INTO revisions (id, entry_id, seq, saved_at) VALUES
			('v1', 'e1', 1, '2026-03-01T09:00:00.000000000Z'),
			('v2', 'e1', 2, '2026-03-01T08:00:00.000000000Z'),
			('v3', 'e2', 1, '2026-03-01T09:01:00.000000000Z')`,
		`INSERT INTO revision_values (revision_id, field, position, item_id, ref, kind, value) VALUES
			('v1', 'name', 0, '', '', 'text', 'old name'),
			('v2', 'steps', 1, 'b', '', 'list', 'second step'),
			('v2', 'steps', 0, 'a', 'x', 'list', 'first step'),
			('v2', 'name', 0, '', '', 'text', 'new `+"\uE000"+`name'),
			('v2', 'notes', 0, '', '', 'textarea', ''),
			('v2', 'kind', 0, '', '', 'choice', 'count'),
			('v3', 'scope', 0, '', '', 'text', '`+"\uE001"+`')`,
	)
	s := mustOpen(t, p)
	defer s.Close()
	es := mustEntries(t, s, "r1")
	if len(es) != 2 || es[0].Current.ID != "v2" || es[0].Revisions != 2 || es[1].Current.ID != "v3" {
		t.Errorf("entries %+v", es)
	}
	tx := mustTx(t, s)
	for _, rev := range []string{"v1", "v2", "v3"} {
		var doc string
		if err := s.db.QueryRow(`SELECT t.text FROM revision_text t JOIN revision_docs d ON d.doc = t.rowid WHERE d.revision_id = ?`,
			rev).Scan(&doc); err != nil {
			t.Fatal(err)
		}
		vals, err := readValues(ctx, tx, `SELECT revision_id, field, position, item_id, ref, kind, value
			FROM revision_values WHERE revision_id = ? ORDER BY field, position`, rev)
		if err != nil {
			t.Fatal(err)
		}
		if want := docText(vals[rev]); doc != want {
			t.Errorf("%s: document %q, want %q", rev, doc, want)
		}
	}
	checkIntegrity(t, s)
	if items := found(t, s, workbook.ReviewFilter{Query: "first step"}); len(items) != 1 || items[0].EntryID != "e1" {
		t.Errorf("search: %+v", items)
	}
	if items := found(t, s, workbook.ReviewFilter{}); len(items) != 2 || items[0].EntryID != "e2" || items[1].Phase != 0 {
		t.Errorf("review: %+v", items)
	}
	m := exMetric
	m.Phase = 3
	if err := s.SetExercises(ctx, []workbook.Exercise{m}); err != nil {
		t.Fatal(err)
	}
	if items := found(t, s, workbook.ReviewFilter{Phase: 3}); len(items) != 1 || items[0].EntryID != "e1" {
		t.Errorf("phase 3: %+v", items)
	}
	// A save after the migration is current, stamped after the newest.
	e := mustSave(t, s, "r1", exMetric, "e1", fields("name", "newest"), time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC))
	if want := time.Date(2026, 3, 1, 9, 0, 0, 1, time.UTC); !e.Current.SavedAt.Equal(want) {
		t.Errorf("saved at %v, want %v", e.Current.SavedAt, want)
	}
}

// mustTx begins a read transaction that ends with the test.
func mustTx(t testing.TB, s *Store) *sql.Tx {
	t.Helper()
	tx, err := s.db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	return tx
}

// A selective search ranks by bm25, and an entry's best revision is the
// item; a search with more than rankLimit matching revisions lists newest
// first.
func TestSearchOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	filler := strings.Repeat("lorem ipsum dolor ", 40)
	weak := mustSave(t, s, run.ID, exReport, "", fields("changed", filler+"budget"), t0.Add(time.Minute))
	strong := mustSave(t, s, run.ID, exReport, "", fields("changed", "budget budget budget"), t0.Add(2*time.Minute))
	// Its first revision matches best, its current one weakly.
	moved := mustSave(t, s, run.ID, exReport, "", fields("changed", "budget budget"), t0.Add(3*time.Minute))
	moved = mustSave(t, s, run.ID, exReport, moved.ID, fields("changed", filler+"budget "+filler), t0.Add(4*time.Minute))
	if page := mustPage(t, s, workbook.ReviewFilter{Query: "budget"}, 0, 10); !page.Ranked || page.More {
		t.Errorf("budget: ranked %v, more %v", page.Ranked, page.More)
	}
	items := found(t, s, workbook.ReviewFilter{Query: "budget"})
	if got := entryIDs(items); !slices.Equal(got, []string{strong.ID, moved.ID, weak.ID}) {
		t.Errorf("ranked %q, want strong %s, moved %s, weak %s", got, strong.ID, moved.ID, weak.ID)
	}
	revs := mustRevisions(t, s, moved.ID)
	if it := items[1]; !it.SavedAt.Equal(revs[0].SavedAt) || it.Revisions != 2 ||
		it.Snippet != workbook.MatchStart+"budget"+workbook.MatchEnd+" "+workbook.MatchStart+"budget"+workbook.MatchEnd {
		t.Errorf("moved: %+v", it)
	}

	// Past rankLimit matching revisions: the entries of the most recently
	// saved first, each by its newest revision (genStore saves them in
	// order).
	s, _ = newStore(t)
	gen := genStore(t, s, rankLimit+10)
	page := mustPage(t, s, workbook.ReviewFilter{Query: "common"}, 0, 20)
	if page.Total != countLimit || !page.More || page.Ranked {
		t.Fatalf("common: total %d, more %v, ranked %v; want %d and more, newest first", page.Total, page.More, page.Ranked, countLimit)
	}
	items = page.Items
	var want []string
	for i := range 20 {
		want = append(want, gen[len(gen)-1-i].id)
	}
	if got := entryIDs(items); !slices.Equal(got, want) {
		t.Errorf("broad search %q, want %q", got, want)
	}
	for i, it := range items {
		if e := gen[len(gen)-1-i]; !it.SavedAt.Equal(e.saved) || it.Revisions != e.revisions {
			t.Errorf("item %d %+v, want %+v", i, it, e)
		}
	}
	for _, it := range items {
		if !strings.Contains(it.Snippet, workbook.MatchStart+"common"+workbook.MatchEnd) {
			t.Errorf("snippet %q", it.Snippet)
		}
	}
	// A word of the first revisions only ("firstdraft", 1 in 5 entries)
	// finds them at that revision.
	byID := map[string]genEntry{}
	for _, e := range gen {
		byID[e.id] = e
	}
	items = found(t, s, workbook.ReviewFilter{Query: "firstdraft"})
	if len(items) != (len(gen)+4)/5 {
		t.Errorf("firstdraft: %d items", len(items))
	}
	for _, it := range items {
		if e := byID[it.EntryID]; e.revisions != 2 || !it.SavedAt.Equal(e.saved.Add(-30*time.Second)) {
			t.Errorf("firstdraft: %+v, entry %+v", it, e)
		}
	}
	if _, err := s.Review(ctx, workbook.ReviewFilter{Query: "common", Phase: 2}, 0, 5); err != nil {
		t.Error(err)
	}
}

// The kept hits follow saves (of this handle or another), imports and
// SetExercises.
func TestSearchFollowsChanges(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	other := mustOpen(t, p)
	defer other.Close()
	run := mustStart(t, s, "c", t0)
	a := mustSave(t, s, run.ID, exReport, "", fields("changed", "alpha one"), t0.Add(time.Minute))
	if items := found(t, s, workbook.ReviewFilter{Query: "alpha"}); len(items) != 1 {
		t.Fatalf("items %+v", items)
	}
	b := mustSave(t, other, run.ID, exReport, "", fields("changed", "alpha two"), t0.Add(2*time.Minute))
	if got := entryIDs(found(t, s, workbook.ReviewFilter{Query: "alpha"})); len(got) != 2 || !slices.Contains(got, b.ID) {
		t.Errorf("after a save elsewhere: %q", got)
	}
	// A new revision of a: its save time and count change, and a word
	// of the old revision still finds it.
	mustSave(t, other, run.ID, exReport, a.ID, fields("changed", "beta"), t0.Add(3*time.Minute))
	items := found(t, s, workbook.ReviewFilter{Query: "alpha"})
	if len(items) != 2 {
		t.Fatalf("items %+v", items)
	}
	for _, it := range items {
		if it.EntryID == a.ID && (it.Revisions != 2 || !it.SavedAt.Equal(a.Current.SavedAt)) {
			t.Errorf("a: %+v", it)
		}
	}
	if items := found(t, s, workbook.ReviewFilter{Query: "alpha", Phase: 2}); len(items) != 0 {
		t.Errorf("phase 2 before SetExercises: %+v", items)
	}
	rep := exReport
	rep.Phase = 2
	if err := s.SetExercises(ctx, []workbook.Exercise{rep}); err != nil {
		t.Fatal(err)
	}
	if items := found(t, s, workbook.ReviewFilter{Query: "alpha", Phase: 2}); len(items) != 2 {
		t.Errorf("phase 2 after SetExercises: %+v", items)
	}
}

// checkIntegrity runs PRAGMA integrity_check, which also compares the
// search index with its documents, and FTS5's own integrity-check.
func checkIntegrity(t testing.TB, s *Store) {
	t.Helper()
	var ok string
	if err := s.db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check: %q, %v", ok, err)
	}
	if _, err := s.db.Exec(`INSERT INTO revision_text (revision_text, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("FTS5 integrity-check: %v", err)
	}
	var fk int
	if err := s.db.QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
		t.Errorf("foreign_key_check: %d rows, %v", fk, err)
	}
	// search_docs has each document, with its entry's rowid, and nothing
	// else.
	var docs, bad int
	if err := s.db.QueryRow(`SELECT (SELECT count(*) FROM search_docs),
		(SELECT count(*) FROM revision_docs d LEFT JOIN search_docs x ON x.doc = d.doc
			LEFT JOIN entries e ON e.rowid = x.entry WHERE e.id IS NOT d.entry_id)
		+ (SELECT count(*) FROM search_docs x WHERE x.doc NOT IN (SELECT doc FROM revision_docs))`).Scan(&docs, &bad); err != nil || bad != 0 {
		t.Errorf("search_docs: %d rows, %d wrong, %v", docs, bad, err)
	}
}

// A search that matches more revisions than it ranks lists each entry
// once, by its newest matching revision: an entry saved again comes first,
// wherever it was, and the others keep their order; the total counts
// entries, also with a filter.
func TestBroadSearchFollowsSaves(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	gen := genStore(t, s, rankLimit+200)
	all := func(f workbook.ReviewFilter) []string {
		t.Helper()
		f.Query = "common"
		items, total := mustReview(t, s, f, 0, 5000)
		ids := entryIDs(items)
		if total != len(items) || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != total {
			t.Fatalf("%+v: %d items, %d different, total %d", f, len(items), len(slices.Compact(slices.Sorted(slices.Values(ids)))), total)
		}
		return ids
	}
	before := all(workbook.ReviewFilter{})
	if len(before) != len(gen) {
		t.Fatalf("%d entries, want %d", len(before), len(gen))
	}
	later := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, k := range []int{3, 700, 1199, 3, 10} {
		e := gen[k]
		a := workbook.Answer{Fields: map[string]string{"changed": "common, edited"}}
		if _, err := s.SaveAnswer(ctx, e.runID, genExercises[e.phase-1], e.id, a, workbook.Date{}, later.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
		after := all(workbook.ReviewFilter{})
		want := append([]string{e.id}, slices.DeleteFunc(slices.Clone(before), func(id string) bool { return id == e.id })...)
		if !slices.Equal(after, want) {
			t.Fatalf("after save %d of %s: %v..., want %v...", i+1, e.id, after[:5], want[:5])
		}
		before = after
	}
	for _, f := range []workbook.ReviewFilter{{Phase: 2}, {RunID: gen[0].runID}, {Exercise: "report3", RunID: gen[len(gen)-1].runID}} {
		list, total := mustReview(t, s, f, 0, 5000)
		got := all(f)
		if len(got) != total || !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(entryIDs(list)))) {
			t.Errorf("%+v: the search finds %d, the list has %d", f, len(got), total)
		}
		q := f
		q.Query = "common"
		if mustPage(t, s, q, 0, 5000).Ranked {
			continue // few enough documents in the filter to rank them: best first
		}
		// In the order of the search without the filter.
		var want []string
		for _, id := range before {
			if slices.Contains(got, id) {
				want = append(want, id)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%+v: order %v..., want %v...", f, got[:5], want[:5])
		}
	}
}

// A search reads the documents FTS5 finds, each joined by its key (the
// entry's too, with a filter), and sorts only to rank them; the page reads
// only the range of its documents.
func TestSearchPlans(t *testing.T) {
	s, _ := newStore(t)
	genStore(t, s, 300)
	if _, err := s.db.Exec("ANALYZE"); err != nil {
		t.Fatal(err)
	}
	plan := func(query string, args ...any) string {
		t.Helper()
		return queryPlan(t, s, query, args...)
	}
	check := func(what, p string, sorts bool) {
		t.Helper()
		if !strings.HasPrefix(p, "SCAN revision_text VIRTUAL TABLE") || strings.Contains(p, "SCAN s") ||
			strings.Contains(p, "SCAN e") || !sorts && strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s: plan\n%s", what, p)
		}
	}
	match := sql.Named("match", `"common"`)
	for _, f := range []workbook.ReviewFilter{{}, {Phase: 2}, {RunID: "r", Exercise: "x"}} {
		walk, args := newestWalk(f)
		check(fmt.Sprintf("newest, %+v", f), plan(walk, append(args, match)...), false)
		from, args := rankedFrom(f)
		check(fmt.Sprintf("older, %+v", f), plan(fmt.Sprintf(olderQuery, from), append(append([]any{match}, args...), sql.Named("below", 10))...), false)
		check(fmt.Sprintf("ranked, %+v", f), plan(fmt.Sprintf(rankedHitsQuery, from), append([]any{match}, args...)...), true)
	}
	if p := plan(rankedPageQuery, sql.Named("match", `"common"`), sql.Named("first", 1), sql.Named("last", 10), sql.Named("page", "[1,2]"),
		sql.Named("start", ""), sql.Named("end", "")); !strings.HasPrefix(p, "SCAN revision_text VIRTUAL TABLE INDEX 0:M1><") {
		t.Errorf("page: plan\n%s", p)
	}
}

// queryPlan is the details of EXPLAIN QUERY PLAN of query, one a line.
func queryPlan(t testing.TB, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.db.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}
