package store

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"autonomy/workbook"
)

// timeLayout is how the program's tables store a time: UTC RFC 3339 with a
// fixed nine-digit fraction, so that times sort as text in time order
// (time.RFC3339Nano drops trailing zeros, and "05Z" sorts after "05.1Z").
// time.RFC3339Nano parses it.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// formatTime returns t as stored. It refuses the zero time, a caller's
// mistake, and years that do not fit four digits.
func formatTime(t time.Time) (string, error) {
	if t.IsZero() {
		return "", errors.New("no time given")
	}
	t = t.UTC()
	if y := t.Year(); y < 1 || y > 9999 {
		return "", fmt.Errorf("time %v out of range", t)
	}
	return t.Format(timeLayout), nil
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// parseNullTime parses a time column that may be NULL; NULL is the zero time.
func parseNullTime(s *string) (time.Time, error) {
	if s == nil {
		return time.Time{}, nil
	}
	return parseTime(*s)
}

// dateOf is the calendar day of t in t's own location: the caller passes
// local time, so the day moves on at the person's midnight.
func dateOf(t time.Time) workbook.Date {
	y, m, d := t.Date()
	return workbook.Date{Year: y, Month: m, Day: d}
}

// formatDate returns d as "YYYY-MM-DD", or an error when d is not a real
// day between the years 1 and 9999.
func formatDate(d workbook.Date) (string, error) {
	if d.Year < 1 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 ||
		d.Day > time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return "", fmt.Errorf("not a real date: %04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day), nil
}

// parseDate parses "YYYY-MM-DD" (spaces around it allowed); ok is false for
// anything else, which includes "".
func parseDate(s string) (d workbook.Date, ok bool) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return workbook.Date{}, false
	}
	return dateOf(t), true
}

func parseNullDate(s *string) (workbook.Date, error) {
	if s == nil {
		return workbook.Date{}, nil
	}
	d, ok := parseDate(*s)
	if !ok {
		return d, fmt.Errorf("stored date %q", *s)
	}
	return d, nil
}

// newID returns a new random id: 16 bytes from crypto/rand, in hex.
func newID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand, Go 1.24+)
	return hex.EncodeToString(b[:])
}

// valueRow is one row of revision_values.
type valueRow struct {
	field    string
	position int
	itemID   string
	ref      string
	kind     string
	value    string
}

