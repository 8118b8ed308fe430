package workbook_test

import (
	"errors"
	"strings"
	"testing"

	"autonomy/workbook"
)

// TestCheckRefusals: the answers the guide would reject are refused, with
// the reason under the field to change.
func TestCheckRefusals(t *testing.T) {
	w := load(t)
	run := &workbook.Run{ID: "r", StartDate: d("2026-11-01"),
		Pauses: []workbook.Pause{{From: d("2026-11-05"), To: d("2026-11-09")}}}
	c := workbook.CheckContext{Today: d("2026-11-20"), Run: run, Unit: "h"}
	value := func(day, v string) workbook.Answer { return answer(kv{"date": day, "value": v}) }
	metric := func(base, target, dir string) workbook.Answer {
		return answer(kv{"name": "Cycle time", "unit": "h", "baseline": base, "target": target, "direction": dir})
	}
	long := strings.Repeat("é", 300)
	tests := []struct {
		name string
		ex   string
		a    workbook.Answer
		want map[string]string
	}{
		{"a day of the run", "metric-log", value("2026-11-10", "12"), nil},
		{"the start date", "metric-log", value("2026-11-01", "12"), nil},
		{"today", "metric-log", value("2026-11-20", "12"), nil},
		{"a paused day", "metric-log", value("2026-11-07", "12"), nil},
		{"before the start", "metric-log", value("2026-10-31", "12"),
			map[string]string{"date": "not a day of the run: from 2026-11-01 to today, 2026-11-20"}},
		{"after today", "metric-log", value("2026-11-21", "12"),
			map[string]string{"date": "2026-11-21 has not come yet: today is 2026-11-20"}},
		{"not a date", "metric-log", value("2026-11-31", "12"), map[string]string{"date": "not a real date"}},
		{"the unit typed after the number", "metric-log", value("2026-11-10", "40 h"), nil},
		{"the unit spelled out", "metric-log", value("2026-11-10", "40 hours"), nil},
		{"another unit", "metric-log", value("2026-11-10", "40 kg"), map[string]string{"value": "not a number of h (write 12 or 12 h)"}},
		{"lower is better, target below", "metric", metric("48", "36", "lower"), nil},
		{"lower is better, target above", "metric", metric("48", "60", "lower"),
			map[string]string{"target": "lower is better, so the target goes below the baseline (48 h)"}},
		{"higher is better, target below", "metric", metric("48", "36", "higher"),
			map[string]string{"target": "higher is better, so the target goes above the baseline (48 h)"}},
		{"keep it where it is", "metric", metric("48", "48", "higher"), nil},
		{"a bad number is said once", "metric", metric("48", "x", "lower"), map[string]string{"target": "not a number"}},
		{"an empty reflection", "reflection", answer(kv{"activity": "no", "shield": "no", "confidence": "no", "silence": "no"}),
			map[string]string{"note": "mark a failure mode you fell into, or write a note (even to say none did)"}},
		{"a reflection with a mode", "reflection", answer(kv{"shield": "yes"}), nil},
		{"a reflection with a note", "reflection", answer(kv{"note": "None this week."}), nil},
		{"a list item over 280 is refused, not cut", "blockers", answer(nil, map[string][]workbook.ListItem{"items": items("ok", long)}),
			map[string]string{"items": "item 2: at most 280 characters (now 300)"}},
	}
	for _, tt := range tests {
		errs := workbook.Check(exerciseOf(t, w, tt.ex), tt.a, c)
		got := map[string]string{}
		for id, err := range errs {
			got[id] = err.Error()
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			continue
		}
		for id, msg := range tt.want {
			if got[id] != msg {
				t.Errorf("%s: %s: %q, want %q", tt.name, id, got[id], msg)
			}
		}
	}
	// Without a run (nothing to compare with) only the future is refused.
	if errs := workbook.Check(exerciseOf(t, w, "metric-log"), value("2020-01-01", "1"), workbook.CheckContext{Today: d("2026-11-20")}); len(errs) != 0 {
		t.Errorf("no run: %v", errs)
	}
	// CheckField is Check's verdict on one field.
	if err := workbook.CheckField(exerciseOf(t, w, "metric"), "target", metric("48", "60", "lower"), c); err == nil {
		t.Error("CheckField(target) accepted the wrong side")
	}
}

