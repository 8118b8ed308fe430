package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"autonomy/workbook"
)

func TestJSONRoundTrip(t *testing.T) {
	wb := loadWorkbook(t)
	a := richArchive(wb)
	first := encode(t, wb, a)
	if again := encode(t, wb, a); !bytes.Equal(first, again) {
		t.Fatal("two encodings of the same archive differ")
	}
	got, err := DecodeJSON(bytes.NewReader(first), wb)
	if err != nil {
		t.Fatalf("DecodeJSON: %v", err)
	}
	if second := encode(t, wb, got); !bytes.Equal(first, second) {
		t.Fatalf("encode(decode(encode(a))) differs from encode(a):\n%s", firstDiff(first, second))
	}
	if want := inUTC(a); !reflect.DeepEqual(got, want) {
		t.Fatalf("decode(encode(a)) differs from a:\n got %+v\nwant %+v", got, want)
	}
	for _, r := range got.Runs {
		for _, e := range r.Entries {
			for _, rev := range e.Revisions {
				if rev.SavedAt.Location() != time.UTC {
					t.Fatalf("revision %s: saved_at in %v, want UTC", rev.ID, rev.SavedAt.Location())
				}
			}
		}
	}
	// Every exercise, several revisions, multi-byte and multi-line text.
	for _, want := range []string{`"exercise": "feedback-manager"`, `"ref": "blockers-item-1"`, "ça marche 🎉", `\n\n  indented \"quoted\" <b>x</b> & \\`, `"to": "2026-03-12"`, `"closed_at": "2026-03-31T17:30:00.000000000Z"`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("export lacks %s", want)
		}
	}
	for _, ex := range wb.Exercises {
		if !bytes.Contains(first, []byte(fmt.Sprintf("%q", ex.ID))) {
			t.Errorf("export lacks exercise %q", ex.ID)
		}
	}
}

// firstDiff shows where two byte slices first differ.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(i-80, 0)
	return fmt.Sprintf("at byte %d:\n%q\n%q", i, a[lo:min(i+80, len(a))], b[lo:min(i+80, len(b))])
}

// smallArchive is the archive of the example in FORMAT.md.
func smallArchive() workbook.Archive {
	saved := time.Date(2026, 3, 2, 8, 15, 0, 120000000, time.UTC)
	return workbook.Archive{Runs: []workbook.RunArchive{{
		Run: workbook.Run{
			ID: "6f1c0e0a4b1d4c7e9a2b3c4d5e6f7a8b", Number: 1,
			StartedAt: time.Date(2026, 3, 1, 9, 30, 15, 0, time.UTC),
			Pauses: []workbook.Pause{{
				ID: "0b9e6c8d7f6a4e5d8c7b6a5f4e3d2c1b", From: date(2026, 3, 5), To: date(2026, 3, 7),
				PausedAt: time.Date(2026, 3, 5, 18, 0, 0, 0, time.UTC), ResumedAt: time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC),
			}},
			Challenge: "Ship the monthly report without waiting for sign-off.", StartDate: date(2026, 3, 1),
			Level: "1",
		},
		Entries: []workbook.EntryArchive{
			{
				ID: "1d2e3f4a5b6c4d7e8f9a0b1c2d3e4f5a", Exercise: "challenge", Date: date(2026, 3, 1),
				CreatedAt: time.Date(2026, 3, 1, 9, 30, 15, 0, time.UTC),
				Revisions: []workbook.Revision{{
					ID: "2e3f4a5b6c7d4e8f9a0b1c2d3e4f5a6b", EntryID: "1d2e3f4a5b6c4d7e8f9a0b1c2d3e4f5a",
					SavedAt: time.Date(2026, 3, 1, 9, 30, 15, 0, time.UTC),
					Answer: workbook.Answer{Fields: map[string]string{
						"challenge":  "Ship the monthly report without waiting for sign-off.",
						"start_date": "2026-03-01", "level": "1", "level_why": "",
					}, Lists: map[string][]workbook.ListItem{}},
				}},
			},
			{
				ID: "3f4a5b6c7d8e4f9a0b1c2d3e4f5a6b7c", Exercise: "blockers", Date: date(2026, 3, 2),
				CreatedAt: saved,
				Revisions: []workbook.Revision{{
					ID: "4a5b6c7d8e9f4a0b1c2d3e4f5a6b7c8d", EntryID: "3f4a5b6c7d8e4f9a0b1c2d3e4f5a6b7c", SavedAt: saved,
					Answer: workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{
						"items": {{ID: "a1b2c3d4e5f60718", Text: "Numbers arrive late"}, {ID: "b2c3d4e5f6071829", Text: "Every change needs a \"go\""}},
					}},
				}},
			},
		},
	}}}
}

// smallJSON is the export of smallArchive, as FORMAT.md shows it.
const smallJSON = `{
  "format": "autonomy/3",
  "runs": [
    {
      "id": "6f1c0e0a4b1d4c7e9a2b3c4d5e6f7a8b",
      "number": 1,
      "started_at": "2026-03-01T09:30:15.000000000Z",
      "pauses": [
        {
          "id": "0b9e6c8d7f6a4e5d8c7b6a5f4e3d2c1b",
          "from": "2026-03-05",
          "to": "2026-03-07",
          "paused_at": "2026-03-05T18:00:00.000000000Z",
          "resumed_at": "2026-03-07T08:00:00.000000000Z"
        }
      ],
      "entries": [
        {
          "id": "1d2e3f4a5b6c4d7e8f9a0b1c2d3e4f5a",
          "exercise": "challenge",
          "date": "2026-03-01",
          "created_at": "2026-03-01T09:30:15.000000000Z",
          "revisions": [
            {
              "id": "2e3f4a5b6c7d4e8f9a0b1c2d3e4f5a6b",
              "saved_at": "2026-03-01T09:30:15.000000000Z",
              "fields": {
                "challenge": "Ship the monthly report without waiting for sign-off.",
                "level": "1",
                "level_why": "",
                "start_date": "2026-03-01"
              },
              "lists": {}
            }
          ]
        },
        {
          "id": "3f4a5b6c7d8e4f9a0b1c2d3e4f5a6b7c",
          "exercise": "blockers",
          "date": "2026-03-02",
          "created_at": "2026-03-02T08:15:00.120000000Z",
          "revisions": [
            {
              "id": "4a5b6c7d8e9f4a0b1c2d3e4f5a6b7c8d",
              "saved_at": "2026-03-02T08:15:00.120000000Z",
              "fields": {},
              "lists": {
                "items": [
                  {
                    "id": "a1b2c3d4e5f60718",
                    "text": "Numbers arrive late"
                  },
                  {
                    "id": "b2c3d4e5f6071829",
                    "text": "Every change needs a \"go\""
                  }
                ]
              }
            }
          ]
        }
      ]
    }
  ]
}
`

