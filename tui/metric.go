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
	chart   []string // the line chart laid out for chartW x chartH
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
func (mi *metricInfo) layoutChart(w, h int) []string {
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
	lines := []string{"", "  " + st.Title.Render(ansi.Truncate("Outcome metric · "+workbook.SanitizeLine(mi.def.Name), w, "…")),
		"  " + st.Muted.Render(ansi.Truncate(workbook.SanitizeLine(workbook.ChartLegend(mi.def)), w, "…")), ""}
	desc := mi.summary.Describe(mi.def)
	style := st.Item
	switch {
	case mi.summary.HasLatest && mi.summary.Better:
		style = st.Status
	case mi.summary.HasLatest && !mi.summary.Same:
		style = st.Warning
	}
	foot := []string{"", "  " + style.Render(ansi.Truncate("Latest: "+workbook.SanitizeLine(desc), w, "…")),
		"  " + st.Muted.Render(ansi.Truncate(workbook.SanitizeLine(mi.summary.DescribeTarget(mi.def)), w, "…")),
		"", "  " + st.Muted.Render("l log a value · esc back")}
	h := height - len(lines) - len(foot)
	if chart := mi.layoutChart(w, min(h, 16)); chart != nil {
		for _, l := range chart {
			lines = append(lines, "  "+l)
		}
	} else {
		lines = append(lines, "  "+st.Muted.Render("(the window is too small for the chart)"))
	}
	if len(mi.points) == 0 {
		lines = append(lines, "  "+st.Muted.Render("No value logged yet: press l to log today's."))
	}
	return fit(strings.Join(append(lines, foot...), "\n"), width, height)
}
