package workbook

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SearchLine writes a search's snippet of the answer a of ex in the
// exercise's words, as its summary does. The snippet is what the store
// cut from the matched revision's text: its lines joined with SummarySep,
// the matched words between MatchStart and MatchEnd, "…" where it is cut.
// Its text lists the values in the store's order (by field id), bare; here
// each piece goes to the field whose value holds it, in the form's order,
// the first piece of a field after the field's short name when it has one
// ("failed: …"). A choice, a number or a date shows only when it matched,
// as its label says it ("ownership shaky", a stress flag as the summary
// says it, and not when it is down): bare, "no" or "48" says
// nothing; so does a lone word of a later field without a short name
// ("h"). A value two choices share goes to the first not yet given one.
// A piece no field holds (the answer changed since) stays, last.
func (ex Exercise) SearchLine(a Answer, snippet string) string {
	type piece struct {
		text         string
		field, order int // the field's place in the form, then the piece's in the value
		f            *Field
	}
	var pieces []piece
	claimed := map[string]bool{} // a choice, number or date holds one piece
	for i, text := range strings.Split(snippet, SummarySep) {
		p := piece{text: text, field: len(ex.Fields), order: i}
		plain := strings.Trim(StripMarks(text), "… ")
		if plain == "" {
			continue
		}
		// A value that is the piece, then one that holds it as words.
		for _, whole := range []bool{true, false} {
			if fi, order, ok := ex.holder(a, plain, whole, claimed); ok {
				p.field, p.order, p.f = fi, order<<16|i, &ex.Fields[fi]
				break
			}
		}
		pieces = append(pieces, p)
	}
	slices.SortStableFunc(pieces, func(x, y piece) int {
		return cmp.Or(cmp.Compare(x.field, y.field), cmp.Compare(x.order, y.order))
	})
	var out []string
	labelled := map[string]bool{}
	for _, p := range pieces {
		text := p.text
		if f := p.f; f != nil {
			switch f.Kind {
			case FieldChoice, FieldNumber, FieldDate:
				if !strings.Contains(text, MatchStart) {
					continue
				}
				v := strings.TrimSpace(a.Fields[f.ID])
				switch {
				case f.Role != FieldRoleStress:
					text = MatchStart + named(*f, v) + MatchEnd
				case v == Yes: // as the summary says it
					text = MatchStart + stressFlagged + MatchEnd
				default:
					continue
				}
			default:
				// Context, not a match: only words that say something.
				if !strings.Contains(text, MatchStart) && f.Short == "" && p.field > 0 && len(strings.Fields(text)) < 2 {
					continue
				}
				if f.Kind != FieldList && f.Short != "" && !labelled[f.ID] {
					text = f.Short + ": " + text
				}
			}
			labelled[f.ID] = true
		}
		out = append(out, text)
	}
	return strings.Join(out, SummarySep)
}

// holder finds the field of ex whose value in a is plain (whole) or holds
// it as words, in the form's order, and the list item's place; a choice,
// number or date only as a whole, and only once (claimed).
func (ex Exercise) holder(a Answer, plain string, whole bool, claimed map[string]bool) (field, item int, ok bool) {
	match := func(v string) bool {
		v = oneSpaced(v)
		if whole {
			return v == plain
		}
		return containsWords(v, plain)
	}
	for fi, f := range ex.Fields {
		switch f.Kind {
		case FieldList:
			for ii, it := range a.Lists[f.ID] {
				if match(it.Text) {
					return fi, ii, true
				}
			}
		case FieldChoice, FieldNumber, FieldDate:
			if whole && !claimed[f.ID] && match(a.Fields[f.ID]) {
				claimed[f.ID] = true
				return fi, 0, true
			}
		default:
			if match(a.Fields[f.ID]) {
				return fi, 0, true
			}
		}
	}
	return 0, 0, false
}

// containsWords reports whether s holds sub where neither touches a letter
// or digit of s around it: "no" is not in "notes".
func containsWords(s, sub string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(sub)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (start == 0 || !IsWordRune(before)) && (end == len(s) || !IsWordRune(after)) {
			return true
		}
		i = start + 1
	}
}

// IsWordRune reports whether r is part of a word as a search sees it:
// letters, numbers, combining marks and private-use characters, the runes
// FTS5's unicode61 tokenizer keeps in its tokens (or, for marks, removes
// from them).
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Mn, unicode.Co)
}

// StripMarks is text without the match marks, so that a snippet's marks
// are only those a search put there.
func StripMarks(text string) string {
	// Contains, not ContainsAny, which decodes every rune of text.
	if !strings.Contains(text, MatchStart) && !strings.Contains(text, MatchEnd) {
		return text
	}
	return strings.NewReplacer(MatchStart, "", MatchEnd, "").Replace(text)
}

// oneSpaced is text with each run of white space, line breaks included,
// one space: as a snippet shows it.
func oneSpaced(text string) string {
	return strings.Join(strings.Fields(text), " ")
}
