package exchange

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a problem of a file given to DecodeJSON: where it is and what
// is wrong. Its message names the JSON path of the value when there is one
// ("runs[0].entries[3].revisions[0].fields.scope: longer than 280
// characters"), the line and column otherwise ("line 3, column 5:
// unexpected end of JSON input").
type Error struct {
	Path   string // JSON path of the value, "" for a problem of the file as a whole
	Line   int    // 1-based line of the problem, 0 when unknown
	Column int    // 1-based column, in characters
	Offset int    // byte offset in the file
	Msg    string
}

func (e *Error) Error() string {
	switch {
	case e.Path != "":
		return e.Path + ": " + e.Msg
	case e.Line > 0:
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
	return e.Msg
}

// newError builds an Error at byte offset off of data.
func newError(data []byte, off int, p *path, format string, args ...any) *Error {
	line, col := position(data, off)
	return &Error{Path: p.String(), Line: line, Column: col, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// position returns the 1-based line and column (in characters) of byte
// offset off. The bytes before off are valid UTF-8 (DecodeJSON checks the
// whole file first, and stops at the first invalid byte).
func position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if data[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, utf8.RuneCount(data[start:off]) + 1
}

// maxDepth bounds the nesting of arrays and objects, so that a file of
// brackets cannot exhaust the stack. Formats autonomy/1 and 2 need 8
// levels.
const maxDepth = 64

// checkSyntax checks that data is one JSON value and nothing else, without
// decoding it, and reports the first problem with its line and column in
// the words of encoding/json.
func checkSyntax(data []byte) error {
	s := scanner{data: data}
	if err := s.value(0); err != nil {
		return err
	}
	s.ws()
	if s.pos < len(s.data) {
		return s.invalid("after top-level value")
	}
	return nil
}

// scanner checks the syntax of a JSON document.
type scanner struct {
	data []byte
	pos  int
}

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) errorf(off int, format string, args ...any) error {
	return newError(s.data, off, nil, format, args...)
}

func (s *scanner) eof() error {
	return s.errorf(len(s.data), "unexpected end of JSON input")
}

// invalid reports the character at s.pos as unexpected, or the end of the
// input when there is none.
func (s *scanner) invalid(context string) error {
	if s.pos >= len(s.data) {
		return s.eof()
	}
	r, _ := utf8.DecodeRune(s.data[s.pos:])
	return s.errorf(s.pos, "invalid character %s %s", quoteChar(r), context)
}

// quoteChar writes a character as encoding/json does in its errors.
func quoteChar(r rune) string {
	switch r {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	return strconv.QuoteRune(r)
}

func (s *scanner) value(depth int) error {
	s.ws()
	if s.pos >= len(s.data) {
		return s.eof()
	}
	switch c := s.data[s.pos]; {
	case c == '{' || c == '[':
		if depth >= maxDepth {
			return s.errorf(s.pos, "nested too deeply (more than %d levels)", maxDepth)
		}
		if c == '{' {
			return s.object(depth)
		}
		return s.array(depth)
	case c == '"':
		return s.str()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	}
	return s.invalid("looking for beginning of value")
}

func (s *scanner) object(depth int) error {
	s.pos++ // {
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return nil
	}
	for {
		s.ws()
		if s.pos >= len(s.data) {
			return s.eof()
		}
		if s.data[s.pos] != '"' {
			return s.invalid("looking for beginning of object key string")
		}
		if err := s.str(); err != nil {
			return err
		}
		s.ws()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return s.invalid("after object key")
		}
		s.pos++
		if err := s.value(depth + 1); err != nil {
			return err
		}
		s.ws()
		if s.pos >= len(s.data) {
			return s.eof()
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return nil
		default:
			return s.invalid("after object key:value pair")
		}
	}
}

func (s *scanner) array(depth int) error {
	s.pos++ // [
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		return nil
	}
	for {
		if err := s.value(depth + 1); err != nil {
			return err
		}
		s.ws()
		if s.pos >= len(s.data) {
			return s.eof()
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return nil
		default:
			return s.invalid("after array element")
		}
	}
}

func (s *scanner) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if s.pos >= len(s.data) {
			return s.eof()
		}
		if s.data[s.pos] != word[i] {
			return s.invalid(fmt.Sprintf("in literal %s (expecting %s)", word, quoteChar(rune(word[i]))))
		}
		s.pos++
	}
	return nil
}

// number checks a number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func (s *scanner) number() error {
	digits := func() error {
		if s.pos >= len(s.data) {
			return s.eof()
		}
		if c := s.data[s.pos]; c < '0' || c > '9' {
			return s.invalid("in numeric literal")
		}
		for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
			s.pos++
		}
		return nil
	}
	if s.data[s.pos] == '-' {
		s.pos++
	}
	if s.pos < len(s.data) && s.data[s.pos] == '0' {
		s.pos++
	} else if err := digits(); err != nil {
		return err
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if err := digits(); err != nil {
			return err
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if err := digits(); err != nil {
			return err
		}
	}
	return nil
}

// str checks a string: no raw control characters, valid escapes.
func (s *scanner) str() error {
	s.pos++ // "
	for s.pos < len(s.data) {
		s.pos += plainLen(s.data[s.pos:])
		if s.pos >= len(s.data) {
			break
		}
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return nil
		case c == '\\':
			s.pos++
			if s.pos >= len(s.data) {
				return s.eof()
			}
			switch s.data[s.pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.pos++
			case 'u':
				s.pos++
				for range 4 {
					if s.pos >= len(s.data) {
						return s.eof()
					}
					if !isHex(s.data[s.pos]) {
						return s.invalid(`in \u hexadecimal character escape`)
					}
					s.pos++
				}
			default:
				return s.invalid("in string escape code")
			}
		case c < 0x20:
			return s.invalid("in string literal")
		default:
			s.pos++
		}
	}
	return s.eof()
}

// plainLen is the length of the run of bytes at the start of b that a
// string holds as they are: not '"', '\\' or a control character.
func plainLen(b []byte) int {
	for i, c := range b {
		if c < 0x20 || c == '"' || c == '\\' {
			return i
		}
	}
	return len(b)
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// path is the JSON path of a value, built on the stack as the decoder goes
// down and written out only for an error.
type path struct {
	up    *path
	key   string
	index int // -1 for a key
}

func (p *path) child(k string) path { return path{up: p, key: k, index: -1} }
func (p *path) at(i int) path       { return path{up: p, index: i} }

// String writes the path as runs[0].entries[3].fields.scope; a key that is
// not a plain name is quoted (fields["a b"]) and a long one shortened.
func (p *path) String() string {
	var parts []*path
	for q := p; q != nil; q = q.up {
		parts = append(parts, q)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		q := parts[i]
		switch {
		case q.index >= 0:
			fmt.Fprintf(&b, "[%d]", q.index)
		case isName(q.key):
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(q.key)
		default:
			fmt.Fprintf(&b, "[%s]", quoteShort(q.key))
		}
	}
	return b.String()
}

// isName reports whether a key can be written bare in a path: a letter or
// "_", then letters, digits, "_" or "-", at most 64 bytes.
func isName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || !(c == '-' || (c >= '0' && c <= '9'))) {
			return false
		}
	}
	return true
}

// quoteShort quotes s for a message, cut to 40 characters: a file may hold
// a value of megabytes, and an error message is one line.
func quoteShort(s string) string {
	const keep = 40
	if utf8.RuneCountInString(s) <= keep {
		return strconv.Quote(s)
	}
	n := 0
	for i := range s {
		if n == keep {
			return strconv.Quote(s[:i]) + "..."
		}
		n++
	}
	return strconv.Quote(s)
}
