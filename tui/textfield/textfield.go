// Package textfield is a multi-line text field for huh v2 forms that never
// cuts what a person writes: no character, line or height cap. A limit,
// when set, refuses what would go over it (a typed character, a whole
// paste) with a visible message, and text set from outside is kept whole,
// over the limit or not, with the error shown.
//
// Only the visible lines are drawn, and the text is kept as lines with a
// per-line layout cache, so a keystroke costs the edited line plus the
// window, not the whole text. Text is drawn through a sanitiser: control
// characters, escape introducers and bidirectional controls never reach
// the terminal; the value keeps what was typed or pasted, normalised as
// workbook.Normalize stores text (CRLF and CR become LF).
package textfield

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"autonomy/workbook"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// DefaultLines is how many text lines a field shows unless Lines says.
const DefaultLines = 6

// defaultWidth is the field's width before the form gives it one.
const defaultWidth = 80

// Field is a multi-line text field implementing huh.Field.
type Field struct {
	key         string
	title       string
	description string
	placeholder string
	limit       int
	validate    func(string) error
	bound       *string

	buf      buffer
	value    string // the text, as written to the bound variable
	lines    int    // text lines shown
	maxLines int    // lines that fit the height the form gives; 0: no cap
	width    int
	focused  bool
	err      error // from Validate, or a refused key or paste

	theme  huh.Theme
	isDark bool
	first  bool // the form's first field: shift+tab goes nowhere
	last   bool // the form's last field: tab submits

	keyNext, keyPrev, keyNewline key.Binding

	view viewCache
}

// New returns an empty field showing DefaultLines lines, with no limit.
func New() *Field {
	f := &Field{
		buf:        newBuffer(),
		lines:      DefaultLines,
		width:      defaultWidth,
		keyNext:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next")),
		keyPrev:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "back")),
		keyNewline: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line")),
	}
	f.buf.setWidth(f.textWidth())
	return f
}

// Key sets the key the form stores the value under.
func (f *Field) Key(k string) *Field {
	f.key = k
	return f
}

// Title sets the title shown above the text.
func (f *Field) Title(s string) *Field {
	f.title = s
	f.view.reset()
	return f
}

// Description sets the line shown under the title.
func (f *Field) Description(s string) *Field {
	f.description = s
	f.view.reset()
	return f
}

// Placeholder sets what an empty field shows.
func (f *Field) Placeholder(s string) *Field {
	f.placeholder = s
	f.view.reset()
	return f
}

// Value binds the field to *p: the field starts with its text (all of it)
// and writes every edit to it at once, so it can be read at any time. The
// field also picks up a value written to *p from outside on its next
// message; SetValue does that at once.
func (f *Field) Value(p *string) *Field {
	f.bound = p
	if p != nil {
		f.SetValue(*p)
	}
	return f
}

// Limit sets the most code points the field takes; 0 is no limit. Text
// already over it is kept, with an error shown.
func (f *Field) Limit(runes int) *Field {
	f.limit = max(runes, 0)
	return f
}

// Validate sets the check run when the field is left with tab, and on
// blur.
func (f *Field) Validate(fn func(string) error) *Field {
	f.validate = fn
	return f
}

// Lines sets how many text lines (wrapped lines) the field shows.
func (f *Field) Lines(n int) *Field {
	f.lines = max(n, 1)
	f.buf.scroll(f.visibleLines())
	return f
}

// SetValue replaces the whole text, for instance after $EDITOR or with a
// draft. All of it is kept, even over the limit: then the error shows and
// only deleting is possible until it fits. CRLF and CR become LF. The
// cursor goes to the end.
func (f *Field) SetValue(s string) {
	f.buf.set(workbook.Normalize(s))
	f.err = nil
	f.changed()
	f.buf.scroll(f.visibleLines())
}

// Text returns the text.
func (f *Field) Text() string { return f.value }

