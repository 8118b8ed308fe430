package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"autonomy/store"
	"autonomy/workbook"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// The golden screens: what a person sees on each screen of the workbook,
// at the smallest size it is laid out for and two common ones, from the
// database of someone on day 16 of their second run. testdata/README.md
// says how to refresh them.

// goldenNow is the fixed clock of the golden screens: day 16 of run 2.
var goldenNow = day1.AddDate(0, 0, 15).Add(2 * time.Hour) // 11:30

// The long scope: one sentence that wraps at every size.
const goldenScope = "I own the release process of the payments and billing services, from the moment a change is merged " +
	"to the moment it runs in production, with its rollback plan and the notes that tell support what changed."

// goldenStore builds, through the store as the program would, the
// workbook of a person on day 16 of their second run: the first run
// closed with its self-assessment; in the second a long scope saved
// twice, a constraint they find not reasonable, a "lower is better"
// metric going down (48 h to 30 h, -37.5%), two check-ins (the last one
// today with communication collapsed) and a report edited once, which
// says 10:00 and -37.5%.
func goldenStore(t testing.TB) *store.Store {
	t.Helper()
	st := openStore(t, "")
	wb := loadWorkbook(t)
	ctx := context.Background()
	save := func(runID string, r workbook.Role, entryID string, a workbook.Answer, date workbook.Date, at time.Time) workbook.Entry {
		t.Helper()
		e, err := st.SaveAnswer(ctx, runID, byRole(t, wb, r), entryID, a, date, at)
		if err != nil {
			t.Fatalf("saving %s: %v", r, err)
		}
		return e
	}
	// field is an answer to the exercise of role r by its fields in
	// order: the scope, constraint and report fields have no role.
	field := func(r workbook.Role, values ...string) workbook.Answer {
		ex := byRole(t, wb, r)
		a := workbook.Answer{Fields: map[string]string{}}
		for i, v := range values {
			a.Fields[ex.Fields[i].ID] = v
		}
		return a
	}
	rs := byRole(t, wb, workbook.RoleRunStart)

	// Run 1, in the summer: a month, closed by its self-assessment.
	first := day1.AddDate(0, -4, 0)
	run1, err := st.StartRun(ctx, rs, answerBy(rs, "challenge", "Run the on-call rotation", "start-date", workbook.DateOf(first).String(), "level", "1"), first)
	if err != nil {
		t.Fatal(err)
	}
	save(run1.ID, workbook.RoleScope, "", field(workbook.RoleScope, "I own the on-call rotation of my team."), workbook.Date{}, first)
	sa := byRole(t, wb, workbook.RoleSelfAssessment)
	save(run1.ID, workbook.RoleSelfAssessment, "", answerBy(sa, "level", "2", "level-why", "I set the rotation and only escalate the outages."),
		workbook.Date{}, first.AddDate(0, 0, 31))

	// Run 2, started on day1: today is its day 16.
	at := func(day int) time.Time { return day1.AddDate(0, 0, day-1) }
	date := func(day int) workbook.Date { return workbook.DateOf(at(day)) }
	run2, err := st.StartRun(ctx, rs, answerBy(rs, "challenge", "Own the release process end to end", "start-date", date(1).String(), "level", "2"), at(1))
	if err != nil {
		t.Fatal(err)
	}
	scope := save(run2.ID, workbook.RoleScope, "", field(workbook.RoleScope, "I own the release process of the payments service."), workbook.Date{}, at(1))
	save(run2.ID, workbook.RoleScope, scope.ID, field(workbook.RoleScope, goldenScope), workbook.Date{}, at(3))
	cons := field(workbook.RoleConstraint, "Every release waits for a director's sign-off.", "Dana, my director")
	c := byRole(t, wb, workbook.RoleConstraint)
	cons.Fields[c.FieldID(workbook.FieldRoleStatus)] = "asked"
	cons.Fields[c.FieldID(workbook.FieldRoleReasonable)] = "no"
	save(run2.ID, workbook.RoleConstraint, "", cons, workbook.Date{}, at(4))
	m := byRole(t, wb, workbook.RoleOutcomeMetric)
	save(run2.ID, workbook.RoleOutcomeMetric, "", answerBy(m, "metric-name", "Cycle time", "unit", "h", "baseline", "48", "target", "36",
		"direction", workbook.DirectionLower), workbook.Date{}, at(2))
	mv := byRole(t, wb, workbook.RoleMetricValue)
	for i, v := range []string{"48", "44", "39", "33", "30"} {
		day := 3 + 3*i
		save(run2.ID, workbook.RoleMetricValue, "", answerBy(mv, "day", date(day).String(), "value", v), workbook.Date{}, at(day))
	}
	ci := byRole(t, wb, workbook.RoleCheckIn)
	save(run2.ID, workbook.RoleCheckIn, "", answerBy(ci, "ownership", "stable", "contribution", "stable", "communication", "shaky"), date(8), at(8))
	save(run2.ID, workbook.RoleCheckIn, "", answerBy(ci, "ownership", "shaky", "contribution", "stable", "communication", string(workbook.RatingCollapsed)),
		date(16), goldenNow.Add(-time.Hour))
	report := save(run2.ID, workbook.RoleReport, "", field(workbook.RoleReport,
		"Moved the deploy window to 09:30, so releases no longer wait for the afternoon."), date(14), at(14))
	save(run2.ID, workbook.RoleReport, report.ID, field(workbook.RoleReport,
		"Moved the deploy window to 10:00, so releases no longer wait for the afternoon.\nCycle time: 48 h to 30 h (-37.5%).",
		"The Thursday hotfix still waited for my sign-off."), date(14), at(15))
	return st
}

