package workbook_test

import (
	"regexp"
	"strings"
	"testing"

	"autonomy/workbook"
)

// TestRolesOfTheContent: every role the program reads is given in the
// real content, to the exercise and fields it reads.
func TestRolesOfTheContent(t *testing.T) {
	w := load(t)
	want := map[workbook.Role]string{
		workbook.RoleRunStart: "challenge", workbook.RoleScope: "scope", workbook.RoleBlockers: "blockers",
		workbook.RoleNoise: "noise", workbook.RoleConstraint: "constraint", workbook.RoleDecision: "decision",
		workbook.RoleOutcomeMetric: "metric", workbook.RoleReport: "report", workbook.RoleImprovement: "improvement",
		workbook.RolePeerFeedback: "feedback-peer", workbook.RoleManagerFeedback: "feedback-manager",
		workbook.RoleSelfAssessment: "self-assessment", workbook.RoleMetricValue: "metric-log",
		workbook.RoleCheckIn: "checkin", workbook.RoleReflection: "reflection",
	}
	for role, id := range want {
		ex, ok := w.ByRole(role)
		if !ok || ex.ID != id {
			t.Errorf("ByRole(%s) = %q, %v; want %q", role, ex.ID, ok, id)
		}
		if !w.Is(id, role) || w.RoleOf(id) != role {
			t.Errorf("Is(%s, %s) is false", id, role)
		}
	}
	if len(want) != len(w.Exercises) {
		t.Errorf("%d roles for %d exercises", len(want), len(w.Exercises))
	}
	if _, ok := w.ByRole("nothing"); ok || w.Is("gone", workbook.RoleScope) || w.Is("scope", "") {
		t.Error("an unknown role or exercise")
	}
	fields := map[string]map[workbook.FieldRole]string{
		"challenge": {workbook.FieldRoleChallenge: "challenge", workbook.FieldRoleStartDate: "start_date",
			workbook.FieldRoleLevel: "level", workbook.FieldRoleLevelWhy: "level_why"},
		"metric": {workbook.FieldRoleMetricName: "name", workbook.FieldRoleMetricKind: "kind", workbook.FieldRoleUnit: "unit",
			workbook.FieldRoleBaseline: "baseline", workbook.FieldRoleTarget: "target", workbook.FieldRoleDirection: "direction"},
		"metric-log": {workbook.FieldRoleDay: "date", workbook.FieldRoleValue: "value", workbook.FieldRoleNote: "note"},
		"checkin": {workbook.FieldRoleOwnership: "ownership", workbook.FieldRoleContribution: "contribution",
			workbook.FieldRoleCommunication: "communication", workbook.FieldRoleNormalWeek: "normal_week",
			workbook.FieldRoleStress: "stress", workbook.FieldRoleNote: "note"},
		"report":          {workbook.FieldRoleStress: "stress"},
		"constraint":      {workbook.FieldRoleAskWhom: "ask_whom", workbook.FieldRoleStatus: "status", workbook.FieldRoleReasonable: "reasonable"},
		"feedback-peer":   {workbook.FieldRoleFeedbackState: "status", workbook.FieldRoleWho: "who", workbook.FieldRoleAskedOn: "asked_on", workbook.FieldRoleSaid: "said"},
		"self-assessment": {workbook.FieldRoleLevel: "level", workbook.FieldRoleLevelWhy: "why"},
	}
	for exID, roles := range fields {
		ex := exerciseOf(t, w, exID)
		for role, id := range roles {
			if got := ex.FieldID(role); got != id {
				t.Errorf("%s: field of role %s is %q, want %q", exID, role, got, id)
			}
		}
	}
	// The failure modes, in the guide's order.
	var modes []string
	for _, f := range exerciseOf(t, w, "reflection").FieldsByRole(workbook.FieldRoleFailureMode) {
		modes = append(modes, strings.ToLower(f.Label))
	}
	if guide := workbook.FailureModes(w); strings.Join(modes, "|") != strings.Join(guide, "|") {
		t.Errorf("failure-mode fields %q, the guide's %q", modes, guide)
	}
}

