package textfield

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"
)

var namedKeys = map[string]rune{
	"enter": tea.KeyEnter, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
	"delete": tea.KeyDelete, "left": tea.KeyLeft, "right": tea.KeyRight,
	"up": tea.KeyUp, "down": tea.KeyDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "esc": tea.KeyEscape,
}

// keyMsg builds the key press msg.String() reports as name, e.g. "enter",
// "ctrl+w", "alt+left", "shift+tab".
func keyMsg(t testing.TB, name string) tea.KeyPressMsg {
	t.Helper()
	var msg tea.KeyPressMsg
	parts := strings.Split(name, "+")
	for _, m := range parts[:len(parts)-1] {
		switch m {
		case "ctrl":
			msg.Mod |= tea.ModCtrl
		case "alt":
			msg.Mod |= tea.ModAlt
		case "shift":
			msg.Mod |= tea.ModShift
		default:
			t.Fatalf("modifier %q", m)
		}
	}
	k := parts[len(parts)-1]
	if code, ok := namedKeys[k]; ok {
		msg.Code = code
	} else {
		msg.Code, _ = utf8.DecodeRuneInString(k)
	}
	if got := msg.String(); got != name {
		t.Fatalf("key %q builds as %q", name, got)
	}
	return msg
}

// press sends keys to f and returns the last command.
func press(t testing.TB, f *Field, keys ...string) tea.Cmd {
	t.Helper()
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = f.Update(keyMsg(t, k))
	}
	return cmd
}

