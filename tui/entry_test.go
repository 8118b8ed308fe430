package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

// saveAnswer saves a to the open run's exercise of role r: a new entry,
// or a new version of entryID.
func saveAnswer(t *testing.T, d *driver, st Store, r workbook.Role, entryID string, a workbook.Answer) workbook.Entry {
	t.Helper()
	ex, _ := d.m.wb.ByRole(r)
	run := d.m.prog.openRun()
	e, err := st.SaveAnswer(context.Background(), run.ID, ex, entryID, a, d.m.prog.today, d.m.now())
	if err != nil {
		t.Fatal(err)
	}
	d.run(d.m.reloadCmd())
	return e
}

// byRoles is an answer to ex by field role.
func byRoles(ex workbook.Exercise, kv map[workbook.FieldRole]string) workbook.Answer {
	a := workbook.Answer{Fields: map[string]string{}}
	for r, v := range kv {
		a.Fields[ex.FieldID(r)] = v
	}
	return a
}

// The diff names each field that changed, choices by their labels; in
// NO_COLOR too, where only the marks tell.
func TestDiffNamesTheFields(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		st := openStore(t, "")
		d := newDriver(t, Options{Store: st, Now: func() time.Time { return day1 }, NoColor: noColor, StateDir: t.TempDir()}, 100, 30)
		d.run(d.m.reloadCmd())
		startRun(t, d, "Own the release process")
		metric, _ := d.m.wb.ByRole(workbook.RoleOutcomeMetric)
		def := map[workbook.FieldRole]string{workbook.FieldRoleMetricName: "Cycle time", workbook.FieldRoleUnit: "h",
			workbook.FieldRoleBaseline: "48", workbook.FieldRoleTarget: "36", workbook.FieldRoleDirection: workbook.DirectionHigher}
		e := saveAnswer(t, d, st, workbook.RoleOutcomeMetric, "", byRoles(metric, def))
		def[workbook.FieldRoleDirection] = workbook.DirectionLower
		def[workbook.FieldRoleTarget] = "30"
		def[workbook.FieldRoleUnit] = ""
		saveAnswer(t, d, st, workbook.RoleOutcomeMetric, e.ID, byRoles(metric, def))
		d.key("r")
		d.requireScreen("Outcome metric")
		for review(d).items[review(d).cursor].Exercise != metric.ID {
			d.key("j")
		}
		d.key("enter", "d")
		d.requireScreen("~ Target: 36 → 30", "~ Direction: Higher is better → Lower is better", "- Unit: h")
		d.requireNot("- higher", "+ lower", "Metric:", "Baseline:")
		if noColor && strings.Contains(d.m.View().Content, "38;5;") {
			t.Fatal("NO_COLOR diff has colours")
		}
	}
}

// A changed line longer than the screen is marked once; the rest of it
// is indented under the text, not marked again.
func TestDiffMarksAWrappedLineOnce(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 60, 30)
	startRun(t, d, "Own the release process")
	report, _ := d.m.wb.ByRole(workbook.RoleReport)
	changed := report.Fields[0].ID
	old := "We moved the deploy window to 10:00 and wrote down who decides on a hotfix, so that nobody waits for me."
	e := saveAnswer(t, d, st, workbook.RoleReport, "", workbook.Answer{Fields: map[string]string{changed: "First line.\n" + old}})
	saveAnswer(t, d, st, workbook.RoleReport, e.ID, workbook.Answer{Fields: map[string]string{changed: "First line.\n" + strings.Replace(old, "10:00", "09:30", 1)}})
	d.key("r", "enter", "d")
	var minus, plus, rest int
	for _, l := range strings.Split(d.screen(), "\n") {
		switch {
		case strings.Contains(l, "+ added · - removed"): // the legend
		case strings.HasPrefix(l, "  - "):
			minus++
		case strings.HasPrefix(l, "  + "):
			plus++
		case strings.HasPrefix(l, "    ") && strings.TrimSpace(l) != "":
			rest++
		}
	}
	if minus != 1 || plus != 1 || rest < 2 {
		t.Fatalf("%d lines marked -, %d marked +, %d indented rests:\n%s", minus, plus, rest, d.screen())
	}
	d.requireScreen("What changed:", "  First line.", "- We moved the deploy window to 10:00", "+ We moved the deploy window to 09:30")
}
