package main

import (
	"bytes"
	"context"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"autonomy/serve"
	"autonomy/serve/servetest"
	"autonomy/store"
	"autonomy/workbook"
)

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyCtrlS = "\x13"
	keyCtrlE = "\x05"
)

// servedFixture is `autonomy serve` as main wires it, on 127.0.0.1:0.
type servedFixture struct {
	t    testing.TB
	addr string
	data string
	wb   *workbook.Workbook
	logs *servetest.Log
}

// startServed serves the people given (name → keys); tweak, if given,
// changes the configuration first.
func startServed(t testing.TB, people map[string][]servetest.Key, tweak ...func(*serve.Config)) *servedFixture {
	t.Helper()
	store.SetUmask() // as main does, first thing
	dir := t.TempDir()
	var lines []string
	for name, keys := range people {
		for _, k := range keys {
			lines = append(lines, k.AuthorizedLine(name))
		}
	}
	users := filepath.Join(dir, "users")
	if err := os.WriteFile(users, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wb, err := loadWorkbook()
	if err != nil {
		t.Fatal(err)
	}
	f := &servedFixture{t: t, data: filepath.Join(dir, "data"), wb: wb, logs: &servetest.Log{}}
	cfg := serve.Config{
		Listen:      "127.0.0.1:0",
		UsersFile:   users,
		DataDir:     f.data,
		HostKeyFile: filepath.Join(dir, "state", "ssh_host_ed25519_key"),
		Log:         log.New(f.logs, "", 0),
		TUI:         servedTUI(wb),
		Commands:    servedCommands(wb),
	}
	for _, fn := range tweak {
		fn(&cfg)
	}
	srv, err := serve.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := srv.Listen()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve() }()
	t.Cleanup(func() {
		srv.Shutdown()
		<-done
	})
	f.addr = addr.String()
	return f
}

func (f *servedFixture) dbPath(person string) string {
	return filepath.Join(f.data, person, "autonomy.db")
}

// store opens a person's database as the server does.
func (f *servedFixture) store(person string) *store.Store {
	f.t.Helper()
	st, err := store.Open(f.dbPath(person))
	if err != nil {
		f.t.Fatal(err)
	}
	if err := st.SetExercises(context.Background(), f.wb.Exercises); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { st.Close() })
	return st
}

// startRunFor starts a run in a person's database, as if done earlier.
func (f *servedFixture) startRunFor(person, challenge string) workbook.Run {
	f.t.Helper()
	st := f.store(person)
	ex, _ := f.wb.Exercise("challenge")
	run, err := st.StartRun(context.Background(), ex, workbook.Answer{Fields: map[string]string{"challenge": challenge}}, time.Now())
	if err != nil {
		f.t.Fatal(err)
	}
	return run
}

func (f *servedFixture) open(k servetest.Key) *servetest.Term {
	f.t.Helper()
	tm := servetest.OpenTerm(f.t, f.addr, k, 100, 30)
	tm.WaitFor("Leadership, Work, and Autonomy")
	return tm
}

// scopeForm opens the scope form from Home's next step (a run started).
func scopeForm(tm *servetest.Term) {
	tm.WaitFor("Next: Day 1: Scope")
	tm.Send(keyEnter)
	tm.WaitFor("Your scope in one sentence")
}

// entryTexts is every saved text of an exercise's field in the person's
// latest run, all revisions.
func (f *servedFixture) entryTexts(person, exercise, field string) []string {
	f.t.Helper()
	st := f.store(person)
	ctx := context.Background()
	runs, err := st.Runs(ctx)
	if err != nil || len(runs) == 0 {
		f.t.Fatalf("runs: %v %v", runs, err)
	}
	entries, err := st.Entries(ctx, runs[len(runs)-1].ID)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Exercise != exercise {
			continue
		}
		revs, err := st.Revisions(ctx, e.ID)
		if err != nil {
			f.t.Fatal(err)
		}
		for _, r := range revs {
			out = append(out, r.Answer.Fields[field])
		}
	}
	slices.Sort(out)
	return out
}

func TestServedKnownKeyOpensHome(t *testing.T) {
	t.Parallel()
	alice := servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {alice}})
	tm := f.open(alice)
	tm.WaitFor("Next: Start a run")
	tm.WaitFor("8  Safety note")
	fi, err := os.Stat(f.dbPath("alice"))
	if err != nil {
		t.Fatal(err)
	}
	di, _ := os.Stat(filepath.Dir(f.dbPath("alice")))
	if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
		t.Fatalf("modes: database %v, its directory %v", fi.Mode(), di.Mode())
	}
}