func runeMsg(r rune) tea.KeyPressMsg {
	if r == ' ' {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	return tea.KeyPressMsg{Code: r, Text: string(r)}
}

// typeText types s one rune at a time.
func typeText(f *Field, s string) {
	for _, r := range s {
		f.Update(runeMsg(r))
	}
}

func paste(f *Field, s string) { f.Update(tea.PasteMsg{Content: s}) }

// newField is a focused field of the given total width (text width - 2
// with the default theme's frame).
func newField(width int) *Field {
	f := New()
	f.WithWidth(width)
	f.Focus()
	return f
}

func want(t *testing.T, f *Field, text string) {
	t.Helper()
	if got := f.Text(); got != text {
		t.Fatalf("text = %q, want %q", got, text)
	}
}

func TestTyping(t *testing.T) {
	f := newField(40)
	typeText(f, "hello, wörld 🙂")
	want(t, f, "hello, wörld 🙂")
	if f.Remaining() <= 0 {
		t.Errorf("Remaining with no limit = %d", f.Remaining())
	}
	// Keys with ctrl or alt never insert.
	f.Update(tea.KeyPressMsg{Code: 'x', Text: "x", Mod: tea.ModAlt})
	want(t, f, "hello, wörld 🙂")
}

func TestEnterInsertsNewline(t *testing.T) {
	f := newField(40)
	typeText(f, "ab")
	if cmd := press(t, f, "enter"); cmd != nil {
		t.Fatalf("enter returned a command: %T", cmd())
	}
	typeText(f, "cd")
	want(t, f, "ab\ncd")
}

func TestBackspaceJoinsLines(t *testing.T) {
	f := newField(40)
	typeText(f, "ab")
	press(t, f, "enter")
	typeText(f, "cd")
	press(t, f, "left", "left", "backspace")
	want(t, f, "abcd")
	typeText(f, "X")
	want(t, f, "abXcd")
	press(t, f, "ctrl+home", "backspace") // nothing before the start
	want(t, f, "abXcd")
	press(t, f, "ctrl+end", "enter", "enter", "backspace", "backspace", "backspace")
	want(t, f, "abXc")
	press(t, f, "ctrl+home", "delete", "delete")
	want(t, f, "Xc")
	// Delete at the end of a line joins the next one.
	f.SetValue("ab\ncd")
	press(t, f, "ctrl+home", "end", "delete")
	want(t, f, "abcd")
}

func TestLeftRightMoveByGrapheme(t *testing.T) {
	f := newField(40)
	f.SetValue("a👨‍👩‍👧e\u0301b")
	press(t, f, "left", "left")
	typeText(f, "|")
	want(t, f, "a👨‍👩‍👧|e\u0301b")
	press(t, f, "left", "backspace")
	want(t, f, "a|e\u0301b")
}

func TestUpDownAcrossWrappedLines(t *testing.T) {
	// Text width 10: non-space characters fill 9 cells, a space may hang
	// in the 10th, so this wraps as "aaaa bbbb " / "cccc dddd " / "ee".
	f := newField(12)
	f.SetValue("aaaa bbbb cccc dddd ee")
	li := f.buf.info(0)
	if len(li.segs) != 3 {
		t.Fatalf("wrapped in %d lines, want 3: %v", len(li.segs), li.segs)
	}
	press(t, f, "ctrl+home", "right", "right", "down")
	typeText(f, "X")
	want(t, f, "aaaa bbbb ccXcc dddd ee")
	press(t, f, "down", "down") // past the last line: the end
	typeText(f, "Y")
	want(t, f, "aaaa bbbb ccXcc dddd eeY")
	// Now "aaaa bbbb " / "ccXcc " / "dddd eeY": up from column 8 goes to
	// the last character of the shorter wrapped line above.
	press(t, f, "up")
	typeText(f, "Z")
	want(t, f, "aaaa bbbb ccXccZ dddd eeY")
	press(t, f, "up", "up") // past the first line: the start
	typeText(f, "W")
	want(t, f, "Waaaa bbbb ccXccZ dddd eeY")

	// The column is kept across a shorter line.
	f.SetValue("abcdefgh\nab\nabcdefgh")
	press(t, f, "ctrl+home", "right", "right", "right", "right", "right", "right", "down")
	typeText(f, "1")
	want(t, f, "abcdefgh\nab1\nabcdefgh")
	press(t, f, "ctrl+home", "right", "right", "right", "right", "right", "right", "down", "down")
	typeText(f, "2")
	want(t, f, "abcdefgh\nab1\nabcdef2gh")
}

func TestWordMoves(t *testing.T) {
	f := newField(40)
	f.SetValue("one two  three\nfour")
	press(t, f, "alt+left")
	typeText(f, "<")
	want(t, f, "one two  three\n<four")
	press(t, f, "left", "alt+left", "alt+b")
	typeText(f, "[")
	want(t, f, "one [two  three\n<four")
	press(t, f, "alt+right")
	typeText(f, "]")
	want(t, f, "one [two]  three\n<four")
	press(t, f, "alt+f", "alt+right")
	typeText(f, ">")
	want(t, f, "one [two]  three\n<four>")
	press(t, f, "ctrl+home", "alt+right", "ctrl+right")
	typeText(f, "!")
	want(t, f, "one [two]!  three\n<four>")
}

func TestDeleteWord(t *testing.T) {
	f := newField(40)
	f.SetValue("alpha beta  gamma")
	press(t, f, "ctrl+w")
	want(t, f, "alpha beta  ")
	press(t, f, "alt+backspace")
	want(t, f, "alpha ")
	f.SetValue("one\n  two")
	press(t, f, "ctrl+w", "ctrl+w")
	want(t, f, "")

	f.SetValue("first line\nsecond line")
	press(t, f, "left", "left", "ctrl+u")
	want(t, f, "first line\nne")
	press(t, f, "ctrl+home", "right", "ctrl+k")
	want(t, f, "f\nne")
	press(t, f, "ctrl+k") // at the end of a line: joins the next
	want(t, f, "fne")
}

func TestHomeEnd(t *testing.T) {
	f := newField(12) // wraps as "aaaa bbbb " / "cccc"
	f.SetValue("aaaa bbbb cccc")
	press(t, f, "home")
	typeText(f, "X")
	want(t, f, "aaaa bbbb Xcccc")
	press(t, f, "end")
	typeText(f, "Y")
	want(t, f, "aaaa bbbb XccccY")
	press(t, f, "up", "ctrl+a")
	typeText(f, "<")
	want(t, f, "<aaaa bbbb XccccY")
	// The end of a wrapped line is its last character (its end is drawn
	// at the start of the next line).
	f.SetValue("aaaa bbbb cccc")
	press(t, f, "ctrl+home", "end")
	typeText(f, ">")
	want(t, f, "aaaa bbbb> cccc")
}

func TestPageKeys(t *testing.T) {
	f := newField(40).Lines(3)
	var lines []string
	for i := range 20 {
		lines = append(lines, fmt.Sprintf("line %02d", i))
	}
	f.SetValue(strings.Join(lines, "\n"))
	press(t, f, "ctrl+home", "pgdown", "pgdown")
	typeText(f, ">")
	if !strings.Contains(f.Text(), ">line 06") {
		t.Fatalf("two pages down is not line 06:\n%s", f.Text())
	}
	if v := ansi.Strip(f.View()); !strings.Contains(v, ">line 06") {
		t.Fatalf("the cursor's line is not shown:\n%s", v)
	}
	press(t, f, "pgup")
	typeText(f, "<")
	if !strings.Contains(f.Text(), "l<ine 03") {
		t.Fatalf("a page up is not line 03:\n%s", f.Text())
	}
	press(t, f, "ctrl+end")
	if v := ansi.Strip(f.View()); !strings.Contains(v, "line 19") || strings.Contains(v, "line 16") {
		t.Fatalf("ctrl+end does not show the last lines:\n%s", v)
	}
}

func TestBoundVariableAfterEveryEdit(t *testing.T) {
	s := "start"
	f := New().Value(&s)
	f.WithWidth(40)
	f.Focus()
	if f.Text() != "start" {
		t.Fatalf("Value did not load the bound text: %q", f.Text())
	}
	check := func(step string) {
		t.Helper()
		if s != f.Text() {
			t.Fatalf("after %s the bound variable is %q, the field %q", step, s, f.Text())
		}
	}
	for _, r := range " typed" {
		f.Update(runeMsg(r))
		check("typing " + string(r))
	}
	press(t, f, "enter")
	check("enter")
	paste(f, "pasted\r\ntext")
	check("paste")
	if s != "start typed\npasted\ntext" {
		t.Fatalf("bound = %q", s)
	}
	press(t, f, "backspace")
	check("backspace")
	press(t, f, "ctrl+w")
	check("ctrl+w")
	press(t, f, "ctrl+home", "delete")
	check("delete")
	press(t, f, "ctrl+k")
	check("ctrl+k")
	f.SetValue("set")
	check("SetValue")
	// A value written from outside is picked up on the next message.
	s = "outside"
	typeText(f, "!")
	if f.Text() != "outside!" || s != "outside!" {
		t.Fatalf("after an outside write: field %q, bound %q", f.Text(), s)
	}
}

func TestLimitTyping(t *testing.T) {
	f := newField(100).Limit(8000)
	for range 8000 {
		f.Update(runeMsg('é'))
	}
	if n := utf8.RuneCountInString(f.Text()); n != 8000 {
		t.Fatalf("%d runes typed, want 8000", n)
	}
	if f.Error() != nil || f.Remaining() != 0 {
		t.Fatalf("at the limit: error %v, remaining %d", f.Error(), f.Remaining())
	}
	f.Update(runeMsg('é'))
	if n := utf8.RuneCountInString(f.Text()); n != 8000 {
		t.Fatalf("the 8,001st rune was taken: %d runes", n)
	}
	const msg = "at most 8,000 characters"
	if f.Error() == nil || f.Error().Error() != msg {
		t.Fatalf("error = %v, want %q", f.Error(), msg)
	}
	v := ansi.Strip(f.View())
	if !strings.Contains(v, msg) || !strings.Contains(v, "8,000 / 8,000") {
		t.Fatalf("the view does not show the refusal and the counter:\n%s", v)
	}
	press(t, f, "enter") // a newline counts too
	if n := utf8.RuneCountInString(f.Text()); n != 8000 {
		t.Fatalf("enter went over the limit: %d runes", n)
	}
	press(t, f, "backspace")
	if f.Error() != nil || f.Remaining() != 1 {
		t.Fatalf("after backspace: error %v, remaining %d", f.Error(), f.Remaining())
	}
}

func TestPasteOverLimitRefused(t *testing.T) {
	f := newField(120).Limit(100)
	f.SetValue(strings.Repeat("a", 90))
	before := f.Text()
	paste(f, strings.Repeat("b", 11))
	if f.Text() != before {
		t.Fatalf("a paste over the limit changed the text to %d runes", len(f.Text()))
	}
	const msg = "paste of 11 characters refused: the field holds at most 100 (10 left)"
	if f.Error() == nil || f.Error().Error() != msg {
		t.Fatalf("error = %v, want %q", f.Error(), msg)
	}
	if v := ansi.Strip(f.View()); !strings.Contains(v, msg) {
		t.Fatalf("the view does not show the refusal:\n%s", v)
	}
	// CRLF counts as one character: exactly to the limit is taken.
	paste(f, "bbbb\r\nbbbbb")
	if n := utf8.RuneCountInString(f.Text()); n != 100 || f.Error() != nil {
		t.Fatalf("a paste to the limit: %d runes, error %v", n, f.Error())
	}
	if f.Text() != before+"bbbb\nbbbbb" {
		t.Fatalf("text = %q", f.Text())
	}
}

func TestSetValueOverLimitKeepsAll(t *testing.T) {
	s := ""
	f := New().Value(&s).Limit(8000)
	f.WithWidth(100)
	f.Focus()
	long := strings.Repeat("word ", 1800) // 9,000 runes
	f.SetValue(long)
	if f.Text() != long || s != long {
		t.Fatalf("SetValue kept %d runes, bound %d; want 9,000", utf8.RuneCountInString(f.Text()), utf8.RuneCountInString(s))
	}
	if f.Error() == nil || f.Remaining() != -1000 {
		t.Fatalf("over the limit: error %v, remaining %d", f.Error(), f.Remaining())
	}
	v := ansi.Strip(f.View())
	if !strings.Contains(v, "9,000 / 8,000") || !strings.Contains(v, f.Error().Error()) {
		t.Fatalf("the view does not show the counter and the error:\n%s", v)
	}
	// Leaving is refused; typing is refused; deleting is fine.
	if cmd := press(t, f, "tab"); cmd != nil {
		t.Fatal("tab left a field over its limit")
	}
	typeText(f, "x")
	if f.Text() != long {
		t.Fatal("typing over the limit changed the text")
	}
	press(t, f, "backspace")
	if n := utf8.RuneCountInString(f.Text()); n != 8999 {
		t.Fatalf("backspace over the limit: %d runes", n)
	}
}

func TestLargePasteKeepsEveryLine(t *testing.T) {
	f := newField(80).Limit(1_000_000)
	var b strings.Builder
	for i := range 12000 {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	paste(f, b.String())
	if f.Error() != nil {
		t.Fatal(f.Error())
	}
	if n := strings.Count(f.Text(), "\n"); n != 12000 {
		t.Fatalf("%d newlines kept, want 12,000", n)
	}
	if !strings.Contains(ansi.Strip(f.View()), "line 11999") {
		t.Fatal("the end of the paste is not in view")
	}
	press(t, f, "ctrl+home")
	if v := ansi.Strip(f.View()); !strings.Contains(v, "line 0") {
		t.Fatalf("ctrl+home does not show the start:\n%s", v)
	}
}

var wideTexts = map[string]string{
	"ascii": "The quick brown fox jumps over the lazy dog. " +
		"Supercalifragilisticexpialidocious-and-then-some-more-unbroken-text\n\n" +
		"\tIndented with a tab, and    several   spaces    here.",
	"cjk":   "日本語の文章はスペースなしで続きます。漢字とかなが混じっています。中文也是这样，没有空格。한국어도 있습니다",
	"emoji": "Emoji 😀👍🏽👨‍👩‍👧🇫🇷✨🎉 mixed with text 🙂🙃 and more 🧑‍💻🏳️‍🌈 end",
	"mixed": "a漢b😀c dé\u0301f\tg 中 👍🏽 h\u200bi " + strings.Repeat("字", 30) + " x",
}

func TestViewNeverWiderThanWidth(t *testing.T) {
	for name, text := range wideTexts {
		for _, width := range []int{10, 40, 80} {
			f := New().Title("A title long enough to need wrapping here").
				Description("And a description that is also rather long").
				Limit(30).Lines(4)
			f.WithWidth(width)
			f.Focus()
			f.SetValue(text + "\n" + text) // over the limit: counter and error show
			check := func(where string) {
				t.Helper()
				for i, line := range strings.Split(f.View(), "\n") {
					if w := ansi.StringWidth(line); w > width {
						t.Fatalf("%s at width %d, %s: line %d is %d wide: %q", name, width, where, i, w, ansi.Strip(line))
					}
				}
			}
			check("end")
			press(t, f, "ctrl+home")
			for i := 0; i < 200 && f.buf.cur != f.buf.end(); i++ {
				check(fmt.Sprintf("after %d rights", i))
				press(t, f, "right")
			}
			f.Blur()
			check("blurred")
		}
	}
}

func TestViewShowsOnlyLines(t *testing.T) {
	f := newField(30).Lines(3)
	f.SetValue(strings.Repeat("many words in a long paragraph ", 20) + "\n\n\nmore")
	if h := strings.Count(f.View(), "\n") + 1; h != 3 {
		t.Fatalf("view is %d lines, want 3:\n%s", h, f.View())
	}
	press(t, f, "ctrl+home")
	if h := strings.Count(f.View(), "\n") + 1; h != 3 {
		t.Fatalf("view is %d lines, want 3", h)
	}
	// A short text still takes Lines lines; the title and counter add one each.
	g := newField(30).Lines(5).Title("T").Limit(100)
	g.SetValue("one")
	if h := strings.Count(g.View(), "\n") + 1; h != 7 {
		t.Fatalf("view is %d lines, want 5 + title + counter:\n%s", h, g.View())
	}
	if f.Lines(2); strings.Count(f.View(), "\n")+1 != 2 {
		t.Fatal("Lines(2) does not show 2 lines")
	}
}

func TestViewSanitises(t *testing.T) {
	hostile := "title\x1b]2;x\x07 clear\x1b[2J c1\u009b31m rlo\u202eevil cr\rhere bel\x07 del\x7f lri\u2066x\u2069 nul\x00"
	for _, focused := range []bool{true, false} {
		s := hostile
		f := New().Value(&s).Title("T\x1b[31m\u202e").Placeholder("p")
		f.WithWidth(40)
		if focused {
			f.Focus()
		}
		paste(f, "\x1b[2Jpasted")
		for _, width := range []int{10, 40} {
			f.WithWidth(width)
			for range 3 {
				view := f.View()
				checkSGROnly(t, view)
				plain := ansi.Strip(view)
				for _, r := range plain {
					if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
						r == 0x202e || r == 0x2066 || r == 0x2069 {
						t.Fatalf("view has %U:\n%q", r, plain)
					}
				}
				press(t, f, "left")
			}
		}
		// The value keeps what was typed (CR normalised to LF).
		if !strings.Contains(f.Text(), "\x1b]2;x\x07") || !strings.Contains(f.Text(), "\u202e") {
			t.Fatalf("the value lost characters: %q", f.Text())
		}
	}
}

// checkSGROnly fails unless every escape sequence in s is an SGR one
// (ESC [ params m), which is what lipgloss writes.
func checkSGROnly(t *testing.T, s string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		if s[i] != 0x1b {
			continue
		}
		j := i + 1
		if j >= len(s) || s[j] != '[' {
			t.Fatalf("non-CSI escape at %d: %q", i, s[i:min(i+10, len(s))])
		}
		j++
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
			j++
		}
		if j >= len(s) || s[j] != 'm' {
			t.Fatalf("non-SGR escape at %d: %q", i, s[i:min(i+12, len(s))])
		}
		i = j
	}
}

