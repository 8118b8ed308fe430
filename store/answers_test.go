package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"autonomy/content"
	"autonomy/workbook"
)

func TestEntryRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	run := mustStart(t, s, "Ship the Q3 plan without sign-off", t0)

	notes := "Line one\n\tindented with a tab\n\nAfter a blank line: naïve café, 日本語, 🙂👍🏽\r\nCRLF kept\n"
	metric := workbook.Answer{
		Fields: map[string]string{
			"name":     "Décisions prises seul·e 🧭",
			"kind":     "count",
			"baseline": "-3.5",
			"target":   "1e3",
			"asked_on": "2026-03-04",
			"notes":    notes,
		},
		Lists: map[string][]workbook.ListItem{
			"steps": {
				{ID: "z9", Text: "last id, first place"},
				{ID: "a1", Text: "Ask Jörg 📞", Ref: "b7"},
				{ID: "m5", Text: "  spaces kept  "},
			},
		},
	}
	blockers := workbook.Answer{Lists: map[string][]workbook.ListItem{
		"items": {{ID: "b7", Text: "Approval loop"}, {ID: "b8", Text: "Unclear owner"}},
	}}
	noise := workbook.Answer{Lists: map[string][]workbook.ListItem{
		"items": {{ID: "n1", Text: "Status meetings", Ref: "b8"}, {ID: "n2", Text: "CC mails", Ref: "b7"}},
	}}
	empty := fields("scope", "") // an empty value is kept as empty

	saved := map[string]workbook.Entry{}
	for i, c := range []struct {
		ex workbook.Exercise
		a  workbook.Answer
	}{{exMetric, metric}, {exBlockers, blockers}, {exNoise, noise}, {exScope, empty}} {
		e := mustSave(t, s, run.ID, c.ex, "", c.a, t0.Add(time.Duration(i+1)*time.Minute))
		if e.Revisions != 1 || e.Current.EntryID != e.ID || e.RunID != run.ID || e.Exercise != c.ex.ID {
			t.Errorf("%s: entry %+v", c.ex.ID, e)
		}
		if !answerEqual(e.Current.Answer, c.a) {
			t.Errorf("%s: returned answer\n %#v, want\n %#v", c.ex.ID, e.Current.Answer, c.a)
		}
		saved[c.ex.ID] = e
	}
	s.Close()

	s = mustOpen(t, p)
	defer s.Close()
	es := mustEntries(t, s, run.ID)
	if len(es) != 5 {
		t.Fatalf("%d entries, want 5", len(es))
	}
	want := []string{"challenge", "metric", "blockers", "noise", "scope"}
	for i, e := range es {
		if e.Exercise != want[i] {
			t.Errorf("entry %d is %s, want %s", i, e.Exercise, want[i])
		}
		if w, ok := saved[e.Exercise]; ok && !reflect.DeepEqual(e, w) {
			t.Errorf("%s: read\n %#v, saved\n %#v", e.Exercise, e, w)
		}
		revs := mustRevisions(t, s, e.ID)
		if len(revs) != 1 || !reflect.DeepEqual(revs[0], e.Current) {
			t.Errorf("%s: revisions %#v, current %#v", e.Exercise, revs, e.Current)
		}
	}
	if got := es[1].Current.Answer.Fields["notes"]; got != notes {
		t.Errorf("notes = %q, want %q", got, notes)
	}
	if _, err := s.Entries(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Entries of an unknown run: %v", err)
	}
	if _, err := s.Revisions(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Revisions of an unknown entry: %v", err)
	}
}

// answerEqual compares answers, a nil map as an empty one.
func answerEqual(a, b workbook.Answer) bool {
	if len(a.Fields) != len(b.Fields) || len(a.Lists) != len(b.Lists) {
		return false
	}
	for k, v := range a.Fields {
		if w, ok := b.Fields[k]; !ok || w != v {
			return false
		}
	}
	for k, v := range a.Lists {
		if !reflect.DeepEqual(v, b.Lists[k]) {
			return false
		}
	}
	return true
}

