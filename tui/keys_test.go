package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"autonomy/store"
	"autonomy/workbook"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// layerFixture is a database with a run on day 16: a scope saved twice,
// the metric defined and logged, check-ins. Each probe of the walk starts
// a new program on it (a probe may write, a pause say: the keys a layer
// declares follow what the data allows).
type layerFixture struct {
	st      *store.Store
	now     time.Time
	renders map[renderKey]*rendered // the guide laid out once for all
}

func newLayerFixture(t *testing.T) *layerFixture {
	t.Helper()
	st := openStore(t, "")
	now := day1.AddDate(0, 0, 15)
	d := newDriver(t, Options{Store: st, Now: func() time.Time { return now }, StateDir: t.TempDir()}, 100, 30)
	challenge, _ := d.m.wb.Exercise("challenge")
	if _, err := st.StartRun(context.Background(), challenge, workbook.Answer{Fields: map[string]string{"challenge": "Own the release process",
		"start_date": day1.Format("2006-01-02"), "level": "1"}}, day1); err != nil {
		t.Fatal(err)
	}
	d.run(d.m.reloadCmd())
	saveScope(t, d, st, "I own the release checklist.")
	saveScope(t, d, st, "I own the release checklist and the rollout.")
	fillMetric(t, d, st, 14, 2)
	return &layerFixture{st: st, now: now, renders: map[renderKey]*rendered{}}
}

// open starts the program on the fixture at w×h, on Home.
func (f *layerFixture) open(t *testing.T, w, h int) *driver {
	t.Helper()
	now := f.now
	d := &driver{t: t}
	d.m = New(Options{Workbook: loadWorkbook(t), Store: f.st, Now: func() time.Time { return now }, StateDir: t.TempDir(), Tick: fakeTick})
	d.m.renders = f.renders
	d.send(windowSize(w, h))
	d.run(d.m.reloadCmd())
	return d
}

// settle lets what follows opening a layer happen (a section read to its
// end is marked read), so that the probes see only their own effect.
func settle(d *driver) {
	d.send(windowSize(d.m.width, d.m.height))
	d.m.status = ""
}

// layerCase opens one layer from Home.
type layerCase struct {
	name string // the layer's name, as its ? title says it
	open func(d *driver)
}

func keys(ks ...string) func(*driver) { return func(d *driver) { d.key(ks...) } }

var layerCases = []layerCase{
	{"Home", keys()},
	{"Reader", func(d *driver) { d.run(d.m.openReader(0, 0)) }},
	{"Reader", func(d *driver) { d.run(d.m.openReader(2, 0)) }},
	{"Exercises", func(d *driver) { d.run(d.m.openReader(2, 0)); d.key("e") }},
	{"Search the guide", keys("/")},
	{"Review", keys("r")},
	{"Review", keys("r", "/")},
	{"Entry", keys("r", "enter")},
	{"Day 1 against now", keys("r", "c")},
	{"Filter by run", keys("r", "u")},
	{"Filter by phase", keys("r", "p")},
	{"Filter by exercise", keys("r", "e")},
	{"Review", keys("r", "e", "j", "j", "j", "j", "enter")}, // a filter with nothing in it
	{"Share", keys("x")},
	{"Share", keys("x", "w")},
	{"Parts of the report", keys("x", "p")},
	{"Replace the file?", func(d *driver) {
		path := filepath.Join(d.t.TempDir(), "there.md")
		if err := os.WriteFile(path, []byte("notes"), 0o600); err != nil {
			d.t.Fatal(err)
		}
		d.key("x", "w")
		d.ctrl('u')
		d.paste(path)
		d.key("enter")
	}},
	{"Metric chart", func(d *driver) { d.run(d.m.openMetric()) }},
	{"Form: Report", func(d *driver) { ex, _ := d.m.wb.Exercise("report"); d.run(d.m.openExercise(ex)) }},
	{"Help", keys("?")},
	{"Safety boundary", keys("!")},
	{"After your save", func(d *driver) {
		ex, _ := d.m.wb.Exercise("checkin")
		d.run(d.m.openExercise(ex))
		for _, f := range []string{"ownership", "contribution", "communication"} {
			*d.m.form().values[f] = "collapsed"
		}
		*d.m.form().values["stress"] = "yes"
		d.ctrl('s')
	}},
	{"Delete for good", keys("r", "enter", "D")},
	{"Start date", func(d *driver) {
		start, _ := d.m.wb.RunStart()
		d.run(d.m.openForm(start, "", ""))
		q, _ := d.m.wb.Program.StartDateConfirm(workbook.DateOf(day1).AddDays(-40), workbook.DateOf(day1))
		d.m.push(&startDateScreen{app: d.m.app, form: d.m.form(), question: q, start: workbook.DateOf(day1).AddDays(-40).String()})
	}},
}

// declared is every binding a layer's Keys() lists, enabled.
func declared(s screen) []key.Binding {
	var out []key.Binding
	for _, g := range s.Keys().FullHelp() {
		for _, b := range g {
			if b.Enabled() {
				out = append(out, b)
			}
		}
	}
	return out
}

