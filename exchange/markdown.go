package exchange

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"autonomy/workbook"
)

// Part is a part of the Markdown report, chosen with --include and
// --exclude.
type Part string

// The parts of the report, in report order.
const (
	PartChallenge   Part = "challenge"
	PartScope       Part = "scope"
	PartBlockers    Part = "blockers"
	PartNoise       Part = "noise"
	PartConstraint  Part = "constraint"
	PartDecision    Part = "decision"
	PartMetric      Part = "metric"
	PartMetricLog   Part = "metric-log"
	PartReports     Part = "reports"
	PartCheckins    Part = "checkins"
	PartReflections Part = "reflections"
	PartImprovement Part = "improvement"
	PartFeedback    Part = "feedback"
)

// Parts lists every part in report order.
func Parts() []Part {
	return []Part{PartChallenge, PartScope, PartBlockers, PartNoise, PartConstraint,
		PartDecision, PartMetric, PartMetricLog, PartReports, PartCheckins, PartReflections,
		PartImprovement, PartFeedback}
}

// ParsePart reads a part's name as typed, ignoring case and surrounding
// spaces. The error lists the valid names.
func ParsePart(s string) (Part, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for _, p := range Parts() {
		if string(p) == name {
			return p, nil
		}
	}
	names := make([]string, 0, len(Parts()))
	for _, p := range Parts() {
		names = append(names, string(p))
	}
	return "", fmt.Errorf("unknown part %s (want one of: %s)", quoteShort(s), strings.Join(names, ", "))
}

