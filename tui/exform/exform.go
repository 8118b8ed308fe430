// Package exform is what an exercise's form is made of, apart from how it
// is shown: what it opens with (the saved answer, today's defaults, the
// draft), the values its fields are bound to, the workbook's checks on
// them, and the huh fields built from the exercise's definition. The
// full-screen form (package tui) and the accessible one (tui/plain) are
// both built on it, so every rule, limit and draft is the same in both.
package exform

import (
	"fmt"
	"strings"
	"time"

	"autonomy/tui/listfield"
	"autonomy/tui/textfield"
	"autonomy/workbook"

	"charm.land/huh/v2"
)

// Program is what a form opens within: the person's runs, the entries of
// the current run, the drafts, and the day.
type Program struct {
	Runs    []workbook.Run
	Entries []workbook.Entry
	Drafts  []workbook.Draft
	Today   workbook.Date
}

// Draft is the draft kept for a form, if there is one.
func (p Program) Draft(runID, exercise, entryID string) (workbook.Draft, bool) {
	for _, d := range p.Drafts {
		if d.RunID == runID && d.Exercise == exercise && d.EntryID == entryID {
			return d, true
		}
	}
	return workbook.Draft{}, false
}

// CheckContext is what the workbook's rules need besides the answer: today,
// the form's run, the metric's unit.
func (p Program) CheckContext(wb *workbook.Workbook, runID string) workbook.CheckContext {
	c := workbook.CheckContext{Today: p.Today}
	for i := range p.Runs {
		if runID != "" && p.Runs[i].ID == runID {
			r := p.Runs[i]
			c.Run = &r
		}
	}
	if def, ok := p.metric(wb); ok {
		c.Unit = def.Unit
	}
	return c
}

// metric is the current run's outcome metric, once defined.
func (p Program) metric(wb *workbook.Workbook) (workbook.MetricDef, bool) {
	if workbook.CurrentRun(p.Runs) == nil {
		return workbook.MetricDef{}, false
	}
	return wb.Metric(p.Entries)
}

// OpenRun is the current run when it is not closed; nil otherwise.
func (p Program) OpenRun() *workbook.Run {
	if r := workbook.CurrentRun(p.Runs); r != nil && !r.IsClosed() {
		return r
	}
	return nil
}

// Target is the form an exercise opens.
type Target struct {
	Ex             workbook.Exercise
	RunID, EntryID string // as Open takes them
	// Note is said as the form opens ("Start a run first: …"), or why
	// no form opens.
	Note string
}

// Which is the form an exercise opens within the open run: the run's own
// form, the one entry of a one-time exercise, a new report, check-in or
// value; without an open run, the form that starts one. It is false, with
// the reason in Note, when the exercise opens no form now (the
// self-assessment before the run is complete).
func Which(wb *workbook.Workbook, p Program, ex workbook.Exercise) (Target, bool) {
	run := p.OpenRun()
	if run == nil {
		start, ok := wb.RunStart()
		if !ok {
			return Target{}, false
		}
		t := Target{Ex: start}
		if ex.Kind != workbook.KindRun {
			t.Note = fmt.Sprintf("Start a run first: the %d-day program begins when you %s.", wb.Program.Days(), start.StepWords())
		}
		return t, true
	}
	t := Target{Ex: ex, RunID: run.ID}
	switch ex.Kind {
	case workbook.KindRecurring, workbook.KindLog, workbook.KindDaily:
		return t, true
	case workbook.KindClosing:
		if s := wb.Program.Status(*run, p.Today); !s.Complete {
			return Target{Note: fmt.Sprintf("%s closes the run after day %d; today is day %d.", ex.Title, wb.Program.Days(), s.Day)}, false
		}
	}
	if e, ok := workbook.FindEntry(p.Entries, ex.ID); ok {
		t.EntryID = e.ID
	}
	return t, true
}

// Opening is a form as it opens.
type Opening struct {
	Ex             workbook.Exercise // a metric value's is named for the run's metric
	RunID, EntryID string            // "" to start a run; "" for a new entry
	Date           workbook.Date     // the entry's date: today for a new one
	Saved          workbook.Answer   // the saved answer; a new one holds today's defaults
	Start          workbook.Answer   // what the fields start from: the draft, else Saved
	DraftFrom      time.Time         // when the draft was written; zero without one
	Refs           []workbook.ListItem
}

