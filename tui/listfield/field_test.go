package listfield

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"autonomy/workbook"
)

// press returns the key message a terminal sends for k: a name such as
// "enter", "shift+tab", "alt+up", "ctrl+d", or one character.
func press(k string) tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"alt+up":    {Code: tea.KeyUp, Mod: tea.ModAlt},
		"alt+down":  {Code: tea.KeyDown, Mod: tea.ModAlt},
		"delete":    {Code: tea.KeyDelete},
		"backspace": {Code: tea.KeyBackspace},
		"esc":       {Code: tea.KeyEscape},
		"space":     {Code: tea.KeySpace, Text: " "},
		"ctrl+s":    {Code: 's', Mod: tea.ModCtrl},
		"ctrl+e":    {Code: 'e', Mod: tea.ModCtrl},
		"ctrl+d":    {Code: 'd', Mod: tea.ModCtrl},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	}
	if m, ok := named[k]; ok {
		return m
	}
	r, _ := utf8.DecodeRuneInString(k)
	return tea.KeyPressMsg{Code: r, Text: k}
}

// keys sends each key to f and returns the last command.
func keys(t *testing.T, f *Field, ks ...string) tea.Cmd {
	t.Helper()
	var cmd tea.Cmd
	for _, k := range ks {
		if press(k).String() != k {
			t.Fatalf("press(%q) reads as %q", k, press(k).String())
		}
		_, cmd = f.Update(press(k))
	}
	return cmd
}

