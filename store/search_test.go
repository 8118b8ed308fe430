package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"autonomy/workbook"
)

// A search ignores case and diacritics, in any script, matches the last
// word as a prefix, and marks in the snippet each matched word, and only
// those.
func TestSearchMatchesAndMarks(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	m := func(w string) string { return workbook.MatchStart + w + workbook.MatchEnd }
	for i, c := range []struct{ text, query, want string }{
		{"Planned the migration", "migr", "Planned the " + m("migration")},
		{"Ask Jörg, then JORGE", "jorg", "Ask " + m("Jörg") + ", then " + m("JORGE")},
		{"naïve Naive naivety", "naive", m("naïve") + " " + m("Naive") + " " + m("naivety")},
		{"a plan, the plans", "plan the", "a " + m("plan") + ", " + m("the") + " plans"},
		{"database\nmigration", "database mig", m("database") + " · " + m("migration")},
		{"ΣΟΦΊΑ σοφός", "σοφ", m("ΣΟΦΊΑ") + " " + m("σοφός")},
		{"on 2026-03-04", "03", "on 2026-" + m("03") + "-04"},
	} {
		at := t0.Add(time.Duration(i+1) * time.Minute)
		e := mustSave(t, s, run.ID, exReport, "", fields("changed", c.text), at)
		var got []string
		for _, it := range found(t, s, workbook.ReviewFilter{Query: c.query}) {
			if it.EntryID == e.ID {
				got = append(got, it.Snippet)
			}
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%q in %q: snippets %q, want %q", c.query, c.text, got, c.want)
		}
	}
	// "data" is a whole word of no document: only the prefix "mig" matches.
	items := found(t, s, workbook.ReviewFilter{Query: "data mig"})
	if len(items) != 0 {
		t.Errorf("data mig: %+v", items)
	}
}

// A snippet is about 16 words of the matching revision, on one line, the
// part with the most query words, "…" where text was left out.
func TestSearchSnippetWindow(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	words := strings.Fields("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty")
	text := strings.Join(words[:10], " ") + "\n" + strings.Join(words[10:], " ")
	mustSave(t, s, run.ID, exReport, "", fields("changed", text), t0.Add(time.Minute))
	m := func(w string) string { return workbook.MatchStart + w + workbook.MatchEnd }
	for _, c := range []struct {
		query      string
		has        []string
		start, end bool // "…" at the start, at the end
	}{
		{"one", []string{m("one") + " two three"}, false, true},
		{"twenty", []string{"nineteen " + m("twenty")}, true, false},
		{"three eighteen", []string{m("three"), m("eighteen")}, true, true},
	} {
		items := found(t, s, workbook.ReviewFilter{Query: c.query})
		if len(items) != 1 {
			t.Fatalf("%q: %+v", c.query, items)
		}
		sn := items[0].Snippet
		for _, h := range c.has {
			if !strings.Contains(sn, h) {
				t.Errorf("%q: snippet %q has no %q", c.query, sn, h)
			}
		}
		if strings.HasPrefix(sn, "…") != c.start || strings.HasSuffix(sn, "…") != c.end ||
			strings.Contains(sn, "\n") || !strings.Contains(sn, " · ") {
			t.Errorf("%q: snippet %q", c.query, sn)
		}
		if n := len(strings.Fields(strings.ReplaceAll(sn, " · ", " "))); n < 12 || n > 18 {
			t.Errorf("%q: %d words in %q", c.query, n, sn)
		}
	}
	// A long word is cut, its mark closed.
	long := strings.Repeat("x", 300)
	mustSave(t, s, run.ID, exReport, "", fields("changed", "a "+long), t0.Add(2*time.Minute))
	items := found(t, s, workbook.ReviewFilter{Query: "xx"})
	if len(items) != 1 || items[0].Snippet != "a "+workbook.MatchStart+strings.Repeat("x", 196)+workbook.MatchEnd+"…" {
		t.Errorf("long word: %+v", items)
	}
}

// oneLineN is oneLine then cut, whatever the text.
func TestOneLineN(t *testing.T) {
	texts := []string{"", "a", " a ", "a\n\nb", "a \n b", "  lead\ttab\r\nend  ", "x · y\n", "日本語 テキスト\n\n改行",
		strings.Repeat("word ", 100), strings.Repeat("ab\n", 100), "a\u00a0b\u2028c"}
	for _, text := range texts {
		if got, want := oneLineN(text, -1), oneLine(text); got != want {
			t.Errorf("oneLineN(%q, -1) = %q, oneLine %q", text, got, want)
		}
		for _, n := range []int{1, 2, 3, 5, 10, 50, 200} {
			if got, want := oneLineN(text, n), cut(oneLine(text), n); got != want {
				t.Errorf("oneLineN(%q, %d) = %q, want %q", text, n, got, want)
			}
		}
	}
	if got := oneLine("One\n\n  two  words\r\nthree"); got != "One · two words · three" {
		t.Errorf("oneLine = %q", got)
	}
}

// The text a person wrote reaches the snippet as written, control
// characters included (the screen strips them): the search neither drops
// nor adds anything but its marks, one line and the ellipses.
func TestSearchSnippetKeepsText(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	text := "red \x1b[31m alert \x1b[0m and a bell\a here"
	mustSave(t, s, run.ID, exReport, "", fields("changed", text), t0.Add(time.Minute))
	items := found(t, s, workbook.ReviewFilter{Query: "alert"})
	if len(items) != 1 {
		t.Fatalf("items %+v", items)
	}
	want := "red \x1b[31m " + workbook.MatchStart + "alert" + workbook.MatchEnd + " \x1b[0m and a bell\a here"
	if got := items[0].Snippet; got != want || !utf8.ValidString(got) {
		t.Errorf("snippet %q, want %q", got, want)
	}
}

