// Package exchange takes a person's answers out of the app and back in: a
// readable Markdown report of one run to share with a peer or a manager
// (EncodeMarkdown), and a complete, versioned JSON file (EncodeJSON) that
// DecodeJSON reads back without loss. FORMAT.md documents both.
package exchange

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"autonomy/workbook"
)

// EncodeJSON writes the archive in format Format: every run, pause, entry
// and revision in the order given (the store gives runs by start date, the
// rest oldest first), as indented JSON with a final newline. The same
// archive always gives the same bytes: keys in a fixed order (answer keys
// sorted), times in UTC with nine fraction digits, and no time of export.
// Strings are escaped as encoding/json escapes them without HTML escaping.
// An empty list is left out (it is the same as no list).
//
// It writes the values as they are, over the limits or not: the store
// keeps them within the limits DecodeJSON checks. It refuses only what it
// could not write faithfully: text that is not valid UTF-8, a missing or
// out-of-range time or date. Nothing is written then. wb is not needed by
// this format.
func EncodeJSON(w io.Writer, wb *workbook.Workbook, a workbook.Archive) error {
	if err := checkArchive(a); err != nil {
		return err
	}
	out := &jsonWriter{w: w, buf: make([]byte, 0, 64<<10)}
	out.archive(a)
	out.flush()
	return out.err
}

// encodeError is a problem of an archive EncodeJSON cannot write.
func encodeError(p, format string, args ...any) error {
	return &Error{Path: p, Msg: fmt.Sprintf(format, args...)}
}

// checkArchive refuses what EncodeJSON cannot write, naming its path.
func checkArchive(a workbook.Archive) error {
	for i, r := range a.Runs {
		p := func() string { return fmt.Sprintf("runs[%d]", i) }
		if !utf8.ValidString(r.Run.ID) {
			return encodeError(p()+".id", "not valid UTF-8")
		}
		if msg := checkTime(r.Run.StartedAt, true); msg != "" {
			return encodeError(p()+".started_at", "%s", msg)
		}
		if msg := checkTime(r.Run.ClosedAt, false); msg != "" {
			return encodeError(p()+".closed_at", "%s", msg)
		}
		for j, pa := range r.Run.Pauses {
			pp := func(key string) string { return fmt.Sprintf("%s.pauses[%d].%s", p(), j, key) }
			if !utf8.ValidString(pa.ID) {
				return encodeError(pp("id"), "not valid UTF-8")
			}
			for _, c := range []struct{ key, msg string }{
				{"from", checkDate(pa.From, true)},
				{"to", checkDate(pa.To, false)},
				{"paused_at", checkTime(pa.PausedAt, true)},
				{"resumed_at", checkTime(pa.ResumedAt, false)},
			} {
				if c.msg != "" {
					return encodeError(pp(c.key), "%s", c.msg)
				}
			}
		}
		for j, e := range r.Entries {
			ep := func(key string) string { return fmt.Sprintf("%s.entries[%d]%s", p(), j, key) }
			switch {
			case !utf8.ValidString(e.ID):
				return encodeError(ep(".id"), "not valid UTF-8")
			case !utf8.ValidString(e.Exercise):
				return encodeError(ep(".exercise"), "not valid UTF-8")
			}
			if msg := checkDate(e.Date, true); msg != "" {
				return encodeError(ep(".date"), "%s", msg)
			}
			if msg := checkTime(e.CreatedAt, true); msg != "" {
				return encodeError(ep(".created_at"), "%s", msg)
			}
			for k, rev := range e.Revisions {
				rp := func(key string) string { return ep(fmt.Sprintf(".revisions[%d]%s", k, key)) }
				if !utf8.ValidString(rev.ID) {
					return encodeError(rp(".id"), "not valid UTF-8")
				}
				if msg := checkTime(rev.SavedAt, true); msg != "" {
					return encodeError(rp(".saved_at"), "%s", msg)
				}
				for id, v := range rev.Answer.Fields {
					if !utf8.ValidString(id) || !utf8.ValidString(v) {
						return encodeError(rp(".fields"), "not valid UTF-8")
					}
				}
				for id, items := range rev.Answer.Lists {
					if !utf8.ValidString(id) {
						return encodeError(rp(".lists"), "not valid UTF-8")
					}
					for n, it := range items {
						if !utf8.ValidString(it.ID) || !utf8.ValidString(it.Text) || !utf8.ValidString(it.Ref) {
							return encodeError(rp(fmt.Sprintf(".lists.%s[%d]", id, n)), "not valid UTF-8")
						}
					}
				}
			}
		}
	}
	return nil
}

