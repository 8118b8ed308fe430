package workbook

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Match is one occurrence of a search query in the guide.
type Match struct {
	Section    string // Section.ID
	Block      int    // index into the section's Blocks
	Start, End int    // byte offsets of the occurrence in Block.Text
}

// Search finds every occurrence of query (surrounding spaces ignored) in
// the text of the guide's blocks, ignoring case, in guide order.
// Occurrences do not overlap. Case folding is done rune by rune with Unicode
// simple folding, so offsets are right for any text ("É" finds "é", "k"
// finds the Kelvin sign). An empty query finds nothing.
func (w *Workbook) Search(query string) []Match {
	query = strings.TrimSpace(query)
	if w == nil || query == "" {
		return nil
	}
	q := []rune(query)
	var out []Match
	for _, s := range w.Sections {
		for bi, b := range s.Blocks {
			text := b.Text
			for i := 0; i < len(text); {
				if end, ok := matchAt(text, i, q); ok {
					out = append(out, Match{Section: s.ID, Block: bi, Start: i, End: end})
					i = end
					continue
				}
				_, size := utf8.DecodeRuneInString(text[i:])
				i += size
			}
		}
	}
	return out
}

// matchAt reports whether q matches text at byte offset i, ignoring case,
// and where the match ends.
func matchAt(text string, i int, q []rune) (int, bool) {
	for _, qr := range q {
		if i >= len(text) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !equalFold(r, qr) {
			return 0, false
		}
		i += size
	}
	return i, true
}

// equalFold reports whether a and b are the same rune under Unicode simple
// case folding.
func equalFold(a, b rune) bool {
	if a == b {
		return true
	}
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		return a == b
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}
