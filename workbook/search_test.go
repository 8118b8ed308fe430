package workbook_test

import (
	"reflect"
	"strings"
	"testing"

	"autonomy/workbook"
)

func TestSearch(t *testing.T) {
	w := load(t)
	block := "If you are facing retaliation risk, unsafe directives, discrimination, or significant financial instability, involve the proper support channels early and avoid treating this as a personal performance issue only."
	start := strings.Index(block, "retaliation")
	want := []workbook.Match{{Section: "safety-boundary", Block: 2, Start: start, End: start + len("retaliation")}}
	for _, q := range []string{"retaliation", "RETALIATION", "Retaliation", "  retaliation  "} {
		got := w.Search(q)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Search(%q) = %+v, want %+v", q, got, want)
		}
	}
	s, _ := w.Section("safety-boundary")
	if got := s.Blocks[2].Text[want[0].Start:want[0].End]; got != "retaliation" {
		t.Errorf("match text %q", got)
	}

	for _, q := range []string{"", "   ", "zebra", "retaliations"} {
		if got := w.Search(q); got != nil {
			t.Errorf("Search(%q) = %+v, want nil", q, got)
		}
	}

	// Every occurrence, in guide order; the title's words are found in
	// headings.
	got := w.Search("safety")
	var where []string
	for _, m := range got {
		where = append(where, m.Section)
	}
	wantWhere := []string{"safety-boundary", "safety-boundary", "safety-note-for-leadership-work-and-autonomy-growing-in-the-real-world"}
	if !reflect.DeepEqual(where, wantWhere) {
		t.Errorf("Search(safety) in %q, want %q", where, wantWhere)
	}
	if got[0].Block != 0 || got[0].Start != 0 || got[0].End != 6 {
		t.Errorf("first safety match %+v, want the heading at 0-6", got[0])
	}
	// Several matches in one block, not overlapping.
	two := w.Search("methods")
	if len(two) != 3 || two[0].Section != "the-real-question-in-this-section" {
		t.Errorf("Search(methods) = %+v", two)
	}
	for _, m := range w.Search("autonomy") {
		s, _ := w.Section(m.Section)
		if got := strings.ToLower(s.Blocks[m.Block].Text[m.Start:m.End]); got != "autonomy" {
			t.Errorf("match %+v is %q", m, got)
		}
	}
}

func TestSearchUnicode(t *testing.T) {
	guide := "# T\n\n## Un\n\nÉcoute active, ÉCOUTE, écoute. Kelvin: \u212a. Straße.\n"
	exercises := `{"version": 1, "id": "t", "phases": [{"title": "P", "days": 1}], "exercises": [{"id": "a", "title": "A", "section": "un", "phase": 1, "kind": "once",
		"fields": [{"id": "x", "label": "X", "kind": "text"}]}]}`
	w, err := workbook.Parse([]byte(guide), []byte(exercises))
	if err != nil {
		t.Fatal(err)
	}
	text := w.Sections[0].Blocks[1].Text
	tests := []struct {
		query string
		want  []string // the matched text
	}{
		{"écoute", []string{"Écoute", "ÉCOUTE", "écoute"}},
		{"ÉCOUTE ACTIVE", []string{"Écoute active"}},
		{"k", []string{"K", "\u212a"}}, // the K of Kelvin and the Kelvin sign
		{"STRASSE", nil},               // no length-changing folds
		{"straße", []string{"Straße"}},
		{".", []string{".", ".", "."}},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range w.Search(tt.query) {
			got = append(got, text[m.Start:m.End])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Search(%q) found %q, want %q", tt.query, got, tt.want)
		}
	}
}
