package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"autonomy/store"
	"autonomy/workbook"

	"github.com/charmbracelet/x/ansi"
)

// dayClock is a clock a test moves on.
type dayClock struct{ t time.Time }

func (c *dayClock) now() time.Time { return c.t }

// answerBy builds an answer to ex from field roles and values.
func answerBy(ex workbook.Exercise, kv ...string) workbook.Answer {
	a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
	for i := 0; i+1 < len(kv); i += 2 {
		a.Fields[ex.FieldID(workbook.FieldRole(kv[i]))] = kv[i+1]
	}
	return a
}

func byRole(t testing.TB, wb *workbook.Workbook, r workbook.Role) workbook.Exercise {
	t.Helper()
	ex, ok := wb.ByRole(r)
	if !ok {
		t.Fatalf("no exercise with the role %s", r)
	}
	return ex
}

// runOnDay16 saves, in a real store, a run on its day 16 as a person
// would have: the outcome metric "lower is better" (48 h → 36 h) going
// down to 30 h, and a check-in today whose communication collapsed.
func runOnDay16(t testing.TB) (*store.Store, *dayClock, workbook.Run) {
	t.Helper()
	st := openStore(t, "")
	wb := loadWorkbook(t)
	ctx := context.Background()
	clock := &dayClock{t: day1.AddDate(0, 0, 15)}
	start := workbook.DateOf(day1)
	at := func(day int) time.Time { return day1.AddDate(0, 0, day) }
	rs := byRole(t, wb, workbook.RoleRunStart)
	run, err := st.StartRun(ctx, rs, answerBy(rs, "challenge", "Own the release process", "start-date", start.String(), "level", "2"), at(0))
	if err != nil {
		t.Fatal(err)
	}
	m := byRole(t, wb, workbook.RoleOutcomeMetric)
	def := answerBy(m, "metric-name", "Cycle time", "unit", "h", "baseline", "48", "target", "36", "direction", workbook.DirectionLower)
	if _, err := st.SaveAnswer(ctx, run.ID, m, "", def, workbook.Date{}, at(1)); err != nil {
		t.Fatal(err)
	}
	mv := byRole(t, wb, workbook.RoleMetricValue)
	for i, v := range []string{"48", "44", "39", "33", "30"} {
		a := answerBy(mv, "day", start.AddDays(2+3*i).String(), "value", v)
		if _, err := st.SaveAnswer(ctx, run.ID, mv, "", a, workbook.Date{}, at(2+3*i)); err != nil {
			t.Fatal(err)
		}
	}
	ci := byRole(t, wb, workbook.RoleCheckIn)
	a := answerBy(ci, "ownership", "shaky", "contribution", "stable", "communication", string(workbook.RatingCollapsed))
	if _, err := st.SaveAnswer(ctx, run.ID, ci, "", a, workbook.DateOf(clock.t), clock.t); err != nil {
		t.Fatal(err)
	}
	return st, clock, run
}

func homeDriver(t testing.TB, st *store.Store, clock *dayClock, w, h int) *driver {
	t.Helper()
	d := newDriver(t, Options{Store: st, Now: clock.now, StateDir: t.TempDir()}, w, h)
	d.run(d.m.reloadCmd())
	return d
}

// requireFits fails when a line of the screen is wider than w.
func requireFits(t *testing.T, screen string, w int) {
	t.Helper()
	for i, l := range strings.Split(screen, "\n") {
		if ansi.StringWidth(l) > w {
			t.Fatalf("line %d is %d cells wide, more than %d: %q", i, ansi.StringWidth(l), w, l)
		}
	}
}

// homeLine is the line of the screen that starts with label (after the
// margin), or "".
func homeLine(screen, label string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), label) {
			return l
		}
	}
	return ""
}

