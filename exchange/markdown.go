package exchange

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"autonomy/workbook"
)

// Part is a part of the Markdown report, named in words: its heading.
// Choose parts with --include and --exclude by Name.
type Part string

// The parts of the report, in report order. PartStress is never in by
// default: the person adds it on purpose.
const (
	PartChallenge   Part = "Challenge"
	PartScope       Part = "Scope"
	PartBlockers    Part = "Recurring blockers"
	PartNoise       Part = "Avoidable noise"
	PartConstraint  Part = "Constraint to lift"
	PartDecision    Part = "Decision area"
	PartMetric      Part = "Outcome metric"
	PartMetricLog   Part = "Metric values"
	PartReports     Part = "Reports"
	PartCheckins    Part = "Check-ins"
	PartReflections Part = "Failure-mode reflections"
	PartImprovement Part = "Process improvement"
	PartFeedback    Part = "Feedback"
	// PartExercises are the exercises without a role, of a workbook other
	// than the built-in guide (whose every exercise has one): each under
	// its title, its fields labelled.
	PartExercises Part = "Exercises"
	PartStress    Part = "Stress and safety flags"
)

// Parts lists every part in report order.
func Parts() []Part {
	return []Part{PartChallenge, PartScope, PartBlockers, PartNoise, PartConstraint,
		PartDecision, PartMetric, PartMetricLog, PartReports, PartCheckins, PartReflections,
		PartImprovement, PartFeedback, PartExercises, PartStress}
}

// DefaultParts are the parts of a report when none is chosen: every part
// but the stress and safety flags.
func DefaultParts() []Part {
	return slices.DeleteFunc(Parts(), func(p Part) bool { return p == PartStress })
}

// Name is the part's name for the command line: its words in lower case
// joined by "-" ("metric-values").
func (p Part) Name() string { return workbook.Slug(string(p)) }

// partAliases are other names a part answers to: the names of earlier
// versions, so that "--include checkins" still works.
var partAliases = map[Part][]string{
	PartBlockers: {"Blockers"}, PartNoise: {"Noise"}, PartConstraint: {"Constraint"},
	PartDecision: {"Decision"}, PartMetric: {"Metric"}, PartMetricLog: {"Metric log"},
	PartCheckins: {"Checkins", "Stability check-ins"}, PartReflections: {"Reflections"},
	PartImprovement: {"Improvement"}, PartStress: {"Stress", "Safety"},
}

// ParsePart reads a part's name as typed: its words in any case, with
// spaces, "-" or "_" between them ("Metric values", "metric-values"), or
// an older name. The error lists the names.
func ParsePart(s string) (Part, error) {
	name := workbook.Slug(s)
	for _, p := range Parts() {
		if name != "" && name == p.Name() {
			return p, nil
		}
		for _, alias := range partAliases[p] {
			if name == workbook.Slug(alias) {
				return p, nil
			}
		}
	}
	names := make([]string, 0, len(Parts()))
	for _, p := range Parts() {
		names = append(names, p.Name())
	}
	return "", fmt.Errorf("unknown part %s (want one of: %s)", quoteShort(s), strings.Join(names, ", "))
}

// Selection is the set of parts to report: those of include (the
// DefaultParts when include is empty), less those of exclude.
func Selection(include, exclude []Part) map[Part]bool {
	if len(include) == 0 {
		include = DefaultParts()
	}
	sel := make(map[Part]bool, len(include))
	for _, p := range include {
		sel[p] = true
	}
	for _, p := range exclude {
		delete(sel, p)
	}
	return sel
}

