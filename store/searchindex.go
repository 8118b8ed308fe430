package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// A search finds the matching documents with FTS5 and groups them by entry
// in Go. Ranking every match with bm25 costs microseconds per document,
// and a query as typed ("m", "co") matches most of them: a search whose
// documents are at most rankLimit is ranked by bm25 (best first), a
// broader one lists its entries newest first, as the review list does.
// The documents' entries and the entries' filter fields come from
// searchIndex, a copy in memory kept up to date by the documents added,
// and the hits of the last search are kept for the pages that follow.

// rankLimit is the most documents a search ranks by bm25.
const rankLimit = 1000

// searchEntry is what a search needs of an entry.
type searchEntry struct {
	id, runID, exercise string
	phase               int
	saved               int64 // save time of the current revision, Unix ns
	n                   int   // index in searchIndex.all
}

// searchHit is an entry a search found, with its best-matching revision's
// document: the best by bm25, or for a broad search the newest.
type searchHit struct {
	entry *searchEntry // a copy, as of the search
	doc   int64
	rank  float64
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
type searchIndex struct {
	mu            sync.Mutex
	lastDoc       int64
	deletions     int64
	phasesVersion uint64
	docEntry      []*searchEntry // by document; nil for none
	entries       map[string]*searchEntry
	all           []*searchEntry
}

// sync brings the index up to the snapshot of tx, whose last document is
// lastDoc and count of delete transactions deletions, and returns the entry of every document in it. It never goes
// back: a newer copy serves an older snapshot, whose documents it holds.
// The caller holds x.mu, and must while it uses the entries.
func (x *searchIndex) sync(ctx context.Context, tx *sql.Tx, lastDoc, deletions int64, phasesVersion uint64) ([]*searchEntry, error) {
	full := x.entries == nil || x.phasesVersion != phasesVersion || x.deletions != deletions
	if !full && lastDoc <= x.lastDoc {
		return x.docEntry, nil
	}
	from := x.lastDoc
	if full {
		from = 0
		x.docEntry, x.entries, x.all = nil, map[string]*searchEntry{}, nil
	}
	// The entries of the new documents, new or changed; then the documents.
	rows, err := tx.QueryContext(ctx, `
		SELECT id, run_id, exercise, phase, saved_at FROM entries
		WHERE id IN (SELECT entry_id FROM revision_docs WHERE doc > ? AND doc <= ?)`, from, lastDoc)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e searchEntry
		var saved *string
		if err := rows.Scan(&e.id, &e.runID, &e.exercise, &e.phase, &saved); err != nil {
			return nil, err
		}
		if saved != nil {
			t, err := parseTime(*saved)
			if err != nil {
				return nil, err
			}
			e.saved = t.UnixNano()
		}
		if old, ok := x.entries[e.id]; ok {
			e.n = old.n
			*old = e
		} else {
			e.n = len(x.all)
			x.entries[e.id] = &e
			x.all = append(x.all, &e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT doc, entry_id FROM revision_docs WHERE doc > ? AND doc <= ?`, from, lastDoc)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var doc int64
		var entryID string
		if err := rows.Scan(&doc, &entryID); err != nil {
			return nil, err
		}
		e, ok := x.entries[entryID]
		if !ok || doc < 0 || doc > lastDoc {
			return nil, fmt.Errorf("search document %d of entry %q", doc, entryID)
		}
		if int(doc) >= len(x.docEntry) {
			x.docEntry = slices.Grow(x.docEntry, int(lastDoc)+1-len(x.docEntry))[:lastDoc+1]
		}
		x.docEntry[doc] = e
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	x.lastDoc, x.deletions, x.phasesVersion = lastDoc, deletions, phasesVersion
	return x.docEntry, nil
}

// searchCache keeps the hits of the last search.
type searchCache struct {
	mu    sync.Mutex
	key   searchKey
	valid bool
	hits  []searchHit
}

type searchKey struct {
	match         string
	lastDoc       int64
	deletions     int64
	phasesVersion uint64
}

func (c *searchCache) get(k searchKey) ([]searchHit, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid || c.key != k {
		return nil, false
	}
	return c.hits, true
}

func (c *searchCache) put(k searchKey, hits []searchHit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.key, c.hits, c.valid = k, hits, true
}

// searchHits returns the entries that the FTS5 query match finds in the
// snapshot of tx, in the order of the list: by bm25 (then the newest
// document) when they have at most rankLimit matching documents, newest
// first otherwise.
func (s *Store) searchHits(ctx context.Context, tx *sql.Tx, st reviewStmts, match string) ([]searchHit, error) {
	k := searchKey{match: match, phasesVersion: s.phasesVersion.Load()}
	if err := tx.StmtContext(ctx, st.lastDoc).QueryRowContext(ctx).Scan(&k.lastDoc, &k.deletions); err != nil {
		return nil, err
	}
	if hits, ok := s.search.get(k); ok {
		return hits, nil
	}
	s.index.mu.Lock()
	defer s.index.mu.Unlock()
	docEntry, err := s.index.sync(ctx, tx, k.lastDoc, k.deletions, k.phasesVersion)
	if err != nil {
		return nil, err
	}
	var n int
	var list *string
	if err := tx.QueryRowContext(ctx,
		`SELECT count(*), group_concat(rowid) FROM revision_text WHERE revision_text MATCH ?`,
		match).Scan(&n, &list); err != nil {
		return nil, err
	}
	var hits []searchHit
	if n <= rankLimit {
		hits, err = rankedHits(ctx, tx, match, docEntry)
	} else {
		hits, err = newestHits(*list, docEntry, len(s.index.all))
	}
	if err != nil {
		return nil, err
	}
	copies := make([]searchEntry, len(hits)) // the index's entries change with the next sync
	for i := range hits {
		copies[i] = *hits[i].entry
		hits[i].entry = &copies[i]
	}
	s.search.put(k, hits)
	return hits, nil
}

// rankedHits ranks the entries the query finds by bm25: for each, its best
// document (lowest bm25, then the newest); best first, then the newest.
func rankedHits(ctx context.Context, tx *sql.Tx, match string, docEntry []*searchEntry) ([]searchHit, error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT rowid, bm25(revision_text) FROM revision_text WHERE revision_text MATCH ?`, match)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	best := map[*searchEntry]int{}
	var hits []searchHit
	for rows.Next() {
		var h searchHit
		if err := rows.Scan(&h.doc, &h.rank); err != nil {
			return nil, err
		}
		if h.entry = entryOf(docEntry, h.doc); h.entry == nil {
			return nil, fmt.Errorf("search document %d not indexed", h.doc)
		}
		if i, ok := best[h.entry]; !ok {
			best[h.entry] = len(hits)
			hits = append(hits, h)
		} else if h.rank < hits[i].rank || h.rank == hits[i].rank && h.doc > hits[i].doc {
			hits[i] = h
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(hits, func(a, b searchHit) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(b.doc, a.doc))
	})
	return hits, nil
}

// entryOf is the entry of a document, or nil.
func entryOf(docEntry []*searchEntry, doc int64) *searchEntry {
	if doc < 0 || doc >= int64(len(docEntry)) {
		return nil
	}
	return docEntry[doc]
}

// newestHits lists the entries of the documents in list (rowids joined by
// commas) newest first, as the review list does, each with its newest
// matching document. entries is the number of entries of the index.
func newestHits(list string, docEntry []*searchEntry, entries int) ([]searchHit, error) {
	at := make([]int32, entries) // entry → index in hits + 1
	var hits []searchHit
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
		e := entryOf(docEntry, doc)
		if e == nil {
			return nil, fmt.Errorf("search document %d not indexed", doc)
		}
		if j := at[e.n]; j == 0 {
			hits = append(hits, searchHit{entry: e, doc: doc})
			at[e.n] = int32(len(hits))
		} else if doc > hits[j-1].doc {
			hits[j-1].doc = doc
		}
	}
	slices.SortFunc(hits, func(a, b searchHit) int {
		if c := cmp.Compare(b.entry.saved, a.entry.saved); c != 0 {
			return c
		}
		return strings.Compare(b.entry.id, a.entry.id)
	})
	return hits, nil
}
