package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestHomeListsSectionsAndOpensReader(t *testing.T) {
	d := newDriver(t, Options{}, 100, 30)
	wb := d.m.wb
	d.requireScreen(wb.Title, "1  The real question in this section", "✎ 12 exercises", "? help")
	d.requireNot("Continue reading")

	d.key("j", "j", "enter")
	if d.onTop() != "Reader" || d.m.reader.section != 2 {
		t.Fatalf("screen %q section %d, want reader at section 3", d.onTop(), d.m.reader.section+1)
	}
	d.requireScreen("## Build autonomy in 30 days", "Contents", "This section has 12 exercises", "3/8")

	d.key("esc")
	if d.onTop() != "Home" {
		t.Fatalf("esc from the reader should go Home, got %q", d.onTop())
	}
	d.requireScreen("Continue reading · Build autonomy in 30 days")
	// esc on Home does nothing.
	d.key("esc")
	if d.onTop() != "Home" || d.m.quitting {
		t.Fatal("esc on Home must do nothing")
	}
}

func TestReaderScrollsAndChangesSections(t *testing.T) {
	d := newDriver(t, Options{}, 80, 12)
	d.key("j", "j", "enter") // Build autonomy in 30 days: longer than the screen
	r := d.m.reader
	if r.maxOffset() == 0 {
		t.Fatal("section should be taller than a 12-line screen")
	}
	d.key("j")
	if r.offset != 1 {
		t.Fatalf("j: offset %d, want 1", r.offset)
	}
	d.key("k", "k")
	if r.offset != 0 {
		t.Fatalf("k past the top: offset %d, want 0", r.offset)
	}
	d.key("space")
	page := r.offset
	if page < 5 {
		t.Fatalf("space should page down, offset %d", page)
	}
	d.key("pgup")
	if r.offset != 0 {
		t.Fatalf("pgup: offset %d", r.offset)
	}
	d.key("G")
	if r.offset != r.maxOffset() {
		t.Fatalf("G: offset %d, want %d", r.offset, r.maxOffset())
	}
	d.requireScreen("Consistency matters more than intensity.")
	d.key("g")
	if r.offset != 0 {
		t.Fatal("g should go to the top")
	}
	d.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if r.offset != 3 {
		t.Fatalf("wheel down: offset %d, want 3", r.offset)
	}
	d.key("l")
	d.requireScreen("Leadership and workplace reality")
	d.key("right", "right", "right", "right", "right", "right") // past the end stays on the last
	if r.section != len(d.m.wb.Sections)-1 {
		t.Fatalf("section %d", r.section)
	}
	d.key("h", "left")
	if r.section != len(d.m.wb.Sections)-3 {
		t.Fatalf("h/left: section %d", r.section)
	}
}

func TestContentsColumnFocusAndToggle(t *testing.T) {
	d := newDriver(t, Options{}, 100, 30)
	d.key("enter")
	d.requireScreen("Contents")
	d.key("tab")
	if !d.m.reader.focusTOC {
		t.Fatal("tab should focus the contents")
	}
	d.key("j", "j", "j", "j", "j", "enter") // section 6
	d.requireScreen("## Safety boundary", "retaliation risk")
	d.key("t")
	d.requireNot("Contents")
	d.key("t")
	d.requireScreen("Contents")

	// Below 80 columns the contents hide, and t brings them back.
	d.send(tea.WindowSizeMsg{Width: 70, Height: 24})
	d.requireNot("Contents")
	d.key("t")
	d.requireScreen("Contents")
}

func TestSearchJumpsHighlightsAndSteps(t *testing.T) {
	d := newDriver(t, Options{}, 100, 30)
	d.key("/")
	d.typeText("retaliation")
	d.requireScreen("/ retaliation", "1 match")
	d.key("enter")
	if d.onTop() != "Reader" {
		t.Fatal("enter should open the reader")
	}
	d.requireScreen("## Safety boundary", "Match 1 of 1")
	if len(d.m.reader.hl) == 0 {
		t.Fatal("the match should be highlighted")
	}
	var hl string
	for _, l := range d.m.reader.hl {
		hl = l
	}
	if !strings.Contains(ansi.Strip(hl), "retaliation") {
		t.Fatalf("highlighted line %q", ansi.Strip(hl))
	}

	// A word in several sections: n and N walk the matches in order.
	d.key("/")
	d.typeText("autonomy")
	d.key("enter")
	n := len(d.m.search.matches)
	if n < 3 {
		t.Fatalf("autonomy should match often, got %d", n)
	}
	first := d.m.reader.section
	d.key("n")
	if d.m.search.current != 1 {
		t.Fatalf("n: current %d", d.m.search.current)
	}
	d.key("N", "N")
	if d.m.search.current != n-1 {
		t.Fatalf("N should wrap to the last match, got %d of %d", d.m.search.current, n)
	}
	d.key("n")
	if d.m.reader.section != first {
		t.Fatal("n after wrapping should come back to the first match's section")
	}
	// esc clears the highlights, a second esc goes Home.
	d.key("esc")
	if d.m.search.query != "" || d.m.reader.hl != nil {
		t.Fatal("esc should clear the search")
	}
	d.key("esc")
	if d.onTop() != "Home" {
		t.Fatal("second esc should go Home")
	}
}

