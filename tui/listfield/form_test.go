package listfield

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"autonomy/workbook"
)

// send gives msg to the form and feeds back the messages of huh's own
// commands (NextField, nextGroup, ...), as a program would. Other commands
// are not run: huh's Input would start its cursor blinking, a timer.
func send(t *testing.T, form *huh.Form, msg tea.Msg) {
	t.Helper()
	queue := []tea.Msg{msg}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100 {
			t.Fatal("the form keeps sending messages")
		}
		m := queue[0]
		queue = queue[1:]
		_, cmd := form.Update(m)
		queue = append(queue, huhMsgs(cmd)...)
	}
}

func huhMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	var out []tea.Msg
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			out = append(out, huhMsgs(c)...)
		}
	default:
		if strings.HasPrefix(fmt.Sprintf("%T", msg), "huh.") {
			out = append(out, msg)
		}
	}
	return out
}

func sendKeys(t *testing.T, form *huh.Form, ks ...string) {
	t.Helper()
	for _, k := range ks {
		send(t, form, press(k))
	}
}

func sendText(t *testing.T, form *huh.Form, s string) {
	t.Helper()
	for _, r := range s {
		if r == ' ' {
			send(t, form, press("space"))
			continue
		}
		send(t, form, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func TestInHuhForm(t *testing.T) {
	a := "already typed" // typing into huh's Input would start its blink timer
	var items []workbook.ListItem
	field := New().Key("blockers").Title("Recurring blockers").Value(&items).Required(true)
	form := huh.NewForm(huh.NewGroup(
		huh.NewInput().Key("a").Title("A").Value(&a),
		field,
	))
	form.Init() // its command only focuses the input and starts timers
	send(t, form, tea.WindowSizeMsg{Width: 60, Height: 30})
	send(t, form, tea.BackgroundColorMsg{}) // black: dark

	if form.GetFocusedField() == huh.Field(field) {
		t.Fatal("the list has the focus before tab")
	}
	if v := ansi.Strip(form.View()); !strings.Contains(v, "already typed") || !strings.Contains(v, "  + Add an item") {
		t.Fatalf("form view before tab:\n%s", v)
	}
	sendKeys(t, form, "tab")
	if form.GetFocusedField() != huh.Field(field) {
		t.Fatalf("tab from the input did not reach the list: focus on %T", form.GetFocusedField())
	}
	if v := ansi.Strip(form.View()); !strings.Contains(v, "> + Add an item") {
		t.Fatalf("the list is not focused in the form view:\n%s", v)
	}

	// Keys go to the list.
	sendKeys(t, form, "enter")
	sendText(t, form, "first blocker")
	sendKeys(t, form, "enter", "a")
	sendText(t, form, "second")
	sendKeys(t, form, "enter", "k", "J")
	if texts(items) != "second|first blocker" {
		t.Fatalf("items after keys through the form: %q", texts(items))
	}
	if a != "already typed" {
		t.Fatalf("the input changed: %q", a)
	}
	v := ansi.Strip(form.View())
	// huh fixed the group's height at the window size message, so the
	// grown list scrolls the input out of view.
	for _, want := range []string{"  • second", "> • first blocker", "  + Add an item"} {
		if !strings.Contains(v, want) {
			t.Fatalf("form view lacks %q:\n%s", want, v)
		}
	}
	for i, line := range strings.Split(form.View(), "\n") {
		if w := ansi.StringWidth(line); w > 60 {
			t.Fatalf("form line %d is %d wide", i, w)
		}
	}

	// A paste goes to the editor.
	sendKeys(t, form, "a")
	send(t, form, tea.PasteMsg{Content: "pasted"})
	if text, ok := field.EditingText(); !ok || text != "pasted" {
		t.Fatalf("paste through the form: %q, %v", text, ok)
	}
	sendKeys(t, form, "enter")

	// shift+tab goes back to the input: it would start the input's cursor
	// timer, so check the command instead of running it.
	_, cmd := field.Update(press("shift+tab"))
	if cmd == nil || fmt.Sprintf("%T", cmd()) != fmt.Sprintf("%T", huh.PrevField()) {
		t.Fatal("shift+tab does not go back")
	}

	// tab on the last field moves on: huh completes the form.
	sendKeys(t, form, "tab")
	if form.State != huh.StateCompleted {
		t.Fatalf("tab on the last field: state %v", form.State)
	}
	got, ok := form.Get("blockers").([]workbook.ListItem)
	if !ok || texts(got) != "second|first blocker|pasted" {
		t.Fatalf("form.Get = %#v", form.Get("blockers"))
	}
}

func TestInHuhFormRequiredKeepsFocus(t *testing.T) {
	a := "x"
	var items []workbook.ListItem
	field := New().Key("blockers").Value(&items).Required(true)
	form := huh.NewForm(huh.NewGroup(huh.NewInput().Value(&a), field))
	form.Init()
	send(t, form, tea.WindowSizeMsg{Width: 80, Height: 30})
	sendKeys(t, form, "tab", "tab")
	if form.State != huh.StateNormal || form.GetFocusedField() != huh.Field(field) {
		t.Fatalf("an empty required list let tab through: state %v", form.State)
	}
	if v := ansi.Strip(form.View()); !strings.Contains(v, "add at least one item") {
		t.Fatalf("no error in the form:\n%s", v)
	}
}
