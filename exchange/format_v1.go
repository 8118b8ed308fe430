package exchange

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"autonomy/workbook"
)

// Format autonomy/1 (FORMAT.md): the records every version holds, as
// encoding/json reads them, and what each value must be. A key tagged
// omitempty is optional (a pointer: nil when absent); every other key is
// required. Later versions keep these records and may add exercises and
// fields (format_v2.go, format_v3.go; versions.go).
var v1 = version{name: "autonomy/1"}

type fileRecord struct {
	Format string      `json:"format"`
	Runs   []runRecord `json:"runs"` // read one at a time, never here
}

type runRecord struct {
	ID        string        `json:"id"`
	Number    int32         `json:"number"`
	StartedAt string        `json:"started_at"`
	ClosedAt  *string       `json:"closed_at,omitempty"`
	Pauses    []pauseRecord `json:"pauses"`
	Entries   []entryRecord `json:"entries"` // read one at a time, never here
}

type pauseRecord struct {
	ID        string  `json:"id"`
	From      string  `json:"from"`
	To        *string `json:"to,omitempty"`
	PausedAt  string  `json:"paused_at"`
	ResumedAt *string `json:"resumed_at,omitempty"`
}

type entryRecord struct {
	ID        string           `json:"id"`
	Exercise  string           `json:"exercise"`
	Date      string           `json:"date"`
	CreatedAt string           `json:"created_at"`
	Revisions []revisionRecord `json:"revisions"`
}

type revisionRecord struct {
	ID      string                  `json:"id"`
	SavedAt string                  `json:"saved_at"`
	Fields  map[string]string       `json:"fields"`
	Lists   map[string][]itemRecord `json:"lists"`
}

type itemRecord struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Ref  string `json:"ref,omitempty"`
}

// The shapes of the records (shape.go).
var (
	fileShape  = shapeOf(reflect.TypeFor[fileRecord]())
	runShape   = fileShape.member("runs").shape.elem
	entryShape = runShape.member("entries").shape.elem
)

// checker checks the values of one record read as raw JSON at offset base
// of the file, below path root, and names the value of a problem by its
// path and offset.
type checker struct {
	raw  []byte
	base int64
	root *path
}

func (c *checker) fail(p *path, format string, args ...any) *Error {
	e := errorAt(p, c.base, format, args...)
	if c.raw != nil {
		e.Offset += offsetOf(c.raw, c.root.below(p))
	}
	return e
}

// id checks an id: 1 to 64 ASCII letters, digits, "-" or "_".
func (c *checker) id(p *path, s string) *Error {
	if err := checkID(s); err != nil {
		return c.fail(p, "%v", err)
	}
	return nil
}

// maxIDLen bounds ids; the app's are 16 or 32 hexadecimal digits.
const maxIDLen = 64

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

// timeLayout is how times are written: UTC RFC 3339 with a fixed
// nine-digit fraction, as the store keeps them.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// time reads a time in RFC 3339 (any fraction, any offset), returned in
// UTC: a real instant between the years 1 and 9999 (UTC), not the zero time.
func (c *checker) time(p *path, s string) (time.Time, *Error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || len(s) > len(timeLayout) {
		return time.Time{}, c.fail(p, "%s is not a time in RFC 3339 (like \"2026-03-01T09:30:15.000000000Z\")", quoteShort(s))
	}
	t = t.UTC()
	if y := t.Year(); y < 1 || y > 9999 || t.IsZero() {
		return time.Time{}, c.fail(p, "%s is out of range (years 1 to 9999, not the zero time)", quoteShort(s))
	}
	return t, nil
}

// date reads a real date as YYYY-MM-DD from the year 1.
func (c *checker) date(p *path, s string) (workbook.Date, *Error) {
	date, err := workbook.ParseDate(s)
	if err != nil || date.Year < 1 {
		what := "not a real date"
		if len(s) != len("2006-01-02") || s[4] != '-' || s[7] != '-' {
			what = "not a date as YYYY-MM-DD"
		}
		return workbook.Date{}, c.fail(p, "%s is %s", quoteShort(s), what)
	}
	return date, nil
}

// text checks a value of field f: no NUL, at most f's limit (Field.Limit,
// the one rule the forms and the store follow too).
func (c *checker) text(p *path, s string, f workbook.Field) *Error {
	if strings.IndexByte(s, 0) >= 0 {
		return c.fail(p, "contains a NUL byte")
	}
	if n := f.Limit(); tooLong(s, n) {
		return c.fail(p, "longer than %d characters", n)
	}
	return nil
}

