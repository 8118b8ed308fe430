package tui

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"autonomy/tui/exform"
	"autonomy/tui/listfield"
	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// draftDelay is how long after the last change a draft is written.
const draftDelay = time.Second

// formScreen is one exercise's form: a huh form over variables it owns,
// so the values can be read at any moment (a save, a draft, a signal). It
// owns its draft (written a second after the last change), its save and
// the retries of a failed one, and $EDITOR.
type formScreen struct {
	*app
	ex      workbook.Exercise
	runID   string // "" for the form that starts a run
	entryID string // "" for a new entry
	date    workbook.Date

	values map[string]*string
	lists  map[string]*[]workbook.ListItem
	refs   []workbook.ListItem // items other lists may point to
	form   *huh.Form
	listFs []*listfield.Field // the list fields, to commit an item being edited

	saved     workbook.Answer // the saved answer (empty for a new entry)
	draftFrom time.Time       // when the draft shown was written; zero if none
	stored    workbook.Answer // what the store holds as draft or answer
	strict    bool            // after a refused save, required fields are checked as you go
	message   string          // a refused paste, a failed save
	seq       int             // changes so far, for the draft debounce
	saving    bool
	retries   int // failed saves so far: a retry is for the latest
	// confirmedStart is the start date the person confirmed starting on,
	// far as it is from today (Program.StartDateConfirm).
	confirmedStart string
}

type draftTickMsg struct{ seq int }

// relayoutMsg asks the huh form to lay its fields out again (a reason
// shown under one).
type relayoutMsg struct{}

// saveRetryMsg tries a failed save again.
type saveRetryMsg struct{ try int }

// saveRetryDelay is how long after a failed save it is tried again.
const saveRetryDelay = 5 * time.Second

// formID names the form a message is for: another may be open by the
// time it comes.
type formID struct{ runID, exercise, entryID string }

func (fm *formScreen) id() formID { return formID{fm.runID, fm.ex.ID, fm.entryID} }

type draftSavedMsg struct {
	form   formID
	answer workbook.Answer
	err    error
}
type answerSavedMsg struct {
	form formID
	at   time.Time
	err  error
}
type editorReadyMsg struct {
	field, dir, path string
	err              error
}
type editorDoneMsg struct {
	field, dir, path string
	err              error
}
type editorResultMsg struct {
	field, text string
	err         error
}

// openForm builds the form of an exercise within a run (runID "" to start
// one), showing the draft when there is one, else the saved answer
// (exform.Open).
func (m *app) openForm(ex workbook.Exercise, runID, entryID string) tea.Cmd {
	op := exform.Open(m.wb, m.prog.forForms(), ex, runID, entryID)
	fm := &formScreen{app: m, ex: op.Ex, runID: runID, entryID: entryID, date: op.Date,
		saved: op.Saved, stored: op.Start, draftFrom: op.DraftFrom, refs: op.Refs}
	fm.load(op.Start)
	m.push(fm)
	return fm.build("")
}

// bound is the form's variables and the workbook's checks on them.
func (fm *formScreen) bound() exform.Values {
	return exform.Values{Ex: fm.ex, Text: fm.values, Lists: fm.lists, Strict: fm.strict, Context: fm.checkContext}
}

// load copies an answer into the variables the fields are bound to.
func (fm *formScreen) load(a workbook.Answer) {
	v := exform.Bind(fm.ex, a, fm.checkContext)
	fm.values, fm.lists = v.Text, v.Lists
}

// commitLists takes in a list item still being edited, so a save, a
// draft or leaving keeps what was typed in it.
func (fm *formScreen) commitLists() {
	for _, lf := range fm.listFs {
		if lf.Editing() {
			lf.Commit()
		}
	}
}

// answer reads the bound variables: always current, even for the field
// that has focus.
func (fm *formScreen) answer() workbook.Answer { return fm.bound().Answer() }

func (fm *formScreen) field(id string) (workbook.Field, bool) { return fm.ex.Field(id) }

