package tui

import (
	"fmt"
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// metricInfo is the run's outcome metric and its logged values, worked out
// when the program is loaded: the views only lay it out.
type metricInfo struct {
	def     workbook.MetricDef
	points  []workbook.MetricPoint // oldest day first
	series  []workbook.MetricValue // one per day, gaps unset
	summary workbook.MetricSummary
	spark   string
	chart   []workbook.ChartLine // the line chart laid out for chartW x chartH
	chartW  int
	chartH  int
}

// checkInInfo is the run's check-ins, newest first (by save time).
type checkInInfo struct {
	dates []workbook.Date
	last  *workbook.CheckIn
	all   []workbook.CheckIn
}

// metricFrom reads the metric's definition and its daily values from the
// run's entries, by the workbook's rules (the newest answer, one value a
// day); nil when the metric is not defined yet.
func metricFrom(wb *workbook.Workbook, run *workbook.Run, entries []workbook.Entry, today workbook.Date) *metricInfo {
	if run == nil {
		return nil
	}
	def, ok := wb.Metric(entries)
	if !ok {
		return nil
	}
	mi := &metricInfo{def: def, points: wb.MetricPoints(entries, def.Unit)}
	days := wb.Program.Days()
	start := run.Start()
	end := start.AddDays(days - 1)
	if today.Before(end) {
		end = today
	}
	if n := len(mi.points); n > 0 && mi.points[n-1].Date.After(end) {
		end = mi.points[n-1].Date
	}
	if n := len(mi.points); n > 0 && mi.points[0].Date.Before(start) {
		start = mi.points[0].Date
	}
	mi.series = workbook.Series(mi.points, start, end)
	mi.summary = workbook.Summarize(def, mi.points)
	// The sparkline on Home: one cell a day of the program.
	mi.spark = workbook.Sparkline(mi.series, days)
	return mi
}

// layoutChart lays the line chart out for a size, once per size.
func (mi *metricInfo) layoutChart(w, h int) []workbook.ChartLine {
	if mi.chartW != w || mi.chartH != h || mi.chart == nil {
		mi.chart, mi.chartW, mi.chartH = workbook.LineChart(mi.series, mi.def, w, h), w, h
	}
	return mi.chart
}

// checkInsFrom reads the run's check-ins: the last is the one saved last,
// of two the same day the second.
func checkInsFrom(wb *workbook.Workbook, entries []workbook.Entry) checkInInfo {
	ci := checkInInfo{all: wb.CheckIns(entries)}
	for _, c := range ci.all {
		ci.dates = append(ci.dates, c.Date)
	}
	if len(ci.all) > 0 {
		ci.last = &ci.all[0]
	}
	return ci
}

// metricScreen is the outcome metric: the chart with baseline and
// target, the change, the values.
type metricScreen struct{ *app }

// openMetric shows the metric's screen, or its definition when there is
// none yet.
func (a *app) openMetric() tea.Cmd {
	if a.prog.metric == nil {
		ex, ok := a.wb.ByRole(workbook.RoleOutcomeMetric)
		if !ok {
			return nil
		}
		first, last := a.wb.Program.PhaseDays(workbook.Phase(ex.Phase))
		a.status = fmt.Sprintf("Define your outcome metric first (Days %d-%d).", first, last)
		return a.openExercise(ex)
	}
	a.push(&metricScreen{a})
	return nil
}

func (s *metricScreen) Name() string           { return "Metric chart" }
func (s *metricScreen) place() workbook.Screen { return workbook.ScreenMetric }

func (s *metricScreen) Keys() help.KeyMap {
	k, g := s.keys.metric, s.keys.global
	return keyHelp{
		short: []key.Binding{k.Log, g.Back, g.Safety, g.Help, g.Quit},
		full:  [][]key.Binding{{k.Log, g.Back}, {g.Safety, g.Help, g.Quit, g.ForceQuit}},
	}
}

func (s *metricScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	switch {
	case key.Matches(km, s.keys.global.Back):
		return nil, nil
	case key.Matches(km, s.keys.metric.Log):
		if ex, ok := s.wb.ByRole(workbook.RoleMetricValue); ok {
			return s, s.openExercise(ex)
		}
	default:
		cmd, _ := s.globalKey(s, km)
		return s, cmd
	}
	return s, nil
}

func (s *metricScreen) View(width, height int) string {
	st := s.styles
	mi := s.prog.metric
	if mi == nil {
		return fit("", width, height)
	}
	w := width - 4
	// A short screen gives the chart the blank lines and the keys' line
	// (the footer has them).
	roomy := height >= 16
	lines := []string{"  " + st.Title.Render(ansi.Truncate("Outcome metric · "+workbook.SanitizeLine(mi.def.Name), w, "…"))}
	if roomy {
		lines = append([]string{""}, lines...)
	}
	for _, l := range s.legend(w) {
		lines = append(lines, "  "+l)
	}
	style := st.Item
	switch {
	case mi.summary.HasLatest && mi.summary.Better:
		style = st.Status
	case mi.summary.HasLatest && !mi.summary.Same:
		style = st.Warning
	}
	foot := []string{"  " + style.Render(s.latest(w)),
		"  " + st.Muted.Render(ansi.Truncate(workbook.SanitizeLine(mi.summary.DescribeTarget(mi.def)), w, "…"))}
	if roomy {
		lines = append(lines, "")
		foot = append(append([]string{""}, foot...), "", "  "+st.Muted.Render("l log a value · esc back"))
	}
	if len(mi.points) == 0 {
		foot = append([]string{"  " + st.Muted.Render(ansi.Truncate("No value logged yet: press l to log today's.", w, "…"))}, foot...)
	}
	h := height - len(lines) - len(foot)
	if chart := mi.layoutChart(w, min(h, 16)); chart != nil {
		for _, l := range chart {
			lines = append(lines, "  "+s.chartLine(l, w))
		}
	} else {
		lines = append(lines, "  "+st.Muted.Render(ansi.Truncate("(the window is too small for the chart)", w, "…")))
	}
	return fit(strings.Join(append(lines, foot...), "\n"), width, height)
}

// legend is the chart's legend in w cells: on one line, or the values'
// mark on one and the baseline's and target's on the next.
func (s *metricScreen) legend(w int) []string {
	l := workbook.ChartLegend(s.prog.metric.def)
	if ansi.StringWidth(l.String()) <= w {
		return []string{s.chartLine(l, w)}
	}
	var first, rest workbook.ChartLine
	for i, sp := range l {
		if sp.Mark == workbook.ChartBaseline || len(rest) > 0 {
			rest = l[i:]
			break
		}
		first = append(first, sp)
	}
	return []string{s.chartLine(first, w), s.chartLine(rest, w)}
}

// latest is where the metric stands in w cells, its verdict kept to the
// last: "Latest: 35 h, down 13 h (-27.1%) from the baseline: better", or
// shorter, "Latest: 35 h: better".
func (s *metricScreen) latest(w int) string {
	mi := s.prog.metric
	desc := workbook.SanitizeLine(mi.summary.Describe(mi.def))
	short := desc
	if mi.summary.HasLatest {
		short = workbook.SanitizeLine(workbook.FormatMetric(mi.summary.Latest.Value, mi.def.Unit))
		switch {
		case mi.summary.Same:
			short += ": the same"
		case mi.summary.Better:
			short += ": better"
		default:
			short += ": worse"
		}
	}
	for _, text := range []string{"Latest: " + desc, "Latest: " + short} {
		if ansi.StringWidth(text) <= w {
			return text
		}
	}
	return ansi.Truncate(short, w, "…")
}

// chartLine draws a line of the chart in w cells, each piece in the style
// of what it shows: the values' line stands out, the baseline is faint,
// the target in the colour of what is done. Without colour the runes tell
// them apart (· baseline, ═ target).
func (s *metricScreen) chartLine(l workbook.ChartLine, w int) string {
	st := s.styles
	var b strings.Builder
	room := w
	for _, sp := range l {
		text := workbook.SanitizeLine(sp.Text)
		if n := ansi.StringWidth(text); n > room {
			text = ansi.Truncate(text, room, "…")
		}
		room -= ansi.StringWidth(text)
		switch sp.Mark {
		case workbook.ChartData:
			b.WriteString(st.Current.Render(text))
		case workbook.ChartBaseline:
			b.WriteString(st.Muted.Render(text))
		case workbook.ChartTarget:
			b.WriteString(st.Mark.Render(text))
		default:
			b.WriteString(st.Item.Render(text))
		}
		if room <= 0 {
			break
		}
	}
	return b.String()
}
