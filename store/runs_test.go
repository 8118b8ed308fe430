package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

func TestRunLifecycle(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "autonomy.db")
	s := mustOpenKnowing(t, p)
	defer func() { s.Close() }()
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

	s = mustOpenKnowing(t, p)
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

// A clock set back never records a run closed before it started, nor a
// pause resumed before it was paused: the export of either would be a file
// that import refuses. The times are clamped to the start, the day given
// is kept, and the archive imports into another database.
func TestClockSetBackClosesAndResumesInOrder(t *testing.T) {
	ctx := context.Background()
	s := newArchiveStore(t)
	run := mustStart(t, s, "c", t0)
	paused := t0.Add(2 * time.Hour)
	if err := s.PauseRun(ctx, run.ID, workbook.Date{}, paused); err != nil {
		t.Fatal(err)
	}
	// Resumed with the clock an hour behind the pause.
	if err := s.ResumeRun(ctx, run.ID, workbook.Date{}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Closed with the clock a day behind the start.
	mustSave(t, s, run.ID, exClosing, "", fields("level", "2"), t0.Add(-24*time.Hour))
	rs := mustRuns(t, s)
	if len(rs) != 1 || len(rs[0].Pauses) != 1 {
		t.Fatalf("runs %+v", rs)
	}
	if got := rs[0].ClosedAt; !got.Equal(t0) {
		t.Errorf("closed at %v, want the start %v", got, t0)
	}
	p := rs[0].Pauses[0]
	if !p.ResumedAt.Equal(paused) || p.To != workbook.DateOf(t0.Add(time.Hour)) {
		t.Errorf("pause %+v, want resumed at %v on %v", p, paused, workbook.DateOf(t0.Add(time.Hour)))
	}

	a, err := s.Archive(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other := newArchiveStore(t)
	if res, err := other.Import(ctx, a); err != nil || res.Runs != 1 || res.Pauses != 1 {
		t.Errorf("import of the archive: %+v, %v", res, err)
	}
}
