package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"autonomy/workbook"
)

var _ workbook.ArchiveStore = (*Store)(nil)

// Archive reads everything saved, drafts aside, in one read transaction:
// every run by number with its pauses (and the challenge fields, which
// Import ignores), and in each, its entries by creation time then id, each
// with every revision oldest first: by save time, then in the order saved.
// The last revision of an entry is its current answer.
func (s *Store) Archive(ctx context.Context) (workbook.Archive, error) {
	var a workbook.Archive
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = readArchive(ctx, tx)
		return err
	})
	if err != nil {
		return workbook.Archive{}, fmt.Errorf("store: archive: %w", err)
	}
	return a, nil
}

func readArchive(ctx context.Context, tx *sql.Tx) (workbook.Archive, error) {
	runs, err := readRuns(ctx, tx)
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
	rows, err = tx.QueryContext(ctx, `SELECT id, entry_id, saved_at FROM revisions ORDER BY saved_at, entry_id, seq`)
	if err != nil {
		return workbook.Archive{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var r workbook.Revision
		var saved string
		if err := rows.Scan(&r.ID, &r.EntryID, &saved); err != nil {
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

// Errors of Import; test them with errors.Is. The message names the ids.
var (
	// ErrConflict: an id of the archive exists here with other content.
	ErrConflict = errors.New("exists with other content")
	// ErrNoExercises: Import before SetExercises.
	ErrNoExercises = errors.New("the store does not know the exercises (SetExercises)")
)

// Import adds what the archive holds and the database lacks, by id, in one
// write transaction: on any error it adds nothing and changes nothing.
//
// A run, pause, entry or revision whose id exists must agree with ours:
// a run's start, a pause's run, first day and pause time, an entry's run,
// exercise, date and creation time, a revision's entry, save time and
// answer; otherwise the import fails with ErrConflict. Closing is the only
// change to what exists: a run open here and closed in the archive is
// closed at the archive's time, and a pause open here and resumed there is
// resumed. A new run keeps its number if it is free, and takes the next
// otherwise; a new open run while one is open here is refused.
//
// Answers are checked as SaveAnswer checks them, against the exercises
// SetExercises gave (ErrNoExercises before), and every list item must have
// an id. New revisions are appended to their entries; an entry's current
// answer is its newest revision by save time, so a revision newer than ours
// becomes current and an older one, from an old backup, does not.
func (s *Store) Import(ctx context.Context, a workbook.Archive) (workbook.ImportResult, error) {
	res, err := s.importArchive(ctx, a)
	if err != nil {
		return workbook.ImportResult{}, fmt.Errorf("store: import: %w", err)
	}
	return res, nil
}

// importRun is a run of the archive, checked and formatted as stored.
type importRun struct {
	id      string
	number  int
	started string
	closed  *string
	pauses  []importPause
	label   string // for messages: "run 2 (id)"
	entries []importEntry
	exists  bool
}

type importPause struct {
	id, from, paused string
	to, resumed      *string
}

type importEntry struct {
	id, exercise, date, created string
	phase                       int
	revisions                   []importRevision
}

type importRevision struct {
	id, saved string
	vals      []valueRow
}

func (s *Store) importArchive(ctx context.Context, a workbook.Archive) (workbook.ImportResult, error) {
	runs, err := s.checkArchive(a)
	if err != nil {
		return workbook.ImportResult{}, err
	}
	// A connection of its own, with a page cache that holds the pages a
	// large import writes at random places (ids are random), and back to
	// the pool's default after.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return workbook.ImportResult{}, err
	}
	defer conn.Close()
	var cache int
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		return workbook.ImportResult{}, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, importCacheKiB)); err != nil {
		return workbook.ImportResult{}, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = %d`, cache))
	var res workbook.ImportResult
	err = inTx(ctx, conn, nil, func(tx *sql.Tx) error {
		res = workbook.ImportResult{}
		im := &importer{ctx: ctx, tx: tx, w: newTxStmts(ctx, tx), res: &res}
		defer im.w.close()
		return im.run(runs)
	})
	if err != nil {
		return workbook.ImportResult{}, err
	}
	return res, nil
}

// importCacheKiB is the page cache of an import, in KiB (negative, as
// PRAGMA cache_size takes it): 64 MiB at most, as the import needs.
const importCacheKiB = -64 << 10

// checkID refuses an id the database could not keep or that could not be
// ours: empty, longer than 128 characters, not valid UTF-8, with a NUL.
func checkID(what, id string) error {
	if id == "" {
		return fmt.Errorf("%s without id", what)
	}
	if err := checkText(id, 128); err != nil {
		return fmt.Errorf("%s id %.40q: %w", what, id, err)
	}
	return nil
}

// checkArchive checks everything Go can check before the transaction:
// ids, times, dates, answers against the exercises, ids given twice.
func (s *Store) checkArchive(a workbook.Archive) ([]importRun, error) {
	if s.exercises.Load() == nil {
		return nil, ErrNoExercises
	}
	seen := map[string]map[string]bool{} // by kind of record, the ids given
	dup := func(what, id string) error {
		ids := seen[what]
		if ids == nil {
			ids = map[string]bool{}
			seen[what] = ids
		}
		if ids[id] {
			return fmt.Errorf("%s %s given twice in the archive", what, id)
		}
		ids[id] = true
		return nil
	}
	runs := make([]importRun, 0, len(a.Runs))
	for _, ra := range a.Runs {
		r := importRun{id: ra.Run.ID, number: ra.Run.Number}
		r.label = fmt.Sprintf("run %d (%s)", ra.Run.Number, ra.Run.ID)
		if err := checkID("run", r.id); err != nil {
			return nil, err
		}
		if err := dup("run", r.id); err != nil {
			return nil, err
		}
		var err error
		if r.started, err = formatTime(ra.Run.StartedAt); err != nil {
			return nil, fmt.Errorf("%s: start: %w", r.label, err)
		}
		if !ra.Run.ClosedAt.IsZero() {
			closed, err := formatTime(ra.Run.ClosedAt)
			if err != nil {
				return nil, fmt.Errorf("%s: close: %w", r.label, err)
			}
			r.closed = &closed
		}
		for _, p := range ra.Run.Pauses {
			ip := importPause{id: p.ID}
			if err := checkID("pause", p.ID); err != nil {
				return nil, fmt.Errorf("%s: %w", r.label, err)
			}
			if err := dup("pause", p.ID); err != nil {
				return nil, err
			}
			if ip.from, err = formatDate(p.From); err != nil {
				return nil, fmt.Errorf("pause %s: %w", p.ID, err)
			}
			if ip.paused, err = formatTime(p.PausedAt); err != nil {
				return nil, fmt.Errorf("pause %s: %w", p.ID, err)
			}
			if (p.To == workbook.Date{}) != p.ResumedAt.IsZero() {
				return nil, fmt.Errorf("pause %s: a resume day without a resume time, or the other way round", p.ID)
			}
			if p.To != (workbook.Date{}) {
				to, err := formatDate(p.To)
				if err != nil {
					return nil, fmt.Errorf("pause %s: %w", p.ID, err)
				}
				resumed, err := formatTime(p.ResumedAt)
				if err != nil {
					return nil, fmt.Errorf("pause %s: %w", p.ID, err)
				}
				ip.to, ip.resumed = &to, &resumed
			}
			r.pauses = append(r.pauses, ip)
		}
		for _, ea := range ra.Entries {
			e, err := s.checkEntry(ea, dup)
			if err != nil {
				return nil, err
			}
			r.entries = append(r.entries, e)
		}
		runs = append(runs, r)
	}
	return runs, nil
}

func (s *Store) checkEntry(ea workbook.EntryArchive, dup func(what, id string) error) (importEntry, error) {
	e := importEntry{id: ea.ID, exercise: ea.Exercise}
	if err := checkID("entry", ea.ID); err != nil {
		return e, err
	}
	if err := dup("entry", ea.ID); err != nil {
		return e, err
	}
	ex, ok := s.exercise(ea.Exercise)
	if !ok {
		return e, fmt.Errorf("entry %s: unknown exercise %q", ea.ID, ea.Exercise)
	}
	e.phase = ex.Phase
	var err error
	if e.date, err = formatDate(ea.Date); err != nil {
		return e, fmt.Errorf("entry %s: %w", ea.ID, err)
	}
	if e.created, err = formatTime(ea.CreatedAt); err != nil {
		return e, fmt.Errorf("entry %s: creation: %w", ea.ID, err)
	}
	if len(ea.Revisions) == 0 {
		return e, fmt.Errorf("entry %s has no revision", ea.ID)
	}
	for _, rev := range ea.Revisions {
		r := importRevision{id: rev.ID}
		if err := checkID("revision", rev.ID); err != nil {
			return e, fmt.Errorf("entry %s: %w", ea.ID, err)
		}
		if err := dup("revision", rev.ID); err != nil {
			return e, err
		}
		if rev.EntryID != "" && rev.EntryID != ea.ID {
			return e, fmt.Errorf("revision %s is listed under entry %s but names entry %s", rev.ID, ea.ID, rev.EntryID)
		}
		if r.saved, err = formatTime(rev.SavedAt); err != nil {
			return e, fmt.Errorf("revision %s: %w", rev.ID, err)
		}
		for field, items := range rev.Answer.Lists {
			for i, it := range items {
				if it.ID == "" {
					return e, fmt.Errorf("revision %s: item %d of list %q has no id", rev.ID, i+1, field)
				}
			}
		}
		if r.vals, err = answerRows(ex, rev.Answer); err != nil {
			return e, fmt.Errorf("revision %s of entry %s: %w", rev.ID, ea.ID, err)
		}
		e.revisions = append(e.revisions, r)
	}
	return e, nil
}

// importer applies an archive in one transaction.
type importer struct {
	ctx context.Context
	tx  *sql.Tx
	w   *txStmts
	res *workbook.ImportResult

	runs      map[string]storedRun
	open      string // the open run's id, "" for none
	numbers   map[int]bool
	maxNumber int
	entries   map[string]storedEntry
	revisions map[string]storedRevision
	nextSeq   map[string]int      // by entry, once read
	currents  map[string]*current // by entry: every entry's, as the import goes
	batch     importBatch
}

type storedRun struct {
	number  int
	started string
	closed  *string
}

type storedEntry struct{ run, exercise, date, created string }

// current is an entry's current revision as the import goes: its id and
// save time, whether the import changed it, and whether the import adds
// the entry.
type current struct {
	id, saved      string // "" for none
	changed, added bool
}

type storedRevision struct{ entry, saved string }

func (im *importer) run(runs []importRun) error {
	if err := im.load(); err != nil {
		return err
	}
	// Runs that exist first: closing one may make room for a new open run.
	for i := range runs {
		if err := im.existingRun(&runs[i]); err != nil {
			return err
		}
	}
	for i := range runs {
		if !runs[i].exists {
			if err := im.newRun(&runs[i]); err != nil {
				return err
			}
		}
	}
	for _, r := range runs {
		for _, p := range r.pauses {
			if err := im.pause(r, p); err != nil {
				return err
			}
		}
		for _, e := range r.entries {
			if err := im.entry(r, e); err != nil {
				return err
			}
		}
	}
	return im.insert()
}

// load reads the ids the import compares with.
func (im *importer) load() error {
	im.runs, im.entries, im.numbers = map[string]storedRun{}, map[string]storedEntry{}, map[int]bool{}
	im.revisions, im.nextSeq, im.currents = map[string]storedRevision{}, map[string]int{}, map[string]*current{}
	rows, err := im.tx.QueryContext(im.ctx, `SELECT id, number, started_at, closed_at FROM runs`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r storedRun
		if err := rows.Scan(&id, &r.number, &r.started, &r.closed); err != nil {
			return err
		}
		im.runs[id] = r
		im.numbers[r.number] = true
		im.maxNumber = max(im.maxNumber, r.number)
		if r.closed == nil {
			im.open = id
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = im.tx.QueryContext(im.ctx, `SELECT id, run_id, exercise, date, created_at, coalesce(current_id, ''), coalesce(saved_at, '') FROM entries`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var e storedEntry
		var c current
		if err := rows.Scan(&id, &e.run, &e.exercise, &e.date, &e.created, &c.id, &c.saved); err != nil {
			return err
		}
		im.entries[id] = e
		im.currents[id] = &c
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = im.tx.QueryContext(im.ctx, `SELECT id, entry_id, saved_at FROM revisions`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r storedRevision
		if err := rows.Scan(&id, &r.entry, &r.saved); err != nil {
			return err
		}
		im.revisions[id] = r
	}
	return rows.Err()
}

func sameTime(a, b *string) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func (im *importer) existingRun(r *importRun) error {
	ours, ok := im.runs[r.id]
	if !ok {
		return nil
	}
	r.exists = true
	if ours.started != r.started {
		return fmt.Errorf("%s started at %s here, at %s in the archive: %w", r.label, ours.started, r.started, ErrConflict)
	}
	switch {
	case sameTime(ours.closed, r.closed), r.closed == nil:
	case ours.closed == nil:
		if _, err := im.w.exec(`UPDATE runs SET closed_at = ? WHERE id = ? AND closed_at IS NULL`, *r.closed, r.id); err != nil {
			return err
		}
		ours.closed = r.closed
		im.runs[r.id] = ours
		if im.open == r.id {
			im.open = ""
		}
	default:
		return fmt.Errorf("%s closed at %s here, at %s in the archive: %w", r.label, *ours.closed, *r.closed, ErrConflict)
	}
	return nil
}

func (im *importer) newRun(r *importRun) error {
	if r.closed == nil && im.open != "" {
		return fmt.Errorf("%s is open in the archive, and run %d is open here: close one first",
			r.label, im.runs[im.open].number)
	}
	number := r.number
	if number < 1 || im.numbers[number] {
		number = im.maxNumber + 1
	}
	if _, err := im.w.exec(`INSERT INTO runs (id, number, started_at, closed_at) VALUES (?, ?, ?, ?)`,
		r.id, number, r.started, r.closed); err != nil {
		return fmt.Errorf("%s: %w", r.label, err)
	}
	im.runs[r.id] = storedRun{number: number, started: r.started, closed: r.closed}
	im.numbers[number] = true
	im.maxNumber = max(im.maxNumber, number)
	if r.closed == nil {
		im.open = r.id
	}
	im.res.Runs++
	return nil
}

func (im *importer) pause(r importRun, p importPause) error {
	var run, from, paused string
	var to, resumed *string
	err := im.w.queryRow(`SELECT run_id, from_date, to_date, paused_at, resumed_at FROM pauses WHERE id = ?`,
		p.id).Scan(&run, &from, &to, &paused, &resumed)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := im.w.exec(`INSERT INTO pauses (id, run_id, from_date, to_date, paused_at, resumed_at) VALUES (?, ?, ?, ?, ?, ?)`,
			p.id, r.id, p.from, p.to, p.paused, p.resumed); err != nil {
			if p.to == nil && strings.Contains(err.Error(), "UNIQUE") {
				return fmt.Errorf("pause %s of %s is open in the archive, and the run is paused here: resume it first", p.id, r.label)
			}
			return fmt.Errorf("pause %s of %s: %w", p.id, r.label, err)
		}
		im.res.Pauses++
		return nil
	}
	if err != nil {
		return err
	}
	if run != r.id || from != p.from || paused != p.paused {
		return fmt.Errorf("pause %s is of run %s from %s, paused %s here; of run %s from %s, paused %s in the archive: %w",
			p.id, run, from, paused, r.id, p.from, p.paused, ErrConflict)
	}
	switch {
	case sameTime(to, p.to) && sameTime(resumed, p.resumed), p.to == nil:
	case to == nil:
		if _, err := im.w.exec(`UPDATE pauses SET to_date = ?, resumed_at = ? WHERE id = ? AND to_date IS NULL`,
			*p.to, *p.resumed, p.id); err != nil {
			return err
		}
	default:
		return fmt.Errorf("pause %s was resumed on %s here, on %s in the archive: %w", p.id, *to, *p.to, ErrConflict)
	}
	return nil
}

func (im *importer) entry(r importRun, e importEntry) error {
	if ours, ok := im.entries[e.id]; ok {
		if ours.run != r.id || ours.exercise != e.exercise {
			return fmt.Errorf("entry %s exists with a different run/exercise (%s of run %s here, %s of run %s in the archive): %w",
				e.id, ours.exercise, ours.run, e.exercise, r.id, ErrConflict)
		}
		if ours.date != e.date || ours.created != e.created {
			return fmt.Errorf("entry %s is dated %s, created %s here; %s, %s in the archive: %w",
				e.id, ours.date, ours.created, e.date, e.created, ErrConflict)
		}
	} else {
		im.batch.entries = append(im.batch.entries, entryRow{
			id: e.id, run: r.id, exercise: e.exercise, date: e.date, created: e.created, phase: e.phase})
		im.entries[e.id] = storedEntry{run: r.id, exercise: e.exercise, date: e.date, created: e.created}
		im.currents[e.id] = &current{added: true}
		im.nextSeq[e.id] = 1
		im.res.Entries++
	}
	for _, rev := range e.revisions {
		if err := im.revision(e.id, rev); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) revision(entryID string, r importRevision) error {
	if ours, ok := im.revisions[r.id]; ok {
		if ours.entry != entryID || ours.saved != r.saved {
			return fmt.Errorf("revision %s is of entry %s saved %s here, of entry %s saved %s in the archive: %w",
				r.id, ours.entry, ours.saved, entryID, r.saved, ErrConflict)
		}
		same, err := im.sameValues(r.id, r.vals)
		if err != nil {
			return err
		}
		if !same {
			return fmt.Errorf("revision %s of entry %s has another answer here: %w", r.id, entryID, ErrConflict)
		}
		return nil
	}
	seq, ok := im.nextSeq[entryID]
	if !ok {
		if err := im.w.queryRow(`SELECT coalesce(max(seq), 0) + 1 FROM revisions WHERE entry_id = ?`,
			entryID).Scan(&seq); err != nil {
			return err
		}
	}
	im.batch.add(r.id, entryID, seq, r.saved, r.vals)
	// The rule of the trigger revisions_current, which an import skips: a
	// revision saved at or after the current one becomes current.
	if c := im.currents[entryID]; c.saved <= r.saved {
		c.id, c.saved, c.changed = r.id, r.saved, true
	}
	im.nextSeq[entryID] = seq + 1
	im.revisions[r.id] = storedRevision{entry: entryID, saved: r.saved}
	im.res.Revisions++
	return nil
}

// sameValues reports whether the stored revision id holds vals: the same
// fields, positions, item ids, refs and text (the kind follows the
// exercise, which may have changed since).
func (im *importer) sameValues(id string, vals []valueRow) (bool, error) {
	rows, err := im.tx.QueryContext(im.ctx, `
		SELECT field, position, item_id, ref, value FROM revision_values
		WHERE revision_id = ? ORDER BY field, position`, id)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	want := slices.Clone(vals)
	slices.SortFunc(want, func(a, b valueRow) int {
		return cmp.Or(strings.Compare(a.field, b.field), cmp.Compare(a.position, b.position))
	})
	i := 0
	for rows.Next() {
		var v valueRow
		if err := rows.Scan(&v.field, &v.position, &v.itemID, &v.ref, &v.value); err != nil {
			return false, err
		}
		if i >= len(want) || v.field != want[i].field || v.position != want[i].position ||
			v.itemID != want[i].itemID || v.ref != want[i].ref || v.value != want[i].value {
			return false, nil
		}
		i++
	}
	return i == len(want), rows.Err()
}

// importBatch holds the entries, revisions, values and documents an import
// adds, to insert at the end, table by table, importChunk rows a statement
// (multi-row VALUES, prepared once and bound: a third of the time of
// passing the rows as JSON through json_each, whose ->> parses every row
// again). The checks run on every row as for any insert; the triggers too,
// but revisions_current (see migration 0005).
type importBatch struct {
	entries   []entryRow
	revisions []revisionRow
	docs      []docRow // in the order added
}

type entryRow struct {
	id, run, exercise, date, created string
	phase                            int
	saved                            string // of the current revision
}

type revisionRow struct {
	id, entry string
	seq       int
	saved     string
	vals      []valueRow
}

type docRow struct{ revision, entry, text string }

// currentRow sets an entry's current revision (and its save time).
type currentRow struct{ entry, revision, saved string }

func (b *importBatch) add(id, entryID string, seq int, saved string, vals []valueRow) {
	sortValues(vals)
	b.revisions = append(b.revisions, revisionRow{id: id, entry: entryID, seq: seq, saved: saved, vals: vals})
	b.docs = append(b.docs, docRow{id, entryID, docText(vals)})
}

// insert adds the rows, in order: the flag that makes revisions_current
// skip, entries (with the save time of their current revision), revisions
// (in each entry's order, which their numbering needs), their values, their
// documents and the search index of those; then the current revision of
// each entry the import added to (the foreign key wants the revisions
// first), and the flag goes.
func (im *importer) insert() error {
	ctx, tx, b := im.ctx, im.tx, &im.batch
	if _, err := tx.ExecContext(ctx, `INSERT INTO importing (id) VALUES (1)`); err != nil {
		return err
	}
	var lastDoc int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(doc), 0) FROM revision_docs`).Scan(&lastDoc); err != nil {
		return err
	}
	// New entries go in with their current revision's save time, and get
	// its id once it is in; existing entries whose current revision the
	// import changed get both.
	var fresh, moved []currentRow
	for i := range b.entries {
		e := &b.entries[i]
		c := im.currents[e.id]
		e.saved = c.saved
		fresh = append(fresh, currentRow{entry: e.id, revision: c.id})
	}
	for id, c := range im.currents {
		if c.changed && !c.added {
			moved = append(moved, currentRow{id, c.id, c.saved})
		}
	}
	slices.SortFunc(moved, func(x, y currentRow) int { return strings.Compare(x.entry, y.entry) })
	// In key order, the inserts into the b-trees of the tables and their
	// indexes land next to each other rather than all over them (ids are
	// random): entries by save time, as five of their seven b-trees are
	// ordered; an entry's revisions keep their order.
	slices.SortFunc(b.entries, func(x, y entryRow) int {
		return cmp.Or(strings.Compare(x.saved, y.saved), strings.Compare(x.id, y.id))
	})
	slices.SortStableFunc(b.revisions, func(x, y revisionRow) int { return strings.Compare(x.entry, y.entry) })
	if err := insertRows(ctx, tx, `INSERT INTO entries (id, run_id, exercise, date, created_at, phase, saved_at) VALUES `, 7, b.entries,
		func(a []any, e entryRow) []any {
			return append(a, e.id, e.run, e.exercise, e.date, e.created, e.phase, e.saved)
		}); err != nil {
		return err
	}
	if err := insertRows(ctx, tx, `INSERT INTO revisions (id, entry_id, seq, saved_at) VALUES `, 4, b.revisions,
		func(a []any, r revisionRow) []any { return append(a, r.id, r.entry, r.seq, r.saved) }); err != nil {
		return err
	}
	// Values by revision id, then field and position: the table's key.
	slices.SortFunc(b.revisions, func(x, y revisionRow) int { return strings.Compare(x.id, y.id) })
	var values []revisionValue
	for _, r := range b.revisions {
		for _, v := range r.vals {
			values = append(values, revisionValue{r.id, v})
		}
	}
	if err := insertRows(ctx, tx, `INSERT INTO revision_values (revision_id, field, position, item_id, ref, kind, value) VALUES `, 7, values,
		func(a []any, v revisionValue) []any {
			return append(a, v.revision, v.field, v.position, v.itemID, v.ref, v.kind, v.value)
		}); err != nil {
		return err
	}
	if err := insertRows(ctx, tx, `INSERT INTO revision_docs (revision_id, entry_id, text) VALUES `, 3, b.docs,
		func(a []any, d docRow) []any { return append(a, d.revision, d.entry, d.text) }); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO revision_text (rowid, text) SELECT doc, text FROM revision_docs WHERE doc > ?`, lastDoc); err != nil {
		return err
	}
	// Only current_id for new entries, whose save time is right: the review
	// indexes hold saved_at, and need no change.
	if err := insertRows(ctx, tx, `UPDATE entries SET current_id = v.column2 FROM (VALUES `, 2, fresh,
		func(a []any, c currentRow) []any { return append(a, c.entry, c.revision) },
		`) AS v WHERE entries.id = v.column1`); err != nil {
		return err
	}
	if err := insertRows(ctx, tx, `UPDATE entries SET current_id = v.column2, saved_at = v.column3 FROM (VALUES `, 3, moved,
		func(a []any, c currentRow) []any { return append(a, c.entry, c.revision, c.saved) },
		`) AS v WHERE entries.id = v.column1`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM importing`)
	return err
}

