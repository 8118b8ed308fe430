package serve

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"autonomy/serve/servetest"

	tea "charm.land/bubbletea/v2"
)

// notepad is a small program for the server's plumbing: it shows who is
// connected and keeps what is typed, which End writes to a file beside
// where the person's database would be.
type notepad struct {
	person string
	text   string
	width  int
	panics bool
}

func (m *notepad) Init() tea.Cmd { return nil }

func (m *notepad) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width = msg.Width
	case tea.KeyPressMsg:
		switch msg.String() {
		case "ctrl+q":
			return m, tea.Quit
		case "ctrl+p":
			if m.panics {
				panic("secret answer text")
			}
		default:
			m.text += msg.Text
		}
	}
	return m, nil
}

func (m *notepad) View() tea.View {
	v := tea.NewView("notepad of " + m.person + " width " + itoa(m.width) + "\n> " + m.text + "|")
	v.AltScreen = true
	return v
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// fixture is a running server over temp directories.
type fixture struct {
	t     *testing.T
	srv   *Server
	addr  string
	users string
	data  string
	logs  *servetest.Log

	mu    sync.Mutex
	built int
	ended []string // the text each session's End kept
}

func start(t *testing.T, usersFile string, tweak func(*Config)) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{t: t, users: filepath.Join(dir, "users"), data: filepath.Join(dir, "data"), logs: &servetest.Log{}}
	if err := os.WriteFile(f.users, []byte(usersFile), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Listen:      "127.0.0.1:0",
		UsersFile:   f.users,
		DataDir:     f.data,
		HostKeyFile: filepath.Join(dir, "state", "ssh_host_ed25519_key"),
		Log:         log.New(f.logs, "", 0),
		TUI: func(s Session) (App, error) {
			f.mu.Lock()
			f.built++
			f.mu.Unlock()
			m := &notepad{person: s.Person, panics: s.Getenv("PANIC") == "1"}
			return App{Model: m, End: func(final tea.Model) error {
				text := final.(*notepad).text
				f.mu.Lock()
				f.ended = append(f.ended, text)
				f.mu.Unlock()
				return nil
			}}, nil
		},
		Commands: map[string]Command{
			"echo": func(_ context.Context, c Call) error {
				_, err := io.Copy(c.Stdout, c.Stdin)
				return err
			},
			"whoami": func(_ context.Context, c Call) error {
				_, err := io.WriteString(c.Stdout, c.Person+" "+c.DBPath+" "+strings.Join(c.Args, ","))
				return err
			},
			"fail": func(context.Context, Call) error { return errors.New("it failed") },
		},
	}
	if tweak != nil {
		tweak(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := srv.Listen()
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	t.Cleanup(func() {
		srv.Shutdown()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	f.srv, f.addr = srv, addr.String()
	return f
}

func (f *fixture) endedTexts() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ended...)
}

// waitEnded waits for n sessions to have ended.
func (f *fixture) waitEnded(n int) []string {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if e := f.endedTexts(); len(e) >= n {
			return e
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.t.Fatalf("%d sessions ended, want %d", len(f.endedTexts()), n)
	return nil
}

func TestUnknownKeyRefusedBeforeAnySession(t *testing.T) {
	alice, stranger := servetest.NewKey(t), servetest.NewKey(t)
	f := start(t, alice.AuthorizedLine("alice")+"\n", nil)
	_, err := servetest.Dial(f.addr, stranger, "")
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("a stranger's key: %v, want an authentication failure", err)
	}
	if r := servetest.Run(f.addr, stranger, "echo", []byte("hi")); r.Err == nil {
		t.Fatalf("a stranger ran a command: %+v", r)
	}
	f.mu.Lock()
	built := f.built
	f.mu.Unlock()
	if built != 0 {
		t.Fatalf("%d programs built for a stranger", built)
	}
	if !strings.Contains(f.logs.String(), "refused key "+stranger.Fingerprint()) {
		t.Errorf("the log does not name the refused key:\n%s", f.logs.String())
	}
	if _, err := os.Stat(f.data); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(f.data); len(entries) != 0 {
		t.Errorf("the data dir holds %v after a refusal", entries)
	}
}

func TestKnownKeyOpensTheProgramWithItsSize(t *testing.T) {
	alice := servetest.NewKey(t)
	f := start(t, "# people\n\n"+alice.AuthorizedLine("alice")+"\n", nil)
	tm := servetest.OpenTerm(t, f.addr, alice, 90, 20)
	tm.WaitFor("notepad of alice width 90")
	tm.Send("hello")
	tm.WaitFor("> hello|")
	tm.Send("\x11") // ctrl+q
	if err := tm.Wait(); err != nil {
		t.Fatalf("exit: %v", err)
	}
	if got := f.waitEnded(1); got[0] != "hello" {
		t.Fatalf("End got %q", got[0])
	}
}

func TestUsersFileIsReadAgainOnChange(t *testing.T) {
	alice, bob := servetest.NewKey(t), servetest.NewKey(t)
	f := start(t, alice.AuthorizedLine("alice")+"\n", nil)
	if r := servetest.Run(f.addr, bob, "whoami", nil); r.Err == nil {
		t.Fatal("bob got in before being added")
	}
	write := func(s string) {
		// Editors save by renaming a new file over the old one.
		tmp := f.users + ".new"
		if err := os.WriteFile(tmp, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, f.users); err != nil {
			t.Fatal(err)
		}
	}
	write(alice.AuthorizedLine("alice") + "\n" + bob.AuthorizedLine("bob") + "\n")
	if r := servetest.Run(f.addr, bob, "whoami", nil); r.Err != nil || r.Code != 0 || !strings.HasPrefix(string(r.Stdout), "bob ") {
		t.Fatalf("bob after being added: %+v (%s)", r, r.Stderr)
	}
	write(bob.AuthorizedLine("bob") + "\n")
	if r := servetest.Run(f.addr, alice, "whoami", nil); r.Err == nil {
		t.Fatalf("alice got in after being removed: %+v", r)
	}
	// A file that no longer parses lets no one in, not even keys it held.
	write(bob.AuthorizedLine("bob") + "\nnot a valid line\n")
	if r := servetest.Run(f.addr, bob, "whoami", nil); r.Err == nil {
		t.Fatalf("bob got in while the users file is broken: %+v", r)
	}
	if !strings.Contains(f.logs.String(), "refusing every key until it is fixed") {
		t.Errorf("the log does not say the file is broken:\n%s", f.logs.String())
	}
	write(bob.AuthorizedLine("bob") + "\n")
	if r := servetest.Run(f.addr, bob, "whoami", nil); r.Err != nil {
		t.Fatalf("bob after the fix: %+v", r)
	}
	// A file others can write to lets no one in: they could add a key.
	os.Chmod(f.users, 0o666)
	if r := servetest.Run(f.addr, bob, "whoami", nil); r.Err == nil {
		t.Fatal("bob got in through a world-writable users file")
	}
	if !strings.Contains(f.logs.String(), "others can write to it") {
		t.Errorf("the log does not say why:\n%s", f.logs.String())
	}
}

func TestSeveralKeysOnePerson(t *testing.T) {
	laptop, desktop := servetest.NewKey(t), servetest.NewKey(t)
	f := start(t, laptop.AuthorizedLine("alice")+"\n"+desktop.AuthorizedLine("alice")+"\n", nil)
	want := filepath.Join(f.data, "alice", "autonomy.db")
	for _, k := range []servetest.Key{laptop, desktop} {
		r := servetest.Run(f.addr, k, "whoami a b", nil)
		if r.Err != nil || string(r.Stdout) != "alice "+want+" a,b" {
			t.Fatalf("whoami: %+v %q", r, r.Stdout)
		}
	}
}

func TestCommandsOutsideTheListAreRefused(t *testing.T) {
	alice := servetest.NewKey(t)
	f := start(t, alice.AuthorizedLine("alice")+"\n", nil)
	r := servetest.Run(f.addr, alice, "echo", []byte("through stdin"))
	if r.Err != nil || r.Code != 0 || string(r.Stdout) != "through stdin" {
		t.Fatalf("echo: %+v", r)
	}
	for _, cmd := range []string{"sh -c 'touch /tmp/x'", "rm -rf /", "scp -t .", "\x1b]52;c;aGk=\x07"} {
		r := servetest.Run(f.addr, alice, cmd, nil)
		if r.Err != nil || r.Code != 1 {
			t.Fatalf("%q: %+v, want exit 1", cmd, r)
		}
		want := "autonomy: not a command here; the commands are: echo, fail, whoami (or none, with ssh -t, for the workbook)\n"
		if string(r.Stderr) != want || len(r.Stdout) != 0 {
			t.Errorf("%q: stderr %q stdout %q, want one line", cmd, r.Stderr, r.Stdout)
		}
	}
	r = servetest.Run(f.addr, alice, "fail", nil)
	if r.Code != 1 || string(r.Stderr) != "autonomy: it failed\n" {
		t.Errorf("fail: %+v %q", r, r.Stderr)
	}
	if strings.Contains(f.logs.String(), "touch") || strings.Contains(f.logs.String(), "rm -rf") {
		t.Errorf("the log repeats what was asked:\n%s", f.logs.String())
	}
	// No command and no terminal: the workbook cannot open; one line says
	// how.
	r = servetest.Run(f.addr, alice, "", nil)
	if r.Code != 1 || !strings.Contains(string(r.Stderr), "needs a terminal: connect with ssh -t") {
		t.Errorf("no command, no terminal: %+v %q", r, r.Stderr)
	}
}

func TestSessionCapPerPerson(t *testing.T) {
	alice, bob := servetest.NewKey(t), servetest.NewKey(t)
	f := start(t, alice.AuthorizedLine("alice")+"\n"+bob.AuthorizedLine("bob")+"\n", func(c *Config) { c.MaxSessions = 2 })
	a1 := servetest.OpenTerm(t, f.addr, alice, 80, 24)
	a2 := servetest.OpenTerm(t, f.addr, alice, 80, 24)
	a1.WaitFor("notepad of alice")
	a2.WaitFor("notepad of alice")
	a3 := servetest.OpenTerm(t, f.addr, alice, 80, 24)
	a3.WaitForOutput("alice already has 2 sessions open")
	if err := a3.Wait(); err == nil {
		t.Error("the third session exited 0")
	}
	// Someone else is not counted against alice.
	servetest.OpenTerm(t, f.addr, bob, 80, 24).WaitFor("notepad of bob")
	// One closed makes room.
	a1.Send("\x11")
	a1.Wait()
	f.waitEnded(1)
	servetest.OpenTerm(t, f.addr, alice, 80, 24).WaitFor("notepad of alice")
}

// However a session ends (the connection idles out or drops, the server
// drains), End gets the text as it was, and a drained session reads a
// goodbye line.
func TestTheTextIsKeptHoweverTheSessionEnds(t *testing.T) {
	for _, c := range []struct {
		name  string
		tweak func(*Config)
		end   func(*fixture, *servetest.Term)
	}{
		{"idle", func(c *Config) { c.IdleTimeout = time.Second }, func(_ *fixture, tm *servetest.Term) { tm.Wait() }},
		{"disconnect", nil, func(_ *fixture, tm *servetest.Term) { tm.Close() }},
		{"drain", nil, func(f *fixture, tm *servetest.Term) {
			done := make(chan error, 1)
			go func() { done <- f.srv.Shutdown() }()
			tm.WaitForOutput("the server is stopping; what you were typing is kept as a draft")
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("Shutdown: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Shutdown did not return")
			}
			if _, err := servetest.Dial(f.addr, servetest.NewKey(t), ""); err == nil {
				t.Fatal("a connection was accepted after Shutdown")
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			alice := servetest.NewKey(t)
			f := start(t, alice.AuthorizedLine("alice")+"\n", c.tweak)
			tm := servetest.OpenTerm(t, f.addr, alice, 80, 24)
			tm.WaitFor("notepad of alice")
			tm.Send("half a thought")
			tm.WaitFor("> half a thought|")
			c.end(f, tm)
			if got := f.waitEnded(1); got[0] != "half a thought" {
				t.Fatalf("kept %q", got[0])
			}
		})
	}
}

func TestPanicKeepsTheTextAndLogsNoValue(t *testing.T) {
	alice := servetest.NewKey(t)
	f := start(t, alice.AuthorizedLine("alice")+"\n", nil)
	tm := servetest.OpenTerm(t, f.addr, alice, 80, 24, "PANIC=1")
	tm.WaitFor("notepad of alice")
	tm.Send("before the bug")
	tm.WaitFor("> before the bug|")
	tm.Send("\x10") // ctrl+p panics
	tm.WaitForOutput("this session stopped on a bug")
	if got := f.waitEnded(1); got[0] != "before the bug" {
		t.Fatalf("kept %q", got[0])
	}
	logs := f.logs.String()
	// The stack is the panic's: it names the Update that panicked.
	if !strings.Contains(logs, "panic of type string") || !strings.Contains(logs, "(*notepad).Update") || strings.Contains(logs, "secret answer text") {
		t.Errorf("log:\n%s", logs)
	}
	// The server lives on.
	servetest.OpenTerm(t, f.addr, alice, 80, 24).WaitFor("notepad of alice")
}

func TestOneLogLinePerSessionWithoutText(t *testing.T) {
	alice := servetest.NewKey(t)
	f := start(t, alice.AuthorizedLine("alice")+"\n", nil)
	tm := servetest.OpenTerm(t, f.addr, alice, 80, 24)
	tm.WaitFor("notepad of alice")
	tm.Send("my private answer")
	tm.WaitFor("> my private answer|")
	local := tm.Client.LocalAddr().String()
	tm.Send("\x11")
	tm.Wait()
	f.waitEnded(1)
	var lines []string
	deadline := time.Now().Add(5 * time.Second)
	for len(lines) == 0 && time.Now().Before(deadline) {
		for _, l := range strings.Split(f.logs.String(), "\n") {
			if strings.HasPrefix(l, "session ") {
				lines = append(lines, l)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(lines) != 1 {
		t.Fatalf("session lines: %q", lines)
	}
	l := lines[0]
	for _, want := range []string{"user=alice", "key=" + alice.Fingerprint(), "from=" + local, "duration=", "workbook"} {
		if !strings.Contains(l, want) {
			t.Errorf("log line %q lacks %q", l, want)
		}
	}
	if strings.Contains(f.logs.String(), "private") {
		t.Errorf("the log holds typed text:\n%s", f.logs.String())
	}
}

func TestConnectionRateLimit(t *testing.T) {
	alice := servetest.NewKey(t)
	f := start(t, alice.AuthorizedLine("alice")+"\n", func(c *Config) { c.ConnRate, c.ConnBurst = 0.001, 2 })
	for i := 0; i < 2; i++ {
		if r := servetest.Run(f.addr, alice, "whoami", nil); r.Err != nil {
			t.Fatalf("connection %d: %v", i+1, r.Err)
		}
	}
	if r := servetest.Run(f.addr, alice, "whoami", nil); r.Err == nil {
		t.Fatal("the third connection in a burst of 2 was let in")
	}
	if !strings.Contains(f.logs.String(), "too many at once") {
		t.Errorf("log:\n%s", f.logs.String())
	}
}

func TestHostKeyIsMadeOnceAndPrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state", "autonomy", "ssh_host_ed25519_key")
	s1, created, err := hostKey(path)
	if err != nil || !created {
		t.Fatalf("first: %v created=%v", err, created)
	}
	fi, _ := os.Stat(path)
	di, _ := os.Stat(filepath.Dir(path))
	if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
		t.Fatalf("modes %v %v", fi.Mode(), di.Mode())
	}
	s2, created, err := hostKey(path)
	if err != nil || created {
		t.Fatalf("second: %v created=%v", err, created)
	}
	if !bytes.Equal(s1.PublicKey().Marshal(), s2.PublicKey().Marshal()) {
		t.Fatal("the host key changed between starts")
	}
	os.Chmod(path, 0o644)
	if _, _, err := hostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a readable host key: %v", err)
	}
}

func TestServerPresentsItsHostKey(t *testing.T) {
	alice := servetest.NewKey(t)
	f := start(t, alice.AuthorizedLine("alice")+"\n", nil)
	fp, created := f.srv.HostKey()
	if !created || !strings.HasPrefix(fp, "SHA256:") {
		t.Fatalf("HostKey: %q %v", fp, created)
	}
	c, err := servetest.Dial(f.addr, alice, fp)
	if err != nil {
		t.Fatalf("the fingerprint printed is not the key served: %v", err)
	}
	c.Close()
}

func TestParseUsers(t *testing.T) {
	a, b := servetest.NewKey(t), servetest.NewKey(t)
	good := "# comment\n\n" + a.AuthorizedLine("alice") + "\n  " + b.AuthorizedLine("alice") + "\n"
	tb, err := parseUsers([]byte(good))
	if err != nil || tb.people != 1 || len(tb.byKey) != 2 {
		t.Fatalf("good file: %v %+v", err, tb)
	}
	for name, file := range map[string]string{
		"a path as a name":               strings.Replace(a.AuthorizedLine("x"), "x ", "../x ", 1),
		"a dot name":                     strings.Replace(a.AuthorizedLine("x"), "x ", ". ", 1),
		"no key":                         "alice\n",
		"a broken key":                   "alice ssh-ed25519 AAAAnotbase64 c\n",
		"one key, two people":            a.AuthorizedLine("alice") + "\n" + a.AuthorizedLine("bob") + "\n",
		"names that differ in case only": a.AuthorizedLine("alice") + "\n" + b.AuthorizedLine("Alice") + "\n",
		"options before a key":           "alice command=\"x\" " + strings.SplitN(a.AuthorizedLine("y"), " ", 2)[1],
	} {
		if _, err := parseUsers([]byte(file)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.Contains(err.Error(), "line ") {
			t.Errorf("%s: %v does not name the line", name, err)
		}
	}
}

func TestConnLimiterForgetsOldAddresses(t *testing.T) {
	l := newConnLimiter(1, 1)
	for i := 0; i < 1100; i++ {
		l.allow(&net.TCPAddr{IP: net.IPv4(10, 0, byte(i/256), byte(i%256))})
	}
	for _, a := range l.byIP {
		a.seen = a.seen.Add(-2 * time.Minute)
	}
	l.allow(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if len(l.byIP) != 1 {
		t.Fatalf("%d addresses remembered", len(l.byIP))
	}
}

// Each workbook served keeps its own database under a person's directory,
// named as locally; the built-in guide's is autonomy.db.
func TestDBPathByWorkbook(t *testing.T) {
	for name, want := range map[string]string{"": "autonomy.db", "design-doc.db": "design-doc.db"} {
		s := &Server{cfg: Config{DataDir: "/srv/d", DBName: name}}
		if got := s.DBPath("you"); got != filepath.Join("/srv/d", "you", want) {
			t.Errorf("DBName %q: %s", name, got)
		}
	}
}
