package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"autonomy/workbook"
)

// SaveAnswer saves a as a new revision, in one transaction.
//
// With entryID "" it creates an entry of ex in the run, dated date (the day
// of now when date is zero), with a first revision; but for an exercise of
// kind "run", "once" or "closing" that already has an entry in the run, it
// appends the revision to that entry, so that a one-time exercise keeps one
// entry: should an import have brought two, to "the" entry by the
// workbook's rule (workbook.EntryNewestFirst). A daily exercise's entry is
// the day of its answer (Exercise.DayOf): that day's entry, if any, by the
// same rule. Otherwise it appends a revision to entryID, which must be an
// entry of ex in the run; date is then ignored.
//
// It stores the text as given (the caller normalizes it) and refuses
// fields ex does not have, text above the field's limit in code points
// (Field.Limit), invalid UTF-8 and NUL characters. List items without an
// id get one. Saving an exercise of kind "closing" closes the run, unless
// it is closed already, at now but never before the run started. It
// removes the draft of the form saved: (runID, ex.ID, entryID).
func (s *Store) SaveAnswer(ctx context.Context, runID string, ex workbook.Exercise, entryID string,
	a workbook.Answer, date workbook.Date, now time.Time) (workbook.Entry, error) {
	e, err := s.saveAnswer(ctx, runID, ex, entryID, a, date, now)
	if err != nil {
		return workbook.Entry{}, fmt.Errorf("store: save %s: %w", ex.ID, err)
	}
	return e, nil
}

