package tui

import (
	"fmt"
	"sort"
	"strconv"
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

// checkInInfo is the run's check-ins, newest first.
type checkInInfo struct {
	dates []workbook.Date
	last  *workbook.Entry
	all   []workbook.Entry
}

// sparkWidth is the sparkline's width on Home: one cell a day.
const sparkWidth = workbook.ProgramDays

// metricFrom reads the metric's definition and its daily values from the
// run's entries; nil when the metric is not defined yet.
func metricFrom(run *workbook.Run, entries []workbook.Entry, today workbook.Date) *metricInfo {
	if run == nil {
		return nil
	}
	e, ok := workbook.FindEntry(entries, workbook.MetricExercise)
	if !ok {
		return nil
	}
	def, err := workbook.MetricDefFrom(e.Current.Answer)
	if err != nil {
		return nil
	}
	mi := &metricInfo{def: def}
	for _, e := range entries {
		if e.Exercise != "metric-log" {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(e.Current.Answer.Fields["value"]), 64)
		if err != nil {
			continue
		}
		mi.points = append(mi.points, workbook.MetricPoint{Date: e.Date, Value: v})
	}
	sort.Slice(mi.points, func(i, j int) bool { return mi.points[i].Date.Before(mi.points[j].Date) })
	start := run.Start()
	end := start.AddDays(workbook.ProgramDays - 1)
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
	mi.spark = workbook.Sparkline(mi.series, sparkWidth)
	return mi
}

// layoutChart lays the line chart out for a size, once per size.
func (mi *metricInfo) layoutChart(w, h int) []string {
	if mi.chartW != w || mi.chartH != h || mi.chart == nil {
		mi.chart, mi.chartW, mi.chartH = workbook.LineChart(mi.series, mi.def, w, h), w, h
	}
	return mi.chart
}

func checkInsFrom(entries []workbook.Entry) checkInInfo {
	var ci checkInInfo
	for i := range entries {
		if entries[i].Exercise != "checkin" {
			continue
		}
		ci.dates = append(ci.dates, entries[i].Date)
		ci.all = append(ci.all, entries[i])
	}
	// Newest first: by date, then the later saved.
	sort.SliceStable(ci.all, func(i, j int) bool {
		a, b := ci.all[i], ci.all[j]
		if !a.Date.Equal(b.Date) {
			return b.Date.Before(a.Date)
		}
		return b.CreatedAt.Before(a.CreatedAt)
	})
	if len(ci.all) > 0 {
		ci.last = &ci.all[0]
	}
	return ci
}

// ratingLine is a check-in's three ratings on one line.
func ratingLine(a workbook.Answer) string {
	return fmt.Sprintf("ownership %s · contribution %s · communication %s",
		orDash(a.Fields["ownership"]), orDash(a.Fields["contribution"]), orDash(a.Fields["communication"]))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// metricScreen is the outcome metric: the chart with baseline and
// target, the change, the values.
type metricScreen struct{ *app }

// openMetric shows the metric's screen, or its definition when there is
// none yet.
func (a *app) openMetric() tea.Cmd {
	if a.prog.metric == nil {
		a.status = "Define your outcome metric first (Days 11-20)."
		if ex, ok := a.wb.Exercise(workbook.MetricExercise); ok {
			return a.openExercise(ex)
		}
		return nil
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
		if ex, ok := s.wb.Exercise("metric-log"); ok {
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
