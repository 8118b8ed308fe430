package workbook_test

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"autonomy/workbook"
)

func metricAnswer(name, kind, unit, baseline, target, direction string) workbook.Answer {
	return workbook.Answer{Fields: map[string]string{
		"name": name, "kind": kind, "unit": unit, "baseline": baseline, "target": target, "direction": direction,
	}}
}

// TestMetricDef reads the outcome metric by the roles of its fields: the
// texts trimmed, baseline and target as decimal numbers, a direction; the
// error names the field by its label.
func TestMetricDef(t *testing.T) {
	w := load(t)
	ex, ok := w.ByRole(workbook.RoleOutcomeMetric)
	if !ok {
		t.Fatal("no outcome metric exercise")
	}
	got, err := ex.MetricDef(metricAnswer(" Cycle time ", "time", " h ", " 15 ", "10", " lower "))
	want := workbook.MetricDef{Name: "Cycle time", Kind: "time", Unit: "h", Baseline: 15, Target: 10, LowerIsBetter: true}
	if err != nil || got != want {
		t.Errorf("lower: %+v, %v", got, err)
	}
	got, err = ex.MetricDef(metricAnswer("Reviews", "", "", "-2.5", "1e2", "higher"))
	want = workbook.MetricDef{Name: "Reviews", Baseline: -2.5, Target: 100}
	if err != nil || got != want {
		t.Errorf("higher: %+v, %v", got, err)
	}

	bad := []struct {
		name string
		a    workbook.Answer
		msg  string
	}{
		{"no name", metricAnswer(" ", "", "", "1", "2", "lower"), "Metric: required"},
		{"no baseline", metricAnswer("x", "", "", "", "2", "lower"), "Baseline: required"},
		{"baseline text", metricAnswer("x", "", "", "ten", "2", "lower"), "Baseline: not a number"},
		{"baseline Inf", metricAnswer("x", "", "", "Inf", "2", "lower"), "Baseline: not a number"},
		{"target too large", metricAnswer("x", "", "", "1", "1e999", "lower"), "Target: number too large"},
		{"no direction", metricAnswer("x", "", "", "1", "2", ""), "Direction: choose lower or higher"},
		{"other direction", metricAnswer("x", "", "", "1", "2", "Lower"), "Direction: choose lower or higher"},
		{"empty answer", workbook.Answer{}, "Metric: required"},
	}
	for _, tt := range bad {
		_, err := ex.MetricDef(tt.a)
		if err == nil || (tt.msg != "" && err.Error() != tt.msg) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.msg)
		}
	}
}

func pt(date string, v float64) workbook.MetricPoint {
	return workbook.MetricPoint{Date: d(date), Value: v}
}