// Every exercise of the real content saves and reads back.
func TestContentExercisesRoundTrip(t *testing.T) {
	wb, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newStore(t)
	var challenge workbook.Exercise
	for _, ex := range wb.Exercises {
		if ex.Kind == workbook.KindRun {
			challenge = ex
		}
	}
	run, err := s.StartRun(context.Background(), challenge, fields("challenge", "x"), t0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]workbook.Answer{}
	for i, ex := range wb.Exercises {
		a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
		for j, f := range ex.Fields {
			v := fmt.Sprintf("%s %d é🙂", f.ID, j)
			switch f.Kind {
			case workbook.FieldList:
				a.Lists[f.ID] = []workbook.ListItem{{ID: "i1", Text: v}, {ID: "i2", Text: v + "2", Ref: "r"}}
			case workbook.FieldDate:
				a.Fields[f.ID] = "2026-03-05"
			case workbook.FieldNumber:
				a.Fields[f.ID] = "42"
			case workbook.FieldChoice:
				a.Fields[f.ID] = f.Options[len(f.Options)-1].Value
			default:
				a.Fields[f.ID] = v
			}
		}
		e := mustSave(t, s, run.ID, ex, "", a, t0.Add(time.Duration(i+1)*time.Second))
		want[e.ID] = a
	}
	es := mustEntries(t, s, run.ID)
	if len(es) != len(wb.Exercises) {
		t.Errorf("%d entries for %d exercises", len(es), len(wb.Exercises))
	}
	for _, e := range es {
		if !answerEqual(e.Current.Answer, want[e.ID]) {
			t.Errorf("%s: %#v, want %#v", e.Exercise, e.Current.Answer, want[e.ID])
		}
	}
}

func TestTenEdits(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	created := t0.Add(time.Minute)
	first := mustSave(t, s, run.ID, exScope, "", fields("scope", "v0"), created)
	var ids []string
	ids = append(ids, first.Current.ID)
	for i := 1; i <= 10; i++ {
		// The clock goes back at the fifth edit: the last save is still current.
		now := created.Add(time.Duration(i) * time.Second)
		if i >= 5 {
			now = t0.Add(-time.Hour)
		}
		e := mustSave(t, s, run.ID, exScope, first.ID, fields("scope", fmt.Sprintf("v%d", i)), now)
		if e.ID != first.ID || e.Revisions != i+1 {
			t.Fatalf("edit %d: entry %s with %d revisions", i, e.ID, e.Revisions)
		}
		ids = append(ids, e.Current.ID)
	}
	revs := mustRevisions(t, s, first.ID)
	if len(revs) != 11 {
		t.Fatalf("%d revisions, want 11", len(revs))
	}
	for i, r := range revs {
		if r.ID != ids[i] || r.Answer.Fields["scope"] != fmt.Sprintf("v%d", i) {
			t.Errorf("revision %d: %s %q", i, r.ID, r.Answer.Fields["scope"])
		}
	}
	es := mustEntries(t, s, run.ID)
	if len(es) != 2 {
		t.Fatalf("%d entries", len(es))
	}
	e := es[1]
	if e.ID != first.ID || e.Revisions != 11 || e.Current.ID != ids[10] || e.Current.Answer.Fields["scope"] != "v10" ||
		!e.CreatedAt.Equal(created) {
		t.Errorf("entry %+v", e)
	}
}