// checkContext is what the workbook's rules need besides the answer: today,
// the form's run, the metric's unit.
func (fm *formScreen) checkContext() workbook.CheckContext {
	return fm.prog.forForms().CheckContext(fm.wb, fm.runID)
}

// build makes the huh form over the bound variables, focused on the field
// with the given id ("" for the first).
func (fm *formScreen) build(focus string) tea.Cmd {
	m := fm.app
	v := fm.bound()
	fields := v.Fields(m.wb, fm.refs, " *")
	fm.listFs = nil
	for i, f := range fm.ex.Fields {
		switch f.Kind {
		case workbook.FieldList:
			fm.listFs = append(fm.listFs, fields[i].(*listfield.Field))
		case workbook.FieldTextarea:
		default: // huh's one-line fields: an input, a select
			fields[i] = newCheckedField(fields[i], v.Validator(f), f.Limit(), m.styles.Warning)
		}
	}
	km := huh.NewDefaultKeyMap()
	km.Quit.SetEnabled(false) // the root handles ctrl+c
	km.Select.Filter.SetEnabled(false)
	base := huh.ThemeCharm
	if m.noColor {
		base = huh.ThemeBase
	}
	var themes [2]*huh.Styles
	theme := huh.ThemeFunc(func(isDark bool) *huh.Styles {
		// huh asks for the theme at every message and frame: build it
		// once per background. A field's reason is written under it: no
		// " *" after its title besides the one of a required field.
		i := 0
		if isDark {
			i = 1
		}
		if themes[i] == nil {
			s := base(isDark)
			s.Focused.ErrorIndicator, s.Blurred.ErrorIndicator = lipgloss.NewStyle(), lipgloss.NewStyle()
			themes[i] = s
		}
		return themes[i]
	})
	fm.form = huh.NewForm(huh.NewGroup(fields...)).
		WithShowHelp(false).WithShowErrors(false).WithKeyMap(km).WithTheme(theme)
	fm.resize()
	cmds := []tea.Cmd{fm.form.Init()}
	if fm.strict {
		// Blurring runs each field's check, so every message shows beside
		// its field, visited or not.
		for _, f := range fields {
			f.Blur()
		}
		fields[0].Focus()
	}
	if focus != "" {
		for i, f := range fm.ex.Fields {
			if f.ID == focus {
				for range i {
					cmds = append(cmds, fm.form.NextField())
				}
				break
			}
		}
	}
	// The form needs the background to pick its colours.
	fm.form.Update(tea.BackgroundColorMsg{Color: bgColor(m.isDark)})
	return tea.Batch(cmds...)
}

func (fm *formScreen) resize() {
	w := max(min(fm.width-4, 96), 20)
	fm.form = fm.form.WithWidth(w).WithHeight(max(fm.bodyHeight()-len(fm.headerLines(fm.width)), 3))
}

// formRoom is the fewest lines the fields keep under the header: a
// field's title, its description, its input and a little more.
const formRoom = 6

// headerLines are the lines above the form: title, prompt, the guide's
// words on a constraint marked not reasonable, draft banner and the last
// message. On a short screen the prompt and the guide's words take one
// line each and the blank lines go, so that the field with the focus
// stays in view.
func (fm *formScreen) headerLines(width int) []string {
	if lines := fm.header(width, false); fm.bodyHeight()-len(lines) >= formRoom {
		return lines
	}
	return fm.header(width, true)
}

