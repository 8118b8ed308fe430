// Package listfield is a huh v2 field that edits a list of
// workbook.ListItem: add, edit, remove and reorder items, each keeping a
// stable id, and optionally point each item to an item of another list
// (its Ref).
//
// Put a *Field in a huh.Group like any other field. Every change is
// written to the slice bound with Value at once, so the parent can read it
// at any time; text being typed is not, until it is committed: call Commit
// (or look at EditingText) before saving.
//
// The field does not handle esc, ctrl+s, ctrl+e, ctrl+d or ctrl+c: the
// parent intercepts them.
package listfield

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"autonomy/workbook"
)

// defaultWidth is the width used until the form sets one.
const defaultWidth = 80

// Field is a list field for a huh form. Build it with New and the setters.
type Field struct {
	key         string
	title       string
	description string
	value       *[]workbook.ListItem // bound by Value; may be nil
	bound       []workbook.ListItem  // what *value held when last written or read
	items       []workbook.ListItem  // the field's own copy

	itemLimit  int
	maxItems   int
	required   bool
	refLabel   string
	refOptions func() []workbook.ListItem
	validate   func([]workbook.ListItem) error

	cursor int // the selected row: an item, or len(items) for "+ Add an item"
	offset int // the first row shown when the height is limited

	editing   bool
	editNew   bool
	editIndex int    // the item being edited, or where the new item goes
	editID    string // the id of the item being edited
	editFrom  int    // the row selected before a new item was started
	editOrig  string // the text the editor started with
	input     textinput.Model

	removeID string // the item that a first d press asked to remove
	notice   string // a message shown until the next key
	err      error  // from Required or Validate; huh's group reads it

	focused   bool
	width     int
	height    int
	theme     huh.Theme
	hasDarkBg bool
	keys      keyMap

	// The layout, rebuilt by View when dirty: after the items, the width,
	// the focus, the theme or the error change, never per View.
	dirty    bool
	styles   *huh.Styles
	header   []string // lines
	frame    frame
	rows     []row // one per item, then "+ Add an item"
	selector string
	blank    string
}

// row is one laid out row, without the selector column.
type row struct{ normal, selected string }

var _ huh.Field = (*Field)(nil)

// New returns an empty list field with the workbook's limits:
// workbook.MaxTextRunes code points per item and workbook.MaxListItems
// items.
func New() *Field {
	in := textinput.New()
	in.Prompt = "• "
	in.CharLimit = 0 // the field checks the limit itself, so nothing is cut silently
	in.KeyMap.Paste.SetEnabled(false)
	in.KeyMap.AcceptSuggestion.SetEnabled(false)
	in.KeyMap.NextSuggestion.SetEnabled(false)
	in.KeyMap.PrevSuggestion.SetEnabled(false)
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	return &Field{
		itemLimit: workbook.MaxTextRunes,
		maxItems:  workbook.MaxListItems,
		input:     in,
		keys:      defaultKeyMap(),
		dirty:     true,
	}
}

// Key sets the field's key (huh's GetKey).
func (f *Field) Key(k string) *Field { f.key = k; return f }

// Title sets the title shown above the list.
func (f *Field) Title(s string) *Field { f.title = s; f.dirty = true; return f }

// Description sets the text shown under the title.
func (f *Field) Description(s string) *Field { f.description = s; f.dirty = true; return f }

// Value binds the list to *items: the field starts from its contents and
// writes a new slice to it after every change. To load other items later,
// assign a new slice to *items (the field notices on its next message) or
// call Value again.
func (f *Field) Value(items *[]workbook.ListItem) *Field {
	f.value = items
	f.items = nil
	f.bound = nil
	if items != nil {
		f.items = slices.Clone(*items)
		f.bound = *items
	}
	f.cursor = min(f.cursor, len(f.items))
	f.dirty = true
	return f
}

// ItemLimit sets the most code points an item may have (default
// workbook.MaxTextRunes). A longer item is refused, never cut: typing past
// the limit shows the count, enter does not take the item in, a paste
// that would go over is refused whole; an item committed by the parent
// (Commit, leaving the field) is kept whole and the field's check refuses
// it.
func (f *Field) ItemLimit(runes int) *Field {
	if runes > 0 {
		f.itemLimit = runes
	}
	return f
}