func TestSummarize(t *testing.T) {
	lower := workbook.MetricDef{Name: "Cycle time", Unit: "h", Baseline: 15, Target: 10, LowerIsBetter: true}
	higher := workbook.MetricDef{Name: "Reviews", Baseline: 10, Target: 15}
	zero := workbook.MetricDef{Name: "Escalations", Baseline: 0, Target: 3}
	zeroLower := workbook.MetricDef{Name: "Defects", Baseline: 0, Target: 0, LowerIsBetter: true}
	negative := workbook.MetricDef{Name: "Balance", Baseline: -10, Target: 0}

	tests := []struct {
		name     string
		def      workbook.MetricDef
		points   []workbook.MetricPoint
		latest   workbook.MetricPoint
		change   float64
		percent  float64 // NaN: not OK
		better   bool
		same     bool
		toTarget float64
		reached  bool
		describe string
		target   string
	}{
		{"lower, falling: better", lower, []workbook.MetricPoint{pt("2026-11-01", 15), pt("2026-11-03", 13), pt("2026-11-05", 12)},
			pt("2026-11-05", 12), -3, -20, true, false, -2, false,
			"12 h, down 3 h (-20%) from the baseline: better", "target 10 h: 2 h to go"},
		{"lower, rising: worse", lower, []workbook.MetricPoint{pt("2026-11-01", 15), pt("2026-11-04", 18)},
			pt("2026-11-04", 18), 3, 20, false, false, -8, false,
			"18 h, up 3 h (+20%) from the baseline: worse", "target 10 h: 8 h to go"},
		{"lower, past the target", lower, []workbook.MetricPoint{pt("2026-11-04", 9)},
			pt("2026-11-04", 9), -6, -40, true, false, 1, true,
			"9 h, down 6 h (-40%) from the baseline: better", "target 10 h: reached"},
		{"higher, rising: better", higher, []workbook.MetricPoint{pt("2026-11-02", 11), pt("2026-11-09", 12)},
			pt("2026-11-09", 12), 2, 20, true, false, 3, false,
			"12, up 2 (+20%) from the baseline: better", "target 15: 3 to go"},
		{"higher, falling: worse", higher, []workbook.MetricPoint{pt("2026-11-02", 11), pt("2026-11-09", 7)},
			pt("2026-11-09", 7), -3, -30, false, false, 8, false,
			"7, down 3 (-30%) from the baseline: worse", "target 15: 8 to go"},
		{"higher, at the target", higher, []workbook.MetricPoint{pt("2026-11-09", 15)},
			pt("2026-11-09", 15), 5, 50, true, false, 0, true,
			"15, up 5 (+50%) from the baseline: better", "target 15: reached"},
		{"same as the baseline", lower, []workbook.MetricPoint{pt("2026-11-09", 15)},
			pt("2026-11-09", 15), 0, 0, false, true, -5, false,
			"15 h, the same as the baseline", "target 10 h: 5 h to go"},
		{"latest by date, not by order", lower, []workbook.MetricPoint{pt("2026-11-09", 11), pt("2026-11-01", 16), pt("2026-11-05", 14)},
			pt("2026-11-09", 11), -4, -26.666666666666668, true, false, -1, false,
			"11 h, down 4 h (-26.7%) from the baseline: better", "target 10 h: 1 h to go"},
		{"a day given twice: the later point wins", lower, []workbook.MetricPoint{pt("2026-11-09", 11), pt("2026-11-09", 13)},
			pt("2026-11-09", 13), -2, -13.333333333333334, true, false, -3, false,
			"13 h, down 2 h (-13.3%) from the baseline: better", "target 10 h: 3 h to go"},
		{"a single value", higher, []workbook.MetricPoint{pt("2026-11-20", 10.5)},
			pt("2026-11-20", 10.5), 0.5, 5, true, false, 4.5, false,
			"10.5, up 0.5 (+5%) from the baseline: better", "target 15: 4.5 to go"},
		{"gaps do not matter, only the latest day", higher, []workbook.MetricPoint{pt("2026-11-01", 12), pt("2026-11-30", 9)},
			pt("2026-11-30", 9), -1, -10, false, false, 6, false,
			"9, down 1 (-10%) from the baseline: worse", "target 15: 6 to go"},
		{"zero baseline, higher: no percent", zero, []workbook.MetricPoint{pt("2026-11-20", 2)},
			pt("2026-11-20", 2), 2, math.NaN(), true, false, 1, false,
			"2, up 2 (n/a %) from the baseline: better", "target 3: 1 to go"},
		{"zero baseline, lower: worse", zeroLower, []workbook.MetricPoint{pt("2026-11-20", 4)},
			pt("2026-11-20", 4), 4, math.NaN(), false, false, -4, false,
			"4, up 4 (n/a %) from the baseline: worse", "target 0: 4 to go"},
		{"zero baseline, zero value", zeroLower, []workbook.MetricPoint{pt("2026-11-20", 0)},
			pt("2026-11-20", 0), 0, math.NaN(), false, true, 0, true,
			"0, the same as the baseline", "target 0: reached"},
		{"negative baseline: percent of its size", negative, []workbook.MetricPoint{pt("2026-11-20", -5)},
			pt("2026-11-20", -5), 5, 50, true, false, 5, false,
			"-5, up 5 (+50%) from the baseline: better", "target 0: 5 to go"},
		{"non-finite and undated values are ignored", lower, []workbook.MetricPoint{pt("2026-11-02", 14), pt("2026-11-09", math.NaN()), pt("2026-11-10", math.Inf(1)), {Value: 1}},
			pt("2026-11-02", 14), -1, -6.666666666666667, true, false, -4, false,
			"14 h, down 1 h (-6.7%) from the baseline: better", "target 10 h: 4 h to go"},
	}
	for _, tt := range tests {
		s := workbook.Summarize(tt.def, tt.points)
		if !s.HasLatest || s.Latest != tt.latest {
			t.Errorf("%s: latest %+v (%v), want %+v", tt.name, s.Latest, s.HasLatest, tt.latest)
		}
		if s.Change != tt.change || s.Better != tt.better || s.Same != tt.same || s.ToTarget != tt.toTarget || s.Reached != tt.reached {
			t.Errorf("%s: %+v", tt.name, s)
		}
		if math.IsNaN(tt.percent) {
			if s.PercentOK || s.Percent != 0 {
				t.Errorf("%s: percent %v (%v), want n/a", tt.name, s.Percent, s.PercentOK)
			}
		} else if !s.PercentOK || math.Abs(s.Percent-tt.percent) > 1e-9 {
			t.Errorf("%s: percent %v (%v), want %v", tt.name, s.Percent, s.PercentOK, tt.percent)
		}
		if got := s.Describe(tt.def); got != tt.describe {
			t.Errorf("%s: Describe\n got %q\nwant %q", tt.name, got, tt.describe)
		}
		if got := s.DescribeTarget(tt.def); got != tt.target {
			t.Errorf("%s: DescribeTarget %q, want %q", tt.name, got, tt.target)
		}
	}

	for _, pts := range [][]workbook.MetricPoint{nil, {{Date: d("2026-11-01"), Value: math.NaN()}}} {
		s := workbook.Summarize(lower, pts)
		if s != (workbook.MetricSummary{}) {
			t.Errorf("no value: %+v", s)
		}
		if s.Describe(lower) != "no value yet" || s.DescribeTarget(lower) != "target 10 h" {
			t.Errorf("no value: %q, %q", s.Describe(lower), s.DescribeTarget(lower))
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := map[float64]string{
		0: "0", 12: "12", -3: "-3", 3.333333: "3.33", 0.005: "0.01", -0.001: "0", 12.50: "12.5",
		1234567: "1234567", 1e20: "1e+20", math.Inf(-1): "-Inf",
	}
	for v, want := range tests {
		if got := workbook.FormatNumber(v); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", v, got, want)
		}
	}
	if got := workbook.FormatMetric(2.5, "days"); got != "2.5 days" {
		t.Errorf("FormatMetric = %q", got)
	}
	if got := workbook.FormatMetric(2.5, ""); got != "2.5" {
		t.Errorf("FormatMetric without unit = %q", got)
	}
}

func TestSeries(t *testing.T) {
	points := []workbook.MetricPoint{
		pt("2026-11-03", 7), pt("2026-11-01", 0), pt("2026-10-31", 99), pt("2026-11-06", 1),
		pt("2026-11-03", 5), pt("2026-11-04", math.NaN()),
	}
	got := workbook.Series(points, d("2026-11-01"), d("2026-11-05"))
	want := []workbook.MetricValue{
		{Date: d("2026-11-01"), Value: 0, Set: true}, // a real zero is a value
		{Date: d("2026-11-02")},                      // a gap, not a zero
		{Date: d("2026-11-03"), Value: 5, Set: true}, // the later point of the day
		{Date: d("2026-11-04")},                      // NaN is no value
		{Date: d("2026-11-05")},
	}
	if len(got) != len(want) {
		t.Fatalf("Series: %d days, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("day %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if got := workbook.Series(points, d("2026-11-05"), d("2026-11-05")); len(got) != 1 || got[0].Set {
		t.Errorf("one day: %+v", got)
	}
	if got := workbook.Series(points, d("2026-11-05"), d("2026-11-04")); got != nil {
		t.Errorf("to before from: %+v", got)
	}
	if got := workbook.Series(points, workbook.Date{}, d("2026-11-04")); got != nil {
		t.Errorf("zero from: %+v", got)
	}
	// Across a month end and a daylight saving change the days still count one by one.
	if got := workbook.Series(nil, d("2026-10-30"), d("2026-11-02")); len(got) != 4 || got[3].Date != d("2026-11-02") {
		t.Errorf("month end: %+v", got)
	}
}

// values makes a series from numbers, NaN for a gap.
func values(vs ...float64) []workbook.MetricValue {
	out := make([]workbook.MetricValue, len(vs))
	start := d("2026-11-01")
	for i, v := range vs {
		out[i].Date = start.AddDays(i)
		if !math.IsNaN(v) {
			out[i].Value, out[i].Set = v, true
		}
	}
	return out
}

var gap = math.NaN()

func TestSparkline(t *testing.T) {
	tests := []struct {
		name   string
		series []workbook.MetricValue
		width  int
		want   string
	}{
		{"rising", values(0, 1, 2, 3, 4, 5, 6, 7), 8, "▁▂▃▄▅▆▇█"},
		{"falling", values(14, 12, 10, 8, 6, 4, 2, 0), 20, "█▇▆▅▄▃▂▁"},
		{"gaps are spaces, not zeros", values(10, gap, 0, gap, gap, 5), 10, "█ ▁  ▅"},
		{"a zero is a value", values(0, 0, 7), 10, "▁▁█"},
		{"all equal: the middle block", values(3, gap, 3, 3), 10, "▄ ▄▄"},
		{"a single value", values(42), 10, "▄"},
		{"only gaps", values(gap, gap), 10, "  "},
		{"buckets: averages", values(0, 2, 4, 6, 7, 7), 3, "▁▆█"}, // 1, 5, 7,
		{"buckets: a bucket of gaps is a gap", values(1, 1, gap, gap, 8, 8), 3, "▁ █"},
		{"buckets: gaps inside a bucket are left out", values(1, gap, gap, 8, 8, gap), 3, "▁██"},
		{"width 0", values(1, 2), 0, ""},
		{"no series", nil, 10, ""},
	}
	for _, tt := range tests {
		got := workbook.Sparkline(tt.series, tt.width)
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > tt.width {
			t.Errorf("%s: %d cells, width %d", tt.name, n, tt.width)
		}
	}
	// 30 days in 7 cells and in 40: never wider, never an escape code.
	var long []float64
	for i := range 30 {
		if i%4 == 3 {
			long = append(long, gap)
		} else {
			long = append(long, float64(i%9))
		}
	}
	for _, w := range []int{1, 7, 29, 30, 40} {
		got := workbook.Sparkline(values(long...), w)
		if n := utf8.RuneCountInString(got); n != min(w, 30) || strings.ContainsRune(got, 0x1b) {
			t.Errorf("width %d: %q", w, got)
		}
	}
}

// chartRunes are the runes a chart may hold besides ASCII.
const chartRunes = "●·═─│╭╮╰╯┤└"

// chartText is a chart's lines as text; nil for no chart.
func chartText(lines []workbook.ChartLine) []string {
	if lines == nil {
		return nil
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.String()
	}
	return out
}

func checkChart(t *testing.T, name string, lines []string, width, height int) {
	t.Helper()
	if len(lines) != height {
		t.Errorf("%s: %d lines, want %d", name, len(lines), height)
	}
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n > width {
			t.Errorf("%s: line of %d cells, width %d: %q", name, n, width, l)
		}
		for _, r := range l {
			if r >= 0x7f || r < 0x20 {
				if !strings.ContainsRune(chartRunes, r) {
					t.Errorf("%s: rune %U in %q", name, r, l)
				}
			}
		}
	}
}

func TestLineChart(t *testing.T) {
	lower := workbook.MetricDef{Name: "Cycle time", Unit: "h", Baseline: 15, Target: 10, LowerIsBetter: true}

	// A small chart, drawn exactly.
	got := chartText(workbook.LineChart(values(15, 13, gap, 11, 10), lower, 30, 5))
	want := []string{
		"15 ┤●─╮·········· baseline",
		"   │  ╰●──╮",
		"   │      ╰──●─╮",
		"10 ┤═══════════╰● target",
		"   └─────────────",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("small chart:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Rising values with the dates on the axis; the line goes on across
	// the day without a value.
	higher := workbook.MetricDef{Name: "Reviews", Baseline: 2, Target: 8}
	got = chartText(workbook.LineChart(values(2, 4, 6, gap, 8), higher, 40, 6))
	want = []string{
		"8 ┤═══════════════╭────● target",
		"  │        ╭─●────╯",
		"  │        │",
		"  │   ╭─●──╯",
		"2 ┤●──╯················· baseline",
		"  └─ Nov 1 ───── Nov 5 ─",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rising chart:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Every size from the minimum up: exactly height lines, none wider than width.
	var month []float64
	for i := range 30 {
		switch {
		case i%5 == 4:
			month = append(month, gap)
		default:
			month = append(month, 16-float64(i)/3+float64(i%3))
		}
	}
	series := values(month...)
	defs := []workbook.MetricDef{
		lower, higher,
		{Name: "same", Baseline: 5, Target: 5},
		{Name: "big", Baseline: -123456789, Target: 98765432.1},
		{Name: "small", Baseline: 0.001, Target: 0.002},
	}
	for _, def := range defs {
		for _, s := range [][]workbook.MetricValue{series, values(gap), values(7), series[:2]} {
			for width := workbook.MinChartWidth; width <= 100; width++ {
				for _, height := range []int{4, 5, 8, 12, 20} {
					lines := chartText(workbook.LineChart(s, def, width, height))
					checkChart(t, def.Name, lines, width, height)
				}
			}
		}
	}

	// Both rows are named and drawn apart, and the values make a line.
	for _, width := range []int{40, 80} {
		lines := chartText(workbook.LineChart(series, lower, width, 10))
		all := strings.Join(lines, "\n")
		if !strings.Contains(all, "· baseline") || !strings.Contains(all, "═ target") || !strings.Contains(all, "──") {
			t.Errorf("width %d: marks missing:\n%s", width, all)
		}
	}

	// Too small, or nothing to draw.
	for _, c := range []struct{ w, h int }{{19, 10}, {80, 3}, {0, 0}} {
		if lines := chartText(workbook.LineChart(series, lower, c.w, c.h)); lines != nil {
			t.Errorf("%dx%d: %q", c.w, c.h, lines)
		}
	}
	if lines := chartText(workbook.LineChart(nil, lower, 80, 10)); lines != nil {
		t.Errorf("no series: %q", lines)
	}
}

func TestLineChartGapsAndScale(t *testing.T) {
	def := workbook.MetricDef{Baseline: 0, Target: 10}
	lines := chartText(workbook.LineChart(values(0, gap, 10), def, 40, 6))
	// Three days spread over the plot: points at columns 0 and 2*step,
	// joined across the day between them, which has no point.
	plot := func(l string) []rune {
		r := []rune(l)
		i := strings.IndexAny(l, "┤│")
		return r[utf8.RuneCountInString(l[:i])+1:]
	}
	top, bottom := plot(lines[0]), plot(lines[4])
	if top[len(top)-len(" target")-1] != '●' || bottom[0] != '●' {
		t.Errorf("points:\n%s", strings.Join(lines, "\n"))
	}
	if n := strings.Count(strings.Join(lines, ""), "●"); n != 2 {
		t.Errorf("%d points for two values:\n%s", n, strings.Join(lines, "\n"))
	}
	for _, l := range lines[1:4] {
		if !strings.ContainsRune(l, '│') || strings.Count(l, "│") != 2 {
			t.Errorf("the gap is not joined:\n%s", strings.Join(lines, "\n"))
		}
	}
	// A value far outside the baseline and target widens the scale.
	lines = chartText(workbook.LineChart(values(100), def, 40, 6))
	if !strings.HasPrefix(lines[0], "100 ┤●") {
		t.Errorf("scale:\n%s", strings.Join(lines, "\n"))
	}
}

// Each piece of a chart is marked for its style by what it draws: the
// values' line, the baseline's dots and the target's double line, the rest
// text; the legend shows each mark with its name.
func TestChartMarks(t *testing.T) {
	lower := workbook.MetricDef{Name: "Cycle time", Unit: "h", Baseline: 15, Target: 10, LowerIsBetter: true}
	// The runes of each mark (the axes' ─ and │ are text).
	want := map[workbook.ChartMark]string{workbook.ChartData: "●╭╮╰╯", workbook.ChartBaseline: "·", workbook.ChartTarget: "═"}
	seen := map[workbook.ChartMark]bool{}
	for _, l := range workbook.LineChart(values(15, 13, gap, 11, 10, 12, 9), lower, 40, 8) {
		for _, sp := range l {
			seen[sp.Mark] = true
			for m, runes := range want {
				if strings.ContainsAny(sp.Text, runes) && sp.Mark != m {
					t.Errorf("%q marked %d, want %d (in %q)", sp.Text, sp.Mark, m, l.String())
				}
			}
			switch strings.TrimSpace(sp.Text) {
			case "baseline":
				seen[99] = sp.Mark == workbook.ChartBaseline
			case "target":
				seen[98] = sp.Mark == workbook.ChartTarget
			}
		}
	}
	if len(seen) != 6 || !seen[99] || !seen[98] {
		t.Errorf("marks seen: %v", seen)
	}
	legend := workbook.ChartLegend(lower)
	for m, text := range map[workbook.ChartMark]string{workbook.ChartData: "●─", workbook.ChartBaseline: "··· baseline 15 h", workbook.ChartTarget: "═══ target 10 h"} {
		found := false
		for _, sp := range legend {
			found = found || sp.Mark == m && sp.Text == text
		}
		if !found {
			t.Errorf("legend %q lacks %q marked %d: %+v", legend.String(), text, m, legend)
		}
	}
}

func TestChartLegend(t *testing.T) {
	got := workbook.ChartLegend(workbook.MetricDef{Name: "Cycle time", Unit: "h", Baseline: 15, Target: 10, LowerIsBetter: true}).String()
	if want := "●─ Cycle time (h), lower is better  ··· baseline 15 h  ═══ target 10 h"; got != want {
		t.Errorf("ChartLegend = %q, want %q", got, want)
	}
	got = workbook.ChartLegend(workbook.MetricDef{Baseline: 1, Target: 2}).String()
	if want := "●─ value, higher is better  ··· baseline 1  ═══ target 2"; got != want {
		t.Errorf("ChartLegend = %q, want %q", got, want)
	}
}