func (fm *formScreen) header(width int, short bool) []string {
	m := fm.app
	st := m.styles
	w := width - 4
	wrap := func(s string) []string {
		if short {
			return []string{ansi.Truncate(strings.Join(strings.Fields(s), " "), w, "…")}
		}
		return strings.Split(wrapWords(s, w), "\n")
	}
	// The title stays whole: the run's day gives way first.
	title := part{ways: []wording{{fm.ex.Title, prioVerdict}}, style: st.Title, cut: true}
	run := part{sep: "  ", style: st.Muted}
	if r := m.prog.openRun(); r != nil && fm.runID != "" {
		days := m.wb.Program.Days()
		day := fmt.Sprintf("Day %d of %d", min(max(m.wb.Program.Status(*r, m.prog.today).Day, 0), days), days)
		run.ways = []wording{{fmt.Sprintf("Run %d · %s", r.Number, day), prioDateLong}, {day, prioDateShort}}
	}
	var lines []string
	if !short {
		lines = append(lines, "")
	}
	lines = append(lines, "  "+newPartLine(title, run).render(w))
	for _, l := range wrap(fm.ex.Prompt) {
		lines = append(lines, "  "+st.Muted.Render(l))
	}
	if v, ok := fm.values[fm.ex.FieldID(workbook.FieldRoleReasonable)]; ok && *v == workbook.No {
		// The guide's words next to a constraint marked not reasonable.
		for _, l := range wrap(workbook.BoundaryWords(m.wb)) {
			lines = append(lines, "  "+st.Current.Render(l))
		}
	}
	if !fm.draftFrom.IsZero() {
		lines = append(lines, "  "+st.Warning.Render(fmt.Sprintf("Draft from %s — ctrl+s saves it, ctrl+d discards it", clock(fm.draftFrom))))
	}
	if fm.message != "" {
		for _, l := range strings.Split(wrapWords(fm.message, w), "\n") {
			lines = append(lines, "  "+st.Warning.Render(l))
		}
	}
	if short {
		return lines
	}
	return append(lines, "")
}

func (fm *formScreen) View(width, height int) string {
	body := strings.Join(fm.headerLines(width), "\n") + "\n" + fm.form.View()
	return fit(body, width, height)
}

// focused is the field definition of the field with focus.
func (fm *formScreen) focused() (workbook.Field, bool) {
	if f := fm.form.GetFocusedField(); f != nil {
		return fm.field(f.GetKey())
	}
	return workbook.Field{}, false
}

func (fm *formScreen) Name() string { return "Form: " + fm.ex.Title }

// typing: a form takes every key as text but those of its keymap.
func (fm *formScreen) typing() bool { return true }

func (fm *formScreen) Keys() help.KeyMap {
	k, g := fm.keys.form, fm.keys.global
	h := keyHelp{
		short: []key.Binding{k.Next, k.Save, k.Editor, k.Leave, k.Discard, g.HelpInText},
		full:  [][]key.Binding{{k.Next, k.Prev, k.Enter}, {k.Save, k.Editor, k.Leave, k.Discard}, {g.HelpInText, g.ForceQuit}},
	}
	if fm.served {
		h = h.without(k.Editor)
	}
	return h
}

// Update takes the keys and pastes (the form's own keys first), and the
// messages of its draft, save and editor; the rest goes to huh.
func (fm *formScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return fm.handleKey(msg)
	case tea.PasteMsg:
		return fm, fm.handlePaste(msg)
	case tea.WindowSizeMsg:
		if fm.tooSmall() {
			return fm, nil
		}
		fm.resize()
	case draftTickMsg:
		if msg.seq == fm.seq {
			return fm, fm.flushDraftCmd()
		}
		return fm, nil
	case draftSavedMsg:
		if msg.form == fm.id() {
			fm.draftSaved(msg)
		}
		return fm, nil
	case saveRetryMsg:
		if fm.retries == msg.try && !fm.saving {
			return fm.save()
		}
		return fm, nil
	case answerSavedMsg:
		if msg.form == fm.id() {
			return fm.answerSaved(msg)
		}
		return fm, nil
	case editorReadyMsg:
		if msg.err != nil {
			fm.message = "Could not prepare the editor's file: " + msg.err.Error()
			return fm, nil
		}
		return fm, runEditor(msg)
	case editorDoneMsg:
		return fm, readEditedCmd(msg)
	case editorResultMsg:
		return fm, fm.applyEdited(msg)
	case programLoadedMsg, deletedMsg, renderedMsg:
		return fm, nil
	}
	return fm, fm.update(msg)
}

