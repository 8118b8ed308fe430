package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"

	"autonomy/workbook"
)

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
// resumed; the result counts both. A new run keeps its number if it is
// free, and takes the next otherwise; a new open run while one is open
// here is refused. A run that closes before it starts, and a pause that
// ends before it starts, are refused.
//
// Answers are checked as SaveAnswer checks them, against the exercises
// SetExercises gave (ErrNoExercises before), and every list item must have
// an id. New revisions are appended to their entries; an entry's current
// answer is its newest revision by save time, so a revision newer than ours
// becomes current and an older one, from an old backup, does not.
func (s *Store) Import(ctx context.Context, a workbook.Archive) (workbook.ImportResult, error) {
	return s.ImportFrom(ctx, a.Feed)
}

// ImportFrom is Import of the records read hands to its Importer as it
// reads them (a file, a record at a time): every record is checked and
// written as it comes, in one transaction that commits once read returns
// nil. An error of read, or of any record, and nothing is added. The
// errors of read, which the records' errors go through, come back as read
// returned them.
func (s *Store) ImportFrom(ctx context.Context, read func(workbook.Importer) error) (workbook.ImportResult, error) {
	var readErr error
	res, err := s.importFrom(ctx, func(im workbook.Importer) error {
		readErr = read(im)
		return readErr
	})
	switch {
	case err == nil:
		return res, nil
	case err == readErr:
		return workbook.ImportResult{}, err
	}
	return workbook.ImportResult{}, fmt.Errorf("store: import: %w", err)
}

func (s *Store) importFrom(ctx context.Context, read func(workbook.Importer) error) (workbook.ImportResult, error) {
	if s.readOnly {
		return workbook.ImportResult{}, ErrReadOnly
	}
	if s.exercises.Load() == nil {
		return workbook.ImportResult{}, ErrNoExercises
	}
	ctx = s.waitContext(ctx)
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
		im := &importer{s: s, ctx: ctx, tx: tx, w: newTxStmts(ctx, tx), res: &res}
		defer im.w.close()
		if err := im.begin(); err != nil {
			return err
		}
		if err := read(im); err != nil {
			return err
		}
		return im.finish()
	})
	if err != nil {
		return workbook.ImportResult{}, err
	}
	return res, nil
}

// importCacheKiB is the page cache of an import, in KiB (negative, as
// PRAGMA cache_size takes it): 64 MiB at most, as the import needs.
const importCacheKiB = -64 << 10

// importer applies an archive in one transaction, a record at a time as
// they come. Entries and revisions are checked as they come and written
// in batches (importBatch); runs and pauses, which may come after their
// entries, at the end, existing runs first (closing one may make room for
// a new open run). An entry of a run the database does not have goes in
// under a stand-in row of that run (closed, with a number no run has),
// which the run's own values replace at the end: the foreign keys hold at
// every step. (Deferring them instead makes SQLite look, at every row
// inserted, for rows of other tables that point to it, through tables
// without an index for that: an import of 10,000 entries took a minute.)
type importer struct {
	s   *Store
	ctx context.Context
	tx  *sql.Tx
	w   *txStmts
	res *workbook.ImportResult

	runs      map[string]storedRun // the database's, and those added
	open      string               // the open run's id, "" for none
	numbers   map[int]bool
	maxNumber int
	given     []importRun     // the archive's runs, in the order given
	givenIDs  map[string]bool // their ids, and those of their pauses
	standIns  map[string]bool // runs in the database only as a stand-in
	// The ids of the entries and revisions the database had and those
	// the archive gave, as 128-bit hashes: a few dozen bytes each, so
	// that an import holds no more than its batch of what it reads.
	// What an entry or revision that exists holds is read back when one
	// comes again.
	ids   idHash
	had   idSet // entries and revisions in the database at the start
	gave  idSet // entries and revisions the archive gave
	batch importBatch
}

// idHash hashes ids to 128 bits: no two ids of a database meet.
type idHash [2]maphash.Seed

