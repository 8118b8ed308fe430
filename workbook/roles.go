package workbook

import (
	"fmt"
	"slices"
	"strings"
)

// Role names what the program needs an exercise for, so that code finds
// "the run's challenge" or "the outcome metric" through content/exercises.json
// instead of spelling an exercise id. content/README.md lists the roles.
type Role string

// The exercise roles. Each is given to at most one exercise.
const (
	RoleRunStart        Role = "run-start"        // starts a run: the challenge, start date and level
	RoleScope           Role = "scope"            // the scope in one sentence (a collapse offers it)
	RoleBlockers        Role = "blockers"         // the recurring blockers
	RoleNoise           Role = "noise"            // the avoidable requests
	RoleConstraint      Role = "constraint"       // the constraint to lift
	RoleDecision        Role = "decision"         // the decision area
	RoleOutcomeMetric   Role = "outcome-metric"   // the metric's definition
	RoleReport          Role = "report"           // what changed, failed, was escalated
	RoleImprovement     Role = "improvement"      // the process improvement
	RolePeerFeedback    Role = "peer-feedback"    // feedback from a peer
	RoleManagerFeedback Role = "manager-feedback" // feedback from a manager
	RoleSelfAssessment  Role = "self-assessment"  // closes a run: the level now
	RoleMetricValue     Role = "metric-value"     // one day's value of the metric
	RoleCheckIn         Role = "check-in"         // the stability check-in
	RoleReflection      Role = "reflection"       // the failure-mode reflection
)

// FieldRole names what the program reads a field for. Within an exercise
// each is given to at most one field, but for FieldFailureMode.
type FieldRole string

// The field roles.
const (
	FieldRoleChallenge     FieldRole = "challenge"         // the run's challenge (text)
	FieldRoleStartDate     FieldRole = "start-date"        // day 1 of the run (date)
	FieldRoleLevel         FieldRole = "level"             // an autonomy level (choice of 1, 2, 3)
	FieldRoleLevelWhy      FieldRole = "level-why"         // why that level
	FieldRoleAskWhom       FieldRole = "ask-whom"          // who can lift the constraint
	FieldRoleStatus        FieldRole = "constraint-status" // not-asked, asked, lifted, refused
	FieldRoleReasonable    FieldRole = "reasonable"        // is the constraint reasonable (yes, no)
	FieldRoleMetricName    FieldRole = "metric-name"       // what is measured
	FieldRoleMetricKind    FieldRole = "metric-kind"       // time, quality, ...
	FieldRoleUnit          FieldRole = "unit"              // the metric's unit
	FieldRoleBaseline      FieldRole = "baseline"          // where it stands (number)
	FieldRoleTarget        FieldRole = "target"            // where it should go (number)
	FieldRoleDirection     FieldRole = "direction"         // lower or higher is better
	FieldRoleDay           FieldRole = "day"               // the day a daily entry is for (required date)
	FieldRoleValue         FieldRole = "value"             // a value of the metric (number)
	FieldRoleNote          FieldRole = "note"              // a free note
	FieldRoleOwnership     FieldRole = "ownership"         // a rating: stable, shaky, collapsed
	FieldRoleContribution  FieldRole = "contribution"      // a rating
	FieldRoleCommunication FieldRole = "communication"     // a rating
	FieldRoleNormalWeek    FieldRole = "normal-week"       // did the program fit into a normal week (yes, no)
	FieldRoleStress        FieldRole = "stress"            // stress escalating or safety compromised (yes, no)
	FieldRoleFailureMode   FieldRole = "failure-mode"      // one failure mode, in the guide's order (yes, no)
	FieldRoleFeedbackState FieldRole = "feedback-status"   // asked or answered
	FieldRoleWho           FieldRole = "who"               // who gives the feedback
	FieldRoleAskedOn       FieldRole = "asked-on"          // when it was asked (date)
	FieldRoleSaid          FieldRole = "said"              // what they said
)

