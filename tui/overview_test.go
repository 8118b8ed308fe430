package tui

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

// programFromAllEntries reads the program as the TUI did before
// workbook.Overview: every entry of the current run.
func programFromAllEntries(t *testing.T, wb *workbook.Workbook, st Store, today workbook.Date) program {
	t.Helper()
	ctx := context.Background()
	p := program{loaded: true, today: today}
	var err error
	if p.runs, err = st.Runs(ctx); err != nil {
		t.Fatal(err)
	}
	if r := p.latest(); r != nil {
		if p.entries, err = st.Entries(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	p.counts = map[string]int{}
	for _, e := range p.entries {
		if e.Exercise == "report" {
			p.counts[e.Exercise]++
		}
	}
	if p.drafts, err = st.Drafts(ctx); err != nil {
		t.Fatal(err)
	}
	if p.read, err = st.ReadSections(ctx); err != nil {
		t.Fatal(err)
	}
	if p.safetySeen, err = st.SafetySeen(ctx); err != nil {
		t.Fatal(err)
	}
	p.metric = metricFrom(wb, p.latest(), p.entries, today)
	p.checkIns = checkInsFrom(wb, p.entries)
	return p
}

// Home from the overview (a few entries of the run) is Home from every
// entry of the run, day after day through a run with a long history:
// reports several a week, the metric logged daily, check-ins (two on one
// day), one-time exercises edited, a pause, drafts on a new report and on
// an entry.
func TestHomeFromTheOverviewIsHomeFromEveryEntry(t *testing.T) {
	ctx := context.Background()
	wb := loadWorkbook(t)
	st := openStore(t, "")
	if err := st.SetExercises(ctx, wb.Exercises); err != nil {
		t.Fatal(err)
	}
	ex := func(id string) workbook.Exercise {
		e, ok := wb.Exercise(id)
		if !ok {
			t.Fatalf("no exercise %s", id)
		}
		return e
	}
	answer := func(kv ...string) workbook.Answer {
		a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
		for i := 0; i+1 < len(kv); i += 2 {
			a.Fields[kv[i]] = kv[i+1]
		}
		return a
	}
	start := day1
	at := func(days int, hour int) time.Time {
		return start.AddDate(0, 0, days).Add(time.Duration(hour) * time.Hour)
	}
	date := func(days int) workbook.Date { return workbook.DateOf(at(days, 0)) }
	save := func(id, entryID string, a workbook.Answer, on workbook.Date, now time.Time) workbook.Entry {
		t.Helper()
		runs, _ := st.Runs(ctx)
		e, err := st.SaveAnswer(ctx, workbook.CurrentRun(runs).ID, ex(id), entryID, a, on, now)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}

	// An earlier run, closed.
	old, err := st.StartRun(ctx, ex("challenge"), answer("challenge", "Before", "start_date", date(-60).String()), at(-60, 0))
	if err != nil {
		t.Fatal(err)
	}
	save("scope", "", answer("scope", "Old scope."), workbook.Date{}, at(-59, 0))
	save("self-assessment", "", answer("level", "2", "why", "ok"), workbook.Date{}, at(-20, 0))
	_ = old

	if _, err := st.StartRun(ctx, ex("challenge"), answer("challenge", "Now", "start_date", date(0).String(), "level", "1"), at(0, 0)); err != nil {
		t.Fatal(err)
	}
	scope := save("scope", "", answer("scope", "First scope."), workbook.Date{}, at(0, 1))
	save("scope", scope.ID, answer("scope", "Second scope."), workbook.Date{}, at(3, 1))
	save("blockers", "", workbook.Answer{Lists: map[string][]workbook.ListItem{"items": {{ID: "b1", Text: "Approvals"}}}}, workbook.Date{}, at(1, 1))
	// The one-time exercises of phases 1 and 2, so that reports and
	// check-ins come next until phase 3's are due.
	for _, e := range wb.Exercises {
		if e.Kind == workbook.KindOnce && e.Phase < 3 && e.ID != "scope" && e.ID != "blockers" && e.ID != "metric" {
			a := answer()
			for _, f := range e.Fields {
				switch f.Kind {
				case workbook.FieldList:
					a.Lists[f.ID] = []workbook.ListItem{{ID: "i1", Text: "item"}}
				case workbook.FieldChoice:
					a.Fields[f.ID] = f.Options[0].Value
				case workbook.FieldNumber:
					a.Fields[f.ID] = "1"
				case workbook.FieldDate:
					a.Fields[f.ID] = date(1).String()
				default:
					a.Fields[f.ID] = "Done."
				}
			}
			save(e.ID, "", a, workbook.Date{}, at(1, 2))
		}
	}
	save("metric", "", answer("name", "Calls decided", "kind", "count", "baseline", "1", "target", "5", "direction", "higher"), workbook.Date{}, at(2, 1))
	for d := 0; d < 26; d++ {
		save("metric-log", "", answer("date", date(d).String(), "value", fmt.Sprint(d%6)), workbook.Date{}, at(d, 2))
	}
	for _, d := range []int{10, 12, 12, 26} {
		save("report", "", answer("changed", fmt.Sprintf("day %d", d)), date(d), at(d, 3))
	}
	for _, d := range []int{1, 5, 5, 19, 26} {
		save("checkin", "", answer("ownership", fmt.Sprint(1+d%3), "contribution", "2", "communication", "3"), date(d), at(d, 4))
	}
	runs, _ := st.Runs(ctx)
	cur := workbook.CurrentRun(runs)
	if err := st.PauseRun(ctx, cur.ID, date(14), at(14, 5)); err != nil {
		t.Fatal(err)
	}
	if err := st.ResumeRun(ctx, cur.ID, date(17), at(17, 5)); err != nil {
		t.Fatal(err)
	}
	for _, d := range []workbook.Draft{
		{RunID: cur.ID, Exercise: "report", SavedAt: at(20, 6), Answer: answer("changed", "half")},
		{RunID: cur.ID, Exercise: "scope", EntryID: scope.ID, SavedAt: at(20, 7), Answer: answer("scope", "Third")},
	} {
		if err := st.SaveDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
	}

	seen := map[string]bool{}
	for days := -1; days <= 40; days++ {
		now := at(days, 9)
		today := workbook.DateOf(now)
		d := newDriver(t, Options{Store: st, Now: func() time.Time { return now }, StateDir: t.TempDir()}, 100, 60)
		d.run(d.m.reloadCmd())
		fromOverview, homeItems, homeSummary := d.screen(), d.m.home.items, d.m.home.summary
		overview := d.m.prog

		d.m.prog = programFromAllEntries(t, d.m.wb, st, today)
		d.m.home.refresh()
		if d.screen() != fromOverview || !reflect.DeepEqual(d.m.home.items, homeItems) || !reflect.DeepEqual(d.m.home.summary, homeSummary) {
			t.Fatalf("day %d: Home from the overview:\n%s\nfrom every entry:\n%s", days, fromOverview, d.screen())
		}
		for _, w := range []string{"Metric", "Last check-in", "Due this week", "4 reports so far", "Next: Write this week's report",
			"Next: Check in", "Next: Day 2", "Drafts"} {
			if strings.Contains(fromOverview, w) {
				seen[w] = true
			}
		}
		all := d.m.prog
		for _, e := range wb.Exercises {
			a, aok := workbook.FindEntry(all.entries, e.ID)
			o, ook := workbook.FindEntry(overview.entries, e.ID)
			if aok != ook || a.ID != o.ID {
				t.Errorf("day %d: FindEntry(%s): %s, %v from every entry; %s, %v from the overview", days, e.ID, a.ID, aok, o.ID, ook)
			}
		}
		for _, s := range wb.Sections {
			if workbook.SectionDone(wb, s.ID, all.entries) != workbook.SectionDone(wb, s.ID, overview.entries) {
				t.Errorf("day %d: SectionDone(%s) differs", days, s.ID)
			}
		}
		if (all.metric == nil) != (overview.metric == nil) || all.metric != nil && !reflect.DeepEqual(all.metric.points, overview.metric.points) {
			t.Errorf("day %d: metric differs", days)
		}
		if (all.checkIns.last == nil) != (overview.checkIns.last == nil) ||
			all.checkIns.last != nil && all.checkIns.last.ID != overview.checkIns.last.ID {
			t.Errorf("day %d: last check-in differs", days)
		}
	}
	if len(seen) != 8 {
		t.Errorf("the days showed only %v: the test covers less than it says", seen)
	}
}
