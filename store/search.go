package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"autonomy/workbook"
)

// Full-text search: the documents of revision_text, the FTS5 query made of
// typed text, and the search itself. FTS5 finds the documents, ranks them
// (bm25) and cuts the snippets, matches marked; search_docs (migration
// 0009) gives each document's entry, so that a search counts and lists
// entries, each once.

// stripMarks removes the match marks from text, so that a snippet's marks
// are only those the search put there.
func stripMarks(s string) string {
	// Contains, not ContainsAny, which decodes every rune of s.
	if !strings.Contains(s, workbook.MatchStart) && !strings.Contains(s, workbook.MatchEnd) {
		return s
	}
	return strings.NewReplacer(workbook.MatchStart, "", workbook.MatchEnd, "").Replace(s)
}

// docText is a revision's document in revision_text: its values ordered by
// field and position, without the marks, empty ones left out, joined with
// newlines. Migration 0003 builds the same text in SQL.
func docText(vals []valueRow) string {
	sorted := vals
	if !slices.IsSortedFunc(vals, byFieldPosition) {
		sorted = slices.Clone(vals)
		sortValues(sorted)
	}
	n := 0
	for _, v := range sorted {
		n += len(v.value) + 1
	}
	var b strings.Builder
	b.Grow(n)
	for _, v := range sorted {
		t := stripMarks(v.value)
		if t == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(t)
	}
	return b.String()
}

// byFieldPosition orders a revision's values by field, then position.
func byFieldPosition(a, b valueRow) int {
	return cmp.Or(strings.Compare(a.field, b.field), cmp.Compare(a.position, b.position))
}

// sortValues sorts a revision's values by field, then position.
func sortValues(vals []valueRow) {
	if !slices.IsSortedFunc(vals, byFieldPosition) {
		slices.SortFunc(vals, byFieldPosition)
	}
}

// Queries.

// maxQueryWords bounds the words of a search; the rest are ignored.
const maxQueryWords = 16

// isWordRune reports whether r is part of a word of a query: letters,
// numbers, combining marks and private-use characters, the runes FTS5's
// unicode61 tokenizer keeps in its tokens (or, for marks, removes from
// them).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Mn, unicode.Co)
}

// queryWords are the words of text typed as a query: runs of word runes;
// everything else, FTS5 syntax included, only separates words.
func queryWords(typed string) []string {
	words := strings.FieldsFunc(stripMarks(typed), func(r rune) bool { return !isWordRune(r) })
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	return words
}

// ftsQuery turns text as typed into a safe FTS5 query: its words, each
// quoted, the last one a prefix, all required. It is "" when there is no
// word.
func ftsQuery(typed string) string {
	words := queryWords(typed)
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(w) // word runes only: no quote to escape
		b.WriteByte('"')
	}
	if len(words) > 0 {
		b.WriteByte('*')
	}
	return b.String()
}

// The search.

// rankLimit is the most documents a search ranks by bm25: ranking costs
// about 1.5 µs a document (90 ms for 60,000), and a query as typed ("m",
// "co") matches most of them.
const rankLimit = 1000

// hit is an entry a search found (its rowid), the document it shows and
// that document's snippet.
type hit struct {
	entry, doc int64
	snippet    string
}

// The queries of a search. searchFrom is every document matching the FTS5
// query :match, joined to search_docs s for its entry; CROSS JOIN keeps
// FTS5 the outer loop. allHitsQuery counts them and lists their entries,
// in the order FTS5 reads them (the oldest document first: FTS5's order
// without ORDER BY); rankedHitsQuery lists them the best first, of the
// entries a filter keeps (rankedFrom); newestHitsQuery the newest first
// (FTS5 reads them so: no sort), with the snippets of the entries of a
// page.
const (
	searchJoin      = `FROM revision_text CROSS JOIN search_docs s ON s.doc = revision_text.rowid`
	searchMatch     = ` WHERE revision_text MATCH :match`
	searchFrom      = searchJoin + searchMatch
	allHitsQuery    = `SELECT count(*), group_concat(s.entry) ` + searchFrom
	rankedHitsQuery = `SELECT s.entry, s.doc %s ORDER BY revision_text.rank, revision_text.rowid DESC`
	newestHitsQuery = `SELECT s.entry, s.doc, CASE WHEN s.entry IN (SELECT value FROM json_each(:page)) THEN ` +
		snippetCall + ` END ` + searchFrom + ` ORDER BY revision_text.rowid DESC LIMIT :rows`
	rankedPageQuery = `SELECT revision_text.rowid, ` + snippetCall + ` FROM revision_text
		WHERE revision_text MATCH :match AND revision_text.rowid BETWEEN :first AND :last
			AND +revision_text.rowid IN (SELECT value FROM json_each(:page))`
	snippetCall      = `snippet(revision_text, 0, :start, :end, '…', 16)`
	filterQuery      = `SELECT group_concat(e.rowid) FROM entries e WHERE 1%s`
	searchItemsQuery = `
	SELECT d.doc, e.id, e.run_id, (SELECT number FROM runs WHERE id = e.run_id), e.exercise, e.phase,
		e.date, v.saved_at, (SELECT count(*) FROM revisions WHERE entry_id = e.id)
	FROM json_each(:page) j
	JOIN revision_docs d ON d.doc = j.value
	JOIN entries e ON e.id = d.entry_id
	JOIN revisions v ON v.id = d.revision_id`
)

