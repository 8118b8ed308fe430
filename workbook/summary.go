package workbook

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SummaryPart is one piece of an entry's one-line summary.
type SummaryPart struct {
	Text     string // one line, safe for a terminal (SanitizeLine), never blank
	Field    string // the id of the field it shows; "" when it joins several
	Priority int    // 0 is the most telling; a short line drops the highest first
	// Sensitive marks a stress or safety flag: shown to the person, but
	// left out of anything shared unless they add it on purpose.
	Sensitive bool
	// Verdict marks the word a person looks for ("not reasonable"): a
	// short line cuts the other parts' text before it drops a verdict.
	Verdict bool
}

// Summary is an entry in one line, in the person's own words: parts in the
// exercise's field order, choices by their labels, a field named where a
// bare value would be ambiguous. Exercise.Summary makes it.
type Summary struct {
	Parts []SummaryPart
}

// SummarySep joins the parts of a summary.
const SummarySep = " · "

// String joins every part: "ownership shaky · contribution stable ·
// communication collapsed".
func (s Summary) String() string {
	texts := make([]string, len(s.Parts))
	for i, p := range s.Parts {
		texts[i] = p.Text
	}
	return strings.Join(texts, SummarySep)
}

// IsEmpty reports whether the summary has no part (an empty answer).
func (s Summary) IsEmpty() bool { return len(s.Parts) == 0 }

// Shared is the summary without its sensitive parts: what may leave the
// app by default.
func (s Summary) Shared() Summary {
	var out Summary
	for _, p := range s.Parts {
		if !p.Sensitive {
			out.Parts = append(out.Parts, p)
		}
	}
	return out
}

// Fit shortens the summary to width by priority: it drops the least
// telling parts (the highest Priority, the later of equals; a Verdict
// last) until the joined parts measure at most width, keeping the order
// of the others; then it takes back, most telling first, the dropped parts
// that still fit in what is left. When a verdict still does not fit
// beside the most telling part, that part is cut ("…") to make room.
// Otherwise the most telling part stays whole, even when it alone is
// wider: the caller cuts it. measure gives a text's width (nil counts code
// points; a terminal passes its cell width).
func (s Summary) Fit(width int, measure func(string) int) string {
	if measure == nil {
		measure = RuneCount
	}
	parts := slices.Clone(s.Parts)
	keep := make([]bool, len(parts))
	total := 0
	for i, p := range parts {
		keep[i] = true
		total += measure(p.Text)
	}
	sep := measure(SummarySep)
	total += sep * max(len(parts)-1, 0)
	// The least telling part that is no verdict goes first, while another
	// such part stays; verdicts are never dropped (the text before them is
	// cut instead, below).
	for total > width {
		drop, others := -1, 0
		for i, p := range parts {
			if !keep[i] || p.Verdict {
				continue
			}
			others++
			if drop < 0 || p.Priority >= parts[drop].Priority {
				drop = i
			}
		}
		if others < 2 {
			break
		}
		keep[drop] = false
		total -= measure(parts[drop].Text) + sep
	}
	keptVerdict := false
	for i, p := range parts {
		keptVerdict = keptVerdict || keep[i] && p.Verdict
	}
	if total > width && keptVerdict {
		// Cut the first kept part that is no verdict, if the verdicts
		// then fit.
		for i, p := range parts {
			if !keep[i] || p.Verdict {
				continue
			}
			room := width - (total - measure(p.Text))
			if room >= 2 {
				parts[i].Text = cutTo(p.Text, room, measure)
				total = width
			}
			break
		}
	}
	for {
		back := -1
		for i, p := range parts {
			if !keep[i] && total+sep+measure(p.Text) <= width && (back < 0 || p.Priority < parts[back].Priority) {
				back = i
			}
		}
		if back < 0 {
			break
		}
		keep[back] = true
		total += sep + measure(parts[back].Text)
	}
	var out Summary
	for i, p := range parts {
		if keep[i] {
			out.Parts = append(out.Parts, p)
		}
	}
	return out.String()
}