func TestRevisionsAppendOnly(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	e := mustSave(t, s, run.ID, exScope, "", fields("scope", "kept"), t0)
	for _, q := range []string{
		"UPDATE revisions SET saved_at = '2000-01-01T00:00:00.000000000Z'",
		"DELETE FROM revisions",
		"UPDATE revision_values SET value = 'changed'",
		"DELETE FROM revision_values",
	} {
		_, err := s.db.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "revisions are append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	// Revisions are numbered 1, 2, ... per entry, without gaps.
	for _, seq := range []int{1, 3, 0} {
		_, err := s.db.Exec(`INSERT INTO revisions (id, entry_id, seq, saved_at) VALUES (?, ?, ?, '2026-03-01T00:00:00.000000000Z')`,
			fmt.Sprint("r", seq), e.ID, seq)
		if err == nil || !strings.Contains(err.Error(), "revisions are numbered") {
			t.Errorf("revision number %d: %v", seq, err)
		}
	}
	revs := mustRevisions(t, s, e.ID)
	if len(revs) != 1 || revs[0].Answer.Fields["scope"] != "kept" || !revs[0].SavedAt.Equal(t0) {
		t.Errorf("revisions %+v", revs)
	}
}

func TestRecurringAndOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)

	// Reports a fraction of a second apart, in the order saved, which text
	// order of RFC3339Nano ("…05Z" after "…05.1Z") would not keep.
	base := time.Date(2026, 3, 3, 18, 0, 5, 0, time.UTC)
	times := []time.Time{base, base.Add(100 * time.Millisecond), base.Add(120 * time.Millisecond), base.Add(time.Second)}
	var want []string
	for i, now := range times {
		date := workbook.Date{Year: 2026, Month: 3, Day: 3 + i}
		e, err := s.SaveAnswer(ctx, run.ID, exReport, "", fields("changed", fmt.Sprintf("day %d", i)), date, now)
		if err != nil {
			t.Fatal(err)
		}
		if e.Date != date {
			t.Errorf("report %d dated %v, want %v", i, e.Date, date)
		}
		want = append(want, e.ID)
	}
	// Without a date, a report is dated the day of now, in now's zone.
	late := time.Date(2026, 3, 10, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600))
	e, err := s.SaveAnswer(ctx, run.ID, exReport, "", fields("changed", "late"), workbook.Date{}, late)
	if err != nil {
		t.Fatal(err)
	}
	if e.Date != (workbook.Date{Year: 2026, Month: 3, Day: 10}) {
		t.Errorf("undated report dated %v", e.Date)
	}
	want = append(want, e.ID)

	// A once exercise saved twice as new stays one entry.
	a := mustSave(t, s, run.ID, exScope, "", fields("scope", "first"), late.Add(time.Second))
	b := mustSave(t, s, run.ID, exScope, "", fields("scope", "second"), late.Add(2*time.Second))
	if a.ID != b.ID || b.Revisions != 2 || b.Date != a.Date || !b.CreatedAt.Equal(a.CreatedAt) {
		t.Errorf("once saved twice: %+v then %+v", a, b)
	}
	want = append(want, a.ID)

	es := mustEntries(t, s, run.ID)[1:] // after the challenge
	if len(es) != len(want) {
		t.Fatalf("%d entries, want %d", len(es), len(want))
	}
	for i, e := range es {
		if e.ID != want[i] {
			t.Errorf("entry %d: %s %s, want %s", i, e.Exercise, e.ID, want[i])
		}
	}
	if last := es[len(es)-1]; last.Revisions != 2 || last.Current.Answer.Fields["scope"] != "second" {
		t.Errorf("once entry %+v", last)
	}
	for _, e := range es[:4] {
		if e.Revisions != 1 {
			t.Errorf("report %s has %d revisions", e.ID, e.Revisions)
		}
	}
}