func TestEncodeJSONShape(t *testing.T) {
	wb := loadWorkbook(t)
	if got := string(encode(t, wb, smallArchive())); got != smallJSON {
		t.Fatalf("export:\n%s\nwant:\n%s", got, smallJSON)
	}
	a, err := DecodeJSON(strings.NewReader(smallJSON), wb)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, smallArchive()) {
		t.Fatalf("decoded %+v\nwant %+v", a, smallArchive())
	}
	// The example in FORMAT.md is this file.
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```json\n"+smallJSON+"```") {
		t.Error("FORMAT.md does not show the export of smallArchive as its example")
	}
}

func TestEncodeJSONEmpty(t *testing.T) {
	wb := loadWorkbook(t)
	got := string(encode(t, wb, workbook.Archive{}))
	if want := "{\n  \"format\": \"autonomy/3\",\n  \"runs\": []\n}\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	a, err := DecodeJSON(strings.NewReader(got), wb)
	if err != nil || len(a.Runs) != 0 {
		t.Fatalf("decode: %+v, %v", a, err)
	}
}

func TestEncodeJSONRefuses(t *testing.T) {
	wb := loadWorkbook(t)
	for name, tc := range map[string]struct {
		edit func(*workbook.Archive)
		want string
	}{
		"invalid UTF-8": {func(a *workbook.Archive) {
			a.Runs[0].Entries[1].Revisions[0].Answer.Lists["items"][1].Text = "bad \xff"
		}, "runs[0].entries[1].revisions[0].lists.items[1]: not valid UTF-8"},
		"no start time": {func(a *workbook.Archive) { a.Runs[0].Run.StartedAt = time.Time{} }, "runs[0].started_at: no time"},
		"no date":       {func(a *workbook.Archive) { a.Runs[0].Entries[0].Date = workbook.Date{} }, "runs[0].entries[0].date: no date"},
		"bad date": {func(a *workbook.Archive) { a.Runs[0].Run.Pauses[0].To = date(2026, 2, 30) },
			"runs[0].pauses[0].to: not a real date: 2026-02-30"},
	} {
		t.Run(name, func(t *testing.T) {
			a := smallArchive()
			tc.edit(&a)
			err := EncodeJSON(io.Discard, wb, a)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
		})
	}
}

// edit replaces the first occurrence of old in smallJSON, which must be
// there.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(smallJSON, old) {
		t.Fatalf("smallJSON has no %q", old)
	}
	return strings.Replace(smallJSON, old, new, 1)
}

// encodeEdited is the export of smallArchive after edit, which may break
// the rules DecodeJSON checks: EncodeJSON writes what it is given.
func encodeEdited(t *testing.T, edit func(a *workbook.Archive)) string {
	a := smallArchive()
	edit(&a)
	var buf bytes.Buffer
	if err := EncodeJSON(&buf, nil, a); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// withAnswer is the export of smallArchive with an entry first (at
// runs[0].entries[0]) whose answer to exercise has field set to value.
func withAnswer(t *testing.T, exercise, field, value string) string {
	return encodeEdited(t, func(a *workbook.Archive) {
		saved := time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC)
		e := workbook.EntryArchive{ID: "e0", Exercise: exercise, Date: date(2026, 3, 3), CreatedAt: saved,
			Revisions: []workbook.Revision{{ID: "v0", EntryID: "e0", SavedAt: saved,
				Answer: workbook.Answer{Fields: map[string]string{field: value}}}}}
		a.Runs[0].Entries = append([]workbook.EntryArchive{e}, a.Runs[0].Entries...)
	})
}

// withDeep is withAnswer of a scope whose value is n nested arrays.
func withDeep(t *testing.T, n int) string {
	return strings.Replace(withAnswer(t, "scope", "scope", "x"), `"scope": "x"`, `"scope": `+strings.Repeat("[", n)+strings.Repeat("]", n), 1)
}

// withItems is the export of smallArchive with n blockers.
func withItems(t *testing.T, n int) string {
	return encodeEdited(t, func(a *workbook.Archive) {
		var items []workbook.ListItem
		for i := range n {
			items = append(items, workbook.ListItem{ID: fmt.Sprintf("i%d", i), Text: fmt.Sprintf("item %d", i)})
		}
		a.Runs[0].Entries[1].Revisions[0].Answer.Lists["items"] = items
	})
}

// lineCol is the line and column of the first occurrence of sub in s.
func lineCol(s, sub string) string {
	line, col := textPosition(s, strings.Index(s, sub))
	return fmt.Sprintf("line %d, column %d", line, col)
}

// textPosition is the 1-based line and column, in characters, of byte off of s.
func textPosition(s string, off int) (line, col int) {
	before := s[:off]
	line = strings.Count(before, "\n") + 1
	return line, utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:]) + 1
}

// placeless is the message of err without its line and column, when it
// has a JSON path: "runs[0].number: want a number, found a string".
func placeless(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Path != "" {
		return e.Path + ": " + e.Msg
	}
	return fmt.Sprint(err)
}

