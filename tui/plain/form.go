package plain

import (
	"fmt"
	"strings"

	"autonomy/tui/exform"
	"autonomy/workbook"

	"charm.land/huh/v2"
)

// clearWord is what a one-line field takes to clear its value: an empty
// answer keeps it, as in huh's accessible mode.
const clearWord = "-"

// form is one exercise's form being filled in.
type form struct {
	*session
	op      exform.Opening
	v       exform.Values
	fields  []huh.Field
	reasons map[int]error   // why a refused save refused a field, said as it is asked again
	stored  workbook.Answer // what the store holds: the draft, else the saved answer
	// confirmed is the start date the person confirmed starting on, far
	// as it is from today (Program.StartDateConfirm).
	confirmed string
}

// fill asks the exercise's fields in turn and saves the answer, as the full
// screen's form does: the same fields, limits and checks. A refused save
// says why and asks the refused fields again. After each answer the form
// is kept as a draft; when the input ends, the form is left with its
// draft.
func (s *session) fill(t exform.Target) error {
	fm, ok, err := s.openForm(t)
	if !ok || err != nil {
		return err
	}
	ask := make([]int, len(fm.op.Ex.Fields))
	for i := range ask {
		ask[i] = i
	}
	for len(ask) > 0 {
		if ended, err := fm.askFields(ask); ended || err != nil {
			return err
		}
		if ask, err = fm.submit(); err != nil {
			return err
		}
	}
	return nil
}

// openForm says the exercise and offers its draft, if it has one: going
// on with it, or discarding it. False when the input ended.
func (s *session) openForm(t exform.Target) (*form, bool, error) {
	op := exform.Open(s.Workbook, s.prog.Program, t.Ex, t.RunID, t.EntryID)
	fm := &form{session: s, op: op, stored: op.Start}
	ex := op.Ex
	s.say("")
	s.say("%s", ex.Title)
	if ex.Prompt != "" {
		s.para(ex.Prompt)
	}
	start := op.Start
	if !op.DraftFrom.IsZero() {
		from := "your saved answer"
		if t.EntryID == "" {
			from = "an empty form"
		}
		again, ok := s.yes(fmt.Sprintf("You have a draft of this form from %s. Go on with it? n discards it for %s.",
			op.DraftFrom.Local().Format("2006-01-02 15:04"), from))
		if !ok {
			return nil, false, nil
		}
		if !again {
			if err := s.Store.DiscardDraft(s.ctx, t.RunID, ex.ID, t.EntryID); err != nil {
				return nil, false, err
			}
			start, fm.stored = op.Saved, op.Saved
			s.say("Draft discarded.")
		}
	}
	for _, f := range ex.Fields {
		if f.Kind != workbook.FieldList && f.Kind != workbook.FieldTextarea {
			s.para("Enter keeps the value said as now; a line holding only " + clearWord + " clears it.")
			break
		}
	}
	fm.v = exform.Bind(ex, start, func() workbook.CheckContext { return s.prog.CheckContext(s.Workbook, t.RunID) })
	fm.build()
	return fm, true, nil
}

// askFields asks the fields given, keeping the draft after each; true
// when the input ended (the form is left).
func (fm *form) askFields(ask []int) (bool, error) {
	for _, i := range ask {
		ended := fm.askField(i)
		if err := fm.keepDraft(); err != nil {
			return true, err
		}
		if ended {
			fm.left()
			return true, nil
		}
	}
	return false, nil
}