// update passes a message to the huh form and notes changes for the draft.
func (fm *formScreen) update(msg tea.Msg) tea.Cmd {
	before := fm.answer()
	next, cmd := fm.form.Update(msg)
	if f, ok := next.(*huh.Form); ok {
		fm.form = f
	}
	cmds := []tea.Cmd{cmd}
	if !fm.answer().Equal(before) {
		fm.seq++
		cmds = append(cmds, fm.draftTick(fm.seq, draftDelay))
	}
	return tea.Batch(cmds...)
}

// handleKey sees the form's own keys before the fields do.
func (fm *formScreen) handleKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := fm.keys.form
	switch {
	case key.Matches(msg, k.Save):
		return fm.save()
	case key.Matches(msg, k.Leave):
		return nil, fm.leave()
	case key.Matches(msg, k.Discard):
		return fm, fm.discard()
	case key.Matches(msg, k.Editor):
		return fm, fm.editFocused()
	case key.Matches(msg, fm.keys.global.HelpInText):
		fm.openHelp(fm)
		return fm, nil
	case key.Matches(msg, k.Next, k.Prev, k.Enter):
		if next, cmd, ok := fm.move(msg); ok {
			return next, cmd
		}
	}
	fm.message = ""
	cmd := fm.update(msg)
	// enter on the last field completes a huh form: that is a save.
	if fm.form.State == huh.StateCompleted {
		next, save := fm.save()
		return next, tea.Batch(cmd, save)
	}
	return fm, cmd
}

// discard drops the draft: the form shows the saved answer again.
func (fm *formScreen) discard() tea.Cmd {
	if fm.draftFrom.IsZero() && fm.answer().Equal(fm.saved) {
		fm.message = "No draft to discard."
		return nil
	}
	fm.draftFrom = time.Time{}
	fm.message = "Draft discarded: this is your saved answer."
	if fm.entryID == "" {
		fm.message = "Draft discarded: the form is empty again."
	}
	fm.strict = false
	fm.load(fm.saved)
	fm.seq++
	return tea.Batch(fm.build(""), fm.discardDraftCmd())
}

// move changes the focused field at once. huh moves by a command that
// comes back later, so keys typed right after tab would land in the field
// being left; moving here keeps every key in the field it was typed for.
// It reports false when the key belongs to the field (enter in a
// multi-line field, keys of a list item being edited).
func (fm *formScreen) move(msg tea.KeyPressMsg) (screen, tea.Cmd, bool) {
	k := fm.keys.form
	f, ok := fm.focused()
	if !ok {
		return fm, nil, false
	}
	enter := key.Matches(msg, k.Enter)
	switch f.Kind {
	case workbook.FieldTextarea:
		if enter {
			return fm, nil, false
		}
	case workbook.FieldList:
		if lf, ok := fm.form.GetFocusedField().(*listfield.Field); !ok || lf.Editing() || enter {
			return fm, nil, false
		}
	}
	i := fm.index(f.ID)
	last := i == len(fm.ex.Fields)-1
	if cf, ok := fm.form.GetFocusedField().(*checkedField); ok && enter && !last {
		// enter on a value that cannot be saved stays and says why, as
		// ctrl+s would; tab moves on, the reason shown under the field.
		if err := cf.recheck(); err != nil {
			fm.message = workbook.Refusal(fm.ex, map[string]error{f.ID: err})
			fm.form.Update(relayoutMsg{}) // huh lays its fields out on a message
			return fm, nil, true
		}
	}
	fm.message = ""
	switch {
	case key.Matches(msg, k.Prev):
		if i == 0 {
			return fm, nil, true
		}
		return fm, fm.form.PrevField(), true
	case last && enter:
		fm.form.GetFocusedField().Blur()
		next, cmd := fm.save()
		return next, cmd, true
	case last:
		return fm, nil, true
	}
	return fm, fm.form.NextField(), true
}