// MaxItems sets the most items the list may have (default
// workbook.MaxListItems).
func (f *Field) MaxItems(n int) *Field {
	if n > 0 {
		f.maxItems = n
	}
	return f
}

// Required makes the field ask for at least one item that is not blank.
func (f *Field) Required(b bool) *Field { f.required = b; return f }

// Refs lets each item point to one of the items options returns (by ID),
// e.g. Refs("blocker", currentBlockers). r cycles the selected item's Ref
// through "" and each option; rows show "→ blocker: <text>". options is
// called when the rows are laid out and when r is pressed.
func (f *Field) Refs(label string, options func() []workbook.ListItem) *Field {
	f.refLabel = label
	f.refOptions = options
	f.dirty = true
	return f
}

// Validate sets a check run on tab and shift+tab (after Required); on an
// error the field shows it and keeps the focus.
func (f *Field) Validate(fn func([]workbook.ListItem) error) *Field {
	f.validate = fn
	return f
}

// Items returns a copy of the committed items.
func (f *Field) Items() []workbook.ListItem { return slices.Clone(f.items) }

// Editing reports whether an item is being edited (or a new one typed).
func (f *Field) Editing() bool { return f.editing }

// EditingText returns the text in the editor and true while editing.
func (f *Field) EditingText() (string, bool) {
	if !f.editing {
		return "", false
	}
	return f.input.Value(), true
}

// Commit commits a pending edit: the parent calls it before saving so that
// nothing typed is lost. A blank new item is dropped; an item over the
// limit is kept whole (the field's check refuses it). It returns an error,
// and keeps editing, when the edit cannot be committed (an existing item
// left blank).
func (f *Field) Commit() error {
	f.syncBound()
	if f.commit(true) {
		return nil
	}
	return errors.New(f.notice)
}

// ---- huh.Field ----

// Init implements huh.Field.
func (f *Field) Init() tea.Cmd { return nil }

// Focus implements huh.Field.
func (f *Field) Focus() tea.Cmd {
	f.focused = true
	f.syncBound()
	f.dirty = true
	return nil
}

// Blur implements huh.Field: it commits a pending edit (an existing item
// left blank keeps its text), cancels a pending removal and runs the
// validation, as huh's fields do.
func (f *Field) Blur() tea.Cmd {
	f.syncBound()
	if f.editing && !f.commit(true) {
		f.stopEdit()
	}
	f.removeID = ""
	f.notice = ""
	f.focused = false
	f.err = f.check()
	f.dirty = true
	return nil
}

// Error implements huh.Field: the validation error, if any.
func (f *Field) Error() error { return f.err }

// Run implements huh.Field; a list field runs only inside a form.
func (f *Field) Run() error {
	return errors.New("listfield: Run is not supported; put the field in a huh.Form")
}

// Skip implements huh.Field.
func (f *Field) Skip() bool { return false }

// Zoom implements huh.Field.
func (f *Field) Zoom() bool { return false }

// WithTheme implements huh.Field. Like huh's fields, a theme set before
// wins.
func (f *Field) WithTheme(t huh.Theme) huh.Field {
	if f.theme != nil || t == nil {
		return f
	}
	f.theme = t
	f.styles = nil
	f.dirty = true
	return f
}

// WithKeyMap implements huh.Field. huh's KeyMap has no list entry, so the
// field keeps its own keys.
func (f *Field) WithKeyMap(*huh.KeyMap) huh.Field { return f }

// WithWidth implements huh.Field.
func (f *Field) WithWidth(w int) huh.Field {
	if w != f.width {
		f.width = w
		f.dirty = true
	}
	return f
}

// WithHeight implements huh.Field. With a height, the rows scroll to keep
// the selected one in view.
func (f *Field) WithHeight(h int) huh.Field {
	f.height = h
	return f
}