// submit checks the answer as it would be saved (Prepare, then Check) and
// saves it, or says why not: it returns the fields to ask again, none
// when the form is done (saved, unchanged, or left). A start date far
// from today is confirmed first.
func (fm *form) submit() ([]int, error) {
	ex, c := fm.op.Ex, fm.v.Context()
	a := workbook.Prepare(ex, fm.v.Answer(), c)
	if fm.op.EntryID != "" && a.Equal(workbook.Prepare(ex, fm.op.Saved, c)) {
		fm.say("Nothing changed.")
		return nil, fm.dropDraft()
	}
	starts := ex.Kind == workbook.KindRun && fm.op.RunID == ""
	if starts && !workbook.CanStartRun(fm.prog.Runs) {
		fm.para(fmt.Sprintf("Not saved: a run is already open; close it (after day %d) before starting another. Your answers are kept as a draft.", fm.Workbook.Program.Days()))
		return nil, nil
	}
	if errs := workbook.Check(ex, a, c); len(errs) > 0 {
		fm.para(workbook.Refusal(ex, errs) + " Asked again:")
		fm.v.Strict = true
		fm.build()
		var ask []int
		for i, f := range ex.Fields {
			if err, ok := errs[f.ID]; ok {
				ask = append(ask, i)
				fm.reasons[i] = err
			}
		}
		return ask, nil
	}
	if start := ex.Value(a, workbook.FieldRoleStartDate); starts && start != fm.confirmed {
		if d, err := workbook.ParseDate(start); err == nil {
			if q, ok := fm.Workbook.Program.StartDateConfirm(d, fm.prog.Today); ok {
				yes, ok := fm.yes(q)
				switch {
				case !ok:
					fm.left()
					return nil, nil
				case !yes:
					fm.say("Not started: change the start date.")
					return []int{fieldIndex(ex, ex.FieldID(workbook.FieldRoleStartDate))}, nil
				}
				fm.confirmed = start
			}
		}
	}
	return nil, fm.save(a)
}

// build makes the huh fields over the bound values, as the full screen
// does, for huh's accessible mode: no colour, a one-line field clearable
// with clearWord, and never a check that loops when the input has ended.
func (fm *form) build() {
	fm.fields = fm.v.Fields(fm.Workbook, fm.op.Refs, " (required)")
	fm.reasons = map[int]error{}
	plainTheme := huh.ThemeFunc(huh.ThemeBase)
	for i, f := range fm.op.Ex.Fields {
		check := fm.v.Validator(f)
		title := f.Label
		if f.Required {
			title += " (required)"
		}
		if !strings.HasSuffix(title, "?") {
			title += ":"
		}
		switch hf := fm.fields[i].(type) {
		case *huh.Input:
			hf.Title(title).Validate(func(s string) error {
				if strings.TrimSpace(s) == clearWord {
					return nil
				}
				return check(s)
			})
		case *huh.Select[string]:
			// huh asks a select again until its check passes, also after
			// the input ended: then the form is left instead.
			hf.Title(title).Validate(func(s string) error {
				if fm.in.ended {
					return nil
				}
				return check(s)
			})
		}
		fm.fields[i].WithTheme(plainTheme)
	}
}

// fieldIndex is the position of a field in the exercise.
func fieldIndex(ex workbook.Exercise, id string) int {
	for i, f := range ex.Fields {
		if f.ID == id {
			return i
		}
	}
	return 0
}

// askField asks field i through huh's accessible mode, saying first its
// help, its value now and, after a refused save, why it was refused. It
// reports whether the input ended.
func (fm *form) askField(i int) bool {
	f, hf := fm.op.Ex.Fields[i], fm.fields[i]
	fm.say("")
	if err := fm.reasons[i]; err != nil {
		fm.para(workbook.Refusal(fm.op.Ex, map[string]error{f.ID: err}))
	}
	switch hf.(type) {
	case *huh.Input, *huh.Select[string]:
		if f.Help != "" {
			fm.para(f.Help)
		}
		if now := *fm.v.Text[f.ID]; now != "" {
			fm.say("Now: %s", workbook.SanitizeLine(workbook.DisplayValue(f, now)))
		}
	}
	fm.in.ended = false
	hf.Init()
	hf.Focus()
	_ = hf.RunAccessible(fm.Out, fm.in) // a refusal is said and asked again within
	if v := fm.v.Text[f.ID]; v != nil && strings.TrimSpace(*v) == clearWord && f.Kind != workbook.FieldTextarea {
		*v = ""
	}
	return fm.in.ended
}

