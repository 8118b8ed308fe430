package workbook

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The smallest chart LineChart draws.
const (
	MinChartWidth  = 20
	MinChartHeight = 4
)

// Runes of the line chart. Each is one cell wide and carries its meaning
// without colour.
const (
	chartPoint    = '●'
	chartBaseline = '┄'
	chartTarget   = '┈'
)

// LineChart draws the series as a text chart of exactly height lines of
// at most width cells (runes; every rune used is one cell wide). The last
// line is the time axis with the first and last date; above it, from top
// to bottom, the values from high to low: a label column (compact values
// of the top and bottom rows and of the baseline and target rows), an
// axis, the plot and, on the right, "baseline" and "target" naming their
// rows, drawn with ┄ and ┈. Values are ● joined by ─ │ ╭ ╮ ╰ ╯ when there
// is room between them; gaps stay blank and are never joined across. When
// there are more days than columns, days are averaged in buckets. The
// scale covers the values, the baseline and the target. Nil below
// MinChartWidth or MinChartHeight, or for an empty series. Trailing spaces
// are trimmed.
func LineChart(series []MetricValue, def MetricDef, width, height int) []string {
	if width < MinChartWidth || height < MinChartHeight || len(series) == 0 {
		return nil
	}
	rows := height - 1 // the last line is the time axis

	// The scale: values, baseline and target.
	lo, hi, ok := valueRange(series)
	if !ok {
		lo, hi = def.Baseline, def.Baseline
	}
	for _, v := range []float64{def.Baseline, def.Target} {
		if finite(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if !finite(lo) || !finite(hi) || !finite(hi-lo) {
		return nil
	}
	if hi == lo {
		pad := math.Abs(hi) * 0.1
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	rowOf := func(v float64) int {
		r := int(math.Round((hi - v) / (hi - lo) * float64(rows-1)))
		return max(0, min(r, rows-1))
	}
	baseRow, targetRow := rowOf(def.Baseline), rowOf(def.Target)

	// Labels: the baseline and target rows first, then top and bottom.
	labels := make([]string, rows)
	labels[0], labels[rows-1] = axisLabel(hi), axisLabel(lo)
	labels[targetRow] = axisLabel(def.Target)
	labels[baseRow] = axisLabel(def.Baseline)
	labelW := 0
	for _, l := range labels {
		labelW = max(labelW, utf8.RuneCountInString(l))
	}
	right := make([]string, rows)
	right[targetRow] = "target"
	right[baseRow] = "baseline"
	if baseRow == targetRow {
		right[baseRow] = "base/target"
	}
	rightW := 0
	for _, r := range right {
		if r != "" {
			rightW = max(rightW, 1+utf8.RuneCountInString(r))
		}
	}
	plotW := width - labelW - 2 - rightW // label, space, axis, plot, right
	if plotW < 2 {
		return nil
	}

	// Columns: one cell per day, or per bucket of days, spread evenly;
	// the plot ends at the last one.
	cells := bucket(series, min(len(series), plotW))
	step := plotW / len(cells)
	xOf := func(i int) int { return i * step }
	plotW = max(xOf(len(cells)-1)+1, min(plotW, 8))

	// The grid, with the baseline and target rows drawn across.
	grid := make([][]rune, rows)
	for r := range grid {
		fill := ' '
		switch r {
		case baseRow:
			fill = chartBaseline
		case targetRow:
			fill = chartTarget
		}
		grid[r] = []rune(strings.Repeat(string(fill), plotW))
	}

	for i := 1; i < len(cells); i++ {
		a, b := cells[i-1], cells[i]
		if !a.Set || !b.Set || step < 2 {
			continue
		}
		joinPoints(grid, xOf(i-1), rowOf(a.Value), xOf(i), rowOf(b.Value))
	}
	for i, c := range cells {
		if c.Set {
			grid[rowOf(c.Value)][xOf(i)] = chartPoint
		}
	}

	out := make([]string, 0, height)
	for r := range grid {
		var b strings.Builder
		b.WriteString(strings.Repeat(" ", labelW-utf8.RuneCountInString(labels[r])))
		b.WriteString(labels[r])
		b.WriteByte(' ')
		if labels[r] != "" {
			b.WriteRune('┤')
		} else {
			b.WriteRune('│')
		}
		b.WriteString(string(grid[r]))
		if right[r] != "" {
			b.WriteString(" " + right[r])
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	out = append(out, timeAxis(series[0].Date, series[len(series)-1].Date, labelW, plotW))
	return out
}

// joinPoints draws a line from the point at (x0, r0) to the one at (x1, r1),
// x0+2 <= x1, in the columns between them: across, turning at the middle
// column when the rows differ.
func joinPoints(grid [][]rune, x0, r0, x1, r1 int) {
	turn := (x0 + x1) / 2
	for x := x0 + 1; x < turn; x++ {
		grid[r0][x] = '─'
	}
	for x := turn + 1; x < x1; x++ {
		grid[r1][x] = '─'
	}
	switch {
	case r0 == r1:
		grid[r0][turn] = '─'
	case r0 < r1: // going down the screen: the value falls
		grid[r0][turn] = '╮'
		for r := r0 + 1; r < r1; r++ {
			grid[r][turn] = '│'
		}
		grid[r1][turn] = '╰'
	default: // going up: the value rises
		grid[r0][turn] = '╯'
		for r := r1 + 1; r < r0; r++ {
			grid[r][turn] = '│'
		}
		grid[r1][turn] = '╭'
	}
}

// timeAxis is the chart's last line: └ and ─ under the plot, with the
// first date at the left and the last at the right when they fit.
func timeAxis(from, to Date, labelW, plotW int) string {
	axis := []rune(strings.Repeat("─", plotW))
	a, b := []rune(" "+shortDate(from)+" "), []rune(" "+shortDate(to)+" ")
	if from.Equal(to) {
		b = nil
	}
	if len(a)+len(b)+2 <= plotW {
		copy(axis[1:], a)
		if b != nil {
			copy(axis[plotW-1-len(b):], b)
		}
	}
	return strings.Repeat(" ", labelW+1) + "└" + string(axis)
}

// shortDate writes a date as "Nov 1".
func shortDate(d Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Month.String()[:3] + " " + strconv.Itoa(d.Day)
}

// axisLabel writes a value compactly for the chart's label column: at most
// two decimals below 10, one below 100, none below 10,000, then k, M, G
// ("3.25", "12.5", "1500", "12k", "-1.5M").
func axisLabel(v float64) string {
	a := math.Abs(v)
	trim := func(x float64, decimals int) string {
		p := math.Pow(10, float64(decimals))
		r := math.Round(x*p) / p
		if r == 0 {
			return "0"
		}
		return strconv.FormatFloat(r, 'f', -1, 64)
	}
	switch {
	case a >= 1e12:
		return strconv.FormatFloat(v, 'g', 2, 64)
	case a >= 1e9:
		return trim(v/1e9, 1) + "G"
	case a >= 1e6:
		return trim(v/1e6, 1) + "M"
	case a >= 1e4:
		return trim(v/1e3, 1) + "k"
	case a >= 100:
		return trim(v, 0)
	case a >= 10:
		return trim(v, 1)
	}
	return trim(v, 2)
}

// ChartLegend explains the chart's marks in one line: "● Cycle time (h),
// lower is better  ┄ baseline 15 h  ┈ target 10 h".
func ChartLegend(def MetricDef) string {
	name := def.Name
	if name == "" {
		name = "value"
	}
	if def.Unit != "" {
		name += " (" + def.Unit + ")"
	}
	dir := "higher is better"
	if def.LowerIsBetter {
		dir = "lower is better"
	}
	return string(chartPoint) + " " + name + ", " + dir +
		"  " + string(chartBaseline) + " baseline " + FormatMetric(def.Baseline, def.Unit) +
		"  " + string(chartTarget) + " target " + FormatMetric(def.Target, def.Unit)
}
