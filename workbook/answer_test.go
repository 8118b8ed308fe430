package workbook_test

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"autonomy/workbook"
)

func exerciseOf(t *testing.T, w *workbook.Workbook, id string) workbook.Exercise {
	t.Helper()
	ex, ok := w.Exercise(id)
	if !ok {
		t.Fatalf("no exercise %q", id)
	}
	return ex
}

func items(texts ...string) []workbook.ListItem {
	out := make([]workbook.ListItem, len(texts))
	for i, s := range texts {
		out[i] = workbook.ListItem{ID: "id" + string(rune('a'+i)), Text: s}
	}
	return out
}

func TestValidateAnswer(t *testing.T) {
	w := load(t)
	type fields = map[string]string
	type lists = map[string][]workbook.ListItem
	tests := []struct {
		name string
		ex   string
		a    workbook.Answer
		want map[string]string // field id -> message
	}{
		{"scope valid", "scope", workbook.Answer{Fields: fields{"scope": "I own the weekly release."}}, nil},
		{"scope missing", "scope", workbook.Answer{}, map[string]string{"scope": "required"}},
		{"scope two sentences", "scope", workbook.Answer{Fields: fields{"scope": "I own X. I own Y."}}, map[string]string{"scope": "one sentence, please"}},
		{"scope too long", "scope", workbook.Answer{Fields: fields{"scope": strings.Repeat("é", 281)}}, map[string]string{"scope": "at most 280 characters (now 281)"}},
		{"scope two lines", "scope", workbook.Answer{Fields: fields{"scope": "a\nb"}}, map[string]string{"scope": "one line, please"}},
		{"metric, every field never visited", "metric", workbook.Answer{},
			map[string]string{"name": "required", "baseline": "required", "target": "required", "direction": "choose one"}},
		{"metric numbers", "metric", workbook.Answer{Fields: fields{"name": "Handoff delay", "baseline": " 3.5 ", "target": "two", "direction": "lower", "kind": "speed"}},
			map[string]string{"target": "not a number", "kind": "not one of the choices"}},
		{"metric valid", "metric", workbook.Answer{Fields: fields{"name": "Rework", "baseline": "12", "target": "-1e1", "direction": "higher", "kind": "rework", "unit": ""}}, nil},
		{"report 8000 ok", "report", workbook.Answer{Fields: fields{"changed": strings.Repeat("x\n", 4000)}}, nil},
		{"report 8001", "report", workbook.Answer{Fields: fields{"changed": strings.Repeat("x", 8001), "failed": "ok"}},
			map[string]string{"changed": "at most 8000 characters (now 8001)"}},
		{"feedback date", "feedback-peer", workbook.Answer{Fields: fields{"said": "Good", "status": "answered", "asked_on": "2026-02-30"}}, map[string]string{"asked_on": "not a real date"}},
		// Feedback is saved when asked; what they said once answered.
		{"feedback asked", "feedback-peer", workbook.Answer{Fields: fields{"who": "Dana", "status": "asked"}}, nil},
		{"feedback answered, nothing said", "feedback-peer", workbook.Answer{Fields: fields{"who": "Dana", "status": "answered"}},
			map[string]string{"said": "required when Status is Answered"}},
		{"feedback without status", "feedback-manager", workbook.Answer{Fields: fields{"said": "Fine"}}, map[string]string{"status": "choose one"}},
		// Choices the person must judge start unset: saving without one says so.
		{"challenge without a level", "challenge", workbook.Answer{Fields: fields{"challenge": "Ship it"}}, map[string]string{"level": "choose one"}},
		{"check-in without ratings", "checkin", workbook.Answer{Fields: fields{"ownership": "shaky"}},
			map[string]string{"contribution": "choose one", "communication": "choose one"}},
		{"blockers required list", "blockers", workbook.Answer{}, map[string]string{"items": "required"}},
		{"blockers empty list", "blockers", workbook.Answer{Lists: lists{"items": {}}}, map[string]string{"items": "required"}},
		{"blockers valid", "blockers", workbook.Answer{Lists: lists{"items": items("Waiting for sign-off", "Unclear owner")}}, nil},
		{"blockers blank item", "blockers", workbook.Answer{Lists: lists{"items": items("a", " ")}}, map[string]string{"items": "item 2: required"}},
		{"blockers item with two lines", "blockers", workbook.Answer{Lists: lists{"items": items("a\nb")}}, map[string]string{"items": "item 1: one line, please"}},
		{"blockers 51 items", "blockers", workbook.Answer{Lists: lists{"items": slices.Repeat(items("x"), 51)}}, map[string]string{"items": "at most 50 items (now 51)"}},
		{"blockers item without id", "blockers", workbook.Answer{Lists: lists{"items": {{ID: "a", Text: "x"}, {Text: "y"}}}}, map[string]string{"items": "item 2: no id"}},
		{"blockers duplicate id", "blockers", workbook.Answer{Lists: lists{"items": {{ID: "a", Text: "x"}, {ID: "b", Text: "y"}, {ID: "a", Text: "z"}}}},
			map[string]string{"items": "item 3: same id as item 1"}},
		{"blockers cannot refer", "blockers", workbook.Answer{Lists: lists{"items": {{ID: "a", Text: "x", Ref: "b"}}}},
			map[string]string{"items": "item 1: cannot point to another item"}},
		{"noise optional list", "noise", workbook.Answer{}, nil},
		{"noise may refer", "noise", workbook.Answer{Lists: lists{"items": {{ID: "a", Text: "x", Ref: "anything"}}}}, nil},
		{"unknown field", "scope", workbook.Answer{Fields: fields{"scope": "Mine.", "other": "x", "blank": " "}}, map[string]string{"other": "not a field of this exercise"}},
		{"value under a list id", "blockers", workbook.Answer{Fields: fields{"items": "x"}, Lists: lists{"items": items("y")}}, map[string]string{"items": "not a field of this exercise"}},
		{"unknown list", "scope", workbook.Answer{Fields: fields{"scope": "Mine."}, Lists: lists{"scope": items("x"), "none": nil}}, map[string]string{"scope": "not a list of this exercise"}},
		{"challenge", "challenge", workbook.Answer{Fields: fields{"challenge": "Ship it", "start_date": "2026-11-28", "level": "4"}}, map[string]string{"level": "not one of the choices"}},
		{"self-assessment", "self-assessment", workbook.Answer{Fields: fields{"why": "Because."}}, map[string]string{"level": "choose one"}},
	}
	for _, tt := range tests {
		errs := workbook.ValidateAnswer(exerciseOf(t, w, tt.ex), tt.a)
		if errs == nil {
			t.Errorf("%s: nil map", tt.name)
		}
		got := map[string]string{}
		for id, err := range errs {
			got[id] = err.Error()
		}
		want := tt.want
		if want == nil {
			want = map[string]string{}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", tt.name, got, want)
		}
	}
}