func TestServedTwoKeysOfOnePersonSeeTheSameEntries(t *testing.T) {
	t.Parallel()
	laptop, desktop := servetest.NewKey(t), servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {laptop, desktop}})
	tm := f.open(laptop)
	tm.WaitFor("Next: Start a run")
	tm.Send(keyEnter)
	tm.WaitFor("One real challenge")
	tm.Send("Ship the billing migration")
	tm.Send("\t\t\x1b[B") // the level today: nothing is chosen for the person
	tm.Send(keyCtrlS)
	tm.WaitFor("Challenge: Ship the billing migration")
	other := f.open(desktop)
	other.WaitFor("Challenge: Ship the billing migration")
	other.WaitFor("Next: Day 1: Scope")
}

func TestServedPeopleNeverSeeEachOther(t *testing.T) {
	t.Parallel()
	alice, bob := servetest.NewKey(t), servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {alice}, "bob": {bob}})
	f.startRunFor("alice", "Alice's private challenge")
	a := f.open(alice)
	a.WaitFor("Challenge: Alice's private challenge")
	b := f.open(bob)
	b.WaitFor("Next: Start a run")
	if strings.Contains(b.Output(), "Alice's private") {
		t.Fatal("bob's screen shows alice's challenge")
	}
	if f.dbPath("alice") == f.dbPath("bob") {
		t.Fatal("one database for two people")
	}
	for _, p := range []string{"alice", "bob"} {
		if _, err := os.Stat(f.dbPath(p)); err != nil {
			t.Fatalf("%s's database: %v", p, err)
		}
	}
	if runs, _ := f.store("bob").Runs(context.Background()); len(runs) != 0 {
		t.Fatalf("bob's database holds %d runs", len(runs))
	}
}

func TestServedTwoSessionsSavingAtOnceBothLand(t *testing.T) {
	t.Parallel()
	alice := servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {alice}})
	f.startRunFor("alice", "Own the release")
	one, two := f.open(alice), f.open(alice)
	scopeForm(one)
	scopeForm(two)
	one.Send("I own the release notes.")
	two.Send("I own the release checklist.")
	one.WaitFor("> I own the release notes.")
	two.WaitFor("> I own the release checklist.")
	var wg sync.WaitGroup
	for _, tm := range []*servetest.Term{one, two} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tm.Send(keyCtrlS)
		}()
	}
	wg.Wait()
	one.WaitFor("Saved ")
	two.WaitFor("Saved ")
	got := f.entryTexts("alice", "scope", "scope")
	want := []string{"I own the release checklist.", "I own the release notes."}
	if !slices.Equal(got, want) {
		t.Fatalf("saved scopes: %q, want both %q", got, want)
	}
}

func TestServedDisconnectMidFormKeepsTheDraft(t *testing.T) {
	t.Parallel()
	alice := servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {alice}})
	f.startRunFor("alice", "Own the release")
	tm := f.open(alice)
	scopeForm(tm)
	tm.Send("I own the cutover")
	tm.WaitFor("> I own the cutover")
	// Gone before the draft's one-second debounce: only the session's end
	// can keep it.
	tm.Close()
	st := f.store("alice")
	var drafts []workbook.Draft
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		drafts, _ = st.Drafts(context.Background())
		if len(drafts) > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(drafts) != 1 || drafts[0].Answer.Fields["scope"] != "I own the cutover" {
		t.Fatalf("drafts after the disconnect: %+v", drafts)
	}
	again := f.open(alice)
	again.WaitFor("Drafts")
	again.Send(keyEnter)
	again.WaitFor("Draft from")
	again.WaitFor("> I own the cutover")
}

func TestServedEditorIsNeverStarted(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "editor-ran")
	script := filepath.Join(t.TempDir(), "editor.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("EDITOR", script)
	t.Setenv("VISUAL", script)
	alice := servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {alice}})
	f.startRunFor("alice", "Own the release")
	tm := servetest.OpenTerm(t, f.addr, alice, 100, 30, "EDITOR="+script, "VISUAL="+script)
	scopeForm(tm)
	if strings.Contains(tm.Screen(), "$EDITOR") {
		t.Fatalf("the help line offers $EDITOR:\n%s", tm.Screen())
	}
	tm.Send(keyCtrlE)
	tm.WaitFor("No $EDITOR here")
	tm.Send("still typing")
	tm.WaitFor("> still typing")
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("$EDITOR ran on the server")
	}
}