func TestDecodeJSONErrors(t *testing.T) {
	wb := loadWorkbook(t)
	const rev = "runs[0].entries[0].revisions[0]"
	invalid := edit(t, "Numbers arrive late", "Numbers \xffarrive late")
	rawNUL := edit(t, "Numbers arrive late", "Numbers \x00arrive late")
	badEscape := edit(t, "Numbers arrive late", `Numbers \x late`)
	tests := []struct {
		name, in, want string
	}{
		{"not JSON", "hello", "line 1, column 1: invalid character 'h' looking for beginning of value"},
		{"the Markdown report", "# Autonomy report — Run 1\n\nStarted on 2026-11-28.\n",
			"this is a Markdown report, not a JSON export: import reads what `autonomy export --format json` writes"},
		{"not JSON either", "{format: 1}", "line 1, column 2: invalid character 'f' looking for beginning of object key string"},
		{"truncated", `{"format":"autonomy/1","runs":[`, "line 1, column 32: unexpected end of JSON input"},
		{"truncated export", smallJSON[:len(smallJSON)/2], lineCol(smallJSON+"x", smallJSON[len(smallJSON)/2:]+"x") + ": unexpected end of JSON input"},
		{"empty file", "", "empty file"},
		{"blank file", " \n\t\r\n", "empty file"},
		{"trailing data", smallJSON + "{}", "line 66, column 1" + ": invalid character '{' after top-level value"},
		{"not an object", "[]", "line 1, column 1: want an object at the top level, found an array"},
		{"wrong version", edit(t, `"autonomy/3"`, `"autonomy/9"`), `format: "autonomy/9" is not a version this build reads (autonomy/1, autonomy/2, autonomy/3)`},
		{"missing format", edit(t, `  "format": "autonomy/3",`+"\n", ""), `format: missing (want "autonomy/3")`},
		{"format not a string", edit(t, `"autonomy/3"`, `1`), `format: want a string, found a number`},
		{"format twice", edit(t, `  "format": "autonomy/3",`, `  "format": "autonomy/3", "format": "autonomy/3",`), `format: duplicate key`},
		{"string for number", edit(t, `"number": 1`, `"number": "1"`), "runs[0].number: want a number, found a string"},
		{"fraction for number", edit(t, `"number": 1`, `"number": 1.5`), "runs[0].number: want a whole number from 1, found 1.5"},
		{"zero number", edit(t, `"number": 1`, `"number": 0`), "runs[0].number: want a whole number from 1, found 0"},
		{"object for array", edit(t, `"pauses": [`, `"pauses": {}, "pausez": [`), "runs[0].pauses: want an array, found an object"},
		{"null for string", edit(t, `"exercise": "blockers"`, `"exercise": null`), "runs[0].entries[1].exercise: want a string, found null"},
		{"number for text", strings.Replace(withAnswer(t, "scope", "scope", "x"), `"scope": "x"`, `"scope": 5`, 1), rev + ".fields.scope: want a string, found a number"},
		{"missing entry id", edit(t, `          "id": "3f4a5b6c7d8e4f9a0b1c2d3e4f5a6b7c",`+"\n", ""), "runs[0].entries[1].id: missing"},
		{"missing runs", edit(t, `"runs"`, `"runz"`), "runz: unknown key"},
		{"missing lists", edit(t, `,
              "lists": {}`, ""), rev + ".lists: missing"},
		{"pause resumed without time", edit(t, `,
          "resumed_at": "2026-03-07T08:00:00.000000000Z"`, ""), "runs[0].pauses[0].resumed_at: missing"},
		{"no revisions", encodeEdited(t, func(a *workbook.Archive) { a.Runs[0].Entries[1].Revisions = nil }),
			"runs[0].entries[1].revisions: empty (an entry has at least one revision)"},
		{"unknown exercise", edit(t, `"exercise": "blockers"`, `"exercise": "x"`), `runs[0].entries[1].exercise: unknown exercise "x"`},
		{"unknown field", edit(t, `"level": "1",`, `"level": "1", "color": "red",`), `runs[0].entries[0].revisions[0].fields.color: not a field of "challenge"`},
		{"unknown key", edit(t, `"number": 1,`, `"number": 1, "colour": "red",`), "runs[0].colour: unknown key"},
		{"list under fields", edit(t, `"fields": {},`, `"fields": {"items": "x"},`), `runs[0].entries[1].revisions[0].fields.items: a list of "blockers", which goes under lists`},
		{"text under lists", edit(t, `"lists": {}`, `"lists": {"level": []}`), `runs[0].entries[0].revisions[0].lists.level: not a list of "challenge"; it goes under fields`},
		{"odd key", edit(t, `"level": "1",`, `"level": "1", "a b.c": "x",`), `runs[0].entries[0].revisions[0].fields["a b.c"]: not a field of "challenge"`},
		{"281 in a text", withAnswer(t, "scope", "scope", strings.Repeat("é", 281)), rev + ".fields.scope: longer than 280 characters"},
		{"8001 in a textarea", withAnswer(t, "report", "changed", strings.Repeat("ü", 8001)), rev + ".fields.changed: longer than 8000 characters"},
		{"51 list items", withItems(t, 51), "runs[0].entries[1].revisions[0].lists.items: more than 50 items"},
		{"281 in a list item", edit(t, "Numbers arrive late", strings.Repeat("😀", 281)), "runs[0].entries[1].revisions[0].lists.items[0].text: longer than 280 characters"},
		{"11 in a date field", edit(t, `"start_date": "2026-03-01"`, `"start_date": "2026-03-01 "`), "runs[0].entries[0].revisions[0].fields.start_date: longer than 10 characters"},
		{"invalid UTF-8", invalid, lineCol(invalid, "\xff") + fmt.Sprintf(": not valid UTF-8 (byte %d)", strings.Index(invalid, "\xff"))},
		{"NUL escape", edit(t, "Numbers arrive late", `Numbers \u0000arrive late`), "runs[0].entries[1].revisions[0].lists.items[0].text: contains a NUL byte"},
		{"NUL byte", rawNUL, lineCol(rawNUL, "\x00") + `: invalid character '\x00' in string literal`},
		{"NUL in a key", edit(t, `"level": "1",`, `"level": "1", "a\u0000": "x",`), `runs[0].entries[0].revisions[0].fields: contains a NUL byte`},
		{"lone surrogate", edit(t, "Numbers arrive late", `Numbers \ud800 late`), `runs[0].entries[1].revisions[0].lists.items[0].text: contains a lone surrogate (\ud800), which is not a character`},
		{"bad escape", badEscape, lineCol(badEscape, `x late`) + `: invalid character 'x' in string escape code`},
		{"invalid date", edit(t, `"date": "2026-03-02"`, `"date": "2026-02-30"`), `runs[0].entries[1].date: "2026-02-30" is not a real date`},
		{"date not ISO", edit(t, `"from": "2026-03-05"`, `"from": "5.3.2026"`), `runs[0].pauses[0].from: "5.3.2026" is not a date as YYYY-MM-DD`},
		{"invalid time", edit(t, `"started_at": "2026-03-01T09:30:15.000000000Z"`, `"started_at": "2026-03-01 09:30"`), `runs[0].started_at: "2026-03-01 09:30" is not a time in RFC 3339 (like "2026-03-01T09:30:15.000000000Z")`},
		{"zero time", edit(t, `"started_at": "2026-03-01T09:30:15.000000000Z"`, `"started_at": "0001-01-01T00:00:00Z"`), `runs[0].started_at: "0001-01-01T00:00:00Z" is out of range (years 1 to 9999, not the zero time)`},
		{"bad id", edit(t, `"id": "6f1c0e0a4b1d4c7e9a2b3c4d5e6f7a8b"`, `"id": "a b"`), `runs[0].id: "a b" is not an id (1 to 64 letters, digits, "-" or "_")`},
		{"empty id", edit(t, `"id": "6f1c0e0a4b1d4c7e9a2b3c4d5e6f7a8b"`, `"id": ""`), `runs[0].id: empty`},
		{"duplicate key", edit(t, `"number": 1,`, `"number": 1, "number": 2,`), "runs[0].number: duplicate key"},
		{"duplicate item id", edit(t, `"b2c3d4e5f6071829"`, `"a1b2c3d4e5f60718"`), `runs[0].entries[1].revisions[0].lists.items[1].id: "a1b2c3d4e5f60718" is also the id of runs[0].entries[1].revisions[0].lists.items[0]`},
		{"revision ids disagree", edit(t, `"4a5b6c7d8e9f4a0b1c2d3e4f5a6b7c8d"`, `"2e3f4a5b6c7d4e8f9a0b1c2d3e4f5a6b"`),
			`runs[0].entries[1].revisions[0].id: "2e3f4a5b6c7d4e8f9a0b1c2d3e4f5a6b" is also the id of runs[0].entries[0].revisions[0], with different content`},
		{"entry ids disagree", edit(t, `"3f4a5b6c7d8e4f9a0b1c2d3e4f5a6b7c"`, `"1d2e3f4a5b6c4d7e8f9a0b1c2d3e4f5a"`),
			`runs[0].entries[1].id: "1d2e3f4a5b6c4d7e8f9a0b1c2d3e4f5a" is also the id of runs[0].entries[0], with different content`},
		{"run numbers clash", edit(t, "  ]\n}\n", `  ,{"id": "other", "number": 1, "started_at": "2026-03-01T09:30:15Z", "pauses": [], "entries": []}]`+"\n}\n"),
			"runs[1].number: 1 is also the number of runs[0]"},
		{"nested arrays", strings.Repeat("[", 100) + strings.Repeat("]", 100), "line 1, column 1: want an object at the top level, found an array"},
		{"nested in a field", withDeep(t, 100), rev + ".fields.scope: want a string, found an array"},
		{"entry ids disagree across runs", edit(t, "  ]\n}\n", "  ,"+strings.Replace(runJSON(t), `"6f1c0e0a4b1d4c7e9a2b3c4d5e6f7a8b"`, `"other"`, 1)+"]\n}\n"),
			`runs[1].entries[0].id: "1d2e3f4a5b6c4d7e8f9a0b1c2d3e4f5a" is also the id of runs[0].entries[0], with different content`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeJSON(strings.NewReader(tc.in), wb)
			if err == nil {
				t.Fatalf("no error, want %s", tc.want)
			}
			if placeless(err) != tc.want {
				t.Fatalf("error:\n got %s\nwant %s", err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%T is not an *Error", err)
			}
		})
	}
}

