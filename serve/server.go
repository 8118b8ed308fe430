// Package serve serves the workbook over SSH (charm.land/wish/v2): each
// person in a users file reaches their own database with any of their
// keys, through the same TUI, or runs one of a few allow-listed commands
// without a terminal. It knows nothing of the TUI or the store: main hands
// it a function that builds a session's program and the commands.
package serve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
)

// DefaultListen is where the server listens unless told otherwise: this
// machine only, until the person who runs it decides otherwise.
const DefaultListen = "127.0.0.1:23234"

// Defaults for the limits a Config leaves at zero.
const (
	DefaultIdleTimeout = 30 * time.Minute
	DefaultMaxSessions = 8
	defaultConnRate    = 2  // new connections a second from one address…
	defaultConnBurst   = 20 // …after a burst of this many
	handshakeTimeout   = 30 * time.Second
)

// Session is what the program of one terminal session is built from.
type Session struct {
	Person        string   // the name the key belongs to in the users file
	DBPath        string   // the person's database: DataDir/Person/DBName
	Width, Height int      // the client's terminal
	Environ       []string // what the client sent (TERM, NO_COLOR, AUTONOMY_THEME…)
}

// Getenv reads one variable of the client's environment.
func (s Session) Getenv(key string) string {
	for i := len(s.Environ) - 1; i >= 0; i-- {
		if k, v, ok := cutEnv(s.Environ[i]); ok && k == key {
			return v
		}
	}
	return ""
}

func cutEnv(kv string) (string, string, bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return "", "", false
}

// App is one session's program.
type App struct {
	// Model is the program's model. Keep it a pointer: after a panic the
	// model as it last was is what End gets.
	Model tea.Model
	// End runs once the program has stopped, however it stopped (quit,
	// disconnect, idle timeout, the server draining, a panic): it keeps
	// the open form as a draft and closes the database. An error is shown
	// to the person as one line.
	End func(final tea.Model) error
}