func TestValidateRefs(t *testing.T) {
	w := load(t)
	blockers := workbook.Answer{Lists: map[string][]workbook.ListItem{"items": {{ID: "b1", Text: "x"}, {ID: "b2", Text: "y"}}}}
	known := workbook.ItemIDs(blockers)
	if !reflect.DeepEqual(known, map[string]bool{"b1": true, "b2": true}) {
		t.Fatalf("ItemIDs = %v", known)
	}
	noise := exerciseOf(t, w, "noise")
	f, _ := noise.Field("items")
	if f.RefersTo != "blockers" {
		t.Fatalf("noise items refer to %q", f.RefersTo)
	}
	good := []workbook.ListItem{{ID: "n1", Text: "a", Ref: "b2"}, {ID: "n2", Text: "b"}}
	if err := workbook.ValidateRefs(good, known); err != nil {
		t.Errorf("ValidateRefs(good) = %v", err)
	}
	bad := []workbook.ListItem{{ID: "n1", Text: "a", Ref: "b2"}, {ID: "n2", Text: "b", Ref: "gone"}}
	if err := workbook.ValidateRefs(bad, known); err == nil || err.Error() != "item 2: points to an item that no longer exists" {
		t.Errorf("ValidateRefs(bad) = %v", err)
	}
	if err := workbook.ValidateRefs(good[:1], nil); err == nil {
		t.Error("a ref with no known items passed")
	}
	if err := workbook.ValidateRefs(nil, nil); err != nil {
		t.Errorf("no items: %v", err)
	}
}

func TestNewIDs(t *testing.T) {
	hex16 := regexp.MustCompile(`^[0-9a-f]{16}$`)
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	seen := map[string]bool{}
	for range 1000 {
		item, id := workbook.NewItemID(), workbook.NewID()
		if !hex16.MatchString(item) || !hex32.MatchString(id) {
			t.Fatalf("NewItemID() = %q, NewID() = %q", item, id)
		}
		if seen[item] || seen[id] {
			t.Fatalf("repeated id %q or %q", item, id)
		}
		seen[item], seen[id] = true, true
	}
}

