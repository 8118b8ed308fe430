package exchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"autonomy/workbook"
)

// MaxSize is the largest file ReadJSON reads: 4 GiB, far more than any
// export (50,000 entries, years of daily use, export to about 100 MB). The
// file is read as a stream: memory does not grow with it.
const MaxSize int64 = 4 << 30

// DecodeJSON reads a whole file written by EncodeJSON into an archive: the
// runs in the order of the file, each with the challenge fields of its
// entry of the run-start exercise (the one workbook.NewestEntry picks, as
// the store does). See ReadJSON for what it checks.
func DecodeJSON(r io.Reader, wb *workbook.Workbook) (workbook.Archive, error) {
	var c collector
	if err := ReadJSON(r, wb, &c); err != nil {
		return workbook.Archive{}, err
	}
	return c.archive(wb), nil
}

// ReadJSON reads a file written by EncodeJSON (any version in Readable) as
// a stream, and hands its records to im as soon as each is checked: every
// entry, with its revisions, as it is read; every run, with its pauses,
// once the whole file is read. It checks every value against the format
// and the workbook's exercises: the file's size (at most MaxSize), valid
// UTF-8, JSON syntax, the format version, types, required keys, unknown
// keys, keys given twice, ids, times and dates, the limits of each field,
// NUL characters and lone surrogates, runs and pauses that end before they
// start, and ids given twice with different content (identical ones are
// merged: an entry given again comes again with its new revisions only).
// The error is an *Error that names the first problem by its JSON path,
// line and column, or im's error with the path of the record it refused.
// Values are kept exactly as written; times are UTC.
//
// A problem may be found after records were handed on: im must keep them
// so that all can be dropped (the store imports in one transaction).
func ReadJSON(r io.Reader, wb *workbook.Workbook, im workbook.Importer) error {
	return readJSON(r, wb, im, MaxSize)
}

// CheckOnly is an Importer that keeps nothing: ReadJSON into it checks a
// whole file without importing it, the first pass `autonomy import` makes
// before it creates a database for a file. A file it accepts holds
// nothing an empty database refuses: ReadJSON checks every rule of the
// store's import that does not depend on what a database already holds
// (ids, times, answers against the exercises and their limits, one open
// run, one open pause a run).
type CheckOnly struct{}

func (CheckOnly) Run(workbook.Run) error                    { return nil }
func (CheckOnly) Entry(string, workbook.EntryArchive) error { return nil }

func readJSON(r io.Reader, wb *workbook.Workbook, im workbook.Importer, limit int64) error {
	start := int64(-1) // where r was, to read it again for an error's line
	if s, ok := r.(io.Seeker); ok {
		if off, err := s.Seek(0, io.SeekCurrent); err == nil {
			start = off
		}
	}
	d := &reader{wb: exercises{wb: wb}, in: bufio.NewReaderSize(r, 64<<10), rs: r, start: start, seen: newMerger()}
	d.src = &source{r: d.in, limit: limit}
	err := pipe(d, im)
	e := asError(err)
	if e == nil || e.Offset < 0 {
		return err
	}
	if start >= 0 {
		e.locate(r, start+d.bom)
	}
	return e
}

// record is what the reader hands on: an entry of a run, or a run, with
// the place in the file that an error of the importer names.
type record struct {
	runID string
	entry workbook.EntryArchive
	run   *workbook.Run
	path  string
	off   int64
}

func (rec *record) apply(im workbook.Importer) error {
	var err error
	if rec.run != nil {
		err = im.Run(*rec.run)
	} else {
		err = im.Entry(rec.runID, rec.entry)
	}
	if err != nil {
		return &Error{Path: rec.path, Offset: rec.off, Msg: err.Error(), Err: err}
	}
	return nil
}

// errStopped stops the reader when the importer failed.
var errStopped = errors.New("stopped")

