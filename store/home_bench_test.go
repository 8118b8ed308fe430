package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"autonomy/content"
	"autonomy/workbook"
)

// homeSizes are the sizes of the generated histories of the start-up
// benchmarks.
var homeSizes = []int{1000, 10000, 50000}

// genHome makes a database at path with n generated entries (genStore:
// three runs, the last open) and, in the open run, what a person's run
// holds of the workbook's own exercises: a scope, a metric logged on 30
// days, eight check-ins, four reports and a draft. It returns the
// workbook's exercises with the generated ones, and a day of the open run.
func genHome(b *testing.B, path string, n int) ([]workbook.Exercise, workbook.Date) {
	b.Helper()
	ctx := context.Background()
	wb, err := workbook.Load(content.FS)
	if err != nil {
		b.Fatal(err)
	}
	exs := append(append([]workbook.Exercise(nil), wb.Exercises...), genExercises...)
	s := mustOpen(b, path)
	defer s.Close()
	gen := genStore(b, s, n)
	if err := s.SetExercises(ctx, exs); err != nil {
		b.Fatal(err)
	}
	run := gen[len(gen)-1].runID
	runs := mustRuns(b, s)
	var start time.Time
	for _, r := range runs {
		if r.ID == run {
			start = r.StartedAt
		}
	}
	ex := func(id string) workbook.Exercise {
		e, ok := wb.Exercise(id)
		if !ok {
			b.Fatalf("no exercise %q", id)
		}
		return e
	}
	save := func(id string, a workbook.Answer, at time.Time) {
		if _, err := s.SaveAnswer(ctx, run, ex(id), "", a, workbook.Date{}, at); err != nil {
			b.Fatal(err)
		}
	}
	day := func(i int) time.Time { return start.AddDate(0, 0, i).Add(time.Hour) }
	save("scope", fields("scope", "I own the release train."), day(0))
	save("metric", fields("name", "Decisions made alone", "kind", "count", "baseline", "2", "target", "6", "direction", "up"), day(1))
	for i := range 30 {
		save("metric-log", fields("date", dateOf(day(i)).String(), "value", fmt.Sprint(2+i%5)), day(i))
	}
	for i := range 8 {
		save("checkin", fields("ownership", "3", "contribution", "2", "communication", "3"), day(i*3))
	}
	for i := range 4 {
		save("report", fields("changed", fmt.Sprintf("week %d", i+1)), day(10+i*5))
	}
	if err := s.SaveDraft(ctx, workbook.Draft{RunID: run, Exercise: "report", SavedAt: day(20), Answer: fields("changed", "half a thought")}); err != nil {
		b.Fatal(err)
	}
	return exs, dateOf(day(20))
}

// BenchmarkOpenHome opens an existing database as the TUI does at
// start-up (open: check, migrate-check; LoadPlace; SetExercises) and reads
// what Home shows: "overview" as the TUI reads it (Store.Overview),
// "every-entry" as it read it before issue 10 (the runs, every entry of
// the current run, drafts, sections read, the safety flag).
func BenchmarkOpenHome(b *testing.B) {
	ctx := context.Background()
	for _, n := range homeSizes {
		p := filepath.Join(b.TempDir(), "autonomy.db")
		var exs []workbook.Exercise
		var today workbook.Date
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			exs, today = genHome(b, p, n)
			open := func(b *testing.B) *Store {
				s, err := Open(p)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.LoadPlace(ctx); err != nil {
					b.Fatal(err)
				}
				if err := s.SetExercises(ctx, exs); err != nil {
					b.Fatal(err)
				}
				return s
			}
			b.Run("overview", func(b *testing.B) {
				for b.Loop() {
					s := open(b)
					o, err := s.Overview(ctx, today)
					if err != nil || len(o.Runs) != 3 || len(o.Entries) < 30 {
						b.Fatal(len(o.Runs), len(o.Entries), err)
					}
					b.StopTimer()
					s.Close()
					b.StartTimer()
				}
			})
			b.Run("every-entry", func(b *testing.B) {
				for b.Loop() {
					s := open(b)
					runs, err := s.Runs(ctx)
					if err != nil || len(runs) != 3 {
						b.Fatal(len(runs), err)
					}
					if _, err := s.Entries(ctx, workbook.CurrentRun(runs).ID); err != nil {
						b.Fatal(err)
					}
					if _, err := s.Drafts(ctx); err != nil {
						b.Fatal(err)
					}
					if _, err := s.ReadSections(ctx); err != nil {
						b.Fatal(err)
					}
					if _, err := s.SafetySeen(ctx); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					s.Close()
					b.StartTimer()
				}
			})
		})
	}
}
