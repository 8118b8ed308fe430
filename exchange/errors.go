package exchange

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a problem of a file given to DecodeJSON or ReadJSON: where it
// is and what is wrong. Its message names the JSON path of the value when
// there is one, and the line and column when they are known:
// "runs[0].entries[3].revisions[0].fields.scope (line 41, column 24):
// longer than 280 characters", "line 3, column 5: unexpected end of JSON
// input".
type Error struct {
	Path   string // JSON path of the value, "" for a problem of the file as a whole
	Line   int    // 1-based line of the problem, 0 when unknown
	Column int    // 1-based column, in characters
	Offset int64  // byte offset in the file, -1 when unknown
	Msg    string
	Err    error // the store's error, for one it refused; nil otherwise
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	switch {
	case e.Line > 0 && e.Path != "":
		fmt.Fprintf(&b, " (line %d, column %d)", e.Line, e.Column)
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d, column %d", e.Line, e.Column)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap is the store's error, for one it refused.
func (e *Error) Unwrap() error { return e.Err }

// locate fills the line and column of e from its offset, reading r again
// from start (r's position when the decoding began). It leaves them 0 when
// r cannot seek back, or the offset is unknown.
func (e *Error) locate(r io.Reader, start int64) {
	rs, ok := r.(io.ReadSeeker)
	if !ok || e.Offset < 0 {
		return
	}
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return
	}
	e.Line, e.Column = position(io.LimitReader(rs, e.Offset))
}

// position returns the 1-based line and column (in characters) of the end
// of what r holds: the position of the byte after it.
func position(r io.Reader) (line, col int) {
	line, col = 1, 1
	buf := make([]byte, 64<<10)
	var cut []byte // the start of a character the last read cut in two
	for {
		n, err := r.Read(buf)
		b := buf[:n]
		if len(cut) > 0 {
			b, cut = append(cut, b...), nil
		}
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			line += bytes.Count(b, []byte{'\n'})
			col, b = 1, b[i+1:]
		}
		end := len(b)
		for k := len(b) - 1; err == nil && k >= 0 && k >= len(b)-utf8.UTFMax; k-- {
			if utf8.RuneStart(b[k]) {
				if !utf8.FullRune(b[k:]) {
					end = k
				}
				break
			}
		}
		col += utf8.RuneCount(b[:end])
		cut = append(cut, b[end:]...)
		if err != nil {
			return line, col
		}
	}
}

// errorAt is an Error at byte offset off with path p (nil for none).
func errorAt(p *path, off int64, format string, args ...any) *Error {
	return &Error{Path: p.String(), Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// asError is err as an *Error, or nil when it is another error.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
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

// step is one step of a path: a key, or an index when index >= 0.
type step struct {
	key   string
	index int
}

// below lists the steps from p down to q, which is p or below it; nil
// when q is p or not below it.
func (p *path) below(q *path) []step {
	var steps []step
	for ; q != nil && q != p; q = q.up {
		steps = append(steps, step{q.key, q.index})
	}
	if q != p || p == nil {
		return nil
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return steps
}

// String writes the path as runs[0].entries[3].fields.scope; a key that is
// not a plain name is quoted (fields["a b"]) and a long one shortened.
func (p *path) String() string {
	if p == nil {
		return ""
	}
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
