package listfield

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"autonomy/workbook"
)

// RunAccessible implements huh.Field for screen readers and pipes (huh's
// accessible mode): it says the list, an item a line, then reads commands
// a line at a time:
//
//	add [TEXT]      add an item at the end (its text is asked when not given)
//	edit N [TEXT]   change item N (likewise)
//	remove N        remove item N
//	move N to M     move item N to place M
//	point N to M    with Refs: point item N to the M-th option; "to none" clears it
//	list            say the list again
//	done            leave the field, once its check passes (an empty line too)
//
// A line that is no command, or a number that names no item, is said so
// and asked again. An item over the limit is refused with the reason,
// never cut, and its text asked again. Every change is written to the
// bound slice at once. When the input ends, the field keeps its items and
// returns io.EOF.
func (f *Field) RunAccessible(w io.Writer, r io.Reader) error {
	f.syncBound()
	if f.editing && !f.commit(true) {
		f.stopEdit()
	}
	a := &accessible{f: f, w: w, in: bufio.NewReader(r)}
	a.sayList()
	a.say("%s", a.commands())
	for {
		line, ok := a.ask("List command: ")
		if !ok {
			return io.EOF
		}
		switch a.run(line) {
		case done:
			return nil
		case ended:
			return io.EOF
		}
	}
}

// accessible is one run of the field in accessible mode.
type accessible struct {
	f  *Field
	w  io.Writer
	in *bufio.Reader
}

// outcome is what a command line leads to.
type outcome int

const (
	goOn  outcome = iota // ask for the next command
	done                 // leave the field
	ended                // the input has ended
)

func (a *accessible) say(format string, args ...any) {
	fmt.Fprintf(a.w, format+"\n", args...)
}

// ask writes the prompt and reads a line, without controls; false when
// the input has ended.
func (a *accessible) ask(prompt string) (string, bool) {
	fmt.Fprint(a.w, prompt)
	line, err := a.in.ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(a.w)
		return "", false
	}
	return strings.TrimSpace(workbook.SanitizeLine(strings.TrimRight(line, "\r\n"))), true
}

func (a *accessible) commands() string {
	s := "Commands: add, edit N, remove N, move N to M"
	if a.f.refOptions != nil {
		s += ", point N to M (M a " + a.f.refLabel + "'s number, or none)"
	}
	return s + ", list, done (or an empty line)."
}

// sayList says the field's title, its help, each item and, with Refs,
// what the items may point to.
func (a *accessible) sayList() {
	f := a.f
	title := workbook.SanitizeLine(f.title)
	if title == "" {
		title = "List"
	}
	if len(f.items) == 0 {
		a.say("%s: no items yet.", title)
	} else {
		a.say("%s: %s.", title, workbook.Plural(len(f.items), "item"))
	}
	if d := workbook.SanitizeLine(f.description); d != "" {
		a.say("%s", d)
	}
	for i, it := range f.items {
		a.say("%d. %s%s", i+1, workbook.SanitizeLine(it.Text), a.refWords(it))
	}
	if f.refOptions == nil {
		return
	}
	opts := f.refOptions()
	if len(opts) == 0 {
		a.say("No %s to point to yet.", f.refLabel)
		return
	}
	a.say("%s to point to:", capitalize(f.refLabel)+"s")
	for i, o := range opts {
		a.say("%d. %s", i+1, workbook.SanitizeLine(o.Text))
	}
}

// refWords say what an item points to: " (blocker: Waiting on reviews)".
func (a *accessible) refWords(it workbook.ListItem) string {
	if a.f.refOptions == nil || it.Ref == "" {
		return ""
	}
	for _, o := range a.f.refOptions() {
		if o.ID == it.Ref {
			return " (" + a.f.refLabel + ": " + workbook.SanitizeLine(o.Text) + ")"
		}
	}
	return " (a removed " + a.f.refLabel + ")"
}

// run does one command line; what goes wrong is said, and the next
// command asked.
func (a *accessible) run(line string) outcome {
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "", "done":
		if !a.f.checkNow() {
			a.say("Not done: %v.", a.f.err)
			return goOn
		}
		return done
	case "list":
		a.sayList()
	case "help", "?":
		a.say("%s", a.commands())
	case "add":
		return a.add(rest)
	case "edit":
		n, text, _ := strings.Cut(rest, " ")
		if i, ok := a.item(n); ok {
			return a.edit(i, strings.TrimSpace(text))
		}
	case "remove":
		if i, ok := a.item(rest); ok {
			it := a.f.items[i]
			a.f.remove(i)
			a.say("Removed item %d, %s; %s left.", i+1, quote(it.Text), workbook.Plural(len(a.f.items), "item"))
		}
	case "move":
		a.move(rest)
	case "point":
		if a.f.refOptions != nil {
			a.point(rest)
			break
		}
		fallthrough
	default:
		a.say("Not a command: %s. %s", quote(line), a.commands())
	}
	return goOn
}

