package workbook

import (
	"errors"
	"fmt"
)

// CheckContext is what the rules that look beyond the answer need.
type CheckContext struct {
	Today Date
	Run   *Run   // the run the answer belongs to; nil for the answer that starts one
	Unit  string // the outcome metric's unit, which a metric value may be typed with
}

// Prepare is the answer as it is saved: Normalized, and a metric value
// typed with its unit ("40 h") as the number alone ("40").
func Prepare(ex Exercise, a Answer, c CheckContext) Answer {
	a = a.Normalized()
	if f, ok := ex.FieldByRole(FieldRoleValue); ok && ex.Role == RoleMetricValue {
		if v, ok := a.Fields[f.ID]; ok {
			a.Fields[f.ID] = MetricValueText(v, c.Unit)
		}
	}
	return a
}

// Check is ValidateAnswer and the rules of the program that need more than
// one field, or the run: the answers the guide would reject, each refused
// with the reason under the field to change (the map is empty when the
// answer may be saved):
//
//   - a metric value's day lies within the run: from its start date to
//     today, paused days included; its value may be typed with the unit;
//   - the outcome metric's target is not on the wrong side of the
//     baseline for the direction (above it when lower is better);
//   - a failure-mode reflection marks a failure mode or says something in
//     its note.
//
// A start date far from today is not refused but confirmed: see
// StartDateConfirm.
func Check(ex Exercise, a Answer, c CheckContext) map[string]error {
	errs := ValidateAnswer(ex, a)
	switch ex.Role {
	case RoleMetricValue:
		checkMetricValue(ex, a, c, errs)
	case RoleOutcomeMetric:
		checkTarget(ex, a, errs)
	case RoleReflection:
		checkReflection(ex, a, errs)
	}
	return errs
}

// CheckField is Check's verdict on one field, for a form that shows it
// beside the field as the person types.
func CheckField(ex Exercise, fieldID string, a Answer, c CheckContext) error {
	return Check(ex, a, c)[fieldID]
}

func checkMetricValue(ex Exercise, a Answer, c CheckContext, errs map[string]error) {
	if f, ok := ex.FieldByRole(FieldRoleValue); ok {
		v := ex.Value(a, FieldRoleValue)
		if _, err := ParseMetricValue(v, c.Unit); v != "" && err == nil {
			delete(errs, f.ID) // "40 h" is fine
		} else if v != "" {
			errs[f.ID] = err
		}
	}
	f, ok := ex.FieldByRole(FieldRoleDay)
	if !ok || errs[f.ID] != nil {
		return
	}
	day, ok := ex.DayOf(a)
	if !ok {
		return
	}
	if err := DayInRun(day, c.Run, c.Today); err != nil {
		errs[f.ID] = err
	}
}

// DayInRun refuses a day outside the run: before its start date or after
// today. Paused days belong to the run. A nil run or zero today accept any
// day.
func DayInRun(day Date, run *Run, today Date) error {
	if !today.IsZero() && day.After(today) {
		return fmt.Errorf("%s has not come yet: today is %s", day, today)
	}
	if run == nil {
		return nil
	}
	if start := run.Start(); !start.IsZero() && day.Before(start) {
		if today.IsZero() {
			return fmt.Errorf("before the run: it starts on %s", start)
		}
		return fmt.Errorf("not a day of the run: from %s to today, %s", start, today)
	}
	return nil
}

func checkTarget(ex Exercise, a Answer, errs map[string]error) {
	f, ok := ex.FieldByRole(FieldRoleTarget)
	if !ok || errs[f.ID] != nil || errs[ex.FieldID(FieldRoleBaseline)] != nil || errs[ex.FieldID(FieldRoleDirection)] != nil {
		return
	}
	def, err := ex.MetricDef(a)
	if err != nil {
		return
	}
	if err := TargetSide(def); err != nil {
		errs[f.ID] = err
	}
}

// TargetSide refuses a target on the wrong side of the baseline: above it
// when lower is better, below it when higher is better. A target equal to
// the baseline (keep it where it is) is allowed.
func TargetSide(def MetricDef) error {
	base := FormatMetric(def.Baseline, def.Unit)
	switch {
	case def.LowerIsBetter && def.Target > def.Baseline:
		return fmt.Errorf("lower is better, so the target goes below the baseline (%s)", base)
	case !def.LowerIsBetter && def.Target < def.Baseline:
		return fmt.Errorf("higher is better, so the target goes above the baseline (%s)", base)
	}
	return nil
}

// errEmptyReflection refuses a reflection that says nothing.
var errEmptyReflection = errors.New("mark a failure mode you fell into, or write a note (even to say none did)")

func checkReflection(ex Exercise, a Answer, errs map[string]error) {
	r := ex.ReflectionOf(a)
	if len(r.Modes) > 0 || r.Note != "" {
		return
	}
	id := ex.FieldID(FieldRoleNote)
	if id == "" {
		if modes := ex.FieldsByRole(FieldRoleFailureMode); len(modes) > 0 {
			id = modes[0].ID
		}
	}
	if id != "" && errs[id] == nil {
		errs[id] = errEmptyReflection
	}
}

// StartDateConfirm says whether a run's start date needs a second
// confirmation, and the question to ask: a start more than the program's
// days back (30), or in the future, says what day of the run that makes today.
func (p Program) StartDateConfirm(start, today Date) (string, bool) {
	if start.IsZero() || today.IsZero() {
		return "", false
	}
	days := start.DaysUntil(today) // days back
	switch {
	case days == -1:
		return fmt.Sprintf("%s is tomorrow: today would be the day before day 1 of the run. Start on %s anyway?", start, start), true
	case days < 0:
		return fmt.Sprintf("%s is in %d days: today would be %d days before day 1 of the run. Start on %s anyway?",
			start, -days, -days, start), true
	case days > p.Days():
		return fmt.Sprintf("%s is %d days ago: today would be day %d of the run, past its %d days. Start on %s anyway?",
			start, days, days+1, p.Days(), start), true
	}
	return "", false
}
