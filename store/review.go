package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"autonomy/workbook"
)

var _ workbook.ReviewStore = (*Store)(nil)

// SetExercises tells the store the workbook's exercises. Import needs them
// to store an answer as SaveAnswer does (the kind and limit of each field),
// and the review's phase filter needs each entry's phase, which the
// database keeps in entries.phase. The app calls it once after Open with
// the workbook's exercises. It writes only when the exercises' phases are
// not those the database last knew (meta.exercise_phases): then it sets,
// in one transaction, the phase of every entry whose exercise has another
// one now (entries saved before the store knew phases, imported ones,
// those of an exercise that moved). A store opened ReadOnly never writes.
func (s *Store) SetExercises(ctx context.Context, exs []workbook.Exercise) error {
	m := make(map[string]workbook.Exercise, len(exs))
	for _, ex := range exs {
		switch _, dup := m[ex.ID]; {
		case ex.ID == "":
			return errors.New("store: set exercises: an exercise without id")
		case dup:
			return fmt.Errorf("store: set exercises: two exercises %q", ex.ID)
		case ex.Phase < 0:
			return fmt.Errorf("store: set exercises: %q has phase %d", ex.ID, ex.Phase)
		}
		m[ex.ID] = ex
	}
	s.exercises.Store(&m)
	if ex, ok := (&workbook.Workbook{Exercises: exs}).RunStart(); ok {
		s.runStart.Store(&ex)
	} else {
		s.runStart.Store(nil)
	}
	phases := phasesKey(m)
	known, err := s.knownPhases(ctx, s.db)
	if err != nil || known == phases || s.readOnly {
		return err
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		if known, err := s.knownPhases(ctx, tx); err != nil || known == phases {
			return err // another process did it meanwhile
		}
		st, err := tx.PrepareContext(ctx, `UPDATE entries SET phase = ?1 WHERE exercise = ?2 AND phase <> ?1`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, id := range sortedKeys(m) {
			if _, err := st.ExecContext(ctx, m[id].Phase, id); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, metaPhases, phases)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set exercises: %w", err)
	}
	return nil
}

// metaPhases is the meta key of the exercises' phases entries.phase
// follows, as phasesKey writes them.
const metaPhases = "exercise_phases"

// phasesKey is "id=phase" of every exercise, by id, comma-separated.
func phasesKey(m map[string]workbook.Exercise) string {
	var b strings.Builder
	for i, id := range sortedKeys(m) {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%d", id, m[id].Phase)
	}
	return b.String()
}

// knownPhases is meta.exercise_phases, "" when unset.
func (s *Store) knownPhases(ctx context.Context, q querier) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, metaPhases).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: set exercises: %w", err)
	}
	return v, nil
}

// phase is the phase a new entry of ex is stored with: the exercise's as
// SetExercises gave it, so that entries.phase follows what
// meta.exercise_phases says, else ex's own.
func (s *Store) phase(ex workbook.Exercise) int {
	if known, ok := s.exercise(ex.ID); ok {
		return known.Phase
	}
	return ex.Phase
}

// exercise is the exercise id as SetExercises gave it.
func (s *Store) exercise(id string) (workbook.Exercise, bool) {
	m := s.exercises.Load()
	if m == nil {
		return workbook.Exercise{}, false
	}
	ex, ok := (*m)[id]
	return ex, ok
}