// Option values the program reads. A field with a role that needs them
// must offer them (the loader checks).
const (
	Yes = "yes"
	No  = "no"

	DirectionLower  = "lower"
	DirectionHigher = "higher"

	FeedbackAsked    = "asked"
	FeedbackAnswered = "answered"

	StatusNotAsked = "not-asked"
	StatusAsked    = "asked"
	StatusLifted   = "lifted"
	StatusRefused  = "refused"
)

// fieldRoleSpec is what a field with a role must be.
type fieldRoleSpec struct {
	kinds   []FieldKind
	options []string // option values a choice must offer
	many    bool     // may be given to several fields of an exercise
}

var (
	yesOrNo = []string{Yes, No}
	ratings = []string{string(RatingStable), string(RatingShaky), string(RatingCollapsed)}
	oneLine = []FieldKind{FieldText, FieldTextarea}
)

var fieldRoles = map[FieldRole]fieldRoleSpec{
	FieldRoleChallenge:     {kinds: []FieldKind{FieldText}},
	FieldRoleStartDate:     {kinds: []FieldKind{FieldDate}},
	FieldRoleLevel:         {kinds: []FieldKind{FieldChoice}, options: []string{"1", "2", "3"}},
	FieldRoleLevelWhy:      {kinds: oneLine},
	FieldRoleAskWhom:       {kinds: []FieldKind{FieldText}},
	FieldRoleStatus:        {kinds: []FieldKind{FieldChoice}, options: []string{StatusNotAsked, StatusAsked, StatusLifted, StatusRefused}},
	FieldRoleReasonable:    {kinds: []FieldKind{FieldChoice}, options: yesOrNo},
	FieldRoleMetricName:    {kinds: []FieldKind{FieldText}},
	FieldRoleMetricKind:    {kinds: []FieldKind{FieldChoice, FieldText}},
	FieldRoleUnit:          {kinds: []FieldKind{FieldText}},
	FieldRoleBaseline:      {kinds: []FieldKind{FieldNumber}},
	FieldRoleTarget:        {kinds: []FieldKind{FieldNumber}},
	FieldRoleDirection:     {kinds: []FieldKind{FieldChoice}, options: []string{DirectionLower, DirectionHigher}},
	FieldRoleDay:           {kinds: []FieldKind{FieldDate}},
	FieldRoleValue:         {kinds: []FieldKind{FieldNumber}},
	FieldRoleNote:          {kinds: oneLine},
	FieldRoleOwnership:     {kinds: []FieldKind{FieldChoice}, options: ratings},
	FieldRoleContribution:  {kinds: []FieldKind{FieldChoice}, options: ratings},
	FieldRoleCommunication: {kinds: []FieldKind{FieldChoice}, options: ratings},
	FieldRoleNormalWeek:    {kinds: []FieldKind{FieldChoice}, options: yesOrNo},
	FieldRoleStress:        {kinds: []FieldKind{FieldChoice}, options: yesOrNo},
	FieldRoleFailureMode:   {kinds: []FieldKind{FieldChoice}, options: yesOrNo, many: true},
	FieldRoleFeedbackState: {kinds: []FieldKind{FieldChoice}, options: []string{FeedbackAsked, FeedbackAnswered}},
	FieldRoleWho:           {kinds: []FieldKind{FieldText}},
	FieldRoleAskedOn:       {kinds: []FieldKind{FieldDate}},
	FieldRoleSaid:          {kinds: oneLine},
}

// exerciseRoleSpec is what an exercise with a role must be: its kind (""
// for any), the field roles it must have, and those it may have.
type exerciseRoleSpec struct {
	kind     ExerciseKind
	needs    []FieldRole
	mayAlso  []FieldRole
	required []FieldRole // of needs, those that must be required fields
}

var feedbackSpec = exerciseRoleSpec{kind: KindOnce,
	needs: []FieldRole{FieldRoleFeedbackState, FieldRoleSaid}, mayAlso: []FieldRole{FieldRoleWho, FieldRoleAskedOn}}

