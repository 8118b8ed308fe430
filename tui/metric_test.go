package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"

	"github.com/charmbracelet/x/ansi"
)

// fillMetric defines the metric and logs values for days, with gaps.
func fillMetric(t testing.TB, d *driver, st Store, days, checkIns int) {
	t.Helper()
	ctx := context.Background()
	run := d.m.prog.openRun()
	metric, _ := d.m.wb.Exercise("metric")
	logEx, _ := d.m.wb.Exercise("metric-log")
	checkin, _ := d.m.wb.Exercise("checkin")
	now := d.m.now()
	def := workbook.Answer{Fields: map[string]string{"name": "Cycle time", "kind": "time", "unit": "h",
		"baseline": "20", "target": "10", "direction": "lower"}}
	if _, err := st.SaveAnswer(ctx, run.ID, metric, "", def, workbook.Date{}, now); err != nil {
		t.Fatal(err)
	}
	start := run.Start()
	for i := 0; i < days; i++ {
		if i%4 == 3 {
			continue // a gap
		}
		a := workbook.Answer{Fields: map[string]string{"date": start.AddDays(i).String(), "value": fmt.Sprint(20 - i/2)}}
		if _, err := st.SaveAnswer(ctx, run.ID, logEx, "", a, workbook.Date{}, now); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < checkIns; i++ {
		a := workbook.Answer{Fields: map[string]string{"ownership": "stable", "contribution": "shaky", "communication": "stable"}}
		if _, err := st.SaveAnswer(ctx, run.ID, checkin, "", a, start.AddDays(i%30), now); err != nil {
			t.Fatal(err)
		}
	}
	d.run(d.m.reloadCmd())
}

func TestMetricChartAtEightyAndForty(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		st := openStore(t, "")
		now := day1.AddDate(0, 0, 14)
		d := newDriver(t, Options{Store: st, Now: func() time.Time { return now }, NoColor: noColor, StateDir: t.TempDir()}, 80, 30)
		d.run(d.m.reloadCmd())
		d.key("enter")
		d.paste("Own the release process")
		d.key("tab")
		d.ctrl('u')
		d.paste(day1.Format("2006-01-02"))
		d.key("tab")
		d.key("down") // the level today: nothing is chosen for the person
		d.ctrl('s')
		fillMetric(t, d, st, 10, 3)
		d.requireScreen("Metric", "16 h, down 4 h (-20%)", "Last check-in", "Due this week")
		d.run(d.m.openMetric())
		for _, w := range []int{80, 40} {
			d.send(windowSize(w, 30))
			out := d.screen()
			if !strings.Contains(out, "baseline") || !strings.Contains(out, "target") || !strings.Contains(out, "●") {
				t.Fatalf("%d cols (NO_COLOR %v): chart lacks its marks:\n%s", w, noColor, out)
			}
			for i, l := range strings.Split(out, "\n") {
				if ansi.StringWidth(l) > w {
					t.Fatalf("%d cols: line %d is %d wide: %q", w, i, ansi.StringWidth(l), l)
				}
			}
			if noColor && strings.Contains(d.m.View().Content, "38;5;") {
				t.Fatal("NO_COLOR chart has colours")
			}
		}
		d.requireScreen("Latest:")
		// The latest value joins day 1 against now.
		d.send(windowSize(100, 30))
		d.key("esc", "r", "c")
		d.requireScreen("Day 1 against now", "Value", "20 h", "16 h, down 4 h")
	}
}

func TestCollapsedCheckInOffersTheScope(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "Own the release process")
	checkin, _ := d.m.wb.Exercise("checkin")
	d.run(d.m.openExercise(checkin))
	*d.m.form().values["ownership"] = "collapsed"
	*d.m.form().values["contribution"] = "stable"
	*d.m.form().values["communication"] = "shaky"
	d.ctrl('s')
	if layer[*adviceScreen](d) == nil {
		t.Fatalf("a collapsed item should bring the guide's advice:\n%s", d.screen())
	}
	d.requireScreen("Collapsed: clearly defined ownership", "When one collapses, pull back scope and repair the process before expanding again.", "s opens your scope sentence")
	d.key("s")
	if d.m.form() == nil || d.m.form().ex.ID != "scope" {
		t.Fatal("s should open the scope exercise")
	}
}

func TestStressOffersToPause(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "Own the release process")
	checkin, _ := d.m.wb.Exercise("checkin")
	d.run(d.m.openExercise(checkin))
	for _, f := range []string{"ownership", "contribution", "communication"} {
		*d.m.form().values[f] = "stable"
	}
	*d.m.form().values["stress"] = "yes"
	d.ctrl('s')
	d.requireScreen("Pause this process and seek qualified support", "p pauses your run")
	d.key("p")
	if r := d.m.prog.openRun(); r == nil || !r.IsPaused() {
		t.Fatal("p should pause the run")
	}
	d.requireScreen("paused")
}

