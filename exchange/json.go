// Package exchange takes a person's answers out of the app and back in: a
// readable Markdown report of one run to share with a peer or a manager
// (EncodeMarkdown), and a complete, versioned JSON file (EncodeJSON) that
// DecodeJSON reads back without loss. FORMAT.md documents both.
package exchange

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"time"
	"unicode/utf8"

	"autonomy/workbook"
)

// Format is the version EncodeJSON writes. A change that adds records
// raises it, and DecodeJSON keeps reading every earlier one (Readable).
const Format = "autonomy/1"

// The JSON shapes of format autonomy/1. Structs give a fixed key order;
// encoding/json writes map keys sorted.
type (
	fileV1 struct {
		Format string  `json:"format"`
		Runs   []runV1 `json:"runs"`
	}
	runV1 struct {
		ID        string    `json:"id"`
		Number    int       `json:"number"`
		StartedAt string    `json:"started_at"`
		ClosedAt  string    `json:"closed_at,omitempty"`
		Pauses    []pauseV1 `json:"pauses"`
		Entries   []entryV1 `json:"entries"`
	}
	pauseV1 struct {
		ID        string `json:"id"`
		From      string `json:"from"`
		To        string `json:"to,omitempty"`
		PausedAt  string `json:"paused_at"`
		ResumedAt string `json:"resumed_at,omitempty"`
	}
	entryV1 struct {
		ID        string       `json:"id"`
		Exercise  string       `json:"exercise"`
		Date      string       `json:"date"`
		CreatedAt string       `json:"created_at"`
		Revisions []revisionV1 `json:"revisions"`
	}
	revisionV1 struct {
		ID      string              `json:"id"`
		SavedAt string              `json:"saved_at"`
		Fields  map[string]string   `json:"fields"`
		Lists   map[string][]itemV1 `json:"lists"`
	}
	itemV1 struct {
		ID   string `json:"id"`
		Text string `json:"text"`
		Ref  string `json:"ref,omitempty"`
	}
)

// EncodeJSON writes the archive in format autonomy/1: every run, pause,
// entry and revision in the order given (the store gives runs by number,
// the rest oldest first), as indented JSON with a final newline. The same
// archive always gives the same bytes: keys in a fixed order (answer keys
// sorted), times in UTC with nine fraction digits, and no time of export.
// An empty list is left out (it is the same as no list).
//
// It writes the values as they are, over the limits or not: the store
// keeps them within the limits DecodeJSON checks. It refuses only what it
// could not write faithfully: text that is not valid UTF-8, a missing or
// out-of-range time or date. wb is not needed by this format.
func EncodeJSON(w io.Writer, wb *workbook.Workbook, a workbook.Archive) error {
	f, err := toV1(a)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	return bw.Flush()
}

// encodeError is a problem of an archive EncodeJSON cannot write.
func encodeError(p, format string, args ...any) error {
	return &Error{Path: p, Msg: fmt.Sprintf(format, args...)}
}

func toV1(a workbook.Archive) (fileV1, error) {
	f := fileV1{Format: Format, Runs: make([]runV1, 0, len(a.Runs))}
	for i, r := range a.Runs {
		p := fmt.Sprintf("runs[%d]", i)
		run := runV1{
			ID:      r.Run.ID,
			Number:  r.Run.Number,
			Pauses:  make([]pauseV1, 0, len(r.Run.Pauses)),
			Entries: make([]entryV1, 0, len(r.Entries)),
		}
		var err error
		if run.StartedAt, err = formatTime(p+".started_at", r.Run.StartedAt, true); err != nil {
			return f, err
		}
		if run.ClosedAt, err = formatTime(p+".closed_at", r.Run.ClosedAt, false); err != nil {
			return f, err
		}
		if err := checkText(p+".id", r.Run.ID); err != nil {
			return f, err
		}
		for j, pa := range r.Run.Pauses {
			pp := fmt.Sprintf("%s.pauses[%d]", p, j)
			pause := pauseV1{ID: pa.ID}
			if err := checkText(pp+".id", pa.ID); err != nil {
				return f, err
			}
			if pause.From, err = formatDate(pp+".from", pa.From, true); err != nil {
				return f, err
			}
			if pause.To, err = formatDate(pp+".to", pa.To, false); err != nil {
				return f, err
			}
			if pause.PausedAt, err = formatTime(pp+".paused_at", pa.PausedAt, true); err != nil {
				return f, err
			}
			if pause.ResumedAt, err = formatTime(pp+".resumed_at", pa.ResumedAt, false); err != nil {
				return f, err
			}
			run.Pauses = append(run.Pauses, pause)
		}
		for j, e := range r.Entries {
			ep := fmt.Sprintf("%s.entries[%d]", p, j)
			entry, err := entryToV1(ep, e)
			if err != nil {
				return f, err
			}
			run.Entries = append(run.Entries, entry)
		}
		f.Runs = append(f.Runs, run)
	}
	return f, nil
}

