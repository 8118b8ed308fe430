package tui

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"autonomy/store"
	"autonomy/workbook"
)

// focus moves the form's focus to the field with the role, by tab.
func focus(t *testing.T, d *driver, role workbook.FieldRole) {
	t.Helper()
	id := d.m.form().ex.FieldID(role)
	for range len(d.m.form().ex.Fields) + 1 {
		if f, ok := d.m.form().focused(); ok && f.ID == id {
			return
		}
		d.key("tab")
	}
	t.Fatalf("no field with the role %s to focus:\n%s", role, d.screen())
}

// requireReasonUnder fails unless reason is shown under the field titled
// label, before the next field's title.
func requireReasonUnder(t *testing.T, d *driver, label, reason string) {
	t.Helper()
	isTitle := func(l string) bool {
		l = strings.TrimLeft(l, " ┃")
		for _, f := range d.m.form().ex.Fields {
			if strings.HasPrefix(l, f.Label) {
				return true
			}
		}
		return false
	}
	lines := strings.Split(d.screen(), "\n")
	title := -1
	for i, l := range lines {
		switch {
		case title < 0 && strings.HasPrefix(strings.TrimLeft(l, " ┃"), label):
			title = i
		case title >= 0 && strings.Contains(l, reason):
			return
		case title >= 0 && isTitle(l):
			t.Fatalf("%q is not shown under %q, before the next field:\n%s", reason, label, d.screen())
		}
	}
	t.Fatalf("%q is not shown under %q:\n%s", reason, label, d.screen())
}

// entriesOf is the run's saved entries of the exercise with the role.
func entriesOf(t *testing.T, d *driver, st *store.Store, r workbook.Role) []workbook.Entry {
	t.Helper()
	run := d.m.prog.openRun()
	entries, err := st.Entries(context.Background(), run.ID)
	if err != nil {
		t.Fatal(err)
	}
	ex := byRole(t, d.m.wb, r)
	var out []workbook.Entry
	for _, e := range entries {
		if e.Exercise == ex.ID {
			out = append(out, e)
		}
	}
	return out
}

// requireWords fails unless the screen says text, whatever the line
// breaks.
func requireWords(t *testing.T, d *driver, texts ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(d.screen()), " ")
	for _, text := range texts {
		if !strings.Contains(flat, strings.Join(strings.Fields(text), " ")) {
			t.Fatalf("the screen does not say %q:\n%s", text, d.screen())
		}
	}
}

func openByRole(t *testing.T, d *driver, r workbook.Role) {
	t.Helper()
	d.run(d.m.openExercise(byRole(t, d.m.wb, r)))
	if d.m.form() == nil {
		t.Fatalf("no form for %s:\n%s", r, d.screen())
	}
}