// rankedFrom is searchFrom for the entries the filter f keeps, and the
// filter's arguments, which follow :match.
func rankedFrom(f workbook.ReviewFilter) (string, []any) {
	where, args := reviewWhere(f)
	if where == "" {
		return searchFrom, nil
	}
	return searchJoin + ` CROSS JOIN entries e ON e.rowid = s.entry` + searchMatch + where, args
}

// searchQueries are the queries a search with the filter f may run.
func searchQueries(f workbook.ReviewFilter) []string {
	from, _ := rankedFrom(f)
	qs := []string{allHitsQuery, fmt.Sprintf(rankedHitsQuery, from), newestHitsQuery, rankedPageQuery, searchItemsQuery}
	if where, _ := reviewWhere(f); where != "" {
		qs = append(qs, fmt.Sprintf(filterQuery, where))
	}
	return qs
}

// marks are the arguments of snippetCall.
var marks = []any{sql.Named("start", workbook.MatchStart), sql.Named("end", workbook.MatchEnd)}

// searchHits returns the hits of a page of the search for the FTS5 query
// match, in the order of the list, and the number of entries found. When
// the query matches at most rankLimit documents, each entry is found by its
// best document (lowest bm25, then the newest) and the best come first;
// otherwise each by its newest matching document, the newest first.
//
// Each run of an FTS5 query costs the expansion of its prefix again (for
// "t*", the lists of thousands of words merged): a broad search runs it
// twice, once for all the matching documents and once for the newest, with
// the snippets of the page. The entries of all the documents come back as
// one string, numbers joined by commas, which costs less than as many rows,
// or than count(DISTINCT) in SQL; the filter keeps those of the entries it
// selects, which an index of entries lists, rather than a join of each
// document to its entry.
func searchHits(ctx context.Context, r reviewTx, match string, f workbook.ReviewFilter, offset, limit int) ([]hit, int, error) {
	var n int
	var list []byte
	if err := r.queryRow(ctx, allHitsQuery, sql.Named("match", match)).Scan(&n, &list); err != nil {
		return nil, 0, err
	}
	if n <= rankLimit {
		from, args := rankedFrom(f)
		return rankedHits(ctx, r, fmt.Sprintf(rankedHitsQuery, from), append([]any{sql.Named("match", match)}, args...), offset, limit)
	}
	entries, err := parseIDs(list, n)
	if err != nil {
		return nil, 0, err
	}
	var keep *rowidSet // nil: all
	if where, args := reviewWhere(f); where != "" {
		var list []byte
		if err := r.queryRow(ctx, fmt.Sprintf(filterQuery, where), args...).Scan(&list); err != nil {
			return nil, 0, err
		}
		ids, err := parseIDs(list, -1)
		if err != nil {
			return nil, 0, err
		}
		keep = &rowidSet{}
		for _, id := range ids {
			keep.add(id)
		}
	}
	// The entries found; those of the page, from the newest document, and
	// how many documents reach the page's last.
	var found, seen rowidSet
	total := 0
	for _, e := range entries {
		if (keep == nil || keep.has(e)) && found.add(e) {
			total++
		}
	}
	var page []int64
	rows, at := 0, 0
	for i := n - 1; i >= 0 && len(page) < limit; i-- {
		if e := entries[i]; (keep == nil || keep.has(e)) && seen.add(e) {
			if at++; at > offset {
				page = append(page, e)
				rows = n - i
			}
		}
	}
	if len(page) == 0 {
		return nil, total, nil
	}
	st, err := r.stmt(ctx, newestHitsQuery)
	if err != nil {
		return nil, 0, err
	}
	newest, err := st.QueryContext(ctx, append([]any{sql.Named("match", match), sql.Named("page", jsonIDs(page)),
		sql.Named("rows", rows)}, marks...)...)
	if err != nil {
		return nil, 0, err
	}
	defer newest.Close()
	byEntry := make(map[int64]hit, len(page))
	for newest.Next() {
		var h hit
		var snippet sql.NullString
		if err := newest.Scan(&h.entry, &h.doc, &snippet); err != nil {
			return nil, 0, err
		}
		if _, ok := byEntry[h.entry]; !ok && snippet.Valid {
			h.snippet = snippet.String
			byEntry[h.entry] = h
		}
	}
	if err := newest.Err(); err != nil {
		return nil, 0, err
	}
	hits := make([]hit, 0, len(page))
	for _, e := range page {
		h, ok := byEntry[e]
		if !ok {
			return nil, 0, fmt.Errorf("search entry %d vanished", e)
		}
		hits = append(hits, h)
	}
	return hits, total, nil
}