func TestTabAndShiftTab(t *testing.T) {
	next, prev := fmt.Sprintf("%T", huh.NextField()), fmt.Sprintf("%T", huh.PrevField())
	f := newField(40)
	typeText(f, "x")
	cmd := press(t, f, "tab")
	if cmd == nil || fmt.Sprintf("%T", cmd()) != next {
		t.Fatalf("tab did not return huh.NextField")
	}
	if f.Text() != "x" {
		t.Fatalf("tab changed the text: %q", f.Text())
	}
	cmd = press(t, f, "shift+tab")
	if cmd == nil || fmt.Sprintf("%T", cmd()) != prev {
		t.Fatalf("shift+tab did not return huh.PrevField")
	}

	// A failing Validate keeps the field, with the error shown.
	f.Validate(func(s string) error {
		if len(s) < 3 {
			return errors.New("write at least 3 characters")
		}
		return nil
	})
	if cmd := press(t, f, "tab"); cmd != nil {
		t.Fatalf("tab left a field that fails Validate")
	}
	if v := ansi.Strip(f.View()); !strings.Contains(v, "write at least 3 characters") {
		t.Fatalf("the validation error is not shown:\n%s", v)
	}
	typeText(f, "yz")
	if cmd := press(t, f, "tab"); cmd == nil || fmt.Sprintf("%T", cmd()) != next {
		t.Fatal("tab did not leave once valid")
	}

	// Keys the parent owns do nothing here.
	for _, k := range []string{"ctrl+e", "ctrl+s", "ctrl+d", "esc", "ctrl+c"} {
		if cmd := press(t, f, k); cmd != nil || f.Text() != "xyz" {
			t.Fatalf("%s: text %q, cmd %v", k, f.Text(), cmd != nil)
		}
	}
}

