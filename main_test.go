package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"autonomy/agefile"
	"autonomy/store"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// run executes the CLI in-process and returns what it printed.
func run(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	return runAsking(t, agefile.Terminal{}, args...)
}

// words lower-cases text and splits it into words, dropping list bullets.
func words(s string) []string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if w == "-" || w == "•" || strings.Trim(w, "#") == "" {
			continue
		}
		out = append(out, w)
	}
	return out
}

func TestReadKeepsEverySentence(t *testing.T) {
	out, err := run(t, nil, "read")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "\x1b") {
		t.Fatal("read to a pipe must print no escape codes")
	}
	seed, err := os.ReadFile("content/testdata/guide.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := " " + strings.Join(words(out), " ") + " "
	// A sentence ends at . ! ? or : (and a closing quote) before a space.
	end := regexp.MustCompile(`([.!?:]"?)\s+`)
	n := 0
	for _, line := range strings.Split(string(seed), "\n") {
		for _, s := range strings.Split(end.ReplaceAllString(line, "$1\n"), "\n") {
			w := words(s)
			if len(w) == 0 {
				continue
			}
			n++
			if !strings.Contains(got, " "+strings.Join(w, " ")+" ") {
				t.Errorf("autonomy read lacks: %q", strings.TrimSpace(s))
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d sentences checked", n)
	}
}

func TestReadOneSection(t *testing.T) {
	list, err := run(t, nil, "read", "--list")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(list, "6  Safety boundary\n") || strings.Count(list, "\n") != 8 {
		t.Fatalf("read --list:\n%s", list)
	}
	for _, args := range [][]string{{"read", "6"}, {"read", "safety", "boundary"}, {"read", "--width", "40", "Safety"}} {
		out, err := run(t, nil, args...)
		if err != nil {
			t.Fatal(args, err)
		}
		if !strings.Contains(out, "Safety boundary") || !strings.Contains(out, "retaliation") || strings.Contains(out, "Closing move") {
			t.Fatalf("%v printed:\n%s", args, out)
		}
	}
	out, _ := run(t, nil, "read", "--width", "40", "6")
	for _, l := range strings.Split(out, "\n") {
		if len([]rune(l)) > 40 {
			t.Fatalf("--width 40: line %q", l)
		}
	}
	if _, err := run(t, nil, "read", "nonsense words"); err == nil || !strings.Contains(err.Error(), "autonomy read --list") {
		t.Fatalf("unknown section: %v", err)
	}
}

func TestPathChoosesTheDatabase(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"AUTONOMY_DB": "", "XDG_DATA_HOME": dir}, []string{"path"}, filepath.Join(dir, "autonomy", "autonomy.db")},
		{map[string]string{"AUTONOMY_DB": "", "XDG_DATA_HOME": "", "HOME": dir}, []string{"path"}, filepath.Join(dir, ".local", "share", "autonomy", "autonomy.db")},
		{map[string]string{"AUTONOMY_DB": "/x/env.db"}, []string{"path"}, "/x/env.db"},
		{map[string]string{"AUTONOMY_DB": "/x/env.db"}, []string{"path", "--db", "/y/flag.db"}, "/y/flag.db"},
	}
	for _, c := range cases {
		out, err := run(t, c.env, c.args...)
		if err != nil || strings.TrimSpace(out) != c.want {
			t.Errorf("%v %v: %q, %v; want %q", c.env, c.args, out, err, c.want)
		}
	}
}

// builtBinary is the binary the tests that run it share, built once by
// buildBinary in a directory TestMain removes.
var builtBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

func TestMain(m *testing.M) {
	// The tests that run the binary in a pty or over SSH mostly wait for
	// it: run more of them at once than the machine has cores, unless
	// -parallel says how many.
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", "8")
	}
	code := m.Run()
	if builtBinary.dir != "" {
		os.RemoveAll(builtBinary.dir)
	}
	os.Exit(code)
}