// cutTo shortens text to at most width, ending it with "…".
func cutTo(text string, width int, measure func(string) int) string {
	r := []rune(text)
	for len(r) > 0 && measure(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}

// SummaryContext is what a summary needs besides the answer.
type SummaryContext struct {
	// Unit is the outcome metric's unit, written after a metric value.
	Unit string
}

// SummaryContextFor is the context of a run's entries: the unit of its
// outcome metric.
func (w *Workbook) SummaryContextFor(entries []Entry) SummaryContext {
	var c SummaryContext
	if def, ok := w.Metric(entries); ok {
		c.Unit = def.Unit
	}
	return c
}

// EntrySummary is the summary of an entry's current answer; empty when the
// exercise is unknown.
func (w *Workbook) EntrySummary(e Entry, c SummaryContext) Summary {
	ex, ok := w.Exercise(e.Exercise)
	if !ok {
		return Summary{}
	}
	return ex.Summary(e.Current.Answer, c)
}

// Summary writes an answer to the exercise in one line:
//
//   - every non-blank field in the exercise's order, a choice by its
//     option's short words or label, a list item by item;
//   - a field with a short name says it: "ownership shaky", "start
//     2026-03-01", "failed: the deploy";
//   - some exercises read better as a sentence, by their role: a metric
//     value is "2026-11-23 · 28 h"; the outcome metric "Cycle time · 48 h
//     → 36 h · lower is better · time metric"; a constraint "Sign-off on
//     every change · asked Dana · not reasonable"; a reflection names the
//     failure modes fallen into; a feedback says whether it is answered;
//   - a stress or safety flag is a Sensitive part.
//
// Priorities put the most telling part first: the first field, the worst
// rating of a check-in, a flag. An empty answer has no part.
func (ex Exercise) Summary(a Answer, c SummaryContext) Summary {
	s := &summaryWriter{}
	switch ex.Role {
	case RoleOutcomeMetric:
		s.metric(ex, a)
	case RoleMetricValue:
		s.metricValue(ex, a, c)
	case RoleConstraint:
		s.constraint(ex, a)
	case RoleReflection:
		s.reflection(ex, a)
	case RolePeerFeedback, RoleManagerFeedback:
		s.feedback(ex, a)
	default:
		s.fields(ex, a)
	}
	return Summary{Parts: s.parts}
}

type summaryWriter struct {
	parts []SummaryPart
}

// add adds a part when text is not blank; its priority is its position
// unless given.
func (s *summaryWriter) add(field, text string, priority ...int) {
	text = strings.TrimSpace(SanitizeLine(text))
	if text == "" {
		return
	}
	p := SummaryPart{Text: text, Field: field, Priority: len(s.parts)}
	if len(priority) > 0 {
		p.Priority = priority[0]
	}
	s.parts = append(s.parts, p)
}

// fields writes each field in order, the generic way, with the roles of a
// check-in and a report weighed in.
func (s *summaryWriter) fields(ex Exercise, a Answer) {
	for _, f := range ex.Fields {
		if f.Kind == FieldList {
			for _, it := range a.Lists[f.ID] {
				s.add(f.ID, it.Text)
			}
			continue
		}
		v := strings.TrimSpace(a.Fields[f.ID])
		if v == "" {
			continue
		}
		switch f.Role {
		case FieldRoleStress:
			if v == Yes {
				s.parts = append(s.parts, SummaryPart{Text: stressFlagged, Field: f.ID, Sensitive: true})
			}
			continue
		case FieldRoleOwnership, FieldRoleContribution, FieldRoleCommunication:
			// The worst rating is the most telling.
			s.add(f.ID, named(f, v), ratingPriority(Rating(v)))
			continue
		case FieldRoleNormalWeek:
			if v == No {
				s.add(f.ID, named(f, v), 1)
			} else {
				s.add(f.ID, named(f, v), 9)
			}
			continue
		}
		s.add(f.ID, named(f, v))
	}
}

// stressFlagged is how a summary says a report's stress or safety flag.
const stressFlagged = "stress or safety flagged"

// ratingPriority puts the worst rating first: collapsed, shaky; a stable
// one is what a short line drops first, before the note.
func ratingPriority(r Rating) int {
	switch r {
	case RatingCollapsed:
		return 0
	case RatingShaky:
		return 1
	}
	return 8
}

// named writes a field's value the generic way: a choice by its option's
// short words or label, a date or number as it is, and with the field's
// short name before it when it has one ("ownership shaky", "start
// 2026-03-01", "failed: the deploy").
func named(f Field, v string) string {
	switch f.Kind {
	case FieldChoice:
		text := ChoiceShort(f, v)
		if f.Short != "" {
			return f.Short + " " + lowerFirst(text)
		}
		return text
	case FieldDate, FieldNumber:
		if f.Short != "" {
			return f.Short + " " + v
		}
		return v
	}
	if f.Short != "" {
		return f.Short + ": " + v
	}
	return v
}

// metric writes "Cycle time · 48 h → 36 h · lower is better · time metric".
func (s *summaryWriter) metric(ex Exercise, a Answer) {
	name := ex.Value(a, FieldRoleMetricName)
	unit := ex.Value(a, FieldRoleUnit)
	base, target := ex.Value(a, FieldRoleBaseline), ex.Value(a, FieldRoleTarget)
	s.add(ex.FieldID(FieldRoleMetricName), name, 0)
	if base != "" || target != "" {
		s.add("", withUnit(orQuestion(base), unit)+" → "+withUnit(orQuestion(target), unit), 1)
	}
	if f, ok := ex.FieldByRole(FieldRoleDirection); ok {
		if v := ex.Value(a, FieldRoleDirection); v != "" {
			s.add(f.ID, lowerFirst(ChoiceShort(f, v)), 2)
		}
	}
	if f, ok := ex.FieldByRole(FieldRoleMetricKind); ok {
		if v := ex.Value(a, FieldRoleMetricKind); v != "" {
			s.add(f.ID, lowerFirst(ChoiceShort(f, v))+" metric", 4)
		}
	}
	s.rest(ex, a, FieldRoleMetricName, FieldRoleUnit, FieldRoleBaseline, FieldRoleTarget, FieldRoleDirection, FieldRoleMetricKind)
}

// metricValue writes "2026-11-23 · 28 h · the note".
func (s *summaryWriter) metricValue(ex Exercise, a Answer, c SummaryContext) {
	s.add(ex.FieldID(FieldRoleDay), ex.Value(a, FieldRoleDay), 0)
	if v := ex.Value(a, FieldRoleValue); v != "" {
		s.add(ex.FieldID(FieldRoleValue), withUnit(v, c.Unit), 0)
	}
	s.rest(ex, a, FieldRoleDay, FieldRoleValue)
}

// constraint writes "Sign-off on every change · asked Dana · not
// reasonable": the person and the status in one part.
func (s *summaryWriter) constraint(ex Exercise, a Answer) {
	for _, f := range ex.Fields {
		v := strings.TrimSpace(a.Fields[f.ID])
		switch f.Role {
		case FieldRoleAskWhom:
			// Written with the status.
		case FieldRoleStatus:
			// After "not reasonable": the verdict is the last to go.
			s.add("", askedWhom(v, ex.Value(a, FieldRoleAskWhom), f), 2)
		case FieldRoleReasonable:
			if v == No {
				s.add(f.ID, ChoiceShort(f, v), 1)
				s.parts[len(s.parts)-1].Verdict = true
			} else if v != "" {
				s.add(f.ID, ChoiceShort(f, v))
			}
		default:
			if v != "" {
				s.add(f.ID, named(f, v))
			}
		}
	}
	if _, ok := ex.FieldByRole(FieldRoleStatus); !ok {
		s.add("", askedWhom("", ex.Value(a, FieldRoleAskWhom), Field{}))
	}
}

// askedWhom joins a constraint's status and who can lift it: "to ask
// Dana", "asked Dana", "lifted by Dana", "refused by Dana".
func askedWhom(status, whom string, f Field) string {
	switch {
	case whom == "" && status == "":
		return ""
	case whom == "":
		return lowerFirst(ChoiceShort(f, status))
	}
	switch status {
	case "", StatusNotAsked:
		return "to ask " + whom
	case StatusAsked:
		return "asked " + whom
	case StatusLifted:
		return "lifted by " + whom
	case StatusRefused:
		return "refused by " + whom
	}
	return lowerFirst(ChoiceShort(f, status)) + ", " + whom
}

// reflection writes the failure modes fallen into ("confusing activity
// with progress"), or "no failure mode", then the note.
func (s *summaryWriter) reflection(ex Exercise, a Answer) {
	modes := ex.FieldsByRole(FieldRoleFailureMode)
	answered := false
	for _, f := range modes {
		v := strings.TrimSpace(a.Fields[f.ID])
		answered = answered || v != ""
		if v == Yes {
			s.add(f.ID, lowerFirst(f.Label))
		}
	}
	if answered && len(s.parts) == 0 {
		s.add("", "no failure mode")
	}
	s.rest(ex, a, FieldRoleFailureMode)
}

// feedback writes an answered feedback as what they said, from whom and
// when it was asked; one asked and not answered as "asked Dana on
// 2026-03-20 · no answer yet".
func (s *summaryWriter) feedback(ex Exercise, a Answer) {
	fb := ex.FeedbackOf(a)
	if fb.Answered {
		s.add(ex.FieldID(FieldRoleSaid), fb.Said, 0)
		if fb.Who != "" {
			s.add(ex.FieldID(FieldRoleWho), "from "+fb.Who, 1)
		}
		if fb.AskedOn != "" {
			s.add(ex.FieldID(FieldRoleAskedOn), "asked "+fb.AskedOn, 2)
		}
	} else if fb.Asked || fb.Who != "" || fb.AskedOn != "" {
		text := "asked"
		if !fb.Asked {
			text = "to ask"
		}
		if fb.Who != "" {
			text += " " + fb.Who
		}
		if fb.AskedOn != "" {
			text += " on " + fb.AskedOn
		}
		s.add("", text, 0)
		if fb.Asked {
			s.add(ex.FieldID(FieldRoleFeedbackState), "no answer yet", 1)
		}
	}
	s.rest(ex, a, FieldRoleSaid, FieldRoleWho, FieldRoleAskedOn, FieldRoleFeedbackState)
}

// rest writes the fields without one of the given roles, the generic way.
func (s *summaryWriter) rest(ex Exercise, a Answer, done ...FieldRole) {
	var others Exercise
	for _, f := range ex.Fields {
		skip := false
		for _, r := range done {
			skip = skip || (f.Role != "" && f.Role == r)
		}
		if !skip {
			others.Fields = append(others.Fields, f)
		}
	}
	s.fields(others, a)
}

// withUnit writes a value and its unit: "28 h".
func withUnit(v, unit string) string {
	if unit = strings.TrimSpace(unit); unit != "" {
		return v + " " + unit
	}
	return v
}

func orQuestion(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// ChoiceLabel is the label of a choice's stored value, the value itself
// when no option has it (an old or imported value).
func ChoiceLabel(f Field, value string) string {
	value = strings.TrimSpace(value)
	for _, o := range f.Options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

// ChoiceShort is the words a summary writes for a choice: the option's
// short words, else its label.
func ChoiceShort(f Field, value string) string {
	value = strings.TrimSpace(value)
	for _, o := range f.Options {
		if o.Value == value {
			if o.Short != "" {
				return o.Short
			}
			return o.Label
		}
	}
	return value
}

// DisplayValue is a field's value as a person reads it on one line: a
// choice by its label, text through SanitizeLine, trimmed.
func DisplayValue(f Field, value string) string {
	if f.Kind == FieldChoice {
		value = ChoiceLabel(f, value)
	}
	return strings.TrimSpace(SanitizeLine(value))
}

// lowerFirst lowers the first letter of s, unless the second is a capital
// too (an acronym: "KPI").
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	next, _ := utf8.DecodeRuneInString(s[size:])
	if unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}