// Selection is the set of parts to report: those of include (every part
// when include is empty), less those of exclude.
func Selection(include, exclude []Part) map[Part]bool {
	if len(include) == 0 {
		include = Parts()
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

// Exercise and field ids of content/exercises.json the report knows.
const (
	exChallenge       = "challenge"
	exScope           = "scope"
	exBlockers        = "blockers"
	exNoise           = "noise"
	exConstraint      = "constraint"
	exDecision        = "decision"
	exMetric          = "metric"
	exMetricLog       = "metric-log"
	exReport          = "report"
	exCheckin         = "checkin"
	exReflection      = "reflection"
	exImprovement     = "improvement"
	exFeedbackPeer    = "feedback-peer"
	exFeedbackManager = "feedback-manager"
)

// EncodeMarkdown writes a one-page report of a run to share: a title with
// the run's number, its start date and day count, then for each part in
// include (every part when include is nil), in report order, a "## "
// heading of ours and the person's answers. A part with no answer is left
// out. Each entry's current revision is used: the newest by saved_at,
// then by position.
//
// The person's text is sanitized as on screen (workbook.Sanitize, or
// SanitizeLine for one-line fields), each line trimmed of surrounding
// spaces, and escaped so that it stays plain text in any Markdown viewer:
// no heading, list, link, emphasis, code, HTML or table comes from it.
// Every line of a multi-line answer is a paragraph of its own. FORMAT.md
// gives the rules.
func EncodeMarkdown(w io.Writer, wb *workbook.Workbook, run workbook.RunArchive, include map[Part]bool) error {
	r := report{wb: wb, run: run}
	var b strings.Builder
	fmt.Fprintf(&b, "# Autonomy report — Run %d\n\n", run.Run.Number)
	b.WriteString(r.summary())
	for _, p := range Parts() {
		if include != nil && !include[p] {
			continue
		}
		title, blocks := r.part(p)
		if len(blocks) == 0 {
			continue
		}
		b.WriteString("\n## ")
		b.WriteString(title)
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
	wb  *workbook.Workbook
	run workbook.RunArchive
}

// part returns the heading and blocks (paragraphs, lists, "### "
// headings) of a part; no blocks when it has no answer.
func (r *report) part(p Part) (title string, blocks []string) {
	switch p {
	case PartChallenge:
		a, _ := r.answer(exChallenge)
		return "Challenge", r.fieldBlocks(exChallenge, a, "challenge", "", "level", "level_why")
	case PartScope:
		a, _ := r.answer(exScope)
		return "Scope", r.fieldBlocks(exScope, a, "scope")
	case PartBlockers:
		a, _ := r.answer(exBlockers)
		return "Recurring blockers", r.listBlock(exBlockers, a, "items")
	case PartNoise:
		a, _ := r.answer(exNoise)
		return "Avoidable noise", r.listBlock(exNoise, a, "items")
	case PartConstraint:
		a, _ := r.answer(exConstraint)
		return "Constraint to lift", r.constraint(a)
	case PartDecision:
		a, _ := r.answer(exDecision)
		return "Decision area", r.fieldBlocks(exDecision, a, "area")
	case PartMetric:
		a, ok := r.answer(exMetric)
		if !ok {
			return "Outcome metric", nil
		}
		return "Outcome metric", r.metric(a)
	case PartMetricLog:
		return "Metric values", r.metricLog()
	case PartReports:
		return "Reports", r.reports()
	case PartCheckins:
		return "Stability check-ins", r.checkins()
	case PartReflections:
		return "Failure-mode reflections", r.reflections()
	case PartImprovement:
		a, _ := r.answer(exImprovement)
		return "Process improvement", r.fieldBlocks(exImprovement, a, "improvement", "", "effect")
	case PartFeedback:
		var blocks []string
		for _, f := range []struct{ ex, title string }{
			{exFeedbackPeer, "From a peer"},
			{exFeedbackManager, "From a manager"},
		} {
			a, ok := r.answer(f.ex)
			if !ok {
				continue
			}
			body := r.feedback(a)
			if len(body) > 0 {
				blocks = append(blocks, "### "+f.title)
				blocks = append(blocks, body...)
			}
		}
		return "Feedback", blocks
	}
	return "", nil
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
	st := run.Status(asOf)
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
	case st.Day <= workbook.ProgramDays:
		s = append(s, fmt.Sprintf("Day %d of %d on %s%s.", st.Day, workbook.ProgramDays, asOf, when))
	default:
		s = append(s, fmt.Sprintf("Day %d on %s%s: the %d days are done.", st.Day, asOf, when, workbook.ProgramDays))
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
	if a, ok := r.answer(exChallenge); ok {
		if d, err := workbook.ParseDate(strings.TrimSpace(a.Fields["start_date"])); err == nil {
			return d
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

// answer is the current answer of the run's latest entry of an exercise
// (by creation time, then position).
func (r *report) answer(exID string) (workbook.Answer, bool) {
	var found *workbook.EntryArchive
	for i := range r.run.Entries {
		e := &r.run.Entries[i]
		if e.Exercise == exID && len(e.Revisions) > 0 && (found == nil || !e.CreatedAt.Before(found.CreatedAt)) {
			found = e
		}
	}
	if found == nil {
		return workbook.Answer{}, false
	}
	return current(*found), true
}

// current is an entry's current answer: its newest revision by saved_at,
// the later one in the list when two were saved at the same time.
func current(e workbook.EntryArchive) workbook.Answer {
	return currentRevision(e).Answer
}

// field returns the workbook's definition of a field, or one with the id
// as its label when the workbook does not have it.
func (r *report) field(exID, fieldID string) workbook.Field {
	if ex, ok := r.wb.Exercise(exID); ok {
		if f, ok := ex.Field(fieldID); ok {
			return f
		}
	}
	return workbook.Field{ID: fieldID, Label: fieldID, Kind: workbook.FieldText}
}

// value is a field's value as shown: the label of a choice, the text
// otherwise, sanitized and escaped as lines (one for one-line fields).
func (r *report) value(exID, fieldID string, a workbook.Answer) []string {
	v := a.Fields[fieldID]
	f := r.field(exID, fieldID)
	switch f.Kind {
	case workbook.FieldTextarea:
		return textLines(v)
	case workbook.FieldChoice:
		for _, o := range f.Options {
			if o.Value == strings.TrimSpace(v) {
				v = o.Label
				break
			}
		}
	}
	if l := textLine(v); l != "" {
		return []string{l}
	}
	return nil
}

// fieldBlocks writes the fields before "" unlabelled (the answer itself),
// those after it as "**Label:** value".
func (r *report) fieldBlocks(exID string, a workbook.Answer, fieldIDs ...string) []string {
	var blocks []string
	labelled := false
	for _, id := range fieldIDs {
		if id == "" {
			labelled = true
			continue
		}
		lines := r.value(exID, id, a)
		if len(lines) == 0 {
			continue
		}
		if labelled {
			lines[0] = "**" + escape(strings.TrimSuffix(r.field(exID, id).Label, ":")) + ":** " + lines[0]
		}
		blocks = append(blocks, lines...)
	}
	return blocks
}

// listBlock writes a list field as a "- " list; an item that points to an
// item of another exercise's list says which.
func (r *report) listBlock(exID string, a workbook.Answer, fieldID string) []string {
	items := a.Lists[fieldID]
	var refs map[string]string
	if to := r.field(exID, fieldID).RefersTo; to != "" {
		if target, ok := r.answer(to); ok {
			refs = map[string]string{}
			for _, list := range target.Lists {
				for _, it := range list {
					refs[it.ID] = it.Text
				}
			}
		}
	}
	var lines []string
	for _, it := range items {
		text := textLine(it.Text)
		if text == "" {
			continue
		}
		if ref, ok := refs[it.Ref]; ok && it.Ref != "" {
			if t := textLine(ref); t != "" {
				text += " (blocker: " + t + ")"
			}
		}
		lines = append(lines, "- "+text)
	}
	if len(lines) == 0 {
		return nil
	}
	return []string{strings.Join(lines, "\n")}
}

// metric writes "name: baseline → target unit (lower is better), kind".
func (r *report) metric(a workbook.Answer) []string {
	one := func(id string) string {
		if l := r.value(exMetric, id, a); len(l) > 0 {
			return l[0]
		}
		return ""
	}
	name, base, target, unit := one("name"), one("baseline"), one("target"), one("unit")
	if name == "" && base == "" && target == "" {
		return nil
	}
	var b strings.Builder
	if name != "" {
		b.WriteString(name)
		b.WriteString(": ")
	}
	b.WriteString(orUnknown(base))
	b.WriteString(" → ")
	b.WriteString(orUnknown(target))
	if unit != "" {
		b.WriteString(" " + unit)
	}
	switch dir := strings.TrimSpace(a.Fields["direction"]); dir {
	case "":
	case "lower", "higher":
		b.WriteString(" (" + dir + " is better)")
	default:
		b.WriteString(" (" + textLine(dir) + ")")
	}
	if kind := one("kind"); kind != "" {
		b.WriteString(", " + strings.ToLower(kind))
	}
	return []string{b.String()}
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// reports writes each report, by date, under a "### " heading.
func (r *report) reports() []string {
	entries := r.entries(exReport)
	ids := []string{"changed", "failed", "escalated"}
	if ex, ok := r.wb.Exercise(exReport); ok {
		ids = ids[:0]
		for _, f := range ex.Fields {
			if f.ID != fieldStress {
				ids = append(ids, f.ID)
			}
		}
	}
	var blocks []string
	for _, e := range entries {
		a := current(e)
		body := r.fieldBlocks(exReport, a, append([]string{""}, ids...)...)
		if flagsStress(a) {
			body = append(body, "Stress or safety flagged.")
		}
		if len(body) == 0 {
			continue
		}
		blocks = append(blocks, fmt.Sprintf("### Report of %s", e.Date))
		blocks = append(blocks, body...)
	}
	return blocks
}

// fieldStress is the choice of a check-in (or a report) that flags that
// stress symptoms escalate or safety is compromised. The report says only
// that it was flagged.
const fieldStress = "stress"

func flagsStress(a workbook.Answer) bool {
	return strings.TrimSpace(a.Fields[fieldStress]) == "yes"
}

// constraint writes the constraint, who to ask and its status; when it is
// marked as not reasonable, says so with the guide's words on boundary
// work in italics.
func (r *report) constraint(a workbook.Answer) []string {
	blocks := r.fieldBlocks(exConstraint, a, "what", "", "ask_whom", "status")
	if strings.TrimSpace(a.Fields["reasonable"]) != "no" {
		return blocks
	}
	blocks = append(blocks, "Marked as not reasonable.")
	if words := textLine(workbook.BoundaryWords(r.wb)); words != "" {
		blocks = append(blocks, "*"+words+"*")
	}
	return blocks
}

// entries returns the run's entries of an exercise that have a revision,
// by date, then by creation time.
func (r *report) entries(exID string) []workbook.EntryArchive {
	var out []workbook.EntryArchive
	for _, e := range r.run.Entries {
		if e.Exercise == exID && len(e.Revisions) > 0 {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b workbook.EntryArchive) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return a.CreatedAt.Compare(b.CreatedAt)
	})
	return out
}

// currentRevision is an entry's current revision: its newest by saved_at,
// the later one in the list when two were saved at the same time.
func currentRevision(e workbook.EntryArchive) workbook.Revision {
	best := -1
	for i, rev := range e.Revisions {
		if best < 0 || !rev.SavedAt.Before(e.Revisions[best].SavedAt) {
			best = i
		}
	}
	if best < 0 {
		return workbook.Revision{}
	}
	return e.Revisions[best]
}

// metricLog writes the metric's values by day, oldest first, as a table
// (the current revision of each day's entry; of two entries for one day,
// the one saved last), then where the latest stands against the baseline
// and the target when the metric is defined.
func (r *report) metricLog() []string {
	type day struct {
		date    workbook.Date
		value   string
		savedAt time.Time
	}
	var days []day
	for _, e := range r.entries(exMetricLog) {
		rev := currentRevision(e)
		d := day{date: e.Date, value: strings.TrimSpace(rev.Answer.Fields["value"]), savedAt: rev.SavedAt}
		if d.value == "" {
			continue
		}
		if n := len(days); n > 0 && days[n-1].date == d.date {
			if !d.savedAt.Before(days[n-1].savedAt) {
				days[n-1] = d
			}
			continue
		}
		days = append(days, d)
	}
	if len(days) == 0 {
		return nil
	}
	var def workbook.MetricDef
	defined := false
	if a, ok := r.answer(exMetric); ok {
		var err error
		def, err = workbook.MetricDefFrom(a)
		defined = err == nil
	}
	unit := ""
	if defined {
		def.Unit = strings.Trim(workbook.SanitizeLine(def.Unit), " \t")
		unit = textLine(def.Unit)
	}
	rows := []string{"| Day | Value |", "| --- | --- |"}
	var points []workbook.MetricPoint
	for _, d := range days {
		v := textLine(d.value)
		if unit != "" {
			v += " " + unit
		}
		rows = append(rows, "| "+d.date.String()+" | "+v+" |")
		if f, ok := parseNumber(d.value); ok {
			points = append(points, workbook.MetricPoint{Date: d.date, Value: f})
		}
	}
	blocks := []string{strings.Join(rows, "\n")}
	if !defined {
		return blocks
	}
	sum := workbook.Summarize(def, points)
	if !sum.HasLatest {
		return append(blocks, escape(sum.DescribeTarget(def)+"."))
	}
	return append(blocks, fmt.Sprintf("**Latest, on %s:** %s", sum.Latest.Date,
		escape(sum.Describe(def)+"; "+sum.DescribeTarget(def)+".")))
}

// parseNumber reads a decimal number as the forms accept it: digits, a
// sign, a point, an exponent; not "Inf", "NaN" or hexadecimal.
func parseNumber(s string) (float64, bool) {
	if strings.Trim(s, "0123456789+-.eE") != "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// checkins writes the stability check-ins by day as a table of the three
// ratings, then each one's note, and whether it flagged stress or safety
// (nothing more about it).
func (r *report) checkins() []string {
	rows := []string{"| Day | Ownership | Contribution | Communication |", "| --- | --- | --- | --- |"}
	var notes []string
	for _, e := range r.entries(exCheckin) {
		a := currentRevision(e).Answer
		cells := make([]string, 0, 3)
		blank := true
		for _, id := range []string{"ownership", "contribution", "communication"} {
			v := strings.Join(r.value(exCheckin, id, a), " ")
			blank = blank && v == ""
			cells = append(cells, v)
		}
		stress := flagsStress(a)
		note := textLines(a.Fields["note"])
		if blank && !stress && len(note) == 0 {
			continue
		}
		rows = append(rows, "| "+e.Date.String()+" | "+strings.Join(cells, " | ")+" |")
		lead := "**" + e.Date.String() + ":**"
		if stress {
			lead += " stress or safety flagged."
		}
		switch {
		case len(note) > 0:
			note[0] = lead + " " + note[0]
			notes = append(notes, note...)
		case stress:
			notes = append(notes, lead)
		}
	}
	if len(rows) == 2 {
		return nil
	}
	return append([]string{strings.Join(rows, "\n")}, notes...)
}

// reflectionModes are the failure-mode fields of the reflection exercise
// when the workbook lacks it.
var reflectionModes = []string{"activity", "shield", "confidence", "silence"}

// reflections writes each failure-mode reflection by day under a "### "
// heading: the failure modes marked yes, by their labels, and the note.
func (r *report) reflections() []string {
	modes := reflectionModes
	if ex, ok := r.wb.Exercise(exReflection); ok {
		modes = nil
		for _, f := range ex.Fields {
			if f.Kind == workbook.FieldChoice {
				modes = append(modes, f.ID)
			}
		}
	}
	var blocks []string
	for _, e := range r.entries(exReflection) {
		a := currentRevision(e).Answer
		var yes []string
		for _, id := range modes {
			if strings.TrimSpace(a.Fields[id]) == "yes" {
				yes = append(yes, escape(strings.TrimSuffix(r.field(exReflection, id).Label, ":")))
			}
		}
		note := textLines(a.Fields["note"])
		if len(yes) == 0 && len(note) == 0 {
			continue
		}
		blocks = append(blocks, fmt.Sprintf("### Reflection of %s", e.Date))
		if len(yes) > 0 {
			blocks = append(blocks, "**Failure modes:** "+strings.Join(yes, "; "))
		} else {
			blocks = append(blocks, "**Failure modes:** none")
		}
		if len(note) > 0 {
			note[0] = "**" + escape(strings.TrimSuffix(r.field(exReflection, "note").Label, ":")) + ":** " + note[0]
			blocks = append(blocks, note...)
		}
	}
	return blocks
}

// feedback writes who gave it and when, then what they said.
func (r *report) feedback(a workbook.Answer) []string {
	who := textLine(a.Fields["who"])
	on := textLine(a.Fields["asked_on"])
	var blocks []string
	switch {
	case who != "" && on != "":
		blocks = append(blocks, who+", asked on "+on+".")
	case who != "":
		blocks = append(blocks, who+".")
	case on != "":
		blocks = append(blocks, "Asked on "+on+".")
	}
	return append(blocks, textLines(a.Fields["said"])...)
}

// textLine is a one-line answer as Markdown: sanitized to one line,
// trimmed and escaped; "" when blank.
func textLine(s string) string {
	return escape(strings.Trim(workbook.SanitizeLine(s), " \t"))
}

// textLines is a multi-line answer as Markdown: each non-blank line
// sanitized, trimmed and escaped.
func textLines(s string) []string {
	var lines []string
	for line := range strings.SplitSeq(workbook.Sanitize(s), "\n") {
		if l := escape(strings.Trim(line, " \t")); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// escape makes one line of text, without surrounding spaces, plain text
// in Markdown (CommonMark, GFM, and glamour, which shows some backslash
// escapes as typed and decodes HTML entities in text):
//
//   - always, with a backslash: \ ` * _ [ ] < > |
//   - at the start of the line: # + - and the "." or ")" after 1 to 9
//     digits (headings, lists), with a backslash; "=" (a heading's
//     underline) as &#61;
//   - always, as entities: & (&amp;), ~ (&#126;, strikethrough and code
//     fences), $ (&#36;, math)
//   - ":" before anything but a space as &#58; and "." before anything but
//     a space as \. (web addresses, e-mail addresses and :emoji: become no
//     links)
//   - a tab becomes a space.
func escape(s string) string {
	ordered := -1 // index of the "." or ")" of an ordered list marker
	digits := 0
	for digits < len(s) && digits < 10 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < 10 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') {
		ordered = digits
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		spaceNext := i+1 >= len(s) || s[i+1] == ' ' || s[i+1] == '\t'
		switch {
		case i == ordered:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' || c == '>' || c == '|':
			b.WriteByte('\\')
			b.WriteByte(c)
		case (c == '#' || c == '+' || c == '-') && i == 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '=' && i == 0:
			b.WriteString("&#61;")
		case c == '&':
			b.WriteString("&amp;")
		case c == '~':
			b.WriteString("&#126;")
		case c == '$':
			b.WriteString("&#36;")
		case c == ':' && !spaceNext:
			b.WriteString("&#58;")
		case c == '.' && !spaceNext:
			b.WriteString(`\.`)
		case c == '\t':
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
