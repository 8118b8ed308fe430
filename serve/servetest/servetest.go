// Package servetest is an SSH client for tests of `autonomy serve`: keys,
// a terminal session whose screen can be waited on, and commands run
// without a terminal. It uses golang.org/x/crypto/ssh, as any client would.
package servetest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// Log is a buffer a server's logger can write to while a test reads it.
type Log struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Key is a fresh ed25519 key pair.
type Key struct {
	Signer gossh.Signer
}

// NewKey makes a key.
func NewKey(t testing.TB) Key {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return Key{Signer: s}
}

// AuthorizedLine is the key as a users file line for name.
func (k Key) AuthorizedLine(name string) string {
	return name + " " + strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k.Signer.PublicKey()))) + " " + name + "@test"
}

// Fingerprint is the key's SHA256 fingerprint.
func (k Key) Fingerprint() string { return gossh.FingerprintSHA256(k.Signer.PublicKey()) }

// Dial connects with key as user "you" (the server goes by the key). A
// host key is accepted only if its fingerprint is hostFP, when given.
func Dial(addr string, key Key, hostFP string) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "you",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(key.Signer)},
		HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error {
			if hostFP != "" && gossh.FingerprintSHA256(k) != hostFP {
				return fmt.Errorf("host key %s, want %s", gossh.FingerprintSHA256(k), hostFP)
			}
			return nil
		},
		Timeout: 10 * time.Second,
	})
}

// Term is a session with a terminal, as `ssh -t` opens.
type Term struct {
	t       testing.TB
	Client  *gossh.Client
	Session *gossh.Session
	inMu    sync.Mutex
	in      io.WriteCloser

	mu   sync.Mutex
	out  bytes.Buffer
	term *vt.Emulator // the screen, as the client's terminal shows it
	done chan struct{}
	err  error
}

// OpenTerm connects and opens the workbook in a width×height terminal,
// with env sent as the client's environment ("KEY=value").
func OpenTerm(t testing.TB, addr string, key Key, width, height int, env ...string) *Term {
	t.Helper()
	c, err := Dial(addr, key, "")
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	tm, err := StartTerm(t, c, width, height, env...)
	if err != nil {
		c.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { tm.Close() })
	return tm
}

// StartTerm opens a terminal session on an open connection.
func StartTerm(t testing.TB, c *gossh.Client, width, height int, env ...string) (*Term, error) {
	s, err := c.NewSession()
	if err != nil {
		return nil, err
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if err := s.Setenv(k, v); err != nil {
			return nil, fmt.Errorf("setenv %s: %w", k, err)
		}
	}
	if err := s.RequestPty("xterm-256color", height, width, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		return nil, err
	}
	in, err := s.StdinPipe()
	if err != nil {
		return nil, err
	}
	tm := &Term{t: t, Client: c, Session: s, in: in, done: make(chan struct{}), term: vt.NewEmulator(width, height)}
	// The terminal answers what the program asks it (its background
	// colour, its modes), as a real one does.
	go func() {
		buf := make([]byte, 256)
		for {
			n, err := tm.term.Read(buf)
			if n > 0 {
				tm.inMu.Lock()
				tm.in.Write(buf[:n])
				tm.inMu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	s.Stdout = writerFunc(tm.write)
	s.Stderr = writerFunc(tm.write)
	if err := s.Shell(); err != nil {
		return nil, err
	}
	go func() {
		tm.err = s.Wait()
		close(tm.done)
	}()
	return tm, nil
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func (tm *Term) write(p []byte) (int, error) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.term.Write(p)
	return tm.out.Write(p)
}

// Screen is what the terminal shows now, as plain text.
func (tm *Term) Screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.term.String()
}

// Output is everything the session printed so far, escape sequences
// removed.
func (tm *Term) Output() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return ansi.Strip(tm.out.String())
}

// Raw is everything the session printed so far, as sent.
func (tm *Term) Raw() []byte {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return bytes.Clone(tm.out.Bytes())
}

// Send types raw bytes, as a terminal sends them (keys, escape sequences).
func (tm *Term) Send(s string) {
	tm.t.Helper()
	tm.inMu.Lock()
	defer tm.inMu.Unlock()
	if _, err := io.WriteString(tm.in, s); err != nil {
		tm.t.Fatalf("send: %v", err)
	}
}

// WaitFor waits until the screen shows want.
func (tm *Term) WaitFor(want string) {
	tm.t.Helper()
	if !tm.Eventually(tm.Screen, func(s string) bool { return strings.Contains(s, want) }) {
		tm.t.Fatalf("the screen never showed %q; it shows:\n%s", want, tm.Screen())
	}
}

// WaitForOutput waits until the output so far, stripped, contains want
// (for lines that may have scrolled by or left with the alternate screen).
func (tm *Term) WaitForOutput(want string) {
	tm.t.Helper()
	if !tm.Eventually(tm.Output, func(s string) bool { return strings.Contains(s, want) }) {
		tm.t.Fatalf("the session never printed %q; it printed:\n%s", want, tail(tm.Output(), 3000))
	}
}

// Eventually waits up to 10 s for ok(get()); false if it never holds.
func (tm *Term) Eventually(get func() string, ok func(string) bool) bool {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ok(get()) {
			return true
		}
		select {
		case <-tm.done:
			return ok(get())
		case <-time.After(5 * time.Millisecond):
		}
	}
	return false
}

// Mark is the length of the output so far: Since(mark) is what came after.
func (tm *Term) Mark() int {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.out.Len()
}

// Since is the output after a Mark, stripped.
func (tm *Term) Since(mark int) string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return ansi.Strip(tm.out.String()[mark:])
}

// Wait waits for the session to end and returns its exit error.
func (tm *Term) Wait() error {
	tm.t.Helper()
	select {
	case <-tm.done:
		return tm.err
	case <-time.After(10 * time.Second):
		tm.t.Fatalf("the session did not end; it shows:\n%s", tm.Screen())
		return nil
	}
}

// Ended reports whether the session is over.
func (tm *Term) Ended() bool {
	select {
	case <-tm.done:
		return true
	default:
		return false
	}
}

// Close drops the connection, as a closed laptop lid does.
func (tm *Term) Close() { tm.Client.Close() }

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// Result is what a command run without a terminal gave back.
type Result struct {
	Stdout, Stderr []byte
	Code           int // the exit status; -1 if there was none
	Err            error
}

// Run runs a command without a terminal, as `ssh host CMD < stdin` does.
func Run(addr string, key Key, cmd string, stdin []byte) Result {
	c, err := Dial(addr, key, "")
	if err != nil {
		return Result{Code: -1, Err: err}
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		return Result{Code: -1, Err: err}
	}
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr, s.Stdin = &out, &errb, bytes.NewReader(stdin)
	err = s.Run(cmd)
	r := Result{Stdout: out.Bytes(), Stderr: errb.Bytes(), Err: err}
	switch e := err.(type) {
	case nil:
	case *gossh.ExitError:
		r.Code, r.Err = e.ExitStatus(), nil
	default:
		r.Code = -1
	}
	return r
}
