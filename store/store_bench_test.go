package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

// BenchmarkOpenStore opens an existing, migrated database (read-only check,
// pooled open, migration check) and closes it.
func BenchmarkOpenStore(b *testing.B) {
	p := filepath.Join(b.TempDir(), "autonomy.db")
	mustOpen(b, p).Close()
	for b.Loop() {
		s, err := Open(p)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveAnswer saves a revision of a report (three textareas) in
// one durable transaction: WAL with synchronous=FULL, as the DSN sets, so
// every commit syncs the WAL to disk.
func BenchmarkSaveAnswer(b *testing.B) {
	ctx := context.Background()
	s, _ := newStore(b)
	run := mustStart(b, s, "c", t0)
	a := fields(
		"changed", "Took the release call myself; told the team after.",
		"failed", "Waited two days for a sign-off nobody needed.",
		"escalated", "Budget above the limit, to my manager, with a proposal.",
	)
	e := mustSave(b, s, run.ID, exReport, "", a, t0)
	now := t0
	var lat latencies
	for b.Loop() {
		now = now.Add(time.Second)
		start := time.Now()
		if _, err := s.SaveAnswer(ctx, run.ID, exReport, e.ID, a, workbook.Date{}, now); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	lat.report(b)
}

// BenchmarkDraftSave upserts the draft of a report whose answer is about
// 1 KB of JSON, in one durable transaction.
func BenchmarkDraftSave(b *testing.B) {
	ctx := context.Background()
	s, _ := newStore(b)
	run := mustStart(b, s, "c", t0)
	para := strings.Repeat("Decided the rollout order with the on-call lead; wrote it down. ", 5)
	d := workbook.Draft{RunID: run.ID, Exercise: "report", SavedAt: t0,
		Answer: fields("changed", para, "failed", para, "escalated", para)}
	if j, err := encodeDraft(d.Answer); err != nil || len(j) < 900 || len(j) > 1100 {
		b.Fatalf("draft of %d bytes, %v", len(j), err)
	}
	var lat latencies
	for b.Loop() {
		d.SavedAt = d.SavedAt.Add(time.Second)
		start := time.Now()
		if err := s.SaveDraft(ctx, d); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	lat.report(b)
}

// BenchmarkDurableCommit is the floor of a durable write on this disk:
// BEGIN IMMEDIATE, an upsert that changes one row of one page, COMMIT
// (which syncs the WAL), with the same DSN.
func BenchmarkDurableCommit(b *testing.B) {
	ctx := context.Background()
	s, _ := newStore(b)
	var lat latencies
	for b.Loop() {
		start := time.Now()
		if err := s.SavePlace(ctx, workbook.Place{Screen: workbook.ScreenHome, Block: len(lat)}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	lat.report(b)
}

// latencies are the times of single operations of a benchmark.
type latencies []time.Duration

// report adds the median and the 99th percentile to the benchmark's
// figures: ns/op is a mean, which a few slow syncs pull up.
func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	b.ReportMetric(float64(l[len(l)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(l[len(l)*99/100].Nanoseconds()), "p99-ns")
}

// benchEntries is the size of the generated databases of the review,
// archive and import benchmarks.
const benchEntries = 10000

// benchStore is a database of benchEntries generated entries (genStore),
// closed when the benchmark ends.
func benchStore(b *testing.B) *Store {
	b.Helper()
	s, _ := newStore(b)
	genStore(b, s, benchEntries)
	return s
}

// BenchmarkArchive reads the archive of benchEntries entries, as export
// does.
func BenchmarkArchive(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	for b.Loop() {
		a, err := s.Archive(ctx)
		if err != nil || len(a.Runs) != 3 {
			b.Fatalf("%d runs, %v", len(a.Runs), err)
		}
	}
}

// BenchmarkImport imports the archive of benchEntries entries into an
// empty database, in one durable transaction.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	a, err := benchStore(b).Archive(ctx)
	if err != nil {
		b.Fatal(err)
	}
	want := counts(a)
	for b.Loop() {
		b.StopTimer()
		s, _ := newStore(b)
		if err := s.SetExercises(ctx, genExercises); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := s.Import(ctx, a)
		if err != nil || res != want {
			b.Fatalf("import %+v, %v; want %+v", res, err, want)
		}
	}
}