// BenchmarkHomeView is one frame of Home with a 30-day metric series and
// 50 check-ins: the chart and the lines are worked out when data changes
// ("frame"), and laid out again when the width changes ("resize", the
// width going from 100 to 80 and back).
func BenchmarkHomeView(b *testing.B) {
	st := openStore(b, "")
	now := day1.AddDate(0, 0, 29)
	d := newDriver(b, Options{Store: st, Now: func() time.Time { return now }, StateDir: b.TempDir()}, 100, 40)
	d.run(d.m.reloadCmd())
	challenge, _ := d.m.wb.RunStart()
	a := workbook.Answer{Fields: map[string]string{challenge.FieldID(workbook.FieldRoleChallenge): "c",
		challenge.FieldID(workbook.FieldRoleStartDate): day1.Format("2006-01-02"), challenge.FieldID(workbook.FieldRoleLevel): "1"}}
	if _, err := st.StartRun(context.Background(), challenge, a, now); err != nil {
		b.Fatal(err)
	}
	d.run(d.m.reloadCmd())
	fillMetric(b, d, st, 30, 50)
	// Home reads the check-ins it shows (the last, those of the week),
	// not all 50.
	if d.m.prog.metric == nil || d.m.prog.checkIns.last == nil {
		b.Fatal("fixture not loaded")
	}
	b.Run("frame", func(b *testing.B) {
		for b.Loop() {
			_ = d.m.View()
		}
	})
	b.Run("resize", func(b *testing.B) {
		w := 100
		for b.Loop() {
			w = 180 - w
			d.m.Update(windowSize(w, 40))
			_ = d.m.View()
		}
	})
}

// sgrBefore is the last SGR sequence (a style) before the first s in raw.
func sgrBefore(raw, s string) string {
	i := strings.Index(raw, s)
	if i < 0 {
		return ""
	}
	j := strings.LastIndex(raw[:i], "\x1b[")
	if j < 0 {
		return ""
	}
	k := strings.IndexByte(raw[j:], 'm')
	return raw[j : j+k+1]
}

// The chart draws the values as a line, the baseline (dots) and the
// target (a double line) apart, and a legend of the three: by their runes
// without colour, by their colours too with it.
func TestMetricChartDrawsALineBaselineAndTargetApart(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		st := openStore(t, "")
		now := day1.AddDate(0, 0, 14)
		d := newDriver(t, Options{Store: st, Now: func() time.Time { return now }, NoColor: noColor, StateDir: t.TempDir()}, 80, 24)
		d.run(d.m.reloadCmd())
		startRun(t, d, "Own the release process")
		fillMetric(t, d, st, 14, 0)
		d.run(d.m.openMetric())
		for _, size := range [][2]int{{80, 24}, {100, 30}, {40, 10}} {
			d.send(windowSize(size[0], size[1]))
			s := d.screen()
			where := fmt.Sprintf("%dx%d, NO_COLOR %v", size[0], size[1], noColor)
			for _, want := range []string{"●─ Cycle time (h), lower is better", "··· baseline 20 h", "═══ target 10 h", "· baseline", "═ target"} {
				if !strings.Contains(s, want) {
					t.Errorf("%s: %q missing:\n%s", where, want, s)
				}
			}
			// A line: the values joined, across the days without one, not
			// dots (the time axis is the line with └).
			drawn := false
			for _, l := range strings.Split(s, "\n") {
				drawn = drawn || !strings.Contains(l, "└") && strings.Contains(l, "──") && !strings.Contains(l, "Cycle time")
			}
			if !strings.ContainsAny(s, "╭╮╰╯") || !drawn {
				t.Errorf("%s: no line:\n%s", where, s)
			}
			for i, l := range strings.Split(s, "\n") {
				if ansi.StringWidth(l) > size[0] {
					t.Errorf("%s: line %d is %d wide", where, i, ansi.StringWidth(l))
				}
			}
			raw := d.m.View().Content
			base, target, line := sgrBefore(raw, "···"), sgrBefore(raw, "═══"), sgrBefore(raw, "●─")
			if noColor {
				if strings.Contains(raw, "38;5;") || strings.Contains(raw, "38;2;") {
					t.Errorf("%s: colours", where)
				}
				continue
			}
			if base == target || base == line || target == line {
				t.Errorf("%s: baseline %q, target %q and line %q are not three styles", where, base, target, line)
			}
		}
	}
}