func TestUnfocusedIgnoresKeys(t *testing.T) {
	f := New()
	typeText(f, "abc")
	paste(f, "def")
	if f.Text() != "" {
		t.Fatalf("an unfocused field took %q", f.Text())
	}
}

var (
	batchPC = reflect.ValueOf(tea.Batch(huh.NextField, huh.PrevField)).Pointer()
	seqPC   = reflect.ValueOf(tea.Sequence(huh.NextField, huh.PrevField)).Pointer()
	nextPC  = reflect.ValueOf(huh.NextField).Pointer()
	prevPC  = reflect.ValueOf(huh.PrevField).Pointer()
)

// navMsgs runs, out of cmd's tree of batches and sequences, only the
// huh.NextField and huh.PrevField commands: others (a cursor blink) may
// wait on a timer.
func navMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch reflect.ValueOf(cmd).Pointer() {
	case nextPC, prevPC:
		return []tea.Msg{cmd()}
	case batchPC, seqPC:
		var out []tea.Msg
		v := reflect.ValueOf(cmd())
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out = append(out, navMsgs(c)...)
		}
		return out
	}
	return nil
}

// formSend gives msg to the form, then the field moves it asks for.
func formSend(form *huh.Form, msg tea.Msg) *huh.Form {
	fm, cmd := form.Update(msg)
	form = fm.(*huh.Form)
	for _, m := range navMsgs(cmd) {
		form = formSend(form, m)
	}
	return form
}