// checkTime says what is wrong with a time to write, "" when nothing.
func checkTime(t time.Time, required bool) string {
	if t.IsZero() {
		if required {
			return "no time"
		}
		return ""
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return fmt.Sprintf("time %v out of range", t)
	}
	return ""
}

// checkDate says what is wrong with a date to write, "" when nothing.
func checkDate(d workbook.Date, required bool) string {
	if d.IsZero() {
		if required {
			return "no date"
		}
		return ""
	}
	if got, err := workbook.ParseDate(d.String()); err != nil || got != d || d.Year < 1 {
		return fmt.Sprintf("not a real date: %04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return ""
}

// jsonWriter writes an archive as indented JSON, a buffer at a time. It
// writes what encoding/json's Encoder would with SetEscapeHTML(false) and
// SetIndent("", "  "), without reflection and a second pass to indent.
type jsonWriter struct {
	w   io.Writer
	buf []byte
	err error
}

func (j *jsonWriter) flush() {
	if j.err == nil && len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
	}
	j.buf = j.buf[:0]
}

// key starts a member of an object at depth: a comma unless first, a new
// line, the indentation, the key and ": ".
func (j *jsonWriter) key(depth int, first bool, k string) {
	if !first {
		j.buf = append(j.buf, ',')
	}
	j.newline(depth)
	j.buf = appendString(j.buf, k)
	j.buf = append(j.buf, ':', ' ')
}

func (j *jsonWriter) newline(depth int) {
	j.buf = append(j.buf, '\n')
	for range depth {
		j.buf = append(j.buf, ' ', ' ')
	}
}

func (j *jsonWriter) str(depth int, first bool, k, v string) {
	j.key(depth, first, k)
	j.buf = appendString(j.buf, v)
}

func (j *jsonWriter) time(depth int, k string, t time.Time) {
	j.key(depth, false, k)
	j.buf = append(j.buf, '"')
	j.buf = t.UTC().AppendFormat(j.buf, timeLayout)
	j.buf = append(j.buf, '"')
}

func (j *jsonWriter) date(depth int, k string, d workbook.Date) {
	j.key(depth, false, k)
	j.buf = fmt.Appendf(j.buf, "\"%04d-%02d-%02d\"", d.Year, int(d.Month), d.Day)
}

// array writes the n elements of an array at depth, each by elem, which
// writes one at depth+1: [] when empty.
func (j *jsonWriter) array(depth, n int, elem func(i int)) {
	if n == 0 {
		j.buf = append(j.buf, '[', ']')
		return
	}
	j.buf = append(j.buf, '[')
	for i := range n {
		if i > 0 {
			j.buf = append(j.buf, ',')
		}
		j.newline(depth + 1)
		elem(i)
	}
	j.newline(depth)
	j.buf = append(j.buf, ']')
	if len(j.buf) > 48<<10 {
		j.flush()
	}
}

func (j *jsonWriter) archive(a workbook.Archive) {
	j.buf = append(j.buf, '{')
	j.str(1, true, "format", Format)
	j.key(1, false, "runs")
	j.array(1, len(a.Runs), func(i int) { j.run(2, a.Runs[i]) })
	j.buf = append(j.buf, '\n', '}', '\n')
}

func (j *jsonWriter) run(depth int, r workbook.RunArchive) {
	j.buf = append(j.buf, '{')
	j.str(depth+1, true, "id", r.Run.ID)
	j.key(depth+1, false, "number")
	j.buf = strconv.AppendInt(j.buf, int64(r.Run.Number), 10)
	j.time(depth+1, "started_at", r.Run.StartedAt)
	if !r.Run.ClosedAt.IsZero() {
		j.time(depth+1, "closed_at", r.Run.ClosedAt)
	}
	j.key(depth+1, false, "pauses")
	j.array(depth+1, len(r.Run.Pauses), func(i int) {
		p := r.Run.Pauses[i]
		d := depth + 3
		j.buf = append(j.buf, '{')
		j.str(d, true, "id", p.ID)
		j.date(d, "from", p.From)
		if !p.To.IsZero() {
			j.date(d, "to", p.To)
		}
		j.time(d, "paused_at", p.PausedAt)
		if !p.ResumedAt.IsZero() {
			j.time(d, "resumed_at", p.ResumedAt)
		}
		j.newline(d - 1)
		j.buf = append(j.buf, '}')
	})
	j.key(depth+1, false, "entries")
	j.array(depth+1, len(r.Entries), func(i int) { j.entry(depth+2, r.Entries[i]) })
	j.newline(depth)
	j.buf = append(j.buf, '}')
}

func (j *jsonWriter) entry(depth int, e workbook.EntryArchive) {
	j.buf = append(j.buf, '{')
	j.str(depth+1, true, "id", e.ID)
	j.str(depth+1, false, "exercise", e.Exercise)
	j.date(depth+1, "date", e.Date) // not a content id: the entry's key
	j.time(depth+1, "created_at", e.CreatedAt)
	j.key(depth+1, false, "revisions")
	j.array(depth+1, len(e.Revisions), func(i int) { j.revision(depth+2, e.Revisions[i]) })
	j.newline(depth)
	j.buf = append(j.buf, '}')
}

func (j *jsonWriter) revision(depth int, r workbook.Revision) {
	d := depth + 1
	j.buf = append(j.buf, '{')
	j.str(d, true, "id", r.ID)
	j.time(d, "saved_at", r.SavedAt)

	j.key(d, false, "fields")
	keys := sortedKeys(r.Answer.Fields)
	if len(keys) == 0 {
		j.buf = append(j.buf, '{', '}')
	} else {
		j.buf = append(j.buf, '{')
		for n, k := range keys {
			j.str(d+1, n == 0, k, r.Answer.Fields[k])
		}
		j.newline(d)
		j.buf = append(j.buf, '}')
	}

	j.key(d, false, "lists")
	keys = keys[:0]
	for k, items := range r.Answer.Lists {
		if len(items) > 0 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		j.buf = append(j.buf, '{', '}')
	} else {
		j.buf = append(j.buf, '{')
		for n, k := range keys {
			items := r.Answer.Lists[k]
			j.key(d+1, n == 0, k)
			j.array(d+1, len(items), func(i int) {
				it := items[i]
				j.buf = append(j.buf, '{')
				j.str(d+3, true, "id", it.ID)
				j.str(d+3, false, "text", it.Text)
				if it.Ref != "" {
					j.str(d+3, false, "ref", it.Ref)
				}
				j.newline(d + 2)
				j.buf = append(j.buf, '}')
			})
		}
		j.newline(d)
		j.buf = append(j.buf, '}')
	}
	j.newline(depth)
	j.buf = append(j.buf, '}')
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, escaped as encoding/json does
// without HTML escaping: \" and \\, \b \f \n \r \t, other control
// characters as \u00XX, U+2028 and U+2029 as \u2028 and \u2029. s is
// valid UTF-8 (checkArchive).
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			start = i + size
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
