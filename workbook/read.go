package workbook

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// What the program reads from answers, found by role: a run from its
// challenge, a check-in, a reflection, a feedback, the outcome metric and
// its values. Nothing outside workbook needs a field id for these.

// ApplyChallenge fills the run's challenge fields from an answer to the
// run-start exercise ex: the challenge, the start date (zero when blank or
// not a date), the level and why, trimmed of surrounding spaces. The store
// reads a run through it; so do imports.
func (r *Run) ApplyChallenge(ex Exercise, a Answer) {
	r.Challenge = ex.Value(a, FieldRoleChallenge)
	r.StartDate = Date{}
	if d, err := ParseDate(ex.Value(a, FieldRoleStartDate)); err == nil {
		r.StartDate = d
	}
	r.Level = ex.Value(a, FieldRoleLevel)
	r.LevelWhy = ex.Value(a, FieldRoleLevelWhy)
}

// RunStart is the exercise that starts a run (the challenge).
func (w *Workbook) RunStart() (Exercise, bool) { return w.ByRole(RoleRunStart) }

// LevelOf is the label of the level an answer gives ("Level 2: Decision
// autonomy"), "" when none: of the run-start or the self-assessment.
func (ex Exercise) LevelOf(a Answer) string {
	f, ok := ex.FieldByRole(FieldRoleLevel)
	if !ok {
		return ""
	}
	return DisplayValue(f, a.Fields[f.ID])
}

// DayOf is the day a daily entry's answer is for (the metric value's day).
func (ex Exercise) DayOf(a Answer) (Date, bool) {
	d, err := ParseDate(ex.Value(a, FieldRoleDay))
	return d, err == nil
}

// CheckInOf reads a check-in from an answer to the check-in exercise.
func (ex Exercise) CheckInOf(a Answer) CheckIn {
	return CheckIn{
		Ownership:     Rating(ex.Value(a, FieldRoleOwnership)),
		Contribution:  Rating(ex.Value(a, FieldRoleContribution)),
		Communication: Rating(ex.Value(a, FieldRoleCommunication)),
		NormalWeek:    yesNo(ex.Value(a, FieldRoleNormalWeek)),
		Stress:        ex.Value(a, FieldRoleStress) == Yes,
		Note:          ex.Value(a, FieldRoleNote),
	}
}

// CheckIns are the check-ins among entries, newest first (CompareEntries).
func (w *Workbook) CheckIns(entries []Entry) []CheckIn {
	ex, ok := w.ByRole(RoleCheckIn)
	if !ok {
		return nil
	}
	var mine []Entry
	for _, e := range entries {
		if e.Exercise == ex.ID {
			mine = append(mine, e)
		}
	}
	slices.SortStableFunc(mine, func(a, b Entry) int { return CompareEntries(b, a) })
	out := make([]CheckIn, len(mine))
	for i, e := range mine {
		out[i] = ex.CheckInOf(e.Current.Answer)
		out[i].ID, out[i].Date, out[i].SavedAt = e.ID, e.Date, e.Current.SavedAt
	}
	return out
}

// LastCheckIn is the newest check-in: of two saved the same day, the one
// saved last.
func (w *Workbook) LastCheckIn(entries []Entry) (CheckIn, bool) {
	all := w.CheckIns(entries)
	if len(all) == 0 {
		return CheckIn{}, false
	}
	return all[0], true
}

// Dates are the dates of the entries of the exercise with the role: what
// OverdueFor takes for reports and check-ins.
func (w *Workbook) Dates(entries []Entry, r Role) []Date {
	ex, ok := w.ByRole(r)
	if !ok {
		return nil
	}
	var out []Date
	for _, e := range entries {
		if e.Exercise == ex.ID {
			out = append(out, e.Date)
		}
	}
	return out
}

// Count is how many entries of the exercise with the role there are.
func (w *Workbook) Count(entries []Entry, r Role) int { return len(w.Dates(entries, r)) }

// RatingLine is a check-in's three ratings as its summary says them:
// "ownership shaky · contribution stable · communication collapsed".
func (w *Workbook) RatingLine(c CheckIn) string {
	ex, ok := w.ByRole(RoleCheckIn)
	if !ok {
		return ""
	}
	var parts []string
	for _, r := range []struct {
		role FieldRole
		v    Rating
	}{{FieldRoleOwnership, c.Ownership}, {FieldRoleContribution, c.Contribution}, {FieldRoleCommunication, c.Communication}} {
		f, _ := ex.FieldByRole(r.role)
		v := string(r.v)
		if v == "" {
			v = "—"
		} else {
			v = lowerFirst(ChoiceShort(f, v))
		}
		name := f.Short
		if name == "" {
			name = lowerFirst(f.Label)
		}
		parts = append(parts, name+" "+v)
	}
	return strings.Join(parts, SummarySep)
}