func TestAnswerText(t *testing.T) {
	w := load(t)
	metric := exerciseOf(t, w, "metric")
	a := workbook.Answer{
		Fields: map[string]string{"target": "2", "name": "Rework", "direction": "lower", "unit": " ", "baseline": "5", "zz-extra": "stray", "aa-extra": "first stray"},
		Lists:  map[string][]workbook.ListItem{"notes": {{ID: "1", Text: "note one"}, {ID: "2", Text: ""}, {ID: "3", Text: "note two"}}},
	}
	want := "Rework\n5\n2\nlower\nfirst stray\nnote one\nnote two\nstray"
	if got := workbook.AnswerText(metric, a); got != want {
		t.Errorf("AnswerText = %q, want %q", got, want)
	}
	if got, want := a.Text(), "first stray\n5\nlower\nRework\nnote one\nnote two\n2\nstray"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	blockers := exerciseOf(t, w, "blockers")
	b := workbook.Answer{Lists: map[string][]workbook.ListItem{"items": items("one", "two")}}
	if got := workbook.AnswerText(blockers, b); got != "one\ntwo" {
		t.Errorf("AnswerText(blockers) = %q", got)
	}
	if got := workbook.AnswerText(blockers, workbook.Answer{}); got != "" {
		t.Errorf("empty answer: %q", got)
	}
}

func TestAnswerEqualCloneEmpty(t *testing.T) {
	a := workbook.Answer{
		Fields: map[string]string{"x": "1", "blank": ""},
		Lists:  map[string][]workbook.ListItem{"l": {{ID: "a", Text: "t", Ref: "r"}}, "empty": {}},
	}
	c := a.Clone()
	if !a.Equal(c) || !c.Equal(a) || !reflect.DeepEqual(a, c) {
		t.Fatalf("Clone differs: %+v vs %+v", a, c)
	}
	c.Fields["x"] = "2"
	c.Lists["l"][0].Text = "changed"
	if a.Fields["x"] != "1" || a.Lists["l"][0].Text != "t" {
		t.Error("Clone shares memory with the original")
	}
	if a.Equal(c) {
		t.Error("Equal after a change")
	}

	tests := []struct {
		name string
		a, b workbook.Answer
		want bool
	}{
		{"zero", workbook.Answer{}, workbook.Answer{}, true},
		{"missing equals empty", workbook.Answer{Fields: map[string]string{"x": ""}, Lists: map[string][]workbook.ListItem{"l": nil}}, workbook.Answer{}, true},
		{"value differs", workbook.Answer{Fields: map[string]string{"x": "a"}}, workbook.Answer{Fields: map[string]string{"x": "b"}}, false},
		{"only in b", workbook.Answer{}, workbook.Answer{Fields: map[string]string{"x": "b"}}, false},
		{"item order", workbook.Answer{Lists: map[string][]workbook.ListItem{"l": items("a", "b")}},
			workbook.Answer{Lists: map[string][]workbook.ListItem{"l": {{ID: "idb", Text: "b"}, {ID: "ida", Text: "a"}}}}, false},
		{"item ref", workbook.Answer{Lists: map[string][]workbook.ListItem{"l": {{ID: "a", Text: "x"}}}},
			workbook.Answer{Lists: map[string][]workbook.ListItem{"l": {{ID: "a", Text: "x", Ref: "r"}}}}, false},
		{"item id", workbook.Answer{Lists: map[string][]workbook.ListItem{"l": {{ID: "a", Text: "x"}}}},
			workbook.Answer{Lists: map[string][]workbook.ListItem{"l": {{ID: "b", Text: "x"}}}}, false},
	}
	for _, tt := range tests {
		if got := tt.a.Equal(tt.b); got != tt.want {
			t.Errorf("%s: Equal = %v", tt.name, got)
		}
	}

	var zero workbook.Answer
	if z := zero.Clone(); z.Fields != nil || z.Lists != nil {
		t.Error("Clone of the zero answer made maps")
	}
	if !zero.IsEmpty() || !(workbook.Answer{Fields: map[string]string{"x": " \n"}, Lists: map[string][]workbook.ListItem{"l": {}}}).IsEmpty() {
		t.Error("IsEmpty of blank answers")
	}
	if a.IsEmpty() || (workbook.Answer{Lists: map[string][]workbook.ListItem{"l": {{}}}}).IsEmpty() {
		t.Error("IsEmpty of answers with content")
	}
}

func TestAnswerNormalized(t *testing.T) {
	a := workbook.Answer{
		Fields: map[string]string{"x": "a\r\nb\x00\xff"},
		Lists:  map[string][]workbook.ListItem{"l": {{ID: "i\x00d", Text: "t\r", Ref: "r\xfe"}}},
	}
	n := a.Normalized()
	want := workbook.Answer{
		Fields: map[string]string{"x": "a\nb\uFFFD"},
		Lists:  map[string][]workbook.ListItem{"l": {{ID: "id", Text: "t\n", Ref: "r\uFFFD"}}},
	}
	if !reflect.DeepEqual(n, want) {
		t.Errorf("Normalized = %+v, want %+v", n, want)
	}
	if a.Fields["x"] != "a\r\nb\x00\xff" || a.Lists["l"][0].Text != "t\r" {
		t.Error("Normalized changed the original")
	}
}