// pipe reads the file on a goroutine of its own, which hands the records
// over a channel to this one, which hands them to im: reading (a third of
// the work) and importing run at once, on two cores. The two share
// nothing but the channel; the reader stops when the importer fails, and
// pipe returns once it has. The first error in the order of the file
// wins: one of the importer's is of a record read before the reader's.
func pipe(d *reader, im workbook.Importer) error {
	records := make(chan record, 64)
	stop := make(chan struct{})
	d.out = func(rec record) error {
		select {
		case records <- rec:
			return nil
		case <-stop:
			return errStopped
		}
	}
	read := make(chan error, 1)
	go func() {
		defer close(records)
		read <- d.file()
	}()
	var err error
	for rec := range records {
		if err == nil {
			if err = rec.apply(im); err != nil {
				close(stop)
			}
		}
	}
	if rerr := <-read; err == nil {
		err = rerr
	}
	return err
}

// reader reads one file.
// Offsets are counted after a byte order mark, which is not part of the
// text.
type reader struct {
	wb    exercises
	out   func(record) error // hands a record on
	in    *bufio.Reader      // the file, to look at its start
	src   *source            // the file after its start, for the decoder
	dec   *json.Decoder
	rs    io.Reader // the file, to read again for an error's place
	start int64     // rs's offset at the start, -1 when it cannot seek
	bom   int64     // the length of a byte order mark it starts with
	gate  versionGate
	seen  *merger
}

func (d *reader) file() error {
	// A byte order mark some editors add, then the likeliest wrong files.
	if head, _ := d.in.Peek(3); string(head) == "\uFEFF" {
		d.in.Discard(3)
		d.bom = 3
	}
	head, _ := d.in.Peek(4096)
	switch text := bytes.TrimLeft(head, " \t\r\n"); {
	case len(text) == 0 && len(head) < 4096:
		if _, err := d.in.Peek(1); err != nil && err != io.EOF {
			return err
		}
		return &Error{Offset: -1, Msg: "empty file"}
	case bytes.HasPrefix(text, []byte("# ")):
		return &Error{Offset: -1, Msg: "this is a Markdown report, not a JSON export: " +
			"import reads what `autonomy export --format json` writes"}
	case bytes.HasPrefix(text, []byte("SQLite format 3\x00")):
		return &Error{Offset: -1, Msg: "this is a SQLite database (a workbook or a backup), not a JSON export: " +
			"import reads what `autonomy export --format json` writes"}
	}
	d.dec = json.NewDecoder(d.src)
	d.dec.UseNumber()
	d.dec.DisallowUnknownFields()

	off, _ := d.next()
	tok, err := d.token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return errorAt(nil, off, "want an object at the top level, found %s", found(tok))
	}
	var keys []string
	for d.dec.More() {
		kp, _, err := d.key(nil, fileShape, &keys)
		if err != nil {
			return err
		}
		switch kp.key {
		case "format":
			var format string
			if _, base, err := d.value(fileShape.member("format").shape, &kp, &format); err != nil {
				return err
			} else if v, ok := versionOf(format); !ok {
				return errorAt(&kp, base, "%s is not a version this build reads (%s)", quoteShort(format), strings.Join(Readable, ", "))
			} else if err := d.gate.read(v); err != nil {
				return err
			}
		case "runs":
			if err := d.runs(&kp); err != nil {
				return err
			}
		}
	}
	if _, err := d.token(); err != nil { // }
		return err
	}
	if !slices.Contains(keys, "format") {
		p := path{key: "format", index: -1}
		return errorAt(&p, 0, "missing (want %q)", Format)
	}
	if !slices.Contains(keys, "runs") {
		p := path{key: "runs", index: -1}
		return errorAt(&p, 0, "missing")
	}
	if err := d.end(); err != nil {
		return err
	}
	if err := d.seen.openOnce(); err != nil {
		return err
	}
	for _, r := range d.seen.order {
		p := path{key: "runs", index: -1}
		rp := p.at(r.at)
		run := r.run
		if err := d.out(record{run: &run, path: rp.String(), off: r.off}); err != nil {
			return err
		}
	}
	return nil
}