// index is the position of a field in the exercise.
func (fm *formScreen) index(id string) int {
	for i, f := range fm.ex.Fields {
		if f.ID == id {
			return i
		}
	}
	return -1
}

// handlePaste checks a paste against the focused field's limit before the
// field sees it: over the limit it is refused whole, never cut.
func (fm *formScreen) handlePaste(msg tea.PasteMsg) tea.Cmd {
	f, ok := fm.focused()
	if ok && f.Kind != workbook.FieldList && f.Kind != workbook.FieldChoice {
		have := utf8.RuneCountInString(*fm.values[f.ID])
		add := utf8.RuneCountInString(workbook.Normalize(msg.Content))
		if f.Kind != workbook.FieldTextarea && strings.ContainsAny(strings.TrimRight(msg.Content, "\r\n"), "\r\n") {
			fm.message = fmt.Sprintf("Paste refused: %q is a one-line field and the paste has several lines.", f.Label)
			return nil
		}
		if limit := f.Limit(); have+add > limit {
			fm.message = fmt.Sprintf("Paste refused: %d characters would not fit; %q holds at most %d (%d left).", add, f.Label, limit, max(limit-have, 0))
			return nil
		}
		msg.Content = strings.TrimRight(msg.Content, "\r\n")
		if f.Kind == workbook.FieldTextarea {
			msg.Content = workbook.Normalize(msg.Content)
		} else {
			// A one-line field shows its text as it holds it: take no
			// escape, control or bidi character in.
			msg.Content = workbook.SanitizeLine(msg.Content)
		}
	}
	fm.message = ""
	return fm.update(msg)
}

// save checks the answer as it would be saved by the workbook's rules
// (Prepare, then Check) and saves it, or shows what to fix, beside each
// field and in one line above, keeping everything typed. Nothing changed:
// the form closes with no new version. A start date far from today is
// confirmed first.
func (fm *formScreen) save() (screen, tea.Cmd) {
	if fm.saving {
		return fm, nil
	}
	fm.commitLists()
	c := fm.checkContext()
	a := workbook.Prepare(fm.ex, fm.answer(), c)
	if fm.entryID != "" && a.Equal(workbook.Prepare(fm.ex, fm.saved, c)) {
		// Nothing changed: no new revision, and any draft is obsolete.
		fm.status = "Nothing changed."
		return nil, fm.discardDraftCmd()
	}
	if fm.startsRun() && !workbook.CanStartRun(fm.prog.runs) {
		fm.message = fmt.Sprintf("A run is already open: close it (after day %d) before starting another.", fm.wb.Program.Days())
		return fm, nil
	}
	if errs := workbook.Check(fm.ex, a, c); len(errs) > 0 {
		fm.strict = true
		first := ""
		for _, f := range fm.ex.Fields {
			if _, ok := errs[f.ID]; ok && first == "" {
				first = f.ID
			}
		}
		fm.message = workbook.Refusal(fm.ex, errs)
		// Rebuild to show the reasons beside the fields and focus the
		// first one; the values stay, they live in the bound variables.
		return fm, fm.build(first)
	}
	if start := fm.ex.Value(a, workbook.FieldRoleStartDate); fm.startsRun() && start != fm.confirmedStart {
		if d, err := workbook.ParseDate(start); err == nil {
			if q, ok := fm.wb.Program.StartDateConfirm(d, fm.prog.today); ok {
				fm.push(&startDateScreen{app: fm.app, form: fm, question: q, start: start})
				return fm, nil
			}
		}
	}
	return fm, fm.saveCmd(a)
}

// startsRun reports whether the form is the one that starts a run.
func (fm *formScreen) startsRun() bool { return fm.ex.Kind == workbook.KindRun && fm.runID == "" }

