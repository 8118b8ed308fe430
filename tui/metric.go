package tui

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"autonomy/workbook"

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

// openMetric shows the metric's screen: the chart with baseline and
// target, the change, the values.
func (m *app) openMetric() tea.Cmd {
	if m.prog.metric == nil {
		m.status = "Define your outcome metric first (Days 11-20)."
		if ex, ok := m.wb.Exercise(workbook.MetricExercise); ok {
			return m.openExercise(ex)
		}
		return nil
	}
	m.metricOrigin = m.screen
	m.screen = workbook.ScreenMetric
	return nil
}

func (m *app) handleMetricKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		m.screen = m.metricOrigin
		if m.screen == workbook.ScreenHome {
			m.home.refresh(m)
		}
	case "l", "enter":
		if ex, ok := m.wb.Exercise("metric-log"); ok {
			return m.openExercise(ex)
		}
	}
	return nil
}

func (m *app) metricView() string {
	st := m.styles
	mi := m.prog.metric
	w := m.width - 4
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
	h := m.bodyHeight() - len(lines) - len(foot)
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
	return fit(strings.Join(append(lines, foot...), "\n"), m.width, m.bodyHeight())
}

// adviceModel is what the workbook says after a check-in or report:
// the guide's words on a collapse, or on stress and safety, and what it
// offers to do.
type adviceModel struct {
	advice workbook.Advice
}

func (m *app) adviceFor(ex workbook.Exercise, a workbook.Answer) *adviceModel {
	switch ex.ID {
	case "checkin":
		c := workbook.CheckIn{
			Ownership:     workbook.Rating(a.Fields["ownership"]),
			Contribution:  workbook.Rating(a.Fields["contribution"]),
			Communication: workbook.Rating(a.Fields["communication"]),
			Stress:        a.Fields["stress"] == "yes",
		}
		if adv := workbook.AdviseCheckIn(m.wb, c); !adv.IsZero() {
			return &adviceModel{advice: adv}
		}
	case "report":
		if a.Fields["stress"] == "yes" {
			return &adviceModel{advice: workbook.StressAdvice(m.wb)}
		}
	}
	return nil
}

func (m *app) handleAdviceKey(msg tea.KeyPressMsg) tea.Cmd {
	adv := m.advice.advice
	switch msg.String() {
	case "esc":
		m.advice = nil
	case "s":
		if adv.OfferScope {
			m.advice = nil
			if ex, ok := m.wb.Exercise(workbook.ScopeExercise); ok {
				return m.openExercise(ex)
			}
		}
	case "p":
		if r := m.prog.openRun(); adv.OfferPause && r != nil && r.CanPause(m.prog.today) {
			m.advice = nil
			return pauseCmd(m.store, r.ID, m.prog.today, m.now(), false)
		}
	}
	return nil
}

func (m *app) adviceView() string {
	st := m.styles
	adv := m.advice.advice
	w := max(min(m.width-6, 90), 10)
	lines := []string{""}
	wrap := func(s string, style func(...string) string) {
		for _, l := range strings.Split(ansi.Wrap(s, w, ""), "\n") {
			lines = append(lines, "  "+style(l))
		}
	}
	if len(adv.Collapsed) > 0 {
		lines = append(lines, "  "+st.Warning.Render("Collapsed: "+strings.Join(adv.Collapsed, ", ")), "")
		wrap(adv.Guide, st.Item.Render)
		lines = append(lines, "")
		lines = append(lines, "  "+st.Current.Render("s")+st.Muted.Render(" opens your scope sentence to narrow it"))
	}
	if adv.OfferPause {
		lines = append(lines, "")
		wrap(adv.Boundary, st.Warning.Render)
		lines = append(lines, "")
		if r := m.prog.openRun(); r != nil && r.CanPause(m.prog.today) {
			lines = append(lines, "  "+st.Current.Render("p")+st.Muted.Render(" pauses your run: paused days do not count"))
		}
		lines = append(lines, "  "+st.Current.Render("!")+st.Muted.Render(" shows the whole safety boundary"))
	}
	lines = append(lines, "", "  "+st.Muted.Render("esc closes this"))
	return fit(strings.Join(lines, "\n"), m.width, m.bodyHeight())
}