// Remaining is how many more code points the limit allows (limit minus
// the text's code points): negative when the text is over the limit, the
// largest int when there is no limit.
func (f *Field) Remaining() int {
	if f.limit == 0 {
		return int(^uint(0) >> 1)
	}
	return f.limit - f.buf.nrunes
}

// Focused reports whether the field has focus.
func (f *Field) Focused() bool { return f.focused }

// changed publishes the text after an edit.
func (f *Field) changed() {
	f.value = f.buf.text()
	if f.bound != nil {
		*f.bound = f.value
	}
}

// over reports whether the text is longer than the limit.
func (f *Field) over() bool { return f.limit > 0 && f.buf.nrunes > f.limit }

func (f *Field) overError() error {
	return fmt.Errorf("%s characters: the field holds at most %s (%s over)",
		group(f.buf.nrunes), group(f.limit), group(f.buf.nrunes-f.limit))
}

// check is what leaving the field requires: within the limit, and valid.
func (f *Field) check() error {
	if f.over() {
		return f.overError()
	}
	if f.validate != nil {
		return f.validate(f.value)
	}
	return nil
}

// Error returns the message the field shows: a failed Validate, a
// refused key or paste, or the text being over the limit.
func (f *Field) Error() error {
	if f.err != nil {
		return f.err
	}
	if f.over() {
		return f.overError()
	}
	return nil
}

// Init implements huh.Field.
func (f *Field) Init() tea.Cmd { return nil }

// Focus implements huh.Field.
func (f *Field) Focus() tea.Cmd {
	f.focused = true
	f.sync()
	return nil
}

// Blur implements huh.Field: it runs the checks, like huh's fields.
func (f *Field) Blur() tea.Cmd {
	f.focused = false
	f.sync()
	f.err = f.check()
	return nil
}

// sync picks up a value written to the bound variable from outside.
func (f *Field) sync() {
	if f.bound != nil && *f.bound != f.value {
		f.SetValue(*f.bound)
	}
}

// Update implements huh.Field. Keys and pastes are handled only with
// focus. tab checks the field and returns huh.NextField, shift+tab returns
// huh.PrevField; enter is a new line. ctrl+e, ctrl+s, ctrl+d, esc and
// ctrl+c are left to the parent.
func (f *Field) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		if f.isDark != msg.IsDark() {
			f.isDark = msg.IsDark()
			f.restyle()
		}
	case tea.PasteMsg:
		if !f.focused {
			return f, nil
		}
		f.sync()
		f.err = nil
		f.paste(msg.Content)
	case tea.KeyPressMsg:
		if !f.focused {
			return f, nil
		}
		f.sync()
		f.err = nil
		return f, f.handleKey(msg)
	}
	return f, nil
}

const textMods = tea.ModCtrl | tea.ModAlt | tea.ModMeta | tea.ModSuper | tea.ModHyper

func (f *Field) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, f.keyNext) {
		if f.err = f.check(); f.err != nil {
			return nil
		}
		return huh.NextField
	}
	if key.Matches(msg, f.keyPrev) {
		return huh.PrevField
	}
	b := &f.buf
	k := msg.String()
	if msg.Mod&textMods != 0 {
		k = msg.Keystroke()
	}
	page := f.visibleLines()
	switch k {
	case "enter", "shift+enter", "alt+enter", "ctrl+j":
		f.typed("\n")
	case "space":
		f.typed(" ")
	case "backspace", "shift+backspace":
		f.remove(b.left(b.cur))
	case "delete":
		f.remove(b.right(b.cur))
	case "ctrl+w", "alt+backspace", "ctrl+backspace":
		f.remove(b.wordLeft(b.cur))
	case "alt+delete", "ctrl+delete":
		f.remove(b.wordRight(b.cur))
	case "ctrl+u":
		f.remove(pos{b.cur.row, 0})
	case "ctrl+k":
		if b.cur.col == len(b.lines[b.cur.row]) {
			f.remove(b.right(b.cur)) // at the end of a line: join the next
		} else {
			f.remove(pos{b.cur.row, len(b.lines[b.cur.row])})
		}
	case "left":
		f.move(b.left(b.cur))
	case "right":
		f.move(b.right(b.cur))
	case "alt+left", "alt+b", "ctrl+left":
		f.move(b.wordLeft(b.cur))
	case "alt+right", "alt+f", "ctrl+right":
		f.move(b.wordRight(b.cur))
	case "home", "ctrl+a":
		f.move(b.home())
	case "end":
		f.move(b.lineEnd())
	case "ctrl+home":
		f.move(pos{})
	case "ctrl+end":
		f.move(b.end())
	case "up":
		b.vertical(-1)
	case "down":
		b.vertical(1)
	case "pgup":
		b.vertical(-page)
	case "pgdown":
		b.vertical(page)
	case "ctrl+e", "ctrl+s", "ctrl+d", "esc", "ctrl+c":
		// The parent's.
	default:
		if msg.Text != "" && msg.Mod&textMods == 0 {
			f.typed(msg.Text)
		}
	}
	b.scroll(page)
	return nil
}