// runJSON is the run of smallJSON as it is written there.
func runJSON(t *testing.T) string {
	start := strings.Index(smallJSON, "    {\n      \"id\"")
	end := strings.LastIndex(smallJSON, "  ]\n}")
	if start < 0 || end < 0 {
		t.Fatal("smallJSON has changed")
	}
	return smallJSON[start:end]
}

func TestDecodeJSONAtTheLimits(t *testing.T) {
	wb := loadWorkbook(t)
	for name, in := range map[string]string{
		"280 in a text":      withAnswer(t, "scope", "scope", strings.Repeat("é", 280)),
		"8000 in a textarea": withAnswer(t, "report", "changed", strings.Repeat("ü", 8000)),
		"50 list items":      withItems(t, 50),
		"280 in a list item": encodeEdited(t, func(a *workbook.Archive) {
			a.Runs[0].Entries[1].Revisions[0].Answer.Lists["items"][0].Text = strings.Repeat("😀", 280)
		}),
	} {
		if _, err := DecodeJSON(strings.NewReader(in), wb); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestDecodeJSONHugeString(t *testing.T) {
	wb := loadWorkbook(t)
	in := withAnswer(t, "scope", "scope", strings.Repeat("a", 10<<20))
	start := time.Now()
	_, err := DecodeJSON(strings.NewReader(in), wb)
	elapsed := time.Since(start)
	if want := "runs[0].entries[0].revisions[0].fields.scope: longer than 280 characters"; err == nil || placeless(err) != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	// Linear: a test does not time it (see BenchmarkDecodeJSON); a
	// quadratic cost would take minutes here.
	t.Logf("refused a 10 MB string in %v", elapsed)

	// Also as a key, an id and an exercise, with the message kept short.
	for _, in := range []string{
		edit(t, `"level": "1",`, `"level": "1", "`+strings.Repeat("k", 10<<20)+`": "x",`),
		edit(t, `"exercise": "blockers"`, `"exercise": "`+strings.Repeat("x", 10<<20)+`"`),
		edit(t, `"id": "a1b2c3d4e5f60718"`, `"id": "`+strings.Repeat("i", 10<<20)+`"`),
	} {
		_, err := DecodeJSON(strings.NewReader(in), wb)
		if err == nil || len(err.Error()) > 200 {
			t.Fatalf("got %.300v", err)
		}
	}
}

func TestDecodeJSONTooLarge(t *testing.T) {
	// The limit is far above what export writes (TestImportAboveTheOldLimit,
	// in cli_test.go, reads a file of 70 MB): a smaller one here.
	const limit = 1 << 20
	r := io.MultiReader(strings.NewReader(`{"format":"autonomy/1","runs":[`), strings.NewReader(strings.Repeat(" ", limit)))
	err := readJSON(r, loadWorkbook(t), &collector{}, limit)
	if want := "larger than 1 MiB, the most an import reads (an export of 50,000 entries is about 100 MB)"; err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	if want := "larger than 4 GiB"; sizeName(MaxSize) != "4 GiB" {
		t.Fatalf("MaxSize is %s, want %s", sizeName(MaxSize), want)
	}
}

func TestDecodeJSONDuplicates(t *testing.T) {
	wb := loadWorkbook(t)
	want, err := DecodeJSON(strings.NewReader(smallJSON), wb)
	if err != nil {
		t.Fatal(err)
	}
	// The whole run twice, an entry twice, a revision twice, a pause twice:
	// identical duplicates are merged.
	run := runJSON(t)
	twice := edit(t, "  ]\n}\n", "  ,"+run+"]\n}\n")
	got, err := DecodeJSON(strings.NewReader(twice), wb)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("run twice: got %+v, want %+v", got, want)
	}

	// A run given twice, each time with one of its entries and the same
	// pause: merged, entries in order of appearance.
	split := encodeEdited(t, func(a *workbook.Archive) {
		r := a.Runs[0]
		one, two := r, r
		one.Entries, two.Entries = r.Entries[:1], r.Entries[1:]
		a.Runs = []workbook.RunArchive{one, two}
	})
	got, err = DecodeJSON(strings.NewReader(split), wb)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("run split in two: got %+v, want %+v", got, want)
	}
}