func TestPrepareStripsTheUnit(t *testing.T) {
	w := load(t)
	ex := exerciseOf(t, w, "metric-log")
	c := workbook.CheckContext{Unit: "h"}
	for in, want := range map[string]string{"40 h": "40", "40h": "40", " 40 hours ": "40", "40": "40", "40 kg": "40 kg", "-1.5 H": "-1.5"} {
		got := workbook.Prepare(ex, answer(kv{"date": "2026-11-10", "value": in}), c)
		if got.Fields["value"] != want {
			t.Errorf("Prepare(%q) = %q, want %q", in, got.Fields["value"], want)
		}
	}
	// Other exercises are only normalized.
	got := workbook.Prepare(exerciseOf(t, w, "metric"), answer(kv{"baseline": "40 h"}), c)
	if got.Fields["baseline"] != "40 h" {
		t.Errorf("Prepare(metric) = %q", got.Fields["baseline"])
	}
}

func TestParseMetricValue(t *testing.T) {
	for _, tt := range []struct {
		in, unit string
		want     float64
		err      string
	}{
		{"40", "h", 40, ""},
		{"40 h", "h", 40, ""},
		{"40h", "h", 40, ""},
		{"40 hours", "h", 40, ""},
		{"40 Hours", "hours", 40, ""},
		{"40 hrs", "hours", 40, ""},
		{"1 hour", "hours", 1, ""},
		{"2.5 days", "d", 2.5, ""},
		{"12 %", "%", 12, ""},
		{"12%", "percent", 12, ""},
		{"3 defects", "defects", 3, ""},
		{"1 defect", "defects", 1, ""},
		{"1e3 h", "h", 1000, ""},
		{"h", "h", 0, "not a number of h (write 12 or 12 h)"},
		{"40 h", "", 0, "not a number"},
		{"40 kg", "h", 0, "not a number of h (write 12 or 12 h)"},
		{"4h0", "h", 0, "not a number of h (write 12 or 12 h)"},
		{"forty h", "h", 0, "not a number of h (write 12 or 12 h)"},
	} {
		got, err := workbook.ParseMetricValue(tt.in, tt.unit)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if got != tt.want || msg != tt.err {
			t.Errorf("ParseMetricValue(%q, %q) = %v, %q; want %v, %q", tt.in, tt.unit, got, msg, tt.want, tt.err)
		}
	}
}

func TestMetricValueForm(t *testing.T) {
	w := load(t)
	ex, ok := w.MetricValueForm(workbook.MetricDef{Name: "Cycle time", Unit: "h"})
	if !ok || ex.Title != "Metric value: Cycle time" {
		t.Fatalf("title %q", ex.Title)
	}
	f, _ := ex.FieldByRole(workbook.FieldRoleValue)
	if f.Label != "Cycle time, in h" || f.Help != "A number of h: 12 or 12 h." {
		t.Errorf("value field %q / %q", f.Label, f.Help)
	}
	// The workbook's own exercise is untouched.
	orig, _ := w.ByRole(workbook.RoleMetricValue)
	if of, _ := orig.FieldByRole(workbook.FieldRoleValue); of.Label != "Value" || orig.Title != "Metric value" {
		t.Errorf("MetricValueForm changed the workbook: %q %q", orig.Title, of.Label)
	}
	ex, _ = w.MetricValueForm(workbook.MetricDef{Name: "Defects"})
	if f, _ := ex.FieldByRole(workbook.FieldRoleValue); f.Label != "Defects" || f.Help != "A number." {
		t.Errorf("without a unit: %q / %q", f.Label, f.Help)
	}
}

