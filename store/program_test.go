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

// Exercises like those of content/exercises.json, one of each kind.
var (
	exChallenge = workbook.Exercise{ID: "challenge", Kind: workbook.KindRun, Fields: []workbook.Field{
		{ID: "challenge", Kind: workbook.FieldText, Required: true},
		{ID: "start_date", Kind: workbook.FieldDate},
		{ID: "level", Kind: workbook.FieldChoice, Options: []workbook.Option{{Value: "1"}, {Value: "2"}, {Value: "3"}}},
		{ID: "level_why", Kind: workbook.FieldText},
	}}
	exScope = workbook.Exercise{ID: "scope", Kind: workbook.KindOnce, Fields: []workbook.Field{
		{ID: "scope", Kind: workbook.FieldText, Required: true, OneSentence: true},
	}}
	exBlockers = workbook.Exercise{ID: "blockers", Kind: workbook.KindOnce, Fields: []workbook.Field{
		{ID: "items", Kind: workbook.FieldList},
	}}
	exNoise = workbook.Exercise{ID: "noise", Kind: workbook.KindOnce, Fields: []workbook.Field{
		{ID: "items", Kind: workbook.FieldList, RefersTo: "blockers"},
	}}
	exMetric = workbook.Exercise{ID: "metric", Kind: workbook.KindOnce, Fields: []workbook.Field{
		{ID: "name", Kind: workbook.FieldText},
		{ID: "kind", Kind: workbook.FieldChoice, Options: []workbook.Option{{Value: "count"}, {Value: "time"}}},
		{ID: "baseline", Kind: workbook.FieldNumber},
		{ID: "target", Kind: workbook.FieldNumber},
		{ID: "asked_on", Kind: workbook.FieldDate},
		{ID: "notes", Kind: workbook.FieldTextarea},
		{ID: "steps", Kind: workbook.FieldList},
	}}
	exReport = workbook.Exercise{ID: "report", Kind: workbook.KindRecurring, Fields: []workbook.Field{
		{ID: "changed", Kind: workbook.FieldTextarea},
		{ID: "failed", Kind: workbook.FieldTextarea},
		{ID: "escalated", Kind: workbook.FieldTextarea},
	}}
	exClosing = workbook.Exercise{ID: "self-assessment", Kind: workbook.KindClosing, Fields: []workbook.Field{
		{ID: "level", Kind: workbook.FieldChoice, Options: []workbook.Option{{Value: "1"}, {Value: "2"}, {Value: "3"}}},
		{ID: "why", Kind: workbook.FieldTextarea},
	}}
)

var t0 = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

func fields(kv ...string) workbook.Answer {
	a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
	for i := 0; i+1 < len(kv); i += 2 {
		a.Fields[kv[i]] = kv[i+1]
	}
	return a
}

func newStore(t testing.TB) (*Store, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "autonomy.db")
	s := mustOpen(t, p)
	t.Cleanup(func() { s.Close() })
	return s, p
}