var exerciseRoles = map[Role]exerciseRoleSpec{
	RoleRunStart: {kind: KindRun, needs: []FieldRole{FieldRoleChallenge, FieldRoleStartDate},
		mayAlso: []FieldRole{FieldRoleLevel, FieldRoleLevelWhy}, required: []FieldRole{FieldRoleChallenge}},
	RoleScope:       {kind: KindOnce},
	RoleBlockers:    {kind: KindOnce},
	RoleNoise:       {kind: KindOnce},
	RoleConstraint:  {kind: KindOnce, needs: []FieldRole{FieldRoleReasonable}, mayAlso: []FieldRole{FieldRoleAskWhom, FieldRoleStatus}},
	RoleDecision:    {kind: KindOnce},
	RoleImprovement: {kind: KindOnce},
	RoleOutcomeMetric: {kind: KindOnce,
		needs:    []FieldRole{FieldRoleMetricName, FieldRoleBaseline, FieldRoleTarget, FieldRoleDirection},
		mayAlso:  []FieldRole{FieldRoleMetricKind, FieldRoleUnit},
		required: []FieldRole{FieldRoleMetricName, FieldRoleBaseline, FieldRoleTarget, FieldRoleDirection}},
	RoleReport:          {kind: KindRecurring, mayAlso: []FieldRole{FieldRoleStress}},
	RolePeerFeedback:    feedbackSpec,
	RoleManagerFeedback: feedbackSpec,
	RoleSelfAssessment:  {kind: KindClosing, needs: []FieldRole{FieldRoleLevel}, mayAlso: []FieldRole{FieldRoleLevelWhy}, required: []FieldRole{FieldRoleLevel}},
	RoleMetricValue: {kind: KindDaily, needs: []FieldRole{FieldRoleDay, FieldRoleValue}, mayAlso: []FieldRole{FieldRoleNote},
		required: []FieldRole{FieldRoleDay, FieldRoleValue}},
	RoleCheckIn: {kind: KindLog, needs: []FieldRole{FieldRoleOwnership, FieldRoleContribution, FieldRoleCommunication},
		mayAlso:  []FieldRole{FieldRoleNormalWeek, FieldRoleStress, FieldRoleNote},
		required: []FieldRole{FieldRoleOwnership, FieldRoleContribution, FieldRoleCommunication}},
	RoleReflection: {kind: KindLog, needs: []FieldRole{FieldRoleFailureMode}, mayAlso: []FieldRole{FieldRoleNote}},
}