// Each rule of the guide refuses the answer with its reason under the
// field to change, and nothing is saved.
func TestFormRefusalsAreShownUnderTheirFieldAndSaveNothing(t *testing.T) {
	st, clock, _ := runOnDay16(t)
	d := homeDriver(t, st, clock, 100, 50)

	// A metric value for a day before the run.
	openByRole(t, d, workbook.RoleMetricValue)
	focus(t, d, workbook.FieldRoleDay)
	d.ctrl('u')
	d.paste(workbook.DateOf(day1).AddDays(-3).String())
	focus(t, d, workbook.FieldRoleValue)
	d.paste("31")
	before := len(entriesOf(t, d, st, workbook.RoleMetricValue))
	d.ctrl('s')
	requireReasonUnder(t, d, "Day", "not a day of the run")
	d.requireScreen("Not saved: Day: not a day of the run")
	if n := len(entriesOf(t, d, st, workbook.RoleMetricValue)); n != before {
		t.Fatalf("a refused value was saved: %d entries, %d before", n, before)
	}
	d.key("esc")

	// A target on the wrong side of the baseline.
	openByRole(t, d, workbook.RoleOutcomeMetric)
	focus(t, d, workbook.FieldRoleTarget)
	d.ctrl('u')
	d.paste("60")
	d.ctrl('s')
	requireReasonUnder(t, d, "Target", "lower is better, so the target goes below the baseline (48 h)")
	if revs, _ := st.Revisions(context.Background(), entriesOf(t, d, st, workbook.RoleOutcomeMetric)[0].ID); len(revs) != 1 {
		t.Fatalf("the refused target made a version: %d", len(revs))
	}
	d.key("esc")

	// A reflection that says nothing.
	openByRole(t, d, workbook.RoleReflection)
	d.ctrl('s')
	requireReasonUnder(t, d, "Note", "mark a failure mode you fell into")
	if n := len(entriesOf(t, d, st, workbook.RoleReflection)); n != 0 {
		t.Fatal("an empty reflection was saved")
	}
	d.key("esc")

	// A check-in starts with nothing chosen; saving names what is missing.
	openByRole(t, d, workbook.RoleCheckIn)
	d.requireScreen("Choose one")
	for _, r := range []workbook.FieldRole{workbook.FieldRoleOwnership, workbook.FieldRoleContribution, workbook.FieldRoleCommunication} {
		if v := *d.m.form().values[d.m.form().ex.FieldID(r)]; v != "" {
			t.Fatalf("%s starts chosen: %q", r, v)
		}
	}
	before = len(entriesOf(t, d, st, workbook.RoleCheckIn))
	d.ctrl('s')
	requireWords(t, d, "Not saved: choose Clearly defined ownership; choose Visible contribution; choose Accountable communication.")
	requireReasonUnder(t, d, "Visible contribution", "choose one")
	if n := len(entriesOf(t, d, st, workbook.RoleCheckIn)); n != before {
		t.Fatal("a check-in without its ratings was saved")
	}
}

func TestEnterOnAValueThatCannotBeSavedSaysWhy(t *testing.T) {
	st, clock, _ := runOnDay16(t)
	d := homeDriver(t, st, clock, 100, 50)
	openByRole(t, d, workbook.RoleOutcomeMetric)
	focus(t, d, workbook.FieldRoleBaseline)
	d.ctrl('u')
	d.paste("about 48")
	d.key("enter")
	if f, _ := d.m.form().focused(); f.Role != workbook.FieldRoleBaseline {
		t.Fatalf("enter left a value that cannot be saved for %s", f.ID)
	}
	d.requireScreen("Not saved: Baseline: not a number.")
	requireReasonUnder(t, d, "Baseline", "not a number")
	// Fixed, the reason goes as it is typed, and enter moves on.
	d.ctrl('u')
	d.paste("48")
	d.requireNot("✗ not a number")
	d.key("enter")
	if f, _ := d.m.form().focused(); f.Role != workbook.FieldRoleTarget {
		t.Fatalf("enter on a valid value should move on, not stay on %s", f.ID)
	}
}

// A list item typed past 280 characters is refused, never cut: enter does
// not take it in, ctrl+s refuses with the reason under the list, and the
// whole text is still there.
func TestAListItemOverTheLimitIsRefusedNotCut(t *testing.T) {
	st, clock, _ := runOnDay16(t)
	d := homeDriver(t, st, clock, 100, 50)
	openByRole(t, d, workbook.RoleBlockers)
	long := strings.Repeat("b", 300)
	d.key("enter") // + Add an item
	d.typeText(long)
	d.requireScreen("at most 280 characters (now 300)")
	d.key("enter")
	d.requireScreen("at most 280 characters (now 300)")
	d.ctrl('s')
	if d.m.form() == nil {
		t.Fatal("a 300-character blocker was saved")
	}
	d.requireScreen("Not saved: Recurring blockers: item 1: at most 280 characters (now 300).")
	requireReasonUnder(t, d, "Recurring blockers", "item 1: at most 280 characters (now 300)")
	if n := len(entriesOf(t, d, st, workbook.RoleBlockers)); n != 0 {
		t.Fatal("the blockers were saved")
	}
	items := d.m.form().answer().Lists[d.m.form().ex.Fields[0].ID]
	if len(items) != 1 || utf8.RuneCountInString(items[0].Text) != 300 {
		t.Fatalf("the item was cut or lost: %+v", items)
	}
}

