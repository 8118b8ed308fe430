package serve

import (
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
)

// session is an SSH session with what the middleware learned about it.
// An ssh.Context belongs to the connection, which may carry several
// sessions, so nothing per session is kept there.
type session struct {
	ssh.Session
	person string
	what   string // "workbook", a command's name, or why it was refused
}

func (s *Server) refuse(sess *session, why, line string) {
	sess.what = why
	fmt.Fprintln(sess.Stderr(), "autonomy: "+line)
	_ = sess.Exit(1)
}

// logSession writes one line when a session ends: who, with which key,
// from where, for how long, and what it did. Never what was typed.
func (s *Server) logSession(next ssh.Handler) ssh.Handler {
	return func(raw ssh.Session) {
		start := time.Now()
		sess := &session{Session: raw}
		defer func() {
			fp := "-"
			if k := raw.PublicKey(); k != nil {
				fp = gossh.FingerprintSHA256(k)
			}
			person := sess.person
			if person == "" {
				person = "-"
			}
			s.cfg.Log.Printf("session user=%s key=%s from=%s duration=%s %s",
				person, fp, raw.RemoteAddr(), time.Since(start).Round(time.Millisecond), sess.what)
		}()
		next(sess)
	}
}

// knownPerson finds whose key this is. The users file may have changed
// since the key was accepted: a key removed meanwhile opens nothing.
func (s *Server) knownPerson(next ssh.Handler) ssh.Handler {
	return func(raw ssh.Session) {
		sess := raw.(*session)
		name, ok := s.users.lookup(raw.PublicKey())
		if !ok {
			s.refuse(sess, "refused: key no longer in the users file", "this key is not in the server's users file")
			return
		}
		sess.person = name
		next(sess)
	}
}

// draining turns new sessions away while the server stops.
func (s *Server) draining(next ssh.Handler) ssh.Handler {
	return func(raw ssh.Session) {
		sess := raw.(*session)
		// Under the lock Shutdown drains with: a session either counts
		// before the drain starts or is turned away.
		s.mu.Lock()
		stopping := s.drainCtx.Err() != nil
		if !stopping {
			s.sessions.Add(1)
		}
		s.mu.Unlock()
		if stopping {
			s.refuse(sess, "refused: stopping", "the server is stopping; connect again in a moment")
			return
		}
		defer s.sessions.Done()
		next(sess)
	}
}

// sessionCap keeps one person from holding more than MaxSessions
// sessions at once.
func (s *Server) sessionCap(next ssh.Handler) ssh.Handler {
	return func(raw ssh.Session) {
		sess := raw.(*session)
		s.mu.Lock()
		n := s.open[sess.person]
		if n >= s.cfg.MaxSessions {
			s.mu.Unlock()
			s.refuse(sess, "refused: session cap", fmt.Sprintf("%s already has %d sessions open, the most this server allows; close one first", sess.person, n))
			return
		}
		s.open[sess.person] = n + 1
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			if s.open[sess.person]--; s.open[sess.person] == 0 {
				delete(s.open, sess.person)
			}
			s.mu.Unlock()
		}()
		next(sess)
	}
}

// activeTerminal: the workbook (no command) needs a terminal; say how to
// ask for one.
func (s *Server) activeTerminal(next ssh.Handler) ssh.Handler {
	return func(raw ssh.Session) {
		sess := raw.(*session)
		if _, _, ok := raw.Pty(); !ok && len(raw.Command()) == 0 && raw.Subsystem() == "" {
			s.refuse(sess, "refused: no terminal", "the workbook needs a terminal: connect with ssh -t, or run one of: "+s.commandList())
			return
		}
		next(sess)
	}
}

// dispatch runs the workbook, or an allow-listed command.
func (s *Server) dispatch(_ ssh.Handler) ssh.Handler {
	return func(raw ssh.Session) {
		sess := raw.(*session)
		args := raw.Command()
		if raw.Subsystem() != "" || (len(args) == 0 && raw.RawCommand() != "") {
			s.refuse(sess, "refused: not a command here", "not a command here; the commands are: "+s.commandList())
			return
		}
		if len(args) == 0 {
			s.runTUI(sess)
			return
		}
		s.runCommand(sess, args)
	}
}

func (s *Server) commandList() string {
	var names []string
	for n := range s.cfg.Commands {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// connLimiter is a token bucket per remote address.
type connLimiter struct {
	rate  rate.Limit
	burst int

	mu   sync.Mutex
	byIP map[string]*addrLimit
}

type addrLimit struct {
	lim  *rate.Limiter
	seen time.Time
}

func newConnLimiter(r rate.Limit, burst int) *connLimiter {
	return &connLimiter{rate: r, burst: burst, byIP: map[string]*addrLimit{}}
}

func (l *connLimiter) allow(addr net.Addr) bool {
	key := addr.String()
	if t, ok := addr.(*net.TCPAddr); ok {
		key = t.IP.String()
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	// Forget addresses whose bucket has long refilled, so the map stays
	// small whatever knocks.
	if len(l.byIP) > 1024 {
		for k, a := range l.byIP {
			if now.Sub(a.seen) > time.Minute {
				delete(l.byIP, k)
			}
		}
	}
	a, ok := l.byIP[key]
	if !ok {
		a = &addrLimit{lim: rate.NewLimiter(l.rate, l.burst)}
		l.byIP[key] = a
	}
	a.seen = now
	return a.lim.AllowN(now, 1)
}
