package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"

	"autonomy/workbook"
)

// A search finds the matching documents with FTS5 and groups them by entry
// in Go. Ranking every match with bm25 costs microseconds per document,
// and a query as typed ("m", "co") matches most of them: a search whose
// documents are at most rankLimit is ranked by bm25 (best first), a
// broader one lists its entries newest first, as the review list does.
// The documents' entries and the entries' filter fields come from
// searchIndex, a copy in memory kept up to date by the documents added,
// and the documents found by the last search are kept for the pages that
// follow.

// rankLimit is the most documents a search ranks by bm25.
const rankLimit = 1000

// searchEntry is what a search needs of an entry.
type searchEntry struct {
	id, runID, exercise string
	phase               int
	saved               int64 // save time of the current revision, Unix ns
}

// searchIndex copies revision_docs (document → entry) and the search
// fields of the entries that have documents. Documents are added, never
// changed (triggers forbid it), and deleted only by a delete transaction,
// which counts itself in meta.deletions (a deleted document's rowid may
// be given to the next one); an entry changes only by a new revision,
// hence a new document, by a delete, or by SetExercises, which counts its
// calls in Store.phasesVersion: the copy holds while the last document and
// both counts are the same. SetExercises in another process shows when a
// revision is next saved; a delete in another process, at once.
//
// Entries are kept by index in all, so that a search of thousands of
// documents follows no pointers, and newest lists the indexes newest
// first, sorted again only after the entries change.
type searchIndex struct {
	mu            sync.Mutex
	lastDoc       int64
	deletions     int64
	phasesVersion uint64
	docEntry      []int32 // by document: index in all + 1; 0 for none
	entries       map[string]int32
	all           []searchEntry
	newest        []int32 // nil when the entries changed since it was sorted
}

// sync brings the index up to the snapshot of tx, whose last document is
// lastDoc and count of delete transactions deletions. It never goes back:
// a newer copy serves an older snapshot, whose documents it holds. The
// caller holds x.mu, and must while it uses the index.
func (x *searchIndex) sync(ctx context.Context, tx *sql.Tx, lastDoc, deletions int64, phasesVersion uint64) error {
	full := x.entries == nil || x.phasesVersion != phasesVersion || x.deletions != deletions
	if !full && lastDoc <= x.lastDoc {
		return nil
	}
	from := x.lastDoc
	if full {
		from = 0
		x.docEntry, x.entries, x.all, x.newest = nil, map[string]int32{}, nil, nil
	}
	var changed []int32 // entries new or changed
	// The entries of the new documents, new or changed; then the documents.
	rows, err := tx.QueryContext(ctx, `
		SELECT id, run_id, exercise, phase, saved_at FROM entries
		WHERE id IN (SELECT entry_id FROM revision_docs WHERE doc > ? AND doc <= ?)`, from, lastDoc)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e searchEntry
		var saved *string
		if err := rows.Scan(&e.id, &e.runID, &e.exercise, &e.phase, &saved); err != nil {
			return err
		}
		if saved != nil {
			t, err := parseTime(*saved)
			if err != nil {
				return err
			}
			e.saved = t.UnixNano()
		}
		n, ok := x.entries[e.id]
		if ok {
			x.all[n] = e
		} else {
			n = int32(len(x.all))
			x.entries[e.id] = n
			x.all = append(x.all, e)
		}
		changed = append(changed, n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	x.reorder(changed)
	rows, err = tx.QueryContext(ctx, `SELECT doc, entry_id FROM revision_docs WHERE doc > ? AND doc <= ?`, from, lastDoc)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var doc int64
		var entryID string
		if err := rows.Scan(&doc, &entryID); err != nil {
			return err
		}
		n, ok := x.entries[entryID]
		if !ok || doc < 1 || doc > lastDoc {
			return fmt.Errorf("search document %d of entry %q", doc, entryID)
		}
		if int(doc) >= len(x.docEntry) {
			x.docEntry = slices.Grow(x.docEntry, int(lastDoc)+1-len(x.docEntry))[:lastDoc+1]
		}
		x.docEntry[doc] = n + 1
	}
	if err := rows.Err(); err != nil {
		return err
	}
	x.lastDoc, x.deletions, x.phasesVersion = lastDoc, deletions, phasesVersion
	return nil
}

// entryOf is the index in all of a document's entry, or -1.
func (x *searchIndex) entryOf(doc int64) int32 {
	if doc < 1 || doc >= int64(len(x.docEntry)) {
		return -1
	}
	return x.docEntry[doc] - 1
}

// newestFirst is the indexes of all, newest first as the review list
// orders entries: by save time, then id, both descending.
func (x *searchIndex) newestFirst() []int32 {
	if x.newest == nil {
		x.newest = make([]int32, len(x.all))
		for i := range x.newest {
			x.newest[i] = int32(i)
		}
		slices.SortFunc(x.newest, x.newer)
	}
	return x.newest
}

// newer orders entries a and b as the review list does.
func (x *searchIndex) newer(a, b int32) int {
	ea, eb := &x.all[a], &x.all[b]
	return cmp.Or(cmp.Compare(eb.saved, ea.saved), strings.Compare(eb.id, ea.id))
}

// reorder moves the changed entries to their places in newest: a save
// changes one entry, which should not cost a sort of thousands; many
// changes leave the sort to the next search.
func (x *searchIndex) reorder(changed []int32) {
	if x.newest == nil || len(changed) == 0 {
		return
	}
	if len(changed) > 64 {
		x.newest = nil
		return
	}
	moved := make(map[int32]bool, len(changed))
	for _, n := range changed {
		moved[n] = true
	}
	x.newest = slices.DeleteFunc(x.newest, func(n int32) bool { return moved[n] })
	for n := range moved {
		i, _ := slices.BinarySearchFunc(x.newest, n, x.newer)
		x.newest = slices.Insert(x.newest, i, n)
	}
}