func TestStartDateConfirm(t *testing.T) {
	today := d("2026-11-20")
	for _, tt := range []struct {
		start string
		want  string
	}{
		{"2026-11-20", ""},
		{"2026-10-21", ""}, // 30 days back: day 31, allowed
		{"2026-10-20", "2026-10-20 is 31 days ago: today would be day 32 of the run, past its 30 days. Start on 2026-10-20 anyway?"},
		{"2026-11-21", "2026-11-21 is tomorrow: today would be the day before day 1 of the run. Start on 2026-11-21 anyway?"},
		{"2026-12-02", "2026-12-02 is in 12 days: today would be 12 days before day 1 of the run. Start on 2026-12-02 anyway?"},
	} {
		got, ask := builtin.StartDateConfirm(d(tt.start), today)
		if got != tt.want || ask != (tt.want != "") {
			t.Errorf("StartDateConfirm(%s) = %q, %v; want %q", tt.start, got, ask, tt.want)
		}
	}
	// The day it names is the day Run.Status counts.
	if st := builtin.Status((workbook.Run{StartDate: d("2026-10-20")}), today); st.Day != 32 {
		t.Errorf("Status day %d", st.Day)
	}
}

func TestRefusal(t *testing.T) {
	w := load(t)
	ex := exerciseOf(t, w, "checkin")
	errs := workbook.ValidateAnswer(ex, answer(kv{"contribution": "stable", "note": strings.Repeat("x", 8001)}))
	got := workbook.Refusal(ex, errs)
	want := "Not saved: choose Clearly defined ownership; choose Accountable communication; Note: at most 8000 characters (now 8001)."
	if got != want {
		t.Errorf("Refusal:\n got %q\nwant %q", got, want)
	}
	blockers := exerciseOf(t, w, "blockers")
	if got := workbook.Refusal(blockers, workbook.ValidateAnswer(blockers, workbook.Answer{})); got != "Not saved: add to Recurring blockers." {
		t.Errorf("Refusal(blockers) = %q", got)
	}
	if workbook.Refusal(ex, nil) != "" {
		t.Error("Refusal of nothing")
	}
	for _, err := range errs {
		if err.Error() == "choose one" && !errors.Is(err, workbook.ErrRequired) {
			t.Error("choose one is not ErrRequired")
		}
	}
}

// TestLimitIsOneRule: the limit of every field of the real content, as
// every caller asks it.
func TestLimitIsOneRule(t *testing.T) {
	w := load(t)
	for _, ex := range w.Exercises {
		for _, f := range ex.Fields {
			want := workbook.MaxRunes(f.Kind)
			if f.Limit() != want {
				t.Errorf("%s.%s: Limit %d, want %d", ex.ID, f.ID, f.Limit(), want)
			}
			at := strings.Repeat("é", f.Limit())
			if f.CheckLength(at) != nil || f.CheckLength(at+"é") == nil {
				t.Errorf("%s.%s: CheckLength at the limit", ex.ID, f.ID)
			}
		}
	}
	for _, tt := range []struct {
		f    workbook.Field
		want int
	}{
		{workbook.Field{Kind: workbook.FieldText}, 280},
		{workbook.Field{Kind: workbook.FieldText, Max: 100}, 100},
		{workbook.Field{Kind: workbook.FieldText, Max: 1000}, 280},
		{workbook.Field{Kind: workbook.FieldTextarea}, 8000},
		{workbook.Field{Kind: workbook.FieldDate}, 10},
		{workbook.Field{Kind: workbook.FieldList, Max: -1}, 280},
		{workbook.Field{Kind: "odd"}, 280},
	} {
		if got := tt.f.Limit(); got != tt.want {
			t.Errorf("%+v: Limit %d, want %d", tt.f, got, tt.want)
		}
	}
}