// item reads an item's number: its index, or false after saying why
// there is no such item.
func (a *accessible) item(s string) (int, bool) {
	s = strings.TrimSpace(s)
	n, err := strconv.Atoi(s)
	switch {
	case s == "":
		a.say("Which item? Give its number, e.g. 1.")
	case err != nil:
		a.say("%s is not an item's number.", quote(s))
	case len(a.f.items) == 0:
		a.say("There is no item %d: the list is empty.", n)
	case n < 1 || n > len(a.f.items):
		a.say("There is no item %d: the list has %s.", n, workbook.Plural(len(a.f.items), "item"))
	default:
		return n - 1, true
	}
	return 0, false
}

// text is the text given on the command line, or else asked; over the
// item limit it is refused with the reason and asked again. "" when none
// is given; false when the input has ended.
func (a *accessible) text(given, prompt string) (string, bool) {
	for {
		text := given
		if text == "" {
			var ok bool
			if text, ok = a.ask(prompt); !ok {
				return "", false
			}
		}
		err := a.f.overLimit(text)
		if err == nil {
			return text, true
		}
		a.say("Refused, nothing was cut: %v. Type it again, shorter, or an empty line to leave it.", err)
		given = ""
	}
}

func (a *accessible) add(given string) outcome {
	f := a.f
	if len(f.items) >= f.maxItems {
		a.say("The list holds at most %d items.", f.maxItems)
		return goOn
	}
	text, ok := a.text(given, fmt.Sprintf("Item %d: ", len(f.items)+1))
	switch {
	case !ok:
		return ended
	case text == "":
		a.say("Nothing added.")
		return goOn
	}
	f.items = append(f.items, workbook.ListItem{ID: f.newID(), Text: text})
	f.cursor = len(f.items) - 1
	f.write()
	a.say("Added item %d.", len(f.items))
	return goOn
}

func (a *accessible) edit(i int, given string) outcome {
	f := a.f
	if given == "" {
		a.say("Item %d is: %s", i+1, workbook.SanitizeLine(f.items[i].Text))
	}
	text, ok := a.text(given, fmt.Sprintf("New text of item %d (an empty line keeps it): ", i+1))
	switch {
	case !ok:
		return ended
	case text == "":
		a.say("Item %d is unchanged.", i+1)
		return goOn
	}
	f.items[i].Text = text
	f.write()
	a.say("Changed item %d.", i+1)
	return goOn
}

// itemTo reads "N to X": item N's index and X; false after saying how
// to say it, or why there is no item N.
func (a *accessible) itemTo(args, example string) (int, string, bool) {
	from, to, ok := strings.Cut(args, " to ")
	if !ok {
		a.say("Say it as: %s.", example)
		return 0, "", false
	}
	i, ok := a.item(from)
	return i, strings.TrimSpace(to), ok
}

// move is "N to M".
func (a *accessible) move(args string) {
	i, to, ok := a.itemTo(args, "move 3 to 1")
	if !ok {
		return
	}
	j, ok := a.item(to)
	if !ok {
		return
	}
	f := a.f
	it := f.items[i]
	f.items = slices.Insert(slices.Delete(f.items, i, i+1), j, it)
	f.cursor = j
	f.write()
	a.say("Moved %s to place %d.", quote(it.Text), j+1)
}

// point is "N to M" or "N to none".
func (a *accessible) point(args string) {
	f := a.f
	i, to, ok := a.itemTo(args, "point 2 to 1, or point 2 to none")
	if !ok {
		return
	}
	if strings.EqualFold(to, "none") {
		f.items[i].Ref = ""
		f.write()
		a.say("Item %d points to no %s.", i+1, f.refLabel)
		return
	}
	opts := f.refOptions()
	n, err := strconv.Atoi(to)
	switch {
	case len(opts) == 0:
		a.say("There is no %s to point to yet.", f.refLabel)
	case err != nil || n < 1 || n > len(opts):
		a.say("There is no %s %s: give a number from 1 to %d, or none.", f.refLabel, quote(to), len(opts))
	default:
		f.items[i].Ref = opts[n-1].ID
		f.write()
		a.say("Item %d points to %s %d, %s.", i+1, f.refLabel, n, quote(opts[n-1].Text))
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
