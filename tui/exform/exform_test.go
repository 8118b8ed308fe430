package exform

import (
	"strings"
	"testing"
	"time"

	"autonomy/content"
	"autonomy/workbook"

	"charm.land/huh/v2"
)

func load(t *testing.T) *workbook.Workbook {
	t.Helper()
	wb, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	return wb
}

func date(t *testing.T, s string) workbook.Date {
	t.Helper()
	d, err := workbook.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func byRole(t *testing.T, wb *workbook.Workbook, r workbook.Role) workbook.Exercise {
	t.Helper()
	ex, ok := wb.ByRole(r)
	if !ok {
		t.Fatalf("no exercise with the role %v", r)
	}
	return ex
}

// entry is a saved entry of the exercise with one answer.
func entry(id string, ex workbook.Exercise, a workbook.Answer, d workbook.Date) workbook.Entry {
	return workbook.Entry{ID: id, RunID: "r1", Exercise: ex.ID, Date: d,
		Current: workbook.Revision{SavedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Answer: a}}
}

func TestWhich(t *testing.T) {
	wb := load(t)
	today := date(t, "2026-03-10")
	scope := byRole(t, wb, workbook.RoleScope)
	closing := byRole(t, wb, workbook.RoleSelfAssessment)
	report := byRole(t, wb, workbook.RoleReport)
	start := byRole(t, wb, workbook.RoleRunStart)

	// Without a run, every exercise opens the start of one, and says so.
	tg, ok := Which(wb, Program{Today: today}, scope)
	if !ok || tg.Ex.ID != start.ID || tg.RunID != "" || !strings.HasPrefix(tg.Note, "Start a run first") {
		t.Fatalf("no run: %+v %v", tg, ok)
	}
	run := workbook.Run{ID: "r1", Number: 1, StartDate: date(t, "2026-03-08")}
	scopeAnswer := workbook.Answer{Fields: map[string]string{scope.Fields[0].ID: "I own billing"}}
	p := Program{Runs: []workbook.Run{run}, Entries: []workbook.Entry{entry("e1", scope, scopeAnswer, today)}, Today: today}
	// A one-time exercise opens its entry; a report is a new one.
	if tg, ok := Which(wb, p, scope); !ok || tg.EntryID != "e1" || tg.RunID != "r1" {
		t.Fatalf("scope: %+v %v", tg, ok)
	}
	if tg, ok := Which(wb, p, report); !ok || tg.EntryID != "" || tg.RunID != "r1" {
		t.Fatalf("report: %+v %v", tg, ok)
	}
	// The self-assessment opens no form before the run is complete.
	if tg, ok := Which(wb, p, closing); ok || !strings.Contains(tg.Note, "today is day 3") {
		t.Fatalf("closing on day 3: %+v %v", tg, ok)
	}
}

func TestOpen(t *testing.T) {
	wb := load(t)
	today := date(t, "2026-03-10")
	start := byRole(t, wb, workbook.RoleRunStart)
	startDate := start.FieldID(workbook.FieldRoleStartDate)

	// A new run starts today.
	op := Open(wb, Program{Today: today}, start, "", "")
	if op.Start.Fields[startDate] != "2026-03-10" || !op.DraftFrom.IsZero() {
		t.Fatalf("a new run: %+v", op)
	}
	// A draft wins, and its one-line text is made plain; Saved keeps the
	// defaults, to compare with.
	at := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	challenge := start.FieldID(workbook.FieldRoleChallenge)
	draft := workbook.Draft{Exercise: start.ID, SavedAt: at, Answer: workbook.Answer{Fields: map[string]string{challenge: "Ship\x1b[2J it"}}}
	op = Open(wb, Program{Today: today, Drafts: []workbook.Draft{draft}}, start, "", "")
	if !op.DraftFrom.Equal(at) || op.Start.Fields[challenge] != "Ship it" || op.Saved.Fields[startDate] != "2026-03-10" {
		t.Fatalf("with a draft: %+v", op)
	}

	// The value form names the run's metric; the noise may point to the
	// blockers.
	metric := byRole(t, wb, workbook.RoleOutcomeMetric)
	def := workbook.Answer{Fields: map[string]string{}}
	for role, v := range map[workbook.FieldRole]string{workbook.FieldRoleMetricName: "Cycle time", workbook.FieldRoleUnit: "h",
		workbook.FieldRoleBaseline: "48", workbook.FieldRoleTarget: "36", workbook.FieldRoleDirection: "lower"} {
		def.Fields[metric.FieldID(role)] = v
	}
	blockers := byRole(t, wb, workbook.RoleBlockers)
	items := []workbook.ListItem{{ID: "b1", Text: "Flaky CI"}}
	p := Program{Today: today, Runs: []workbook.Run{{ID: "r1", Number: 1, StartDate: today}}, Entries: []workbook.Entry{
		entry("m", metric, def, today),
		entry("b", blockers, workbook.Answer{Lists: map[string][]workbook.ListItem{blockers.Fields[0].ID: items}}, today)}}
	if op := Open(wb, p, byRole(t, wb, workbook.RoleMetricValue), "r1", ""); op.Ex.Title != "Metric value: Cycle time" {
		t.Fatalf("value form titled %q", op.Ex.Title)
	}
	if op := Open(wb, p, byRole(t, wb, workbook.RoleNoise), "r1", ""); len(op.Refs) != 1 || op.Refs[0].ID != "b1" {
		t.Fatalf("noise refs = %+v", op.Refs)
	}
	if c := p.CheckContext(wb, "r1"); c.Unit != "h" || c.Run == nil || c.Run.ID != "r1" {
		t.Fatalf("check context = %+v", c)
	}
}

// The fields are huh's own and the project's, bound to the values: a
// field's change is the answer's; the checks are the workbook's.
func TestFieldsAreBound(t *testing.T) {
	wb := load(t)
	start := byRole(t, wb, workbook.RoleRunStart)
	v := Bind(start, workbook.Answer{}, func() workbook.CheckContext { return workbook.CheckContext{Today: date(t, "2026-03-10")} })
	fields := v.Fields(wb, nil, " *")
	if len(fields) != len(start.Fields) {
		t.Fatalf("%d fields for %d", len(fields), len(start.Fields))
	}
	for i, f := range start.Fields {
		switch f.Kind {
		case workbook.FieldChoice:
			if _, ok := fields[i].(*huh.Select[string]); !ok {
				t.Errorf("%s: %T", f.ID, fields[i])
			}
		case workbook.FieldText, workbook.FieldDate, workbook.FieldNumber:
			if _, ok := fields[i].(*huh.Input); !ok {
				t.Errorf("%s: %T", f.ID, fields[i])
			}
		}
	}
	challenge := start.FieldID(workbook.FieldRoleChallenge)
	*v.Text[challenge] = "Ship it"
	if v.Answer().Fields[challenge] != "Ship it" {
		t.Fatal("the answer does not read the bound value")
	}
	f, _ := start.Field(challenge)
	if err := v.Validator(f)(strings.Repeat("a", f.Limit()+1)); err == nil {
		t.Fatal("a value over the limit passes")
	}
	if err := v.Validator(f)(""); err != nil {
		t.Fatalf("a blank required field is refused before a save was: %v", err)
	}
	v.Strict = true
	if err := v.Validator(f)(""); err == nil {
		t.Fatal("a blank required field passes after a refused save")
	}
}
