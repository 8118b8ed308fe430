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

	"autonomy/tui/listfield"
	"autonomy/tui/textfield"
	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"
)

// draftDelay is how long after the last change a draft is written.
const draftDelay = time.Second

// formModel is one exercise's form: a huh form over variables it owns, so
// the values can be read at any moment (a save, a draft, a signal).
type formModel struct {
	ex      workbook.Exercise
	runID   string // "" for the form that starts a run
	entryID string // "" for a new entry
	date    workbook.Date
	origin  workbook.Screen // where to go back to

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
}

type draftTickMsg struct{ seq int }

// saveRetryMsg tries a failed save again.
type saveRetryMsg struct{ try int }

// saveRetryDelay is how long after a failed save it is tried again.
const saveRetryDelay = 5 * time.Second

type draftSavedMsg struct {
	answer workbook.Answer
	err    error
}
type answerSavedMsg struct {
	at  time.Time
	err error
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
// one), showing the draft when there is one, else the saved answer.
func (m *app) openForm(ex workbook.Exercise, runID, entryID string) tea.Cmd {
	fm := &formModel{ex: ex, runID: runID, entryID: entryID, origin: m.screen, date: m.prog.today}
	fm.saved = workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
	if entryID != "" {
		for _, e := range m.prog.entries {
			if e.ID == entryID {
				fm.saved = e.Current.Answer.Clone()
				fm.date = e.Date
			}
		}
	}
	if ex.Kind == workbook.KindRun && runID == "" {
		fm.saved.Fields["start_date"] = m.prog.today.String()
	}
	if ex.Kind == workbook.KindDaily && entryID == "" {
		fm.saved.Fields[workbook.DailyDateField] = m.prog.today.String()
	}
	fm.stored = fm.saved
	start := fm.saved
	if d, ok := m.prog.draft(runID, ex.ID, entryID); ok {
		start, fm.draftFrom, fm.stored = d.Answer, d.SavedAt, d.Answer
	}
	// huh's one-line fields show their text as it is: take what they show
	// through the sanitizer first (an import may hold any sequence). The
	// saved copy is cleaned the same way, so opening and leaving changes
	// nothing.
	fm.saved, fm.stored, start = cleanOneLine(ex, fm.saved), cleanOneLine(ex, fm.stored), cleanOneLine(ex, start)
	fm.refs = m.refItems(ex)
	fm.load(start)
	m.form = fm
	m.screen = workbook.ScreenForm
	return fm.build(m, "")
}

// refItems are the items of the list the exercise's list fields may point
// to (the blockers, for the noise).
func (m *app) refItems(ex workbook.Exercise) []workbook.ListItem {
	for _, f := range ex.Fields {
		if f.Kind != workbook.FieldList || f.RefersTo == "" {
			continue
		}
		if e, ok := workbook.FindEntry(m.prog.entries, f.RefersTo); ok {
			for _, items := range e.Current.Answer.Lists {
				return items
			}
		}
	}
	return nil
}

// load copies an answer into the variables the fields are bound to.
func (fm *formModel) load(a workbook.Answer) {
	fm.values = map[string]*string{}
	fm.lists = map[string]*[]workbook.ListItem{}
	for _, f := range fm.ex.Fields {
		if f.Kind == workbook.FieldList {
			items := append([]workbook.ListItem(nil), a.Lists[f.ID]...)
			fm.lists[f.ID] = &items
			continue
		}
		v := a.Fields[f.ID]
		fm.values[f.ID] = &v
	}
}

// commitLists takes in a list item still being edited, so a save, a
// draft or leaving keeps what was typed in it.
func (fm *formModel) commitLists() {
	for _, lf := range fm.listFs {
		if lf.Editing() {
			lf.Commit()
		}
	}
}

// answer reads the bound variables: always current, even for the field
// that has focus.
func (fm *formModel) answer() workbook.Answer {
	a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
	for id, v := range fm.values {
		a.Fields[id] = *v
	}
	for id, l := range fm.lists {
		a.Lists[id] = append([]workbook.ListItem(nil), (*l)...)
	}
	return a
}

func (fm *formModel) field(id string) (workbook.Field, bool) { return fm.ex.Field(id) }

// validator checks a field as it is typed; required fields are checked
// only after a save was refused, so tab can move past an empty field.
func (fm *formModel) validator(f workbook.Field) func(string) error {
	return func(s string) error {
		s = workbook.Normalize(s)
		if strings.TrimSpace(s) == "" && !fm.strict {
			return nil
		}
		return workbook.ValidateField(f, s)
	}
}

// build makes the huh form over the bound variables, focused on the field
// with the given id ("" for the first).
func (fm *formModel) build(m *app, focus string) tea.Cmd {
	var fields []huh.Field
	fm.listFs = nil
	for _, f := range fm.ex.Fields {
		title := f.Label
		if f.Required {
			title += " *"
		}
		switch f.Kind {
		case workbook.FieldTextarea:
			fields = append(fields, textfield.New().Key(f.ID).Title(title).Description(f.Help).
				Value(fm.values[f.ID]).Limit(f.Max).Lines(5).Validate(fm.validator(f)))
		case workbook.FieldList:
			lf := listfield.New().Key(f.ID).Title(title).Description(f.Help).
				Value(fm.lists[f.ID]).ItemLimit(f.Max).Required(f.Required && fm.strict)
			if f.RefersTo != "" {
				refs := fm.refs
				label := "item"
				if ref, ok := m.wb.Exercise(f.RefersTo); ok {
					label = strings.ToLower(strings.TrimPrefix(ref.Title, "Recurring "))
					label = strings.TrimSuffix(label, "s")
				}
				lf = lf.Refs(label, func() []workbook.ListItem { return refs })
			}
			fm.listFs = append(fm.listFs, lf)
			fields = append(fields, lf)
		case workbook.FieldChoice:
			// Nothing is chosen until the person chooses: a required
			// choice left so is refused on save ("choose one").
			opts := []huh.Option[string]{huh.NewOption("Not set", "")}
			if f.Required {
				opts[0] = huh.NewOption("Choose one", "")
			}
			for _, o := range f.Options {
				opts = append(opts, huh.NewOption(o.Label, o.Value))
			}
			fields = append(fields, huh.NewSelect[string]().Key(f.ID).Title(title).Description(f.Help).
				Options(opts...).Value(fm.values[f.ID]).Filtering(false).Validate(fm.validator(f)))
		default:
			in := huh.NewInput().Key(f.ID).Title(title).Description(f.Help).
				Value(fm.values[f.ID]).CharLimit(0).Validate(fm.validator(f))
			if f.Kind == workbook.FieldDate {
				in = in.Placeholder("YYYY-MM-DD")
			}
			fields = append(fields, in)
		}
	}
	km := huh.NewDefaultKeyMap()
	km.Quit.SetEnabled(false) // the root handles ctrl+c
	km.Select.Filter.SetEnabled(false)
	theme := huh.ThemeFunc(huh.ThemeCharm)
	if m.noColor {
		theme = huh.ThemeFunc(huh.ThemeBase)
	}
	fm.form = huh.NewForm(huh.NewGroup(fields...)).
		WithShowHelp(false).WithShowErrors(true).WithKeyMap(km).WithTheme(theme)
	fm.resize(m)
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

func (fm *formModel) resize(m *app) {
	w := max(min(m.width-4, 96), 20)
	fm.form = fm.form.WithWidth(w).WithHeight(max(m.bodyHeight()-fm.headerHeight(m), 3))
}

// headerLines are the lines above the form: title, prompt, draft banner
// and the last message.
func (fm *formModel) headerLines(m *app) []string {
	st := m.styles
	w := m.width - 4
	right := ""
	if r := m.prog.openRun(); r != nil && fm.runID != "" {
		s := r.Status(m.prog.today)
		right = fmt.Sprintf("Run %d · Day %d of %d", r.Number, min(max(s.Day, 0), workbook.ProgramDays), workbook.ProgramDays)
	}
	lines := []string{"", "  " + st.Title.Render(ansi.Truncate(fm.ex.Title, w-len(right)-2, "…")) + "  " + st.Muted.Render(right)}
	for _, l := range strings.Split(wrapText(fm.ex.Prompt, w), "\n") {
		lines = append(lines, "  "+st.Muted.Render(l))
	}
	if v, ok := fm.values["reasonable"]; ok && *v == "no" {
		// The guide's words next to a constraint marked not reasonable.
		for _, l := range strings.Split(wrapText(workbook.BoundaryWords(m.wb), w), "\n") {
			lines = append(lines, "  "+st.Current.Render(l))
		}
	}
	if !fm.draftFrom.IsZero() {
		lines = append(lines, "  "+st.Warning.Render(fmt.Sprintf("Draft from %s — ctrl+s saves it, ctrl+d discards it", clock(fm.draftFrom))))
	}
	if fm.message != "" {
		for _, l := range strings.Split(wrapText(fm.message, w), "\n") {
			lines = append(lines, "  "+st.Warning.Render(l))
		}
	}
	return append(lines, "")
}

func (fm *formModel) headerHeight(m *app) int { return len(fm.headerLines(m)) }

func (fm *formModel) view(m *app) string {
	body := strings.Join(fm.headerLines(m), "\n") + "\n" + fm.form.View()
	return fit(body, m.width, m.bodyHeight())
}

// focused is the field definition of the field with focus.
func (fm *formModel) focused() (workbook.Field, bool) {
	if f := fm.form.GetFocusedField(); f != nil {
		return fm.field(f.GetKey())
	}
	return workbook.Field{}, false
}

// update passes a message to the huh form and notes changes for the draft.
func (fm *formModel) update(m *app, msg tea.Msg) tea.Cmd {
	before := fm.answer()
	next, cmd := fm.form.Update(msg)
	if f, ok := next.(*huh.Form); ok {
		fm.form = f
	}
	cmds := []tea.Cmd{cmd}
	if !fm.answer().Equal(before) {
		fm.seq++
		seq := fm.seq
		cmds = append(cmds, m.draftTick(seq, draftDelay))
	}
	// enter on the last field completes a huh form: that is a save.
	if fm.form.State == huh.StateCompleted {
		cmds = append(cmds, m.saveForm())
	}
	return tea.Batch(cmds...)
}

// handleFormKey sees the keys the root owns before the form does.
func (m *app) handleFormKey(msg tea.KeyPressMsg) tea.Cmd {
	fm := m.form
	switch msg.String() {
	case "ctrl+c":
		// main saves the draft from the model Run returns.
		m.quitting = true
		return tea.Quit
	case "ctrl+s":
		return m.saveForm()
	case "esc":
		return m.leaveForm()
	case "ctrl+d":
		if fm.draftFrom.IsZero() && fm.answer().Equal(fm.saved) {
			fm.message = "No draft to discard."
			return nil
		}
		fm.draftFrom = time.Time{}
		fm.message = "Draft discarded: this is your saved answer."
		fm.strict = false
		fm.load(fm.saved)
		fm.seq++
		return tea.Batch(fm.build(m, ""), m.discardDraftCmd(fm))
	case "ctrl+e":
		return m.editFocused()
	case "tab", "shift+tab", "enter":
		if cmd, ok := fm.move(m, msg.String()); ok {
			fm.message = ""
			return cmd
		}
	}
	fm.message = ""
	return fm.update(m, msg)
}

// move changes the focused field at once. huh moves by a command that
// comes back later, so keys typed right after tab would land in the field
// being left; moving here keeps every key in the field it was typed for.
// It reports false when the key belongs to the field (enter in a
// multi-line field, keys of a list item being edited).
func (fm *formModel) move(m *app, k string) (tea.Cmd, bool) {
	f, ok := fm.focused()
	if !ok {
		return nil, false
	}
	switch f.Kind {
	case workbook.FieldTextarea:
		if k == "enter" {
			return nil, false
		}
	case workbook.FieldList:
		if lf, ok := fm.form.GetFocusedField().(*listfield.Field); !ok || lf.Editing() || k == "enter" {
			return nil, false
		}
	}
	i := fm.index(f.ID)
	last := i == len(fm.ex.Fields)-1
	switch {
	case k == "shift+tab":
		if i == 0 {
			return nil, true
		}
		return fm.form.PrevField(), true
	case last && k == "enter":
		fm.form.GetFocusedField().Blur()
		return m.saveForm(), true
	case last:
		return nil, true
	}
	return fm.form.NextField(), true
}

// index is the position of a field in the exercise.
func (fm *formModel) index(id string) int {
	for i, f := range fm.ex.Fields {
		if f.ID == id {
			return i
		}
	}
	return -1
}

// handlePaste checks a paste against the focused field's limit before the
// field sees it: over the limit it is refused whole, never cut.
func (m *app) handlePaste(msg tea.PasteMsg) tea.Cmd {
	fm := m.form
	f, ok := fm.focused()
	if ok && f.Kind != workbook.FieldList && f.Kind != workbook.FieldChoice {
		have := utf8.RuneCountInString(*fm.values[f.ID])
		add := utf8.RuneCountInString(workbook.Normalize(msg.Content))
		if f.Kind != workbook.FieldTextarea && strings.ContainsAny(strings.TrimRight(msg.Content, "\r\n"), "\r\n") {
			fm.message = fmt.Sprintf("Paste refused: %q is a one-line field and the paste has several lines.", f.Label)
			return nil
		}
		if have+add > f.Max {
			fm.message = fmt.Sprintf("Paste refused: %d characters would not fit; %q holds at most %d (%d left).", add, f.Label, f.Max, max(f.Max-have, 0))
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
	return fm.update(m, msg)
}

// saveForm validates every field (huh checks only those visited) and
// saves, or shows what to fix and keeps everything typed.
func (m *app) saveForm() tea.Cmd {
	fm := m.form
	if fm.saving {
		return nil
	}
	fm.commitLists()
	a := fm.answer().Normalized()
	if fm.entryID != "" && a.Equal(fm.saved.Normalized()) {
		// Nothing changed: no new revision, and any draft is obsolete.
		cmd := m.discardDraftCmd(fm)
		m.form = nil
		m.screen = fm.origin
		m.status = "Nothing changed."
		return tea.Batch(cmd, m.reloadCmd())
	}
	errs := workbook.ValidateAnswer(fm.ex, a)
	if fm.ex.Kind == workbook.KindRun && fm.runID == "" && !workbook.CanStartRun(m.prog.runs) {
		fm.message = "A run is already open: close it (day 30 and the self-assessment) before starting another."
		return nil
	}
	if len(errs) > 0 {
		fm.strict = true
		first := ""
		var parts []string
		for _, f := range fm.ex.Fields {
			if err, ok := errs[f.ID]; ok {
				if first == "" {
					first = f.ID
				}
				parts = append(parts, f.Label+": "+err.Error())
			}
		}
		fm.message = "Not saved yet. " + strings.Join(parts, " · ")
		// Rebuild to show the messages beside the fields and focus the
		// first one; the values stay, they live in the bound variables.
		return fm.build(m, first)
	}
	fm.saving = true
	st, ex, runID, entryID, date, now := m.store, fm.ex, fm.runID, fm.entryID, fm.date, m.now()
	return func() tea.Msg {
		ctx := context.Background()
		var err error
		if ex.Kind == workbook.KindRun && runID == "" {
			_, err = st.StartRun(ctx, ex, a, now)
		} else {
			_, err = st.SaveAnswer(ctx, runID, ex, entryID, a, date, now)
		}
		return answerSavedMsg{at: now, err: err}
	}
}

// leaveForm goes back where the form was opened, writing the draft first
// when something changed since the last one.
func (m *app) leaveForm() tea.Cmd {
	fm := m.form
	fm.commitLists()
	cmd := m.flushDraftCmd()
	m.form = nil
	m.screen = fm.origin
	if m.screen == workbook.ScreenHome {
		m.home.refresh(m)
	}
	if cmd != nil {
		m.status = "Draft kept: open the exercise again to continue."
	}
	return cmd
}

// PendingDraft is the form's unsaved content, for main to keep after the
// program ends (ctrl+c, SIGTERM, SIGHUP).
func (m *app) PendingDraft() (workbook.Draft, bool) {
	if m.form != nil {
		m.form.commitLists()
	}
	return m.pendingDraft()
}

// pendingDraft is the form's content when it differs from what is stored.
func (m *app) pendingDraft() (workbook.Draft, bool) {
	if m.form == nil {
		return workbook.Draft{}, false
	}
	a := m.form.answer()
	if a.Equal(m.form.stored) || a.Equal(m.form.saved) && m.form.draftFrom.IsZero() {
		return workbook.Draft{}, false
	}
	return workbook.Draft{RunID: m.form.runID, Exercise: m.form.ex.ID, EntryID: m.form.entryID, SavedAt: m.now(), Answer: a}, true
}

// flushDraftCmd writes the draft now if it differs from what is stored.
func (m *app) flushDraftCmd() tea.Cmd {
	d, ok := m.pendingDraft()
	if !ok || m.store == nil {
		return nil
	}
	st := m.store
	return func() tea.Msg {
		return draftSavedMsg{answer: d.Answer, err: st.SaveDraft(context.Background(), d)}
	}
}

func (m *app) discardDraftCmd(fm *formModel) tea.Cmd {
	if m.store == nil {
		return nil
	}
	st := m.store
	return func() tea.Msg {
		err := st.DiscardDraft(context.Background(), fm.runID, fm.ex.ID, fm.entryID)
		return draftSavedMsg{answer: fm.saved, err: err}
	}
}

// editFocused opens the focused text field in $EDITOR.
func (m *app) editFocused() tea.Cmd {
	fm := m.form
	f, ok := fm.focused()
	if !ok || (f.Kind != workbook.FieldTextarea && f.Kind != workbook.FieldText) {
		fm.message = "ctrl+e edits text fields in your editor; this field is not one."
		return nil
	}
	if editorCommand() == nil {
		fm.message = "Set $EDITOR (or $VISUAL) to edit in your own editor, e.g. export EDITOR=nano."
		return nil
	}
	if m.stateDir == "" {
		fm.message = "No state directory for the editor's file."
		return nil
	}
	text, base := *fm.values[f.ID], m.stateDir
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

func (m *app) runEditor(msg editorReadyMsg) tea.Cmd {
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
func (m *app) applyEdited(msg editorResultMsg) tea.Cmd {
	fm := m.form
	if fm == nil {
		return nil
	}
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
	if n := utf8.RuneCountInString(text); n > f.Max {
		fm.message = fmt.Sprintf("%q now holds %d characters, over its limit of %d: shorten it before saving.", f.Label, n, f.Max)
	}
	fm.seq++
	seq := fm.seq
	return tea.Batch(fm.build(m, f.ID), m.draftTick(seq, draftDelay))
}

// clearEditorLeftovers removes editor files a crash left behind.
func ClearEditorLeftovers(stateDir string) {
	dirs, _ := filepath.Glob(filepath.Join(stateDir, "edit-*"))
	for _, d := range dirs {
		os.RemoveAll(d)
	}
}

// wrapText wraps plain text at w columns.
func wrapText(s string, w int) string {
	return ansi.Wrap(s, max(w, 1), "")
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

// cleanOneLine sanitizes the values of the fields huh draws itself (one
// line of text, numbers, dates).
func cleanOneLine(ex workbook.Exercise, a workbook.Answer) workbook.Answer {
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