func TestParseRoleErrors(t *testing.T) {
	guide := readContent(t, "guide.md")
	type doc = map[string]any
	tests := []struct {
		name   string
		change func(d doc)
		want   string
	}{
		{"unknown exercise role", func(d doc) { exercise(d, "scope")["role"] = "scoop" },
			`exercise "scope": unknown role "scoop" (want one of blockers, check-in, constraint,`},
		{"exercise role twice", func(d doc) { exercise(d, "decision")["role"] = "scope" },
			`exercise "decision": role "scope" is also the role of exercise "scope"`},
		{"exercise role of the wrong kind", func(d doc) { exercise(d, "checkin")["kind"] = "once"; exercise(d, "checkin")["phase"] = 1 },
			`exercise "checkin": role "check-in" needs kind log, not once`},
		{"unknown field role", func(d doc) { field(d, "checkin", "note")["role"] = "notes" },
			`exercise "checkin": field "note": unknown role "notes" (want one of ask-whom, asked-on,`},
		{"field role twice", func(d doc) { field(d, "checkin", "contribution")["role"] = "ownership" },
			`exercise "checkin": field "contribution": role "ownership" is also the role of field "ownership"`},
		{"a needed field role missing", func(d doc) { delete(field(d, "metric", "direction"), "role") },
			`exercise "metric": role "outcome-metric" needs a field of role "direction"`},
		{"field role out of place", func(d doc) { field(d, "report", "changed")["role"] = "ownership" },
			`exercise "report": field "changed": role "ownership" has no use in an exercise of role "report"`},
		{"field role without an exercise role", func(d doc) { delete(exercise(d, "report"), "role") },
			`exercise "report": field "stress": role "stress" in an exercise without a role`},
		{"field role of the wrong kind", func(d doc) { field(d, "metric", "baseline")["kind"] = "text" },
			`exercise "metric": field "baseline": role "baseline" needs kind number, not text`},
		{"an option the program reads is missing", func(d doc) {
			opts := field(d, "metric", "direction")["options"].([]any)
			opts[0].(map[string]any)["value"] = "down"
		}, `exercise "metric": field "direction": role "direction" needs an option "lower"`},
		{"a role that must be required", func(d doc) { delete(field(d, "checkin", "ownership"), "required") },
			`exercise "checkin": field "ownership": role "ownership" needs a required field`},
		{"a daily exercise without a day", func(d doc) { delete(field(d, "metric-log", "date"), "role") },
			`exercise "metric-log": a daily exercise needs a required date field of role "day"`},
		{"blank short", func(d doc) { field(d, "checkin", "ownership")["short"] = " " }, `exercise "checkin": field "ownership": blank short`},
		{"blank option short", func(d doc) {
			field(d, "constraint", "reasonable")["options"].([]any)[0].(map[string]any)["short"] = " "
		}, `exercise "constraint": field "reasonable": option "yes": blank short`},
		{"required_if an unknown field", func(d doc) {
			field(d, "feedback-peer", "said")["required_if"] = map[string]any{"field": "state", "value": "answered"}
		}, `exercise "feedback-peer": field "said": required_if unknown field "state"`},
		{"required_if a value that is no option", func(d doc) {
			field(d, "feedback-peer", "said")["required_if"] = map[string]any{"field": "status", "value": "done"}
		}, `exercise "feedback-peer": field "said": required_if field "status" is "done", which is not one of its options`},
		{"required_if a field that is no choice", func(d doc) {
			field(d, "feedback-peer", "said")["required_if"] = map[string]any{"field": "who", "value": "x"}
		}, `exercise "feedback-peer": field "said": required_if field "who", which is not a choice`},
		{"required and required_if", func(d doc) { field(d, "feedback-peer", "said")["required"] = true },
			`exercise "feedback-peer": field "said": both required and required_if`},
		{"required_if half given", func(d doc) {
			field(d, "feedback-peer", "said")["required_if"] = map[string]any{"field": "status"}
		}, `exercise "feedback-peer": field "said": required_if needs a field and a value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := workbook.Parse(guide, mutate(t, tt.change))
			at := regexp.MustCompile(`(?m)^exercises\.json:[1-9][0-9]*: ` + regexp.QuoteMeta(tt.want))
			if err == nil || !at.MatchString(err.Error()) {
				t.Errorf("error:\n%v\nwant a line of it to match:\n%s", err, at)
			}
		})
	}
}

func TestApplyChallenge(t *testing.T) {
	w := load(t)
	ex, ok := w.RunStart()
	if !ok {
		t.Fatal("no run-start exercise")
	}
	var r workbook.Run
	r.ApplyChallenge(ex, answer(kv{"challenge": " Ship it ", "start_date": " 2026-11-02 ", "level": "2", "level_why": "because"}))
	if r.Challenge != "Ship it" || r.StartDate != d("2026-11-02") || r.Level != "2" || r.LevelWhy != "because" {
		t.Errorf("ApplyChallenge: %+v", r)
	}
	r.ApplyChallenge(ex, answer(kv{"challenge": "Again", "start_date": "soon"}))
	if r.Challenge != "Again" || !r.StartDate.IsZero() || r.Level != "" {
		t.Errorf("ApplyChallenge without a date: %+v", r)
	}
	if got := ex.LevelOf(answer(kv{"level": "3"})); got != "Level 3: Strategic autonomy" {
		t.Errorf("LevelOf = %q", got)
	}
}

// TestWorkloadAdvice: a check-in whose week was not a normal one shows
// the guide's two sentences, as the guide has them.
func TestWorkloadAdvice(t *testing.T) {
	w := load(t)
	guide := string(readContent(t, "guide.md"))
	const words = "Keep the workload compatible with your normal week. Consistency matters more than intensity."
	if !strings.Contains(guide, "\n"+words+"\n") || workbook.WorkloadWords(w) != words {
		t.Fatalf("WorkloadWords = %q", workbook.WorkloadWords(w))
	}
	ex := exerciseOf(t, w, "checkin")
	calm := answer(kv{"ownership": "stable", "contribution": "stable", "communication": "stable"})
	if adv := w.Advise(ex, calm); !adv.IsZero() {
		t.Errorf("advice for a calm week: %+v", adv)
	}
	calm.Fields["normal_week"] = "yes"
	if adv := w.Advise(ex, calm); !adv.IsZero() {
		t.Errorf("advice for a normal week: %+v", adv)
	}
	calm.Fields["normal_week"] = "no"
	adv := w.Advise(ex, calm)
	if adv.Workload != words || adv.IsZero() || adv.OfferPause || adv.OfferScope {
		t.Errorf("advice for a heavy week: %+v", adv)
	}
	c := ex.CheckInOf(answer(kv{"ownership": "collapsed", "contribution": "shaky", "communication": "stable", "stress": "yes", "note": " n "}))
	if c.Ownership != workbook.RatingCollapsed || c.Contribution != workbook.RatingShaky || !c.Stress || c.Note != "n" || c.NormalWeek != workbook.Unanswered {
		t.Errorf("CheckInOf: %+v", c)
	}
	if adv := w.Advise(exerciseOf(t, w, "report"), answer(kv{"changed": "x", "stress": "yes"})); !adv.OfferPause || adv.Boundary == "" {
		t.Errorf("a report that flags stress: %+v", adv)
	}
	if adv := w.Advise(exerciseOf(t, w, "scope"), answer(kv{"scope": "x"})); !adv.IsZero() {
		t.Errorf("scope: %+v", adv)
	}
}

func TestFeedbackAndReflectionOf(t *testing.T) {
	w := load(t)
	ex := exerciseOf(t, w, "feedback-peer")
	for _, tt := range []struct {
		a              workbook.Answer
		asked, answers bool
	}{
		{answer(kv{"status": "asked", "who": "Sam"}), true, false},
		{answer(kv{"status": "answered", "said": "Good"}), false, true},
		{answer(kv{"said": "Good"}), false, true}, // saved before there was a status
		{answer(kv{"who": "Sam"}), false, false},
	} {
		fb := ex.FeedbackOf(tt.a)
		if fb.Asked != tt.asked || fb.Answered != tt.answers {
			t.Errorf("FeedbackOf(%v) = %+v", tt.a.Fields, fb)
		}
	}
	r := exerciseOf(t, w, "reflection").ReflectionOf(answer(kv{"shield": "yes", "silence": "yes", "activity": "no", "note": "x"}))
	if len(r.Modes) != 2 || r.Modes[0] != 1 || r.Modes[1] != 3 || r.Note != "x" {
		t.Errorf("ReflectionOf: %+v", r)
	}
	if names := r.ModeNames(workbook.FailureModes(w)); len(names) != 2 || names[1] != "overcorrecting into silence or conflict avoidance" {
		t.Errorf("ModeNames: %q", names)
	}
}

func TestDatesAndCount(t *testing.T) {
	w := load(t)
	entries := []workbook.Entry{
		{Exercise: "report", Date: d("2026-11-02")}, {Exercise: "checkin", Date: d("2026-11-03")}, {Exercise: "report", Date: d("2026-11-09")},
	}
	if got := w.Dates(entries, workbook.RoleReport); len(got) != 2 || got[1] != d("2026-11-09") {
		t.Errorf("Dates(report) = %v", got)
	}
	if w.Count(entries, workbook.RoleCheckIn) != 1 || w.Count(entries, workbook.RoleReflection) != 0 {
		t.Error("Count")
	}
}
