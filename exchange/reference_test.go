package exchange

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

// The shapes of format autonomy/3 (those of autonomy/1) as structs for
// encoding/json: the reference EncodeJSON's writer must match byte for
// byte.
type (
	refFile struct {
		Format string   `json:"format"`
		Runs   []refRun `json:"runs"`
	}
	refRun struct {
		ID        string     `json:"id"`
		Number    int        `json:"number"`
		StartedAt string     `json:"started_at"`
		ClosedAt  string     `json:"closed_at,omitempty"`
		Pauses    []refPause `json:"pauses"`
		Entries   []refEntry `json:"entries"`
	}
	refPause struct {
		ID        string `json:"id"`
		From      string `json:"from"`
		To        string `json:"to,omitempty"`
		PausedAt  string `json:"paused_at"`
		ResumedAt string `json:"resumed_at,omitempty"`
	}
	refEntry struct {
		ID        string        `json:"id"`
		Exercise  string        `json:"exercise"`
		Date      string        `json:"date"`
		CreatedAt string        `json:"created_at"`
		Revisions []refRevision `json:"revisions"`
	}
	refRevision struct {
		ID      string               `json:"id"`
		SavedAt string               `json:"saved_at"`
		Fields  map[string]string    `json:"fields"`
		Lists   map[string][]refItem `json:"lists"`
	}
	refItem struct {
		ID   string `json:"id"`
		Text string `json:"text"`
		Ref  string `json:"ref,omitempty"`
	}
)

func refEncode(t *testing.T, a workbook.Archive) []byte {
	tm := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(timeLayout)
	}
	f := refFile{Format: Format, Runs: []refRun{}}
	for _, r := range a.Runs {
		run := refRun{ID: r.Run.ID, Number: r.Run.Number, StartedAt: tm(r.Run.StartedAt), ClosedAt: tm(r.Run.ClosedAt),
			Pauses: []refPause{}, Entries: []refEntry{}}
		for _, p := range r.Run.Pauses {
			run.Pauses = append(run.Pauses, refPause{ID: p.ID, From: p.From.String(), To: p.To.String(),
				PausedAt: tm(p.PausedAt), ResumedAt: tm(p.ResumedAt)})
		}
		for _, e := range r.Entries {
			entry := refEntry{ID: e.ID, Exercise: e.Exercise, Date: e.Date.String(), CreatedAt: tm(e.CreatedAt), Revisions: []refRevision{}}
			for _, rev := range e.Revisions {
				rr := refRevision{ID: rev.ID, SavedAt: tm(rev.SavedAt), Fields: map[string]string{}, Lists: map[string][]refItem{}}
				for k, v := range rev.Answer.Fields {
					rr.Fields[k] = v
				}
				for k, items := range rev.Answer.Lists {
					for _, it := range items {
						rr.Lists[k] = append(rr.Lists[k], refItem(it))
					}
				}
				entry.Revisions = append(entry.Revisions, rr)
			}
			run.Entries = append(run.Entries, entry)
		}
		f.Runs = append(f.Runs, run)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEncodeJSONMatchesEncodingJSON(t *testing.T) {
	wb := loadWorkbook(t)
	odd := smallArchive()
	odd.Runs[0].Entries[0].Revisions[0].Answer.Fields["level_why"] = "\x00\x01\b\f\n\r\t\"\\<>&\u2028\u2029\x7f é 😀 \x1b[31m"
	odd.Runs[0].Entries[0].Revisions[0].Answer.Fields["odd key \u2028\""] = ""
	odd.Runs[0].Entries[1].Revisions[0].Answer.Lists["items"][0].Ref = "ref"
	odd.Runs[0].Run.ClosedAt = time.Date(2026, 4, 1, 0, 0, 0, 1, time.FixedZone("x", -7*3600))
	for name, a := range map[string]workbook.Archive{
		"small": smallArchive(), "rich": richArchive(wb), "odd strings": odd, "empty": {},
		"big": bigArchive(wb),
	} {
		got, want := encode(t, wb, a), refEncode(t, a)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: EncodeJSON differs from encoding/json: %s", name, firstDiff(got, want))
		}
	}
	if !strings.Contains(string(encode(t, wb, odd)), `"\u0000\u0001\b\f\n\r\t\"\\<>&\u2028\u2029`+"\x7f é 😀 \\u001b[31m\"") {
		t.Error("escapes")
	}
}