func TestInHuhForm(t *testing.T) {
	var a, b string
	field := New().Key("b").Title("Notes").Value(&b).Limit(500)
	form := huh.NewForm(huh.NewGroup(huh.NewInput().Key("a").Title("Name").Value(&a), field))
	form.Init()
	form = formSend(form, tea.WindowSizeMsg{Width: 60, Height: 30})

	for _, r := range "Ann" {
		form = formSend(form, runeMsg(r))
	}
	if a != "Ann" {
		t.Fatalf("input = %q", a)
	}
	form = formSend(form, keyMsg(t, "tab"))
	if form.GetFocusedField() != huh.Field(field) || !field.Focused() {
		t.Fatalf("tab from the input did not focus the text field")
	}
	for _, r := range "first" {
		form = formSend(form, runeMsg(r))
	}
	form = formSend(form, keyMsg(t, "enter"))
	form = formSend(form, tea.PasteMsg{Content: "second"})
	if b != "first\nsecond" || a != "Ann" {
		t.Fatalf("a = %q, b = %q", a, b)
	}
	if form.GetFocusedField() != huh.Field(field) || form.State != huh.StateNormal {
		t.Fatal("enter left the text field")
	}
	view := form.View()
	if !strings.Contains(ansi.Strip(view), "second") || !strings.Contains(ansi.Strip(view), "12 / 500") {
		t.Fatalf("the form does not show the field:\n%s", ansi.Strip(view))
	}
	for i, line := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(line); w > 60 {
			t.Fatalf("form line %d is %d wide", i, w)
		}
	}
	form = formSend(form, keyMsg(t, "shift+tab"))
	if form.GetFocusedField() == huh.Field(field) || field.Focused() {
		t.Fatal("shift+tab did not go back to the input")
	}
	form = formSend(form, runeMsg('e'))
	if a != "Anne" || b != "first\nsecond" {
		t.Fatalf("after shift+tab: a = %q, b = %q", a, b)
	}
	// tab on the last field leaves it (the group then asks, with a
	// command of its own, to submit).
	form = formSend(form, keyMsg(t, "tab"))
	if !field.Focused() {
		t.Fatal("tab from the input did not focus the field again")
	}
	formSend(form, keyMsg(t, "tab"))
	if field.Focused() || field.Error() != nil {
		t.Fatalf("tab on the last field: focused %v, error %v", field.Focused(), field.Error())
	}
}