func entryToV1(p string, e workbook.EntryArchive) (entryV1, error) {
	entry := entryV1{ID: e.ID, Exercise: e.Exercise, Revisions: make([]revisionV1, 0, len(e.Revisions))}
	var err error
	if err := checkText(p+".id", e.ID); err != nil {
		return entry, err
	}
	if err := checkText(p+".exercise", e.Exercise); err != nil {
		return entry, err
	}
	if entry.Date, err = formatDate(p+".date", e.Date, true); err != nil {
		return entry, err
	}
	if entry.CreatedAt, err = formatTime(p+".created_at", e.CreatedAt, true); err != nil {
		return entry, err
	}
	for k, r := range e.Revisions {
		rp := fmt.Sprintf("%s.revisions[%d]", p, k)
		rev := revisionV1{
			ID:     r.ID,
			Fields: make(map[string]string, len(r.Answer.Fields)),
			Lists:  make(map[string][]itemV1, len(r.Answer.Lists)),
		}
		if err := checkText(rp+".id", r.ID); err != nil {
			return entry, err
		}
		if rev.SavedAt, err = formatTime(rp+".saved_at", r.SavedAt, true); err != nil {
			return entry, err
		}
		for _, id := range sortedKeys(r.Answer.Fields) {
			v := r.Answer.Fields[id]
			if err := checkText(rp+".fields", id); err != nil {
				return entry, err
			}
			if err := checkText(rp+".fields."+id, v); err != nil {
				return entry, err
			}
			rev.Fields[id] = v
		}
		for _, id := range sortedKeys(r.Answer.Lists) {
			items := r.Answer.Lists[id]
			if len(items) == 0 {
				continue
			}
			if err := checkText(rp+".lists", id); err != nil {
				return entry, err
			}
			out := make([]itemV1, len(items))
			for n, it := range items {
				ip := fmt.Sprintf("%s.lists.%s[%d]", rp, id, n)
				for _, s := range [...]string{it.ID, it.Text, it.Ref} {
					if err := checkText(ip, s); err != nil {
						return entry, err
					}
				}
				out[n] = itemV1(it)
			}
			rev.Lists[id] = out
		}
		entry.Revisions = append(entry.Revisions, rev)
	}
	return entry, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkText refuses text that JSON cannot hold as it is: encoding/json
// would replace invalid UTF-8.
func checkText(p, s string) error {
	if !utf8.ValidString(s) {
		return encodeError(p, "not valid UTF-8")
	}
	return nil
}

// formatTime writes t in UTC with nine fraction digits; "" for the zero
// time when it is optional.
func formatTime(p string, t time.Time, required bool) (string, error) {
	if t.IsZero() {
		if required {
			return "", encodeError(p, "no time")
		}
		return "", nil
	}
	t = t.UTC()
	if y := t.Year(); y < 1 || y > 9999 {
		return "", encodeError(p, "time %v out of range", t)
	}
	return t.Format(timeLayout), nil
}

// formatDate writes d as YYYY-MM-DD; "" for the zero date when it is
// optional.
func formatDate(p string, d workbook.Date, required bool) (string, error) {
	if d.IsZero() {
		if required {
			return "", encodeError(p, "no date")
		}
		return "", nil
	}
	s := d.String()
	if got, err := workbook.ParseDate(s); err != nil || got != d || d.Year < 1 {
		return "", encodeError(p, "not a real date: %04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return s, nil
}