// search_docs, the entry of each document, survives a backup: VACUUM INTO
// keeps the rowids of entries, gaps included.
func TestBackupKeepsSearchDocs(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	var kept []workbook.Entry
	for i, w := range strings.Fields("apple berry cherry damson elder fig") {
		e := mustSave(t, s, run.ID, exReport, "", fields("changed", "alpha "+w), t0.Add(time.Duration(i+1)*time.Minute))
		if i%2 == 0 {
			if err := s.DeleteEntry(ctx, e.ID); err != nil {
				t.Fatal(err)
			}
			continue
		}
		kept = append(kept, e)
	}
	p := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, p); err != nil {
		t.Fatal(err)
	}
	b := mustOpen(t, p)
	defer b.Close()
	checkIntegrity(t, b)
	for _, e := range kept {
		q := strings.TrimPrefix(e.Current.Answer.Fields["changed"], "alpha ")
		if items := found(t, b, workbook.ReviewFilter{Query: q}); len(items) != 1 || items[0].EntryID != e.ID {
			t.Errorf("%q in the backup: %+v", q, items)
		}
	}
	if items := found(t, b, workbook.ReviewFilter{Query: "alpha"}); len(items) != len(kept) {
		t.Errorf("alpha in the backup: %d items", len(items))
	}
}

// rowidSet holds entries' rowids, small or large.
func TestRowidSet(t *testing.T) {
	var s rowidSet
	ids := []int64{7, 3, 7, 9, 3, 1 << 40, 1 << 40, 0, 64, 63, 64, -1}
	added := 0
	for _, id := range ids {
		if s.add(id) {
			added++
		}
	}
	if added != 8 {
		t.Errorf("%d added, want 8", added)
	}
	for _, id := range ids {
		if !s.has(id) {
			t.Errorf("%d missing", id)
		}
	}
	for _, id := range []int64{1, 2, 65, 128, 1 << 24, 1<<40 + 1, -2} {
		if s.has(id) {
			t.Errorf("%d present", id)
		}
	}
}

// Searches at once, more than the pool has connections, each the first of
// its kind (its statements not yet prepared), all finish: none waits for a
// connection while holding one.
func TestConcurrentSearches(t *testing.T) {
	s, _ := newStore(t)
	genStore(t, s, rankLimit+100)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	filters := []workbook.ReviewFilter{{}, {Phase: 1}, {Phase: 2}, {Phase: 3}, {Exercise: "report1"}, {Exercise: "report2"},
		{Exercise: "report3"}, {Phase: 1, Exercise: "report1"}, {Phase: 2, Exercise: "report2"}, {Phase: 3, Exercise: "report3"}}
	errs := make(chan error, 2*len(filters))
	for _, f := range filters {
		for _, q := range []string{"common", "entry00042"} { // broad and ranked
			go func() {
				f.Query = q
				_, err := s.Review(ctx, f, 0, 50)
				errs <- err
			}()
		}
	}
	for range 2 * len(filters) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// A broad search counts up to countLimit entries and says there are more;
// page by page it lists the entries the filter keeps, each once, by its
// newest matching revision, the newest first, as its whole list does, and
// counts on as the pages pass countLimit. When it reads the documents the
// newest first, it stops at the count; when the filter keeps too few of
// them (the last run's entries of one exercise), it reads the rest in one
// pass and counts them all. A run's entries, even the oldest, are read
// from the run's own documents (migration 0010), so counted to the limit.
func TestBroadSearchPages(t *testing.T) {
	s, _ := newStore(t)
	gen := genStore(t, s, 3*countLimit+100)
	for _, c := range []struct {
		f     workbook.ReviewFilter
		exact bool // counted whole
	}{
		{f: workbook.ReviewFilter{}},
		{f: workbook.ReviewFilter{Phase: 2}},
		{f: workbook.ReviewFilter{RunID: gen[0].runID}},
		{f: workbook.ReviewFilter{RunID: gen[len(gen)-1].runID, Exercise: "report3"}, exact: true},
	} {
		f := c.f
		f.Query = "common"
		var want []string // genStore saves the entries in order
		for _, e := range slices.Backward(gen) {
			if (f.Phase == 0 || e.phase == f.Phase) && (f.RunID == "" || e.runID == f.RunID) && (f.Exercise == "" || e.exercise == f.Exercise) {
				want = append(want, e.id)
			}
		}
		if all := mustPage(t, s, f, 0, 5000); all.More || all.Ranked || !slices.Equal(entryIDs(all.Items), want) {
			t.Fatalf("%+v: all at once: %d items, more %v, ranked %v; want %d", f, len(all.Items), all.More, all.Ranked, len(want))
		}
		var got []string
		for offset := 0; offset < len(want); offset += 100 {
			page := mustPage(t, s, f, offset, 100)
			got = append(got, entryIDs(page.Items)...)
			counted := max(countLimit, offset+100)
			more := !c.exact && len(want) > counted
			if page.Ranked || page.More != more || more && page.Total != counted || !more && page.Total != len(want) {
				t.Fatalf("%+v from %d: total %d, more %v, ranked %v; %d match", f, offset, page.Total, page.More, page.Ranked, len(want))
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%+v: pages %d items, want %d in order", f, len(got), len(want))
		}
		// The count alone, as the filter lists ask.
		more := !c.exact && len(want) > countLimit
		if page := mustPage(t, s, f, 0, 0); len(page.Items) != 0 || page.More != more || more && page.Total != countLimit || !more && page.Total != len(want) {
			t.Errorf("%+v: count %d, more %v; %d match", f, page.Total, page.More, len(want))
		}
	}
}
