package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"autonomy/workbook"
)

// Overview reads what Home shows on the day today, in one read
// transaction: every run (without their entries), the drafts, the sections
// read, the safety flag, and of the current run only the entries Home and
// the forms look at (see workbook.Overview), each found through an index
// (migration 0006): what it reads does not grow with the run's history,
// but for the daily exercise's entries (one a day) and the counting of
// the recurring ones'.
func (s *Store) Overview(ctx context.Context, today workbook.Date) (workbook.Overview, error) {
	var o workbook.Overview
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if o.Runs, err = s.readRuns(ctx, tx); err != nil {
			return err
		}
		if o.Drafts, err = readDrafts(ctx, tx); err != nil {
			return err
		}
		if o.Read, err = readSections(ctx, tx); err != nil {
			return err
		}
		if o.SafetySeen, err = safetySeen(ctx, tx); err != nil {
			return err
		}
		if run := workbook.CurrentRun(o.Runs); run != nil {
			o.Entries, o.Counts, err = s.runOverview(ctx, tx, *run, today, o.Drafts)
		}
		return err
	})
	if err != nil {
		return workbook.Overview{}, fmt.Errorf("store: overview: %w", err)
	}
	return o, nil
}

// overviewPicks finds, for each exercise of run ?1 (walking the index of
// the exercises from one to the next), its newest entry by the workbook's
// rule (workbook.EntryNewestFirst: "the" entry of a one-time exercise, the
// one FindEntry finds), its latest by date, and its first dated on or
// after ?2.
const overviewPicks = `
	WITH RECURSIVE ex(id) AS (
		SELECT (SELECT min(exercise) FROM entries WHERE run_id = ?1)
		UNION ALL
		SELECT (SELECT min(exercise) FROM entries WHERE run_id = ?1 AND exercise > ex.id)
		FROM ex WHERE ex.id IS NOT NULL
	)
	SELECT
		(SELECT id FROM entries WHERE run_id = ?1 AND exercise = ex.id
			ORDER BY ` + workbook.EntryNewestFirst + ` LIMIT 1),
		(SELECT id FROM entries WHERE run_id = ?1 AND exercise = ex.id
			ORDER BY date DESC, created_at DESC, id DESC LIMIT 1),
		coalesce((SELECT id FROM entries WHERE run_id = ?1 AND exercise = ex.id AND date >= ?2
			ORDER BY date, created_at, id LIMIT 1), '')
	FROM ex WHERE ex.id IS NOT NULL`

// runOverview reads the entries of run that Home looks at on today, and
// counts those of its recurring exercises.
func (s *Store) runOverview(ctx context.Context, tx *sql.Tx, run workbook.Run, today workbook.Date, drafts []workbook.Draft) ([]workbook.Entry, map[string]int, error) {
	since := "9999-12-31" // no week: nothing is dated after
	if ws := run.WeekStart(today); !ws.IsZero() {
		since = ws.String()
	}
	var ids []string
	rows, err := tx.QueryContext(ctx, overviewPicks, run.ID, since)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var latest, byDate, inWeek string
		if err := rows.Scan(&latest, &byDate, &inWeek); err != nil {
			return nil, nil, err
		}
		ids = append(ids, latest, byDate, inWeek)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for _, d := range drafts {
		if d.RunID == run.ID && d.EntryID != "" {
			ids = append(ids, d.EntryID)
		}
	}
	counts := map[string]int{}
	if m := s.exercises.Load(); m != nil {
		for _, id := range sortedKeys(*m) {
			switch (*m)[id].Kind {
			case workbook.KindDaily:
				daily, err := queryStrings(ctx, tx, `SELECT id FROM entries WHERE run_id = ? AND exercise = ?`, run.ID, id)
				if err != nil {
					return nil, nil, err
				}
				ids = append(ids, daily...)
			case workbook.KindRecurring:
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM entries WHERE run_id = ? AND exercise = ?`,
					run.ID, id).Scan(&n); err != nil {
					return nil, nil, err
				}
				if n > 0 {
					counts[id] = n
				}
			}
		}
	}
	slices.Sort(ids)
	ids = slices.DeleteFunc(slices.Compact(ids), func(id string) bool { return id == "" })
	entries, err := readEntries(ctx, tx, run.ID, ids)
	if err != nil {
		return nil, nil, err
	}
	return entries, counts, nil
}