// checkText refuses what the database would refuse or could not keep
// exactly: invalid UTF-8, NUL characters, and more than limit code points
// (limit 0: no limit).
func checkText(s string, limit int) error {
	if !utf8.ValidString(s) {
		return errors.New("not valid UTF-8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return errors.New("contains a NUL character")
	}
	if n := utf8.RuneCountInString(s); limit > 0 && n > limit {
		return fmt.Errorf("at most %d characters (now %d)", limit, n)
	}
	return nil
}

// answerRows turns an answer to ex into the rows of one revision, in a
// fixed order. It refuses fields ex does not have, a list given as a scalar
// or the other way round, text over the field's limit (Field.Limit, the
// one rule: within what revision_values' CHECK accepts) or that the
// database would refuse, and two items of a list with the same id. An item without an id gets a new one. An empty
// list has no rows: it reads back as no list.
func answerRows(ex workbook.Exercise, a workbook.Answer) ([]valueRow, error) {
	rows := make([]valueRow, 0, len(a.Fields)+len(a.Lists))
	for _, id := range sortedKeys(a.Fields) {
		f, ok := ex.Field(id)
		if !ok {
			return nil, fmt.Errorf("exercise %q has no field %q", ex.ID, id)
		}
		switch f.Kind {
		case workbook.FieldText, workbook.FieldTextarea, workbook.FieldNumber,
			workbook.FieldDate, workbook.FieldChoice:
		case workbook.FieldList:
			return nil, fmt.Errorf("field %q of %q is a list, given as text", id, ex.ID)
		default:
			return nil, fmt.Errorf("field %q of %q: unknown kind %q", id, ex.ID, f.Kind)
		}
		v := a.Fields[id]
		if err := checkText(v, f.Limit()); err != nil {
			return nil, fmt.Errorf("field %q of %q: %w", id, ex.ID, err)
		}
		rows = append(rows, valueRow{field: id, kind: string(f.Kind), value: v})
	}
	for _, id := range sortedKeys(a.Lists) {
		f, ok := ex.Field(id)
		if !ok {
			return nil, fmt.Errorf("exercise %q has no field %q", ex.ID, id)
		}
		if f.Kind != workbook.FieldList {
			return nil, fmt.Errorf("field %q of %q is not a list", id, ex.ID)
		}
		seen := make(map[string]bool, len(a.Lists[id]))
		for i, it := range a.Lists[id] {
			if it.ID == "" {
				it.ID = newID()
			}
			if seen[it.ID] {
				return nil, fmt.Errorf("field %q of %q: two items with id %q", id, ex.ID, it.ID)
			}
			seen[it.ID] = true
			if err := checkText(it.ID, 0); err != nil {
				return nil, fmt.Errorf("field %q of %q: item %d id: %w", id, ex.ID, i+1, err)
			}
			if err := checkText(it.Ref, 0); err != nil {
				return nil, fmt.Errorf("field %q of %q: item %d ref: %w", id, ex.ID, i+1, err)
			}
			if err := checkText(it.Text, f.Limit()); err != nil {
				return nil, fmt.Errorf("field %q of %q: item %d: %w", id, ex.ID, i+1, err)
			}
			rows = append(rows, valueRow{
				field: id, position: i, itemID: it.ID, ref: it.Ref,
				kind: string(workbook.FieldList), value: it.Text,
			})
		}
	}
	return rows, nil
}

// rowsAnswer is the answer the rows of one revision hold, in the order of
// their positions. Its maps are never nil.
func rowsAnswer(rows []valueRow) workbook.Answer {
	a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
	for _, r := range rows {
		if r.kind == string(workbook.FieldList) {
			a.Lists[r.field] = append(a.Lists[r.field], workbook.ListItem{ID: r.itemID, Text: r.value, Ref: r.ref})
		} else {
			a.Fields[r.field] = r.value
		}
	}
	return a
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// maxDraftChars is the longest draft answer, as JSON, drafts accepts.
const maxDraftChars = 200000

// draftAnswer is the JSON form of a draft's answer. Its names are part of
// the file format: change them only with a migration.
type draftAnswer struct {
	Fields map[string]string      `json:"fields,omitempty"`
	Lists  map[string][]draftItem `json:"lists,omitempty"`
}

type draftItem struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Ref  string `json:"ref,omitempty"`
}

// encodeDraft returns a's JSON. Invalid UTF-8 in a draft becomes U+FFFD
// rather than losing the draft.
func encodeDraft(a workbook.Answer) (string, error) {
	d := draftAnswer{Fields: a.Fields}
	if len(a.Lists) > 0 {
		d.Lists = make(map[string][]draftItem, len(a.Lists))
		for id, items := range a.Lists {
			l := make([]draftItem, len(items))
			for i, it := range items {
				l[i] = draftItem(it)
			}
			d.Lists[id] = l
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return "", err
	}
	s := strings.TrimSuffix(b.String(), "\n")
	if n := utf8.RuneCountInString(s); n > maxDraftChars {
		return "", fmt.Errorf("draft too large (%d characters as JSON, at most %d)", n, maxDraftChars)
	}
	return s, nil
}

// decodeDraft is the answer of a draft's JSON. Its maps are never nil.
func decodeDraft(s string) (workbook.Answer, error) {
	var d draftAnswer
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return workbook.Answer{}, err
	}
	a := workbook.Answer{Fields: d.Fields, Lists: make(map[string][]workbook.ListItem, len(d.Lists))}
	if a.Fields == nil {
		a.Fields = map[string]string{}
	}
	for id, items := range d.Lists {
		l := make([]workbook.ListItem, len(items))
		for i, it := range items {
			l[i] = workbook.ListItem(it)
		}
		a.Lists[id] = l
	}
	return a, nil
}