func TestSaveAnswerRefusals(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	scope := mustSave(t, s, run.ID, exScope, "", fields("scope", "x"), t0)
	long := strings.Repeat("é", workbook.MaxTextRunes+1)
	items := func(its ...workbook.ListItem) workbook.Answer {
		return workbook.Answer{Lists: map[string][]workbook.ListItem{"items": its}}
	}
	// The limit is the field's (Field.Limit, the form's and import's):
	// its max when set, 10 for a date.
	short := exScope
	short.Fields = []workbook.Field{exScope.Fields[0]}
	short.Fields[0].Max = 20
	tests := []struct {
		name    string
		run     string
		ex      workbook.Exercise
		entry   string
		a       workbook.Answer
		date    workbook.Date
		now     time.Time
		is      error
		message string
	}{
		{name: "unknown field", ex: exScope, a: fields("scope", "x", "extra", "y"), message: `exercise "scope" has no field "extra"`},
		{name: "list as text", ex: exBlockers, a: fields("items", "x"), message: "is a list"},
		{name: "text as list", ex: exScope, a: workbook.Answer{Lists: map[string][]workbook.ListItem{"scope": {{ID: "a", Text: "x"}}}}, message: "not a list"},
		{name: "too long", ex: exScope, a: fields("scope", long), message: "at most 280 characters (now 281)"},
		{name: "too long item", ex: exBlockers, a: items(workbook.ListItem{ID: "a", Text: long}), message: "item 1: at most 280"},
		{name: "over the field's max", ex: short, a: fields("scope", strings.Repeat("é", 21)), message: "at most 20 characters (now 21)"},
		{name: "date longer than a date", ex: exMetric, a: fields("asked_on", "2026-03-01, or so"), message: "at most 10 characters"},
		{name: "NUL", ex: exScope, a: fields("scope", "a\x00b"), message: "NUL"},
		{name: "bad UTF-8", ex: exScope, a: fields("scope", "a\xffb"), message: "UTF-8"},
		{name: "duplicate item ids", ex: exBlockers, a: items(workbook.ListItem{ID: "a", Text: "1"}, workbook.ListItem{ID: "a", Text: "2"}), message: "two items"},
		{name: "unknown run", run: "nope", ex: exScope, a: fields("scope", "x"), is: ErrNotFound},
		{name: "unknown entry", ex: exScope, entry: "nope", a: fields("scope", "x"), is: ErrNotFound},
		{name: "entry of another exercise", ex: exMetric, entry: scope.ID, a: fields("name", "x"), message: "is an answer to"},
		{name: "bad date", ex: exReport, a: fields("changed", "x"), date: workbook.Date{Year: 2026, Month: 2, Day: 30}, message: "not a real date"},
		{name: "zero time", ex: exScope, a: fields("scope", "x"), now: time.Time{}, message: "no time"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			runID := run.ID
			if tc.run != "" {
				runID = tc.run
			}
			now := t0.Add(time.Hour)
			if tc.name == "zero time" {
				now = tc.now
			}
			_, err := s.SaveAnswer(ctx, runID, tc.ex, tc.entry, tc.a, tc.date, now)
			if err == nil {
				t.Fatal("saved")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %q is not %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.message) {
				t.Errorf("error %q does not say %q", err, tc.message)
			}
		})
	}
	// Nothing of it landed.
	es := mustEntries(t, s, run.ID)
	if len(es) != 2 || es[1].Revisions != 1 {
		t.Errorf("entries after refusals: %+v", es)
	}
}

// An item without an id gets one, kept across a reread.
func TestListItemWithoutID(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	a := workbook.Answer{Lists: map[string][]workbook.ListItem{"items": {{Text: "one"}, {ID: "b", Text: "two"}}}}
	e := mustSave(t, s, run.ID, exBlockers, "", a, t0.Add(time.Minute))
	got := e.Current.Answer.Lists["items"]
	if len(got) != 2 || len(got[0].ID) != 32 || got[0].Text != "one" || got[1].ID != "b" {
		t.Fatalf("items %+v", got)
	}
	if a.Lists["items"][0].ID != "" {
		t.Error("the caller's answer changed")
	}
	if es := mustEntries(t, s, run.ID); !reflect.DeepEqual(es[1].Current.Answer.Lists["items"], got) {
		t.Errorf("reread %+v, want %+v", es[1].Current.Answer.Lists["items"], got)
	}
}