// WithPosition implements huh.Field. tab always moves on (huh.NextField),
// also from the last field, where huh completes the group.
func (f *Field) WithPosition(huh.FieldPosition) huh.Field { return f }

// GetKey implements huh.Field.
func (f *Field) GetKey() string { return f.key }

// GetValue implements huh.Field: a copy of the committed items, a
// []workbook.ListItem.
func (f *Field) GetValue() any { return slices.Clone(f.items) }

// KeyBinds implements huh.Field: the keys of the current mode, for a help
// bar.
func (f *Field) KeyBinds() []key.Binding {
	k := f.keys
	if f.editing {
		return []key.Binding{k.Save, k.SaveMove}
	}
	if f.cursor >= len(f.items) {
		return []key.Binding{withHelp(k.Edit, "enter", "add"), k.Next}
	}
	b := []key.Binding{k.Edit, k.Add, k.Remove, k.Move}
	if f.refOptions != nil {
		b = append(b, withHelp(k.Ref, "r", f.refLabel))
	}
	return append(b, k.Next)
}

// Update implements huh.Field.
func (f *Field) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		if dark := msg.IsDark(); dark != f.hasDarkBg || f.styles == nil {
			f.hasDarkBg = dark
			f.styles = nil
			f.dirty = true
		}
		return f, nil
	case tea.KeyPressMsg:
		if !f.focused {
			return f, nil
		}
		f.syncBound()
		return f, f.handleKey(msg)
	case tea.PasteMsg:
		if !f.focused || !f.editing {
			return f, nil
		}
		f.syncBound()
		f.notice = ""
		f.paste(msg.Content)
		return f, nil
	}
	if f.editing {
		return f, f.updateInput(msg)
	}
	return f, nil
}

// ---- behaviour ----

// ignoredKey reports whether k is one of the parent's keys, which the
// field never acts on.
func ignoredKey(k string) bool {
	switch k {
	case "esc", "ctrl+s", "ctrl+e", "ctrl+d", "ctrl+c":
		return true
	}
	return false
}

func (f *Field) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if ignoredKey(msg.String()) {
		return nil
	}
	f.notice = ""
	if f.err != nil {
		f.err = nil
		f.dirty = true
	}
	if f.editing {
		return f.editKey(msg)
	}

	pendingRemove := f.removeID
	f.removeID = "" // any key but a second d cancels a removal
	k := f.keys
	if f.typesNewItem(msg) {
		// On "+ Add an item", typing starts the item: the letters are
		// the item's, not commands (typing "Standup" into an empty
		// list kept only "ndup": s, t did nothing, a opened an item).
		f.startNew(len(f.items))
		if f.editing {
			return f.editKey(msg)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		f.cursor = max(f.cursor-1, 0)
	case key.Matches(msg, k.Down):
		f.cursor = min(f.cursor+1, len(f.items))
	case key.Matches(msg, k.Edit):
		if f.cursor < len(f.items) {
			f.startEdit(f.cursor)
		} else {
			f.startNew(len(f.items))
		}
	case key.Matches(msg, k.Add):
		at := len(f.items)
		if f.cursor < len(f.items) {
			at = f.cursor + 1
		}
		f.startNew(at)
	case key.Matches(msg, k.Remove):
		if f.cursor >= len(f.items) {
			return nil
		}
		it := f.items[f.cursor]
		if pendingRemove == it.ID {
			f.remove(f.cursor)
			return nil
		}
		f.removeID = it.ID
		f.notice = fmt.Sprintf("press %s again to remove %s", msg.String(), quote(it.Text))
	case key.Matches(msg, k.MoveUp):
		f.swap(f.cursor, f.cursor-1)
	case key.Matches(msg, k.MoveDown):
		f.swap(f.cursor, f.cursor+1)
	case key.Matches(msg, k.Ref):
		f.cycleRef()
	case key.Matches(msg, k.Next):
		if f.checkNow() {
			return huh.NextField
		}
	case key.Matches(msg, k.Prev):
		if f.checkNow() {
			return huh.PrevField
		}
	default:
		if msg.Text != "" && workbook.SanitizeLine(msg.Text) != "" {
			// Letters on an item are no command: say how to type.
			f.notice = "to type, press a to add an item or enter to edit this one"
		}
	}
	return nil
}

