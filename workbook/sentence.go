package workbook

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsOneSentence reports whether s (surrounding spaces ignored) is a single
// sentence, the rule of a field with one_sentence: no line break, and no
// sentence end followed by more text.
//
// A sentence ends at ".", "!", "?", "…" or "..." (with any closing quotes
// or brackets after it) followed by a space, or at the CJK "。", "！", "？"
// with or without one. These do not end a sentence:
//
//   - a "." without a space after it: decimals and versions ("3.4", "v2.1"),
//     addresses ("example.com");
//   - the "." of an abbreviation: "e.g.", "i.e.", "etc.", "vs.", "cf.",
//     titles ("Dr."), months ("Nov.") and dotted ones ("U.S.", "a.m.");
//   - the "." of an initial, one capital letter, unless the next word is
//     one that often opens a sentence ("J. Smith", but "plan B. Then");
//   - an ellipsis followed by a lower-case word ("mostly… but not always").
//
// So "I own the release, e.g. the notes and the tags." is one sentence, and
// "I own X. I also own Y." is two. A sentence that ends with an
// abbreviation and is followed by another ("… etc. Then …") counts as one:
// the rule is there to help, and refusing a real sentence would not.
func IsOneSentence(s string) bool {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "\r\n") {
		return false
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isTerminator(r) {
			i += size
			continue
		}
		start := i
		i += size
		cjk := isCJKTerminator(r)
		// The whole run of end punctuation and closers: "?!", ".)", "。」".
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isTerminator(r) && !strings.ContainsRune(closers, r) {
				break
			}
			cjk = cjk || isCJKTerminator(r)
			i += size
		}
		rest := s[i:]
		if strings.TrimSpace(rest) == "" {
			return true // the end
		}
		next, _ := utf8.DecodeRuneInString(rest)
		if !cjk && !unicode.IsSpace(next) {
			continue // "3.4", "v2.1", "e.g.this"
		}
		if !cjk && continues(s[:start], s[start:i], strings.TrimLeftFunc(rest, unicode.IsSpace)) {
			continue
		}
		return false
	}
	return true
}

// closers may follow a sentence's end punctuation.
const closers = "\"')]}’”»」』）】"

func isTerminator(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '…' || isCJKTerminator(r)
}

func isCJKTerminator(r rune) bool {
	return r == '。' || r == '！' || r == '？' || r == '｡'
}

// continues reports whether the end punctuation punct, between before and
// after (which starts with the next word), does not end the sentence.
func continues(before, punct, after string) bool {
	mark := strings.TrimRight(punct, closers)
	if mark == "…" || mark == "..." {
		next, _ := utf8.DecodeRuneInString(after)
		return unicode.IsLower(next)
	}
	if mark != "." {
		return false
	}
	// The word before the ".": letters, digits and inner dots ("e.g").
	start := len(before)
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(before[:start])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' {
			break
		}
		start -= size
	}
	word := strings.Trim(before[start:], ".")
	if isInitial(word) {
		// "Ask J. Smith", but not "I own X. I also own Y.".
		return !opensSentence(after)
	}
	return isAbbreviation(word)
}

// isInitial reports whether word is one capital letter.
func isInitial(word string) bool {
	r, size := utf8.DecodeRuneInString(word)
	return size > 0 && size == len(word) && unicode.IsUpper(r)
}

// openers are words that often open an English sentence: after an
// initial, they say the "." ended one.
var openers = map[string]bool{
	"i": true, "a": true, "an": true, "the": true, "we": true, "it": true, "this": true, "that": true,
	"these": true, "those": true, "my": true, "our": true, "and": true, "but": true, "so": true,
	"then": true, "they": true, "he": true, "she": true, "you": true, "in": true, "on": true,
	"at": true, "for": true, "if": true, "when": true, "also": true, "there": true, "now": true,
}

// opensSentence reports whether text starts with a word of openers.
func opensSentence(text string) bool {
	end := strings.IndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	if end < 0 {
		end = len(text)
	}
	return openers[strings.ToLower(text[:end])]
}

// abbreviations end with a "." that does not end a sentence (lower case,
// without the dot).
var abbreviations = map[string]bool{
	"eg": true, "ie": true, "etc": true, "vs": true, "v": true, "cf": true, "al": true, "viz": true,
	"approx": true, "incl": true, "excl": true, "esp": true, "resp": true, "dept": true, "est": true,
	"ca": true, "fig": true, "mr": true, "mrs": true, "ms": true, "dr": true, "prof": true,
	"sr": true, "jr": true, "st": true, "inc": true, "ltd": true, "co": true, "corp": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// isAbbreviation reports whether the word before a "." makes it an
// abbreviation: a known one, or a dotted one whose parts are one or two
// letters ("e.g", "U.S", "a.m").
func isAbbreviation(word string) bool {
	if word == "" {
		return false
	}
	if abbreviations[strings.ToLower(word)] {
		return true
	}
	if !strings.Contains(word, ".") {
		return false
	}
	for part := range strings.SplitSeq(word, ".") {
		n := utf8.RuneCountInString(part)
		if n == 0 || n > 2 || strings.IndexFunc(part, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
			return false
		}
	}
	return true
}
