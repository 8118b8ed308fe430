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

var _ workbook.ProgramStore = (*Store)(nil)

// Errors of the program's methods; test them with errors.Is.
var (
	// ErrNotFound: no run or entry with that id.
	ErrNotFound = errors.New("not found")
	// ErrRunOpen: StartRun while a run is open.
	ErrRunOpen = errors.New("finish or close the current run first")
	// ErrRunClosed: PauseRun on a closed run.
	ErrRunClosed = errors.New("the run is closed")
	// ErrPaused: PauseRun on a paused run.
	ErrPaused = errors.New("the run is already paused")
	// ErrNotPaused: ResumeRun on a run that is not paused.
	ErrNotPaused = errors.New("the run is not paused")
)

// challengeID is the exercise whose entry holds a run's challenge fields.
const challengeID = "challenge"

// Runs lists every run, oldest first, with its pauses (oldest first) and
// the fields of the current revision of its challenge entry. A start date
// that is empty or not a date is the zero Date.
func (s *Store) Runs(ctx context.Context) ([]workbook.Run, error) {
	var runs []workbook.Run
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		runs, err = readRuns(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: runs: %w", err)
	}
	return runs, nil
}

func readRuns(ctx context.Context, tx *sql.Tx) ([]workbook.Run, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, number, started_at, closed_at FROM runs ORDER BY number`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var runs []workbook.Run
	index := map[string]int{}
	for rows.Next() {
		var r workbook.Run
		var started string
		var closed *string
		if err := rows.Scan(&r.ID, &r.Number, &started, &closed); err != nil {
			return nil, err
		}
		if r.StartedAt, err = parseTime(started); err != nil {
			return nil, err
		}
		if r.ClosedAt, err = parseNullTime(closed); err != nil {
			return nil, err
		}
		index[r.ID] = len(runs)
		runs = append(runs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = tx.QueryContext(ctx, `
		SELECT id, run_id, from_date, to_date, paused_at, resumed_at
		FROM pauses ORDER BY run_id, paused_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p workbook.Pause
		var runID, from, paused string
		var to, resumed *string
		if err := rows.Scan(&p.ID, &runID, &from, &to, &paused, &resumed); err != nil {
			return nil, err
		}
		var ok bool
		if p.From, ok = parseDate(from); !ok {
			return nil, fmt.Errorf("stored date %q", from)
		}
		if p.To, err = parseNullDate(to); err != nil {
			return nil, err
		}
		if p.PausedAt, err = parseTime(paused); err != nil {
			return nil, err
		}
		if p.ResumedAt, err = parseNullTime(resumed); err != nil {
			return nil, err
		}
		if i, ok := index[runID]; ok {
			runs[i].Pauses = append(runs[i].Pauses, p)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// The scalar fields of the current revision of each run's first
	// challenge entry.
	rows, err = tx.QueryContext(ctx, `
		SELECT e.run_id, v.field, v.value
		FROM entries e
		JOIN revision_values v ON v.revision_id = e.current_id AND v.kind <> 'list'
		WHERE e.exercise = ?
			AND e.id = (SELECT id FROM entries
				WHERE run_id = e.run_id AND exercise = e.exercise
				ORDER BY created_at, id LIMIT 1)`, challengeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var runID, field, value string
		if err := rows.Scan(&runID, &field, &value); err != nil {
			return nil, err
		}
		i, ok := index[runID]
		if !ok {
			continue
		}
		setChallengeField(&runs[i], field, value)
	}
	return runs, rows.Err()
}

func setChallengeField(r *workbook.Run, field, value string) {
	switch field {
	case "challenge":
		r.Challenge = value
	case "start_date":
		r.StartDate, _ = parseDate(value)
	case "level":
		r.Level = value
	case "level_why":
		r.LevelWhy = value
	}
}

// StartRun creates run number max+1 and its challenge entry, whose first
// revision is a, and removes the start-run draft. challenge must be the
// "challenge" exercise (kind "run"). It refuses with ErrRunOpen while a run
// is open.
func (s *Store) StartRun(ctx context.Context, challenge workbook.Exercise, a workbook.Answer, now time.Time) (workbook.Run, error) {
	run, err := s.startRun(ctx, challenge, a, now)
	if err != nil {
		return workbook.Run{}, fmt.Errorf("store: start run: %w", err)
	}
	return run, nil
}

func (s *Store) startRun(ctx context.Context, challenge workbook.Exercise, a workbook.Answer, now time.Time) (workbook.Run, error) {
	if challenge.ID != challengeID || challenge.Kind != workbook.KindRun {
		return workbook.Run{}, fmt.Errorf("exercise %q (kind %q) does not start a run", challenge.ID, challenge.Kind)
	}
	vals, err := answerRows(challenge, a)
	if err != nil {
		return workbook.Run{}, err
	}
	stamp, err := formatTime(now)
	if err != nil {
		return workbook.Run{}, err
	}
	date, err := formatDate(dateOf(now))
	if err != nil {
		return workbook.Run{}, err
	}
	run := workbook.Run{ID: newID(), StartedAt: now.UTC()}
	err = s.write(ctx, func(tx *sql.Tx) error {
		var open bool
		if err := tx.QueryRowContext(ctx,
			`SELECT EXISTS (SELECT 1 FROM runs WHERE closed_at IS NULL)`).Scan(&open); err != nil {
			return err
		}
		if open {
			return ErrRunOpen
		}
		if err := tx.QueryRowContext(ctx,
			`SELECT coalesce(max(number), 0) + 1 FROM runs`).Scan(&run.Number); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO runs (id, number, started_at) VALUES (?, ?, ?)`,
			run.ID, run.Number, stamp); err != nil {
			return err
		}
		entryID := newID()
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO entries (id, run_id, exercise, date, created_at, phase) VALUES (?, ?, ?, ?, ?, ?)`,
			entryID, run.ID, challenge.ID, date, stamp, challenge.Phase); err != nil {
			return err
		}
		if err := insertRevision(ctx, tx, newID(), entryID, 1, stamp, vals); err != nil {
			return err
		}
		return deleteDrafts(ctx, tx, "", challenge.ID, "")
	})
	if err != nil {
		return workbook.Run{}, err
	}
	for _, r := range vals {
		if r.kind != string(workbook.FieldList) {
			setChallengeField(&run, r.field, r.value)
		}
	}
	return run, nil
}