// end checks that nothing but spaces follows the top-level value.
func (d *reader) end() error {
	off, c := d.next()
	if c == nil {
		if _, err := d.dec.Token(); err != io.EOF {
			return d.jsonError(err, off)
		}
		return nil
	}
	r, _ := utf8.DecodeRune(c)
	return errorAt(nil, off, "invalid character %s after top-level value", quoteChar(r))
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

// key reads the key of the next member of an object of shape s at path p,
// and refuses a key given twice (keys holds those read so far) or one that
// s does not have.
func (d *reader) key(p *path, s *shape, keys *[]string) (path, int64, error) {
	off, _ := d.next()
	tok, err := d.token()
	if e := asError(err); e != nil && strings.HasSuffix(e.Msg, "'") {
		// encoding/json gives no context for a first key.
		e.Msg += " looking for beginning of object key string"
	}
	if err != nil {
		return path{}, 0, err
	}
	key, _ := tok.(string)
	kp := p.child(key)
	if slices.Contains(*keys, key) {
		return kp, off, errorAt(&kp, off, "duplicate key")
	}
	*keys = append(*keys, key)
	if s.member(key) == nil {
		return kp, off, errorAt(&kp, off, "unknown key")
	}
	return kp, off, nil
}

// open reads the start of an array or object at p.
func (d *reader) open(p *path, s *shape) (int64, error) {
	off, _ := d.next()
	tok, err := d.token()
	if err != nil {
		return off, err
	}
	if want := json.Delim(s.kind); tok != want {
		return off, errorAt(p, off, "want %s, found %s", s.want(), found(tok))
	}
	return off, nil
}

func (d *reader) runs(p *path) error {
	if _, err := d.open(p, fileShape.member("runs").shape); err != nil {
		return err
	}
	for i := 0; d.dec.More(); i++ {
		ip := p.at(i)
		if err := d.run(&ip, i); err != nil {
			return err
		}
	}
	_, err := d.token() // ]
	return err
}

// waiting is an entry read before its run's id.
type waiting struct {
	entry workbook.EntryArchive
	at    int
	c     checker
}

// run reads run i of the file, at p: each member as it comes, its entries
// one at a time.
func (d *reader) run(p *path, i int) error {
	off, err := d.open(p, runShape)
	if err != nil {
		return err
	}
	var (
		rj       runRecord
		run      workbook.Run
		keys     []string
		wait     []waiting
		closedAt int64 // the offset of closed_at
	)
	for d.dec.More() {
		kp, _, err := d.key(p, runShape, &keys)
		if err != nil {
			return err
		}
		if kp.key == "entries" {
			if err := d.entries(&kp, i, &run, slices.Contains(keys, "id"), &wait); err != nil {
				return err
			}
			continue
		}
		m := runShape.member(kp.key)
		raw, base, err := d.value(m.shape, &kp, reflect.ValueOf(&rj).Elem().Field(m.index).Addr().Interface())
		if err != nil {
			return err
		}
		c := checker{raw: raw, base: base, root: &kp}
		if err := c.runMember(&kp, kp.key, &rj, &run); err != nil {
			return err
		}
		if kp.key == "closed_at" {
			closedAt = base
		}
	}
	if _, err := d.token(); err != nil { // }
		return err
	}
	for _, m := range runShape.members {
		if m.required && !slices.Contains(keys, m.name) {
			mp := p.child(m.name)
			return errorAt(&mp, off, "missing")
		}
	}
	if err := runEnd(p, &run, closedAt); err != nil {
		return err
	}
	if err := d.seen.run(p, i, off, run); err != nil {
		return err
	}
	for _, w := range wait {
		es := p.child("entries")
		ep := es.at(w.at)
		w.c.root = &ep
		if err := d.hand(&w.c, &ep, i, w.at, run.ID, &w.entry); err != nil {
			return err
		}
	}
	return nil
}

// entries reads the entries of run i, at p, one at a time, and hands each
// on; when the run's id is not read yet, they wait for it.
func (d *reader) entries(p *path, i int, run *workbook.Run, haveID bool, wait *[]waiting) error {
	if _, err := d.open(p, runShape.member("entries").shape); err != nil {
		return err
	}
	for j := 0; d.dec.More(); j++ {
		ep := p.at(j)
		var ej entryRecord
		raw, base, err := d.value(entryShape, &ep, &ej)
		if err != nil {
			return err
		}
		if off, r := loneSurrogate(raw); off >= 0 {
			return &Error{Path: pathAt(raw, off, &ep), Offset: base + off,
				Msg: fmt.Sprintf(`contains a lone surrogate (\u%04x), which is not a character`, r)}
		}
		c := checker{raw: raw, base: base, root: &ep}
		e, verr := c.entry(&ep, &ej, &d.wb, &d.gate)
		if verr != nil {
			return verr
		}
		if !haveID {
			*wait = append(*wait, waiting{entry: e, at: j, c: c})
			continue
		}
		if err := d.hand(&c, &ep, i, j, run.ID, &e); err != nil {
			return err
		}
	}
	_, err := d.token() // ]
	return err
}

// hand hands entry at of run i, at p, on, but for what the file gave
// before.
func (d *reader) hand(c *checker, p *path, i, at int, runID string, e *workbook.EntryArchive) error {
	news, merr := d.seen.entry(c, p, i, at, runID, e)
	if merr != nil {
		return merr
	}
	if !news {
		return nil
	}
	return d.out(record{runID: runID, entry: *e, path: p.String(), off: c.base})
}

// value reads the next value, at p, checks that it has shape s and decodes
// it into dst. It returns the value as JSON and its offset.
// The value's bytes are those the source kept of what the decoder read
// (a copy, not a second scan): checkShape reads them again with Token,
// since encoding/json lets through what it checks, or refuses it without
// a path; and an error's place is found in them.
func (d *reader) value(s *shape, p *path, dst any) ([]byte, int64, error) {
	from := d.dec.InputOffset()
	d.src.forget(from)
	derr := d.dec.Decode(dst)
	// An error of the value's content (a kind, an unknown key) comes once
	// the whole value is read; any other is of the file.
	var kind *json.UnmarshalTypeError
	if derr != nil && !errors.As(derr, &kind) && !strings.HasPrefix(derr.Error(), "json: unknown field ") {
		return nil, 0, d.jsonError(derr, from)
	}
	raw, base := d.src.since(from, d.dec.InputOffset())
	if err := checkShape(raw, s, p); err != nil {
		err.Offset += base
		return nil, 0, err
	}
	if derr != nil { // checkShape leaves nothing for it to refuse
		return nil, 0, errorAt(p, base, "%v", derr)
	}
	return raw, base, nil
}

// token reads the next token.
func (d *reader) token() (json.Token, error) {
	from := d.dec.InputOffset()
	tok, err := d.dec.Token()
	if err != nil {
		return nil, d.jsonError(err, from)
	}
	return tok, nil
}

// next is the offset of the next token, past spaces and a comma or a
// colon, and the bytes it starts with that the decoder holds (nil at the
// end of the file).
func (d *reader) next() (int64, []byte) {
	d.dec.More() // reads on past spaces
	off := d.dec.InputOffset()
	b, _ := io.ReadAll(io.LimitReader(d.dec.Buffered(), 64))
	i := 0
	skip := func() {
		for i < len(b) && strings.IndexByte(" \t\r\n", b[i]) >= 0 {
			i++
		}
	}
	skip()
	if i < len(b) && (b[i] == ',' || b[i] == ':') {
		i++
		skip()
	}
	if i == len(b) {
		return off + int64(i), nil
	}
	return off + int64(i), b[i:]
}

// jsonError is an error of encoding/json's decoder at its place in the
// file; from is the offset before the call that failed.
func (d *reader) jsonError(err error, from int64) error {
	if e := asError(err); e != nil { // the source's
		return e
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Offset: d.src.n - d.bom, Msg: "unexpected end of JSON input"}
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err // the file could not be read
	}
	off := se.Offset
	if off != d.dec.InputOffset() { // not the Token API's own, exact, offset
		off = d.rescan(from, off)
	}
	return &Error{Offset: off, Msg: se.Error()}
}