// saveCmd writes the answer in a command.
func (fm *formScreen) saveCmd(a workbook.Answer) tea.Cmd {
	fm.saving = true
	st, ex, runID, entryID, date, now, id := fm.store, fm.ex, fm.runID, fm.entryID, fm.date, fm.now(), fm.id()
	return func() tea.Msg {
		ctx := context.Background()
		var err error
		if ex.Kind == workbook.KindRun && runID == "" {
			_, err = st.StartRun(ctx, ex, a, now)
		} else {
			_, err = st.SaveAnswer(ctx, runID, ex, entryID, a, date, now)
		}
		return answerSavedMsg{form: id, at: now, err: err}
	}
}

// answerSaved closes the form after a save, showing the guide's advice when
// there is some, or keeps it open with the reason when the save failed.
func (fm *formScreen) answerSaved(msg answerSavedMsg) (screen, tea.Cmd) {
	fm.saving = false
	if msg.err != nil {
		// A full disk or a read-only directory: keep everything, say so,
		// and try again by itself (ctrl+s tries at once).
		fm.message = "Not saved: " + msg.err.Error() + ". Your text stays here and as a draft; trying again every few seconds (ctrl+s tries now)."
		fm.form.State = huh.StateNormal
		fm.retries++
		try := fm.retries
		retry := fm.tick(saveRetryDelay, func(time.Time) tea.Msg { return saveRetryMsg{try: try} })
		return fm, tea.Batch(fm.flushDraftCmd(), retry)
	}
	fm.status = "Saved " + clock(msg.at)
	if adv := fm.adviceFor(fm.ex, fm.answer()); adv != nil {
		return adv, nil
	}
	return nil, nil
}

// leave goes back where the form was opened, writing the draft first
// when something changed since the last one.
func (fm *formScreen) leave() tea.Cmd {
	fm.commitLists()
	cmd := fm.flushDraftCmd()
	if cmd != nil && !fm.answer().Equal(fm.saved) {
		fm.status = "Draft kept: open the exercise again to continue."
	}
	return cmd
}

// form is the open exercise form, or nil.
func (a *app) form() *formScreen {
	for _, l := range a.stack {
		if fm, ok := l.(*formScreen); ok {
			return fm
		}
	}
	return nil
}

// PendingDraft is the form's unsaved content, for main to keep after the
// program ends (ctrl+c, SIGTERM, SIGHUP).
func (a *app) PendingDraft() (workbook.Draft, bool) {
	fm := a.form()
	if fm == nil {
		return workbook.Draft{}, false
	}
	fm.commitLists()
	return fm.pendingDraft()
}

// pendingDraft is the form's content when it should be kept as a draft:
// it differs from the saved answer and from what is stored.
func (fm *formScreen) pendingDraft() (workbook.Draft, bool) {
	a := fm.answer()
	if a.Equal(fm.stored) || a.Equal(fm.saved) {
		return workbook.Draft{}, false
	}
	return workbook.Draft{RunID: fm.runID, Exercise: fm.ex.ID, EntryID: fm.entryID, SavedAt: fm.now(), Answer: a}, true
}

// flushDraftCmd writes the draft now if it differs from what is stored;
// a form brought back to the saved answer drops its stored draft.
func (fm *formScreen) flushDraftCmd() tea.Cmd {
	if fm.store == nil {
		return nil
	}
	a := fm.answer()
	if a.Equal(fm.saved) && !fm.stored.Equal(fm.saved) {
		return fm.discardDraftCmd()
	}
	d, ok := fm.pendingDraft()
	if !ok {
		return nil
	}
	st, id := fm.store, fm.id()
	return func() tea.Msg {
		return draftSavedMsg{form: id, answer: d.Answer, err: st.SaveDraft(context.Background(), d)}
	}
}

func (fm *formScreen) discardDraftCmd() tea.Cmd {
	if fm.store == nil {
		return nil
	}
	st, id, saved := fm.store, fm.id(), fm.saved
	return func() tea.Msg {
		err := st.DiscardDraft(context.Background(), id.runID, id.exercise, id.entryID)
		return draftSavedMsg{form: id, answer: saved, err: err}
	}
}

