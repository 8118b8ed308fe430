package store

import (
	"context"
	"os"
	"strings"
	"testing"
)

func BenchmarkImportExp(b *testing.B) {
	ctx := context.Background()
	a, err := benchStore(b).Archive(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		s, p := newStore(b)
		if err := s.SetExercises(ctx, genExercises); err != nil {
			b.Fatal(err)
		}
		for _, q := range strings.Split(os.Getenv("EXP_SQL"), ";;") {
			if q == "" {
				continue
			}
			if _, err := s.db.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		if _, err := s.Import(ctx, a); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		fi, _ := os.Stat(p)
		wi, _ := os.Stat(p + "-wal")
		var ws int64
		if wi != nil {
			ws = wi.Size()
		}
		b.Logf("db %d wal %d", fi.Size(), ws)
		b.StartTimer()
	}
}

func TestExpDump(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	genStore(t, s, benchEntries)
	rows, err := s.db.QueryContext(ctx, `SELECT name, count(*), sum(pgsize), sum(unused) FROM dbstat GROUP BY name ORDER BY 3 DESC`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		var c, sz, un int64
		rows.Scan(&n, &c, &sz, &un)
		t.Logf("%-40s pages %6d bytes %9d unused %9d", n, c, sz, un)
	}
	t.Log(p)
}