func TestHomeKeepsTheVerdictsAtEverySize(t *testing.T) {
	st, clock, _ := runOnDay16(t)
	d := homeDriver(t, st, clock, 100, 30)
	for _, size := range [][2]int{{160, 40}, {100, 30}, {80, 24}, {60, 24}, {40, 24}} {
		d.send(windowSize(size[0], size[1]))
		s := d.screen()
		requireFits(t, s, size[0])
		metric := homeLine(s, "Metric")
		if !strings.HasSuffix(strings.TrimSpace(metric), "30 h, down 18 h (-37.5%) from the baseline: better") &&
			!strings.HasSuffix(strings.TrimSpace(metric), ": better") {
			t.Fatalf("%d×%d: the metric line lost its verdict: %q\n%s", size[0], size[1], metric, s)
		}
		checkIn := homeLine(s, "Last check-in")
		if checkIn == "" {
			checkIn = homeLine(s, "Check-in")
		}
		if !strings.HasSuffix(strings.TrimSpace(checkIn), "communication collapsed") {
			t.Fatalf("%d×%d: the last check-in lost its collapse: %q\n%s", size[0], size[1], checkIn, s)
		}
		if size[0] >= 100 {
			// With room, the whole line: the change and the date too.
			if !strings.Contains(metric, "down 18 h (-37.5%) from the baseline: better") || !strings.Contains(checkIn, "ownership shaky · contribution stable") {
				t.Fatalf("%d×%d: a line lost words it had room for:\n%s", size[0], size[1], s)
			}
		}
	}
}

func TestHomeAtFortyByTenShowsTheNextStepAndFollowsTheSelection(t *testing.T) {
	st, clock, _ := runOnDay16(t)
	d := homeDriver(t, st, clock, 40, 10)
	s := d.screen()
	if !strings.Contains(s, "Next: Day 16") {
		t.Fatalf("at 40×10 the next step is not on screen:\n%s", s)
	}
	if n := strings.Count(s, "\n") + 1; n != 10 {
		t.Fatalf("the screen has %d lines, not 10", n)
	}
	// The header is one line: the run at a glance, right above the list.
	if first := strings.Split(s, "\n")[0]; !strings.Contains(first, "Day 16 of 30") {
		t.Fatalf("the header is not the run's one line: %q", first)
	}
	for i := range 20 {
		d.key("j")
		s := d.screen()
		if !strings.Contains(s, "▸ ") {
			t.Fatalf("after j×%d the selected line is out of view:\n%s", i+1, s)
		}
		requireFits(t, s, 40)
	}
	sel := d.m.home.items[d.m.home.cursor].label
	if !strings.Contains(d.screen(), ansi.Truncate(sel, 20, "")) {
		t.Fatalf("the selected line %q is not on screen:\n%s", sel, d.screen())
	}
	// Back to the top: the next step and the header again.
	d.key("g")
	d.requireScreen("▸ Next: Day 16", "Day 16 of 30")
	for range 20 {
		d.key("k")
		if !strings.Contains(d.screen(), "▸ ") {
			t.Fatalf("k lost the selection:\n%s", d.screen())
		}
	}
}

