package store

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"autonomy/workbook"
)

// Full-text search: the documents of revision_text, the FTS5 query made of
// typed text, and the marking of matched words in Go (FTS5's snippet()
// would rebuild the doclist of a prefix once per row of the page).

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

// Tokens, as FTS5's unicode61 tokenizer with remove_diacritics 2 sees them.

// isTokenRune reports whether r is part of a word: letters, numbers,
// private-use characters, and the combining diacritics unicode61 removes.
func isTokenRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r) || isDiacritic(r)
}

// isDiacritic reports whether r is a combining mark unicode61 removes from
// words with remove_diacritics 2.
func isDiacritic(r rune) bool {
	switch {
	case 0x300 <= r && r <= 0x304, 0x306 <= r && r <= 0x30c, r == 0x30f, r == 0x311, r == 0x31b,
		0x323 <= r && r <= 0x328, r == 0x32d, r == 0x32e, r == 0x330, r == 0x331:
		return true
	}
	return false
}

// The letters unicode61 with remove_diacritics 2 folds to a base letter
// (those of U+00C0 to U+024F; TestFoldAsFTS5 compares with SQLite), and
// that letter.
const (
	diacriticFrom = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ"
	diacriticTo   = "aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzsoouuaaiioouuuuuuuuuuaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyy"
)

var diacritics = sync.OnceValue(func() map[rune]rune {
	m := make(map[rune]rune, len(diacriticTo))
	to := []rune(diacriticTo)
	for i, r := range []rune(diacriticFrom) {
		m[r] = to[i]
	}
	return m
})

// fold appends the folded form of a token rune to b: lower case, without
// the diacritics unicode61 removes; a combining diacritic folds to nothing.
func fold(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	if isDiacritic(r) {
		return b
	}
	if base, ok := diacritics()[r]; ok {
		return append(b, byte(base))
	}
	if f, ok := variants[r]; ok {
		return utf8.AppendRune(b, f)
	}
	return utf8.AppendRune(b, unicode.ToLower(r))
}

// variants are the letters unicode61 folds to another lower-case letter.
var variants = map[rune]rune{
	'µ': 'μ', 'ς': 'σ', 'ϐ': 'β', 'ϑ': 'θ', 'ϕ': 'φ', 'ϖ': 'π', 'ϰ': 'κ', 'ϱ': 'ρ', 'ϵ': 'ε',
}

// token is a word of a text: its bytes text[start:end] and its folded form.
type token struct {
	start, end int
	folded     string
}

func tokens(text string) []token {
	var toks []token
	var ends []int // of each token's folded form in buf
	buf := make([]byte, 0, len(text))
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r < utf8.RuneSelf && !isASCIIWord(byte(r)) || r >= utf8.RuneSelf && !isTokenRune(r) {
			i += size
			continue
		}
		start, from := i, len(buf)
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if r < utf8.RuneSelf && !isASCIIWord(byte(r)) || r >= utf8.RuneSelf && !isTokenRune(r) {
				break
			}
			buf = fold(buf, r)
			i += size
		}
		if len(buf) > from {
			toks = append(toks, token{start: start, end: i})
			ends = append(ends, len(buf))
		}
	}
	folded, from := string(buf), 0 // one string for all
	for i := range toks {
		toks[i].folded = folded[from:ends[i]]
		from = ends[i]
	}
	return toks
}

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// Queries.

// maxQueryWords bounds the words of a search; the rest are ignored.
const maxQueryWords = 16

// queryWords are the words of text typed as a query: runs of token runes;
// everything else, FTS5 syntax included, only separates words.
func queryWords(typed string) []string {
	words := strings.FieldsFunc(stripMarks(typed), func(r rune) bool { return !isTokenRune(r) })
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
		b.WriteString(w) // token runes only: no quote to escape
		b.WriteByte('"')
	}
	if len(words) > 0 {
		b.WriteByte('*')
	}
	return b.String()
}

// matcher tells the words of a text that a query matches: equal to one of
// its words once folded, or beginning with its last word.
type matcher struct {
	words []string // folded; the last one a prefix
}

func newMatcher(query string) matcher {
	var m matcher
	for _, w := range queryWords(query) {
		var b []byte
		for _, r := range w {
			b = fold(b, r)
		}
		if len(b) > 0 {
			m.words = append(m.words, string(b))
		}
	}
	return m
}

// match returns the index of the query word tok matches, or -1.
func (m matcher) match(tok string) int {
	for i, w := range m.words {
		if tok == w || i == len(m.words)-1 && strings.HasPrefix(tok, w) {
			return i
		}
	}
	return -1
}

// Highlight returns text with every word that query matches, as the
// review's search matches it, between workbook.MatchStart and MatchEnd;
// marks already in text are removed. The review screen uses it to show
// the matches in an opened entry.
func Highlight(text, query string) string {
	text = stripMarks(text)
	m := newMatcher(query)
	if len(m.words) == 0 {
		return text
	}
	return mark(text, tokens(text), m, 0, len(text))
}

// mark returns text[from:to] with the matched tokens among toks wrapped in
// the marks.
func mark(text string, toks []token, m matcher, from, to int) string {
	var b strings.Builder
	at := from
	for _, t := range toks {
		if t.start < from || t.end > to || m.match(t.folded) < 0 {
			continue
		}
		b.WriteString(text[at:t.start])
		b.WriteString(workbook.MatchStart)
		b.WriteString(text[t.start:t.end])
		b.WriteString(workbook.MatchEnd)
		at = t.end
	}
	b.WriteString(text[at:to])
	return b.String()
}

// snippetTokens is about how many words a search's snippet shows.
const snippetTokens = 16

// snippet is the part of a search document to show in the list: the
// snippetTokens words with the most different query words, then the most
// matches, the matches marked, on one line, "…" where text was left out.
func snippet(text, query string) string {
	m := newMatcher(query)
	toks := tokens(text)
	hits := make([]int, len(toks)) // query word index + 1, 0 for none
	var starts []int
	for i, t := range toks {
		if w := m.match(t.folded); w >= 0 {
			hits[i] = w + 1
			for _, s := range []int{i - 2, i} { // a little before, or from the match on
				starts = append(starts, max(0, min(s, len(toks)-snippetTokens)))
			}
		}
	}
	if len(starts) == 0 {
		return cut(oneLine(text), snippetRunes)
	}
	best, bestScore := 0, -1
	seen := make([]bool, len(m.words)+1)
	for _, s := range starts {
		clear(seen)
		score := 0
		for _, h := range hits[s:min(s+snippetTokens, len(toks))] {
			if h > 0 {
				if !seen[h] {
					seen[h] = true
					score += 1000
				}
				score++
			}
		}
		if score > bestScore {
			best, bestScore = s, score
		}
	}
	end := min(best+snippetTokens, len(toks))
	from, to := 0, len(text)
	if best > 0 {
		from = toks[best].start
	}
	if end < len(toks) {
		to = toks[end-1].end
	}
	s := oneLine(mark(text, toks, m, from, to))
	if from > 0 {
		s = "…" + s
	}
	if to < len(text) {
		s += "…"
	}
	return cut(s, snippetRunes)
}

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