func TestDecodeJSONKeepsValues(t *testing.T) {
	wb := loadWorkbook(t)
	// Escapes, a CR, a tab, an escape sequence, HTML and surrounding
	// spaces are kept as written; only JSON's own escapes are decoded.
	value := "  a\r\nb\tc \x1b[31m <b>&amp;</b> \u2028 😀 \\ \"q\" é  "
	in := withAnswer(t, "report", "changed", value)
	a, err := DecodeJSON(strings.NewReader(in), wb)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Runs[0].Entries[0].Revisions[0].Answer.Fields["changed"]; got != value {
		t.Fatalf("got %q, want %q", got, value)
	}
	// And the same escaped as \uXXXX, with a surrogate pair.
	in = strings.Replace(withAnswer(t, "report", "changed", "x"), `"changed": "x"`, `"changed": "\u00e9\ud83d\ude00\u001b\/"`, 1)
	if a, err = DecodeJSON(strings.NewReader(in), wb); err != nil {
		t.Fatal(err)
	}
	if got := a.Runs[0].Entries[0].Revisions[0].Answer.Fields["changed"]; got != "é😀\x1b/" {
		t.Fatalf("got %q", got)
	}
	// Times in another zone come back in UTC; a leading byte order mark is
	// ignored.
	in = "\uFEFF" + edit(t, `"2026-03-01T09:30:15.000000000Z",
      "pauses"`, `"2026-03-01T10:30:15.5+01:00",
      "pauses"`)
	if a, err = DecodeJSON(strings.NewReader(in), wb); err != nil {
		t.Fatal(err)
	}
	if got, want := a.Runs[0].Run.StartedAt, time.Date(2026, 3, 1, 9, 30, 15, 500000000, time.UTC); got != want {
		t.Fatalf("started_at %v, want %v", got, want)
	}
}

func TestDecodeJSONDerivesChallenge(t *testing.T) {
	wb := loadWorkbook(t)
	a, err := DecodeJSON(strings.NewReader(smallJSON), wb)
	if err != nil {
		t.Fatal(err)
	}
	r := a.Runs[0].Run
	if r.Challenge != "Ship the monthly report without waiting for sign-off." || r.StartDate != date(2026, 3, 1) || r.Level != "1" || r.LevelWhy != "" {
		t.Fatalf("challenge fields %+v", r)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	wb := loadWorkbook(f)
	f.Add([]byte(smallJSON))
	f.Add(encode(f, wb, richArchive(wb)))
	f.Add([]byte(`{"format":"autonomy/1","runs":[]}`))
	f.Add([]byte(`{"format":"autonomy/2","runs":[]}`))
	f.Add([]byte(`{"format":"autonomy/3","runs":[]}`))
	f.Add([]byte(`{"runs":[{"id":"a","number":1}],"format":"autonomy/1"}`))
	f.Add([]byte(`{"format":"autonomy/1","runs":[{"id":"r","number":1,"started_at":"2026-03-01T09:30:15Z","pauses":[],"entries":[{"revisions":[{"id":"v","saved_at":"2026-03-01T09:30:15Z","fields":{"scope":"\u00e9\ud83d\ude00"},"lists":{}}],"id":"e","exercise":"scope","date":"2026-03-01","created_at":"2026-03-01T09:30:15+02:00"}]}]}`))
	f.Add([]byte("[[[[\"\\ud800\"]]]]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := DecodeJSON(bytes.NewReader(data), wb)
		if err == nil && !json.Valid(bytes.TrimPrefix(data, []byte("\uFEFF"))) {
			t.Fatalf("accepted what is not JSON: %q", data)
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%T is not an *Error: %v", err, err)
			}
			return
		}
		first := encode(t, wb, a)
		b, err := DecodeJSON(bytes.NewReader(first), wb)
		if err != nil {
			t.Fatalf("the export of an accepted file is refused: %v\n%s", err, first)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("decode(encode(a)) != a:\n%+v\n%+v", a, b)
		}
		if second := encode(t, wb, b); !bytes.Equal(first, second) {
			t.Fatalf("exports differ: %s", firstDiff(first, second))
		}
	})
}