// Advise is what the workbook says after an answer is saved: for a
// check-in, AdviseCheckIn; for any answer that flags stress or safety
// (a report), StressAdvice; nothing otherwise.
func (w *Workbook) Advise(ex Exercise, a Answer) Advice {
	if ex.Role == RoleCheckIn {
		return AdviseCheckIn(w, ex.CheckInOf(a))
	}
	if ex.Value(a, FieldRoleStress) == Yes {
		return StressAdvice(w)
	}
	return Advice{}
}

// ReflectionOf reads a failure-mode reflection from an answer to the
// reflection exercise: its failure-mode fields marked yes, by their
// position (the guide's order), and its note.
func (ex Exercise) ReflectionOf(a Answer) Reflection {
	var r Reflection
	for i, f := range ex.FieldsByRole(FieldRoleFailureMode) {
		if strings.TrimSpace(a.Fields[f.ID]) == Yes {
			r.Modes = append(r.Modes, i)
		}
	}
	r.Note = ex.Value(a, FieldRoleNote)
	return r
}

// Feedback is a request for feedback and, once given, the answer.
type Feedback struct {
	Who, AskedOn, Said string
	Asked              bool // asked, waiting for the answer
	Answered           bool // answered: Said holds it
}

// FeedbackOf reads a feedback answer. Without a status (saved before
// feedback had one), it is answered when it says something.
func (ex Exercise) FeedbackOf(a Answer) Feedback {
	fb := Feedback{Who: ex.Value(a, FieldRoleWho), AskedOn: ex.Value(a, FieldRoleAskedOn), Said: ex.Value(a, FieldRoleSaid)}
	switch ex.Value(a, FieldRoleFeedbackState) {
	case FeedbackAnswered:
		fb.Answered = true
	case FeedbackAsked:
		fb.Asked = true
	default:
		fb.Answered = fb.Said != ""
	}
	return fb
}

// MetricDef reads the outcome metric from an answer to its exercise: the
// texts trimmed, baseline and target as decimal numbers, direction lower
// or higher. The error names the field by its label and can be shown as
// is.
func (ex Exercise) MetricDef(a Answer) (MetricDef, error) {
	label := func(r FieldRole) string {
		if f, ok := ex.FieldByRole(r); ok {
			return f.Label
		}
		return string(r)
	}
	def := MetricDef{Name: ex.Value(a, FieldRoleMetricName), Kind: ex.Value(a, FieldRoleMetricKind), Unit: ex.Value(a, FieldRoleUnit)}
	if def.Name == "" {
		return MetricDef{}, fmt.Errorf("%s: required", label(FieldRoleMetricName))
	}
	number := func(r FieldRole) (float64, error) {
		s := ex.Value(a, r)
		if s == "" {
			return 0, fmt.Errorf("%s: required", label(r))
		}
		if err := validateNumber(s); err != nil {
			return 0, fmt.Errorf("%s: %w", label(r), err)
		}
		v, _ := strconv.ParseFloat(s, 64)
		return v, nil
	}
	var err error
	if def.Baseline, err = number(FieldRoleBaseline); err != nil {
		return MetricDef{}, err
	}
	if def.Target, err = number(FieldRoleTarget); err != nil {
		return MetricDef{}, err
	}
	switch ex.Value(a, FieldRoleDirection) {
	case DirectionLower:
		def.LowerIsBetter = true
	case DirectionHigher:
	default:
		return MetricDef{}, fmt.Errorf("%s: choose lower or higher", label(FieldRoleDirection))
	}
	return def, nil
}

// Metric is the run's outcome metric, from the current answer of its
// exercise among entries; false when it is not defined (yet).
func (w *Workbook) Metric(entries []Entry) (MetricDef, bool) {
	ex, ok := w.ByRole(RoleOutcomeMetric)
	if !ok {
		return MetricDef{}, false
	}
	e, ok := NewestEntry(entries, ex.ID)
	if !ok {
		return MetricDef{}, false
	}
	def, err := ex.MetricDef(e.Current.Answer)
	return def, err == nil
}