// Every layer, at 80×24 and 40×10: its ? screen is titled with its name
// and lists every key its Keys() declares, whole (scrolling when the
// screen is short); the footer's keys are among them.
func TestHelpListsEveryKeyOfEveryLayer(t *testing.T) {
	f := newLayerFixture(t)
	for _, size := range [][2]int{{80, 24}, {40, 10}} {
		for _, c := range layerCases {
			d := f.open(t, size[0], size[1])
			c.open(d)
			where := fmt.Sprintf("%s at %dx%d", c.name, size[0], size[1])
			top := d.m.top()
			if top.Name() != c.name {
				t.Fatalf("%s: %s is on top:\n%s", where, top.Name(), d.screen())
			}
			keys := declared(top)
			full := map[string]bool{}
			for _, b := range keys {
				full[b.Help().Key+" "+b.Help().Desc] = true
			}
			for _, b := range top.Keys().ShortHelp() {
				if b.Enabled() && !full[b.Help().Key+" "+b.Help().Desc] {
					t.Errorf("%s: the footer's %q is not in its ? screen", where, b.Help().Key)
				}
			}
			if c.name == "Help" {
				continue // ? itself: its keys are checked over the other layers
			}
			footer := lastLine(d.screen())
			if !strings.Contains(footer, "? help") && !strings.Contains(footer, "f1 help") && d.m.status == "" {
				t.Errorf("%s: the footer lost the help key: %q", where, footer)
			}
			help := "?"
			if typingNow(top) {
				help = "f1"
			}
			d.m.status = ""
			d.send(keyMsg(help))
			if _, ok := d.m.top().(*helpScreen); !ok {
				t.Fatalf("%s: %s opens no help:\n%s", where, help, d.screen())
			}
			text := d.screen()
			if !strings.Contains(text, "Keys — "+c.name) {
				t.Errorf("%s: the help is not titled with the layer's name:\n%s", where, text)
			}
			for range 40 {
				before := d.screen()
				d.key("j")
				if d.screen() == before {
					break
				}
				text += "\n" + d.screen()
			}
			for _, b := range keys {
				words := strings.Fields(b.Help().Desc)
				row := regexp.MustCompile(regexp.QuoteMeta(b.Help().Key) + ` +` + regexp.QuoteMeta(words[0]))
				if !row.MatchString(text) {
					t.Errorf("%s: ? lacks %q %q:\n%s", where, b.Help().Key, b.Help().Desc, text)
					continue
				}
				for _, w := range words {
					if !strings.Contains(text, w) {
						t.Errorf("%s: ? cuts %q of %q", where, w, b.Help().Desc)
					}
				}
			}
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(s, "\n")
	return lines[len(lines)-1]
}

// probeKeys are the keys sent to each layer: every printable character
// and the named keys, or, to a layer taking text, the keys that are not
// text or editing.
func probeKeys(typing bool) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	named := []tea.KeyPressMsg{{Code: tea.KeyEnter}, {Code: tea.KeyEscape}, {Code: tea.KeyTab}, {Code: tea.KeyTab, Mod: tea.ModShift}}
	for c := tea.KeyF1; c <= tea.KeyF11; c++ {
		named = append(named, tea.KeyPressMsg{Code: c})
	}
	for _, r := range "sdegortx" {
		named = append(named, tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl})
	}
	if typing {
		return named
	}
	for r := rune(0x21); r < 0x7f; r++ {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	out = append(out, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	for _, c := range []rune{tea.KeyBackspace, tea.KeyDelete, tea.KeyUp, tea.KeyDown, tea.KeyLeft, tea.KeyRight,
		tea.KeyPgUp, tea.KeyPgDown, tea.KeyHome, tea.KeyEnd} {
		out = append(out, tea.KeyPressMsg{Code: c})
	}
	for r := 'a'; r <= 'z'; r++ {
		if r != 'c' && !strings.ContainsRune("sdegortx", r) {
			named = append(named, tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl})
		}
	}
	return append(out, named...)
}

// Every key a layer reacts to (the screen, the stack or a command
// changes) is one its Keys() declares: what ? shows is what works, and
// nothing works that ? does not show.
func TestEveryKeyALayerHandlesIsDeclared(t *testing.T) {
	f := newLayerFixture(t)
	for _, c := range layerCases {
		var d *driver
		fresh := true
		for _, k := range probeKeys(false) {
			if fresh {
				d = f.open(t, 80, 24)
				c.open(d)
				settle(d)
				fresh = false
			}
			top := d.m.top()
			if typingNow(top) && !isNamed(k) {
				continue
			}
			keys := declared(top)
			d.m.status = ""
			before, stack := d.screen(), fmt.Sprint(d.m.stack)
			_, cmd := d.m.Update(k)
			if cmd == nil && d.screen() == before && fmt.Sprint(d.m.stack) == stack && !d.m.quitting {
				continue
			}
			fresh = true
			if !key.Matches(k, keys...) {
				t.Errorf("%s reacts to %q, which its keys do not list", c.name, k.String())
			}
		}
	}
}

// isNamed: a key that is neither text nor editing in a text field.
func isNamed(k tea.KeyPressMsg) bool {
	for _, n := range probeKeys(true) {
		if n.String() == k.String() {
			return true
		}
	}
	return false
}
