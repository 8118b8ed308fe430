package store

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"autonomy/workbook"
)

// reviewBenchSizes are the numbers of generated entries the review's
// benchmarks run at.
var reviewBenchSizes = []int{1000, 10000, 50000}

// benchDBs are generated databases (genStore), made once per process:
// 50,000 entries take about 10 s to generate. TestMain removes them.
var benchDBs struct {
	sync.Mutex
	dir string
	dbs map[int]benchDB
}

type benchDB struct {
	path string
	gen  []genEntry
}

// openBenchDB opens a database of n generated entries, closed when the
// benchmark ends. A benchmark that writes asks for its own copy.
func openBenchDB(b *testing.B, n int, copied bool) (*Store, []genEntry, string) {
	b.Helper()
	benchDBs.Lock()
	db, ok := benchDBs.dbs[n]
	if !ok {
		if benchDBs.dir == "" {
			dir, err := os.MkdirTemp("", "autonomy-bench-")
			if err != nil {
				benchDBs.Unlock()
				b.Fatal(err)
			}
			benchDBs.dir, benchDBs.dbs = dir, map[int]benchDB{}
		}
		db.path = filepath.Join(benchDBs.dir, strconv.Itoa(n)+".db")
		s, err := Open(db.path)
		if err == nil {
			db.gen = genStore(b, s, n)
			err = s.Close()
		}
		if err != nil {
			benchDBs.Unlock()
			b.Fatal(err)
		}
		benchDBs.dbs[n] = db
	}
	benchDBs.Unlock()
	p := db.path
	if copied {
		p = filepath.Join(b.TempDir(), "autonomy.db")
		data, err := os.ReadFile(db.path)
		if err == nil {
			err = os.WriteFile(p, data, 0o600)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	s := mustOpen(b, p)
	b.Cleanup(func() { s.Close() })
	if err := s.SetExercises(context.Background(), genExercises); err != nil {
		b.Fatal(err)
	}
	return s, db.gen, p
}

func removeBenchDBs() {
	benchDBs.Lock()
	defer benchDBs.Unlock()
	if benchDBs.dir != "" {
		os.RemoveAll(benchDBs.dir)
	}
}

// BenchmarkReviewOpen reads the first page of 50 of the review list, as
// the review screen does when it opens.
func BenchmarkReviewOpen(b *testing.B) {
	ctx := context.Background()
	for _, n := range reviewBenchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			s, _, _ := openBenchDB(b, n, false)
			if _, err := s.Review(ctx, workbook.ReviewFilter{}, 0, 50); err != nil {
				b.Fatal(err)
			}
			var cpu time.Duration
			for b.Loop() {
				start := cpuTime()
				page, err := s.Review(ctx, workbook.ReviewFilter{}, 0, 50)
				cpu += cpuTime() - start
				if err != nil || len(page.Items) != 50 || page.Total != n {
					b.Fatalf("%d items, total %d, %v", len(page.Items), page.Total, err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkReviewSearch reads the first page of 50 of a search, each one
// new (a query typed): a word of every entry, a prefix of three letters as
// typed (every entry has a word beginning with it), a word of one entry,
// two words as typed (the second a prefix), a letter (the first key of a
// search). "common/next-page" is the second page of the same search,
// "common/page-100" the first page of 100 (the review screen's),
// "common/phase" the search with the phase filter, "common/first-run" with
// the filter of the first run (the oldest third of the entries: the
// search reads past the two others), "common/after-a-save" the first
// search after an answer was saved, "common/cold" the first search of a
// store just opened. A search of more than countLimit entries counts
// countLimit of them (or the page's end) and says there are more.
func BenchmarkReviewSearch(b *testing.B) {
	ctx := context.Background()
	for _, n := range reviewBenchSizes {
		for _, c := range []struct {
			name, query   string
			total         int // -1: some
			offset, limit int
			phase         int
			firstRun      bool
			save, cold    bool
		}{
			{name: "common", query: "common", total: n},
			{name: "prefix", query: "com", total: n},
			{name: "rare", query: "entry00421", total: 1},
			{name: "two-words", query: "budget ris", total: -1},
			{name: "letter", query: "r", total: -1},
			{name: "common/next-page", query: "common", total: n, offset: 50},
			{name: "common/page-100", query: "common", total: n, limit: 100},
			{name: "common/phase", query: "common", total: -1, phase: 2},
			{name: "common/first-run", query: "common", total: -1, firstRun: true},
			{name: "common/after-a-save", query: "common", total: n, save: true},
			{name: "common/cold", query: "common", total: n, cold: true},
		} {
			b.Run(fmt.Sprintf("%d/%s", n, c.name), func(b *testing.B) {
				s, gen, path := openBenchDB(b, n, c.save)
				now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
				f := workbook.ReviewFilter{Query: c.query, Phase: c.phase}
				if c.firstRun {
					f.RunID = gen[0].runID
				}
				limit := cmp.Or(c.limit, 50)
				if _, err := s.Review(ctx, f, 0, limit); err != nil { // as the review screen would have
					b.Fatal(err)
				}
				total, more := c.total, false
				if total > countLimit {
					total, more = max(countLimit, c.offset+limit), true
				}
				var cpu time.Duration
				for i := 0; b.Loop(); i++ {
					if c.save {
						b.StopTimer()
						e := gen[i%len(gen)]
						now = now.Add(time.Second)
						a := workbook.Answer{Fields: map[string]string{"changed": fmt.Sprintf("common edit %d", i)}}
						if _, err := s.SaveAnswer(ctx, e.runID, genExercises[e.phase-1], e.id, a, workbook.Date{}, now); err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
					}
					st := s
					if c.cold { // a new handle
						b.StopTimer()
						st = mustOpen(b, path)
						b.StartTimer()
					}
					start := cpuTime()
					page, err := st.Review(ctx, f, c.offset, limit)
					cpu += cpuTime() - start
					if c.cold {
						b.StopTimer()
						st.Close()
						b.StartTimer()
					}
					if err != nil || c.total >= 0 && (page.Total != total || page.More != more) || page.Total <= 0 ||
						len(page.Items) != min(limit, page.Total-c.offset) {
						b.Fatalf("%d items, total %d (more %v), %v", len(page.Items), page.Total, page.More, err)
					}
				}
				reportCPU(b, cpu)
			})
		}
	}
}

// reportCPU adds the CPU time per operation (cpuTime, summed around each
// one): other helpers' builds share this machine's two cores, which the
// wall clock counts and the CPU time does not.
func reportCPU(b *testing.B, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