// MetricPoints are the metric's values among entries, one per day, oldest
// day first: the day's entry (the newest, should there be two), its value
// read with the unit typed after it or not. Values that are not numbers
// are left out.
func (w *Workbook) MetricPoints(entries []Entry, unit string) []MetricPoint {
	ex, ok := w.ByRole(RoleMetricValue)
	if !ok {
		return nil
	}
	byDay := map[Date]Entry{}
	for _, e := range entries {
		if e.Exercise != ex.ID {
			continue
		}
		day := e.Date
		if d, ok := ex.DayOf(e.Current.Answer); ok {
			day = d
		}
		if prev, ok := byDay[day]; !ok || CompareEntries(e, prev) > 0 {
			byDay[day] = e
		}
	}
	var out []MetricPoint
	for day, e := range byDay {
		v, err := ParseMetricValue(ex.Value(e.Current.Answer, FieldRoleValue), unit)
		if err != nil || day.IsZero() {
			continue
		}
		out = append(out, MetricPoint{Date: day, Value: v})
	}
	slices.SortFunc(out, func(a, b MetricPoint) int { return a.Date.Compare(b.Date) })
	return out
}

// ParseMetricValue reads a value of the metric as typed: a decimal number,
// optionally followed by the metric's unit with or without a space ("40",
// "40 h", "40h"); for a unit of hours, days, minutes or percent its other
// usual spellings too ("40 hours" when the unit is "h"). The error can be
// shown as is.
func ParseMetricValue(s, unit string) (float64, error) {
	num := metricNumber(s, unit)
	if err := validateNumber(num); err != nil {
		if unit = strings.TrimSpace(unit); unit != "" && err.Error() == "not a number" {
			return 0, fmt.Errorf("not a number of %s (write 12 or 12 %s)", unit, unit)
		}
		return 0, err
	}
	v, _ := strconv.ParseFloat(num, 64)
	return v, nil
}

// MetricValueText is a typed metric value as stored: the number without
// the unit ("40 h" is "40"); the text as given when it is not a value.
func MetricValueText(s, unit string) string {
	if _, err := ParseMetricValue(s, unit); err != nil {
		return s
	}
	return metricNumber(s, unit)
}

// metricNumber is s without surrounding spaces and without one of the
// unit's spellings at its end.
func metricNumber(s, unit string) string {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	for _, u := range unitSpellings(unit) {
		if rest, ok := strings.CutSuffix(lower, u); ok && rest != "" {
			if last := rest[len(rest)-1]; last >= '0' && last <= '9' || last == ' ' || last == '.' {
				return strings.TrimSpace(s[:len(rest)])
			}
		}
	}
	return s
}

// unitGroups are units spelled several ways.
var unitGroups = [][]string{
	{"h", "hr", "hrs", "hour", "hours"},
	{"d", "day", "days"},
	{"min", "mins", "minute", "minutes"},
	{"%", "percent", "pct"},
	{"wk", "wks", "week", "weeks"},
}

// unitSpellings are the spellings of a unit, lower case, longest first:
// the unit itself, with or without a final "s", and its group's.
func unitSpellings(unit string) []string {
	u := strings.ToLower(strings.TrimSpace(unit))
	if u == "" {
		return nil
	}
	set := map[string]bool{u: true, strings.TrimSuffix(u, "s"): true, u + "s": true}
	for _, g := range unitGroups {
		if slices.Contains(g, u) || slices.Contains(g, strings.TrimSuffix(u, "s")) {
			for _, s := range g {
				set[s] = true
			}
		}
	}
	delete(set, "")
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// MetricValueForm is the metric-value exercise made for the run's metric:
// its title names the metric ("Metric value: Cycle time") and its value
// field the unit ("Cycle time, in h", "A number of h: 12 or 12 h").
func (w *Workbook) MetricValueForm(def MetricDef) (Exercise, bool) {
	ex, ok := w.ByRole(RoleMetricValue)
	if !ok {
		return Exercise{}, false
	}
	name := strings.TrimSpace(SanitizeLine(def.Name))
	unit := strings.TrimSpace(SanitizeLine(def.Unit))
	if name == "" {
		return ex, true
	}
	ex.Title += ": " + name
	ex.Fields = slices.Clone(ex.Fields)
	for i, f := range ex.Fields {
		if f.Role != FieldRoleValue {
			continue
		}
		f.Label = name
		f.Help = "A number."
		if unit != "" {
			f.Label += ", in " + unit
			f.Help = fmt.Sprintf("A number of %s: 12 or 12 %s.", unit, unit)
		}
		ex.Fields[i] = f
	}
	return ex, true
}

func yesNo(v string) YesNo {
	switch v {
	case Yes:
		return AnsweredYes
	case No:
		return AnsweredNo
	}
	return Unanswered
}

// YesNo is the answer to a yes-or-no question that may be left blank.
type YesNo int

const (
	Unanswered YesNo = iota
	AnsweredYes
	AnsweredNo
)