// draftSaved notes what the store holds now, or tries again later.
func (fm *formScreen) draftSaved(msg draftSavedMsg) tea.Cmd {
	if msg.err != nil {
		fm.message = "Could not keep the draft: " + msg.err.Error() + ". It stays here; it will be tried again."
		fm.seq++
		return fm.draftTick(fm.seq, 5*draftDelay)
	}
	fm.stored = msg.answer
	return nil
}

// editFocused opens the focused text field in $EDITOR.
func (fm *formScreen) editFocused() tea.Cmd {
	if fm.served {
		fm.message = noEditorServed
		return nil
	}
	f, ok := fm.focused()
	if !ok || (f.Kind != workbook.FieldTextarea && f.Kind != workbook.FieldText) {
		fm.message = "ctrl+e edits text fields in your editor; this field is not one."
		return nil
	}
	if editorCommand() == nil {
		fm.message = "Set $EDITOR (or $VISUAL) to edit in your own editor, e.g. export EDITOR=nano."
		return nil
	}
	if fm.stateDir == "" {
		fm.message = "No state directory for the editor's file."
		return nil
	}
	text, base := *fm.values[f.ID], fm.stateDir
	return func() tea.Msg {
		dir, err := os.MkdirTemp(base, "edit-")
		if err != nil {
			return editorReadyMsg{err: err}
		}
		path := filepath.Join(dir, f.ID+".txt")
		err = os.WriteFile(path, []byte(text), 0o600)
		return editorReadyMsg{field: f.ID, dir: dir, path: path, err: err}
	}
}

// editorCommand is $VISUAL or $EDITOR split into words, or nil.
func editorCommand() []string {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if f := strings.Fields(os.Getenv(v)); len(f) > 0 {
			return f
		}
	}
	return nil
}

func runEditor(msg editorReadyMsg) tea.Cmd {
	args := editorCommand()
	c := exec.Command(args[0], append(args[1:], msg.path)...)
	return tea.ExecProcess(c, func(err error) tea.Msg {
		return editorDoneMsg{field: msg.field, dir: msg.dir, path: msg.path, err: err}
	})
}

// readEditedCmd reads the editor's file and removes it: answer text does
// not stay outside the database.
func readEditedCmd(msg editorDoneMsg) tea.Cmd {
	return func() tea.Msg {
		b, err := os.ReadFile(msg.path)
		os.RemoveAll(msg.dir)
		if msg.err != nil {
			return editorResultMsg{field: msg.field, err: msg.err}
		}
		return editorResultMsg{field: msg.field, text: strings.TrimRight(string(b), "\n"), err: err}
	}
}

// applyEdited puts the editor's text into the field: all of it, and an
// over-limit text shows its error instead of being cut.
func (fm *formScreen) applyEdited(msg editorResultMsg) tea.Cmd {
	if msg.err != nil {
		fm.message = "The editor failed: " + msg.err.Error() + ". Nothing changed."
		return nil
	}
	f, ok := fm.field(msg.field)
	if !ok {
		return nil
	}
	text := workbook.Normalize(msg.text)
	if f.Kind == workbook.FieldText {
		text = strings.ReplaceAll(text, "\n", " ")
	}
	*fm.values[f.ID] = text
	if err := f.CheckLength(text); err != nil {
		fm.message = fmt.Sprintf("%q: %v: shorten it before saving.", f.Label, err)
	}
	fm.seq++
	return tea.Batch(fm.build(f.ID), fm.draftTick(fm.seq, draftDelay))
}

// clearEditorLeftovers removes editor files a crash left behind.
func ClearEditorLeftovers(stateDir string) {
	dirs, _ := filepath.Glob(filepath.Join(stateDir, "edit-*"))
	for _, d := range dirs {
		os.RemoveAll(d)
	}
}

// clock is a time as people read it: "14:03".
func clock(t time.Time) string { return t.Local().Format("15:04") }

// bgColor stands for the terminal's background, for widgets that pick
// their colours from a tea.BackgroundColorMsg.
func bgColor(isDark bool) color.Color {
	if isDark {
		return color.Black
	}
	return color.White
}