func mustStart(t testing.TB, s *Store, challenge string, now time.Time) workbook.Run {
	t.Helper()
	r, err := s.StartRun(context.Background(), exChallenge,
		fields("challenge", challenge, "start_date", "2026-03-02", "level", "2", "level_why", "I decide small things"), now)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustSave(t testing.TB, s *Store, runID string, ex workbook.Exercise, entryID string, a workbook.Answer, now time.Time) workbook.Entry {
	t.Helper()
	e, err := s.SaveAnswer(context.Background(), runID, ex, entryID, a, workbook.Date{}, now)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func mustEntries(t testing.TB, s *Store, runID string) []workbook.Entry {
	t.Helper()
	es, err := s.Entries(context.Background(), runID)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func mustRevisions(t testing.TB, s *Store, entryID string) []workbook.Revision {
	t.Helper()
	rs, err := s.Revisions(context.Background(), entryID)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func mustRuns(t testing.TB, s *Store) []workbook.Run {
	t.Helper()
	rs, err := s.Runs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

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

func TestRunLifecycle(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	if rs := mustRuns(t, s); len(rs) != 0 {
		t.Fatalf("runs on a new database: %+v", rs)
	}
	r1 := mustStart(t, s, "First challenge", t0)
	if r1.Number != 1 || r1.Challenge != "First challenge" || r1.Level != "2" ||
		r1.StartDate != (workbook.Date{Year: 2026, Month: 3, Day: 2}) || !r1.ClosedAt.IsZero() {
		t.Errorf("run 1 = %+v", r1)
	}
	if _, err := s.StartRun(ctx, exChallenge, fields("challenge", "too soon"), t0.Add(time.Hour)); !errors.Is(err, ErrRunOpen) {
		t.Fatalf("StartRun while open: %v", err)
	}

	// Editing the challenge (a new revision) changes the run's fields; a
	// start date that is not a date reads as zero.
	es := mustEntries(t, s, r1.ID)
	if len(es) != 1 || es[0].Exercise != "challenge" {
		t.Fatalf("entries %+v", es)
	}
	mustSave(t, s, r1.ID, exChallenge, "", fields("challenge", "Edited", "start_date", "soon"), t0.Add(time.Minute))
	rs := mustRuns(t, s)
	if len(rs) != 1 || rs[0].Challenge != "Edited" || rs[0].StartDate != (workbook.Date{}) || rs[0].Level != "" {
		t.Errorf("runs after edit: %+v", rs)
	}
	if n := len(mustEntries(t, s, r1.ID)); n != 1 {
		t.Errorf("%d entries after editing the challenge", n)
	}

	closeAt := t0.Add(30 * 24 * time.Hour)
	mustSave(t, s, r1.ID, exClosing, "", fields("level", "3", "why", "I own the roadmap"), closeAt)
	// Saving the closing exercise again keeps the first closing time.
	mustSave(t, s, r1.ID, exClosing, "", fields("level", "3", "why", "edited"), closeAt.Add(time.Hour))
	s.Close()

	s = mustOpen(t, p)
	defer s.Close()
	rs = mustRuns(t, s)
	if len(rs) != 1 || !rs[0].ClosedAt.Equal(closeAt) || rs[0].ClosedAt.Location() != time.UTC {
		t.Fatalf("runs after closing: %+v", rs)
	}
	r2 := mustStart(t, s, "Second challenge", closeAt.Add(24*time.Hour))
	if r2.Number != 2 || r2.ID == r1.ID || len(r2.ID) != 32 {
		t.Errorf("run 2 = %+v", r2)
	}
	rs = mustRuns(t, s)
	if len(rs) != 2 || rs[0].ID != r1.ID || rs[1].ID != r2.ID || rs[1].Challenge != "Second challenge" ||
		!rs[1].StartedAt.Equal(closeAt.Add(24*time.Hour)) || !rs[1].ClosedAt.IsZero() {
		t.Errorf("runs = %+v", rs)
	}
	// The schema keeps one open run, whatever the code does.
	if _, err := s.db.Exec(`INSERT INTO runs (id, number, started_at) VALUES ('x', 3, '2026-01-01T00:00:00.000000000Z')`); err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Error("a second open run was accepted")
	}
	if _, err := s.StartRun(ctx, exScope, fields("scope", "x"), t0); err == nil {
		t.Error("StartRun with the scope exercise succeeded")
	}
}

func TestPauses(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	run := mustStart(t, s, "c", t0)
	d := func(day int) workbook.Date { return workbook.Date{Year: 2026, Month: 3, Day: day} }

	if err := s.ResumeRun(ctx, run.ID, d(2), t0); !errors.Is(err, ErrNotPaused) {
		t.Errorf("resume while not paused: %v", err)
	}
	if err := s.PauseRun(ctx, run.ID, d(5), t0.Add(4*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.PauseRun(ctx, run.ID, d(6), t0.Add(5*24*time.Hour)); !errors.Is(err, ErrPaused) {
		t.Errorf("double pause: %v", err)
	}
	if err := s.ResumeRun(ctx, run.ID, d(9), t0.Add(8*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.PauseRun(ctx, run.ID, workbook.Date{}, t0.Add(12*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.PauseRun(ctx, "nope", d(5), t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("pause of an unknown run: %v", err)
	}
	s.Close()

	s = mustOpen(t, p)
	defer s.Close()
	rs := mustRuns(t, s)
	want := []workbook.Pause{
		{From: d(5), To: d(9), PausedAt: t0.Add(4 * 24 * time.Hour), ResumedAt: t0.Add(8 * 24 * time.Hour)},
		{From: d(13), PausedAt: t0.Add(12 * 24 * time.Hour)},
	}
	if len(rs) != 1 || len(rs[0].Pauses) != 2 {
		t.Fatalf("runs %+v", rs)
	}
	for i, p := range rs[0].Pauses {
		if len(p.ID) != 32 {
			t.Errorf("pause %d id %q", i, p.ID)
		}
		p.ID = ""
		if p != want[i] {
			t.Errorf("pause %d = %+v, want %+v", i, p, want[i])
		}
	}
	if err := s.ResumeRun(ctx, run.ID, d(14), t0.Add(13*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, run.ID, exClosing, "", fields("level", "1"), t0.Add(30*24*time.Hour))
	if err := s.PauseRun(ctx, run.ID, d(31), t0.Add(30*24*time.Hour)); !errors.Is(err, ErrRunClosed) {
		t.Errorf("pause of a closed run: %v", err)
	}
}

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

func TestReadSections(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	if got, err := s.ReadSections(ctx); err != nil || len(got) != 0 {
		t.Fatalf("ReadSections = %v, %v", got, err)
	}
	for _, id := range []string{"safety-boundary", "intro", "safety-boundary"} {
		if err := s.MarkRead(ctx, id, t0); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s = mustOpen(t, p)
	defer s.Close()
	got, err := s.ReadSections(ctx)
	if err != nil || !reflect.DeepEqual(got, map[string]bool{"safety-boundary": true, "intro": true}) {
		t.Errorf("ReadSections = %v, %v", got, err)
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

// A database that holds only program data is backed up before a migration.
func TestBackupOfProgramData(t *testing.T) {
	ctx := context.Background()
	tm := testMigrations(t)
	old := tm[:len(tm)-1]
	for _, tc := range []struct {
		name string
		fill func(s *Store)
	}{
		{"run", func(s *Store) { mustStart(t, s, "c", t0) }},
		{"draft", func(s *Store) {
			if err := s.SaveDraft(ctx, workbook.Draft{Exercise: "challenge", SavedAt: t0, Answer: fields("challenge", "x")}); err != nil {
				t.Fatal(err)
			}
		}},
		{"read section", func(s *Store) {
			if err := s.MarkRead(ctx, "intro", t0); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "autonomy.db")
			s := mustOpenWith(t, p, old)
			tc.fill(s)
			s.Close()
			mustOpenWith(t, p, tm).Close()
			if b := backups(t, p); len(b) != 1 {
				t.Errorf("backups = %q, want one", b)
			}
		})
	}
}

// A version 1 database with a place migrates to the program schema, after
// a backup, and keeps the place.
func TestMigrateFromV1(t *testing.T) {
	ctx := context.Background()
	migs, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "autonomy.db")
	s := mustOpenWith(t, p, migs[:1])
	place := workbook.Place{Screen: workbook.ScreenReader, Section: "intro", Block: 3}
	if err := s.SavePlace(ctx, place); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = mustOpen(t, p)
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(migs) {
		t.Errorf("SchemaVersion = %d, %v", v, err)
	}
	if got, err := s.LoadPlace(ctx); err != nil || got != place {
		t.Errorf("LoadPlace = %+v, %v", got, err)
	}
	if b := backups(t, p); len(b) != 1 || !strings.Contains(b[0], ".bak-v1-") {
		t.Errorf("backups = %q", b)
	}
	mustStart(t, s, "c", t0)
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
