package tui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"autonomy/workbook"
)

// hostile holds every kind of sequence that must never reach the terminal
// from what a person typed, pasted or imported.
var hostile = strings.Join([]string{
	"osc52 \x1b]52;c;aGVsbG8=\x07",
	"title \x1b]0;owned\x07 \x1b]2;owned\x1b\\",
	"link \x1b]8;;http://x\x1b\\text\x1b]8;;\x1b\\",
	"csi \x1b[2J\x1b[H\x1b[31mred",
	"c1 \u009b31m",
	"cr a\rb bel \x07 nul \x00 del \x7f",
	"bidi \u202eevil\u202c",
	"entity &#27;[31m",
}, " | ")

// hostileLine is the hostile text as a one-line field may hold it: no
// NUL (refused before storage), at most 280 characters.
func hostileLine() string {
	return workbook.Normalize(hostile)
}

// sgr matches the colour and style sequences lipgloss itself writes.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// checkFrame fails when a frame holds anything but text and SGR styling.
func checkFrame(t *testing.T, where, frame string) {
	t.Helper()
	rest := sgr.ReplaceAllString(frame, "")
	for i, r := range rest {
		switch {
		case r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, r == '\u202e', r == '\u202c', r == '\u202d', r == '\u2066', r == '\u2067', r == '\u2068', r == '\u2069':
			t.Fatalf("%s: the frame holds %U at byte %d: %q", where, r, i, rest[max(i-40, 0):min(i+40, len(rest))])
		}
	}
}

// Every screen that shows the person's text, with hostile text in every
// kind of field: nothing but text and styling reaches the terminal.
func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	ctx := context.Background()
	challenge, _ := d.m.wb.Exercise("challenge")
	if _, err := st.StartRun(ctx, challenge, workbook.Answer{Fields: map[string]string{"challenge": hostileLine()}}, day1); err != nil {
		t.Fatal(err)
	}
	d.run(d.m.reloadCmd())
	run := d.m.prog.openRun()
	for _, ex := range d.m.wb.Exercises {
		if ex.Kind == workbook.KindRun || ex.Kind == workbook.KindClosing {
			continue
		}
		a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
		for _, f := range ex.Fields {
			switch f.Kind {
			case workbook.FieldList:
				a.Lists[f.ID] = []workbook.ListItem{{ID: "i1", Text: hostileLine()}}
			case workbook.FieldTextarea:
				a.Fields[f.ID] = hostile + "\n" + hostile
			case workbook.FieldText:
				a.Fields[f.ID] = hostileLine()
			case workbook.FieldChoice:
				a.Fields[f.ID] = f.Options[0].Value
			case workbook.FieldNumber:
				a.Fields[f.ID] = "3"
			case workbook.FieldDate:
				a.Fields[f.ID] = "2026-11-02"
			}
		}
		a = a.Normalized()
		for v := 0; v < 2; v++ {
			if _, err := st.SaveAnswer(ctx, run.ID, ex, "", a, workbook.Date{}, day1); err != nil {
				t.Fatalf("%s: %v", ex.ID, err)
			}
		}
	}
	d.run(d.m.reloadCmd())

	check := func(where string) {
		t.Helper()
		checkFrame(t, where+" ("+d.onTop()+")", d.m.View().Content)
	}
	check("home")
	d.key("r")
	check("review")
	rv := review(d)
	for i := 0; i < len(rv.items); i++ {
		rv.cursor = i
		d.key("enter")
		if layer[*entryScreen](d) == nil {
			t.Fatal("enter should open the entry")
		}
		check("entry")
		d.key("]", "d")
		check("diff")
		d.m.closeAbove(rv)
	}
	d.key("/")
	d.typeText("evil")
	check("review search")
	d.key("enter", "esc", "c")
	check("compare")
	d.key("esc", "x")
	check("share preview")
	d.key("esc", "esc")
	for _, ex := range d.m.wb.Exercises {
		if ex.Kind == workbook.KindClosing {
			continue
		}
		d.run(d.m.openExercise(ex))
		check("form " + ex.ID)
		d.key("esc")
	}
	if d.m.prog.metric != nil {
		d.run(d.m.openMetric())
		check("metric")
	}
}