func TestGroup(t *testing.T) {
	for n, s := range map[int]string{0: "0", 999: "999", 1000: "1,000", 8000: "8,000", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := group(n); got != s {
			t.Errorf("group(%d) = %q, want %q", n, got, s)
		}
	}
}

// TestIncrementalLayoutMatchesFull edits lines at random places and checks
// the layout kept up to date edit by edit against one made from scratch.
func TestIncrementalLayoutMatchesFull(t *testing.T) {
	pieces := []string{"a", "word", " ", "  ", "\t", "é", "e\u0301", "\u0301", "\u200d", "漢字", "😀",
		"👍🏽", "👨‍👩‍👧", "🇫", "🇷", "🇫🇷", "\x1b", "\u202e", "ก", "\u0e33", "한", "\u1100", "\u1161",
		"Supercalifragilistic", "x\ny", "\n", "’", "\u00ad", "\ufe0f"}
	rng := rand.New(rand.NewPCG(7, 8))
	for _, width := range []int{2, 3, 5, 10, 17, 40} {
		b := newBuffer()
		b.setWidth(width)
		for step := range 3000 {
			// Move somewhere, then insert or delete.
			row := rng.IntN(len(b.lines))
			li := b.info(row)
			b.cur = pos{row, int(li.gs[rng.IntN(len(li.gs))])}
			if rng.IntN(3) > 0 || b.nrunes == 0 {
				var s strings.Builder
				for range 1 + rng.IntN(4) {
					s.WriteString(pieces[rng.IntN(len(pieces))])
				}
				b.insert(s.String())
			} else {
				q := b.cur
				for range 1 + rng.IntN(6) {
					q = b.left(q)
				}
				b.remove(q, b.cur)
			}
			if b.nrunes != utf8.RuneCountInString(b.text()) {
				t.Fatalf("width %d step %d: nrunes %d, text has %d", width, step, b.nrunes, utf8.RuneCountInString(b.text()))
			}
			for _, r := range []int{b.cur.row, rng.IntN(len(b.lines))} {
				got, want := b.info(r), layout(b.lines[r], width)
				if !slices.Equal(got.gs, want.gs) || !slices.Equal(got.gw, want.gw) || !slices.Equal(got.segs, want.segs) {
					t.Fatalf("width %d step %d line %q:\nincremental gs %v gw %v segs %v\nfull        gs %v gw %v segs %v",
						width, step, b.lines[r], got.gs, got.gw, got.segs, want.gs, want.gw, want.segs)
				}
			}
			if len(b.text()) > 4000 {
				b.set("")
			}
		}
	}
}

