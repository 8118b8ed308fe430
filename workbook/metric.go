package workbook

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MetricDef is the run's outcome metric, from the current answer to the
// "metric" exercise.
type MetricDef struct {
	Name, Kind, Unit string
	Baseline, Target float64
	LowerIsBetter    bool
}

// MetricPoint is one dated value of the metric. There is one per day: a
// second value for the same day is a new revision of that day, and the
// later one in a slice wins.
type MetricPoint struct {
	Date  Date
	Value float64
}

// MetricSummary is where the metric stands: the latest value against the
// baseline and the target. Summarize computes it.
type MetricSummary struct {
	Latest    MetricPoint // the value of the latest day
	HasLatest bool        // false when there is no value yet; the rest is zero then
	Change    float64     // Latest.Value - Baseline, in the metric's unit
	Percent   float64     // Change / |Baseline| * 100
	PercentOK bool        // false when the baseline is 0 (no percent: "n/a")
	Better    bool        // moved in the better direction
	Same      bool        // equal to the baseline
	ToTarget  float64     // Target - Latest.Value: what is still to go, signed
	Reached   bool        // at the target or beyond it in the better direction
}

// Summarize compares the latest value (by date; points may come in any
// order, and for a date given twice the later point wins) with the
// baseline. Non-finite values are ignored.
func Summarize(def MetricDef, points []MetricPoint) MetricSummary {
	var s MetricSummary
	for _, p := range points {
		if p.Date.IsZero() || !finite(p.Value) {
			continue
		}
		if !s.HasLatest || !p.Date.Before(s.Latest.Date) {
			s.Latest, s.HasLatest = p, true
		}
	}
	if !s.HasLatest {
		return s
	}
	v := s.Latest.Value
	s.Change = v - def.Baseline
	if def.Baseline != 0 {
		s.Percent, s.PercentOK = s.Change/math.Abs(def.Baseline)*100, true
	}
	s.Same = v == def.Baseline
	if def.LowerIsBetter {
		s.Better = v < def.Baseline
		s.Reached = v <= def.Target
	} else {
		s.Better = v > def.Baseline
		s.Reached = v >= def.Target
	}
	s.ToTarget = def.Target - v
	return s
}

// Describe says where the metric stands in one line, for Home, the chart
// and the report: "12 h, down 3 h (-20%) from the baseline: better";
// "2, up 2 (n/a %) from the baseline: better" for a zero baseline;
// "15 h, the same as the baseline"; "no value yet" without one.
func (s MetricSummary) Describe(def MetricDef) string {
	w := s.Words(def)
	switch {
	case !s.HasLatest:
		return "no value yet"
	case s.Same:
		return w.Latest + ", " + w.Change
	}
	return fmt.Sprintf("%s, %s (%s) from the baseline: %s", w.Latest, w.Change, w.Percent, w.Verdict)
}

// MetricWords are the words of Describe apart, for a line that shortens
// one at a time and keeps the verdict to the last.
type MetricWords struct {
	Latest  string // "12 h"; "" without a value
	Change  string // "down 3 h", or "the same as the baseline"
	Percent string // "-20%", "n/a %" for a zero baseline; "" when the same
	Verdict string // "better" or "worse"; "" when the same or without a value
}

// Words are the words Describe is made of.
func (s MetricSummary) Words(def MetricDef) MetricWords {
	if !s.HasLatest {
		return MetricWords{}
	}
	w := MetricWords{Latest: FormatMetric(s.Latest.Value, def.Unit)}
	if s.Same {
		w.Change = "the same as the baseline"
		return w
	}
	dir := "up"
	if s.Change < 0 {
		dir = "down"
	}
	w.Change = dir + " " + FormatMetric(math.Abs(s.Change), def.Unit)
	w.Percent = "n/a %"
	if s.PercentOK {
		w.Percent = formatPercent(s.Percent)
	}
	w.Verdict = "worse"
	if s.Better {
		w.Verdict = "better"
	}
	return w
}

// DescribeTarget says how far the latest value is from the target:
// "target 10 h: 2 h to go", "target 10 h: reached", or "target 10 h"
// without a value.
func (s MetricSummary) DescribeTarget(def MetricDef) string {
	t := "target " + FormatMetric(def.Target, def.Unit)
	switch {
	case !s.HasLatest:
		return t
	case s.Reached:
		return t + ": reached"
	}
	return t + ": " + FormatMetric(math.Abs(s.ToTarget), def.Unit) + " to go"
}

