package store

import (
	"context"
	"database/sql"
	"fmt"

	"autonomy/workbook"
)

var _ workbook.ArchiveStore = (*Store)(nil)

// Archive reads everything saved, drafts aside, in one read transaction:
// every run by start date (as Runs lists them) with its pauses (and the
// challenge fields, which Import ignores), and in each, its entries by
// creation time then id, each with every revision oldest first: by save
// time, then in the order saved (Seq). The last revision of an entry is
// its current answer (workbook.CurrentRevision).
func (s *Store) Archive(ctx context.Context) (workbook.Archive, error) {
	var a workbook.Archive
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = s.readArchive(ctx, tx)
		return err
	})
	if err != nil {
		return workbook.Archive{}, fmt.Errorf("store: archive: %w", err)
	}
	return a, nil
}

func (s *Store) readArchive(ctx context.Context, tx *sql.Tx) (workbook.Archive, error) {
	runs, err := s.readRuns(ctx, tx)
	if err != nil {
		return workbook.Archive{}, err
	}
	a := workbook.Archive{Runs: make([]workbook.RunArchive, len(runs))}
	runIndex := make(map[string]int, len(runs))
	for i, r := range runs {
		a.Runs[i].Run = r
		runIndex[r.ID] = i
	}

	type place struct{ run, entry int }
	entryPlace := map[string]place{}
	rows, err := tx.QueryContext(ctx, `SELECT id, run_id, exercise, date, created_at FROM entries ORDER BY created_at, id`)
	if err != nil {
		return workbook.Archive{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var e workbook.EntryArchive
		var runID, date, created string
		if err := rows.Scan(&e.ID, &runID, &e.Exercise, &date, &created); err != nil {
			return workbook.Archive{}, err
		}
		var ok bool
		if e.Date, ok = parseDate(date); !ok {
			return workbook.Archive{}, fmt.Errorf("stored date %q", date)
		}
		if e.CreatedAt, err = parseTime(created); err != nil {
			return workbook.Archive{}, err
		}
		ri, ok := runIndex[runID]
		if !ok {
			return workbook.Archive{}, fmt.Errorf("entry %q of unknown run %q", e.ID, runID)
		}
		entryPlace[e.ID] = place{ri, len(a.Runs[ri].Entries)}
		a.Runs[ri].Entries = append(a.Runs[ri].Entries, e)
	}
	if err := rows.Err(); err != nil {
		return workbook.Archive{}, err
	}

	vals, err := readValues(ctx, tx, `
		SELECT revision_id, field, position, item_id, ref, kind, value
		FROM revision_values ORDER BY revision_id, field, position`)
	if err != nil {
		return workbook.Archive{}, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, entry_id, seq, saved_at FROM revisions ORDER BY saved_at, entry_id, seq`)
	if err != nil {
		return workbook.Archive{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var r workbook.Revision
		var saved string
		if err := rows.Scan(&r.ID, &r.EntryID, &r.Seq, &saved); err != nil {
			return workbook.Archive{}, err
		}
		if r.SavedAt, err = parseTime(saved); err != nil {
			return workbook.Archive{}, err
		}
		r.Answer = rowsAnswer(vals[r.ID])
		p, ok := entryPlace[r.EntryID]
		if !ok {
			return workbook.Archive{}, fmt.Errorf("revision %q of unknown entry %q", r.ID, r.EntryID)
		}
		e := &a.Runs[p.run].Entries[p.entry]
		e.Revisions = append(e.Revisions, r)
	}
	return a, rows.Err()
}