// Call is one run of an allow-listed command.
type Call struct {
	Person, DBPath string
	Args           []string // after the command's name
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Command runs an allow-listed command; an error is shown as one line and
// the client's ssh exits 1.
type Command func(ctx context.Context, c Call) error

// Config configures a Server. TUI, UsersFile, DataDir and HostKeyFile are
// required.
type Config struct {
	Listen    string
	UsersFile string
	DataDir   string
	// DBName is the name of each person's database file under
	// DataDir/NAME; "" is autonomy.db (the built-in guide's). Each
	// workbook served keeps its own, as locally.
	DBName      string
	HostKeyFile string
	IdleTimeout time.Duration // no keys or output this long ends a connection; 0: DefaultIdleTimeout
	MaxSessions int           // at once per person; 0: DefaultMaxSessions
	// ConnRate and ConnBurst limit new connections from one address (per
	// second, and the burst allowed first); 0: the defaults.
	ConnRate  float64
	ConnBurst int
	// Log gets one line per session and the server's own news; never
	// answer text. nil: nothing is logged.
	Log *log.Logger
	// TUI builds the program of a terminal session.
	TUI func(Session) (App, error)
	// Commands are the commands a client may run without a terminal, by
	// name; anything else is refused.
	Commands map[string]Command
	// DrainTimeout bounds Shutdown's wait for sessions to end by
	// themselves; 0: 4 s.
	DrainTimeout time.Duration
}

// Server is a running SSH server of the workbook.
type Server struct {
	cfg         Config
	ssh         *ssh.Server
	users       *users
	fingerprint string
	created     bool
	limiter     *connLimiter

	drainCtx context.Context
	drain    context.CancelFunc

	mu       sync.Mutex
	open     map[string]int // sessions per person
	sessions sync.WaitGroup
	ln       net.Listener
}

// New checks the configuration, reads the users file and loads (or makes)
// the host key. It does not listen yet.
func New(cfg Config) (*Server, error) {
	if cfg.UsersFile == "" {
		return nil, errNoUsers
	}
	if cfg.DataDir == "" || cfg.HostKeyFile == "" || cfg.TUI == nil {
		return nil, errors.New("serve: a data directory, a host key file and a TUI are required")
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.MaxSessions == 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.ConnRate == 0 {
		cfg.ConnRate = defaultConnRate
	}
	if cfg.ConnBurst == 0 {
		cfg.ConnBurst = defaultConnBurst
	}
	if cfg.DrainTimeout == 0 {
		cfg.DrainTimeout = 4 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = log.New(io.Discard, "", 0)
	}
	s := &Server{cfg: cfg, open: map[string]int{}, limiter: newConnLimiter(rate.Limit(cfg.ConnRate), cfg.ConnBurst)}
	s.drainCtx, s.drain = context.WithCancel(context.Background())
	var err error
	if s.users, err = newUsers(cfg.UsersFile, cfg.Log.Printf); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	signer, created, err := hostKey(cfg.HostKeyFile)
	if err != nil {
		return nil, err
	}
	s.fingerprint, s.created = gossh.FingerprintSHA256(signer.PublicKey()), created
	s.ssh, err = wish.NewServer(
		wish.WithAddress(cfg.Listen),
		wish.WithVersion("autonomy"),
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		func(srv *ssh.Server) error {
			srv.HandshakeTimeout = handshakeTimeout
			srv.ConnCallback = s.admit
			return nil
		},
		// The first runs last: the log line wraps everything, and only
		// a known person still in the users file reaches the rest.
		wish.WithMiddleware(
			s.dispatch,
			s.activeTerminal,
			s.sessionCap,
			s.draining,
			s.knownPerson,
			s.logSession,
		),
	)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// HostKey is the host key's fingerprint (SHA256:…), and whether this
// start created it.
func (s *Server) HostKey() (fingerprint string, created bool) { return s.fingerprint, s.created }

// People is how many people and keys the users file holds now.
func (s *Server) People() (people, keys int, err error) { return s.users.count() }

// Listen opens the listening socket (so that a caller learns the port of
// ":0" before serving).
func (s *Server) Listen() (net.Addr, error) {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	return ln.Addr(), nil
}

// Serve accepts connections until Shutdown; it listens first if Listen was
// not called. It returns nil after Shutdown.
func (s *Server) Serve() error {
	s.mu.Lock()
	ln := s.ln
	s.mu.Unlock()
	if ln == nil {
		if _, err := s.Listen(); err != nil {
			return err
		}
		ln = s.ln
	}
	err := s.ssh.Serve(ln)
	if s.drainCtx.Err() != nil {
		return nil
	}
	return err
}

// Shutdown drains: no new connection is accepted, every open form is
// kept as a draft and its session gets a goodbye line, commands get the
// drain timeout to finish, and then every connection is closed.
func (s *Server) Shutdown() error {
	s.mu.Lock()
	s.drain()
	if s.ln != nil {
		s.ln.Close()
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.sessions.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(s.cfg.DrainTimeout):
		s.cfg.Log.Printf("drain: sessions still open after %s; closing their connections", s.cfg.DrainTimeout)
	}
	// The listener was closed above: the server closing it again says
	// so, which is no failure.
	if err := s.ssh.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

// authorize is the only authentication there is: a public key in the users
// file. Anything else never gets a session.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	if _, ok := s.users.lookup(key); ok {
		return true
	}
	s.cfg.Log.Printf("refused key %s from %s: not in the users file", gossh.FingerprintSHA256(key), ctx.RemoteAddr())
	return false
}

// admit turns away an address that opens connections too fast, before the
// handshake costs anything.
func (s *Server) admit(_ ssh.Context, c net.Conn) net.Conn {
	if s.drainCtx.Err() != nil {
		return nil
	}
	if !s.limiter.allow(c.RemoteAddr()) {
		s.cfg.Log.Printf("refused a connection from %s: too many at once", c.RemoteAddr())
		return nil
	}
	return c
}

// DBPath is where a person's database lives.
func (s *Server) DBPath(person string) string {
	return filepath.Join(s.cfg.DataDir, person, cmp.Or(s.cfg.DBName, "autonomy.db"))
}
