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
// without colour: the values are a solid line with a point on each, the
// baseline a row of dots, the target a double line.
const (
	chartPoint    = '●'
	chartBaseline = '·'
	chartTarget   = '═'
)

// ChartMark says what a piece of a chart is, for the style a screen gives
// it; the runes alone tell them apart (NO_COLOR).
type ChartMark uint8

const (
	ChartText     ChartMark = iota // the labels, the axes, the dates, blanks
	ChartData                      // the values' line and points
	ChartBaseline                  // the baseline's row and name
	ChartTarget                    // the target's row and name
)

// ChartSpan is a run of a chart line's text with one mark.
type ChartSpan struct {
	Text string
	Mark ChartMark
}

// ChartLine is one line of a chart: spans of text, each with its mark.
type ChartLine []ChartSpan

// String is the line's text.
func (l ChartLine) String() string {
	var b strings.Builder
	for _, s := range l {
		b.WriteString(s.Text)
	}
	return b.String()
}

// lineBuilder joins runes into spans, one per run of the same mark.
type lineBuilder struct {
	line ChartLine
	buf  []rune
	mark ChartMark
}

func (b *lineBuilder) add(mark ChartMark, text string) {
	if text == "" {
		return
	}
	if mark != b.mark && len(b.buf) > 0 {
		b.flush()
	}
	b.mark = mark
	b.buf = append(b.buf, []rune(text)...)
}

func (b *lineBuilder) flush() {
	if len(b.buf) > 0 {
		b.line = append(b.line, ChartSpan{Text: string(b.buf), Mark: b.mark})
		b.buf = b.buf[:0]
	}
}

// done is the line without its trailing blanks.
func (b *lineBuilder) done() ChartLine {
	b.flush()
	l := b.line
	for len(l) > 0 {
		last := &l[len(l)-1]
		last.Text = strings.TrimRight(last.Text, " ")
		if last.Text != "" {
			break
		}
		l = l[:len(l)-1]
	}
	return l
}

// LineChart draws the series as a text chart of exactly height lines of
// at most width cells (runes; every rune used is one cell wide). The last
// line is the time axis with the first and last date; above it, from top
// to bottom, the values from high to low: a label column (compact values
// of the top and bottom rows and of the baseline and target rows), an
// axis, the plot and, on the right, "baseline" and "target" naming their
// rows, drawn with · and ═. The values are one line, ─ │ ╭ ╮ ╰ ╯, joined
// across the days without a value; each value is a ● where there is room
// around it. When there are more days than columns, days are averaged in
// buckets. The scale covers the values, the baseline and the target. Nil
// below MinChartWidth or MinChartHeight, or for an empty series. Trailing
// spaces are trimmed.
func LineChart(series []MetricValue, def MetricDef, width, height int) []ChartLine {
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
	type name struct {
		text string
		mark ChartMark
	}
	right := make([]name, rows)
	right[baseRow] = name{"baseline", ChartBaseline}
	right[targetRow] = name{"target", ChartTarget}
	if baseRow == targetRow {
		right[baseRow] = name{"base/target", ChartTarget}
	}
	rightW := 0
	for _, r := range right {
		if r.text != "" {
			rightW = max(rightW, 1+utf8.RuneCountInString(r.text))
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
	marks := make([][]ChartMark, rows)
	for r := range grid {
		fill, mark := ' ', ChartText
		switch r {
		case targetRow:
			fill, mark = chartTarget, ChartTarget
		case baseRow:
			fill, mark = chartBaseline, ChartBaseline
		}
		grid[r] = []rune(strings.Repeat(string(fill), plotW))
		marks[r] = make([]ChartMark, plotW)
		for x := range marks[r] {
			marks[r][x] = mark
		}
	}
	set := func(r, x int, c rune) {
		grid[r][x], marks[r][x] = c, ChartData
	}

	// The values' line, from each value to the next one there is.
	type point struct{ x, r int }
	var points []point
	for i, c := range cells {
		if c.Set {
			points = append(points, point{xOf(i), rowOf(c.Value)})
		}
	}
	for i := 1; i < len(points); i++ {
		a, b := points[i-1], points[i]
		if i == 1 {
			set(a.r, a.x, '─')
		}
		joinPoints(set, a.x, a.r, b.x, b.r)
	}
	// A point on each value where the line leaves room for it.
	for i, p := range points {
		roomy := (i == 0 || p.x-points[i-1].x >= 2) && (i == len(points)-1 || points[i+1].x-p.x >= 2)
		if roomy || len(points) == 1 {
			set(p.r, p.x, chartPoint)
		}
	}

	out := make([]ChartLine, 0, height)
	for r := range grid {
		var b lineBuilder
		b.add(ChartText, strings.Repeat(" ", labelW-utf8.RuneCountInString(labels[r]))+labels[r]+" ")
		if labels[r] != "" {
			b.add(ChartText, "┤")
		} else {
			b.add(ChartText, "│")
		}
		for x, c := range grid[r] {
			b.add(marks[r][x], string(c))
		}
		if right[r].text != "" {
			b.add(ChartText, " ")
			b.add(right[r].mark, right[r].text)
		}
		out = append(out, b.done())
	}
	var axis lineBuilder
	axis.add(ChartText, timeAxis(series[0].Date, series[len(series)-1].Date, labelW, plotW))
	return append(out, axis.done())
}

// joinPoints draws the line from the value at (x0, r0) to the one at
// (x1, r1), x0 < x1, through set, after x0's cell (drawn already): across,
// turning at the middle column when there is one between them, else in
// x1's column.
func joinPoints(set func(r, x int, c rune), x0, r0, x1, r1 int) {
	turn := (x0 + x1 + 1) / 2
	for x := x0 + 1; x < turn; x++ {
		set(r0, x, '─')
	}
	for x := turn + 1; x <= x1; x++ {
		set(r1, x, '─')
	}
	switch {
	case r0 == r1:
		set(r0, turn, '─')
	case r0 < r1: // going down the screen: the value falls
		set(r0, turn, '╮')
		for r := r0 + 1; r < r1; r++ {
			set(r, turn, '│')
		}
		set(r1, turn, '╰')
	default: // going up: the value rises
		set(r0, turn, '╯')
		for r := r1 + 1; r < r0; r++ {
			set(r, turn, '│')
		}
		set(r1, turn, '╭')
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

// ChartLegend explains the chart's marks in one line: "●─ Cycle time
// (h), lower is better  ··· baseline 15 h  ═══ target 10 h".
func ChartLegend(def MetricDef) ChartLine {
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
	var b lineBuilder
	b.add(ChartData, string(chartPoint)+"─")
	b.add(ChartText, " "+name+", "+dir+"  ")
	b.add(ChartBaseline, strings.Repeat(string(chartBaseline), 3)+" baseline "+FormatMetric(def.Baseline, def.Unit))
	b.add(ChartText, "  ")
	b.add(ChartTarget, strings.Repeat(string(chartTarget), 3)+" target "+FormatMetric(def.Target, def.Unit))
	return b.done()
}
