package workbook_test

import (
	"errors"
	"strings"
	"testing"

	"autonomy/workbook"
)

func TestValidateField(t *testing.T) {
	text := workbook.Field{ID: "t", Kind: workbook.FieldText, Max: workbook.MaxTextRunes}
	required := text
	required.Required = true
	sentence := required
	sentence.OneSentence = true
	short := text
	short.Max = 5
	area := workbook.Field{ID: "a", Kind: workbook.FieldTextarea}
	number := workbook.Field{ID: "n", Kind: workbook.FieldNumber, Required: true}
	date := workbook.Field{ID: "d", Kind: workbook.FieldDate}
	choice := workbook.Field{ID: "c", Kind: workbook.FieldChoice, Options: []workbook.Option{{Value: "lower", Label: "Lower is better"}, {Value: "higher", Label: "Higher is better"}}}
	list := workbook.Field{ID: "l", Kind: workbook.FieldList}

	tests := []struct {
		name  string
		f     workbook.Field
		value string
		want  string // "" when valid
	}{
		{"optional blank", text, "", ""},
		{"optional spaces", text, "   ", ""},
		{"required blank", required, "", "required"},
		{"required spaces", required, " \t ", "required"},
		{"required given", required, "x", ""},
		{"280 ASCII", text, strings.Repeat("a", 280), ""},
		{"281 ASCII", text, strings.Repeat("a", 281), "at most 280 characters (now 281)"},
		{"280 é", text, strings.Repeat("é", 280), ""},
		{"281 é", text, strings.Repeat("é", 281), "at most 280 characters (now 281)"},
		{"280 emoji", text, strings.Repeat("🙂", 280), ""},
		{"281 emoji", text, strings.Repeat("🙂", 281), "at most 280 characters (now 281)"},
		{"Max zero is the kind limit", workbook.Field{Kind: workbook.FieldText}, strings.Repeat("é", 281), "at most 280 characters (now 281)"},
		{"Max above the limit is the limit", workbook.Field{Kind: workbook.FieldText, Max: 9999}, strings.Repeat("a", 281), "at most 280 characters (now 281)"},
		{"custom max", short, "héllo", ""},
		{"custom max exceeded", short, "héllo!", "at most 5 characters (now 6)"},
		{"text one line", text, "one\ntwo", "one line, please"},
		{"textarea lines", area, "one\ntwo\n\nthree", ""},
		{"8000 textarea", area, strings.Repeat("ü", 8000), ""},
		{"8001 textarea", area, strings.Repeat("ü", 8001), "at most 8000 characters (now 8001)"},
		{"textarea ignores one_sentence", workbook.Field{Kind: workbook.FieldTextarea, OneSentence: true}, "One. Two.", ""},

		{"one sentence", sentence, "I own the weekly release of the billing service.", ""},
		{"one sentence with a version", sentence, "I own the v1.2 release.", ""},
		{"one sentence without a period", sentence, "I own the release", ""},
		{"one sentence with trailing spaces", sentence, "I own it.  ", ""},
		{"one sentence ending ?!", sentence, "Do I own it?!", ""},
		{"one sentence, decimals and times", sentence, "I cut lead time from 3.5 to 2 days by 10.30 each Monday.", ""},
		{"two sentences", sentence, "I own X. I also own Y.", "one sentence, please"},
		{"two sentences with !", sentence, "I own X! And Y", "one sentence, please"},
		{"two sentences with ?", sentence, "Do I own X? Yes", "one sentence, please"},
		{"two sentences after a quote", sentence, `They said "own it." I do`, "one sentence, please"},
		{"two sentences after a bracket", sentence, "I own X (mostly.) I do", "one sentence, please"},
		{"one sentence on two lines", sentence, "I own X\nand Y", "one line, please"},

		{"number", number, "12", ""},
		{"number negative decimal", number, "-3.5", ""},
		{"number exponent", number, "1e3", ""},
		{"number spaces", number, " 42 ", ""},
		{"number blank", number, "", "required"},
		{"number words", number, "twelve", "not a number"},
		{"number comma", number, "1,5", "not a number"},
		{"number Inf", number, "Inf", "not a number"},
		{"number NaN", number, "NaN", "not a number"},
		{"number hex", number, "0x1p3", "not a number"},
		{"number underscore", number, "1_000", "not a number"},
		{"number two points", number, "1.2.3", "not a number"},
		{"number huge", number, "1e400", "number too large"},

		{"date", date, "2026-03-01", ""},
		{"date leap day", date, "2028-02-29", ""},
		{"date not leap", date, "2026-02-29", "not a real date"},
		{"date month 13", date, "2026-13-01", "not a real date"},
		{"date day 32", date, "2026-01-32", "not a real date"},
		{"date slashes", date, "2026/03/01", "a date as YYYY-MM-DD, please"},
		{"date short", date, "2026-3-1", "a date as YYYY-MM-DD, please"},
		{"date order", date, "01-03-2026", "a date as YYYY-MM-DD, please"},
		{"date words", date, "tomorrow", "a date as YYYY-MM-DD, please"},
		{"date too long", date, "2026-03-01T00:00", "at most 10 characters (now 16)"},

		{"choice", choice, "lower", ""},
		{"choice spaces", choice, " higher ", ""},
		{"choice label is not a value", choice, "Lower is better", "not one of the choices"},
		{"choice case", choice, "LOWER", "not one of the choices"},

		{"list item", list, "Meetings without agenda", ""},
		{"list item blank", list, "  ", "required"},
		{"list item two lines", list, "a\nb", "one line, please"},
		{"list item 281", list, strings.Repeat("é", 281), "at most 280 characters (now 281)"},

		{"unknown kind", workbook.Field{Kind: "txt"}, "x", `unknown kind of field "txt"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := workbook.ValidateField(tt.f, tt.value)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("ValidateField(%q) = %v, want nil", tt.value, err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("ValidateField(%q) = %v, want %q", tt.value, err, tt.want)
			}
		})
	}
	if err := workbook.ValidateField(required, ""); !errors.Is(err, workbook.ErrRequired) {
		t.Errorf("required error %v is not ErrRequired", err)
	}
}

func TestValidateEmbeddedFields(t *testing.T) {
	// The fields as loaded (with their default Max) accept good values.
	w := load(t)
	good := map[workbook.FieldKind]string{
		workbook.FieldText:     "Meetings without an agenda eat my mornings.",
		workbook.FieldTextarea: "Shipped the release.\nThe rollback plan failed once.",
		workbook.FieldNumber:   "4.5",
		workbook.FieldDate:     "2026-03-02",
		workbook.FieldList:     "Late specs",
	}
	for _, ex := range w.Exercises {
		for _, f := range ex.Fields {
			v := good[f.Kind]
			if f.Kind == workbook.FieldChoice {
				v = f.Options[0].Value
			}
			if err := workbook.ValidateField(f, v); err != nil {
				t.Errorf("%s.%s: ValidateField(%q) = %v", ex.ID, f.ID, v, err)
			}
			if f.Required && f.Kind != workbook.FieldList {
				if err := workbook.ValidateField(f, ""); !errors.Is(err, workbook.ErrRequired) {
					t.Errorf("%s.%s: blank gives %v, want required", ex.ID, f.ID, err)
				}
			}
		}
	}
}

func TestValidateList(t *testing.T) {
	list := workbook.Field{ID: "items", Kind: workbook.FieldList, Required: true}
	many := make([]string, workbook.MaxListItems+1)
	for i := range many {
		many[i] = "item"
	}
	tests := []struct {
		name  string
		f     workbook.Field
		items []string
		want  string
	}{
		{"required empty", list, nil, "required"},
		{"optional empty", workbook.Field{Kind: workbook.FieldList}, nil, ""},
		{"items", list, []string{"a", "b"}, ""},
		{"at the limit", list, many[:workbook.MaxListItems], ""},
		{"too many", list, many, "at most 50 items (now 51)"},
		{"blank item", list, []string{"a", " "}, "item 2: required"},
		{"long item", list, []string{strings.Repeat("🙂", 281)}, "item 1: at most 280 characters (now 281)"},
	}
	for _, tt := range tests {
		got := ""
		if err := workbook.ValidateList(tt.f, tt.items); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: ValidateList = %q, want %q", tt.name, got, tt.want)
		}
	}
}