// runMember checks a member of a run as soon as it is read, so that a
// run's id is known good before its entries are handed on.
func (c *checker) runMember(p *path, key string, r *runRecord, run *workbook.Run) *Error {
	var err *Error
	switch key {
	case "id":
		err = c.id(p, r.ID)
		run.ID = r.ID
	case "number":
		if r.Number < 1 {
			return c.fail(p, "want a whole number from 1, found %d", r.Number)
		}
		run.Number = int(r.Number)
	case "started_at":
		run.StartedAt, err = c.time(p, r.StartedAt)
	case "closed_at":
		run.ClosedAt, err = c.time(p, *r.ClosedAt)
	case "pauses":
		run.Pauses = make([]workbook.Pause, 0, len(r.Pauses))
		for i := range r.Pauses {
			ip := p.at(i)
			pause, err := c.pause(&ip, &r.Pauses[i])
			if err != nil {
				return err
			}
			run.Pauses = append(run.Pauses, pause)
		}
	}
	return err
}

// runEnd checks what takes more than one member of a run, whose closed_at
// is at offset closedAt: it does not close before it starts.
func runEnd(p *path, run *workbook.Run, closedAt int64) *Error {
	if !run.ClosedAt.IsZero() && run.ClosedAt.Before(run.StartedAt) {
		cp := p.child("closed_at")
		return errorAt(&cp, closedAt, "%s is before started_at (%s): a run closes after it starts",
			run.ClosedAt.Format(time.RFC3339Nano), run.StartedAt.Format(time.RFC3339Nano))
	}
	return nil
}

func (c *checker) pause(p *path, pj *pauseRecord) (workbook.Pause, *Error) {
	var pause workbook.Pause
	var err *Error
	idp, fromp, pausedp := p.child("id"), p.child("from"), p.child("paused_at")
	if err = c.id(&idp, pj.ID); err != nil {
		return pause, err
	}
	pause.ID = pj.ID
	if pause.From, err = c.date(&fromp, pj.From); err != nil {
		return pause, err
	}
	if pause.PausedAt, err = c.time(&pausedp, pj.PausedAt); err != nil {
		return pause, err
	}
	// A pause is open (neither) or resumed (both).
	top, resumedp := p.child("to"), p.child("resumed_at")
	switch {
	case pj.To != nil && pj.ResumedAt == nil:
		return pause, c.fail(&resumedp, "missing")
	case pj.ResumedAt != nil && pj.To == nil:
		return pause, c.fail(&top, "missing")
	case pj.To == nil:
		return pause, nil
	}
	if pause.To, err = c.date(&top, *pj.To); err != nil {
		return pause, err
	}
	if pause.ResumedAt, err = c.time(&resumedp, *pj.ResumedAt); err != nil {
		return pause, err
	}
	// The day it ends may come before the day it began (a resume in
	// another time zone; the store allows it), not the moment.
	if pause.ResumedAt.Before(pause.PausedAt) {
		return pause, c.fail(&resumedp, "%s is before paused_at (%s): a pause ends after it starts",
			pause.ResumedAt.Format(time.RFC3339Nano), pause.PausedAt.Format(time.RFC3339Nano))
	}
	return pause, nil
}

// entry checks an entry of a file of the given version against the
// workbook, and returns it as the workbook has it.
func (c *checker) entry(p *path, ej *entryRecord, wb *exercises, gate *versionGate) (workbook.EntryArchive, *Error) {
	e := workbook.EntryArchive{ID: ej.ID}
	var err *Error
	idp, exp, createdp, revsp := p.child("id"), p.child("exercise"), p.child("created_at"), p.child("revisions")
	datep := p.child("date") // not a content id: the entry's key
	if err = c.id(&idp, ej.ID); err != nil {
		return e, err
	}
	ex := wb.exercise(ej.Exercise)
	if ex == nil {
		return e, c.fail(&exp, "unknown exercise %s", quoteShort(ej.Exercise))
	}
	if err := gate.check(c, &exp, ex, nil); err != nil {
		return e, err
	}
	e.Exercise = ex.ID
	if e.Date, err = c.date(&datep, ej.Date); err != nil {
		return e, err
	}
	if e.CreatedAt, err = c.time(&createdp, ej.CreatedAt); err != nil {
		return e, err
	}
	if len(ej.Revisions) == 0 {
		return e, c.fail(&revsp, "empty (an entry has at least one revision)")
	}
	e.Revisions = make([]workbook.Revision, 0, len(ej.Revisions))
	for i := range ej.Revisions {
		rp := revsp.at(i)
		r, err := c.revision(&rp, &ej.Revisions[i], ex, gate)
		if err != nil {
			return e, err
		}
		r.EntryID = e.ID
		e.Revisions = append(e.Revisions, r)
	}
	return e, nil
}

