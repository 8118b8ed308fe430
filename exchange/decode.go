package exchange

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"autonomy/workbook"
)

// MaxSize is the largest file DecodeJSON reads: 64 MiB.
const MaxSize = 64 << 20

// Readable lists the formats this build reads, oldest first. Every format
// it ever wrote stays readable.
var Readable = []string{"autonomy/1", Format}

// DecodeJSON reads a file written by EncodeJSON (any version in Readable)
// and checks all of it before returning anything: its size (at most
// MaxSize), valid UTF-8 as a whole, JSON syntax, the format version, then
// every value against the format and the workbook's exercises: types,
// required keys, unknown keys, ids, times and dates, the limits of each
// field, NUL characters, and ids given twice with different content. The
// error is an *Error that names the first problem by its JSON path (or its
// line and column). Values are kept exactly as written; times are UTC.
// Identical duplicates are merged.
func DecodeJSON(r io.Reader, wb *workbook.Workbook) (workbook.Archive, error) {
	data, err := readAll(r)
	if err != nil {
		return workbook.Archive{}, err
	}
	if len(data) > MaxSize {
		return workbook.Archive{}, &Error{Msg: fmt.Sprintf("larger than %d MiB, the most an import reads", MaxSize>>20)}
	}
	return decode(data, wb)
}