func TestServedThemeAndColoursComeFromTheClient(t *testing.T) {
	t.Parallel()
	alice := servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {alice}})
	// The accent colour of each theme, in true colour.
	const lightAccent, darkAccent = "38;2;90;63;209", "38;2;166;148;255"
	light := servetest.OpenTerm(t, f.addr, alice, 100, 30, "AUTONOMY_THEME=light", "COLORTERM=truecolor")
	light.WaitFor("Next: Start a run")
	if raw := string(light.Raw()); !strings.Contains(raw, lightAccent) || strings.Contains(raw, darkAccent) {
		t.Error("AUTONOMY_THEME=light did not give the light colours")
	}
	dark := servetest.OpenTerm(t, f.addr, alice, 100, 30, "AUTONOMY_THEME=dark", "COLORTERM=truecolor")
	dark.WaitFor("Next: Start a run")
	if raw := string(dark.Raw()); !strings.Contains(raw, darkAccent) {
		t.Error("AUTONOMY_THEME=dark did not give the dark colours")
	}
	plain := servetest.OpenTerm(t, f.addr, alice, 100, 30, "NO_COLOR=1")
	plain.WaitFor("Next: Start a run")
	if raw := string(plain.Raw()); strings.Contains(raw, "38;2;") || strings.Contains(raw, "38;5;") {
		t.Error("NO_COLOR from the client still gave colours")
	}
	bad := servetest.OpenTerm(t, f.addr, alice, 100, 30, "AUTONOMY_THEME=blue")
	bad.WaitForOutput(`AUTONOMY_THEME="blue": want dark or light`)
}

func TestServedCommandsOutsideTheListAreRefused(t *testing.T) {
	t.Parallel()
	alice := servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {alice}})
	for _, cmd := range []string{"rm -rf ~", "backup /tmp/x", "serve", "read", "--db /etc/passwd export"} {
		r := servetest.Run(f.addr, alice, cmd, nil)
		if r.Err != nil || r.Code != 1 || !strings.HasPrefix(string(r.Stderr), "autonomy: not a command here; the commands are: ") ||
			strings.Count(string(r.Stderr), "\n") != 1 {
			t.Errorf("%q: %+v %q", cmd, r, r.Stderr)
		}
	}
	r := servetest.Run(f.addr, alice, "export", nil)
	if r.Code != 1 || string(r.Stderr) != "autonomy: no workbook here yet: open it once (ssh -t …), or import a file (ssh … import < all.json)\n" {
		t.Errorf("export before any workbook: %+v %q", r, r.Stderr)
	}
	// next before any workbook: no run, nothing created.
	r = servetest.Run(f.addr, alice, "next", nil)
	if r.Code != 0 || string(r.Stdout) != "No run: start one with autonomy\n" {
		t.Errorf("next: %+v %q %q", r, r.Stdout, r.Stderr)
	}
	f.startRunFor("alice", "Own the release")
	r = servetest.Run(f.addr, alice, "next --format json", nil)
	if r.Code != 0 || !strings.Contains(string(r.Stdout), `"status":"active","run":1,"day":1,"days":30`) {
		t.Errorf("next --format json: %+v %q %q", r, r.Stdout, r.Stderr)
	}
}

// An idle session ends, even in a form (a blinking cursor is no
// activity), and keeps what was typed as a draft.
func TestServedIdleSessionEndsAndKeepsTheDraft(t *testing.T) {
	t.Parallel()
	alice := servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {alice}}, func(c *serve.Config) { c.IdleTimeout = 3 * time.Second })
	f.startRunFor("alice", "Own the release")
	tm := f.open(alice)
	scopeForm(tm)
	tm.Send("left for lunch")
	tm.WaitFor("> left for lunch")
	if err := tm.Wait(); err == nil {
		t.Log("the session ended with exit 0")
	}
	drafts, err := f.store("alice").Drafts(context.Background())
	if err != nil || len(drafts) != 1 || drafts[0].Answer.Fields["scope"] != "left for lunch" {
		t.Fatalf("drafts after the idle timeout: %+v %v", drafts, err)
	}
}