func (s *Store) saveAnswer(ctx context.Context, runID string, ex workbook.Exercise, entryID string,
	a workbook.Answer, date workbook.Date, now time.Time) (workbook.Entry, error) {
	if ex.ID == "" {
		return workbook.Entry{}, errors.New("exercise without id")
	}
	vals, err := answerRows(ex, a)
	if err != nil {
		return workbook.Entry{}, err
	}
	stamp, err := formatTime(now)
	if err != nil {
		return workbook.Entry{}, err
	}
	if ex.Kind == workbook.KindDaily {
		// A daily entry is the day its answer names: logging that day
		// again is a new revision of it.
		d, ok := ex.DayOf(a)
		if !ok {
			return workbook.Entry{}, fmt.Errorf("%s: the day %q is not a date", ex.ID, ex.Value(a, workbook.FieldRoleDay))
		}
		date = d
	}
	if date == (workbook.Date{}) {
		date = dateOf(now)
	}
	dateText, err := formatDate(date)
	if err != nil {
		return workbook.Entry{}, err
	}
	oneEntry := ex.Kind == workbook.KindRun || ex.Kind == workbook.KindOnce || ex.Kind == workbook.KindClosing

	e := workbook.Entry{RunID: runID, Exercise: ex.ID}
	rev := workbook.Revision{ID: newID()}
	err = s.write(ctx, func(tx *sql.Tx) error {
		var created, stored string
		switch {
		case entryID != "":
			var run, exercise string
			err := tx.QueryRowContext(ctx,
				`SELECT run_id, exercise, date, created_at FROM entries WHERE id = ?`,
				entryID).Scan(&run, &exercise, &stored, &created)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("entry %q: %w", entryID, ErrNotFound)
			}
			if err != nil {
				return err
			}
			if run != runID || exercise != ex.ID {
				return fmt.Errorf("entry %q is an answer to %q in run %q, not to %q in run %q",
					entryID, exercise, run, ex.ID, runID)
			}
			e.ID = entryID
		case oneEntry:
			// "The" entry, by the workbook's rule, should an import have
			// brought two.
			err := tx.QueryRowContext(ctx, `
				SELECT id, date, created_at FROM entries
				WHERE run_id = ? AND exercise = ?
				ORDER BY `+workbook.EntryNewestFirst+` LIMIT 1`,
				runID, ex.ID).Scan(&e.ID, &stored, &created)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		case ex.Kind == workbook.KindDaily:
			err := tx.QueryRowContext(ctx, `
				SELECT id, date, created_at FROM entries
				WHERE run_id = ? AND exercise = ? AND date = ?
				ORDER BY `+workbook.EntryNewestFirst+` LIMIT 1`,
				runID, ex.ID, dateText).Scan(&e.ID, &stored, &created)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if e.ID == "" {
			if err := runExists(ctx, tx, runID); err != nil {
				return err
			}
			e.ID, stored, created = newID(), dateText, stamp
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO entries (id, run_id, exercise, date, created_at, phase) VALUES (?, ?, ?, ?, ?, ?)`,
				e.ID, runID, ex.ID, stored, created, s.phase(ex)); err != nil {
				return err
			}
		}
		d, ok := parseDate(stored)
		if !ok {
			return fmt.Errorf("stored date %q", stored)
		}
		t, err := parseTime(created)
		if err != nil {
			return err
		}
		e.Date, e.CreatedAt = d, t

		// Revisions are numbered 1, 2, ... (a trigger sees to it), so the
		// new one's number is the highest plus one; their count is less
		// after a deletion (DeleteRevision). The current revision is the
		// newest by save time, and the last save must be current, so a
		// save while the clock is behind the entry's newest revision is
		// stamped just after that one.
		var seq int
		var newest *string
		if err := tx.QueryRowContext(ctx,
			`SELECT coalesce(max(seq), 0) + 1, count(*) + 1, max(saved_at) FROM revisions WHERE entry_id = ?`,
			e.ID).Scan(&seq, &e.Revisions, &newest); err != nil {
			return err
		}
		revStamp := stamp
		rev.SavedAt = now.UTC()
		if newest != nil && *newest >= stamp {
			t, err := parseTime(*newest)
			if err != nil {
				return err
			}
			rev.SavedAt = t.Add(time.Nanosecond)
			if revStamp, err = formatTime(rev.SavedAt); err != nil {
				return err
			}
		}
		if err := insertRevision(ctx, tx, rev.ID, e.ID, seq, revStamp, vals); err != nil {
			return err
		}
		rev.Seq = seq
		if ex.Kind == workbook.KindClosing {
			// Never before the run started (a clock set back), which an
			// import of the export would refuse: times compare as text.
			if _, err := tx.ExecContext(ctx,
				`UPDATE runs SET closed_at = coalesce(closed_at, max(?, started_at)) WHERE id = ?`,
				stamp, runID); err != nil {
				return err
			}
		}
		return deleteDrafts(ctx, tx, runID, ex.ID, entryID)
	})
	if err != nil {
		return workbook.Entry{}, err
	}
	rev.EntryID = e.ID
	rev.Answer = rowsAnswer(vals)
	e.Current = rev
	return e, nil
}

// insertRevision inserts a revision, its values and its search document.
func insertRevision(ctx context.Context, tx *sql.Tx, id, entryID string, seq int, stamp string, vals []valueRow) error {
	w := newTxStmts(ctx, tx)
	defer w.close()
	if err := w.insertRevision(id, entryID, seq, stamp, vals); err != nil {
		return err
	}
	return w.flushDocs()
}

// txStmts are the statements of one transaction, each prepared once: an
// import runs the same few statements thousands of times.
type txStmts struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	// docs are the search documents of the revisions inserted, to add to
	// the index revision_text by flushDocs. FTS5 writes the rows it holds
	// to disk whenever a statement opens a savepoint, as every insert into
	// revisions does (its triggers), so the documents of an import go in
	// together at the end, not one by one between revisions.
	docs []doc
}

// doc is a search document to index: revision_docs.doc and text.
type doc struct {
	rowid int64
	text  string
}

func newTxStmts(ctx context.Context, tx *sql.Tx) *txStmts {
	return &txStmts{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}}
}

func (w *txStmts) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

func (w *txStmts) exec(query string, args ...any) (sql.Result, error) {
	st, ok := w.stmts[query]
	if !ok {
		var err error
		if st, err = w.tx.PrepareContext(w.ctx, query); err != nil {
			return nil, err
		}
		w.stmts[query] = st
	}
	return st.ExecContext(w.ctx, args...)
}

func (w *txStmts) queryRow(query string, args ...any) *sql.Row {
	st, ok := w.stmts[query]
	if !ok {
		var err error
		if st, err = w.tx.PrepareContext(w.ctx, query); err != nil {
			// The error surfaces at Scan, from a statement that fails the same way.
			return w.tx.QueryRowContext(w.ctx, query, args...)
		}
		w.stmts[query] = st
	}
	return st.QueryRowContext(w.ctx, args...)
}

// valuesInsert is the statement that inserts n rows of revision_values.
func valuesInsert(n int) string {
	var q strings.Builder
	q.WriteString(`INSERT INTO revision_values (revision_id, field, position, item_id, ref, kind, value) VALUES `)
	for i := range n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, ?)")
	}
	return q.String()
}

// insertRevision inserts a revision, its values and its search document.
func (w *txStmts) insertRevision(id, entryID string, seq int, stamp string, vals []valueRow) error {
	if _, err := w.exec(`INSERT INTO revisions (id, entry_id, seq, saved_at) VALUES (?, ?, ?, ?)`,
		id, entryID, seq, stamp); err != nil {
		return err
	}
	text := docText(vals)
	// All values in one statement, in chunks that keep below SQLite's
	// limit of variables (32766).
	const perRow, chunk = 7, 512
	for len(vals) > 0 {
		n := min(len(vals), chunk)
		args := make([]any, 0, n*perRow)
		for _, v := range vals[:n] {
			args = append(args, id, v.field, v.position, v.itemID, v.ref, v.kind, v.value)
		}
		if _, err := w.exec(valuesInsert(n), args...); err != nil {
			return err
		}
		vals = vals[n:]
	}
	res, err := w.exec(`INSERT INTO revision_docs (revision_id, entry_id, text) VALUES (?, ?, ?)`, id, entryID, text)
	if err != nil {
		return err
	}
	rowid, err := res.LastInsertId()
	if err != nil {
		return err
	}
	w.docs = append(w.docs, doc{rowid, text})
	return nil
}

// flushDocs adds the search documents of the revisions inserted.
func (w *txStmts) flushDocs() error {
	for _, d := range w.docs {
		if _, err := w.exec(`INSERT INTO revision_text (rowid, text) VALUES (?, ?)`, d.rowid, d.text); err != nil {
			return err
		}
	}
	w.docs = nil
	return nil
}

// Entries lists the run's entries, oldest first, each with its current
// revision (the newest by save time, then the last saved; with its Seq)
// and its number of revisions.
func (s *Store) Entries(ctx context.Context, runID string) ([]workbook.Entry, error) {
	var entries []workbook.Entry
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := runExists(ctx, tx, runID); err != nil {
			return err
		}
		var err error
		entries, err = readEntries(ctx, tx, runID, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: entries: %w", err)
	}
	return entries, nil
}

// readEntries reads entries of the run as Entries does: every one when ids
// is nil, else those of ids.
func readEntries(ctx context.Context, tx *sql.Tx, runID string, ids []string) ([]workbook.Entry, error) {
	where, args := `e.run_id = ?`, []any{runID}
	if ids != nil {
		if len(ids) == 0 {
			return nil, nil
		}
		// By id, not by the run's index: "+" keeps SQLite from walking
		// every entry of the run.
		where = `+e.run_id = ? AND e.id IN (?` + strings.Repeat(`, ?`, len(ids)-1) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT e.id, e.exercise, e.date, e.created_at, e.current_id, e.saved_at,
			(SELECT seq FROM revisions WHERE id = e.current_id),
			(SELECT count(*) FROM revisions WHERE entry_id = e.id)
		FROM entries e
		WHERE `+where+` AND e.current_id IS NOT NULL
		ORDER BY e.created_at, e.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var entries []workbook.Entry
	for rows.Next() {
		e := workbook.Entry{RunID: runID}
		var date, created, saved string
		if err := rows.Scan(&e.ID, &e.Exercise, &date, &created, &e.Current.ID, &saved, &e.Current.Seq, &e.Revisions); err != nil {
			return nil, err
		}
		var ok bool
		if e.Date, ok = parseDate(date); !ok {
			return nil, fmt.Errorf("stored date %q", date)
		}
		if e.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		if e.Current.SavedAt, err = parseTime(saved); err != nil {
			return nil, err
		}
		e.Current.EntryID = e.ID
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	vals, err := readValues(ctx, tx, `
		SELECT v.revision_id, v.field, v.position, v.item_id, v.ref, v.kind, v.value
		FROM entries e
		JOIN revision_values v ON v.revision_id = e.current_id
		WHERE `+where+`
		ORDER BY v.revision_id, v.field, v.position`, args...)
	if err != nil {
		return nil, err
	}
	for i := range entries {
		entries[i].Current.Answer = rowsAnswer(vals[entries[i].Current.ID])
	}
	return entries, nil
}

// Revisions lists the entry's revisions, oldest first: by save time, then
// in the order saved (Seq, which each has).
func (s *Store) Revisions(ctx context.Context, entryID string) ([]workbook.Revision, error) {
	var revs []workbook.Revision
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT id, seq, saved_at FROM revisions WHERE entry_id = ? ORDER BY saved_at, seq`, entryID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := workbook.Revision{EntryID: entryID}
			var saved string
			if err := rows.Scan(&r.ID, &r.Seq, &saved); err != nil {
				return err
			}
			if r.SavedAt, err = parseTime(saved); err != nil {
				return err
			}
			revs = append(revs, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(revs) == 0 {
			return fmt.Errorf("entry %q: %w", entryID, ErrNotFound)
		}
		vals, err := readValues(ctx, tx, `
			SELECT v.revision_id, v.field, v.position, v.item_id, v.ref, v.kind, v.value
			FROM revisions r JOIN revision_values v ON v.revision_id = r.id
			WHERE r.entry_id = ?
			ORDER BY v.revision_id, v.field, v.position`, entryID)
		if err != nil {
			return err
		}
		for i := range revs {
			revs[i].Answer = rowsAnswer(vals[revs[i].ID])
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	return revs, nil
}

// readValues runs query, which selects revision_values columns in table
// order ordered by revision, field and position, and groups the rows by
// revision id.
func readValues(ctx context.Context, tx *sql.Tx, query string, args ...any) (map[string][]valueRow, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	vals := map[string][]valueRow{}
	for rows.Next() {
		var rev string
		var v valueRow
		if err := rows.Scan(&rev, &v.field, &v.position, &v.itemID, &v.ref, &v.kind, &v.value); err != nil {
			return nil, err
		}
		vals[rev] = append(vals[rev], v)
	}
	return vals, rows.Err()
}