func TestDecodeJSONReaders(t *testing.T) {
	wb := loadWorkbook(t)
	want, err := DecodeJSON(strings.NewReader(smallJSON), wb)
	if err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/export.json"
	if err := os.WriteFile(path, []byte(smallJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, r := range map[string]io.Reader{
		"file":            f,
		"one byte a time": iotest.OneByteReader(strings.NewReader(smallJSON)),
		"half a time":     iotest.HalfReader(bytes.NewReader([]byte(smallJSON))),
	} {
		got, err := DecodeJSON(r, wb)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err = DecodeJSON(iotest.ErrReader(errors.New("disk on fire")), wb)
	if err == nil || err.Error() != "disk on fire" {
		t.Errorf("read error: %v", err)
	}
}

func TestErrorPosition(t *testing.T) {
	in := edit(t, `"exercise": "blockers"`, `"exercise": "x"`)
	_, err := DecodeJSON(strings.NewReader(in), loadWorkbook(t))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%v is not an *Error", err)
	}
	line, col := textPosition(in, strings.Index(in, `"x"`))
	if e.Path != "runs[0].entries[1].exercise" || e.Line != line || e.Column != col || e.Offset != int64(strings.Index(in, `"x"`)) {
		t.Fatalf("got %+v, want line %d, column %d", e, line, col)
	}
}

// feedbackLoops is smallArchive with answers to what autonomy/2 added: two
// days of the metric (the second logged twice, so with two revisions), a
// check-in, a reflection, and a constraint marked as not reasonable.
func feedbackLoops() workbook.Archive {
	a := smallArchive()
	n := 0
	add := func(exercise string, day workbook.Date, answers ...map[string]string) {
		n++
		id := fmt.Sprintf("fl%d", n)
		at := time.Date(2026, 3, day.Day, 18, 0, 0, 0, time.UTC)
		e := workbook.EntryArchive{ID: id, Exercise: exercise, Date: day, CreatedAt: at}
		for i, f := range answers {
			e.Revisions = append(e.Revisions, workbook.Revision{ID: fmt.Sprintf("%s-%d", id, i), EntryID: id,
				SavedAt: at.Add(time.Duration(i) * time.Hour), Answer: workbook.Answer{Fields: f, Lists: map[string][]workbook.ListItem{}}})
		}
		a.Runs[0].Entries = append(a.Runs[0].Entries, e)
	}
	add("metric", date(2026, 3, 2), map[string]string{"name": "Report lead time", "unit": "h", "baseline": "15", "target": "10", "direction": "lower", "kind": "time"})
	add("metric-log", date(2026, 3, 3), map[string]string{"date": "2026-03-03", "value": "14"})
	add("metric-log", date(2026, 3, 4), map[string]string{"date": "2026-03-04", "value": "13"}, map[string]string{"date": "2026-03-04", "value": "12", "note": "re-measured"})
	add("checkin", date(2026, 3, 4), map[string]string{"ownership": "stable", "contribution": "shaky", "communication": "collapsed", "stress": "no", "note": "Handoffs slipped."})
	add("reflection", date(2026, 3, 4), map[string]string{"activity": "yes", "shield": "no", "confidence": "yes", "silence": "no", "note": "Too many meetings."})
	add("constraint", date(2026, 3, 2), map[string]string{"what": "Sign-off on every change", "status": "refused", "reasonable": "no"})
	return a
}

func TestJSONRoundTripFeedbackLoops(t *testing.T) {
	wb := loadWorkbook(t)
	a := feedbackLoops()
	first := encode(t, wb, a)
	for _, want := range []string{`"format": "autonomy/3"`, `"exercise": "metric-log"`, `"exercise": "checkin"`, `"exercise": "reflection"`, `"reasonable": "no"`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("export lacks %s", want)
		}
	}
	got, err := DecodeJSON(bytes.NewReader(first), wb)
	if err != nil {
		t.Fatalf("DecodeJSON: %v", err)
	}
	if !reflect.DeepEqual(got, a) {
		t.Fatalf("decode(encode(a)) differs from a:\n got %+v\nwant %+v", got, a)
	}
	if second := encode(t, wb, got); !bytes.Equal(first, second) {
		t.Fatal(firstDiff(first, second))
	}
}

// asVersion is the archive without what versions after n added (by
// their roles, as the decoder's table says), and its export as a file of
// version n: what a build of version n wrote.
func asVersion(t *testing.T, wb *workbook.Workbook, a workbook.Archive, n int) (workbook.Archive, string) {
	t.Helper()
	for ri := range a.Runs {
		run := &a.Runs[ri]
		run.Entries = slices.DeleteFunc(slices.Clone(run.Entries), func(e workbook.EntryArchive) bool {
			ex, _ := wb.Exercise(e.Exercise)
			return addedIn(&ex, nil) > n
		})
		for i := range run.Entries {
			ex, _ := wb.Exercise(run.Entries[i].Exercise)
			revs := slices.Clone(run.Entries[i].Revisions)
			for j := range revs {
				fields := maps.Clone(revs[j].Answer.Fields)
				for k := range fields {
					if f, ok := ex.Field(k); ok && addedIn(&ex, &f) > n {
						delete(fields, k)
					}
				}
				revs[j].Answer.Fields = fields
			}
			run.Entries[i].Revisions = revs
		}
	}
	data := string(encode(t, wb, a))
	name := formats[n-1].name
	if !strings.HasPrefix(data, "{\n  \"format\": \""+Format+"\",") {
		t.Fatalf("export starts %q", data[:40])
	}
	return a, strings.Replace(data, `"format": "`+Format+`"`, `"format": "`+name+`"`, 1)
}

// Round trips of every version this build reads (1, 2 and 3): a file of
// the version, holding everything the version can (every exercise and
// field of richArchive, but those later versions added), reads back as
// the archive, and is written again as the current version, the same
// bytes as the archive's own export.
func TestDecodeJSONReadsEveryVersion(t *testing.T) {
	wb := loadWorkbook(t)
	if got := strings.Join(Readable, ", "); got != "autonomy/1, autonomy/2, autonomy/3" || Format != "autonomy/3" {
		t.Fatalf("Readable %s, Format %s", got, Format)
	}
	// smallJSON as an earlier build wrote it.
	for _, name := range Readable {
		in := strings.Replace(smallJSON, `"format": "autonomy/3"`, `"format": "`+name+`"`, 1)
		if a, err := DecodeJSON(strings.NewReader(in), wb); err != nil || !reflect.DeepEqual(a, smallArchive()) {
			t.Errorf("%s: decoded %+v, %v\nwant %+v", name, a, err, smallArchive())
		}
	}
	exercises := map[int]int{}
	for n := 1; n <= len(formats); n++ {
		t.Run(formats[n-1].name, func(t *testing.T) {
			want, data := asVersion(t, wb, richArchive(wb), n)
			got, err := DecodeJSON(strings.NewReader(data), wb)
			if err != nil {
				t.Fatal(err)
			}
			if want := inUTC(want); !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded %+v\nwant %+v", got, want)
			}
			exercises[n] = len(got.Runs[0].Entries)
			// Written again, it is the current version, as the archive is.
			if again, first := encode(t, wb, got), encode(t, wb, want); !bytes.Equal(again, first) {
				t.Fatal(firstDiff(first, again))
			}
		})
	}
	// Each version holds more than the one before.
	if !(exercises[1] < exercises[2] && exercises[2] == exercises[3]) {
		t.Errorf("entries by version: %v", exercises)
	}
	v2, _ := asVersion(t, wb, richArchive(wb), 2)
	v3, _ := asVersion(t, wb, richArchive(wb), 3)
	if reflect.DeepEqual(v2, v3) {
		t.Error("version 3 holds nothing version 2 does not")
	}
}

