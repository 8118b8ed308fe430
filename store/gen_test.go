package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

// Exercises of the generated databases: a recurring report in each phase.
var genExercises = []workbook.Exercise{
	{ID: "report1", Kind: workbook.KindRecurring, Phase: 1, Fields: genFields},
	{ID: "report2", Kind: workbook.KindRecurring, Phase: 2, Fields: genFields},
	{ID: "report3", Kind: workbook.KindRecurring, Phase: 3, Fields: genFields},
}

var genFields = []workbook.Field{
	{ID: "changed", Kind: workbook.FieldTextarea},
	{ID: "failed", Kind: workbook.FieldTextarea},
	{ID: "steps", Kind: workbook.FieldList},
}

// genWords are the words of generated answers; "common" is in every one.
var genWords = strings.Fields(`decided release rollout budget manager team sign-off
	approval owner roadmap meeting escalated proposal deadline customer incident
	review hiring vendor contract migration database schema backlog priority
	estimate risk launch feedback retro onboarding security audit latency`)

// genEntry is what the generator saved of one entry.
type genEntry struct {
	id, runID, exercise string
	phase               int
	saved               time.Time // of the current revision
	revisions           int
}

// genStore fills s with n entries in three runs (two closed, the last
// open), in one transaction through insertRevision, as SaveAnswer stores
// them: each a report of one of genExercises, every fifth with a second
// revision, the current save times increasing with the index but for a few
// ties. It returns the entries in the order generated.
func genStore(t testing.TB, s *Store, n int) []genEntry {
	t.Helper()
	ctx := context.Background()
	if err := s.SetExercises(ctx, genExercises); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	para := func(k int) string {
		w := make([]string, k)
		for i := range w {
			w[i] = genWords[rng.IntN(len(genWords))]
		}
		return strings.Join(w, " ")
	}
	base := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	runs := []string{newID(), newID(), newID()}
	var out []genEntry
	err := s.write(ctx, func(tx *sql.Tx) error {
		w := newTxStmts(ctx, tx)
		defer w.close()
		for i, id := range runs {
			started, _ := formatTime(base.Add(time.Duration(i*n/3) * time.Minute))
			var closed any
			if i < 2 {
				closed, _ = formatTime(base.Add(time.Duration((i+1)*n/3) * time.Minute))
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO runs (id, number, started_at, closed_at) VALUES (?, ?, ?, ?)`,
				id, i+1, started, closed); err != nil {
				return err
			}
		}
		for i := range n {
			ex := genExercises[i%3]
			e := genEntry{id: newID(), runID: runs[min(i*3/n, 2)], exercise: ex.ID, phase: ex.Phase}
			created := base.Add(time.Duration(i) * time.Minute)
			if i%97 == 1 {
				created = base.Add(time.Duration(i-1) * time.Minute) // a tie with the one before
			}
			stamp, _ := formatTime(created)
			date, _ := formatDate(dateOf(created))
			if _, err := w.exec(
				`INSERT INTO entries (id, run_id, exercise, date, created_at, phase) VALUES (?, ?, ?, ?, ?, ?)`,
				e.id, e.runID, ex.ID, date, stamp, ex.Phase); err != nil {
				return err
			}
			e.revisions = 1
			if i%5 == 0 {
				e.revisions = 2
			}
			for r := range e.revisions {
				saved := created.Add(time.Duration(r) * 30 * time.Second)
				a := workbook.Answer{
					Fields: map[string]string{
						"changed": fmt.Sprintf("common entry%05d %s\n%s", i, para(12), para(8)),
						"failed":  para(10),
					},
					Lists: map[string][]workbook.ListItem{
						"steps": {{ID: "s1", Text: para(4)}, {ID: "s2", Text: para(3)}},
					},
				}
				if r == 0 && e.revisions == 2 {
					a.Fields["failed"] += " firstdraft"
				}
				vals, err := answerRows(ex, a)
				if err != nil {
					return err
				}
				st, _ := formatTime(saved)
				if err := w.insertRevision(newID(), e.id, r+1, st, vals); err != nil {
					return err
				}
				e.saved = saved
			}
			out = append(out, e)
		}
		return w.flushDocs()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
