package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
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
		t := workbook.StripMarks(v.value)
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

// queryWords are the words of text typed as a query: runs of word runes;
// everything else, FTS5 syntax included, only separates words.
func queryWords(typed string) []string {
	words := strings.FieldsFunc(workbook.StripMarks(typed), func(r rune) bool { return !workbook.IsWordRune(r) })
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

// countLimit is how many entries a broad search counts: past it, it says
// that there are more ("1,000+ matches") rather than read every matching
// document to count them (60,000 at 50,000 entries: most of the time a
// broad search took).
const countLimit = 1000

// walkLimit is the most documents a broad search reads the newest first,
// a row each (about 0.8 µs). When the entries it keeps come too slowly to
// reach the page and countLimit within it (a filter of few entries, or of
// old ones), it reads the older documents in one pass instead, their
// entries as one string (about 0.15 µs a document), and counts them all.
const walkLimit = 5000

// hit is an entry a search found (its rowid), the document it shows and
// that document's snippet.
type hit struct {
	entry, doc int64
	snippet    string
}

// hits is a page of a search: the hits, the number of entries found (with
// more, those counted: there are more) and whether they come best first.
type hits struct {
	page         []hit
	total        int
	more, ranked bool
}

// The queries of a search: the documents matching the FTS5 query :match,
// joined to search_docs s for their entries; CROSS JOIN keeps FTS5 the
// outer loop. newestQuery reads them the newest first (FTS5 reads them so:
// no sort), each with whether the filter keeps its entry (%s: a LEFT JOIN
// of entries e, so that each document counts towards rankLimit);
// olderQuery lists the entries and documents the filter keeps below
// :below as two strings, in the order FTS5 reads them (the oldest first,
// without ORDER BY); rankedHitsQuery lists them the best first;
// rankedPageQuery cuts the snippets of a page's documents.
const (
	searchJoin      = `FROM revision_text CROSS JOIN search_docs s ON s.doc = revision_text.rowid`
	searchMatch     = ` WHERE revision_text MATCH :match`
	searchFrom      = searchJoin + searchMatch
	newestQuery     = `SELECT s.entry, s.doc, %s ` + searchJoin + `%s` + searchMatch + `%s ORDER BY revision_text.rowid DESC`
	olderQuery      = `SELECT group_concat(s.entry), group_concat(s.doc) %s AND revision_text.rowid < :below`
	rankedHitsQuery = `SELECT s.entry, s.doc %s ORDER BY revision_text.rank, revision_text.rowid DESC`
	rankedPageQuery = `SELECT revision_text.rowid, ` + snippetCall + ` FROM revision_text
		WHERE revision_text MATCH :match AND revision_text.rowid BETWEEN :first AND :last
			AND +revision_text.rowid IN (SELECT value FROM json_each(:page))`
	snippetCall      = `snippet(revision_text, 0, :start, :end, '…', 16)`
	searchItemsQuery = `
	SELECT d.doc, e.id, e.run_id, (SELECT number FROM runs WHERE id = e.run_id), e.exercise, e.phase,
		e.date, v.saved_at, (SELECT count(*) FROM revisions WHERE entry_id = e.id), v.id
	FROM json_each(:page) j
	JOIN revision_docs d ON d.doc = j.value
	JOIN entries e ON e.id = d.entry_id
	JOIN revisions v ON v.id = d.revision_id`
)

// runRange narrows the documents of a search with a run filter to those
// between the run's first and last (migration 0010's index of
// search_docs by run): FTS5 reads that range only, instead of reading the
// other runs' documents for the filter to drop. The filter still decides.
const runRange = ` AND revision_text.rowid BETWEEN
	(SELECT min(doc) FROM search_docs WHERE run = (SELECT number FROM runs WHERE id = :run)) AND
	(SELECT max(doc) FROM search_docs WHERE run = (SELECT number FROM runs WHERE id = :run))`

// ranged is runRange when the filter f has a run, and its argument.
func ranged(f workbook.ReviewFilter) (string, []any) {
	if f.RunID == "" {
		return "", nil
	}
	return runRange, []any{sql.Named("run", f.RunID)}
}

// newestWalk is newestQuery with the filter f, and the filter's
// arguments, which come before :match.
func newestWalk(f workbook.ReviewFilter) (string, []any) {
	where, args := reviewWhere(f)
	if where == "" {
		return fmt.Sprintf(newestQuery, "1", "", ""), nil
	}
	rng, rargs := ranged(f)
	return fmt.Sprintf(newestQuery, "e.rowid IS NOT NULL", " LEFT JOIN entries e ON e.rowid = s.entry"+where, rng), append(args, rargs...)
}

// rankedFrom is searchFrom for the entries the filter f keeps, and the
// filter's arguments, which follow :match.
func rankedFrom(f workbook.ReviewFilter) (string, []any) {
	where, args := reviewWhere(f)
	if where == "" {
		return searchFrom, nil
	}
	rng, rargs := ranged(f)
	// The filter's ? before :run: database/sql binds a ? by its place
	// among all the arguments.
	return searchJoin + ` CROSS JOIN entries e ON e.rowid = s.entry` + searchMatch + where + rng, append(args, rargs...)
}

// searchQueries are the queries a search with the filter f may run.
func searchQueries(f workbook.ReviewFilter) []string {
	walk, _ := newestWalk(f)
	from, _ := rankedFrom(f)
	return []string{walk, fmt.Sprintf(olderQuery, from), fmt.Sprintf(rankedHitsQuery, from), rankedPageQuery, searchItemsQuery}
}

// marks are the arguments of snippetCall.
var marks = []any{sql.Named("start", workbook.MatchStart), sql.Named("end", workbook.MatchEnd)}

// searchHits returns a page of the search for the FTS5 query match among
// the entries the filter f keeps. It reads the matching documents the
// newest first, each entry once, by its newest document, and stops once it
// has the page and more than countLimit entries: a broad search costs its
// page and its count, not its every match (one FTS5 pass, and one for the
// page's snippets; each pass expands the query's last word, a prefix,
// again). When at most rankLimit documents match, it ranks them instead:
// each entry by its best document (lowest bm25, then the newest), the best
// first.
func searchHits(ctx context.Context, r reviewTx, match string, f workbook.ReviewFilter, offset, limit int) (hits, error) {
	want := max(offset+limit, countLimit) + 1 // the page, the count and one more
	found, docs, all, err := newestHits(ctx, r, match, f, want)
	if err != nil {
		return hits{}, err
	}
	res := hits{total: len(found)}
	switch {
	case docs <= rankLimit:
		res.ranked = true
		if found, err = rankedHits(ctx, r, match, f); err != nil {
			return hits{}, err
		}
		res.total = len(found)
	case !all:
		res.total, res.more = want-1, true
	}
	res.page = found[min(offset, res.total):min(offset+limit, res.total)]
	return res, addSnippets(ctx, r, match, res.page)
}

// newestHits reads the entries the filter f keeps of the documents
// matching match, each by its newest document, the newest first, until it
// has want of them. It returns them, the number of documents it read and
// whether it found all (else it has want). Up to rankLimit documents it
// reads on, whatever it has: the caller ranks a search of no more.
func newestHits(ctx context.Context, r reviewTx, match string, f workbook.ReviewFilter, want int) (found []hit, docs int, all bool, err error) {
	walk, args := newestWalk(f)
	st, err := r.stmt(ctx, walk)
	if err != nil {
		return nil, 0, false, err
	}
	rows, err := st.QueryContext(ctx, append(args, sql.Named("match", match))...)
	if err != nil {
		return nil, 0, false, err
	}
	defer rows.Close()
	var seen rowidSet
	var last int64
	all = true
	for rows.Next() {
		var h hit
		var keep bool
		if err := rows.Scan(&h.entry, &h.doc, &keep); err != nil {
			return nil, 0, false, err
		}
		docs, last = docs+1, h.doc
		if keep && seen.add(h.entry) {
			found = append(found, h)
		}
		// At this rate, want is out of walkLimit's reach: the rest in
		// one pass.
		if docs > rankLimit && (len(found) >= want || len(found)*walkLimit < want*docs) {
			all = false
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, false, err
	}
	if err := rows.Close(); err != nil {
		return nil, 0, false, err
	}
	if !all && len(found) < want {
		found, err = olderHits(ctx, r, match, f, last, &seen, found)
		all = true
	}
	return found, docs, all, err
}

// olderHits adds to found the entries the filter f keeps of the documents
// matching match below the document below, each by its newest, the
// newest first, but those in seen: all of them, in one pass.
func olderHits(ctx context.Context, r reviewTx, match string, f workbook.ReviewFilter, below int64, seen *rowidSet, found []hit) ([]hit, error) {
	from, args := rankedFrom(f)
	args = append(append([]any{sql.Named("match", match)}, args...), sql.Named("below", below))
	var entryList, docList []byte
	if err := r.queryRow(ctx, fmt.Sprintf(olderQuery, from), args...).Scan(&entryList, &docList); err != nil {
		return nil, err
	}
	entries, err := parseIDs(entryList, -1)
	if err != nil {
		return nil, err
	}
	docs, err := parseIDs(docList, len(entries))
	if err != nil {
		return nil, err
	}
	byDoc := make([]int, len(docs)) // positions, the oldest document first
	for i := range byDoc {
		byDoc[i] = i
	}
	if !slices.IsSorted(docs) { // FTS5 reads them in order; if it stops doing so
		slices.SortFunc(byDoc, func(a, b int) int { return cmp.Compare(docs[a], docs[b]) })
	}
	for _, i := range slices.Backward(byDoc) {
		if seen.add(entries[i]) {
			found = append(found, hit{entry: entries[i], doc: docs[i]})
		}
	}
	return found, nil
}

// rankedHits are the entries the filter f keeps of the documents matching
// match, each by its best document, the best first.
func rankedHits(ctx context.Context, r reviewTx, match string, f workbook.ReviewFilter) ([]hit, error) {
	from, args := rankedFrom(f)
	st, err := r.stmt(ctx, fmt.Sprintf(rankedHitsQuery, from))
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, append([]any{sql.Named("match", match)}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []hit
	var seen rowidSet
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.entry, &h.doc); err != nil {
			return nil, err
		}
		if seen.add(h.entry) {
			found = append(found, h)
		}
	}
	return found, rows.Err()
}

// addSnippets sets the snippet of each hit of page, cut from its document.
// FTS5 reads only the range of the page's documents, and the unary + keeps
// the IN a test of each row, so that snippet() runs only for the page.
func addSnippets(ctx context.Context, r reviewTx, match string, page []hit) error {
	if len(page) == 0 {
		return nil
	}
	docs := docsOf(page)
	st, err := r.stmt(ctx, rankedPageQuery)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, append([]any{sql.Named("match", match), sql.Named("first", slices.Min(docs)),
		sql.Named("last", slices.Max(docs)), sql.Named("page", jsonIDs(docs))}, marks...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	snippets := make(map[int64]string, len(page))
	for rows.Next() {
		var doc int64
		var snippet string
		if err := rows.Scan(&doc, &snippet); err != nil {
			return err
		}
		snippets[doc] = snippet
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range page {
		page[i].snippet = snippets[page[i].doc]
	}
	return nil
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

// reviewSearch is a page of a search and its count.
func reviewSearch(ctx context.Context, r reviewTx, f workbook.ReviewFilter, match string, offset, limit int) (workbook.ReviewPage, error) {
	res, err := searchHits(ctx, r, match, f, offset, limit)
	if err != nil {
		return workbook.ReviewPage{}, err
	}
	page := workbook.ReviewPage{Total: res.total, More: res.more, Ranked: res.ranked}
	if len(res.page) == 0 {
		return page, nil
	}
	st, err := r.stmt(ctx, searchItemsQuery)
	if err != nil {
		return workbook.ReviewPage{}, err
	}
	rows, err := st.QueryContext(ctx, sql.Named("page", jsonIDs(docsOf(res.page))))
	if err != nil {
		return workbook.ReviewPage{}, err
	}
	defer rows.Close()
	byDoc := make(map[int64]workbook.ReviewItem, len(res.page))
	revisionOf := make(map[int64]string, len(res.page))
	for rows.Next() {
		var it workbook.ReviewItem
		var doc int64
		var date, saved, revision string
		if err := rows.Scan(&doc, &it.EntryID, &it.RunID, &it.RunNumber, &it.Exercise, &it.Phase,
			&date, &saved, &it.Revisions, &revision); err != nil {
			return workbook.ReviewPage{}, err
		}
		if err := setItemTimes(&it, date, saved); err != nil {
			return workbook.ReviewPage{}, err
		}
		byDoc[doc], revisionOf[doc] = it, revision
	}
	if err := rows.Err(); err != nil {
		return workbook.ReviewPage{}, err
	}
	rows.Close()
	// The answers of the matching revisions, in one query: the screen
	// places the snippet's pieces in them (Exercise.SearchLine).
	revisions := slices.Collect(maps.Values(revisionOf))
	vals, err := readValues(ctx, r.tx, revisionValuesQuery, jsonStrings(revisions))
	if err != nil {
		return workbook.ReviewPage{}, err
	}
	page.Items = make([]workbook.ReviewItem, 0, len(res.page))
	for _, h := range res.page {
		it, ok := byDoc[h.doc]
		if !ok {
			return workbook.ReviewPage{}, fmt.Errorf("search document %d vanished", h.doc)
		}
		it.Snippet = cut(oneLine(h.snippet), snippetRunes)
		it.Answer = rowsAnswer(vals[revisionOf[h.doc]])
		page.Items = append(page.Items, it)
	}
	return page, nil
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
