package exchange

import (
	"strings"
	"unicode"

	"autonomy/workbook"
)

// The person's text in the Markdown report is escaped only where Markdown
// (CommonMark, GFM, goldmark's extensions as glamour uses them: linkify,
// strikethrough, tables, task lists, definition lists, emoji) would read
// it as something else, so that it parses back to the same text and reads
// as typed: "10:00", "3.4" and "-37.5%" are left alone. A test checks every
// rule with goldmark on a corpus of awkward text. FORMAT.md lists them.

// place is where a line of the person's text stands in the report.
type place int

const (
	atLineStart place = iota // a paragraph or a list item's text: block markers count
	atInline                 // after our words on the line ("**Label:** ")
	atCell                   // a table cell: "|" counts too
)

// textLine is a one-line answer as Markdown: sanitized to one line,
// trimmed and escaped; "" when blank.
func textLine(s string, where place) string {
	return plain(strings.Trim(workbook.SanitizeLine(s), " \t"), where)
}

// rawLines are a multi-line answer's non-blank lines, sanitized and
// trimmed, not escaped.
func rawLines(s string) []string {
	var lines []string
	for line := range strings.SplitSeq(workbook.Sanitize(s), "\n") {
		if l := strings.Trim(line, " \t"); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// textLines is a multi-line answer as Markdown: each non-blank line
// sanitized, trimmed and escaped as the start of a paragraph.
func textLines(s string) []string {
	lines := rawLines(s)
	for i, l := range lines {
		lines[i] = plain(l, atLineStart)
	}
	return lines
}

// plain escapes one line of text (trimmed, without line breaks) so that
// Markdown reads it as that text, and nothing more. A tab becomes a space.
// Escapes are a backslash, or an entity for the characters glamour would
// show with their backslash (":", "~", "$", "&"). See markMarkdown for
// what is escaped.
func plain(s string, where place) string {
	if !strings.ContainsAny(s, markdownRunes) {
		return s // most text: nothing Markdown reads
	}
	rs := []rune(strings.ReplaceAll(s, "\t", " "))
	mark := markMarkdown(rs, where)
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i, r := range rs {
		if !mark[i] {
			b.WriteRune(r)
			continue
		}
		switch r {
		case ':':
			b.WriteString("&#58;")
		case '~':
			b.WriteString("&#126;")
		case '$':
			b.WriteString("&#36;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteByte('\\')
			b.WriteRune(r)
		}
	}
	return b.String()
}

// markdownRunes are the runes markMarkdown may mark, and the tab: a line
// without one is written as it is.
const markdownRunes = "\\`*_~[]<>&|$:.@#+-)\t"

// markMarkdown marks the runes of a line that Markdown would read as more
// than text:
//
//   - at the start of a line: a heading's "#" to "######" before a space,
//     a quote's ">", a list's "-", "+", "*" or "1." / "1)" before a space,
//     a thematic break ("---", "* * *", or "--" after a list's "- "), a code fence ("```", "~~~"), a
//     definition's ":" before a space;
//   - anywhere: "\" before punctuation or at the end; "`" when there are two or more
//     (code); "*", "_" and "~" in runs that could open or close emphasis or
//     strikethrough (CommonMark's flanking rules: "snake_case" stays);
//     "[" with a "]" after it and "]" with a "[" before it (links,
//     images, task boxes); "<" before a letter, "/", "!" or "?", or an
//     e-mail address and ">" (HTML, autolinks); "&" that starts an entity ("&amp;", "&#27;"); ":" that
//     opens an emoji (":smile:", ":+1:"; not "10:00:30"); the ":" of
//     "http://", "https://" and "ftp://", the "." of "www." and the first
//     "." of an e-mail address's domain (links); "$" when there are two
//     (math, on GitHub);
//   - in a table cell: "|".
func markMarkdown(rs []rune, where place) []bool {
	n := len(rs)
	mark := make([]bool, n)
	if n == 0 {
		return mark
	}
	if where == atLineStart {
		markLineStart(rs, mark)
	}
	dollars := 0
	for _, r := range rs {
		if r == '$' {
			dollars++
		}
	}
	firstOpen, lastClose := -1, -1
	for i, r := range rs {
		if r == '[' && firstOpen < 0 {
			firstOpen = i
		}
		if r == ']' {
			lastClose = i
		}
	}
	for i, r := range rs {
		next := rune(0)
		if i+1 < n {
			next = rs[i+1]
		}
		switch r {
		case '\\':
			// At the end, what follows is ours and may be punctuation.
			mark[i] = mark[i] || isASCIIPunct(next) || i == n-1
		case '<':
			mark[i] = mark[i] || isASCIILetter(next) || next == '/' || next == '!' || next == '?' || emailAutolink(rs[i+1:])
		case '&':
			mark[i] = mark[i] || entityAt(rs[i:])
		case '[':
			mark[i] = mark[i] || i < lastClose
		case ']':
			mark[i] = mark[i] || firstOpen >= 0 && firstOpen < i
		case '|':
			mark[i] = mark[i] || where == atCell
		case '$':
			mark[i] = mark[i] || dollars >= 2
		case ':':
			mark[i] = mark[i] || opensEmoji(rs[i+1:])
		case '@':
			markEmailDot(rs, i, mark)
		}
		if hasPrefixFold(rs[i:], "www.") {
			mark[i+3] = true
		}
		for _, scheme := range []string{"http://", "https://", "ftp://"} {
			if hasPrefixFold(rs[i:], scheme) {
				mark[i+len(scheme)-3] = true // the ":"
			}
		}
	}
	markRuns(rs, mark)
	return mark
}

// markLineStart marks the block markers at the start of a line.
func markLineStart(rs []rune, mark []bool) {
	n := len(rs)
	spaceAt := func(i int) bool { return i >= n || rs[i] == ' ' }
	first := rs[0]
	switch first {
	case '#':
		i := 0
		for i < n && rs[i] == '#' {
			i++
		}
		mark[0] = i <= 6 && spaceAt(i)
	case '>':
		mark[0] = true
	case '-', '+', '*', ':':
		mark[0] = spaceAt(1)
	case '`', '~':
		i := 0
		for i < n && rs[i] == first {
			i++
		}
		if i >= 3 {
			for j := range i {
				mark[j] = true
			}
		}
	}
	// A thematic break: three or more of one of "-*_", spaces between;
	// two are enough after a list's "- ".
	if first == '-' || first == '*' || first == '_' {
		count := 0
		rule := true
		for _, r := range rs {
			switch r {
			case first:
				count++
			case ' ':
			default:
				rule = false
			}
		}
		if rule && count >= 2 {
			mark[0] = true
		}
	}
	// An ordered list: 1 to 9 digits, "." or ")", a space or the end.
	d := 0
	for d < n && d < 10 && rs[d] >= '0' && rs[d] <= '9' {
		d++
	}
	if d >= 1 && d <= 9 && d < n && (rs[d] == '.' || rs[d] == ')') && spaceAt(d+1) {
		mark[d] = true
	}
}

// markRuns marks every "`" of a line with two or more (code), and the runs
// of "*", "_" and "~" that could open or close emphasis or strikethrough.
func markRuns(rs []rune, mark []bool) {
	n := len(rs)
	var ticks []int
	for i := 0; i < n; {
		r := rs[i]
		j := i + 1
		for j < n && rs[j] == r {
			j++
		}
		switch r {
		case '`':
			for k := i; k < j; k++ {
				ticks = append(ticks, k)
			}
		case '*', '_', '~':
			if delimits(rs, i, j) {
				for k := i; k < j; k++ {
					mark[k] = true
				}
			}
		}
		i = j
	}
	// A backslash does not escape inside code, so an escaped "`" may still
	// close code that an unescaped one opens: two or more, all escaped.
	if len(ticks) >= 2 {
		for _, k := range ticks {
			mark[k] = true
		}
	}
}

// delimits reports whether the run rs[i:j] of "*", "_" or "~" could open
// or close emphasis, by CommonMark's flanking rules. The start and end of
// the line count as a space and as punctuation in turn (what our own words
// put there varies), and the run delimits when either does.
func delimits(rs []rune, i, j int) bool {
	c := rs[i]
	for _, edge := range []rune{' ', '!'} {
		before, after := edge, edge
		if i > 0 {
			before = rs[i-1]
		}
		if j < len(rs) {
			after = rs[j]
		}
		left := !unicode.IsSpace(after) && (!isPunct(after) || unicode.IsSpace(before) || isPunct(before))
		right := !unicode.IsSpace(before) && (!isPunct(before) || unicode.IsSpace(after) || isPunct(after))
		if c == '_' {
			if left && (!right || isPunct(before)) || right && (!left || isPunct(after)) {
				return true
			}
			continue
		}
		if left || right {
			return true
		}
	}
	return false
}

// opensEmoji reports whether rest (after a ":") is an emoji's name and its
// closing ":": letters, digits, "_", "+" or "-"; a name of digits only
// ("10:00:30") is none but ":100:" and ":1234:".
func opensEmoji(rest []rune) bool {
	for k, r := range rest {
		if r == ':' {
			name := string(rest[:k])
			if name == "" {
				return false
			}
			return strings.Trim(name, "0123456789") != "" || name == "100" || name == "1234"
		}
		if !isASCIILetter(r) && !(r >= '0' && r <= '9') && r != '_' && r != '+' && r != '-' {
			return false
		}
	}
	return false
}

// markEmailDot marks the first "." of the domain after the "@" at i when
// it reads as an e-mail address ("a@b.co"), which would become a link.
func markEmailDot(rs []rune, at int, mark []bool) {
	if at == 0 || !isEmailLocal(rs[at-1]) {
		return
	}
	for k := at + 1; k < len(rs); k++ {
		r := rs[k]
		switch {
		case r == '.':
			if k > at+1 && k+1 < len(rs) && (isASCIILetter(rs[k+1]) || rs[k+1] >= '0' && rs[k+1] <= '9') {
				mark[k] = true
			}
			return
		case isASCIILetter(r) || r >= '0' && r <= '9' || r == '-' || r == '_':
		default:
			return
		}
	}
}

func isEmailLocal(r rune) bool {
	return isASCIILetter(r) || r >= '0' && r <= '9' || strings.ContainsRune(".!#$%&'*+/=?^_`{|}~-", r)
}

// emailAutolink reports whether rest (after a "<") is an e-mail address
// and a ">": "<1@p>" is a link.
func emailAutolink(rest []rune) bool {
	at := -1
	for k, r := range rest {
		switch {
		case r == '>':
			return at > 0 && k > at+1
		case r == '@' && at < 0:
			at = k
		case at < 0 && isEmailLocal(r):
		case at >= 0 && (isASCIILetter(r) || r >= '0' && r <= '9' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return false
}

// entityAt reports whether rs starts with an entity or a character
// reference: "&amp;", "&#27;", "&#x1F;".
func entityAt(rs []rune) bool {
	end := -1
	for k := 1; k < len(rs) && k <= 33; k++ {
		if rs[k] == ';' {
			end = k
			break
		}
	}
	if end < 2 {
		return false
	}
	body := string(rs[1:end])
	switch {
	case strings.HasPrefix(body, "#x") || strings.HasPrefix(body, "#X"):
		return len(body) > 2 && len(body) <= 8 && strings.Trim(body[2:], "0123456789abcdefABCDEF") == ""
	case strings.HasPrefix(body, "#"):
		return len(body) > 1 && len(body) <= 8 && strings.Trim(body[1:], "0123456789") == ""
	}
	if !isASCIILetter(rune(body[0])) {
		return false
	}
	for _, r := range body {
		if !isASCIILetter(r) && !(r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// hasPrefixFold reports whether rs starts with the ASCII prefix, ignoring
// case.
func hasPrefixFold(rs []rune, prefix string) bool {
	if len(rs) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		if unicode.ToLower(rs[k]) != rune(prefix[k]) {
			return false
		}
	}
	return true
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

func isASCIIPunct(r rune) bool {
	return r < 0x80 && r > ' ' && !isASCIILetter(r) && !(r >= '0' && r <= '9') && r != 0x7f
}

// isPunct is CommonMark's punctuation: ASCII punctuation and Unicode's
// punctuation and symbols.
func isPunct(r rune) bool {
	return isASCIIPunct(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
}