func TestDecodeJSONV1RefusesV2Records(t *testing.T) {
	wb := loadWorkbook(t)
	v2 := string(encode(t, wb, feedbackLoops()))
	if _, err := DecodeJSON(strings.NewReader(v2), wb); err != nil {
		t.Fatalf("autonomy/2: %v", err)
	}
	// Each record autonomy/2 added, alone in a file that claims autonomy/1.
	only := func(exercise string, fields ...string) string {
		a := feedbackLoops()
		run := &a.Runs[0]
		run.Entries = slices.DeleteFunc(run.Entries, func(e workbook.EntryArchive) bool {
			return e.ID != "1d2e3f4a5b6c4d7e8f9a0b1c2d3e4f5a" && e.Exercise != exercise
		})
		for i := range run.Entries {
			for j := range run.Entries[i].Revisions {
				f := run.Entries[i].Revisions[j].Answer.Fields
				if run.Entries[i].Exercise == exercise {
					for k := range f {
						if !slices.Contains(fields, k) {
							delete(f, k)
						}
					}
				}
			}
		}
		return strings.Replace(string(encode(t, wb, a)), `"format": "autonomy/3"`, `"format": "autonomy/1"`, 1)
	}
	for _, tc := range []struct{ name, in, want string }{
		{"metric-log", only("metric-log", "date", "value"), `runs[0].entries[1].exercise: exercise "metric-log" is not part of autonomy/1 (autonomy/2 added it)`},
		{"checkin", only("checkin", "ownership"), `runs[0].entries[1].exercise: exercise "checkin" is not part of autonomy/1 (autonomy/2 added it)`},
		{"reflection", only("reflection", "note"), `runs[0].entries[1].exercise: exercise "reflection" is not part of autonomy/1 (autonomy/2 added it)`},
		{"reasonable", only("constraint", "what", "reasonable"), `runs[0].entries[1].revisions[0].fields.reasonable: field "reasonable" of "constraint" is not part of autonomy/1 (autonomy/2 added it)`},
		{"report stress", withAnswer(t, "report", "stress", "yes"), `runs[0].entries[0].revisions[0].fields.stress: field "stress" of "report" is not part of autonomy/1 (autonomy/2 added it)`},
		{"everything", strings.Replace(v2, `"format": "autonomy/3"`, `"format": "autonomy/1"`, 1), `runs[0].entries[3].exercise: exercise "metric-log" is not part of autonomy/1 (autonomy/2 added it)`},
		// The exercise is checked where it is, after the keys before it.
		{"exercise last", strings.Replace(edit(t, `"exercise": "blockers",`+"\n", ""), `"created_at": "2026-03-02T08:15:00.120000000Z",`, `"created_at": "2026-03-02T08:15:00.120000000Z", "exercise": "checkin",`, 1),
			`runs[0].entries[1].exercise: exercise "checkin" is not part of autonomy/1 (autonomy/2 added it)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Replace(tc.in, `"format": "autonomy/3"`, `"format": "autonomy/1"`, 1)
			_, err := DecodeJSON(strings.NewReader(in), wb)
			if err == nil || placeless(err) != tc.want {
				t.Fatalf("error:\n got %v\nwant %s", err, tc.want)
			}
			// The same as autonomy/2 is read.
			in = strings.Replace(in, `"format": "autonomy/1"`, `"format": "autonomy/2"`, 1)
			if tc.name != "exercise last" {
				if _, err := DecodeJSON(strings.NewReader(in), wb); err != nil {
					t.Fatalf("autonomy/2: %v", err)
				}
			}
		})
	}
}

// What autonomy/3 added, in a file that claims autonomy/2 (or 1), is
// refused with its path: a build of version 2 could not have written it.
func TestDecodeJSONV2RefusesV3Records(t *testing.T) {
	wb := loadWorkbook(t)
	for _, tc := range []struct{ name, in, want string }{
		{"normal week", withAnswer(t, "checkin", "normal_week", "no"),
			`runs[0].entries[0].revisions[0].fields.normal_week: field "normal_week" of "checkin" is not part of autonomy/2 (autonomy/3 added it)`},
		{"peer feedback status", withAnswer(t, "feedback-peer", "status", "asked"),
			`runs[0].entries[0].revisions[0].fields.status: field "status" of "feedback-peer" is not part of autonomy/2 (autonomy/3 added it)`},
		{"manager feedback status", withAnswer(t, "feedback-manager", "status", "answered"),
			`runs[0].entries[0].revisions[0].fields.status: field "status" of "feedback-manager" is not part of autonomy/2 (autonomy/3 added it)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v2 := strings.Replace(tc.in, `"format": "autonomy/3"`, `"format": "autonomy/2"`, 1)
			if _, err := DecodeJSON(strings.NewReader(v2), wb); placeless(err) != tc.want {
				t.Errorf("error:\n got %v\nwant %s", err, tc.want)
			}
			v1 := strings.Replace(tc.in, `"format": "autonomy/3"`, `"format": "autonomy/1"`, 1)
			if _, err := DecodeJSON(strings.NewReader(v1), wb); !strings.Contains(placeless(err), "is not part of autonomy/1 (autonomy/") {
				t.Errorf("autonomy/1: %v", err)
			}
			if _, err := DecodeJSON(strings.NewReader(tc.in), wb); err != nil {
				t.Errorf("autonomy/3: %v", err)
			}
		})
	}
}

// A run that closes before it starts and a pause that ends before it
// starts are refused, named by path; a pause may end on a day before the
// one it began on (a resume in another time zone), as the store allows.
func TestDecodeJSONRefusesTimesOutOfOrder(t *testing.T) {
	wb := loadWorkbook(t)
	for _, tc := range []struct {
		name string
		edit func(a *workbook.Archive)
		want string
	}{
		{"closed before started", func(a *workbook.Archive) { a.Runs[0].Run.ClosedAt = a.Runs[0].Run.StartedAt.Add(-time.Nanosecond) },
			"runs[0].closed_at: 2026-03-01T09:30:14.999999999Z is before started_at (2026-03-01T09:30:15Z): a run closes after it starts"},
		{"resumed before paused", func(a *workbook.Archive) {
			a.Runs[0].Run.Pauses[0].ResumedAt = a.Runs[0].Run.Pauses[0].PausedAt.Add(-time.Hour)
		},
			"runs[0].pauses[0].resumed_at: 2026-03-05T17:00:00Z is before paused_at (2026-03-05T18:00:00Z): a pause ends after it starts"},
	} {
		in := encodeEdited(t, tc.edit)
		_, err := DecodeJSON(strings.NewReader(in), wb)
		if placeless(err) != tc.want {
			t.Errorf("%s:\n got %v\nwant %s", tc.name, err, tc.want)
		}
	}
	for _, edit := range []func(a *workbook.Archive){
		func(a *workbook.Archive) { a.Runs[0].Run.ClosedAt = a.Runs[0].Run.StartedAt },
		func(a *workbook.Archive) { a.Runs[0].Run.Pauses[0].To = date(2026, 3, 4) },
	} {
		if _, err := DecodeJSON(strings.NewReader(encodeEdited(t, edit)), wb); err != nil {
			t.Error(err)
		}
	}
}