// rescan finds the offset of a syntax error in the value after offset
// from, which encoding/json's decoder does not give: it counts only the
// bytes of the values it decoded. It reads the value again with a new
// decoder, whose count starts there.
func (d *reader) rescan(from, otherwise int64) int64 {
	s, ok := d.rs.(io.Seeker)
	if !ok || d.start < 0 {
		return otherwise
	}
	if _, err := s.Seek(d.start+d.bom+from, io.SeekStart); err != nil {
		return otherwise
	}
	in := bufio.NewReader(d.rs)
	at := from
	skip := func(set string) {
		for {
			c, err := in.ReadByte()
			if err != nil {
				return
			}
			if strings.IndexByte(set, c) < 0 {
				in.UnreadByte()
				return
			}
			at++
		}
	}
	skip(" \t\r\n")
	if c, err := in.ReadByte(); err == nil {
		if c == ',' || c == ':' {
			at++
		} else {
			in.UnreadByte()
		}
	}
	var v json.RawMessage
	var se *json.SyntaxError
	if err := json.NewDecoder(in).Decode(&v); errors.As(err, &se) {
		return at + se.Offset - 1
	}
	return otherwise
}

// source reads the file for the decoder: it counts the bytes, stops at the
// limit, and refuses invalid UTF-8 where it starts.
type source struct {
	r      io.Reader
	n      int64 // bytes read
	limit  int64
	cut    []byte // the start of a character the last read cut in two
	err    error  // to return from now on
	kept   []byte // what was read from offset keptAt on
	keptAt int64
}