func newIDHash() idHash { return idHash{maphash.MakeSeed(), maphash.MakeSeed()} }

// key is the hash of an id of a kind ('e' entry, 'r' revision).
func (h idHash) key(kind byte, id string) idKey {
	return idKey{maphash.String(h[0], id), maphash.String(h[1], id) ^ uint64(kind)}
}

type idKey [2]uint64

type idSet map[idKey]struct{}

func (s idSet) has(k idKey) bool { _, ok := s[k]; return ok }

// importRun is a run of the archive, checked and formatted as stored.
type importRun struct {
	id      string
	number  int
	started string
	closed  *string
	pauses  []importPause
	label   string // for messages: "run 2 (id)"
	exists  bool
}

type importPause struct {
	id, from, paused string
	to, resumed      *string
}

type storedRun struct {
	number  int
	started string
	closed  *string
}

type storedEntry struct{ run, exercise, date, created string }

// begin reads the ids the import compares with and marks the import (see
// migration 0005).
func (im *importer) begin() error {
	im.runs, im.numbers = map[string]storedRun{}, map[int]bool{}
	im.givenIDs, im.standIns = map[string]bool{}, map[string]bool{}
	im.ids, im.had, im.gave = newIDHash(), idSet{}, idSet{}
	if _, err := im.tx.ExecContext(im.ctx, `INSERT INTO importing (id) VALUES (1)`); err != nil {
		return err
	}
	if err := im.tx.QueryRowContext(im.ctx, `SELECT coalesce(max(doc), 0) FROM revision_docs`).Scan(&im.batch.lastDoc); err != nil {
		return err
	}
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
	for kind, q := range map[byte]string{'e': `SELECT id FROM entries`, 'r': `SELECT id FROM revisions`} {
		rows, err := im.tx.QueryContext(im.ctx, q)
		if err != nil {
			return err
		}
		defer rows.Close()
		var id []byte
		for rows.Next() {
			if err := rows.Scan(&id); err != nil {
				return err
			}
			im.had[im.ids.key(kind, string(id))] = struct{}{}
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

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

// Run checks a run of the archive, to add or compare at the end.
func (im *importer) Run(ra workbook.Run) error {
	r := importRun{id: ra.ID, number: ra.Number, label: fmt.Sprintf("run %d (%s)", ra.Number, ra.ID)}
	if err := checkID("run", r.id); err != nil {
		return err
	}
	if im.givenIDs[r.id] {
		return fmt.Errorf("run %s given twice in the archive", r.id)
	}
	im.givenIDs[r.id] = true
	var err error
	if r.started, err = formatTime(ra.StartedAt); err != nil {
		return fmt.Errorf("%s: start: %w", r.label, err)
	}
	if !ra.ClosedAt.IsZero() {
		closed, err := formatTime(ra.ClosedAt)
		if err != nil {
			return fmt.Errorf("%s: close: %w", r.label, err)
		}
		if ra.ClosedAt.Before(ra.StartedAt) {
			return fmt.Errorf("%s closes at %s, before it starts (%s)", r.label, closed, r.started)
		}
		r.closed = &closed
	}
	for _, p := range ra.Pauses {
		ip, err := checkPause(p)
		if err != nil {
			return fmt.Errorf("%s: %w", r.label, err)
		}
		if im.givenIDs["pause "+p.ID] {
			return fmt.Errorf("pause %s given twice in the archive", p.ID)
		}
		im.givenIDs["pause "+p.ID] = true
		r.pauses = append(r.pauses, ip)
	}
	im.given = append(im.given, r)
	return nil
}

func checkPause(p workbook.Pause) (importPause, error) {
	ip := importPause{id: p.ID}
	if err := checkID("pause", p.ID); err != nil {
		return ip, err
	}
	var err error
	if ip.from, err = formatDate(p.From); err != nil {
		return ip, fmt.Errorf("pause %s: %w", p.ID, err)
	}
	if ip.paused, err = formatTime(p.PausedAt); err != nil {
		return ip, fmt.Errorf("pause %s: %w", p.ID, err)
	}
	if (p.To == workbook.Date{}) != p.ResumedAt.IsZero() {
		return ip, fmt.Errorf("pause %s: a resume day without a resume time, or the other way round", p.ID)
	}
	if p.To == (workbook.Date{}) {
		return ip, nil
	}
	to, err := formatDate(p.To)
	if err != nil {
		return ip, fmt.Errorf("pause %s: %w", p.ID, err)
	}
	resumed, err := formatTime(p.ResumedAt)
	if err != nil {
		return ip, fmt.Errorf("pause %s: %w", p.ID, err)
	}
	// The day it ends may come before the day it began (ResumeRun takes
	// the day as given), not the moment.
	if p.ResumedAt.Before(p.PausedAt) {
		return ip, fmt.Errorf("pause %s ends at %s, before it starts (%s)", p.ID, resumed, ip.paused)
	}
	ip.to, ip.resumed = &to, &resumed
	return ip, nil
}

// Entry checks an entry of the archive, and adds it or what it has that
// ours lacks, in the next batch.
func (im *importer) Entry(runID string, ea workbook.EntryArchive) error {
	e, err := im.checkEntry(runID, ea)
	if err != nil {
		return err
	}
	key := im.ids.key('e', e.id)
	t := im.batch.touched[e.id]
	switch {
	case t != nil && t.added, im.had.has(key), im.gave.has(key):
		var ours storedEntry
		if t != nil && t.added {
			ours = t.head
		} else if ours, err = im.storedEntry(e.id); err != nil {
			return err
		}
		if ours.run != runID || ours.exercise != e.exercise {
			return fmt.Errorf("entry %s exists with a different run/exercise (%s of run %s here, %s of run %s in the archive): %w",
				e.id, ours.exercise, ours.run, e.exercise, runID, ErrConflict)
		}
		if ours.date != e.date || ours.created != e.created {
			return fmt.Errorf("entry %s is dated %s, created %s here; %s, %s in the archive: %w",
				e.id, ours.date, ours.created, e.date, e.created, ErrConflict)
		}
	default:
		if err := im.standIn(runID, e.created); err != nil {
			return err
		}
		head := storedEntry{run: runID, exercise: e.exercise, date: e.date, created: e.created}
		im.batch.entries = append(im.batch.entries, entryRow{storedEntry: head, id: e.id, phase: e.phase})
		im.batch.touch(e.id, &touched{added: true, head: head, nextSeq: 1})
		im.gave[key] = struct{}{}
		im.res.Entries++
	}
	for _, rev := range e.revisions {
		if err := im.revision(e.id, rev); err != nil {
			return err
		}
	}
	if im.batch.full() {
		return im.batch.write(im)
	}
	return nil
}

// storedEntry reads an entry that the database has.
func (im *importer) storedEntry(id string) (storedEntry, error) {
	var e storedEntry
	err := im.w.queryRow(`SELECT run_id, exercise, date, created_at FROM entries WHERE id = ?`, id).
		Scan(&e.run, &e.exercise, &e.date, &e.created)
	return e, err
}

// standInNumbers are the numbers of stand-in runs: above any run's.
const standInNumbers = 1 << 40

// standIn puts a stand-in row for run id in, if the database has no run
// of that id (see importer).
func (im *importer) standIn(id, at string) error {
	if _, ok := im.runs[id]; ok || im.standIns[id] {
		return nil
	}
	if _, err := im.w.exec(`INSERT INTO runs (id, number, started_at, closed_at) VALUES (?, ?, ?, ?)`,
		id, standInNumbers+len(im.standIns), at, at); err != nil {
		return fmt.Errorf("run %s: %w", id, err)
	}
	im.standIns[id] = true
	return nil
}

// importEntry is an entry of the archive, checked and formatted as stored.
type importEntry struct {
	id, exercise, date, created string
	phase                       int
	revisions                   []importRevision
}

type importRevision struct {
	id, saved string
	vals      []valueRow
}

// checkEntry checks everything about an entry of the archive but how it
// compares with ours: ids, times, dates, answers against the exercises,
// revisions given before.
func (im *importer) checkEntry(runID string, ea workbook.EntryArchive) (importEntry, error) {
	e := importEntry{id: ea.ID, exercise: ea.Exercise}
	if err := checkID("run", runID); err != nil {
		return e, fmt.Errorf("entry %s: %w", ea.ID, err)
	}
	if err := checkID("entry", ea.ID); err != nil {
		return e, err
	}
	ex, ok := im.s.exercise(ea.Exercise)
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
		if im.gave.has(im.ids.key('r', rev.ID)) || slices.ContainsFunc(e.revisions, func(o importRevision) bool { return o.id == rev.ID }) {
			return e, fmt.Errorf("revision %s given twice in the archive", rev.ID)
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

// revision adds a revision of the archive that ours lacks, or compares it
// with ours.
func (im *importer) revision(entryID string, r importRevision) error {
	key := im.ids.key('r', r.id)
	im.gave[key] = struct{}{}
	if im.had.has(key) {
		var entry, saved string
		if err := im.w.queryRow(`SELECT entry_id, saved_at FROM revisions WHERE id = ?`, r.id).Scan(&entry, &saved); err != nil {
			return err
		}
		if entry != entryID || saved != r.saved {
			return fmt.Errorf("revision %s is of entry %s saved %s here, of entry %s saved %s in the archive: %w",
				r.id, entry, saved, entryID, r.saved, ErrConflict)
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
	t := im.batch.touched[entryID]
	if t == nil {
		// An entry of the database, or of an earlier batch.
		t = &touched{}
		if err := im.w.queryRow(`SELECT coalesce(current_id, ''), coalesce(saved_at, ''),
			(SELECT coalesce(max(seq), 0) + 1 FROM revisions WHERE entry_id = entries.id) FROM entries WHERE id = ?`,
			entryID).Scan(&t.current, &t.saved, &t.nextSeq); err != nil {
			return err
		}
		im.batch.touch(entryID, t)
	}
	im.batch.add(r.id, entryID, t.nextSeq, r.saved, r.vals)
	t.nextSeq++
	// The rule of the trigger revisions_current, which an import skips: a
	// revision saved at or after the current one becomes current.
	if t.saved <= r.saved {
		t.current, t.saved, t.changed = r.id, r.saved, true
	}
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

// finish writes the last batch, then the runs (those that exist first:
// closing one may make room for a new open run) and their pauses, and
// checks that every entry added has its run.
func (im *importer) finish() error {
	if err := im.batch.write(im); err != nil {
		return err
	}
	for i := range im.given {
		if err := im.existingRun(&im.given[i]); err != nil {
			return err
		}
	}
	for i := range im.given {
		if !im.given[i].exists {
			if err := im.newRun(&im.given[i]); err != nil {
				return err
			}
		}
	}
	for _, r := range im.given {
		for _, p := range r.pauses {
			if err := im.pause(r, p); err != nil {
				return err
			}
		}
	}
	for _, id := range sortedKeys(im.standIns) {
		if _, ok := im.runs[id]; !ok {
			return fmt.Errorf("entries of run %s, which is neither here nor in the archive", id)
		}
	}
	_, err := im.tx.ExecContext(im.ctx, `DELETE FROM importing`)
	return err
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
		im.res.Closed++
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
	q := `INSERT INTO runs (number, started_at, closed_at, id) VALUES (?, ?, ?, ?)`
	if im.standIns[r.id] {
		q = `UPDATE runs SET number = ?, started_at = ?, closed_at = ? WHERE id = ?`
	}
	if _, err := im.w.exec(q, number, r.started, r.closed, r.id); err != nil {
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
		im.res.Resumed++
	default:
		return fmt.Errorf("pause %s was resumed on %s here, on %s in the archive: %w", p.id, *to, *p.to, ErrConflict)
	}
	return nil
}