// searchCache keeps the documents found by the last search.
type searchCache struct {
	mu    sync.Mutex
	key   searchKey
	valid bool
	docs  []int64
}

type searchKey struct {
	match              string
	runID, exercise    string // the filter
	phase              int
	lastDoc, deletions int64
	phasesVersion      uint64
}

func (c *searchCache) get(k searchKey) ([]int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid || c.key != k {
		return nil, false
	}
	return c.docs, true
}

func (c *searchCache) put(k searchKey, docs []int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.key, c.docs, c.valid = k, docs, true
}

// PrepareSearch brings the search's copy of the entries up to date: with
// thousands of entries, it takes the time of many searches (~100 ms for
// 20,000 revisions), which the first search then need not wait for.
func (s *Store) PrepareSearch(ctx context.Context) error {
	st, err := s.reviewStmts(ctx, "", "", searchStateQuery)
	if err != nil {
		return fmt.Errorf("store: prepare search: %w", err)
	}
	err = s.read(ctx, func(tx *sql.Tx) error {
		var lastDoc, deletions int64
		if err := tx.StmtContext(ctx, st.lastDoc).QueryRowContext(ctx).Scan(&lastDoc, &deletions); err != nil {
			return err
		}
		s.index.mu.Lock()
		defer s.index.mu.Unlock()
		return s.index.sync(ctx, tx, lastDoc, deletions, s.phasesVersion.Load())
	})
	if err != nil {
		return fmt.Errorf("store: prepare search: %w", err)
	}
	return nil
}

// searchDocs returns the entries that the FTS5 query match finds in the
// snapshot of tx and that f keeps, one document each, in the order of the
// list: by bm25 (then the newest document) when the query matches at most
// rankLimit documents, each entry's best; newest first otherwise, each
// entry's newest matching document.
func (s *Store) searchDocs(ctx context.Context, tx *sql.Tx, st reviewStmts, match string, f workbook.ReviewFilter) ([]int64, error) {
	k := searchKey{match: match, runID: f.RunID, exercise: f.Exercise, phase: f.Phase,
		phasesVersion: s.phasesVersion.Load()}
	if err := tx.StmtContext(ctx, st.lastDoc).QueryRowContext(ctx).Scan(&k.lastDoc, &k.deletions); err != nil {
		return nil, err
	}
	if docs, ok := s.search.get(k); ok {
		return docs, nil
	}
	x := &s.index
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.sync(ctx, tx, k.lastDoc, k.deletions, k.phasesVersion); err != nil {
		return nil, err
	}
	keep := func(n int32) bool {
		e := &x.all[n]
		return (f.RunID == "" || e.runID == f.RunID) && (f.Phase == 0 || e.phase == f.Phase) &&
			(f.Exercise == "" || e.exercise == f.Exercise)
	}
	var n int
	var list *string
	if err := tx.QueryRowContext(ctx,
		`SELECT count(*), group_concat(rowid) FROM revision_text WHERE revision_text MATCH ?`,
		match).Scan(&n, &list); err != nil {
		return nil, err
	}
	var docs []int64
	var err error
	if n <= rankLimit {
		docs, err = rankedDocs(ctx, tx, match, x, keep)
	} else {
		docs, err = newestDocs(*list, x, keep)
	}
	if err != nil {
		return nil, err
	}
	s.search.put(k, docs)
	return docs, nil
}

// rankedDocs ranks the entries the query finds by bm25: for each, its best
// document (lowest bm25, then the newest); best first, then the newest.
func rankedDocs(ctx context.Context, tx *sql.Tx, match string, x *searchIndex, keep func(int32) bool) ([]int64, error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT rowid, bm25(revision_text) FROM revision_text WHERE revision_text MATCH ?`, match)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type hit struct {
		doc  int64
		rank float64
	}
	best := map[int32]int{} // entry → index in hits
	var hits []hit
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.doc, &h.rank); err != nil {
			return nil, err
		}
		e := x.entryOf(h.doc)
		if e < 0 {
			return nil, fmt.Errorf("search document %d not indexed", h.doc)
		}
		if !keep(e) {
			continue
		}
		if i, ok := best[e]; !ok {
			best[e] = len(hits)
			hits = append(hits, h)
		} else if h.rank < hits[i].rank || h.rank == hits[i].rank && h.doc > hits[i].doc {
			hits[i] = h
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(b.doc, a.doc))
	})
	docs := make([]int64, len(hits))
	for i, h := range hits {
		docs[i] = h.doc
	}
	return docs, nil
}

// newestDocs lists the entries of the documents in list (rowids joined by
// commas) newest first, as the review list does, each by its newest
// matching document.
func newestDocs(list string, x *searchIndex, keep func(int32) bool) ([]int64, error) {
	newest := make([]int64, len(x.all)) // by entry, its newest document; 0 for none
	for len(list) > 0 {
		var doc int64
		i := 0
		for ; i < len(list) && list[i] != ','; i++ {
			c := list[i]
			if c < '0' || c > '9' || doc > (1<<62)/10 {
				return nil, fmt.Errorf("search documents %.20q", list)
			}
			doc = doc*10 + int64(c-'0')
		}
		list = list[min(i+1, len(list)):]
		e := x.entryOf(doc)
		if e < 0 {
			return nil, fmt.Errorf("search document %d not indexed", doc)
		}
		newest[e] = max(newest[e], doc)
	}
	var docs []int64
	for _, e := range x.newestFirst() {
		if newest[e] != 0 && keep(e) {
			docs = append(docs, newest[e])
		}
	}
	return docs, nil
}
