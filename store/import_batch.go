package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
)

// importBatch holds the entries, revisions, values and documents an import
// adds, to insert table by table once it holds importBatchBytes of text
// (and at the end), importChunk rows a statement (multi-row VALUES,
// prepared once and bound: a third of the time of passing the rows as
// JSON through json_each, whose ->> parses every row again). The checks run
// on every row as for any insert; the triggers too, but revisions_current
// (see migration 0005): the batch sets the current revision of each entry
// it added to.
type importBatch struct {
	entries   []entryRow
	revisions []revisionRow
	docs      []docRow            // in the order added
	touched   map[string]*touched // the entries it adds or adds to, by id
	size      int                 // bytes of text held
	lastDoc   int64               // the last document in the search index
}

// touched is an entry the batch adds or adds revisions to: its current
// revision as the import goes, and the number of its next revision.
type touched struct {
	added          bool        // by the batch
	head           storedEntry // when added
	current, saved string      // "" for none
	changed        bool        // the current revision
	nextSeq        int
}

func (b *importBatch) touch(id string, t *touched) {
	if b.touched == nil {
		b.touched = map[string]*touched{}
	}
	b.touched[id] = t
}

// importBatchBytes is how much text a batch holds before it is written:
// enough for the inserts to land next to each other in the b-trees, little
// beside what SQLite's page cache holds anyway.
var importBatchBytes = 8 << 20

type entryRow struct {
	storedEntry
	id    string
	phase int
	saved string // of the current revision
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

// revisionValue is a row of revision_values.
type revisionValue struct {
	revision string
	valueRow
}

func (b *importBatch) add(id, entryID string, seq int, saved string, vals []valueRow) {
	sortValues(vals)
	text := docText(vals)
	b.revisions = append(b.revisions, revisionRow{id: id, entry: entryID, seq: seq, saved: saved, vals: vals})
	b.docs = append(b.docs, docRow{id, entryID, text})
	b.size += 2 * len(text)
}

func (b *importBatch) full() bool { return b.size >= importBatchBytes }

// write inserts the rows, in order: entries (with the save time of their
// current revision), revisions (in each entry's order, which their
// numbering needs), their values, their documents and the search index of
// those; then the current revision of each entry the batch added to (the
// foreign key wants the revisions first).
func (b *importBatch) write(im *importer) error {
	ctx, tx := im.ctx, im.tx
	// New entries go in with their current revision's save time, and get
	// its id once it is in; entries written before whose current revision
	// changed get both.
	fresh := make([]currentRow, 0, len(b.entries))
	for i := range b.entries {
		e := &b.entries[i]
		t := b.touched[e.id]
		e.saved = t.saved
		fresh = append(fresh, currentRow{entry: e.id, revision: t.current})
	}
	var moved []currentRow
	for id, t := range b.touched {
		if !t.added && t.changed {
			moved = append(moved, currentRow{id, t.current, t.saved})
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
	if len(b.docs) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO revision_text (rowid, text) SELECT doc, text FROM revision_docs WHERE doc > ?`, b.lastDoc); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT max(doc) FROM revision_docs`).Scan(&b.lastDoc); err != nil {
			return err
		}
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
	b.entries, b.revisions, b.docs, b.touched = nil, nil, nil, nil
	b.size = 0
	return nil
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
