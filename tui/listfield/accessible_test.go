package listfield

import (
	"errors"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"autonomy/workbook"
)

// runLines runs the field in accessible mode on the lines given and
// returns what it wrote and returned.
func runLines(t *testing.T, f *Field, lines ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := f.RunAccessible(&out, strings.NewReader(strings.Join(lines, "\n")+"\n"))
	for _, r := range out.String() {
		if r != '\n' && (unicode.IsControl(r) || r == utf8.RuneError) {
			t.Fatalf("%U (a control or an 8-bit byte) in accessible mode:\n%q", r, out.String())
		}
	}
	return out.String(), err
}

func TestAccessibleCommands(t *testing.T) {
	var items []workbook.ListItem
	f := New().Title("Recurring blockers").Value(&items)
	out, err := runLines(t, f,
		"add Waiting on reviews",
		"add",                // the text is asked
		"Unclear priorities", //
		"add   Flaky CI  ",   // trimmed
		"edit 2 Unclear priorities, every Monday",
		"edit 1", // the text is asked: the item is said first
		"",       // an empty line keeps it
		"move 3 to 1",
		"remove 2",
		"done")
	if err != nil {
		t.Fatal(err)
	}
	want := "Flaky CI|Unclear priorities, every Monday"
	if got := texts(items); got != want {
		t.Fatalf("items = %q, want %q\n%s", got, want, out)
	}
	for _, said := range []string{
		"Recurring blockers: no items yet.",
		"Commands: add, edit N, remove N, move N to M, list, done",
		"Item 2: ", "Added item 3.", "Changed item 2.",
		"Item 1 is: Waiting on reviews", "Item 1 is unchanged.",
		`Moved "Flaky CI" to place 1.`,
		`Removed item 2, "Waiting on reviews"; 2 items left.`,
	} {
		if !strings.Contains(out, said) {
			t.Errorf("the transcript does not say %q:\n%s", said, out)
		}
	}
}

// Ids stay with their items through edits and moves: another list may
// point to them.
func TestAccessibleKeepsIDs(t *testing.T) {
	items := []workbook.ListItem{{ID: "a", Text: "one"}, {ID: "b", Text: "two"}}
	f := New().Value(&items)
	if _, err := runLines(t, f, "edit 1 uno", "move 1 to 2", "done"); err != nil {
		t.Fatal(err)
	}
	if items[0].ID != "b" || items[1].ID != "a" || items[1].Text != "uno" {
		t.Fatalf("items = %+v", items)
	}
}

func TestAccessibleBadInputIsAskedAgain(t *testing.T) {
	items := []workbook.ListItem{{ID: "a", Text: "one"}, {ID: "b", Text: "two"}}
	f := New().Value(&items)
	out, err := runLines(t, f,
		"frobnicate", "edit 9 x", "remove x", "remove", "move 1", "move 1 to 7", "point 1 to 1", "done")
	if err != nil {
		t.Fatal(err)
	}
	for _, said := range []string{
		`Not a command: "frobnicate".`,
		"There is no item 9: the list has 2 items.",
		`"x" is not an item's number.`,
		"Which item? Give its number",
		"Say it as: move 3 to 1.",
		"There is no item 7: the list has 2 items.",
		`Not a command: "point 1 to 1".`, // no list to point to
	} {
		if !strings.Contains(out, said) {
			t.Errorf("the transcript does not say %q:\n%s", said, out)
		}
	}
	if got := texts(items); got != "one|two" {
		t.Fatalf("bad commands changed the list: %q", got)
	}
	if n := strings.Count(out, "List command: "); n != 8 {
		t.Fatalf("asked %d times for a command, want 8 (each bad line asked again):\n%s", n, out)
	}
}

func TestAccessibleOverLimitIsRefusedNeverCut(t *testing.T) {
	var items []workbook.ListItem
	f := New().ItemLimit(10).Value(&items)
	out, err := runLines(t, f,
		"add 12345678901", // 11: refused, asked again
		"1234567890",      // 10 fits
		"edit 1 abcdefghijk",
		"", // an empty line leaves it: the item keeps its text
		"done")
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(items); got != "1234567890" {
		t.Fatalf("items = %q", got)
	}
	if n := strings.Count(out, "Refused, nothing was cut: at most 10 characters (now 11)."); n != 2 {
		t.Fatalf("the over-limit texts were refused %d times, want 2:\n%s", n, out)
	}
	if !strings.Contains(out, "Item 1 is unchanged.") {
		t.Fatalf("leaving the edit should keep the item:\n%s", out)
	}
}

func TestAccessibleRequiredAndValidate(t *testing.T) {
	var items []workbook.ListItem
	f := New().Required(true).Value(&items).Validate(func(its []workbook.ListItem) error {
		if len(its) > 0 && its[0].Text == "bad" {
			return errors.New("not that one")
		}
		return nil
	})
	out, err := runLines(t, f, "", "add bad", "done", "edit 1 good", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, said := range []string{"Not done: add at least one item.", "Not done: not that one."} {
		if !strings.Contains(out, said) {
			t.Errorf("the transcript does not say %q:\n%s", said, out)
		}
	}
	if got := texts(items); got != "good" {
		t.Fatalf("items = %q", got)
	}
}

func TestAccessiblePointsToBlockers(t *testing.T) {
	blockers := []workbook.ListItem{{ID: "b1", Text: "Waiting on reviews"}, {ID: "b2", Text: "Flaky CI"}}
	items := []workbook.ListItem{{ID: "n1", Text: "Status meeting"}}
	f := New().Title("Avoidable noise").Value(&items).Refs("blocker", func() []workbook.ListItem { return blockers })
	out, err := runLines(t, f, "point 1 to 2", "list", "point 1 to 3", "point 1 to none", "point 1 to 1", "done")
	if err != nil {
		t.Fatal(err)
	}
	if items[0].Ref != "b1" {
		t.Fatalf("ref = %q, want b1", items[0].Ref)
	}
	for _, said := range []string{
		"point N to M (M a blocker's number, or none)",
		"Blockers to point to:\n1. Waiting on reviews\n2. Flaky CI",
		`Item 1 points to blocker 2, "Flaky CI".`,
		"1. Status meeting (blocker: Flaky CI)",
		`There is no blocker "3": give a number from 1 to 2, or none.`,
		"Item 1 points to no blocker.",
	} {
		if !strings.Contains(out, said) {
			t.Errorf("the transcript does not say %q:\n%s", said, out)
		}
	}
}

// The input's end leaves the field with what was done so far: the form
// keeps it as a draft.
func TestAccessibleEndOfInput(t *testing.T) {
	var items []workbook.ListItem
	f := New().Value(&items)
	var out strings.Builder
	err := f.RunAccessible(&out, strings.NewReader("add kept\nadd"))
	if !errors.Is(err, io.EOF) {
		t.Fatalf("err = %v, want io.EOF", err)
	}
	// "add" without a newline is a last line like any other: an item
	// whose text is asked and never comes.
	if got := texts(items); got != "kept" {
		t.Fatalf("items = %q", got)
	}
}

// Control and escape sequences typed into a line never reach the list.
func TestAccessibleStripsControls(t *testing.T) {
	var items []workbook.ListItem
	f := New().Value(&items)
	if _, err := runLines(t, f, "add Flaky\x1b[31m CI\x07", "done"); err != nil {
		t.Fatal(err)
	}
	if got := texts(items); got != "Flaky CI" {
		t.Fatalf("items = %q", got)
	}
}