// TestFastStylingMatchesLipgloss checks that the cached prefixes draw
// exactly what lipgloss draws, in every huh theme.
func TestFastStylingMatchesLipgloss(t *testing.T) {
	themes := map[string]func(bool) *huh.Styles{
		"base": huh.ThemeBase, "charm": huh.ThemeCharm, "dracula": huh.ThemeDracula,
		"base16": huh.ThemeBase16, "catppuccin": huh.ThemeCatppuccin,
	}
	for name, theme := range themes {
		for _, dark := range []bool{false, true} {
			for _, focused := range []bool{false, true} {
				f := New().Title("Title").Description("A description").Limit(20).Lines(3)
				f.WithTheme(huh.ThemeFunc(theme))
				f.Update(tea.BackgroundColorMsg{Color: map[bool]color.Color{false: color.White, true: color.Black}[dark]})
				f.WithWidth(30)
				if focused {
					f.Focus()
				}
				f.SetValue("some text 漢字 😀 that is long enough to wrap and go over the limit")
				press(t, f, "left", "left")
				fast := f.View()
				sc := f.styleCache(f.fieldStyles())
				if sc.noFrame || !sc.text.ok || !sc.cursor.ok || !sc.counter.ok {
					t.Errorf("%s dark=%v focused=%v: a style is not a prefix: %+v", name, dark, focused, sc)
				}
				sc.noFrame, sc.text.ok, sc.cursor.ok, sc.counter.ok, sc.over.ok = true, false, false, false, false
				if slow := f.View(); slow != fast {
					t.Errorf("%s dark=%v focused=%v:\nfast %q\nslow %q", name, dark, focused, fast, slow)
				}
			}
		}
	}
}