// A start date far from today asks a second time, saying what day of the
// run that makes today; esc goes back to the date, enter starts the run.
func TestStartDateFarFromTodayIsConfirmed(t *testing.T) {
	for _, c := range []struct {
		name, start, says string
	}{
		{"long ago", workbook.DateOf(day1).AddDays(-40).String(), "is 40 days ago: today would be day 41 of the run"},
		{"to come", workbook.DateOf(day1).AddDays(5).String(), "is in 5 days"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := openStore(t, "")
			d := newProgramDriver(t, st, day1, 100, 40)
			d.key("enter")
			d.paste("Own the release process")
			focus(t, d, workbook.FieldRoleStartDate)
			d.ctrl('u')
			d.paste(c.start)
			focus(t, d, workbook.FieldRoleLevel)
			d.key("down")
			d.ctrl('s')
			if layer[*startDateScreen](d) == nil {
				t.Fatalf("no second confirmation:\n%s", d.screen())
			}
			requireWords(t, d, c.says, "Start on "+c.start+" anyway?")
			if runs, _ := st.Runs(context.Background()); len(runs) != 0 {
				t.Fatal("the run started before the confirmation")
			}
			d.key("esc")
			if d.m.form() == nil || d.onTop() != d.m.form().Name() {
				t.Fatalf("esc should go back to the form:\n%s", d.screen())
			}
			if f, _ := d.m.form().focused(); f.Role != workbook.FieldRoleStartDate {
				t.Fatalf("esc should bring the start date back, not %s", f.ID)
			}
			if runs, _ := st.Runs(context.Background()); len(runs) != 0 {
				t.Fatal("esc started the run")
			}
			d.ctrl('s')
			d.key("enter")
			runs, _ := st.Runs(context.Background())
			if len(runs) != 1 || runs[0].Start().String() != c.start {
				t.Fatalf("the run did not start on %s: %+v", c.start, runs)
			}
			if d.m.form() != nil {
				t.Fatal("the form stays open after the run started")
			}
		})
	}
	// A start within the 30 days asks nothing.
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	d.key("enter")
	d.paste("Own the release process")
	focus(t, d, workbook.FieldRoleStartDate)
	d.ctrl('u')
	d.paste(workbook.DateOf(day1).AddDays(-10).String())
	focus(t, d, workbook.FieldRoleLevel)
	d.key("down")
	d.ctrl('s')
	if runs, _ := st.Runs(context.Background()); len(runs) != 1 {
		t.Fatalf("a start 10 days back asked again:\n%s", d.screen())
	}
}

