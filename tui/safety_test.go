package tui

import (
	"context"
	"strings"
	"testing"
)

// "!" shows the guide's safety boundary and safety note from every screen
// that is not a form; esc closes it and leaves the screen as it was.
func TestSafetyFromEveryScreen(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	d.requireScreen("Press ! any time for the guide's safety boundary.")
	startRun(t, d, "Own the release process")
	saveScope(t, d, st, "I own the checklist.")
	saveScope(t, d, st, "I own the checklist and more.")

	screens := []struct {
		name string
		keys []string
	}{
		{"home", nil},
		{"reader", []string{"/", "safety", "enter"}},
		{"picker", []string{"/", "scope", "enter", "e"}},
		{"help", []string{"?"}},
		{"review", []string{"r"}},
		{"entry", []string{"r", "enter"}},
		{"diff", []string{"r", "enter", "d"}},
		{"compare", []string{"r", "c"}},
		{"share", []string{"r", "x"}},
	}
	for _, s := range screens {
		d := newProgramDriver(t, st, day1, 100, 40)
		for _, k := range s.keys {
			if len(k) > 1 && k != "enter" {
				d.typeText(k)
				continue
			}
			d.key(k)
		}
		// The notice on Home goes once the boundary was opened, so compare
		// the top of the screen without it.
		top := func() string {
			s := strings.Replace(d.screen(), "  Press ! any time for the guide's safety boundary.\n", "", 1)
			lines := strings.Split(s, "\n")
			return strings.Join(lines[:8], "\n")
		}
		before := top()
		d.key("!")
		d.requireScreen("Safety boundary", "retaliation risk", "Pause this process and seek qualified support", "is educational")
		d.key("esc")
		if got := top(); got != before {
			t.Fatalf("%s: esc should return to the same screen:\n%s\nwas:\n%s", s.name, got, before)
		}
	}
	seen, err := st.SafetySeen(context.Background())
	if err != nil || !seen {
		t.Fatalf("opening it should be remembered: %v %v", seen, err)
	}
	d = newProgramDriver(t, st, day1, 100, 40)
	d.requireNot("Press ! any time")

	// In a form, "!" is text.
	d.key("enter")
	if d.m.form() == nil {
		t.Fatal("want a form")
	}
	d.key("!")
	if layer[*safetyScreen](d) != nil {
		t.Fatal("! in a form is typed, not a key")
	}
}