// readAll reads r up to MaxSize+1 bytes, in a buffer of the right size
// when r can tell its size (a file, a bytes or strings reader).
func readAll(r io.Reader) ([]byte, error) {
	size := 512
	switch r := r.(type) {
	case interface{ Len() int }:
		size = r.Len() + 1
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := r.Stat(); err == nil && fi.Mode().IsRegular() {
			size = int(min(fi.Size(), MaxSize)) + 1
		}
	}
	lr := io.LimitReader(r, MaxSize+1)
	buf := make([]byte, 0, min(size, MaxSize+1))
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // room for more
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// decode is DecodeJSON on bytes.
func decode(data []byte, wb *workbook.Workbook) (workbook.Archive, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a byte order mark some editors add
	if off := invalidUTF8(data); off >= 0 {
		return workbook.Archive{}, newError(data, off, nil, "not valid UTF-8 (byte %d)", off)
	}
	text := bytes.Trim(data, " \t\r\n")
	if len(text) == 0 {
		return workbook.Archive{}, &Error{Msg: "empty file"}
	}
	// The likeliest wrong file: the Markdown report, export's default.
	if bytes.HasPrefix(text, []byte("# ")) {
		return workbook.Archive{}, &Error{Msg: "this is a Markdown report, not a JSON export: " +
			"import reads what `autonomy export --format json` writes"}
	}
	if err := checkSyntax(data); err != nil {
		return workbook.Archive{}, err
	}
	d := &decoder{data: data}
	format, err := d.format()
	if err != nil {
		return workbook.Archive{}, err
	}
	// One case per format ever written; a later format adds a case and
	// keeps the earlier ones.
	switch format {
	case "autonomy/1":
		return decodeV1(data, wb, 1)
	case "autonomy/2":
		// The same records as autonomy/1, and the exercises and fields
		// version 2 added (added).
		return decodeV1(data, wb, 2)
	}
	p := path{key: "format", index: -1}
	return workbook.Archive{}, d.errorf(&p, d.formatOff, "%s is not a version this build reads (%s)",
		quoteShort(format), strings.Join(Readable, ", "))
}

// invalidUTF8 returns the offset of the first byte that is not part of
// valid UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// decoder reads the values of a document that checkSyntax accepted, so it
// need not check the syntax again; it checks types and reports errors with
// the value's path.
type decoder struct {
	data      []byte
	pos       int
	formatOff int // offset of the format's value
	keyOff    int // offset of the key whose value is being read
}

func (d *decoder) errorf(p *path, off int, format string, args ...any) error {
	return newError(d.data, off, p, format, args...)
}

func (d *decoder) ws() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// found names the kind of the value at d.pos, for "want ..., found ...".
func (d *decoder) found() string {
	switch d.data[d.pos] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// want checks that the value at d.pos starts with c.
func (d *decoder) want(p *path, c byte, what string) error {
	d.ws()
	if d.data[d.pos] != c {
		return d.errorf(p, d.pos, "want %s, found %s", what, d.found())
	}
	return nil
}

// format finds the top-level "format" before anything else is read, so
// that a file of another version is named as such rather than as a file
// full of mistakes.
func (d *decoder) format() (string, error) {
	if err := d.want(nil, '{', "an object at the top level"); err != nil {
		return "", err
	}
	var (
		format string
		found  bool
	)
	err := d.object(nil, false, func(key string, kp *path) error {
		if key != "format" {
			d.skip()
			return nil
		}
		if found {
			return d.errorf(kp, d.keyOff, "duplicate key")
		}
		found = true
		d.ws()
		d.formatOff = d.pos
		var err error
		format, err = d.str(kp)
		return err
	})
	if err != nil {
		return "", err
	}
	if !found {
		p := path{key: "format", index: -1}
		return "", d.errorf(&p, 0, "missing (want %q)", Format)
	}
	d.pos = 0
	return format, nil
}

// object reads an object and calls each for every key, with d.pos at its
// value; each must read or skip the value. With dups, a key given twice is
// an error.
func (d *decoder) object(p *path, dups bool, each func(key string, kp *path) error) error {
	if err := d.want(p, '{', "an object"); err != nil {
		return err
	}
	d.pos++
	var seenBuf [8]string
	seen := seenBuf[:0]
	d.ws()
	if d.data[d.pos] == '}' {
		d.pos++
		return nil
	}
	for {
		d.ws()
		keyOff := d.pos
		key, err := d.str(p)
		if err != nil {
			return err
		}
		kp := p.child(key)
		if dups {
			if slices.Contains(seen, key) {
				return d.errorf(&kp, keyOff, "duplicate key")
			}
			seen = append(seen, key)
		}
		d.ws()
		d.pos++ // :
		d.ws()
		d.keyOff = keyOff
		if err := each(key, &kp); err != nil {
			return err
		}
		d.ws()
		c := d.data[d.pos]
		d.pos++
		if c == '}' {
			return nil
		}
	}
}

// array reads an array and calls each for every element, with d.pos at it.
func (d *decoder) array(p *path, each func(i int, ip *path) error) error {
	if err := d.want(p, '[', "an array"); err != nil {
		return err
	}
	d.pos++
	d.ws()
	if d.data[d.pos] == ']' {
		d.pos++
		return nil
	}
	for i := 0; ; i++ {
		d.ws()
		ip := p.at(i)
		if err := each(i, &ip); err != nil {
			return err
		}
		d.ws()
		c := d.data[d.pos]
		d.pos++
		if c == ']' {
			return nil
		}
	}
}

// skip moves past the value at d.pos.
func (d *decoder) skip() {
	d.ws()
	switch d.data[d.pos] {
	case '"':
		d.skipString()
	case '{', '[':
		depth := 0
		for {
			switch d.data[d.pos] {
			case '"':
				d.skipString()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			d.pos++
			if depth == 0 {
				return
			}
		}
	default: // a number, true, false or null
		for d.pos < len(d.data) && strings.IndexByte("+-.0123456789Eeabcdefghijklmnopqrstuvwxyz", d.data[d.pos]) >= 0 {
			d.pos++
		}
	}
}

func (d *decoder) skipString() {
	d.pos++ // "
	for {
		i := quoteOrBackslash(d.data[d.pos:])
		d.pos += i
		if d.data[d.pos] == '"' {
			d.pos++
			return
		}
		d.pos += 2 // \ and the escaped character; a \u's digits are skipped as text
	}
}

// str reads a string. A lone surrogate escape (\ud800), which is not a
// character, and NUL (\u0000) are errors: a value is kept exactly or
// refused, never replaced.
func (d *decoder) str(p *path) (string, error) {
	if err := d.want(p, '"', "a string"); err != nil {
		return "", err
	}
	start := d.pos + 1
	i := start + quoteOrBackslash(d.data[start:])
	if d.data[i] == '"' { // no escapes: the common case
		d.pos = i + 1
		return string(d.data[start:i]), nil
	}
	// The decoded string is at most as long as the JSON one.
	end := i
	for d.data[end] != '"' {
		if d.data[end] == '\\' {
			end += 2
		}
		end += quoteOrBackslash(d.data[end:])
	}
	var b strings.Builder
	b.Grow(end - start)
	b.Write(d.data[start:i])
	for {
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			s := b.String()
			if strings.IndexByte(s, 0) >= 0 {
				return "", d.errorf(p, start-1, "contains a NUL byte")
			}
			return s, nil
		case c != '\\':
			j := i + quoteOrBackslash(d.data[i:])
			b.Write(d.data[i:j])
			i = j
			continue
		}
		esc := d.data[i+1]
		switch esc {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := hex4(d.data[i+2 : i+6])
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if r < 0xDC00 && i+12 <= len(d.data) && d.data[i+6] == '\\' && d.data[i+7] == 'u' {
					r2 = hex4(d.data[i+8 : i+12])
				}
				if r2 < 0xDC00 || r2 > 0xDFFF {
					return "", d.errorf(p, i, `contains a lone surrogate (\u%04x), which is not a character`, r)
				}
				r = utf16.DecodeRune(r, r2)
				i += 6
			}
			b.WriteRune(r)
			i += 6
			continue
		default: // " \ /
			b.WriteByte(esc)
		}
		i += 2
	}
}

// quoteOrBackslash returns the index of the first '"' or '\\' in b, or
// len(b). It looks a window at a time so that it stays linear, and uses
// IndexByte, which is fast on long text.
func quoteOrBackslash(b []byte) int {
	const window = 1024
	for off := 0; off < len(b); off += window {
		w := b[off:min(off+window, len(b))]
		q := bytes.IndexByte(w, '"')
		if q < 0 {
			q = len(w)
		}
		if e := bytes.IndexByte(w[:q], '\\'); e >= 0 {
			return off + e
		}
		if q < len(w) {
			return off + q
		}
	}
	return len(b)
}

func hex4(b []byte) rune {
	n, _ := strconv.ParseUint(string(b), 16, 32)
	return rune(n)
}

// maxIDLen bounds ids; the app's are 16 or 32 hexadecimal digits.
const maxIDLen = 64

// id reads an id: 1 to 64 ASCII letters, digits, "-" or "_".
func (d *decoder) id(p *path) (string, error) {
	d.ws()
	off := d.pos
	s, err := d.str(p)
	if err != nil {
		return "", err
	}
	if err := checkID(s); err != nil {
		return "", d.errorf(p, off, "%v", err)
	}
	return s, nil
}

func checkID(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	ok := len(s) <= maxIDLen
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c == '-' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
	}
	if !ok {
		return fmt.Errorf("%s is not an id (1 to %d letters, digits, \"-\" or \"_\")", quoteShort(s), maxIDLen)
	}
	return nil
}