func (c *checker) revision(p *path, rj *revisionRecord, ex *workbook.Exercise, gate *versionGate) (workbook.Revision, *Error) {
	r := workbook.Revision{ID: rj.ID}
	var err *Error
	idp, savedp, fieldsp, listsp := p.child("id"), p.child("saved_at"), p.child("fields"), p.child("lists")
	if err = c.id(&idp, rj.ID); err != nil {
		return r, err
	}
	if r.SavedAt, err = c.time(&savedp, rj.SavedAt); err != nil {
		return r, err
	}
	// Keys in order, as export writes them, so that the first problem is
	// always the same one.
	for _, key := range sortedKeys(rj.Fields) {
		kp := fieldsp.child(key)
		f, err := c.field(&fieldsp, &kp, key, ex, gate)
		if err != nil {
			return r, err
		}
		if f.Kind == workbook.FieldList {
			return r, c.fail(&kp, "a list of %q, which goes under lists", ex.ID)
		}
		if err := c.text(&kp, rj.Fields[key], f); err != nil {
			return r, err
		}
	}
	r.Answer.Fields = rj.Fields
	r.Answer.Lists = make(map[string][]workbook.ListItem, len(rj.Lists))
	for _, key := range sortedKeys(rj.Lists) {
		kp := listsp.child(key)
		f, err := c.field(&listsp, &kp, key, ex, gate)
		if err != nil {
			return r, err
		}
		if f.Kind != workbook.FieldList {
			return r, c.fail(&kp, "not a list of %q; it goes under fields", ex.ID)
		}
		items, err := c.items(&kp, rj.Lists[key], f)
		if err != nil {
			return r, err
		}
		// An empty list is the same as no list, and is left out.
		if len(items) > 0 {
			r.Answer.Lists[key] = items
		}
	}
	return r, nil
}

// field is the field key of ex, a key of the object at op.
func (c *checker) field(op, kp *path, key string, ex *workbook.Exercise, gate *versionGate) (workbook.Field, *Error) {
	if strings.IndexByte(key, 0) >= 0 {
		return workbook.Field{}, c.fail(op, "contains a NUL byte")
	}
	f, ok := ex.Field(key)
	if !ok {
		return f, c.fail(kp, "not a field of %q", ex.ID)
	}
	return f, gate.check(c, kp, ex, &f)
}

func (c *checker) items(p *path, ijs []itemRecord, f workbook.Field) ([]workbook.ListItem, *Error) {
	if len(ijs) > workbook.MaxListItems {
		return nil, c.fail(p, "more than %d items", workbook.MaxListItems)
	}
	items := make([]workbook.ListItem, 0, len(ijs))
	for i, ij := range ijs {
		ip := p.at(i)
		idp, textp, refp := ip.child("id"), ip.child("text"), ip.child("ref")
		if err := c.id(&idp, ij.ID); err != nil {
			return nil, err
		}
		if j := slices.IndexFunc(items, func(it workbook.ListItem) bool { return it.ID == ij.ID }); j >= 0 {
			other := p.at(j)
			return nil, c.fail(&idp, "%q is also the id of %s", ij.ID, other.String())
		}
		if err := c.text(&textp, ij.Text, f); err != nil {
			return nil, err
		}
		if ij.Ref != "" {
			if err := c.id(&refp, ij.Ref); err != nil {
				return nil, err
			}
		}
		items = append(items, workbook.ListItem(ij))
	}
	return items, nil
}

// exercises looks up the workbook's exercises by id, once each.
type exercises struct {
	wb   *workbook.Workbook
	byID map[string]*workbook.Exercise
}

// exercise returns the workbook's exercise with the given id, or nil.
func (x *exercises) exercise(id string) *workbook.Exercise {
	if ex, ok := x.byID[id]; ok {
		return ex
	}
	if x.wb == nil {
		return nil
	}
	ex, ok := x.wb.Exercise(id)
	if !ok {
		return nil
	}
	if x.byID == nil {
		x.byID = map[string]*workbook.Exercise{}
	}
	x.byID[id] = &ex
	return &ex
}

// tooLong reports whether s has more than n code points.
func tooLong(s string, n int) bool {
	return len(s) > n && utf8.RuneCountInString(s) > n
}