// The CHECKs of revision_values hold without the store's own checks:
// limits in code points, not bytes.
func TestValueLimitsInSchema(t *testing.T) {
	s, _ := newStore(t)
	run := mustStart(t, s, "c", t0)
	e := mustSave(t, s, run.ID, exScope, "", fields("scope", "x"), t0)
	if _, err := s.db.Exec(`INSERT INTO revisions (id, entry_id, seq, saved_at) VALUES ('r', ?, 2, '2026-03-01T00:00:00.000000000Z')`, e.ID); err != nil {
		t.Fatal(err)
	}
	n := 0
	insert := func(kind, value string) error {
		n++
		item := ""
		if kind == "list" {
			item = "i"
		}
		_, err := s.db.Exec(`INSERT INTO revision_values (revision_id, field, kind, item_id, value) VALUES ('r', ?, ?, ?, ?)`,
			fmt.Sprintf("f%d", n), kind, item, value)
		return err
	}
	accept := []struct{ kind, value string }{
		{"text", strings.Repeat("a", 280)},
		{"text", strings.Repeat("é", 280)},        // 560 bytes
		{"text", strings.Repeat("🙂", 280)},        // 1120 bytes
		{"list", strings.Repeat("🙂", 280)},        // an item
		{"number", strings.Repeat("1", 280)},      // the text limit for the other kinds
		{"textarea", strings.Repeat("é", 8000)},   // 16000 bytes
		{"textarea", strings.Repeat("🙂", 8000)},   // 32000 bytes
		{"textarea", strings.Repeat("a\n", 4000)}, // newlines count as characters
	}
	for _, c := range accept {
		if err := insert(c.kind, c.value); err != nil {
			t.Errorf("%s of %d code points refused: %v", c.kind, len([]rune(c.value)), err)
		}
	}
	refuse := []struct{ kind, value string }{
		{"text", strings.Repeat("a", 281)},
		{"text", strings.Repeat("é", 281)},
		{"text", strings.Repeat("🙂", 281)},
		{"list", strings.Repeat("a", 281)},
		{"choice", strings.Repeat("a", 281)},
		{"textarea", strings.Repeat("a", 8001)},
		{"textarea", strings.Repeat("é", 8001)},
		{"textarea", strings.Repeat("🙂", 8001)},
		{"text", "a\x00" + strings.Repeat("a", 1000)}, // NUL would end length()'s count
		{"bogus", "x"},
	}
	for _, c := range refuse {
		err := insert(c.kind, c.value)
		if err == nil || !strings.Contains(err.Error(), "CHECK constraint failed") {
			t.Errorf("%s of %d code points: %v, want a CHECK failure", c.kind, len([]rune(c.value)), err)
		}
	}
	// The draft limit, likewise.
	big := `{"fields":{"x":"` + strings.Repeat("é", 200000) + `"}}`
	if _, err := s.db.Exec(`INSERT INTO drafts (run_id, exercise, entry_id, saved_at, answer) VALUES ('', 'x', '', '2026-03-01T00:00:00.000000000Z', ?)`, big); err == nil {
		t.Error("a draft above 200000 characters was accepted")
	}
	if _, err := s.db.Exec(`INSERT INTO drafts (run_id, exercise, entry_id, saved_at, answer) VALUES ('', 'x', '', '2026-03-01T00:00:00.000000000Z', 'not json')`); err == nil {
		t.Error("a draft that is not JSON was accepted")
	}
}