// checkRoles checks the roles of the decoded exercises: known roles, each
// exercise role given once, each field role where its exercise's role
// allows it, once per exercise (but failure modes), of the right kind and
// with the options the program reads. A daily exercise needs a day.
func checkRoles(exercises []Exercise) []found {
	var fs []found
	owner := map[Role]string{}
	for i, ex := range exercises {
		path := fmt.Sprintf("exercises[%d]", i)
		where := fmt.Sprintf("exercise %q", ex.ID)
		problem := func(at, format string, args ...any) {
			fs = append(fs, found{at, where + ": " + fmt.Sprintf(format, args...)})
		}
		spec, known := exerciseRoles[ex.Role]
		switch {
		case ex.Role == "":
		case !known:
			problem(path+".role", "unknown role %q (want one of %s)", ex.Role, roleNames(exerciseRoles))
		case owner[ex.Role] != "":
			problem(path+".role", "role %q is also the role of exercise %q", ex.Role, owner[ex.Role])
		default:
			owner[ex.Role] = ex.ID
			if spec.kind != "" && ex.Kind != spec.kind {
				problem(path+".role", "role %q needs kind %s, not %s", ex.Role, spec.kind, ex.Kind)
			}
		}
		seen := map[FieldRole]string{}
		for j, f := range ex.Fields {
			if f.Role == "" {
				continue
			}
			at := fmt.Sprintf("%s.fields[%d].role", path, j)
			fwhere := fmt.Sprintf("field %q", f.ID)
			frs, ok := fieldRoles[f.Role]
			if !ok {
				problem(at, "%s: unknown role %q (want one of %s)", fwhere, f.Role, roleNames(fieldRoles))
				continue
			}
			if prev := seen[f.Role]; prev != "" && !frs.many {
				problem(at, "%s: role %q is also the role of field %q", fwhere, f.Role, prev)
			}
			seen[f.Role] = f.ID
			if known && !slices.Contains(spec.needs, f.Role) && !slices.Contains(spec.mayAlso, f.Role) {
				problem(at, "%s: role %q has no use in an exercise of role %q", fwhere, f.Role, ex.Role)
			}
			if ex.Role == "" && (ex.Kind != KindDaily || f.Role != FieldRoleDay) {
				problem(at, "%s: role %q in an exercise without a role", fwhere, f.Role)
			}
			if !slices.Contains(frs.kinds, f.Kind) {
				problem(at, "%s: role %q needs kind %s, not %s", fwhere, f.Role, kindList(frs.kinds), f.Kind)
			}
			for _, v := range frs.options {
				if f.Kind == FieldChoice && !slices.ContainsFunc(f.Options, func(o Option) bool { return o.Value == v }) {
					problem(at, "%s: role %q needs an option %q", fwhere, f.Role, v)
				}
			}
		}
		if known {
			for _, r := range spec.needs {
				if seen[r] == "" {
					problem(path+".role", "role %q needs a field of role %q", ex.Role, r)
				}
			}
			for _, r := range spec.required {
				for j, f := range ex.Fields {
					if f.Role == r && r != "" && !f.Required {
						problem(fmt.Sprintf("%s.fields[%d]", path, j), "field %q: role %q needs a required field", f.ID, r)
						break
					}
				}
			}
		}
		if ex.Kind == KindRun && ex.Role != RoleRunStart {
			problem(path, "a run exercise needs the role %q: the program reads the run's challenge and start date through it", RoleRunStart)
		}
		if ex.Kind == KindDaily {
			if f, ok := ex.FieldByRole(FieldRoleDay); !ok || !f.Required {
				problem(path, "a daily exercise needs a required date field of role %q", FieldRoleDay)
			}
		}
	}
	return fs
}

func roleNames[K ~string, V any](m map[K]V) string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, string(k))
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

func kindList(kinds []FieldKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, " or ")
}

// ByRole returns the exercise with the role.
func (w *Workbook) ByRole(r Role) (Exercise, bool) {
	if w == nil || r == "" {
		return Exercise{}, false
	}
	for _, ex := range w.Exercises {
		if ex.Role == r {
			return ex, true
		}
	}
	return Exercise{}, false
}

// RoleOf returns the role of the exercise with the id ("" when it has none
// or is unknown).
func (w *Workbook) RoleOf(exerciseID string) Role {
	ex, _ := w.Exercise(exerciseID)
	return ex.Role
}

// Is reports whether the exercise with the id has the role: what code
// writes instead of comparing an entry's exercise with an id.
func (w *Workbook) Is(exerciseID string, r Role) bool {
	return r != "" && w.RoleOf(exerciseID) == r
}

// FieldByRole returns the (first) field with the role.
func (ex Exercise) FieldByRole(r FieldRole) (Field, bool) {
	for _, f := range ex.Fields {
		if r != "" && f.Role == r {
			return f, true
		}
	}
	return Field{}, false
}

// FieldsByRole returns every field with the role, in field order (the
// failure modes).
func (ex Exercise) FieldsByRole(r FieldRole) []Field {
	var out []Field
	for _, f := range ex.Fields {
		if r != "" && f.Role == r {
			out = append(out, f)
		}
	}
	return out
}

// Value is the answer's value of the field with the role, trimmed of
// surrounding spaces; "" when the exercise has no such field.
func (ex Exercise) Value(a Answer, r FieldRole) string {
	f, ok := ex.FieldByRole(r)
	if !ok {
		return ""
	}
	return strings.TrimSpace(a.Fields[f.ID])
}

// FieldID is the id of the field with the role, "" when there is none:
// for the few places that write an answer (a form's default start date or
// day).
func (ex Exercise) FieldID(r FieldRole) string {
	f, _ := ex.FieldByRole(r)
	return f.ID
}