// Feedback is recorded the day it is asked, and the answer later is a new
// version of the same entry.
func TestFeedbackAskedThenAnswered(t *testing.T) {
	st, clock, _ := runOnDay16(t)
	d := homeDriver(t, st, clock, 100, 50)
	openByRole(t, d, workbook.RolePeerFeedback)
	d.requireScreen("Choose one")
	d.paste("Dana")
	focus(t, d, workbook.FieldRoleFeedbackState)
	d.key("down") // Asked, waiting for the answer
	d.ctrl('s')
	if d.m.form() != nil {
		t.Fatalf("asked without an answer should save:\n%s", d.screen())
	}
	got := entriesOf(t, d, st, workbook.RolePeerFeedback)
	if len(got) != 1 {
		t.Fatalf("%d feedback entries", len(got))
	}
	ex := byRole(t, d.m.wb, workbook.RolePeerFeedback)
	if fb := ex.FeedbackOf(got[0].Current.Answer); !fb.Asked || fb.Who != "Dana" || fb.AskedOn != workbook.DateOf(clock.t).String() {
		t.Fatalf("not saved as asked: %+v", fb)
	}

	// Later: answered, and what they said is then required.
	openByRole(t, d, workbook.RolePeerFeedback)
	focus(t, d, workbook.FieldRoleFeedbackState)
	d.key("down")
	d.ctrl('s')
	d.requireScreen("Not saved: What they said: required when Status is Answered.")
	requireReasonUnder(t, d, "What they said", "required when Status is Answered")
	focus(t, d, workbook.FieldRoleSaid)
	d.paste("Clear ownership of the release; say earlier when it slips.")
	d.ctrl('s')
	if d.m.form() != nil {
		t.Fatalf("the answer should save:\n%s", d.screen())
	}
	got = entriesOf(t, d, st, workbook.RolePeerFeedback)
	revs, err := st.Revisions(context.Background(), got[0].ID)
	if err != nil || len(got) != 1 || len(revs) != 2 {
		t.Fatalf("asked then answered: %d entries, %d versions (%v)", len(got), len(revs), err)
	}
	if fb := ex.FeedbackOf(got[0].Current.Answer); !fb.Answered || fb.Said == "" {
		t.Fatalf("not answered: %+v", fb)
	}
}

// The metric value form names the metric and its unit and takes the unit
// typed after the number.
func TestMetricValueFormNamesTheMetricAndTakesItsUnit(t *testing.T) {
	st, clock, _ := runOnDay16(t)
	d := homeDriver(t, st, clock, 100, 50)
	today := workbook.DateOf(clock.t)
	for i, typed := range []string{"40 h", "39h", "38 hours"} {
		openByRole(t, d, workbook.RoleMetricValue)
		d.requireScreen("Metric value: Cycle time", "Cycle time, in h")
		focus(t, d, workbook.FieldRoleDay)
		d.ctrl('u')
		d.paste(today.AddDays(-i).String())
		focus(t, d, workbook.FieldRoleValue)
		d.paste(typed)
		d.requireNot("not a number")
		d.ctrl('s')
		if d.m.form() != nil {
			t.Fatalf("%q refused:\n%s", typed, d.screen())
		}
	}
	points := d.m.wb.MetricPoints(entriesOf(t, d, st, workbook.RoleMetricValue), "")
	want := map[string]float64{today.String(): 40, today.AddDays(-1).String(): 39, today.AddDays(-2).String(): 38}
	for _, p := range points {
		if v, ok := want[p.Date.String()]; ok {
			if p.Value != v {
				t.Fatalf("%s: %v, want %v", p.Date, p.Value, v)
			}
			delete(want, p.Date.String())
		}
	}
	if len(want) != 0 {
		t.Fatalf("values not saved as numbers: %v", want)
	}
}

// A weekly check-in whose week did not fit the program shows the guide's
// two sentences on the workload.
func TestCheckInOutsideANormalWeekShowsTheGuidesWords(t *testing.T) {
	st, clock, _ := runOnDay16(t)
	d := homeDriver(t, st, clock, 100, 40)
	openByRole(t, d, workbook.RoleCheckIn)
	fm := d.m.form()
	for _, r := range []workbook.FieldRole{workbook.FieldRoleOwnership, workbook.FieldRoleContribution, workbook.FieldRoleCommunication} {
		*fm.values[fm.ex.FieldID(r)] = string(workbook.RatingStable)
	}
	*fm.values[fm.ex.FieldID(workbook.FieldRoleNormalWeek)] = workbook.No
	d.ctrl('s')
	if layer[*adviceScreen](d) == nil {
		t.Fatalf("no advice after a week that did not fit:\n%s", d.screen())
	}
	requireWords(t, d, "Keep the workload compatible with your normal week. Consistency matters more than intensity.")
}