func TestSearchWithoutResultsAndCancel(t *testing.T) {
	d := newDriver(t, Options{}, 100, 30)
	d.key("/")
	d.typeText("zebra")
	d.requireScreen("no matches")
	d.key("enter")
	d.requireScreen("No matches for “zebra”")
	if d.onTop() != "Home" {
		t.Fatal("a search with no results stays where it was")
	}
	d.key("/")
	d.typeText("q")
	if d.m.quitting {
		t.Fatal("q typed into the search must not quit")
	}
	d.key("esc")
	if d.onTop() == "Search the guide" {
		t.Fatal("esc should close the search")
	}
}

func TestHelpListsEveryKeyOfTheScreen(t *testing.T) {
	d := newDriver(t, Options{}, 100, 30)
	d.key("?")
	d.requireScreen("Keys — Home", "enter", "open", "search the guide", "quit")
	d.key("esc")
	d.requireNot("Keys — Home")
	d.key("enter", "?")
	d.requireScreen("Keys — Reader", "page down", "next section", "show/hide contents", "next match", "contents/text focus")
	d.key("?")
	d.requireNot("Keys — Reader")
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		d := newDriver(t, Options{}, 100, 30)
		_, cmd := d.m.Update(keyMsg(k))
		if cmd == nil || !d.m.quitting {
			t.Fatalf("%s should quit", k)
		}
	}
}

func TestResizeKeepsTheReadingPlace(t *testing.T) {
	d := newDriver(t, Options{}, 100, 12)
	d.key("j", "j", "enter") // Build autonomy in 30 days
	d.key("j", "j", "j", "j", "j", "j", "j", "j")
	before := d.m.reader.currentBlock()
	blk := d.m.wb.Sections[2].Blocks[before]
	if before == 0 {
		t.Fatal("should have scrolled past the first block")
	}
	d.send(tea.WindowSizeMsg{Width: 50, Height: 20})
	if got := d.m.reader.currentBlock(); got != before {
		t.Fatalf("top block %d after resize, want %d", got, before)
	}
	first := strings.Fields(blk.Text)[0]
	lines := strings.Split(d.screen(), "\n")
	if !strings.Contains(strings.Join(lines[:4], "\n"), first) {
		t.Fatalf("block %q should be at the top after resize:\n%s", blk.Text, d.screen())
	}
	// Wider again: a cached render, same block.
	d.send(tea.WindowSizeMsg{Width: 100, Height: 12})
	if got := d.m.reader.currentBlock(); got != before {
		t.Fatalf("top block %d after growing back, want %d", got, before)
	}
}

func TestTinySizesNeverPanic(t *testing.T) {
	wb := loadWorkbook(t)
	sizes := []int{0, 1, 2, 3, 5, 9, 10, 11, 20, 39, 40, 41}
	for _, w := range sizes {
		for _, h := range sizes {
			for _, screen := range []string{"home", "reader", "help"} {
				d := newDriver(t, Options{Workbook: wb}, w, h)
				switch screen {
				case "reader":
					d.key("enter")
				case "help":
					d.key("?")
				}
				d.key("j", "l", "/")
				out := d.screen()
				if w > 0 && h > 0 && (w < minWidth || h < minHeight) {
					if !strings.Contains(out, "Terminal too small"[:min(w, 18)]) {
						t.Fatalf("%dx%d %s: %q", w, h, screen, out)
					}
				}
				for i, l := range strings.Split(out, "\n") {
					if ansi.StringWidth(l) > w {
						t.Fatalf("%dx%d %s: line %d is %d wide", w, h, screen, i, ansi.StringWidth(l))
					}
				}
			}
		}
	}
	// Coming back from too small shows the screen again.
	d := newDriver(t, Options{Workbook: wb}, 100, 30)
	d.key("enter")
	d.send(tea.WindowSizeMsg{Width: 20, Height: 5})
	d.requireScreen("Terminal too small")
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.requireScreen("## The real question in this section")
}

func TestViewFitsEveryLine(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {40, 10}, {200, 60}} {
		d := newDriver(t, Options{}, size[0], size[1])
		for range d.m.wb.Sections {
			d.key("enter")
			lines := strings.Split(d.screen(), "\n")
			if len(lines) > size[1] {
				t.Fatalf("%v: %d lines", size, len(lines))
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > size[0] {
					t.Fatalf("%v: line too wide: %q", size, l)
				}
			}
			d.key("l")
		}
	}
}

func TestNoColorHasNoColours(t *testing.T) {
	d := newDriver(t, Options{NoColor: true}, 100, 30)
	d.key("enter")
	out := d.m.View().Content
	if strings.Contains(out, "38;5;") || strings.Contains(out, "38;2;") {
		t.Fatalf("NO_COLOR output has colours: %q", out[:min(len(out), 300)])
	}
	if !strings.Contains(ansi.Strip(out), "## The real question in this section") {
		t.Fatal("reader should still show the text")
	}
}

func TestLightBackgroundRerenders(t *testing.T) {
	d := newDriver(t, Options{}, 100, 30)
	d.key("enter")
	dark := d.m.reader.shown
	d.send(tea.BackgroundColorMsg{Color: lightColor{}})
	if d.m.reader.shown == dark || d.m.reader.shown.style != "light" {
		t.Fatalf("a light background should re-render with the light style, got %+v", d.m.reader.shown)
	}
}

type lightColor struct{}

func (lightColor) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }
