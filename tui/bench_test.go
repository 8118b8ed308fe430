package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
)

// longestSection is the section with the most Markdown.
func longestSection(wb *workbook.Workbook) int {
	best := 0
	for i, s := range wb.Sections {
		if len(s.Markdown) > len(wb.Sections[best].Markdown) {
			best = i
		}
	}
	return best
}

// BenchmarkRenderSection measures glamour laying out the longest section.
func BenchmarkRenderSection(b *testing.B) {
	wb := loadWorkbook(b)
	sec := wb.Sections[longestSection(wb)]
	b.Run("cold", func(b *testing.B) {
		// A new width every time: nothing can be reused.
		w := 60
		for b.Loop() {
			if _, err := renderSection(sec, w, glamourStyle(true, false)); err != nil {
				b.Fatal(err)
			}
			w = 60 + (w-59)%60
		}
	})
	b.Run("cached", func(b *testing.B) {
		// Going to a section already rendered at this width (h and l
		// between two sections): Update, the cache hit, and the frame.
		d := newDriver(b, Options{Workbook: wb}, 100, 30)
		d.run(d.m.openReader(longestSection(wb), 0))
		d.key("l", "h")
		keys := []tea.KeyPressMsg{keyMsg("l"), keyMsg("h")}
		i := 0
		for b.Loop() {
			_, cmd := d.m.Update(keys[i%2])
			if cmd != nil {
				b.Fatal("a cached section must not render again")
			}
			_ = d.m.View()
			i++
		}
	})
	b.Run("resize-cached", func(b *testing.B) {
		// Switching between two widths already rendered: a resize served
		// from the cache, then the frame.
		d := newDriver(b, Options{Workbook: wb}, 100, 30)
		d.m.openReader(longestSection(wb), 0)
		d.send(tea.WindowSizeMsg{Width: 120, Height: 30})
		d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
		sizes := []tea.WindowSizeMsg{{Width: 120, Height: 30}, {Width: 100, Height: 30}}
		i := 0
		for b.Loop() {
			_, cmd := d.m.Update(sizes[i%2])
			if cmd != nil {
				b.Fatal("a cached width must not render again")
			}
			_ = d.m.View()
			i++
		}
	})
}

// BenchmarkReaderKeystroke is one scroll key in the longest section:
// Update and the View that follows.
func BenchmarkReaderKeystroke(b *testing.B) {
	wb := loadWorkbook(b)
	d := newDriver(b, Options{Workbook: wb}, 100, 12)
	d.run(d.m.openReader(longestSection(wb), 0))
	if d.m.reader.maxOffset() < 2 {
		b.Fatal("section must scroll")
	}
	keys := []tea.KeyPressMsg{keyMsg("j"), keyMsg("k")}
	i := 0
	for b.Loop() {
		d.m.Update(keys[i%2])
		_ = d.m.View()
		i++
	}
}

// reviewFixture is a run with 150 check-ins and 60 metric values, on the
// review at 100×30.
func reviewFixture(b *testing.B) *driver {
	ctx := context.Background()
	st := openStore(b, "")
	wb := loadWorkbook(b)
	if err := st.SetExercises(ctx, wb.Exercises); err != nil {
		b.Fatal(err)
	}
	d := newDriver(b, Options{Store: st, Workbook: wb, Now: func() time.Time { return day1 }, StateDir: b.TempDir()}, 100, 30)
	start, _ := wb.RunStart()
	run, err := st.StartRun(ctx, start, workbook.Answer{Fields: map[string]string{
		start.FieldID(workbook.FieldRoleChallenge): "Own the release process", start.FieldID(workbook.FieldRoleLevel): "1"}}, day1)
	if err != nil {
		b.Fatal(err)
	}
	checkin, _ := wb.ByRole(workbook.RoleCheckIn)
	metric, _ := wb.ByRole(workbook.RoleOutcomeMetric)
	value, _ := wb.ByRole(workbook.RoleMetricValue)
	save := func(ex workbook.Exercise, a workbook.Answer, date workbook.Date) {
		if _, err := st.SaveAnswer(ctx, run.ID, ex, "", a, date, day1); err != nil {
			b.Fatal(err)
		}
	}
	save(metric, workbook.Answer{Fields: map[string]string{metric.FieldID(workbook.FieldRoleMetricName): "Cycle time",
		metric.FieldID(workbook.FieldRoleUnit): "h", metric.FieldID(workbook.FieldRoleBaseline): "48",
		metric.FieldID(workbook.FieldRoleTarget): "36", metric.FieldID(workbook.FieldRoleDirection): workbook.DirectionLower}}, workbook.Date{})
	for i := range 150 {
		save(checkin, workbook.Answer{Fields: map[string]string{checkin.FieldID(workbook.FieldRoleOwnership): "stable",
			checkin.FieldID(workbook.FieldRoleContribution): "shaky", checkin.FieldID(workbook.FieldRoleCommunication): "collapsed",
			checkin.FieldID(workbook.FieldRoleNote): "A note about the week, long enough to be cut at this width of the screen."}},
			workbook.DateOf(day1).AddDays(i))
	}
	for i := range 60 {
		day := workbook.DateOf(day1).AddDays(i)
		save(value, workbook.Answer{Fields: map[string]string{value.FieldID(workbook.FieldRoleDay): day.String(),
			value.FieldID(workbook.FieldRoleValue): fmt.Sprint(48 - i/4)}}, day)
	}
	d.run(d.m.reloadCmd())
	d.key("r")
	if rv := review(d); rv.total < 200 || len(rv.items) < reviewPage {
		b.Fatalf("%d items of %d", len(rv.items), rv.total)
	}
	return d
}

// BenchmarkReviewKeystroke is one move in the review list of 211 entries,
// its first page loaded: Update and the View that follows (its visible rows laid out
// from each entry's summary).
func BenchmarkReviewKeystroke(b *testing.B) {
	d := reviewFixture(b)
	d.key("j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j")
	keys := []tea.KeyPressMsg{keyMsg("j"), keyMsg("k")}
	i := 0
	for b.Loop() {
		d.m.Update(keys[i%2])
		_ = d.m.View()
		i++
	}
}

// BenchmarkReviewSearchKeystroke is one move in a search's hits, each line
// written in its exercise's words (Exercise.SearchLine) as View draws it.
func BenchmarkReviewSearchKeystroke(b *testing.B) {
	d := reviewFixture(b)
	d.key("/")
	d.typeText("week")
	d.key("enter")
	if rv := review(d); len(rv.items) < 100 || !strings.Contains(rv.searchLine(rv.items[0]), "A note about the") {
		b.Fatalf("%d hits", len(rv.items))
	}
	d.key("j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j")
	keys := []tea.KeyPressMsg{keyMsg("j"), keyMsg("k")}
	i := 0
	for b.Loop() {
		d.m.Update(keys[i%2])
		_ = d.m.View()
		i++
	}
}