// goldenScreen opens one screen from Home; want is what it must show at
// every size (the goldens show the rest).
type goldenScreen struct {
	name string // the golden's name: what it shows
	open func(d *driver)
	want []string
}

var goldenScreens = []goldenScreen{
	{"home", keys(), []string{"Next: Day 16"}},
	{"reader", func(d *driver) { d.run(d.m.openReader(2, 0)) }, []string{"Build autonomy in 30 days"}},
	{"form-constraint", func(d *driver) { d.run(d.m.openExercise(byRole(d.t, d.m.wb, workbook.RoleConstraint))) }, []string{"A constraint to lift", "┃ The constraint *"}},
	{"review", keys("r"), []string{"Review", "Report"}},
	{"entry-diff", func(d *driver) {
		d.key("r")
		report := byRole(d.t, d.m.wb, workbook.RoleReport).ID
		for i := 0; review(d).items[review(d).cursor].Exercise != report; i++ {
			if i > 50 {
				d.t.Fatal("no report in the review")
			}
			d.key("j")
		}
		d.key("enter", "d")
	}, []string{"Report · Run 2", "What changed:", "- Moved the deploy window"}},
	{"compare", keys("r", "c"), []string{"Day 1 against now · Run 2"}},
	{"share", keys("x"), []string{"Share a report of run 2", "Preview"}},
	// Share scrolled down to the report, which says 10:00 as typed.
	{"share-reports", func(d *driver) {
		d.key("x")
		for i := 0; !strings.Contains(d.screen(), "10:00"); i++ {
			if i > 100 {
				d.t.Fatalf("Share never shows the report's 10:00:\n%s", d.screen())
			}
			d.key("j")
		}
	}, []string{"window to 10:00"}},
	{"chart", func(d *driver) { d.run(d.m.openMetric()) }, []string{"●─ Cycle time (h), lower is better", "baseline 48 h", "target 36 h", "better"}},
	{"help", keys("?"), []string{"Keys — Home"}},
	{"safety", keys("!"), []string{"Safety boundary", "esc close", "p pause your run"}},
}

var goldenSizes = [][2]int{{40, 10}, {80, 24}, {100, 30}}

func TestGoldenScreens(t *testing.T) {
	t.Setenv("HOME", "/home/you") // Share names the file it would write there
	fixture := goldenStore(t)
	renders := map[renderKey]*rendered{} // the guide laid out once for all
	wb := loadWorkbook(t)
	for _, g := range goldenScreens {
		for _, size := range goldenSizes {
			w, h := size[0], size[1]
			t.Run(fmt.Sprintf("%s-%dx%d", g.name, w, h), func(t *testing.T) {
				// A copy of the fixture each: what a screen writes (a
				// section read, the boundary seen) shows on no other.
				path := filepath.Join(t.TempDir(), "autonomy.db")
				if err := fixture.Backup(context.Background(), path); err != nil {
					t.Fatal(err)
				}
				st := openStore(t, path)
				d := &driver{t: t}
				d.m = New(Options{Workbook: wb, Store: st, Now: func() time.Time { return goldenNow }, StateDir: t.TempDir(), Tick: fakeTick})
				d.m.renders = renders
				d.send(windowSize(w, h))
				d.run(d.m.reloadCmd())
				g.open(d)
				screen := d.screen()
				for _, want := range g.want {
					if !strings.Contains(screen, want) {
						t.Errorf("the screen lacks %q", want)
					}
				}
				lines := strings.Split(screen, "\n")
				if len(lines) != h {
					t.Errorf("%d lines on a screen of %d", len(lines), h)
				}
				for i, l := range lines {
					if ansi.StringWidth(l) > w {
						t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, ansi.StringWidth(l), w, l)
					}
					lines[i] = strings.TrimRight(l, " ")
				}
				teatest.RequireEqualOutput(t, []byte(strings.Join(lines, "\n")+"\n"))
			})
		}
	}
}