// forget drops what was read before offset off: the value being read
// starts there.
func (s *source) forget(off int64) {
	n := int(off - s.keptAt)
	s.kept = s.kept[:copy(s.kept, s.kept[n:])]
	s.keptAt = off
}

// since returns what was read from offset from to offset to, past the
// spaces and the comma or colon before a value, and the offset it starts
// at. It is valid until the next forget.
func (s *source) since(from, to int64) ([]byte, int64) {
	b := s.kept[from-s.keptAt : to-s.keptAt]
	i := 0
	for i < len(b) && strings.IndexByte(" \t\r\n,:", b[i]) >= 0 {
		i++
	}
	return b[i:], from + int64(i)
}

func (s *source) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.r.Read(p)
	if s.n+int64(n) > s.limit {
		s.err = &Error{Offset: -1, Msg: fmt.Sprintf("larger than %s, the most an import reads (an export of 50,000 entries is about 100 MB)", sizeName(s.limit))}
		return 0, s.err
	}
	bad := s.check(p[:n])
	if bad < 0 && err == io.EOF && len(s.cut) > 0 {
		bad = s.n + int64(n) - int64(len(s.cut))
	}
	if bad >= 0 {
		s.err = &Error{Offset: bad, Msg: fmt.Sprintf("not valid UTF-8 (byte %d)", bad)}
		return 0, s.err
	}
	s.n += int64(n)
	s.kept = append(s.kept, p[:n]...)
	return n, err
}

// check returns the offset in the file of the first byte of b, read at
// s.n, that is not part of valid UTF-8, or -1. A character the end of b
// cuts is checked with the next read.
func (s *source) check(b []byte) int64 {
	i := 0
	if len(s.cut) > 0 {
		at := s.n - int64(len(s.cut))
		for i < len(b) && !utf8.FullRune(s.cut) {
			s.cut = append(s.cut, b[i])
			i++
		}
		if !utf8.FullRune(s.cut) {
			return -1
		}
		if r, size := utf8.DecodeRune(s.cut); r == utf8.RuneError && size <= 1 {
			return at
		}
		s.cut = s.cut[:0]
	}
	rest := b[i:]
	end := len(rest)
	for k := len(rest) - 1; k >= 0 && k >= len(rest)-utf8.UTFMax; k-- {
		if utf8.RuneStart(rest[k]) {
			if !utf8.FullRune(rest[k:]) {
				end = k
			}
			break
		}
	}
	if !utf8.Valid(rest[:end]) {
		for k := 0; k < end; {
			r, size := utf8.DecodeRune(rest[k:end])
			if r == utf8.RuneError && size <= 1 {
				return s.n + int64(i+k)
			}
			k += size
		}
	}
	s.cut = append(s.cut, rest[end:]...)
	return -1
}

// sizeName writes a size in MiB or GiB.
func sizeName(n int64) string {
	if n >= 1<<30 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	return fmt.Sprintf("%d MiB", n>>20)
}