// keepDraft writes the form as a draft when it differs from what the
// store holds; a form brought back to the saved answer drops its draft.
// A draft that cannot be written is said, and tried again after the next
// answer: the answers stay in the form, and its save tries too.
func (fm *form) keepDraft() error {
	a := fm.v.Answer()
	switch {
	case a.Equal(fm.stored):
		return nil
	case a.Equal(fm.op.Saved):
		return fm.dropDraft()
	}
	d := workbook.Draft{RunID: fm.op.RunID, Exercise: fm.op.Ex.ID, EntryID: fm.op.EntryID, SavedAt: fm.Now(), Answer: a}
	if err := fm.Store.SaveDraft(fm.ctx, d); err != nil {
		fm.para("Could not keep the draft: " + err.Error() + ". Your answers stay in the form; it is tried again after the next one.")
		return nil
	}
	fm.stored = a
	return nil
}

// dropDraft discards the form's draft, if the store holds one.
func (fm *form) dropDraft() error {
	if fm.stored.Equal(fm.op.Saved) {
		return nil
	}
	if err := fm.Store.DiscardDraft(fm.ctx, fm.op.RunID, fm.op.Ex.ID, fm.op.EntryID); err != nil {
		return err
	}
	fm.stored = fm.op.Saved
	return nil
}

// left says what became of a form left before its end.
func (fm *form) left() {
	switch {
	case !fm.v.Answer().Equal(fm.stored):
		fm.para("Left the form: your last answers could not be kept as a draft (said above).")
	case fm.stored.Equal(fm.op.Saved):
		fm.say("Left the form; nothing was changed.")
	default:
		fm.say("Left the form: your answers so far are kept as a draft, on the menu for next time.")
	}
}

// save writes the answer: a new run, or a new revision of the entry.
// A failed save keeps the draft and says so.
func (fm *form) save(a workbook.Answer) error {
	var err error
	if fm.op.Ex.Kind == workbook.KindRun && fm.op.RunID == "" {
		_, err = fm.Store.StartRun(fm.ctx, fm.op.Ex, a, fm.Now())
	} else {
		_, err = fm.Store.SaveAnswer(fm.ctx, fm.op.RunID, fm.op.Ex, fm.op.EntryID, a, fm.op.Date, fm.Now())
	}
	if err != nil {
		fm.para("Not saved: " + err.Error() + ". Your answers are kept as a draft: open the form again to save them.")
		return nil
	}
	fm.say("Saved.")
	return fm.advise(a)
}

// advise says the guide's words after a check-in or a report that calls
// for them, and offers what the full screen offers: to narrow the scope,
// to pause the run.
func (fm *form) advise(a workbook.Answer) error {
	adv := fm.Workbook.Advise(fm.op.Ex, a)
	if adv.IsZero() {
		return nil
	}
	if len(adv.Collapsed) > 0 {
		fm.say("Collapsed: %s.", strings.Join(adv.Collapsed, ", "))
		fm.para(adv.Guide)
	}
	if adv.Workload != "" {
		fm.say("The program did not fit into your normal week.")
		fm.para(adv.Workload)
	}
	if adv.OfferPause {
		fm.para(adv.Boundary)
	}
	if err := fm.load(); err != nil {
		return err
	}
	if run := fm.prog.OpenRun(); adv.OfferPause && run != nil && fm.Workbook.Program.CanPause(*run, fm.prog.Today) {
		if yes, _ := fm.yes("Pause your run now? Paused days do not count."); yes {
			return fm.togglePause()
		}
	}
	if adv.OfferScope {
		if yes, _ := fm.yes("Open your scope sentence to narrow it?"); yes {
			if ex, ok := fm.Workbook.ByRole(workbook.RoleScope); ok {
				return fm.exercise(ex)
			}
		}
	}
	return nil
}