// What no database holds, and so no export writes, is refused: two open
// runs, two open pauses of a run. The store would refuse them too; here a
// file is known good before a database is made for it.
func TestDecodeJSONRefusesTwoOpen(t *testing.T) {
	wb := loadWorkbook(t)
	second := func(a *workbook.Archive, closed bool) {
		r := workbook.RunArchive{Run: workbook.Run{ID: "run2", Number: 2, StartedAt: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}}
		if closed {
			r.Run.ClosedAt = r.Run.StartedAt.Add(time.Hour)
		}
		a.Runs = append(a.Runs, r)
	}
	openPause := func(id string, day int) workbook.Pause {
		return workbook.Pause{ID: id, From: date(2026, 3, day), PausedAt: time.Date(2026, 3, day, 8, 0, 0, 0, time.UTC)}
	}
	for _, tc := range []struct {
		name string
		edit func(a *workbook.Archive)
		want string
	}{
		{"two open runs", func(a *workbook.Archive) { second(a, false) },
			"runs[1]: open (no closed_at), and so is runs[0]: one run at most is open"},
		{"two open pauses", func(a *workbook.Archive) {
			a.Runs[0].Run.Pauses = append(a.Runs[0].Run.Pauses, openPause("p2", 8), openPause("p3", 9))
		}, "runs[0].pauses[2]: open (no to), and so is runs[0].pauses[1]: a run has one open pause at most"},
	} {
		_, err := DecodeJSON(strings.NewReader(encodeEdited(t, tc.edit)), wb)
		if placeless(err) != tc.want {
			t.Errorf("%s:\n got %v\nwant %s", tc.name, err, tc.want)
		}
	}
	for name, edit := range map[string]func(a *workbook.Archive){
		"one open run and a closed one": func(a *workbook.Archive) { second(a, true) },
		"one open pause":                func(a *workbook.Archive) { a.Runs[0].Run.Pauses = append(a.Runs[0].Run.Pauses, openPause("p2", 8)) },
		"an open pause in each of two runs": func(a *workbook.Archive) {
			second(a, true)
			a.Runs[0].Run.Pauses = append(a.Runs[0].Run.Pauses, openPause("p2", 8))
			a.Runs[1].Run.Pauses = []workbook.Pause{openPause("p3", 9)}
		},
	} {
		if _, err := DecodeJSON(strings.NewReader(encodeEdited(t, edit)), wb); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The message gives the line and column of the value, found again in
// the file; a reader that cannot seek back gets the path alone.
func TestErrorMessageHasThePlace(t *testing.T) {
	wb := loadWorkbook(t)
	in := edit(t, `"exercise": "blockers"`, `"exercise": "x"`)
	want := fmt.Sprintf(`runs[0].entries[1].exercise (%s): unknown exercise "x"`, lineCol(in, `"x"`))
	if _, err := DecodeJSON(strings.NewReader(in), wb); err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if _, err := DecodeJSON(iotest.OneByteReader(strings.NewReader(in)), wb); err == nil || err.Error() != `runs[0].entries[1].exercise: unknown exercise "x"` {
		t.Errorf("not seekable: %v", err)
	}
	// A file after a byte order mark, read from the middle of a reader.
	r := strings.NewReader("ignored\uFEFF" + in)
	r.Seek(int64(len("ignored")), io.SeekStart)
	if _, err := DecodeJSON(r, wb); err == nil || err.Error() != want {
		t.Errorf("after a BOM: %v", err)
	}
	// Each kind of problem has its place.
	for _, tc := range []struct{ in, at string }{ // at: what the problem starts with
		{edit(t, `"number": 1`, `"number": "1"`), `"1"`},                                        // a kind
		{edit(t, `"number": 1,`, `"number": 1, "colour": "red",`), `"colour"`},                  // a key
		{edit(t, `"fields": {},`, `"fields": {"items": "x"},`), `"x"`},                          // a value in an entry
		{edit(t, "Numbers arrive late", `Numbers \ud800 late`), `\ud800`},                       // a lone surrogate
		{edit(t, "Numbers arrive late", "Numbers \x00arrive late"), "\x00"},                     // syntax in an entry
		{edit(t, `"pauses": [`, `"pauses": [,`), `,` + "\n" + `        {`},                      // syntax in a run
		{edit(t, `"started_at": "2026-03-01T09:30:15.000000000Z"`, `"started_at": "x"`), `"x"`}, // a run's member
		{edit(t, `"format": "autonomy/3"`, `"format": "autonomy/9"`), `"autonomy/9"`},           // the format
	} {
		_, err := DecodeJSON(strings.NewReader(tc.in), wb)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%v is not an *Error", err)
		}
		if line, col := textPosition(tc.in, strings.Index(tc.in, tc.at)); e.Line != line || e.Column != col {
			t.Errorf("%v: at line %d, column %d, want line %d, column %d", err, e.Line, e.Column, line, col)
		}
	}
}

// A file that gives its runs before its format is read as the newest
// version, and what its format then says it cannot hold is refused.
func TestDecodeJSONFormatLast(t *testing.T) {
	wb := loadWorkbook(t)
	v2 := string(encode(t, wb, feedbackLoops()))
	last := func(format string) string {
		s := strings.Replace(v2, `"format": "autonomy/3",`, "", 1)
		return strings.Replace(s, "\n}\n", `, "format": "`+format+`"}`, 1)
	}
	if _, err := DecodeJSON(strings.NewReader(last("autonomy/2")), wb); err != nil {
		t.Fatal(err)
	}
	_, err := DecodeJSON(strings.NewReader(last("autonomy/1")), wb)
	if want := `runs[0].entries[3].exercise: exercise "metric-log" is not part of autonomy/1 (autonomy/2 added it)`; placeless(err) != want {
		t.Errorf("got %v, want %s", err, want)
	}
	_, err = DecodeJSON(strings.NewReader(last("autonomy/9")), wb)
	if want := `format: "autonomy/9" is not a version this build reads (autonomy/1, autonomy/2, autonomy/3)`; placeless(err) != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// A run whose id comes after its entries: they wait for it.
func TestDecodeJSONEntriesBeforeTheRunsID(t *testing.T) {
	wb := loadWorkbook(t)
	in := edit(t, `"id": "6f1c0e0a4b1d4c7e9a2b3c4d5e6f7a8b",`, "")
	in = strings.Replace(in, "\n  ]\n}\n", `, "id": "6f1c0e0a4b1d4c7e9a2b3c4d5e6f7a8b"}]}`, 1)
	in = strings.Replace(in, "\n    }, \"id\"", ", \"id\"", 1)
	a, err := DecodeJSON(strings.NewReader(in), wb)
	if err != nil {
		t.Fatalf("%v\n%s", err, in)
	}
	if !reflect.DeepEqual(a, smallArchive()) {
		t.Fatalf("decoded %+v", a)
	}
}

// position counts lines and characters across reads that cut a character
// in two.
func TestPositionCountsCharacters(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	parts := []string{"a", "é", "😀", "\n", "日本", " "}
	for range 300 {
		var b strings.Builder
		for n := rng.Intn(300); n > 0; n-- {
			b.WriteString(parts[rng.Intn(len(parts))])
		}
		s := b.String()
		off := rng.Intn(len(s) + 1)
		for off > 0 && off < len(s) && !utf8.RuneStart(s[off]) {
			off--
		}
		line, col := textPosition(s, off)
		for _, r := range []io.Reader{strings.NewReader(s[:off]), iotest.OneByteReader(strings.NewReader(s[:off])), iotest.HalfReader(strings.NewReader(s[:off]))} {
			if l, c := position(r); l != line || c != col {
				t.Fatalf("%q at %d: line %d, column %d, want %d, %d", s, off, l, c, line, col)
			}
		}
	}
}