// FormatMetric writes a value of the metric with its unit: at most two
// decimals, no trailing zeros, an ASCII minus ("12.5 h", "-3", "0.33 %").
func FormatMetric(v float64, unit string) string {
	s := FormatNumber(v)
	if unit != "" {
		s += " " + unit
	}
	return s
}

// FormatNumber writes a number with at most two decimals and no trailing
// zeros ("12", "3.33", "-0.5"); never "-0".
func FormatNumber(v float64) string {
	if !finite(v) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	r := math.Round(v*100) / 100
	if r == 0 {
		return "0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// formatPercent writes a signed percent with at most one decimal ("-20%",
// "+33.3%", "0%").
func formatPercent(p float64) string {
	r := math.Round(p*10) / 10
	if r == 0 {
		return "0%"
	}
	s := strconv.FormatFloat(r, 'f', -1, 64)
	if math.Abs(r) >= 1e15 {
		s = strconv.FormatFloat(r, 'g', 3, 64)
	}
	if r > 0 {
		s = "+" + s
	}
	return s + "%"
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// MetricValue is one day of a series: its value when Set, a gap otherwise.
type MetricValue struct {
	Date  Date
	Value float64
	Set   bool
}

// Series lays the points out day by day from from to to, both included:
// one MetricValue per day, Set for the days with a value, gaps (never
// zeros) for the others. For a date given twice the later point wins;
// points outside the span and non-finite values are left out. It is nil
// when to is before from.
func Series(points []MetricPoint, from, to Date) []MetricValue {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return nil
	}
	byDay := make(map[Date]float64, len(points))
	for _, p := range points {
		if finite(p.Value) {
			byDay[p.Date] = p.Value
		}
	}
	n := from.DaysUntil(to) + 1
	out := make([]MetricValue, n)
	for i := range out {
		date := from.AddDays(i)
		v, ok := byDay[date]
		out[i] = MetricValue{Date: date, Value: v, Set: ok}
	}
	return out
}

// bucket groups a series into n cells of consecutive days (n <= len), each
// the average of its set values, a gap when it has none.
func bucket(series []MetricValue, n int) []MetricValue {
	if n >= len(series) {
		return series
	}
	out := make([]MetricValue, n)
	for i := range out {
		lo, hi := i*len(series)/n, (i+1)*len(series)/n
		sum, count := 0.0, 0
		for _, v := range series[lo:hi] {
			if v.Set {
				sum += v.Value
				count++
			}
		}
		out[i] = MetricValue{Date: series[lo].Date}
		if count > 0 {
			out[i].Value, out[i].Set = sum/float64(count), true
		}
	}
	return out
}

// sparkBlocks are the eight levels of a sparkline, lowest first.
var sparkBlocks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws the series in one line of at most width cells: a block
// per day (or per bucket of days, averaged, when there are more days than
// width), scaled between the lowest and highest value, the middle block
// when they are all equal, a space for a gap. "" for no series or width.
func Sparkline(series []MetricValue, width int) string {
	if width <= 0 || len(series) == 0 {
		return ""
	}
	cells := bucket(series, min(width, len(series)))
	lo, hi, ok := valueRange(cells)
	var b strings.Builder
	for _, c := range cells {
		switch {
		case !c.Set || !ok:
			b.WriteByte(' ')
		case hi == lo:
			b.WriteRune(sparkBlocks[3])
		default:
			i := int(math.Round((c.Value - lo) / (hi - lo) * float64(len(sparkBlocks)-1)))
			b.WriteRune(sparkBlocks[max(0, min(i, len(sparkBlocks)-1))])
		}
	}
	return b.String()
}

// valueRange is the lowest and highest set value; ok is false without one.
func valueRange(series []MetricValue) (lo, hi float64, ok bool) {
	for _, v := range series {
		if !v.Set {
			continue
		}
		if !ok {
			lo, hi, ok = v.Value, v.Value, true
			continue
		}
		lo, hi = min(lo, v.Value), max(hi, v.Value)
	}
	return lo, hi, ok
}