// Open is the form of an exercise within a run (runID "" to start one):
// the draft when there is one, else the saved answer. A new run starts
// today, a day's value is today's, feedback is asked today, unless
// changed. The one-line values are sanitized (huh shows them as they
// are, and an import may hold any sequence), the saved copy too, so that
// opening and leaving changes nothing.
func Open(wb *workbook.Workbook, p Program, ex workbook.Exercise, runID, entryID string) Opening {
	if def, ok := p.metric(wb); ok && ex.Role == workbook.RoleMetricValue {
		// The value form names the run's metric and its unit.
		if named, ok := wb.MetricValueForm(def); ok {
			ex = named
		}
	}
	o := Opening{Ex: ex, RunID: runID, EntryID: entryID, Date: p.Today,
		Saved: workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}}
	if entryID != "" {
		for _, e := range p.Entries {
			if e.ID == entryID {
				o.Saved = e.Current.Answer.Clone()
				o.Date = e.Date
			}
		}
	}
	today := p.Today.String()
	if id := ex.FieldID(workbook.FieldRoleStartDate); id != "" && ex.Kind == workbook.KindRun && runID == "" {
		o.Saved.Fields[id] = today
	}
	if id := ex.FieldID(workbook.FieldRoleDay); id != "" && ex.Kind == workbook.KindDaily && entryID == "" {
		o.Saved.Fields[id] = today
	}
	if id := ex.FieldID(workbook.FieldRoleAskedOn); id != "" && entryID == "" {
		o.Saved.Fields[id] = today
	}
	o.Start = o.Saved
	if d, ok := p.Draft(runID, ex.ID, entryID); ok {
		o.Start, o.DraftFrom = d.Answer, d.SavedAt
	}
	o.Saved, o.Start = CleanOneLine(ex, o.Saved), CleanOneLine(ex, o.Start)
	o.Refs = refItems(ex, p.Entries)
	return o
}

// refItems are the items of the list the exercise's list fields may point
// to (the blockers, for the noise).
func refItems(ex workbook.Exercise, entries []workbook.Entry) []workbook.ListItem {
	for _, f := range ex.Fields {
		if f.Kind != workbook.FieldList || f.RefersTo == "" {
			continue
		}
		if e, ok := workbook.FindEntry(entries, f.RefersTo); ok {
			for _, items := range e.Current.Answer.Lists {
				return items
			}
		}
	}
	return nil
}

// CleanOneLine sanitizes the values of the fields huh draws itself (one
// line of text, numbers, dates).
func CleanOneLine(ex workbook.Exercise, a workbook.Answer) workbook.Answer {
	a = a.Clone()
	if a.Fields == nil {
		a.Fields = map[string]string{}
	}
	for _, f := range ex.Fields {
		switch f.Kind {
		case workbook.FieldText, workbook.FieldNumber, workbook.FieldDate:
			if v, ok := a.Fields[f.ID]; ok {
				a.Fields[f.ID] = workbook.SanitizeLine(v)
			}
		}
	}
	return a
}

// Values are the variables an exercise's fields are bound to, so that the
// answer can be read at any moment (a save, a draft, a signal), and the
// workbook's checks on them.
type Values struct {
	Ex    workbook.Exercise
	Text  map[string]*string              // every field but the lists, by id
	Lists map[string]*[]workbook.ListItem // the lists, by id
	// Strict: after a refused save, blank required fields are refused as
	// you go too; before, a blank field passes, so it can be left.
	Strict bool
	// Context is what the checks need besides the answer, as it is now.
	Context func() workbook.CheckContext
}

// Bind makes the variables of the exercise's fields, holding the answer.
func Bind(ex workbook.Exercise, a workbook.Answer, context func() workbook.CheckContext) Values {
	v := Values{Ex: ex, Text: map[string]*string{}, Lists: map[string]*[]workbook.ListItem{}, Context: context}
	for _, f := range ex.Fields {
		if f.Kind == workbook.FieldList {
			items := append([]workbook.ListItem(nil), a.Lists[f.ID]...)
			v.Lists[f.ID] = &items
			continue
		}
		s := a.Fields[f.ID]
		v.Text[f.ID] = &s
	}
	return v
}