// Entry returns one entry with its current revision and its number of
// revisions, or an error matching ErrNotFound.
func (s *Store) Entry(ctx context.Context, entryID string) (workbook.Entry, error) {
	e := workbook.Entry{ID: entryID}
	err := s.read(ctx, func(tx *sql.Tx) error {
		var date, created string
		var current, saved *string
		var seq int
		err := tx.QueryRowContext(ctx, `
			SELECT run_id, exercise, date, created_at, current_id, saved_at,
				coalesce((SELECT seq FROM revisions WHERE id = entries.current_id), 0),
				(SELECT count(*) FROM revisions WHERE entry_id = entries.id)
			FROM entries WHERE id = ?`, entryID).Scan(
			&e.RunID, &e.Exercise, &date, &created, &current, &saved, &seq, &e.Revisions)
		if errors.Is(err, sql.ErrNoRows) || err == nil && (current == nil || saved == nil) {
			return fmt.Errorf("entry %q: %w", entryID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		var ok bool
		if e.Date, ok = parseDate(date); !ok {
			return fmt.Errorf("stored date %q", date)
		}
		if e.CreatedAt, err = parseTime(created); err != nil {
			return err
		}
		e.Current = workbook.Revision{ID: *current, EntryID: entryID, Seq: seq}
		if e.Current.SavedAt, err = parseTime(*saved); err != nil {
			return err
		}
		vals, err := readValues(ctx, tx, `
			SELECT revision_id, field, position, item_id, ref, kind, value
			FROM revision_values WHERE revision_id = ?
			ORDER BY field, position`, *current)
		if err != nil {
			return err
		}
		e.Current.Answer = rowsAnswer(vals[*current])
		return nil
	})
	if err != nil {
		return workbook.Entry{}, fmt.Errorf("store: entry: %w", err)
	}
	return e, nil
}

// reviewWhere is the filter's condition on entries e, from " AND ...".
func reviewWhere(f workbook.ReviewFilter) (string, []any) {
	var w strings.Builder
	var args []any
	if f.RunID != "" {
		w.WriteString(" AND e.run_id = ?")
		args = append(args, f.RunID)
	}
	if f.Phase != 0 {
		w.WriteString(" AND e.phase = ?")
		args = append(args, f.Phase)
	}
	if f.Exercise != "" {
		w.WriteString(" AND e.exercise = ?")
		args = append(args, f.Exercise)
	}
	return w.String(), args
}

// reviewListQuery is the page of the plain list: entries grouped by run
// (the latest first) and phase (the latest first), newest first by the
// current revision's save time within a group, read through the runs by
// number and entries_review_group, with the current revision's id.
const reviewListQuery = `
	SELECT e.id, e.run_id, r.number, e.exercise, e.phase,
		e.date, e.saved_at, (SELECT count(*) FROM revisions WHERE entry_id = e.id), e.current_id
	FROM runs r CROSS JOIN entries e ON e.run_id = r.id
	WHERE 1%s
	ORDER BY r.number DESC, e.phase DESC, e.saved_at DESC, e.id DESC
	LIMIT ? OFFSET ?`

// Review lists one page of entries for the review screen and what is
// known of the whole: the number of entries the filter selects; offset and
// limit choose the page (limit 0: only the count).
//
// Without a query the entries are grouped by run (the highest number
// first) and phase (3, 2, 1, 0), newest first within a group by their
// current revision's save time (then by id), each with its current answer
// (no snippet: a screen writes the answer's summary).
//
// With a query, which may be typed text of any kind (see ftsQuery; a query
// with no word finds nothing), the items are the entries with a revision
// that holds every word, the last as a prefix, ignoring case and
// diacritics. When the matching revisions are at most rankLimit, the best
// match comes first (bm25, then the newest revision) and each item is the
// entry's best-matching revision (Ranked); a broader search (as a word of
// one or two letters is) lists each entry by its newest matching revision,
// the most recently saved (or imported) first, and counts up to about
// countLimit entries (More: there are more). An item's SavedAt is that
// revision's and its Snippet is about 16 words of it, the matched words
// between workbook.MatchStart and MatchEnd.
func (s *Store) Review(ctx context.Context, f workbook.ReviewFilter, offset, limit int) (workbook.ReviewPage, error) {
	var page workbook.ReviewPage
	err := func() error {
		if offset < 0 || limit < 0 {
			return fmt.Errorf("offset %d, limit %d", offset, limit)
		}
		if f.Phase < 0 || f.Phase > 3 {
			return fmt.Errorf("phase %d", f.Phase)
		}
		var queries []string
		match := ftsQuery(f.Query)
		switch {
		case strings.TrimSpace(f.Query) == "":
			count, page := listQueries(f)
			queries = []string{count, page}
		case match == "":
			return nil // no word: nothing found
		default:
			queries = searchQueries(f)
		}
		stmts, err := s.prepare(ctx, queries...)
		if err != nil {
			return err
		}
		return s.read(ctx, func(tx *sql.Tx) error {
			r := reviewTx{tx, stmts}
			var err error
			if match == "" { // the list
				page, err = reviewList(ctx, r, f, offset, limit)
			} else {
				page, err = reviewSearch(ctx, r, f, match, offset, limit)
			}
			return err
		})
	}()
	if err != nil {
		return workbook.ReviewPage{}, fmt.Errorf("store: review: %w", err)
	}
	return page, nil
}

// prepare prepares the queries a review runs, once for the store, before
// its transaction: a statement prepared while the transaction holds a
// connection waits for another, and reviews at once could hold them all.
func (s *Store) prepare(ctx context.Context, queries ...string) (map[string]*sql.Stmt, error) {
	stmts := make(map[string]*sql.Stmt, len(queries))
	for _, q := range queries {
		st, err := s.prepared(ctx, q)
		if err != nil {
			return nil, err
		}
		stmts[q] = st
	}
	return stmts, nil
}

// reviewTx is a review's read transaction and the statements prepare
// prepared for it.
type reviewTx struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

// stmt is query in the transaction: as prepared, or prepared on the
// transaction's connection.
func (r reviewTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	st, ok := r.stmts[query]
	if !ok {
		return r.tx.PrepareContext(ctx, query)
	}
	return r.tx.StmtContext(ctx, st), nil
}

// queryRow runs query in the transaction.
func (r reviewTx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := r.stmt(ctx, query)
	if err != nil {
		// The error surfaces at Scan, from a statement that fails the same way.
		return r.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// listQueries are the count and the page of the plain list with the
// filter f.
func listQueries(f workbook.ReviewFilter) (count, page string) {
	where, _ := reviewWhere(f)
	count = `SELECT count(*) FROM entries e` // without WHERE, SQLite counts pages, not rows
	if where != "" {
		count += ` WHERE 1` + where
	}
	return count, fmt.Sprintf(reviewListQuery, where)
}

// reviewList is a page of the plain list and its total.
func reviewList(ctx context.Context, r reviewTx, f workbook.ReviewFilter, offset, limit int) (workbook.ReviewPage, error) {
	count, page := listQueries(f)
	_, args := reviewWhere(f)
	var total int
	if err := r.queryRow(ctx, count, args...).Scan(&total); err != nil {
		return workbook.ReviewPage{}, err
	}
	if limit == 0 || offset >= total {
		return workbook.ReviewPage{Total: total}, nil
	}
	st, err := r.stmt(ctx, page)
	if err != nil {
		return workbook.ReviewPage{}, err
	}
	rows, err := st.QueryContext(ctx, append(args, limit, offset)...)
	if err != nil {
		return workbook.ReviewPage{}, err
	}
	defer rows.Close()
	var items []workbook.ReviewItem
	var current []string
	for rows.Next() {
		var it workbook.ReviewItem
		var date, saved, cur string
		if err := rows.Scan(&it.EntryID, &it.RunID, &it.RunNumber, &it.Exercise, &it.Phase,
			&date, &saved, &it.Revisions, &cur); err != nil {
			return workbook.ReviewPage{}, err
		}
		if err := setItemTimes(&it, date, saved); err != nil {
			return workbook.ReviewPage{}, err
		}
		items = append(items, it)
		current = append(current, cur)
	}
	if err := rows.Err(); err != nil {
		return workbook.ReviewPage{}, err
	}
	// The answers of the page's current revisions, in one query.
	vals, err := readValues(ctx, r.tx, revisionValuesQuery, jsonStrings(current))
	if err != nil {
		return workbook.ReviewPage{}, err
	}
	for i := range items {
		items[i].Answer = rowsAnswer(vals[current[i]])
	}
	return workbook.ReviewPage{Items: items, Total: total}, nil
}

// revisionValuesQuery reads the values of the revisions a JSON array of
// their ids lists.
const revisionValuesQuery = `
	SELECT revision_id, field, position, item_id, ref, kind, value
	FROM revision_values WHERE revision_id IN (SELECT value FROM json_each(?))
	ORDER BY revision_id, field, position`

// jsonStrings is ids as a JSON array, for json_each.
func jsonStrings(ids []string) string {
	b, _ := json.Marshal(ids) // strings always marshal
	return string(b)
}

func setItemTimes(it *workbook.ReviewItem, date, saved string) error {
	var ok bool
	if it.Date, ok = parseDate(date); !ok {
		return fmt.Errorf("stored date %q", date)
	}
	var err error
	it.SavedAt, err = parseTime(saved)
	return err
}