// number reads a whole number from 1 to 2^31-1.
func (d *decoder) number(p *path) (int, error) {
	d.ws()
	off := d.pos
	c := d.data[d.pos]
	if c != '-' && (c < '0' || c > '9') {
		return 0, d.errorf(p, off, "want a number, found %s", d.found())
	}
	d.skip()
	lit := string(d.data[off:d.pos])
	n, err := strconv.ParseInt(lit, 10, 32)
	if err != nil || n < 1 {
		if len(lit) > 40 {
			lit = lit[:40] + "..."
		}
		return 0, d.errorf(p, off, "want a whole number from 1, found %s", lit)
	}
	return int(n), nil
}

// timeLayout is how times are written: UTC RFC 3339 with a fixed
// nine-digit fraction, as the store keeps them.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// time reads a time in RFC 3339 (any fraction, any offset), returned in
// UTC: a real instant between the years 1 and 9999 (UTC), not the zero time.
func (d *decoder) time(p *path) (time.Time, error) {
	d.ws()
	off := d.pos
	s, err := d.str(p)
	if err != nil {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || len(s) > len(timeLayout) {
		return time.Time{}, d.errorf(p, off, "%s is not a time in RFC 3339 (like \"2026-03-01T09:30:15.000000000Z\")", quoteShort(s))
	}
	t = t.UTC()
	if y := t.Year(); y < 1 || y > 9999 || t.IsZero() {
		return time.Time{}, d.errorf(p, off, "%s is out of range (years 1 to 9999, not the zero time)", quoteShort(s))
	}
	return t, nil
}

// date reads a real date as YYYY-MM-DD from the year 1.
func (d *decoder) date(p *path) (workbook.Date, error) {
	d.ws()
	off := d.pos
	s, err := d.str(p)
	if err != nil {
		return workbook.Date{}, err
	}
	date, err := workbook.ParseDate(s)
	if err != nil || date.Year < 1 {
		what := "not a real date"
		if len(s) != len("2006-01-02") || s[4] != '-' || s[7] != '-' {
			what = "not a date as YYYY-MM-DD"
		}
		return workbook.Date{}, d.errorf(p, off, "%s is %s", quoteShort(s), what)
	}
	return date, nil
}