// move puts the cursor at p, forgetting the column up and down keep.
func (f *Field) move(p pos) {
	f.buf.cur = p
	f.buf.goalX = -1
}

// remove deletes from the cursor to p.
func (f *Field) remove(p pos) {
	if p == f.buf.cur {
		return
	}
	f.buf.remove(f.buf.cur, p)
	f.changed()
}

// typed inserts typed text unless it would go over the limit.
func (f *Field) typed(s string) {
	s = workbook.Normalize(s)
	n := utf8.RuneCountInString(s)
	if f.limit > 0 && f.buf.nrunes+n > f.limit {
		f.err = fmt.Errorf("at most %s characters", group(f.limit))
		return
	}
	f.insert(s)
}

// paste inserts s whole, or nothing when it would go over the limit.
func (f *Field) paste(s string) {
	s = workbook.Normalize(s)
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return
	}
	if f.limit > 0 && f.buf.nrunes+n > f.limit {
		f.err = fmt.Errorf("paste of %s characters refused: the field holds at most %s (%s left)",
			group(n), group(f.limit), group(max(f.limit-f.buf.nrunes, 0)))
		return
	}
	f.insert(s)
	f.buf.scroll(f.visibleLines())
}

func (f *Field) insert(s string) {
	f.buf.insert(s)
	f.changed()
}

// Skip implements huh.Field.
func (f *Field) Skip() bool { return false }

// Zoom implements huh.Field.
func (f *Field) Zoom() bool { return false }

// KeyBinds implements huh.Field: the help line's keys.
func (f *Field) KeyBinds() []key.Binding {
	return []key.Binding{f.keyNewline, f.keyPrev, f.keyNext}
}

// WithTheme implements huh.Field; like huh's fields it keeps a theme it
// already has.
func (f *Field) WithTheme(t huh.Theme) huh.Field {
	if f.theme == nil {
		f.theme = t
		f.restyle()
	}
	return f
}

// WithKeyMap implements huh.Field: it takes the Text keymap's Next and
// Prev keys, except enter, which is a new line here.
func (f *Field) WithKeyMap(k *huh.KeyMap) huh.Field {
	if k == nil {
		return f
	}
	var next []string
	for _, s := range k.Text.Next.Keys() {
		if s != "enter" {
			next = append(next, s)
		}
	}
	if len(next) > 0 {
		f.keyNext.SetKeys(next...)
	}
	if prev := k.Text.Prev.Keys(); len(prev) > 0 {
		f.keyPrev.SetKeys(prev...)
	}
	f.setHelp()
	return f
}

// WithWidth implements huh.Field: the width includes the theme's frame.
func (f *Field) WithWidth(w int) huh.Field {
	if w <= 0 {
		return f
	}
	f.width = w
	f.buf.setWidth(f.textWidth())
	f.view.reset()
	f.buf.scroll(f.visibleLines())
	return f
}