func TestHomeShowsTheLastOfTwoCheckInsTheSameDay(t *testing.T) {
	st, clock, run := runOnDay16(t)
	wb := loadWorkbook(t)
	ctx := context.Background()
	ci := byRole(t, wb, workbook.RoleCheckIn)
	// An hour after the collapsed one, a second check-in the same day.
	clock.t = clock.t.Add(time.Hour)
	a := answerBy(ci, "ownership", "stable", "contribution", "stable", "communication", "shaky")
	if _, err := st.SaveAnswer(ctx, run.ID, ci, "", a, workbook.DateOf(clock.t), clock.t); err != nil {
		t.Fatal(err)
	}
	d := homeDriver(t, st, clock, 100, 30)
	line := homeLine(d.screen(), "Last check-in")
	if !strings.Contains(line, "communication shaky") || strings.Contains(line, "collapsed") {
		t.Fatalf("Home shows the first check-in of the day, not the second: %q\n%s", line, d.screen())
	}

	// The first one, corrected later that day, is now the one saved last:
	// the newest by save time, the rule of every "current" answer.
	entries, err := st.Entries(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	var first workbook.Entry
	for _, e := range entries {
		if e.Exercise == ci.ID && e.Current.Answer.Fields[ci.FieldID(workbook.FieldRoleCommunication)] == string(workbook.RatingCollapsed) {
			first = e
		}
	}
	clock.t = clock.t.Add(time.Hour)
	fixed := answerBy(ci, "ownership", "shaky", "contribution", "stable", "communication", "stable")
	if _, err := st.SaveAnswer(ctx, run.ID, ci, first.ID, fixed, first.Date, clock.t); err != nil {
		t.Fatal(err)
	}
	d.run(d.m.reloadCmd())
	line = homeLine(d.screen(), "Last check-in")
	if !strings.Contains(line, "ownership shaky") || !strings.Contains(line, "communication stable") {
		t.Fatalf("Home does not show the check-in saved last: %q\n%s", line, d.screen())
	}
}

func TestPartLineGivesWayByPriority(t *testing.T) {
	plain := NewStyles(true, true).Item
	check := newPartLine(labelPart("Last check-in", 20, plain, "Check-in"),
		part{ways: []wording{{"2026-11-16", prioDateLong}, {"today", prioDateShort}}, sep: " "},
		wordsPart(" · ", plain, 1, "ownership shaky"),
		wordsPart(" · ", plain, 8, "contribution stable"),
		wordsPart(" · ", plain, prioVerdict, "communication collapsed"))
	for _, c := range []struct {
		width int
		want  string
	}{
		{200, "Last check-in        2026-11-16 · ownership shaky · contribution stable · communication collapsed"},
		{92, "Last check-in        today · ownership shaky · contribution stable · communication collapsed"},
		{80, "Last check-in ownership shaky · contribution stable · communication collapsed"},
		{72, "Check-in ownership shaky · contribution stable · communication collapsed"},
		{50, "Check-in ownership shaky · communication collapsed"},
		{36, "Check-in communication collapsed"},
		{20, "communication colla…"},
	} {
		if got := ansi.Strip(check.render(c.width)); got != c.want {
			t.Errorf("at %d: %q, want %q", c.width, got, c.want)
		}
	}
	// A part that is cut rather than dropped keeps its label.
	challenge := newPartLine(labelPart("Challenge:", 0, plain), part{ways: []wording{{"Own the release process end to end", 2}}, cut: true})
	if got := ansi.Strip(challenge.render(30)); got != "Challenge: Own the release pr…" {
		t.Errorf("cut: %q", got)
	}
}

// Text wraps at its spaces only: a figure or a date with a hyphen stays
// whole (ansi.Wrap ended a line with "(-", the next starting "37.5%)").
func TestWrapWordsKeepsHyphenatedWordsWhole(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"30 h, down 18 h (-37.5%) from the baseline: better", 20, "30 h, down 18 h\n(-37.5%) from the\nbaseline: better"},
		{"from version 1 (2026-11-15 09:30) to", 33, "from version 1 (2026-11-15 09:30)\nto"},
		{"  - an item  with  spaces kept", 40, "  - an item  with  spaces kept"},
		{"two\n\nparagraphs", 20, "two\n\nparagraphs"},
		{"a word-longer-than-the-line here", 10, "a\nword-longe\nr-than-the\n-line here"},
		{"           ", 4, "    "},
		{"日本語のテキスト", 5, "日本\n語の\nテキ\nスト"},
	} {
		got := wrapWords(c.in, c.w)
		if got != c.want {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
		requireFits(t, got, c.w)
	}
}

// The footer offers the way there is to go: down, and up from the last
// line, where down does nothing.
func TestHomeFooterOffersUpOnTheLastLine(t *testing.T) {
	d := newProgramDriver(t, openStore(t, ""), day1, 100, 30)
	footer := func() string {
		lines := strings.Split(strings.TrimRight(d.screen(), "\n"), "\n")
		return lines[len(lines)-1]
	}
	if f := footer(); !strings.Contains(f, "↓/j down") || strings.Contains(f, "↑/k up") {
		t.Fatalf("footer on the first line: %q", f)
	}
	d.key("G")
	if f := footer(); !strings.Contains(f, "↑/k up") || strings.Contains(f, "↓/j down") {
		t.Fatalf("footer on the last line: %q", f)
	}
	d.key("k")
	if f := footer(); !strings.Contains(f, "↓/j down") {
		t.Fatalf("footer one line up: %q", f)
	}
}
