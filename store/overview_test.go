package store

import (
	"context"
	"strings"
	"testing"

	"autonomy/workbook"
)

// Every lookup of the overview goes through an index: no scan of the
// entries, no sort, whatever the size of the run.
func TestOverviewPlan(t *testing.T) {
	s, _ := newStore(t)
	genStore(t, s, 300)
	if _, err := s.db.Exec("ANALYZE"); err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.Query("EXPLAIN QUERY PLAN "+overviewPicks, "r", "2026-01-01")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	all := strings.Join(plan, "\n")
	searches := strings.Count(all, "SEARCH entries USING COVERING INDEX entries_run_exercise")
	if searches < 5 || strings.Contains(all, "TEMP B-TREE") || strings.Contains(all, "SCAN entries") {
		t.Errorf("plan:\n%s", all)
	}
}

// The overview of a generated run: the latest entry of each exercise and
// the counts of the recurring ones, as every entry says.
func TestOverviewOfAGeneratedRun(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	gen := genStore(t, s, 3000)
	run := gen[len(gen)-1].runID
	o, err := s.Overview(ctx, workbook.Date{Year: 2030, Month: 1, Day: 1})
	if err != nil {
		t.Fatal(err)
	}
	if cur := workbook.CurrentRun(o.Runs); cur == nil || cur.ID != run {
		t.Fatalf("current run %+v, want %s", cur, run)
	}
	all := mustEntries(t, s, run)
	counts := map[string]int{}
	for _, e := range all {
		counts[e.Exercise]++
	}
	for _, ex := range genExercises {
		want, _ := workbook.FindEntry(all, ex.ID)
		got, ok := workbook.FindEntry(o.Entries, ex.ID)
		if !ok || got.ID != want.ID || got.Current.Answer.Fields["changed"] != want.Current.Answer.Fields["changed"] {
			t.Errorf("%s: latest %s, want %s", ex.ID, got.ID, want.ID)
		}
		if o.Counts[ex.ID] != counts[ex.ID] {
			t.Errorf("%s: %d entries counted, want %d", ex.ID, o.Counts[ex.ID], counts[ex.ID])
		}
	}
	if len(o.Entries) > 3*len(genExercises) {
		t.Errorf("the overview read %d entries of %d", len(o.Entries), len(all))
	}
}
