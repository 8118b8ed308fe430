package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"autonomy/workbook"
)

// Exercises like those of content/exercises.json, one of each kind.
var (
	exChallenge = workbook.Exercise{ID: "challenge", Kind: workbook.KindRun, Role: workbook.RoleRunStart, Fields: []workbook.Field{
		{ID: "challenge", Kind: workbook.FieldText, Role: workbook.FieldRoleChallenge, Required: true},
		{ID: "start_date", Kind: workbook.FieldDate, Role: workbook.FieldRoleStartDate},
		{ID: "level", Kind: workbook.FieldChoice, Role: workbook.FieldRoleLevel, Options: []workbook.Option{{Value: "1"}, {Value: "2"}, {Value: "3"}}},
		{ID: "level_why", Kind: workbook.FieldText, Role: workbook.FieldRoleLevelWhy},
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