// WithHeight implements huh.Field: fewer text lines show when the form has
// not room for Lines.
func (f *Field) WithHeight(h int) huh.Field {
	st := f.fieldStyles()
	rest := st.Base.GetVerticalFrameSize() + f.headerHeight(st)
	if f.limit > 0 {
		rest++
	}
	f.maxLines = max(h-rest, 1)
	f.buf.scroll(f.visibleLines())
	return f
}

// WithPosition implements huh.Field.
func (f *Field) WithPosition(p huh.FieldPosition) huh.Field {
	f.first, f.last = p.IsFirst(), p.IsLast()
	f.keyPrev.SetEnabled(!f.first)
	f.setHelp()
	return f
}

func (f *Field) setHelp() {
	keys := f.keyNext.Keys()
	if len(keys) == 0 {
		return
	}
	if f.last {
		f.keyNext.SetHelp(keys[0], "submit")
	} else {
		f.keyNext.SetHelp(keys[0], "next")
	}
}

// GetKey implements huh.Field.
func (f *Field) GetKey() string { return f.key }

// GetValue implements huh.Field: the text, a string.
func (f *Field) GetValue() any { return f.value }

// restyle drops what was drawn with the old theme or background.
func (f *Field) restyle() {
	f.view.reset()
	f.buf.setWidth(f.textWidth())
	f.buf.scroll(f.visibleLines())
}

// textWidth is the cells a text line may take: the width less the
// focused frame (huh's themes give the blurred one the same size).
func (f *Field) textWidth() int {
	f.fieldStyles()
	return max(f.width-f.view.styles.Focused.Base.GetHorizontalFrameSize(), 2)
}

func (f *Field) visibleLines() int {
	if f.maxLines > 0 {
		return max(min(f.lines, f.maxLines), 1)
	}
	return f.lines
}

// ErrRun is returned by Run: the field runs inside a huh.Form.
var ErrRun = errors.New("textfield: Run is not supported; put the field in a huh.Form")

// Run implements huh.Field; it is not supported.
func (f *Field) Run() error { return ErrRun }

// RunAccessible implements huh.Field for screen readers: it reads lines up
// to one holding only "." (or the end of the input) and asks again while
// the text is over the limit or fails Validate. When the field holds
// text, it is said first, and an empty answer keeps it (a "-" alone
// clears it): nothing typed before is lost by going through the field.
func (f *Field) RunAccessible(w io.Writer, r io.Reader) error {
	in := bufio.NewReader(r)
	title := workbook.SanitizeLine(f.title)
	if title == "" {
		title = "Text"
	}
	if d := workbook.SanitizeLine(f.description); d != "" {
		fmt.Fprintln(w, d)
	}
	for {
		now := f.Text()
		if now != "" {
			fmt.Fprintf(w, "%s now:\n", title)
			for _, l := range strings.Split(now, "\n") {
				fmt.Fprintln(w, workbook.SanitizeLine(l))
			}
			fmt.Fprintf(w, "%s, ending with a line holding only \".\" (nothing before it keeps the text, a line holding only \"-\" clears it):\n", title)
		} else {
			fmt.Fprintf(w, "%s, ending with a line holding only \".\":\n", title)
		}
		var lines []string
		var err error
		for {
			var line string
			line, err = in.ReadString('\n')
			line = strings.TrimRight(line, "\r\n")
			if err == nil && line == "." {
				break
			}
			if err != nil {
				if line != "" {
					lines = append(lines, line)
				}
				break
			}
			lines = append(lines, line)
		}
		switch {
		case len(lines) == 1 && strings.TrimSpace(lines[0]) == "-":
			f.SetValue("")
		case len(lines) > 0:
			f.SetValue(strings.Join(lines, "\n"))
		}
		cerr := f.check()
		if cerr == nil {
			return nil
		}
		if err != nil {
			return cerr
		}
		fmt.Fprintln(w, workbook.SanitizeLine(cerr.Error()))
	}
}

// group writes n with thousands separators: 8000 is "8,000".
func group(n int) string {
	if n < 0 {
		return "-" + group(-n)
	}
	s := fmt.Sprint(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