// typesNewItem reports whether msg is text typed on "+ Add an item":
// there every printable key is the new item's first letter (the arrows
// still move), so typing never loses a letter to a command.
func (f *Field) typesNewItem(msg tea.KeyPressMsg) bool {
	return f.cursor >= len(f.items) && msg.Text != "" && workbook.SanitizeLine(msg.Text) != ""
}

func (f *Field) editKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter", "tab", "shift+tab":
		f.commit(false)
		return nil
	case "up":
		if f.commit(false) {
			f.cursor = max(f.cursor-1, 0)
		}
		return nil
	case "down":
		if f.commit(false) {
			f.cursor = min(f.cursor+1, len(f.items))
		}
		return nil
	}
	if msg.Text != "" {
		clean := workbook.SanitizeLine(msg.Text)
		if clean == "" {
			return nil // only controls: nothing to type
		}
		msg.Text = clean
	}
	return f.updateInput(msg)
}

// updateInput passes msg to the editor; text over the item limit stays as
// typed, and says by how much it is over.
func (f *Field) updateInput(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	if err := f.overLimit(f.input.Value()); err != nil {
		f.notice = err.Error()
	}
	return cmd
}

// overLimit refuses an item's text over the item limit, with the count.
func (f *Field) overLimit(text string) error {
	if n := utf8.RuneCountInString(text); n > f.itemLimit {
		return fmt.Errorf("at most %d characters (now %d)", f.itemLimit, n)
	}
	return nil
}

// paste inserts pasted text into the editor, sanitized to one line, or
// refuses it whole when the item would go over the limit.
func (f *Field) paste(content string) {
	content = workbook.SanitizeLine(strings.TrimRight(content, "\r\n"))
	if content == "" {
		return
	}
	have := utf8.RuneCountInString(f.input.Value())
	add := utf8.RuneCountInString(content)
	if have+add > f.itemLimit {
		f.notice = fmt.Sprintf("paste refused: at most %d characters (the item would have %d)",
			f.itemLimit, have+add)
		return
	}
	f.updateInput(tea.PasteMsg{Content: content})
}

func (f *Field) startEdit(i int) {
	it := f.items[i]
	f.editing, f.editNew = true, false
	f.editIndex, f.editID = i, it.ID
	f.editOrig = workbook.SanitizeLine(it.Text)
	f.input.Reset()
	f.input.SetValue(f.editOrig)
	f.input.CursorEnd()
	f.input.Focus()
	f.dirty = true
}

func (f *Field) startNew(at int) {
	if len(f.items) >= f.maxItems {
		f.notice = fmt.Sprintf("at most %d items", f.maxItems)
		return
	}
	f.editing, f.editNew = true, true
	f.editIndex, f.editID = at, ""
	f.editFrom = f.cursor
	f.editOrig = ""
	f.input.Reset()
	f.input.Focus()
	f.dirty = true
}

func (f *Field) stopEdit() {
	f.editing, f.editNew = false, false
	f.editID, f.editOrig = "", ""
	f.input.Blur()
	f.input.Reset()
	f.dirty = true
}

// commit ends the edit, writing the item; it reports false, and keeps
// editing with a notice, when it cannot. An item over the limit is taken
// in only when force is set (the parent saves, or the field is left):
// whole, never cut.
func (f *Field) commit(force bool) bool {
	if !f.editing {
		return true
	}
	raw := f.input.Value()
	text := strings.TrimSpace(raw)
	if err := f.overLimit(text); err != nil && !force {
		f.notice = err.Error() + ": shorten it to add it"
		return false
	}
	if f.editNew {
		if text == "" {
			f.cursor = min(f.editFrom, len(f.items))
			f.stopEdit()
			return true
		}
		if len(f.items) >= f.maxItems {
			f.notice = fmt.Sprintf("at most %d items", f.maxItems)
			return false
		}
		at := min(f.editIndex, len(f.items))
		f.items = slices.Insert(f.items, at, workbook.ListItem{ID: f.newID(), Text: text})
		f.cursor = at
		f.stopEdit()
		f.write()
		return true
	}
	if text == "" {
		f.notice = "empty: press d to remove the item"
		return false
	}
	f.cursor = f.editIndex
	if raw != f.editOrig { // unchanged keeps the stored text as it was
		f.items[f.editIndex].Text = text
		f.write()
	}
	f.stopEdit()
	return true
}