// rankedHits is the page of the search whose (entry, document) rows query
// returns, the best first: each entry by its first, with its snippet.
func rankedHits(ctx context.Context, r reviewTx, query string, args []any, offset, limit int) ([]hit, int, error) {
	st, err := r.stmt(ctx, query)
	if err != nil {
		return nil, 0, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var hits []hit
	var seen rowidSet
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.entry, &h.doc); err != nil {
			return nil, 0, err
		}
		if seen.add(h.entry) {
			hits = append(hits, h)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	total := len(hits)
	hits = hits[min(offset, total):min(offset+limit, total)]
	if len(hits) == 0 {
		return nil, total, nil
	}
	// The snippets: FTS5 reads only the range of the page's documents, and
	// the unary + keeps the IN a test of each row, so that snippet() runs
	// only for the page.
	docs := docsOf(hits)
	st, err = r.stmt(ctx, rankedPageQuery)
	if err != nil {
		return nil, 0, err
	}
	snips, err := st.QueryContext(ctx, append([]any{args[0], sql.Named("first", slices.Min(docs)), sql.Named("last", slices.Max(docs)),
		sql.Named("page", jsonIDs(docs))}, marks...)...)
	if err != nil {
		return nil, 0, err
	}
	defer snips.Close()
	snippets := make(map[int64]string, len(hits))
	for snips.Next() {
		var doc int64
		var snippet string
		if err := snips.Scan(&doc, &snippet); err != nil {
			return nil, 0, err
		}
		snippets[doc] = snippet
	}
	if err := snips.Err(); err != nil {
		return nil, 0, err
	}
	for i := range hits {
		hits[i].snippet = snippets[hits[i].doc]
	}
	return hits, total, nil
}

// docsOf is the documents of hits.
func docsOf(hits []hit) []int64 {
	docs := make([]int64, len(hits))
	for i, h := range hits {
		docs[i] = h.doc
	}
	return docs
}

// jsonIDs is ids as a JSON array, for json_each.
func jsonIDs(ids []int64) string {
	b := []byte{'['}
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// parseIDs reads non-negative integers joined by commas, n of them (n < 0:
// any number).
func parseIDs(list []byte, n int) ([]int64, error) {
	ids := make([]int64, 0, max(n, 0))
	for len(list) > 0 {
		num, rest, _ := bytes.Cut(list, []byte(","))
		list = rest
		var id int64
		if len(num) == 0 {
			return nil, fmt.Errorf("search list %.20q", list)
		}
		for _, c := range num {
			if c < '0' || c > '9' || id > 1<<58 {
				return nil, fmt.Errorf("search list %.20q", num)
			}
			id = id*10 + int64(c-'0')
		}
		ids = append(ids, id)
	}
	if n >= 0 && len(ids) != n {
		return nil, fmt.Errorf("search list of %d numbers, want %d", len(ids), n)
	}
	return ids, nil
}

// rowidSet is a set of entries' rowids, which are small and dense: a bit
// each, and a map for the rare large one (a row inserted by hand).
type rowidSet struct {
	bits  []uint64
	large map[int64]bool
}

// add adds id and reports whether it was new.
func (s *rowidSet) add(id int64) bool {
	if id < 0 || id >= 1<<24 {
		if s.large[id] {
			return false
		}
		if s.large == nil {
			s.large = map[int64]bool{}
		}
		s.large[id] = true
		return true
	}
	w, bit := int(id/64), uint64(1)<<(id%64)
	if w >= len(s.bits) {
		s.bits = slices.Grow(s.bits, w+1-len(s.bits))[:w+1]
	}
	if s.bits[w]&bit != 0 {
		return false
	}
	s.bits[w] |= bit
	return true
}

func (s *rowidSet) has(id int64) bool {
	if id < 0 || id >= 1<<24 {
		return s.large[id]
	}
	w := int(id / 64)
	return w < len(s.bits) && s.bits[w]&(1<<(id%64)) != 0
}

// reviewSearch is a page of a search and its total.
func reviewSearch(ctx context.Context, r reviewTx, f workbook.ReviewFilter, match string, offset, limit int) ([]workbook.ReviewItem, int, error) {
	hits, total, err := searchHits(ctx, r, match, f, offset, limit)
	if err != nil || len(hits) == 0 {
		return nil, total, err
	}
	docs := docsOf(hits)
	st, err := r.stmt(ctx, searchItemsQuery)
	if err != nil {
		return nil, 0, err
	}
	rows, err := st.QueryContext(ctx, sql.Named("page", jsonIDs(docs)))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	byDoc := make(map[int64]workbook.ReviewItem, len(hits))
	for rows.Next() {
		var it workbook.ReviewItem
		var doc int64
		var date, saved string
		if err := rows.Scan(&doc, &it.EntryID, &it.RunID, &it.RunNumber, &it.Exercise, &it.Phase,
			&date, &saved, &it.Revisions); err != nil {
			return nil, 0, err
		}
		if err := setItemTimes(&it, date, saved); err != nil {
			return nil, 0, err
		}
		byDoc[doc] = it
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	items := make([]workbook.ReviewItem, 0, len(hits))
	for _, h := range hits {
		it, ok := byDoc[h.doc]
		if !ok {
			return nil, 0, fmt.Errorf("search document %d vanished", h.doc)
		}
		it.Snippet = cut(oneLine(h.snippet), snippetRunes)
		items = append(items, it)
	}
	return items, total, nil
}

// Snippets.

// lineSep joins the lines of a text shown on one line.
const lineSep = " · "

// snippetRunes is about the longest snippet.
const snippetRunes = 200

// oneLine puts text on one line: each line's runs of white space become
// one space, empty lines go, and the lines are joined with lineSep.
func oneLine(text string) string {
	return oneLineN(text, -1)
}

// oneLineN is oneLine(text) cut as cut(…, n) would, for n >= 1; it reads
// only as much of text as it needs. n < 0: no cut.
func oneLineN(text string, n int) string {
	b := make([]byte, 0, min(len(text), 4*max(n, 0)+8))
	space, newline := false, false // separators seen since the last rune kept
	runes := 0
	for i, r := range text {
		switch {
		case r == '\n':
			newline = true
			continue
		case r == ' ' || r == '\t' || r == '\r' || r >= utf8.RuneSelf && unicode.IsSpace(r) || r == '\v' || r == '\f':
			space = true
			continue
		}
		if len(b) > 0 {
			if newline {
				b = append(b, lineSep...)
				runes += utf8.RuneCountInString(lineSep)
			} else if space {
				b = append(b, ' ')
				runes++
			}
		}
		space, newline = false, false
		if n >= 0 && runes >= n {
			return cut(string(b)+text[i:], n)
		}
		b = utf8.AppendRune(b, r)
		runes++
	}
	return string(b)
}

// cut shortens s to at most n runes, ending it with "…" when cut, and
// closes a match mark the cut left open.
func cut(s string, n int) string {
	i, runes := 0, 0
	for i < len(s) && runes < n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		runes++
	}
	if i == len(s) {
		return s
	}
	// One rune less, for the ellipsis.
	_, size := utf8.DecodeLastRuneInString(s[:i])
	s = strings.TrimRight(s[:i-size], " ·")
	if strings.LastIndex(s, workbook.MatchStart) > strings.LastIndex(s, workbook.MatchEnd) {
		s += workbook.MatchEnd
	}
	return s + "…"
}