// SaveAnswer saves a as a new revision, in one transaction.
//
// With entryID "" it creates an entry of ex in the run, dated date (the day
// of now when date is zero), with a first revision; but for an exercise of
// kind "run", "once" or "closing" that already has an entry in the run, it
// appends the revision to that entry, so that a one-time exercise keeps one
// entry. Otherwise it appends a revision to entryID, which must be an
// entry of ex in the run; date is then ignored.
//
// It stores the text as given (the caller normalizes it) and refuses
// fields ex does not have, text above the kind's limit in code points,
// invalid UTF-8 and NUL characters. List items without an id get one.
// Saving an exercise of kind "closing" closes the run, unless it is closed
// already. It removes the draft of the form saved: (runID, ex.ID, entryID).
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
		d, ok := parseDate(a.Fields[workbook.DailyDateField])
		if !ok {
			return workbook.Entry{}, fmt.Errorf("%s: the day %q is not a date", ex.ID, a.Fields[workbook.DailyDateField])
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
			err := tx.QueryRowContext(ctx, `
				SELECT id, date, created_at FROM entries
				WHERE run_id = ? AND exercise = ?
				ORDER BY created_at, id LIMIT 1`,
				runID, ex.ID).Scan(&e.ID, &stored, &created)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		case ex.Kind == workbook.KindDaily:
			err := tx.QueryRowContext(ctx, `
				SELECT id, date, created_at FROM entries
				WHERE run_id = ? AND exercise = ? AND date = ?
				ORDER BY created_at, id LIMIT 1`,
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
				e.ID, runID, ex.ID, stored, created, ex.Phase); err != nil {
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
		if ex.Kind == workbook.KindClosing {
			if _, err := tx.ExecContext(ctx,
				`UPDATE runs SET closed_at = coalesce(closed_at, ?) WHERE id = ?`,
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

func runExists(ctx context.Context, tx *sql.Tx, runID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM runs WHERE id = ?`, runID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("run %q: %w", runID, ErrNotFound)
	}
	return nil
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

func deleteDrafts(ctx context.Context, tx *sql.Tx, runID, exercise, entryID string) error {
	_, err := tx.ExecContext(ctx,
		`DELETE FROM drafts WHERE run_id = ? AND exercise = ? AND entry_id = ?`,
		runID, exercise, entryID)
	return err
}

// Entries lists the run's entries, oldest first, each with its current
// revision (the newest by save time, then the last saved) and its number
// of revisions.
func (s *Store) Entries(ctx context.Context, runID string) ([]workbook.Entry, error) {
	var entries []workbook.Entry
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := runExists(ctx, tx, runID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `
			SELECT e.id, e.exercise, e.date, e.created_at, e.current_id, e.saved_at,
				(SELECT count(*) FROM revisions WHERE entry_id = e.id)
			FROM entries e
			WHERE e.run_id = ? AND e.current_id IS NOT NULL
			ORDER BY e.created_at, e.id`, runID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := workbook.Entry{RunID: runID}
			var date, created, saved string
			if err := rows.Scan(&e.ID, &e.Exercise, &date, &created, &e.Current.ID, &saved, &e.Revisions); err != nil {
				return err
			}
			var ok bool
			if e.Date, ok = parseDate(date); !ok {
				return fmt.Errorf("stored date %q", date)
			}
			if e.CreatedAt, err = parseTime(created); err != nil {
				return err
			}
			if e.Current.SavedAt, err = parseTime(saved); err != nil {
				return err
			}
			e.Current.EntryID = e.ID
			entries = append(entries, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		vals, err := readValues(ctx, tx, `
			SELECT v.revision_id, v.field, v.position, v.item_id, v.ref, v.kind, v.value
			FROM entries e
			JOIN revision_values v ON v.revision_id = e.current_id
			WHERE e.run_id = ?
			ORDER BY v.revision_id, v.field, v.position`, runID)
		if err != nil {
			return err
		}
		for i := range entries {
			entries[i].Current.Answer = rowsAnswer(vals[entries[i].Current.ID])
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: entries: %w", err)
	}
	return entries, nil
}

// Revisions lists the entry's revisions, oldest first: by save time, then
// in the order saved.
func (s *Store) Revisions(ctx context.Context, entryID string) ([]workbook.Revision, error) {
	var revs []workbook.Revision
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT id, saved_at FROM revisions WHERE entry_id = ? ORDER BY saved_at, seq`, entryID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := workbook.Revision{EntryID: entryID}
			var saved string
			if err := rows.Scan(&r.ID, &saved); err != nil {
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

// PauseRun opens a pause of the run from the day on (the day of now when
// on is zero). It refuses with ErrPaused when the run is paused already,
// ErrRunClosed when it is closed.
func (s *Store) PauseRun(ctx context.Context, runID string, on workbook.Date, now time.Time) error {
	err := s.pauseRun(ctx, runID, on, now)
	if err != nil {
		return fmt.Errorf("store: pause run: %w", err)
	}
	return nil
}

func (s *Store) pauseRun(ctx context.Context, runID string, on workbook.Date, now time.Time) error {
	stamp, err := formatTime(now)
	if err != nil {
		return err
	}
	if on == (workbook.Date{}) {
		on = dateOf(now)
	}
	from, err := formatDate(on)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var closed *string
		err := tx.QueryRowContext(ctx, `SELECT closed_at FROM runs WHERE id = ?`, runID).Scan(&closed)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("run %q: %w", runID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if closed != nil {
			return ErrRunClosed
		}
		var paused bool
		if err := tx.QueryRowContext(ctx,
			`SELECT EXISTS (SELECT 1 FROM pauses WHERE run_id = ? AND to_date IS NULL)`,
			runID).Scan(&paused); err != nil {
			return err
		}
		if paused {
			return ErrPaused
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO pauses (id, run_id, from_date, paused_at) VALUES (?, ?, ?, ?)`,
			newID(), runID, from, stamp)
		return err
	})
}

// ResumeRun closes the run's open pause on the day on (the day of now when
// on is zero). It refuses with ErrNotPaused when the run is not paused. It
// takes on as given, even when before the day the pause began: resuming
// must always be possible.
func (s *Store) ResumeRun(ctx context.Context, runID string, on workbook.Date, now time.Time) error {
	err := s.resumeRun(ctx, runID, on, now)
	if err != nil {
		return fmt.Errorf("store: resume run: %w", err)
	}
	return nil
}

func (s *Store) resumeRun(ctx context.Context, runID string, on workbook.Date, now time.Time) error {
	stamp, err := formatTime(now)
	if err != nil {
		return err
	}
	if on == (workbook.Date{}) {
		on = dateOf(now)
	}
	to, err := formatDate(on)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := runExists(ctx, tx, runID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx,
			`UPDATE pauses SET to_date = ?, resumed_at = ? WHERE run_id = ? AND to_date IS NULL`,
			to, stamp, runID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrNotPaused
		}
		return nil
	})
}

// SaveDraft keeps d, replacing the draft of the same form (RunID,
// Exercise, EntryID). Invalid UTF-8 in it becomes U+FFFD.
func (s *Store) SaveDraft(ctx context.Context, d workbook.Draft) error {
	err := s.saveDraft(ctx, d)
	if err != nil {
		return fmt.Errorf("store: save draft of %s: %w", d.Exercise, err)
	}
	return nil
}

func (s *Store) saveDraft(ctx context.Context, d workbook.Draft) error {
	if d.Exercise == "" {
		return errors.New("draft without exercise")
	}
	stamp, err := formatTime(d.SavedAt)
	if err != nil {
		return err
	}
	answer, err := encodeDraft(d.Answer)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO drafts (run_id, exercise, entry_id, saved_at, answer) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (run_id, exercise, entry_id) DO UPDATE SET
				saved_at = excluded.saved_at,
				answer = excluded.answer`,
			d.RunID, d.Exercise, d.EntryID, stamp, answer)
		return err
	})
}

// Drafts lists every draft, newest first.
func (s *Store) Drafts(ctx context.Context) ([]workbook.Draft, error) {
	var drafts []workbook.Draft
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT run_id, exercise, entry_id, saved_at, answer FROM drafts
			ORDER BY saved_at DESC, run_id, exercise, entry_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d workbook.Draft
			var saved, answer string
			if err := rows.Scan(&d.RunID, &d.Exercise, &d.EntryID, &saved, &answer); err != nil {
				return err
			}
			if d.SavedAt, err = parseTime(saved); err != nil {
				return err
			}
			if d.Answer, err = decodeDraft(answer); err != nil {
				return fmt.Errorf("draft of %q: %w", d.Exercise, err)
			}
			drafts = append(drafts, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: drafts: %w", err)
	}
	return drafts, nil
}

// DiscardDraft removes the draft of the form (runID, exercise, entryID),
// if there is one.
func (s *Store) DiscardDraft(ctx context.Context, runID, exercise, entryID string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		return deleteDrafts(ctx, tx, runID, exercise, entryID)
	})
	if err != nil {
		return fmt.Errorf("store: discard draft of %s: %w", exercise, err)
	}
	return nil
}

// MarkRead records that a section was read to its end. The first time
// counts; marking it again changes nothing.
func (s *Store) MarkRead(ctx context.Context, sectionID string, now time.Time) error {
	err := func() error {
		if sectionID == "" {
			return errors.New("no section given")
		}
		stamp, err := formatTime(now)
		if err != nil {
			return err
		}
		return s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO read_sections (section, read_at) VALUES (?, ?)
				ON CONFLICT (section) DO NOTHING`, sectionID, stamp)
			return err
		})
	}()
	if err != nil {
		return fmt.Errorf("store: mark %s read: %w", sectionID, err)
	}
	return nil
}

// ReadSections is the set of sections read to their end.
func (s *Store) ReadSections(ctx context.Context) (map[string]bool, error) {
	read := map[string]bool{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT section FROM read_sections`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			read[id] = true
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: read sections: %w", err)
	}
	return read, nil
}