// Answer reads the variables: always current, even for the field being
// edited.
func (v Values) Answer() workbook.Answer {
	a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
	for id, s := range v.Text {
		a.Fields[id] = *s
	}
	for id, l := range v.Lists {
		a.Lists[id] = append([]workbook.ListItem(nil), (*l)...)
	}
	return a
}

// Validator is the workbook's verdict on a field's value, with the other
// fields as they stand (workbook.CheckField on the answer as it would be
// saved). A blank field passes unless Strict.
func (v Values) Validator(f workbook.Field) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" && !v.Strict {
			return nil
		}
		a := v.Answer()
		a.Fields[f.ID] = s
		c := v.Context()
		return workbook.CheckField(v.Ex, f.ID, workbook.Prepare(v.Ex, a, c), c)
	}
}

// ListValidator is the verdict on a list's items (each within its limit);
// an empty list is Required's to refuse.
func (v Values) ListValidator(f workbook.Field) func([]workbook.ListItem) error {
	return func(items []workbook.ListItem) error {
		if len(items) == 0 {
			return nil
		}
		a := v.Answer()
		a.Lists[f.ID] = items
		c := v.Context()
		return workbook.CheckField(v.Ex, f.ID, workbook.Prepare(v.Ex, a, c), c)
	}
}

// Fields are the huh fields of the exercise, one per field in its order,
// bound to the variables and checked by Validator: a huh.Input for a line
// of text, a number or a date; a huh.Select for a choice; a textfield for
// several lines; a listfield for a list, pointing to refs where the list
// refers to another. A required field's title ends with required (" *").
func (v Values) Fields(wb *workbook.Workbook, refs []workbook.ListItem, required string) []huh.Field {
	fields := make([]huh.Field, 0, len(v.Ex.Fields))
	for _, f := range v.Ex.Fields {
		title := f.Label
		if f.Required {
			title += required
		}
		switch f.Kind {
		case workbook.FieldTextarea:
			fields = append(fields, textfield.New().Key(f.ID).Title(title).Description(f.Help).
				Value(v.Text[f.ID]).Limit(f.Limit()).Lines(5).Validate(v.Validator(f)))
		case workbook.FieldList:
			lf := listfield.New().Key(f.ID).Title(title).Description(f.Help).
				Value(v.Lists[f.ID]).ItemLimit(f.Limit()).Required(f.Required && v.Strict).Validate(v.ListValidator(f))
			if f.RefersTo != "" {
				label := "item"
				if ref, ok := wb.Exercise(f.RefersTo); ok {
					label = strings.ToLower(strings.TrimPrefix(ref.Title, "Recurring "))
					label = strings.TrimSuffix(label, "s")
				}
				lf = lf.Refs(label, func() []workbook.ListItem { return refs })
			}
			fields = append(fields, lf)
		case workbook.FieldChoice:
			fields = append(fields, huh.NewSelect[string]().Key(f.ID).Title(title).Description(f.Help).
				Options(choiceOptions(f, *v.Text[f.ID])...).Value(v.Text[f.ID]).Filtering(false).Validate(v.Validator(f)))
		default:
			in := huh.NewInput().Key(f.ID).Title(title).Description(f.Help).
				Value(v.Text[f.ID]).CharLimit(0).Validate(v.Validator(f))
			if f.Kind == workbook.FieldDate {
				in = in.Placeholder("YYYY-MM-DD")
			}
			fields = append(fields, in)
		}
	}
	return fields
}

// choiceOptions are a choice's options. Nothing is chosen until the person
// chooses: a required choice left so is refused on save ("choose one").
func choiceOptions(f workbook.Field, value string) []huh.Option[string] {
	opts := []huh.Option[string]{huh.NewOption("Not set", "")}
	if f.Required {
		opts[0] = huh.NewOption("Choose one", "")
	}
	known := value == ""
	for _, o := range f.Options {
		opts = append(opts, huh.NewOption(o.Label, o.Value))
		known = known || o.Value == value
	}
	if !known {
		// A value the content no longer offers (an older version, an
		// import) stays as it is until the person picks another: huh
		// would put its first option in its place.
		opts = append(opts, huh.NewOption(workbook.SanitizeLine(value)+" (saved; no longer a choice)", value))
	}
	return opts
}