func TestPlaceholder(t *testing.T) {
	f := newField(30).Placeholder("Write \x1b[2Jhere")
	v := f.View()
	checkSGROnly(t, v)
	if !strings.Contains(ansi.Strip(v), "Write here") {
		t.Fatalf("no placeholder:\n%s", ansi.Strip(v))
	}
	typeText(f, "x")
	if strings.Contains(ansi.Strip(f.View()), "Write") {
		t.Fatal("the placeholder stays with text")
	}
}

func TestWithHeightShowsFewerLines(t *testing.T) {
	f := newField(30).Lines(6).Title("T").Limit(100)
	f.SetValue(strings.Repeat("line\n", 20))
	f.WithHeight(5) // title + counter + 3 text lines
	if h := strings.Count(f.View(), "\n") + 1; h != 5 {
		t.Fatalf("view is %d lines, want 5:\n%s", h, f.View())
	}
}

func TestRunAccessible(t *testing.T) {
	f := New().Title("Notes").Limit(16)
	var out strings.Builder
	in := strings.NewReader("far too long a text\n.\nline one\nline 2\n.\n")
	if err := f.RunAccessible(&out, in); err != nil {
		t.Fatal(err)
	}
	if f.Text() != "line one\nline 2" {
		t.Fatalf("text = %q", f.Text())
	}
	if !strings.Contains(out.String(), "at most 16") {
		t.Fatalf("the over-limit answer was not refused:\n%s", out.String())
	}
	if err := New().Run(); !errors.Is(err, ErrRun) {
		t.Fatalf("Run: %v", err)
	}
}

// A text the field holds is said, and kept by an empty answer (a draft
// gone through again loses nothing); "-" alone clears it.
func TestRunAccessibleKeepsOrClears(t *testing.T) {
	f := New().Title("Notes").Description("What you noticed")
	f.SetValue("kept line\nand another")
	var out strings.Builder
	if err := f.RunAccessible(&out, strings.NewReader(".\n")); err != nil {
		t.Fatal(err)
	}
	if f.Text() != "kept line\nand another" {
		t.Fatalf("an empty answer changed the text to %q", f.Text())
	}
	for _, said := range []string{"What you noticed\n", "Notes now:\nkept line\nand another\n", "nothing before it keeps the text"} {
		if !strings.Contains(out.String(), said) {
			t.Fatalf("the field does not say %q:\n%s", said, out.String())
		}
	}
	if err := f.RunAccessible(io.Discard, strings.NewReader("-\n.\n")); err != nil {
		t.Fatal(err)
	}
	if f.Text() != "" {
		t.Fatalf("- left %q", f.Text())
	}
}