// typeText types s one character at a time.
func typeText(f *Field, s string) {
	for _, r := range s {
		if r == ' ' {
			f.Update(press("space"))
			continue
		}
		f.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func newField(items *[]workbook.ListItem) *Field {
	f := New().Key("blockers").Title("Recurring blockers").Value(items)
	f.WithWidth(60)
	f.Focus()
	return f
}

func texts(items []workbook.ListItem) string {
	var s []string
	for _, it := range items {
		s = append(s, it.Text)
	}
	return strings.Join(s, "|")
}

func ids(items []workbook.ListItem) []string {
	var s []string
	for _, it := range items {
		s = append(s, it.ID)
	}
	return s
}

func view(f *Field) string { return ansi.Strip(f.View()) }

func TestAddEditMoveRemove(t *testing.T) {
	var items []workbook.ListItem
	f := newField(&items)

	// Three items: enter on "+ Add an item", then a after the last one.
	keys(t, f, "enter")
	if !f.Editing() {
		t.Fatal("enter on + Add an item does not start an item")
	}
	typeText(f, "first")
	keys(t, f, "enter")
	if texts(items) != "first" {
		t.Fatalf("after one: %q", texts(items))
	}
	keys(t, f, "a")
	typeText(f, "second")
	keys(t, f, "enter", "a")
	typeText(f, "third")
	keys(t, f, "enter")
	if texts(items) != "first|second|third" {
		t.Fatalf("after three: %q", texts(items))
	}
	orig := ids(items)
	seen := map[string]bool{}
	for _, id := range orig {
		if id == "" || seen[id] {
			t.Fatalf("ids not unique: %q", orig)
		}
		seen[id] = true
	}

	// Edit the middle one.
	keys(t, f, "up", "enter")
	if text, ok := f.EditingText(); !ok || text != "second" {
		t.Fatalf("EditingText = %q, %v", text, ok)
	}
	typeText(f, " edited")
	if texts(items) != "first|second|third" {
		t.Fatalf("the bound slice changed before the commit: %q", texts(items))
	}
	keys(t, f, "enter")
	if texts(items) != "first|second edited|third" {
		t.Fatalf("after edit: %q", texts(items))
	}
	if got := ids(items); fmt.Sprint(got) != fmt.Sprint(orig) {
		t.Fatalf("edit changed ids: %q -> %q", orig, got)
	}

	// Move it up, with K.
	keys(t, f, "K")
	if texts(items) != "second edited|first|third" {
		t.Fatalf("after K: %q", texts(items))
	}
	if got := ids(items); fmt.Sprint(got) != fmt.Sprint([]string{orig[1], orig[0], orig[2]}) {
		t.Fatalf("move lost ids: %q", got)
	}
	// And down and up again with alt+down / alt+up, then J.
	keys(t, f, "alt+down")
	if texts(items) != "first|second edited|third" {
		t.Fatalf("after alt+down: %q", texts(items))
	}
	keys(t, f, "alt+up")
	if texts(items) != "second edited|first|third" {
		t.Fatalf("after alt+up: %q", texts(items))
	}

	// Remove "first": two presses; the first one only asks.
	keys(t, f, "down", "d")
	if len(items) != 3 {
		t.Fatalf("one d removed an item: %q", texts(items))
	}
	if v := view(f); !strings.Contains(v, `press d again to remove "first"`) {
		t.Fatalf("no confirmation in the view:\n%s", v)
	}
	keys(t, f, "d")
	if texts(items) != "second edited|third" {
		t.Fatalf("after remove: %q", texts(items))
	}
	if got := ids(items); fmt.Sprint(got) != fmt.Sprint([]string{orig[1], orig[2]}) {
		t.Fatalf("remove changed ids: %q", got)
	}
	if strings.Contains(view(f), "press d again") {
		t.Fatal("the confirmation stays after the removal")
	}

	// A new item gets a new id.
	keys(t, f, "a")
	typeText(f, "fourth")
	keys(t, f, "enter")
	if texts(items) != "second edited|third|fourth" {
		t.Fatalf("after the fourth: %q", texts(items))
	}
	if id := items[2].ID; id == "" || id == orig[0] || id == orig[1] || id == orig[2] {
		t.Fatalf("new item id %q is not new", id)
	}
	if got := f.GetValue().([]workbook.ListItem); texts(got) != texts(items) {
		t.Fatalf("GetValue = %q", texts(got))
	}
}

func TestRemoveCancelledByOtherKey(t *testing.T) {
	items := []workbook.ListItem{{ID: "a", Text: "one"}, {ID: "b", Text: "two"}}
	f := newField(&items)
	keys(t, f, "d", "j", "d")
	if len(items) != 2 {
		t.Fatalf("d j d removed: %q", texts(items))
	}
	if !strings.Contains(view(f), `press d again to remove "two"`) {
		t.Fatalf("second item not asked:\n%s", view(f))
	}
	keys(t, f, "delete")
	if texts(items) != "one" {
		t.Fatalf("delete as second press: %q", texts(items))
	}
	keys(t, f, "delete", "delete")
	if len(items) != 0 {
		t.Fatalf("delete delete: %q", texts(items))
	}
	if items == nil {
		t.Fatal("empty list written as nil")
	}
}

func TestBlankItems(t *testing.T) {
	items := []workbook.ListItem{{ID: "a", Text: "one"}}
	f := newField(&items)

	// A blank new item is dropped.
	keys(t, f, "a", "space", "enter")
	if f.Editing() || len(items) != 1 {
		t.Fatalf("blank new item: editing %v, items %q", f.Editing(), texts(items))
	}

	// An existing item emptied is refused.
	keys(t, f, "k", "enter", "backspace", "backspace", "backspace", "enter")
	if !f.Editing() {
		t.Fatal("an emptied item was committed")
	}
	if !strings.Contains(view(f), "empty: press d to remove the item") {
		t.Fatalf("no message:\n%s", view(f))
	}
	if err := f.Commit(); err == nil {
		t.Fatal("Commit of an emptied item did not fail")
	}
	if texts(items) != "one" {
		t.Fatalf("items changed: %q", texts(items))
	}
	// Blur keeps the item as it was.
	f.Blur()
	if f.Editing() || texts(items) != "one" {
		t.Fatalf("after blur: editing %v, %q", f.Editing(), texts(items))
	}
}

func TestCommitAndEditingText(t *testing.T) {
	var items []workbook.ListItem
	f := newField(&items)
	if f.Editing() {
		t.Fatal("editing at start")
	}
	if _, ok := f.EditingText(); ok {
		t.Fatal("EditingText ok at start")
	}
	keys(t, f, "enter")
	typeText(f, "typed, not saved")
	if text, ok := f.EditingText(); !ok || text != "typed, not saved" {
		t.Fatalf("EditingText = %q, %v", text, ok)
	}
	if len(items) != 0 {
		t.Fatal("written before commit")
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if f.Editing() || texts(items) != "typed, not saved" {
		t.Fatalf("after Commit: editing %v, %q", f.Editing(), texts(items))
	}
	if err := f.Commit(); err != nil {
		t.Fatalf("Commit with nothing pending: %v", err)
	}
}

func TestTabCommitsAndStays(t *testing.T) {
	var items []workbook.ListItem
	f := newField(&items)
	keys(t, f, "enter")
	typeText(f, "x")
	if cmd := keys(t, f, "tab"); cmd != nil {
		t.Fatalf("tab while editing returned %T", cmd())
	}
	if f.Editing() || texts(items) != "x" {
		t.Fatalf("tab did not commit: %v %q", f.Editing(), texts(items))
	}
}

func TestUpDownCommitAndMove(t *testing.T) {
	items := []workbook.ListItem{{ID: "a", Text: "one"}, {ID: "b", Text: "two"}, {ID: "c", Text: "three"}}
	f := newField(&items)
	keys(t, f, "j", "enter")
	typeText(f, "!")
	keys(t, f, "down")
	if f.Editing() || texts(items) != "one|two!|three" {
		t.Fatalf("down: %v %q", f.Editing(), texts(items))
	}
	keys(t, f, "enter") // edits "three"
	typeText(f, "?")
	keys(t, f, "up", "up", "enter")
	if text, _ := f.EditingText(); text != "one" {
		t.Fatalf("up up enter edits %q", text)
	}
	keys(t, f, "enter")
	if texts(items) != "one|two!|three?" {
		t.Fatalf("up: %q", texts(items))
	}
	if fmt.Sprint(ids(items)) != "[a b c]" {
		t.Fatalf("ids: %q", ids(items))
	}
}

func TestIgnoredKeys(t *testing.T) {
	items := []workbook.ListItem{{ID: "a", Text: "abc"}}
	f := newField(&items)
	keys(t, f, "enter", "left")
	for _, k := range []string{"esc", "ctrl+s", "ctrl+e", "ctrl+d", "ctrl+c"} {
		if cmd := keys(t, f, k); cmd != nil {
			t.Fatalf("%s returned a command", k)
		}
		if text, ok := f.EditingText(); !ok || text != "abc" {
			t.Fatalf("after %s: %q, %v", k, text, ok)
		}
	}
	// The cursor is still before "c": typing lands there.
	typeText(f, "X")
	if text, _ := f.EditingText(); text != "abXc" {
		t.Fatalf("ctrl+e moved the cursor: %q", text)
	}
	keys(t, f, "enter")
	for _, k := range []string{"esc", "ctrl+s", "ctrl+e", "ctrl+d", "ctrl+c"} {
		if cmd := keys(t, f, k); cmd != nil || f.Editing() || texts(items) != "abXc" {
			t.Fatalf("browsing, %s acted", k)
		}
	}
}

func TestRefsCycle(t *testing.T) {
	blockers := []workbook.ListItem{{ID: "b1", Text: "Meetings"}, {ID: "b2", Text: "Email"}}
	items := []workbook.ListItem{{ID: "n1", Text: "Chat pings"}}
	f := newField(&items).Refs("blocker", func() []workbook.ListItem { return blockers })

	if v := view(f); !strings.Contains(v, "Chat pings → (no blocker)") {
		t.Fatalf("no ref:\n%s", v)
	}
	if !strings.Contains(view(f), "r blocker") {
		t.Fatalf("hint lacks r blocker:\n%s", view(f))
	}
	want := []string{"b1", "b2", ""}
	shown := []string{"→ blocker: Meetings", "→ blocker: Email", "→ (no blocker)"}
	for i, w := range want {
		keys(t, f, "r")
		if items[0].Ref != w {
			t.Fatalf("r #%d: Ref = %q, want %q", i+1, items[0].Ref, w)
		}
		if !strings.Contains(view(f), shown[i]) {
			t.Fatalf("r #%d: view lacks %q:\n%s", i+1, shown[i], view(f))
		}
	}
	if items[0].ID != "n1" || items[0].Text != "Chat pings" {
		t.Fatalf("r changed more than the ref: %+v", items[0])
	}

	// A ref to a blocker that is gone.
	keys(t, f, "r")
	blockers = blockers[1:]
	f.Blur()
	f.Focus()
	if v := view(f); !strings.Contains(v, "→ (removed blocker)") {
		t.Fatalf("removed ref:\n%s", v)
	}
	keys(t, f, "r") // a removed ref starts the cycle again
	if items[0].Ref != "" {
		t.Fatalf("r from a removed ref: %q", items[0].Ref)
	}

	// No options.
	blockers = nil
	keys(t, f, "r")
	if !strings.Contains(view(f), "no blocker to point to yet") {
		t.Fatalf("no options:\n%s", view(f))
	}
}

func TestRemovedRefRendering(t *testing.T) {
	items := []workbook.ListItem{{ID: "n1", Text: "noise", Ref: "gone"}}
	f := newField(&items).Refs("blocker", func() []workbook.ListItem {
		return []workbook.ListItem{{ID: "b1", Text: "x"}}
	})
	if v := view(f); !strings.Contains(v, "(removed blocker)") {
		t.Fatalf("view:\n%s", v)
	}
	if items[0].Ref != "gone" {
		t.Fatal("rendering changed the ref")
	}
}

func TestLimitTyped(t *testing.T) {
	var items []workbook.ListItem
	f := newField(&items)
	keys(t, f, "enter")
	typeText(f, strings.Repeat("é", 280))
	text, _ := f.EditingText()
	if n := utf8.RuneCountInString(text); n != 280 {
		t.Fatalf("280 é typed, %d kept", n)
	}
	if strings.Contains(view(f), "at most") {
		t.Fatal("message before the limit")
	}
	// Past the limit the text stays as typed, never cut, and says by how
	// much it is over.
	typeText(f, strings.Repeat("é", 20))
	text, _ = f.EditingText()
	if n := utf8.RuneCountInString(text); n != 300 {
		t.Fatalf("300 é typed: %d kept", n)
	}
	if v := view(f); !strings.Contains(v, "at most 280 characters (now 300)") {
		t.Fatalf("no message:\n%s", v)
	}
	// enter does not take it in: the item is refused, still being edited.
	keys(t, f, "enter")
	if len(items) != 0 || !f.Editing() {
		t.Fatalf("an item over the limit was taken in: %d items, editing %v", len(items), f.Editing())
	}
	if v := view(f); !strings.Contains(v, "at most 280 characters (now 300)") {
		t.Fatalf("enter does not say why:\n%s", v)
	}
	// Shortened, it goes in.
	for range 20 {
		keys(t, f, "backspace")
	}
	keys(t, f, "enter")
	if len(items) != 1 || items[0].Text != strings.Repeat("é", 280) {
		t.Fatalf("committed %d items", len(items))
	}

	// Committed by the parent (a save, leaving), an item over the limit is
	// kept whole and the field's check refuses it.
	g := newField(new([]workbook.ListItem)).ItemLimit(3)
	keys(t, g, "enter")
	typeText(g, "abcd")
	if text, _ := g.EditingText(); text != "abcd" {
		t.Fatalf("limit 3: %q", text)
	}
	if !strings.Contains(view(g), "at most 3 characters (now 4)") {
		t.Fatalf("limit 3 message:\n%s", view(g))
	}
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := g.Items(); len(got) != 1 || got[0].Text != "abcd" {
		t.Fatalf("Commit cut or lost the item: %+v", got)
	}
	g.Blur()
	if err := g.Error(); err == nil || err.Error() != "item 1: at most 3 characters (now 4)" {
		t.Fatalf("the check lets an item over the limit pass: %v", err)
	}
}

func TestPaste(t *testing.T) {
	var items []workbook.ListItem
	f := newField(&items)
	keys(t, f, "enter")
	typeText(f, strings.Repeat("a", 270))
	f.Update(tea.PasteMsg{Content: strings.Repeat("b", 11)})
	text, _ := f.EditingText()
	if text != strings.Repeat("a", 270) {
		t.Fatalf("over-limit paste changed the text: %d runes, %q...", utf8.RuneCountInString(text), text[260:])
	}
	if v := view(f); !strings.Contains(v, "paste refused") || !strings.Contains(v, "at most 280") {
		t.Fatalf("no message:\n%s", v)
	}
	// One that fits is taken whole, on one line, without controls.
	f.Update(tea.PasteMsg{Content: "b\x1b[2Jc\u202e\nd\n"})
	text, _ = f.EditingText()
	if want := strings.Repeat("a", 270) + "bc d"; text != want {
		t.Fatalf("paste: %q", text[265:])
	}
	if strings.Contains(view(f), "paste refused") {
		t.Fatal("the message stays")
	}
	// A paste while browsing does nothing.
	keys(t, f, "enter")
	f.Update(tea.PasteMsg{Content: "zzz"})
	if len(items) != 1 || f.Editing() {
		t.Fatalf("paste while browsing: %q", texts(items))
	}
}

func TestMaxItems(t *testing.T) {
	var items []workbook.ListItem
	f := newField(&items).MaxItems(2)
	for _, s := range []string{"x", "y"} {
		keys(t, f, "a")
		typeText(f, s)
		keys(t, f, "enter")
	}
	keys(t, f, "a")
	if f.Editing() {
		t.Fatal("a third item started")
	}
	if !strings.Contains(view(f), "at most 2 items") {
		t.Fatalf("no message:\n%s", view(f))
	}
	keys(t, f, "j", "enter")
	if f.Editing() || len(items) != 2 {
		t.Fatal("enter on + Add an item went over the limit")
	}
}

func TestEscapesNeverShown(t *testing.T) {
	items := []workbook.ListItem{
		{ID: "1", Text: "title\x1b]2;x\x07set"},
		{ID: "2", Text: "clear\x1b[2Jscreen"},
		{ID: "3", Text: "c1\u009b31mcsi"},
		{ID: "4", Text: "carriage\rreturn"},
		{ID: "5", Text: "bidi\u202eoverride", Ref: "1"},
		{ID: "6", Text: "tab\tnew\nline"},
	}
	opts := func() []workbook.ListItem { return items[:2] }
	check := func(t *testing.T, name, v string) {
		t.Helper()
		for _, r := range ansi.Strip(v) {
			if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x202e {
				t.Fatalf("%s: %U in the view:\n%q", name, r, ansi.Strip(v))
			}
		}
		if strings.Contains(v, "\x1b]2") || strings.Contains(v, "\x1b[2J") {
			t.Fatalf("%s: a sequence got through: %q", name, v)
		}
	}
	for _, w := range []int{20, 40, 80} {
		f := New().Title("t").Value(&items).Refs("blocker", opts)
		f.WithWidth(w)
		check(t, "blurred", f.View())
		f.Focus()
		check(t, "focused", f.View())
		for i := range items {
			keys(t, f, "enter")
			check(t, fmt.Sprintf("editing %d", i), f.View())
			keys(t, f, "enter", "d")
			check(t, fmt.Sprintf("confirm %d", i), f.View())
			keys(t, f, "down")
		}
	}
	// Browsing through the editor does not rewrite the stored text.
	if items[0].Text != "title\x1b]2;x\x07set" {
		t.Fatalf("unchanged edit rewrote the text: %q", items[0].Text)
	}
}

func TestWidths(t *testing.T) {
	long := strings.Repeat("word ", 80)
	wide := strings.Repeat("漢字", 100)
	for _, w := range []int{20, 40, 80} {
		items := []workbook.ListItem{
			{ID: "1", Text: long, Ref: "b"},
			{ID: "2", Text: wide, Ref: "gone"},
			{ID: "3", Text: "short"},
		}
		blockers := []workbook.ListItem{{ID: "b", Text: wide}}
		f := New().Title("A rather long title for a narrow terminal").
			Description("Some description that also needs wrapping at small widths").
			Value(&items).Refs("blocker", func() []workbook.ListItem { return blockers }).
			Required(true).
			Validate(func([]workbook.ListItem) error { return errors.New(long) })
		f.WithWidth(w)
		states := map[string]func(){
			"blurred":   func() {},
			"focused":   func() { f.Focus() },
			"confirm":   func() { keys(t, f, "d") },
			"edit long": func() { keys(t, f, "esc", "enter") },
			"edit wide": func() { keys(t, f, "enter", "j", "enter") },
			"new":       func() { keys(t, f, "enter", "a") },
			"new typed": func() { typeText(f, long[:200]) },
			"committed": func() { keys(t, f, "enter") },
			"error":     func() { keys(t, f, "tab") },
			"add row":   func() { keys(t, f, "down", "down", "down", "down") },
		}
		for _, name := range []string{"blurred", "focused", "confirm", "edit long", "edit wide", "new", "new typed", "committed", "error", "add row"} {
			states[name]()
			for i, line := range strings.Split(f.View(), "\n") {
				if lw := ansi.StringWidth(line); lw > w {
					t.Fatalf("width %d, %s: line %d is %d wide: %q", w, name, i, lw, ansi.Strip(line))
				}
			}
		}
	}
}

func TestTruncatedRow(t *testing.T) {
	items := []workbook.ListItem{{ID: "1", Text: strings.Repeat("x", 100)}}
	f := newField(&items)
	f.WithWidth(30)
	v := view(f)
	if !strings.Contains(v, "• xxx") || !strings.Contains(v, "…") {
		t.Fatalf("no truncated row:\n%s", v)
	}
	keys(t, f, "enter")
	if text, _ := f.EditingText(); text != strings.Repeat("x", 100) {
		t.Fatal("the editor does not hold the full text")
	}
}

func TestHintsAndCursor(t *testing.T) {
	items := []workbook.ListItem{{ID: "1", Text: "one"}}
	f := New().Value(&items)
	f.WithWidth(80)
	if v := view(f); strings.Contains(v, "> ") || strings.Contains(v, "tab next") {
		t.Fatalf("blurred view has a cursor or hint:\n%s", v)
	}
	f.Focus()
	v := view(f)
	if !strings.Contains(v, "> • one") || !strings.Contains(v, "  + Add an item") {
		t.Fatalf("focused rows:\n%s", v)
	}
	if !strings.Contains(v, "enter edit · a add · d remove · K/J move · tab next") {
		t.Fatalf("browse hint:\n%s", v)
	}
	keys(t, f, "j")
	if v := view(f); !strings.Contains(v, "> + Add an item") || !strings.Contains(v, "enter add · tab next") {
		t.Fatalf("add row:\n%s", v)
	}
	keys(t, f, "enter")
	if v := view(f); !strings.Contains(v, "enter/tab save · ↑/↓ save and move") {
		t.Fatalf("edit hint:\n%s", v)
	}
}

func TestTabMovesOn(t *testing.T) {
	items := []workbook.ListItem{{ID: "1", Text: "one"}}
	f := newField(&items)
	next := fmt.Sprintf("%T", huh.NextField())
	prev := fmt.Sprintf("%T", huh.PrevField())
	if cmd := keys(t, f, "tab"); cmd == nil || fmt.Sprintf("%T", cmd()) != next {
		t.Fatalf("tab: %v", cmd)
	}
	if cmd := keys(t, f, "shift+tab"); cmd == nil || fmt.Sprintf("%T", cmd()) != prev {
		t.Fatalf("shift+tab: %v", cmd)
	}
}

func TestValidationKeepsFocus(t *testing.T) {
	var items []workbook.ListItem
	f := newField(&items).Required(true)
	if cmd := keys(t, f, "tab"); cmd != nil {
		t.Fatal("tab left an empty required list")
	}
	if f.Error() == nil || !strings.Contains(view(f), "add at least one item") {
		t.Fatalf("no error shown:\n%s", view(f))
	}
	if cmd := keys(t, f, "shift+tab"); cmd != nil {
		t.Fatal("shift+tab left an empty required list")
	}
	keys(t, f, "a")
	if f.Error() != nil {
		t.Fatal("a key does not clear the error")
	}
	typeText(f, "one")
	keys(t, f, "enter")

	f.Validate(func(it []workbook.ListItem) error {
		if len(it) < 2 {
			return errors.New("two at least")
		}
		return nil
	})
	if cmd := keys(t, f, "tab"); cmd != nil || !strings.Contains(view(f), "two at least") {
		t.Fatalf("custom validation:\n%s", view(f))
	}
	keys(t, f, "a")
	typeText(f, "two")
	keys(t, f, "enter")
	if cmd := keys(t, f, "tab"); cmd == nil {
		t.Fatalf("valid list kept the focus:\n%s", view(f))
	}
}

func TestParentReplacesSlice(t *testing.T) {
	items := []workbook.ListItem{{ID: "1", Text: "one"}}
	f := newField(&items)
	items = []workbook.ListItem{{ID: "x", Text: "loaded"}, {ID: "y", Text: "draft"}}
	keys(t, f, "j", "enter")
	if text, _ := f.EditingText(); text != "draft" {
		t.Fatalf("the field kept its old items: editing %q", text)
	}
}

func TestHeightScrolls(t *testing.T) {
	var items []workbook.ListItem
	for i := range 30 {
		items = append(items, workbook.ListItem{ID: fmt.Sprint(i), Text: fmt.Sprintf("item %d", i)})
	}
	f := newField(&items)
	f.WithHeight(10)
	for i := range 31 {
		v := view(f)
		if n := strings.Count(v, "\n") + 1; n > 10 {
			t.Fatalf("row %d: %d lines", i, n)
		}
		want := fmt.Sprintf("> • item %d", i)
		if i == 30 {
			want = "> + Add an item"
		}
		if !strings.Contains(v, want) {
			t.Fatalf("row %d not shown:\n%s", i, v)
		}
		keys(t, f, "j")
	}
}

func TestNotSupported(t *testing.T) {
	f := New()
	if f.Run() == nil {
		t.Fatal("Run should say it is not supported (RunAccessible is: accessible_test.go)")
	}
	if f.Skip() || f.Zoom() {
		t.Fatal("Skip or Zoom")
	}
}

func BenchmarkView(b *testing.B) {
	var items []workbook.ListItem
	for i := range 50 {
		items = append(items, workbook.ListItem{ID: fmt.Sprint(i), Text: strings.Repeat("text ", 20)})
	}
	f := New().Title("Blockers").Value(&items)
	f.WithWidth(80)
	f.Focus()
	f.View()
	b.ResetTimer()
	for b.Loop() {
		f.Update(press("j"))
		_ = f.View()
	}
}

func TestThemes(t *testing.T) {
	boxed := huh.ThemeFunc(func(dark bool) *huh.Styles {
		s := huh.ThemeCharm(dark)
		s.Focused.Base = s.Focused.Base.Border(lipgloss.RoundedBorder()).Padding(0, 1).
			Foreground(lipgloss.Color("5"))
		s.Blurred.Base = s.Focused.Base
		return s
	})
	rightBorder := huh.ThemeFunc(func(dark bool) *huh.Styles {
		s := huh.ThemeBase(dark)
		s.Focused.Base = s.Focused.Base.BorderRight(true)
		s.Blurred.Base = s.Focused.Base
		return s
	})
	themes := map[string]huh.Theme{
		"base":       huh.ThemeFunc(huh.ThemeBase),
		"charm":      huh.ThemeFunc(huh.ThemeCharm),
		"dracula":    huh.ThemeFunc(huh.ThemeDracula),
		"catppuccin": huh.ThemeFunc(huh.ThemeCatppuccin),
		"base16":     huh.ThemeFunc(huh.ThemeBase16),
		"boxed":      boxed,
		"right":      rightBorder,
	}
	for name, theme := range themes {
		for _, w := range []int{20, 40, 80} {
			items := []workbook.ListItem{{ID: "1", Text: strings.Repeat("long text ", 20)}, {ID: "2", Text: "二つ目の項目です、とても長い"}}
			f := New().Title("Title").Description("Description").Value(&items)
			f.WithTheme(theme)
			f.WithWidth(w)
			f.Focus()
			for _, step := range [][]string{nil, {"d"}, {"j", "enter"}} {
				keys(t, f, step...)
				fast := f.View()
				for i, line := range strings.Split(fast, "\n") {
					if lw := ansi.StringWidth(line); lw > w {
						t.Fatalf("%s at %d: line %d is %d wide: %q", name, w, i, lw, ansi.Strip(line))
					}
				}
				if !strings.Contains(ansi.Strip(fast), "Title") || !strings.Contains(ansi.Strip(fast), "• ") {
					t.Fatalf("%s at %d: view:\n%s", name, w, ansi.Strip(fast))
				}
				// The measured frame draws what lipgloss would.
				ok := f.frame.ok
				f.frame.ok = false
				slow := f.View()
				f.frame.ok = ok
				if trimLines(ansi.Strip(fast)) != trimLines(ansi.Strip(slow)) {
					t.Fatalf("%s at %d: frame differs from lipgloss:\n%s\n--\n%s", name, w, ansi.Strip(fast), ansi.Strip(slow))
				}
			}
		}
	}
}

func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func TestTinyWidths(t *testing.T) {
	items := []workbook.ListItem{{ID: "1", Text: "an item"}}
	for w := 1; w <= 12; w++ {
		f := New().Title("Title").Value(&items).Refs("blocker", func() []workbook.ListItem { return nil })
		f.WithWidth(w)
		f.Focus()
		for _, step := range [][]string{nil, {"d"}, {"enter"}} {
			keys(t, f, step...)
			for i, line := range strings.Split(f.View(), "\n") {
				if lw := ansi.StringWidth(line); lw > max(w, 3) {
					t.Fatalf("width %d: line %d is %d wide: %q", w, i, lw, ansi.Strip(line))
				}
			}
		}
	}
}

// TestTypingOnAddStartsAnItem: letters typed on "+ Add an item" are the
// item's first letters, not commands (typing "Standup notes" into an
// empty list once kept "ndup notes").
func TestTypingOnAddStartsAnItem(t *testing.T) {
	var items []workbook.ListItem
	f := newField(&items)
	typeText(f, "Standup notes")
	keys(t, f, "enter")
	if texts(items) != "Standup notes" {
		t.Fatalf("typed on + Add an item: %q", texts(items))
	}
	// On an item, letters say how to type instead of vanishing.
	keys(t, f, "x")
	if f.Editing() || !strings.Contains(view(f), "press a to add an item") {
		t.Fatalf("a letter on an item:\n%s", view(f))
	}
	keys(t, f, "j")
	typeText(f, "kanban, delays")
	keys(t, f, "enter")
	if texts(items) != "Standup notes|kanban, delays" {
		t.Fatalf("typed on + Add an item: %q", texts(items))
	}
	// The arrows still move; a on an item still adds after it.
	keys(t, f, "up")
	if f.Editing() {
		t.Fatal("up on + Add an item started an item")
	}
	keys(t, f, "a")
	typeText(f, "third")
	keys(t, f, "enter")
	if texts(items) != "Standup notes|third|kanban, delays" { // a adds after the selected item
		t.Fatalf("after a: %q", texts(items))
	}
}