// newID returns a fresh item id, unique within the list.
func (f *Field) newID() string {
	for {
		id := workbook.NewItemID()
		if !slices.ContainsFunc(f.items, func(it workbook.ListItem) bool { return it.ID == id }) {
			return id
		}
	}
}

func (f *Field) remove(i int) {
	f.items = slices.Delete(f.items, i, i+1)
	f.cursor = min(f.cursor, max(len(f.items)-1, 0))
	f.write()
}

func (f *Field) swap(i, j int) {
	if i < 0 || j < 0 || i >= len(f.items) || j >= len(f.items) {
		return
	}
	f.items[i], f.items[j] = f.items[j], f.items[i]
	f.cursor = j
	f.write()
}

// cycleRef moves the selected item's Ref to the next of "", each option.
// A Ref to an id no longer among the options goes back to "".
func (f *Field) cycleRef() {
	if f.refOptions == nil || f.cursor >= len(f.items) {
		return
	}
	var ids []string
	for _, o := range f.refOptions() {
		if o.ID != "" {
			ids = append(ids, o.ID)
		}
	}
	if len(ids) == 0 {
		f.notice = fmt.Sprintf("no %s to point to yet", f.refLabel)
		return
	}
	cur := f.items[f.cursor].Ref
	next := ""
	if cur == "" {
		next = ids[0]
	} else if k := slices.Index(ids, cur); k >= 0 && k+1 < len(ids) {
		next = ids[k+1]
	}
	f.items[f.cursor].Ref = next
	f.write()
}

// check runs Required, the item limit and Validate over the committed
// items.
func (f *Field) check() error {
	if f.required && !slices.ContainsFunc(f.items, func(it workbook.ListItem) bool {
		return strings.TrimSpace(it.Text) != ""
	}) {
		return errors.New("add at least one item")
	}
	for i, it := range f.items {
		if err := f.overLimit(it.Text); err != nil {
			return fmt.Errorf("item %d: %w", i+1, err)
		}
	}
	if f.validate != nil {
		return f.validate(slices.Clone(f.items))
	}
	return nil
}

// checkNow runs check, keeps its error for Error and the view, and reports
// whether the field may be left.
func (f *Field) checkNow() bool {
	f.err = f.check()
	f.dirty = true
	return f.err == nil
}

// write gives the bound slice a copy of the items.
func (f *Field) write() {
	out := make([]workbook.ListItem, len(f.items))
	copy(out, f.items)
	if f.value != nil {
		*f.value = out
		f.bound = out
	}
	f.dirty = true
}

// syncBound reloads the items when the parent assigned a new slice to the
// bound variable.
func (f *Field) syncBound() {
	if f.value == nil {
		return
	}
	cur := *f.value
	if len(cur) == len(f.bound) && (len(cur) == 0 || &cur[0] == &f.bound[0]) {
		return
	}
	f.items = slices.Clone(cur)
	f.bound = cur
	f.cursor = min(f.cursor, len(f.items))
	if f.editing && !f.editNew {
		if i := slices.IndexFunc(f.items, func(it workbook.ListItem) bool { return it.ID == f.editID }); i >= 0 {
			f.editIndex = i
		} else { // gone: keep what was typed as a new item
			f.editNew, f.editID = true, ""
			f.editIndex, f.editFrom = len(f.items), len(f.items)
		}
	}
	f.editIndex = min(f.editIndex, len(f.items))
	f.dirty = true
}

// quote returns an item's text for a message: one line, at most 40 cells,
// in quotes.
func quote(text string) string {
	return "\"" + ansi.Truncate(workbook.SanitizeLine(text), 40, "…") + "\""
}