// revisionValue is a row of revision_values.
type revisionValue struct {
	revision string
	valueRow
}

// importChunk is the most rows a statement of insertRows takes: a
// statement of importChunk rows, prepared once, serves every full chunk.
const importChunk = 128

// insertRows runs prefix, a statement up to its VALUES, with the rows in
// statements of importChunk rows, each of cols parameters that args
// appends, and suffix, what follows the VALUES, if any.
func insertRows[T any](ctx context.Context, tx *sql.Tx, prefix string, cols int, rows []T, args func([]any, T) []any, suffix ...string) error {
	prepare := func(n int) (*sql.Stmt, error) {
		var q strings.Builder
		q.WriteString(prefix)
		row := "(?" + strings.Repeat(", ?", cols-1) + ")"
		for i := range n {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(row)
		}
		q.WriteString(strings.Join(suffix, ""))
		return tx.PrepareContext(ctx, q.String())
	}
	var full *sql.Stmt
	a := make([]any, 0, importChunk*cols)
	for len(rows) > 0 {
		n := min(len(rows), importChunk)
		st := full
		if st == nil || n < importChunk {
			var err error
			if st, err = prepare(n); err != nil {
				return err
			}
			defer st.Close()
			if n == importChunk {
				full = st
			}
		}
		a = a[:0]
		for _, r := range rows[:n] {
			a = args(a, r)
		}
		if _, err := st.ExecContext(ctx, a...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