// buildBinary builds autonomy once for the tests that run it.
func buildBinary(t testing.TB) string {
	t.Helper()
	b := &builtBinary
	b.once.Do(func() {
		if b.dir, b.err = os.MkdirTemp("", "autonomy-test-bin-"); b.err != nil {
			return
		}
		b.path = filepath.Join(b.dir, "autonomy")
		cmd := exec.Command("go", "build", "-o", b.path, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		b.out, b.err = cmd.CombinedOutput()
	})
	if b.err != nil {
		t.Fatalf("build: %v\n%s", b.err, b.out)
	}
	return b.path
}

func TestWithoutATerminalItSaysSoAndWritesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	data := t.TempDir()
	for _, setsid := range []bool{false, true} {
		cmd := exec.Command(bin)
		// Not in accessible mode, which needs no terminal.
		cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+data, "AUTONOMY_DB=", "ACCESSIBLE=")
		cmd.Stdin = nil // /dev/null
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if setsid {
			cmd.SysProcAttr = sysProcAttrSetsid()
		}
		err := cmd.Run()
		if err == nil {
			t.Fatalf("setsid=%v: want a non-zero exit", setsid)
		}
		if stdout.Len() != 0 {
			t.Fatalf("setsid=%v: stdout %q", setsid, stdout.String())
		}
		msg := stderr.String()
		if !strings.Contains(msg, "needs a terminal") || !strings.Contains(msg, "autonomy read") {
			t.Fatalf("setsid=%v: stderr %q", setsid, msg)
		}
		if entries, _ := os.ReadDir(data); len(entries) != 0 {
			t.Fatalf("setsid=%v: files were created: %v", setsid, entries)
		}
	}
}

// openProgram opens the database at path and the workbook on it, as main
// does, in a test terminal of w×h.
func openProgram(t *testing.T, path string, w, h int) (*store.Store, *teatest.TestModel) {
	t.Helper()
	wb, err := loadWorkbook()
	if err != nil {
		t.Fatal(err)
	}
	st, _, err := openStore(context.Background(), path, wb, useTUI, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := newModel(context.Background(), st, wb)
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	return st, teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
}

// TestSearchQuitReopen drives the whole program: open, search
// "retaliation", quit, reopen: the safety section is shown.
func TestSearchQuitReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "autonomy.db")
	open := func() (*store.Store, *teatest.TestModel) { return openProgram(t, path, 100, 30) }

	st, tm := open()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Leadership, Work")) })
	tm.Send(tea.KeyPressMsg{Code: '/', Text: "/"})
	tm.Type("retaliation")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Match 1 of 1")) })
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	st.Close()

	st, tm = open()
	defer st.Close()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("Safety boundary")) && bytes.Contains(b, []byte("retaliation risk"))
	}, teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestStartRunScopeQuitReopen drives the whole program from an empty
// database: start a run, fill the scope sentence, save, quit, reopen:
// Home shows the scope done and the next step has moved on.
func TestStartRunScopeQuitReopen(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	path := filepath.Join(t.TempDir(), "autonomy.db")
	open := func() (*store.Store, *teatest.TestModel) { return openProgram(t, path, 100, 40) }
	has := func(s string) func([]byte) bool {
		return func(b []byte) bool { return bytes.Contains(b, []byte(s)) }
	}
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	save := tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}

	st, tm := open()
	teatest.WaitFor(t, tm.Output(), has("Start a run"))
	tm.Send(enter)
	teatest.WaitFor(t, tm.Output(), has("One real challenge"))
	tm.Send(tea.PasteMsg{Content: "Own the release process"})
	// The level today: nothing is chosen for the person.
	tab, down := tea.KeyPressMsg{Code: tea.KeyTab}, tea.KeyPressMsg{Code: tea.KeyDown}
	tm.Send(tab)
	tm.Send(tab)
	tm.Send(down)
	tm.Send(save)
	teatest.WaitFor(t, tm.Output(), has("Day 1: Scope"))
	tm.Send(enter)
	teatest.WaitFor(t, tm.Output(), has("Your scope in one sentence"))
	tm.Send(tea.PasteMsg{Content: "I own the release checklist."})
	tm.Send(save)
	teatest.WaitFor(t, tm.Output(), has("Recurring blockers — list"))
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	st.Close()

	st, tm = open()
	defer st.Close()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("✓ Scope")) && bytes.Contains(b, []byte("Next: Day 1: Recurring blockers"))
	}, teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// Without an absolute XDG_DATA_HOME or HOME there is no place for the
// data: the commands say so and name --db, and write nothing under the
// current directory.
func TestNoPlaceForTheData(t *testing.T) {
	cwd := t.TempDir()
	t.Chdir(cwd)
	for _, env := range []map[string]string{
		{"AUTONOMY_DB": "", "XDG_DATA_HOME": "", "HOME": ""},
		{"AUTONOMY_DB": "", "XDG_DATA_HOME": "data", "HOME": "home"},
	} {
		for _, args := range [][]string{{"path"}, {"export"}, {"backup"}} {
			out, err := run(t, env, args...)
			if err == nil || !strings.Contains(err.Error(), "cannot find a place for the data") || !strings.Contains(err.Error(), "--db") {
				t.Errorf("%v %v: %q, %v", env, args, out, err)
			}
		}
	}
	if entries, _ := os.ReadDir(cwd); len(entries) != 0 {
		t.Errorf("files written under the current directory: %v", entries)
	}
	if stateDir() != "" {
		t.Errorf("state dir %q without a home", stateDir())
	}
}