// Two handles on one file, each with two goroutines saving at once: every
// save lands, none fails with "database is locked".
func TestConcurrentProgramSaves(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "autonomy.db")
	a := mustOpen(t, p)
	defer a.Close()
	b := mustOpen(t, p)
	defer b.Close()
	run := mustStart(t, a, "c", t0)
	scope := mustSave(t, b, run.ID, exScope, "", fields("scope", "v"), t0)

	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, 8*n)
	for g, s := range []*Store{a, b, a, b} {
		wg.Go(func() {
			for i := range n {
				now := time.Now()
				// New reports, edits of one entry, drafts and reads, interleaved.
				if _, err := s.SaveAnswer(ctx, run.ID, exReport, "", fields("changed", fmt.Sprintf("g%d r%d", g, i)), workbook.Date{}, now); err != nil {
					errs <- err
					return
				}
				if _, err := s.SaveAnswer(ctx, run.ID, exScope, scope.ID, fields("scope", fmt.Sprintf("g%d e%d", g, i)), workbook.Date{}, now); err != nil {
					errs <- err
					return
				}
				if err := s.SaveDraft(ctx, workbook.Draft{RunID: run.ID, Exercise: "report", SavedAt: now, Answer: fields("changed", "d")}); err != nil {
					errs <- err
					return
				}
				if i%20 == 0 {
					if _, err := s.Entries(ctx, run.ID); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	es := mustEntries(t, a, run.ID)
	if len(es) != 2+4*n {
		t.Errorf("%d entries, want %d", len(es), 2+4*n)
	}
	if revs := mustRevisions(t, b, scope.ID); len(revs) != 1+4*n {
		t.Errorf("%d revisions of the edited entry, want %d", len(revs), 1+4*n)
	}
}

func TestTimeAndDateText(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 3, 1, 9, 30, 5, 0, time.UTC), "2026-03-01T09:30:05.000000000Z"},
		{time.Date(2026, 3, 1, 10, 30, 5, 100_000_000, time.FixedZone("CET", 3600)), "2026-03-01T09:30:05.100000000Z"},
	} {
		got, err := formatTime(c.t)
		if err != nil || got != c.want {
			t.Errorf("formatTime(%v) = %q, %v; want %q", c.t, got, err, c.want)
		}
		back, err := parseTime(got)
		if err != nil || !back.Equal(c.t) {
			t.Errorf("parseTime(%q) = %v, %v", got, back, err)
		}
	}
	if _, err := formatTime(time.Time{}); err == nil {
		t.Error("formatTime(zero) succeeded")
	}
	for _, s := range []string{"2026-03-01", " 2024-02-29 "} {
		d, ok := parseDate(s)
		got, err := formatDate(d)
		if !ok || err != nil || got != strings.TrimSpace(s) {
			t.Errorf("%q: %v %v %q %v", s, d, ok, got, err)
		}
	}
	for _, s := range []string{"", "2026-02-30", "2026-3-1", "soon"} {
		if d, ok := parseDate(s); ok {
			t.Errorf("parseDate(%q) = %v", s, d)
		}
	}
	if _, err := formatDate(workbook.Date{Year: 2025, Month: 2, Day: 29}); err == nil {
		t.Error("formatDate(2025-02-29) succeeded")
	}
}

// A daily exercise (metric values) keeps one entry per day: logging the
// same day again is a revision of it, another day a new entry.
func TestDailyEntryPerDay(t *testing.T) {
	s, _ := newStore(t)
	wb, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	logEx, _ := wb.Exercise("metric-log")
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	run := mustStart(t, s, "c", now)
	save := func(day, value string) workbook.Entry {
		t.Helper()
		now = now.Add(time.Hour)
		return mustSave(t, s, run.ID, logEx, "", fields("date", day, "value", value), now)
	}
	a := save("2026-11-02", "10")
	b := save("2026-11-02", "12")
	c := save("2026-11-03", "9")
	if a.ID != b.ID || b.Revisions != 2 || b.Current.Answer.Fields["value"] != "12" {
		t.Fatalf("same day should be a revision: %+v %+v", a, b)
	}
	if c.ID == a.ID || c.Date.String() != "2026-11-03" {
		t.Fatalf("another day should be another entry: %+v", c)
	}
}
