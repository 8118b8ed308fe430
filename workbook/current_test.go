package workbook_test

import (
	"testing"
	"time"

	"autonomy/workbook"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

func entryAt(id, exercise string, created, saved time.Time, a workbook.Answer) workbook.Entry {
	return workbook.Entry{ID: id, Exercise: exercise, Date: workbook.DateOf(created), CreatedAt: created,
		Current: workbook.Revision{ID: id + "-r", SavedAt: saved, Answer: a}}
}

// TestNewestEntry is the one rule for "the" entry: the newest by the save
// time of its current revision, then by creation time, then by id, in
// whatever order the entries come.
func TestNewestEntry(t *testing.T) {
	tests := []struct {
		name    string
		entries []workbook.Entry
		want    string
	}{
		{"newest save wins, though created first", []workbook.Entry{
			entryAt("a", "scope", at(0), at(50), workbook.Answer{}),
			entryAt("b", "scope", at(10), at(20), workbook.Answer{}),
		}, "a"},
		{"same save time: created last", []workbook.Entry{
			entryAt("b", "scope", at(10), at(30), workbook.Answer{}),
			entryAt("a", "scope", at(0), at(30), workbook.Answer{}),
		}, "b"},
		{"same save and creation: greater id", []workbook.Entry{
			entryAt("y", "scope", at(0), at(30), workbook.Answer{}),
			entryAt("z", "scope", at(0), at(30), workbook.Answer{}),
			entryAt("x", "scope", at(0), at(30), workbook.Answer{}),
		}, "z"},
		{"other exercises do not count", []workbook.Entry{
			entryAt("a", "scope", at(0), at(1), workbook.Answer{}),
			entryAt("b", "report", at(5), at(99), workbook.Answer{}),
		}, "a"},
	}
	for _, tt := range tests {
		for _, order := range [][]workbook.Entry{tt.entries, reversed(tt.entries)} {
			e, ok := workbook.NewestEntry(order, "scope")
			if !ok || e.ID != tt.want {
				t.Errorf("%s: NewestEntry = %q, %v; want %q", tt.name, e.ID, ok, tt.want)
			}
			if e, _ := workbook.FindEntry(order, "scope"); e.ID != tt.want {
				t.Errorf("%s: FindEntry = %q, want %q (the same rule)", tt.name, e.ID, tt.want)
			}
		}
	}
	if _, ok := workbook.NewestEntry(nil, "scope"); ok {
		t.Error("NewestEntry of nothing")
	}
	if workbook.EntryNewestFirst != "saved_at DESC, created_at DESC, id DESC" {
		t.Error("EntryNewestFirst no longer follows CompareEntries: change both, and the store's queries")
	}
}

func reversed[T any](s []T) []T {
	out := make([]T, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func TestCurrentRevision(t *testing.T) {
	rev := func(id string, saved time.Time, seq int) workbook.Revision {
		return workbook.Revision{ID: id, SavedAt: saved, Seq: seq}
	}
	tests := []struct {
		name string
		revs []workbook.Revision
		want string
	}{
		{"newest save", []workbook.Revision{rev("1", at(3), 1), rev("2", at(1), 2)}, "1"},
		{"tie: higher seq", []workbook.Revision{rev("2", at(3), 2), rev("1", at(3), 1)}, "2"},
		{"tie without seq: later in the list", []workbook.Revision{rev("a", at(3), 0), rev("b", at(3), 0), rev("c", at(1), 0)}, "b"},
	}
	for _, tt := range tests {
		if got, ok := workbook.CurrentRevision(tt.revs); !ok || got.ID != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got.ID, tt.want)
		}
	}
	if _, ok := workbook.CurrentRevision(nil); ok {
		t.Error("CurrentRevision of nothing")
	}
	ea := workbook.EntryArchive{ID: "e", Exercise: "scope", Revisions: []workbook.Revision{rev("1", at(5), 0), rev("2", at(5), 0)}}
	run := workbook.RunArchive{Run: workbook.Run{ID: "r"}, Entries: []workbook.EntryArchive{ea, {ID: "empty", Exercise: "noise"}}}
	got := run.CurrentEntries()
	if len(got) != 1 || got[0].Current.ID != "2" || got[0].RunID != "r" || got[0].Revisions != 2 {
		t.Errorf("CurrentEntries = %+v", got)
	}
}

// TestLastCheckIn: of two check-ins saved the same day, the one saved last
// is the last, whatever the order of the list.
func TestLastCheckIn(t *testing.T) {
	w := load(t)
	rating := func(o string) workbook.Answer {
		return answer(kv{"ownership": o, "contribution": "stable", "communication": "stable"})
	}
	entries := []workbook.Entry{
		entryAt("late", "checkin", at(0), at(600), rating("collapsed")), // created first, edited last
		entryAt("early", "checkin", at(60), at(120), rating("shaky")),
		entryAt("tie", "checkin", at(30), at(600), rating("stable")), // same save: created later wins
	}
	for _, order := range [][]workbook.Entry{entries, reversed(entries)} {
		c, ok := w.LastCheckIn(order)
		if !ok || c.ID != "late" && c.ID != "tie" {
			t.Fatalf("LastCheckIn = %+v", c)
		}
		if c.ID != "tie" || c.Ownership != workbook.RatingStable || !c.SavedAt.Equal(at(600)) {
			t.Errorf("LastCheckIn = %+v, want the one created later of the two saved at 19:00", c)
		}
		all := w.CheckIns(order)
		if len(all) != 3 || all[1].ID != "late" || all[2].ID != "early" {
			t.Errorf("CheckIns order: %v", []string{all[0].ID, all[1].ID, all[2].ID})
		}
	}
	if _, ok := w.LastCheckIn(nil); ok {
		t.Error("LastCheckIn of nothing")
	}
}

// TestMetricPoints: one value a day, the newest entry of a day logged
// twice (an import), read with its unit.
func TestMetricPoints(t *testing.T) {
	w := load(t)
	value := func(day, v string) workbook.Answer { return answer(kv{"date": day, "value": v}) }
	entries := []workbook.Entry{
		entryAt("b", "metric-log", at(10), at(10), value("2026-11-24", "30")),
		entryAt("a1", "metric-log", at(0), at(500), value("2026-11-23", "28 h")),
		entryAt("a2", "metric-log", at(5), at(100), value("2026-11-23", "99")),
		entryAt("bad", "metric-log", at(5), at(100), value("2026-11-25", "lots")),
		entryAt("s", "scope", at(5), at(100), value("2026-11-22", "1")),
	}
	got := w.MetricPoints(entries, "h")
	want := []workbook.MetricPoint{{Date: d("2026-11-23"), Value: 28}, {Date: d("2026-11-24"), Value: 30}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("MetricPoints = %+v, want %+v", got, want)
	}
	def, ok := w.Metric([]workbook.Entry{
		entryAt("old", "metric", at(0), at(1), answer(kv{"name": "Old", "baseline": "1", "target": "0", "direction": "lower"})),
		entryAt("new", "metric", at(0), at(2), answer(kv{"name": "New", "baseline": "1", "target": "2", "direction": "higher", "unit": "h"})),
	})
	if !ok || def.Name != "New" || def.LowerIsBetter || def.Unit != "h" {
		t.Errorf("Metric = %+v, %v", def, ok)
	}
}