// EncodeMarkdown writes a one-page report of a run to share: a title with
// the run's number, its start date and day count, then for each part in
// include (the DefaultParts when include is nil), in report order, a "## "
// heading (the part's name) and the person's answers, found by the roles
// of wb's exercises. A part with no answer is left out. Each entry's
// current revision is used (workbook.CurrentRevision); of two entries of
// a one-time exercise, the newest (workbook.NewestEntry).
//
// The person's text is sanitized as on screen (workbook.Sanitize, or
// SanitizeLine for one-line fields), each line trimmed of surrounding
// spaces, and escaped only where Markdown would read it as something else
// (plain): "10:00", "3.4" and "-37.5%" stay as typed. Every line of a
// multi-line answer is a paragraph of its own. FORMAT.md gives the rules.
func EncodeMarkdown(w io.Writer, wb *workbook.Workbook, run workbook.RunArchive, include map[Part]bool) error {
	if wb == nil {
		return errors.New("no exercises to report on")
	}
	r := report{wb: wb, run: run, entries: run.CurrentEntries()}
	r.ctx = wb.SummaryContextFor(r.entries)
	var b strings.Builder
	fmt.Fprintf(&b, "# Autonomy report — Run %d\n\n", run.Run.Number)
	b.WriteString(r.summary())
	if include == nil {
		include = Selection(nil, nil)
	}
	for _, p := range Parts() {
		if !include[p] {
			continue
		}
		blocks := r.part(p)
		if len(blocks) == 0 {
			continue
		}
		b.WriteString("\n## ")
		b.WriteString(string(p))
		b.WriteString("\n")
		for _, block := range blocks {
			b.WriteString("\n")
			b.WriteString(block)
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// report builds the parts of the report of one run.
type report struct {
	wb      *workbook.Workbook
	run     workbook.RunArchive
	entries []workbook.Entry // with their current revisions
	ctx     workbook.SummaryContext
}

// part returns the blocks (paragraphs, lists, tables, "### " headings) of
// a part; none when it has no answer.
func (r *report) part(p Part) []string {
	switch p {
	case PartChallenge:
		return r.fieldBlocks(workbook.RoleRunStart, workbook.FieldRoleStartDate)
	case PartScope:
		return r.fieldBlocks(workbook.RoleScope)
	case PartBlockers:
		return r.listBlocks(workbook.RoleBlockers)
	case PartNoise:
		return r.listBlocks(workbook.RoleNoise)
	case PartConstraint:
		return r.constraint()
	case PartDecision:
		return r.fieldBlocks(workbook.RoleDecision)
	case PartMetric:
		return r.metric()
	case PartMetricLog:
		return r.metricLog()
	case PartReports:
		return r.reports()
	case PartCheckins:
		return r.checkins()
	case PartReflections:
		return r.reflections()
	case PartImprovement:
		return r.fieldBlocks(workbook.RoleImprovement)
	case PartFeedback:
		return r.feedback()
	case PartExercises:
		return r.exercises()
	case PartStress:
		return r.stress()
	}
	return nil
}

// exercises writes the answers to the exercises without a role, in
// content order: a "### " heading with the exercise's title (and the
// entry's date, for those answered more than once a run), then each field
// labelled, a list as a "- " list.
func (r *report) exercises() []string {
	var blocks []string
	for _, ex := range r.wb.Exercises {
		if ex.Role != "" {
			continue
		}
		var entries []workbook.Entry
		for _, e := range r.entries {
			if e.Exercise == ex.ID {
				entries = append(entries, e)
			}
		}
		slices.SortStableFunc(entries, func(a, b workbook.Entry) int { return a.Date.Compare(b.Date) })
		if one := ex.Kind == workbook.KindOnce || ex.Kind == workbook.KindRun || ex.Kind == workbook.KindClosing; one && len(entries) > 1 {
			e, _ := workbook.NewestEntry(entries, ex.ID)
			entries = []workbook.Entry{e}
		}
		for _, e := range entries {
			heading := "### " + textLine(ex.Title, atInline)
			if ex.Kind != workbook.KindOnce && ex.Kind != workbook.KindRun && ex.Kind != workbook.KindClosing {
				heading += ", " + e.Date.String()
			}
			blocks = append(blocks, heading)
			a := e.Current.Answer
			for _, f := range ex.Fields {
				if f.Kind != workbook.FieldList {
					blocks = append(blocks, labelled(f, a)...)
					continue
				}
				var lines []string
				for _, it := range a.Lists[f.ID] {
					if text := textLine(it.Text, atLineStart); text != "" {
						lines = append(lines, "- "+text)
					}
				}
				if len(lines) > 0 {
					blocks = append(blocks, "**"+textLine(f.Label, atInline)+":**", strings.Join(lines, "\n"))
				}
			}
		}
	}
	return blocks
}

// summary is the paragraph under the title: start date and day count, as
// of the closing day for a closed run, else the day of its last change (a
// save, a pause or a resume): the report holds no time of its own, so it
// reads the same whenever it is written.
func (r *report) summary() string {
	run := r.run.Run
	run.StartDate = r.startDate()
	var asOf workbook.Date
	var when string
	switch {
	case run.IsClosed():
		asOf = localDate(run.ClosedAt)
	case !r.lastChange().IsZero():
		asOf, when = localDate(r.lastChange()), ", the day of its last change"
	default:
		asOf = run.StartDate
	}
	prog := r.wb.Program
	st := prog.Status(run, asOf)
	var s []string
	if st.NotStarted && !st.Closed {
		s = append(s, fmt.Sprintf("Starts on %s.", run.StartDate))
	} else {
		s = append(s, fmt.Sprintf("Started on %s.", run.StartDate))
	}
	switch {
	case st.Closed:
		s = append(s, fmt.Sprintf("Closed on %s, on day %d.", asOf, st.Day))
	case st.NotStarted:
	case st.Day <= prog.Days():
		s = append(s, fmt.Sprintf("Day %d of %d on %s%s.", st.Day, prog.Days(), asOf, when))
	default:
		s = append(s, fmt.Sprintf("Day %d on %s%s: the %d days are done.", st.Day, asOf, when, prog.Days()))
	}
	switch {
	case st.PausedDays == 1:
		s = append(s, "1 paused day not counted.")
	case st.PausedDays > 1:
		s = append(s, fmt.Sprintf("%d paused days not counted.", st.PausedDays))
	}
	if st.Paused && len(run.Pauses) > 0 {
		s = append(s, fmt.Sprintf("Paused since %s.", run.Pauses[len(run.Pauses)-1].From))
	}
	return strings.Join(s, " ") + "\n"
}

func localDate(t time.Time) workbook.Date { return workbook.DateOf(t.Local()) }

// startDate is the start date of the challenge answer, or the run's, or
// the day it was started.
func (r *report) startDate() workbook.Date {
	if ex, a, ok := r.answer(workbook.RoleRunStart); ok {
		var run workbook.Run
		run.ApplyChallenge(ex, a)
		if !run.StartDate.IsZero() {
			return run.StartDate
		}
	}
	if !r.run.Run.StartDate.IsZero() {
		return r.run.Run.StartDate
	}
	return localDate(r.run.Run.StartedAt)
}

// lastChange is the newest save of a revision, pause or resume of the run.
func (r *report) lastChange() time.Time {
	var last time.Time
	for _, p := range r.run.Run.Pauses {
		for _, t := range []time.Time{p.PausedAt, p.ResumedAt} {
			if t.After(last) {
				last = t
			}
		}
	}
	for _, e := range r.run.Entries {
		for _, rev := range e.Revisions {
			if rev.SavedAt.After(last) {
				last = rev.SavedAt
			}
		}
	}
	return last
}

// answer is the exercise with the role and the current answer of the
// run's entry of it (the newest, should there be two).
func (r *report) answer(role workbook.Role) (workbook.Exercise, workbook.Answer, bool) {
	ex, ok := r.wb.ByRole(role)
	if !ok {
		return workbook.Exercise{}, workbook.Answer{}, false
	}
	e, ok := workbook.NewestEntry(r.entries, ex.ID)
	if !ok {
		return ex, workbook.Answer{}, false
	}
	return ex, e.Current.Answer, true
}

// all returns the exercise with the role and the run's entries of it, by
// date, then by creation time.
func (r *report) all(role workbook.Role) (workbook.Exercise, []workbook.Entry) {
	ex, ok := r.wb.ByRole(role)
	if !ok {
		return ex, nil
	}
	var out []workbook.Entry
	for _, e := range r.entries {
		if e.Exercise == ex.ID {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b workbook.Entry) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return a.CreatedAt.Compare(b.CreatedAt)
	})
	return ex, out
}

// value is a field's value as lines of Markdown: the label of a choice,
// the text otherwise, sanitized and escaped (one line for one-line
// fields); the first line escaped as the start of a line unless inline.
func value(f workbook.Field, a workbook.Answer, inline bool) []string {
	start := atLineStart
	if inline {
		start = atInline
	}
	if f.Kind == workbook.FieldTextarea {
		lines := textLines(a.Fields[f.ID])
		if inline && len(lines) > 0 {
			lines[0] = textLine(rawLines(a.Fields[f.ID])[0], atInline)
		}
		return lines
	}
	if l := textLine(workbook.DisplayValue(f, a.Fields[f.ID]), start); l != "" {
		return []string{l}
	}
	return nil
}

// labelled writes a value after its field's label: "**Label:** value",
// the value's other lines as paragraphs of their own.
func labelled(f workbook.Field, a workbook.Answer) []string {
	lines := value(f, a, true)
	if len(lines) == 0 {
		return nil
	}
	lines[0] = "**" + textLine(strings.TrimSuffix(f.Label, ":"), atInline) + ":** " + lines[0]
	return lines
}

// fieldBlocks writes the answer to the exercise with the role: its first
// field unlabelled (the answer itself), the others labelled, leaving out
// fields of the roles skip and lists.
func (r *report) fieldBlocks(role workbook.Role, skip ...workbook.FieldRole) []string {
	ex, a, ok := r.answer(role)
	if !ok {
		return nil
	}
	var blocks []string
	for i, f := range ex.Fields {
		if f.Kind == workbook.FieldList || (f.Role != "" && slices.Contains(skip, f.Role)) {
			continue
		}
		if i == 0 {
			blocks = append(blocks, value(f, a, false)...)
		} else {
			blocks = append(blocks, labelled(f, a)...)
		}
	}
	return blocks
}

// listBlocks writes the list fields of the answer to the exercise with
// the role as "- " lists; an item that points to an item of another
// exercise's list says which: "(blocker: ...)".
func (r *report) listBlocks(role workbook.Role) []string {
	ex, a, ok := r.answer(role)
	if !ok {
		return nil
	}
	var blocks []string
	for _, f := range ex.Fields {
		if f.Kind != workbook.FieldList {
			continue
		}
		refs := map[string]string{}
		if f.RefersTo != "" {
			if e, ok := workbook.NewestEntry(r.entries, f.RefersTo); ok {
				for _, list := range e.Current.Answer.Lists {
					for _, it := range list {
						refs[it.ID] = it.Text
					}
				}
			}
		}
		var lines []string
		for _, it := range a.Lists[f.ID] {
			text := textLine(it.Text, atLineStart)
			if text == "" {
				continue
			}
			if ref := textLine(refs[it.Ref], atInline); it.Ref != "" && ref != "" {
				text += " (blocker: " + ref + ")"
			}
			lines = append(lines, "- "+text)
		}
		if len(lines) > 0 {
			blocks = append(blocks, strings.Join(lines, "\n"))
		}
	}
	return blocks
}

// summaryLine is an answer's shared summary (no stress flag) as one line
// of Markdown, less the parts of the fields skip.
func (r *report) summaryLine(ex workbook.Exercise, a workbook.Answer, start place, skip ...string) string {
	s := ex.Summary(a, r.ctx).Shared()
	s.Parts = slices.DeleteFunc(s.Parts, func(p workbook.SummaryPart) bool { return p.Field != "" && slices.Contains(skip, p.Field) })
	return textLine(s.String(), start)
}

// constraint writes the constraint, then its summary's other parts ("asked
// Dana · not reasonable"); when it is marked as not reasonable, the
// guide's words on boundary work in italics.
func (r *report) constraint() []string {
	ex, a, ok := r.answer(workbook.RoleConstraint)
	if !ok {
		return nil
	}
	var blocks []string
	first := ""
	if len(ex.Fields) > 0 {
		first = ex.Fields[0].ID
		blocks = append(blocks, value(ex.Fields[0], a, false)...)
	}
	if rest := r.summaryLine(ex, a, atInline, first); rest != "" {
		blocks = append(blocks, "**Status:** "+rest)
	}
	if ex.Value(a, workbook.FieldRoleReasonable) == workbook.No {
		if words := textLine(workbook.BoundaryWords(r.wb), atInline); words != "" {
			blocks = append(blocks, "*"+words+"*")
		}
	}
	return blocks
}

// metric writes the metric's summary: "Cycle time · 48 h → 36 h · lower is
// better · time metric".
func (r *report) metric() []string {
	ex, a, ok := r.answer(workbook.RoleOutcomeMetric)
	if !ok {
		return nil
	}
	if l := r.summaryLine(ex, a, atLineStart); l != "" {
		return []string{l}
	}
	return nil
}

// metricLog writes the metric's values by day, oldest first, as a table
// (one row a day: the newest entry of a day logged twice), then where the
// latest stands against the baseline and the target when the metric is
// defined.
func (r *report) metricLog() []string {
	ex, entries := r.all(workbook.RoleMetricValue)
	byDay := map[workbook.Date]workbook.Entry{}
	var days []workbook.Date
	for _, e := range entries {
		if ex.Value(e.Current.Answer, workbook.FieldRoleValue) == "" {
			continue
		}
		prev, seen := byDay[e.Date]
		if !seen {
			days = append(days, e.Date)
		}
		if !seen || workbook.CompareEntries(e, prev) > 0 {
			byDay[e.Date] = e
		}
	}
	if len(days) == 0 {
		return nil
	}
	def, defined := r.wb.Metric(r.entries)
	rows := []string{"| Day | Value |", "| --- | --- |"}
	for _, d := range days {
		v := withUnit(ex.Value(byDay[d].Current.Answer, workbook.FieldRoleValue), r.ctx.Unit)
		rows = append(rows, "| "+d.String()+" | "+textLine(v, atCell)+" |")
	}
	blocks := []string{strings.Join(rows, "\n")}
	if !defined {
		return blocks
	}
	def.Unit = strings.TrimSpace(workbook.SanitizeLine(def.Unit))
	sum := workbook.Summarize(def, r.wb.MetricPoints(r.entries, def.Unit))
	if !sum.HasLatest {
		return append(blocks, textLine(sum.DescribeTarget(def)+".", atLineStart))
	}
	return append(blocks, fmt.Sprintf("**Latest, on %s:** %s", sum.Latest.Date,
		textLine(sum.Describe(def)+"; "+sum.DescribeTarget(def)+".", atInline)))
}

func withUnit(v, unit string) string {
	if unit = strings.TrimSpace(unit); unit != "" && v != "" {
		return v + " " + unit
	}
	return v
}

// reports writes each report, by date, under a "### " heading, its
// answers labelled; whether it flags stress is for PartStress.
func (r *report) reports() []string {
	ex, entries := r.all(workbook.RoleReport)
	var blocks []string
	for _, e := range entries {
		var body []string
		for _, f := range ex.Fields {
			if f.Role != workbook.FieldRoleStress {
				body = append(body, labelled(f, e.Current.Answer)...)
			}
		}
		if len(body) == 0 {
			continue
		}
		blocks = append(blocks, fmt.Sprintf("### Report of %s", e.Date))
		blocks = append(blocks, body...)
	}
	return blocks
}

// checkins writes each stability check-in by day as its summary
// ("**2026-03-04:** ownership stable · contribution shaky · communication
// collapsed · not a normal week · the note"), then how often the program
// fit into a normal week ("**Did the program fit into a normal week?** Yes
// in 3 check-ins, no in 1."), with the guide's words on the workload when
// it did not.
func (r *report) checkins() []string {
	ex, entries := r.all(workbook.RoleCheckIn)
	var blocks []string
	yes, no := 0, 0
	for _, e := range entries {
		line := r.summaryLine(ex, e.Current.Answer, atInline)
		if line == "" {
			continue
		}
		blocks = append(blocks, "**"+e.Date.String()+":** "+line)
		switch ex.CheckInOf(e.Current.Answer).NormalWeek {
		case workbook.AnsweredYes:
			yes++
		case workbook.AnsweredNo:
			no++
		}
	}
	if f, ok := ex.FieldByRole(workbook.FieldRoleNormalWeek); ok && yes+no > 0 {
		var says []string
		if yes > 0 {
			says = append(says, "yes in "+workbook.Plural(yes, "check-in"))
		}
		if no > 0 {
			says = append(says, "no in "+workbook.Plural(no, "check-in"))
		}
		answer := strings.Join(says, ", ")
		blocks = append(blocks, "**"+textLine(f.Label, atInline)+"** "+strings.ToUpper(answer[:1])+answer[1:]+".")
		if no > 0 {
			if words := textLine(workbook.WorkloadWords(r.wb), atInline); words != "" {
				blocks = append(blocks, "*"+words+"*")
			}
		}
	}
	return blocks
}

// reflections writes each failure-mode reflection by day under a "### "
// heading: the failure modes marked yes, by their labels ("none" when
// only a note), and the note.
func (r *report) reflections() []string {
	ex, entries := r.all(workbook.RoleReflection)
	var blocks []string
	for _, e := range entries {
		a := e.Current.Answer
		var yes []string
		for _, f := range ex.FieldsByRole(workbook.FieldRoleFailureMode) {
			if strings.TrimSpace(a.Fields[f.ID]) == workbook.Yes {
				yes = append(yes, textLine(f.Label, atInline))
			}
		}
		note, hasNote := ex.FieldByRole(workbook.FieldRoleNote)
		var noteLines []string
		if hasNote {
			noteLines = labelled(note, a)
		}
		if len(yes) == 0 && len(noteLines) == 0 {
			continue
		}
		blocks = append(blocks, fmt.Sprintf("### Reflection of %s", e.Date))
		if len(yes) > 0 {
			blocks = append(blocks, "**Failure modes:** "+strings.Join(yes, "; "))
		} else {
			blocks = append(blocks, "**Failure modes:** none")
		}
		blocks = append(blocks, noteLines...)
	}
	return blocks
}

// feedback writes, from a peer and from a manager, who and when it was
// asked, then what they said, or that the answer is still to come.
func (r *report) feedback() []string {
	var blocks []string
	for _, f := range []struct {
		role  workbook.Role
		title string
	}{{workbook.RolePeerFeedback, "From a peer"}, {workbook.RoleManagerFeedback, "From a manager"}} {
		ex, a, ok := r.answer(f.role)
		if !ok {
			continue
		}
		fb := ex.FeedbackOf(a)
		who, on := textLine(fb.Who, atInline), textLine(fb.AskedOn, atInline)
		var body []string
		switch {
		case who != "" && on != "":
			body = append(body, fmt.Sprintf("Asked %s on %s.", who, on))
		case who != "":
			body = append(body, fmt.Sprintf("Asked %s.", who))
		case on != "":
			body = append(body, fmt.Sprintf("Asked on %s.", on))
		}
		if fb.Answered {
			if said, ok := ex.FieldByRole(workbook.FieldRoleSaid); ok {
				body = append(body, value(said, a, false)...)
			}
		} else if fb.Asked {
			body = append(body, "No answer yet.")
		}
		if len(body) > 0 {
			blocks = append(blocks, "### "+f.title)
			blocks = append(blocks, body...)
		}
	}
	return blocks
}

// stress writes the days a check-in or a report flagged that stress
// symptoms escalate or safety is compromised, nothing more: a part the
// person adds on purpose.
func (r *report) stress() []string {
	var lines []string
	for _, role := range []workbook.Role{workbook.RoleCheckIn, workbook.RoleReport} {
		ex, entries := r.all(role)
		for _, e := range entries {
			if ex.Value(e.Current.Answer, workbook.FieldRoleStress) == workbook.Yes {
				what := textLine(strings.ToLower(ex.Title), atInline)
				lines = append(lines, fmt.Sprintf("- The %s of %s flagged stress or safety.", what, e.Date))
			}
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return []string{strings.Join(lines, "\n")}
}