// export and import over SSH are the local commands, byte for byte: what
// one person exports imports into another's database, whose export is
// then the same bytes, and the same as a local export.
func TestServedExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	alice, bob := servetest.NewKey(t), servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {alice}, "bob": {bob}})
	seed(t, f.dbPath("alice"))
	local := exportJSON(t, f.dbPath("alice"))

	r := servetest.Run(f.addr, alice, "export --format json", nil)
	if r.Err != nil || r.Code != 0 || len(r.Stderr) != 0 {
		t.Fatalf("export: %+v %s", r, r.Stderr)
	}
	if !bytes.Equal(r.Stdout, local) {
		t.Fatal("the export over SSH differs from the local one")
	}
	in := servetest.Run(f.addr, bob, "import", r.Stdout)
	if in.Err != nil || in.Code != 0 || !strings.HasPrefix(string(in.Stdout), "Imported 2 runs") {
		t.Fatalf("import: %+v %q %q", in, in.Stdout, in.Stderr)
	}
	back := servetest.Run(f.addr, bob, "export --format json", nil)
	if !bytes.Equal(back.Stdout, r.Stdout) {
		t.Fatal("export → import → export over SSH is not byte-identical")
	}
	again := servetest.Run(f.addr, bob, "import", r.Stdout)
	if !strings.HasPrefix(string(again.Stdout), "Nothing new") {
		t.Fatalf("a second import: %q", again.Stdout)
	}
	md := servetest.Run(f.addr, alice, "export --run 1 --exclude feedback", nil)
	if md.Code != 0 || !strings.HasPrefix(string(md.Stdout), "# ") {
		t.Fatalf("a report over SSH: %+v %q", md, md.Stderr)
	}
}

// Over SSH, nothing reads or writes the server's files for a client, nor
// asks on the server's terminal; a bad file changes nothing.
func TestServedCommandsTouchNoServerFile(t *testing.T) {
	t.Parallel()
	alice := servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {alice}})
	seed(t, f.dbPath("alice"))
	before := exportJSON(t, f.dbPath("alice"))
	target := filepath.Join(t.TempDir(), "written.json")
	for _, cmd := range []string{
		"export -o " + target, "export --output=" + target, "export -o" + target,
		"export --encrypt", "export --recipient age1xyz", "export --recipients-file /etc/passwd",
		"import " + target, "import --identity /etc/ssh/ssh_host_ed25519_key", "export --db /tmp/x.db",
	} {
		r := servetest.Run(f.addr, alice, cmd, nil)
		if r.Code != 1 || strings.Count(string(r.Stderr), "\n") != 1 {
			t.Errorf("%q: %+v %q", cmd, r, r.Stderr)
		}
	}
	if _, err := os.Stat(target); err == nil {
		t.Fatal("a file was written on the server")
	}
	// An encrypted file cannot be opened here: no terminal to ask on.
	dir := t.TempDir()
	sealed := filepath.Join(dir, "all.age")
	if _, err := runAsking(t, &typed{answers: []string{"pw", "pw"}}, "--db", f.dbPath("alice"), "export", "--format", "json", "--encrypt", "-o", sealed); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(sealed)
	r := servetest.Run(f.addr, alice, "import", data)
	if r.Code != 1 || !strings.Contains(string(r.Stderr), "stdin is encrypted, and its passphrase cannot be asked here") {
		t.Fatalf("an encrypted import over SSH: %+v %q", r, r.Stderr)
	}
	bad := servetest.Run(f.addr, alice, "import", []byte(`{"format":"autonomy/2","runs":[{"id":1}]}`))
	if bad.Code != 1 || len(bad.Stderr) == 0 {
		t.Fatalf("a bad file: %+v", bad)
	}
	if after := exportJSON(t, f.dbPath("alice")); !bytes.Equal(before, after) {
		t.Fatal("a refused command changed the database")
	}
}

// A served import behind another writer waits for it, and says so to the
// client, not on the server's stderr; it lands once the other is done.
func TestServedImportWaitsAndSaysSo(t *testing.T) {
	t.Parallel()
	alice, bob := servetest.NewKey(t), servetest.NewKey(t)
	f := startServed(t, map[string][]servetest.Key{"alice": {alice}, "bob": {bob}})
	seed(t, f.dbPath("alice"))
	file := exportJSON(t, f.dbPath("alice"))
	f.store("bob") // an empty workbook
	release := holdWrite(t, f.dbPath("bob"))

	c, err := servetest.Dial(f.addr, bob, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr servetest.Log
	s.Stdout, s.Stderr, s.Stdin = &stdout, &stderr, bytes.NewReader(file)
	if err := s.Start("import"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(stderr.String(), "Waiting for another autonomy process"); {
		if time.Now().After(deadline) {
			t.Fatalf("no word of the wait to the client: stderr %q, stdout %q", stderr.String(), stdout.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	release()
	if err := s.Wait(); err != nil || !strings.HasPrefix(stdout.String(), "Imported 2 runs") {
		t.Fatalf("import after the wait: %v, %q, %q", err, stdout.String(), stderr.String())
	}
}
