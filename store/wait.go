package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Waiting for another process. SQLite lets one writer at a time into the
// database: a write transaction (BEGIN IMMEDIATE) that finds another
// process writing waits in SQLite's busy handler, for as long as the other
// holds the lock, up to Options.Wait (the connections' busy_timeout). A
// caller that wants to tell the person asks for a notice (NotifyWait);
// when the wait runs out the error says who kept the database (ErrBusy),
// never SQLite's "database is locked".

// ErrBusy: another process kept the database busy for longer than the
// store waits. Nothing was changed.
var ErrBusy = errors.New("the database is busy")

// waitNotice is how long a write waits before it counts as waiting for
// another process, and the notice is given.
const waitNotice = 300 * time.Millisecond

// waitInfo travels in the context of a store's calls: what a wait and a
// busy error need to know of the store, and the notice asked for.
type waitInfo struct {
	path   string
	wait   time.Duration
	notify func(pid int) // nil: no notice
	once   *sync.Once
}

type waitKey struct{}

// NotifyWait returns a context for the store's calls that makes the first
// write that waits for another process call notify once, on another
// goroutine, with that process's id when it is known (else 0). The CLI
// says "waiting for another autonomy process…" with it.
func (s *Store) NotifyWait(ctx context.Context, notify func(pid int)) context.Context {
	return context.WithValue(ctx, waitKey{}, &waitInfo{path: s.path, wait: s.wait, notify: notify, once: new(sync.Once)})
}

// waitContext is ctx, with the store's waitInfo unless it has one.
func (s *Store) waitContext(ctx context.Context) context.Context {
	if _, ok := ctx.Value(waitKey{}).(*waitInfo); ok {
		return ctx
	}
	return context.WithValue(ctx, waitKey{}, &waitInfo{path: s.path, wait: s.wait})
}

// noticeWait arms the notice of ctx, if any, for a write about to begin;
// the returned function disarms it once the write has its lock.
func noticeWait(ctx context.Context) (stop func()) {
	w, ok := ctx.Value(waitKey{}).(*waitInfo)
	if !ok || w.notify == nil {
		return func() {}
	}
	t := time.AfterFunc(waitNotice, func() {
		w.once.Do(func() { w.notify(writerPID(w.path)) })
	})
	return func() { t.Stop() }
}

// busyError is ErrBusy with who held the database, when known.
type busyError struct {
	path string
	pid  int
	wait time.Duration
}

func (e *busyError) Error() string {
	who := "another autonomy process"
	if e.pid > 0 {
		who += fmt.Sprintf(" (pid %d)", e.pid)
	}
	what := "the database"
	if e.path != "" {
		what = e.path
	}
	after := ""
	switch {
	case e.wait >= time.Second:
		after = " for " + e.wait.Round(time.Second).String()
	case e.wait > 0:
		after = " for " + e.wait.Round(time.Millisecond).String()
	}
	return fmt.Sprintf("%s kept %s busy%s; nothing was changed, try again when it is done", who, what, after)
}

// Unwrap is ErrBusy only: the cause's text is SQLite's.
func (e *busyError) Unwrap() error { return ErrBusy }

func newBusyError(ctx context.Context, err error) error {
	if errors.Is(err, ErrBusy) {
		return err
	}
	e := &busyError{}
	if w, ok := ctx.Value(waitKey{}).(*waitInfo); ok {
		e.path, e.wait, e.pid = w.path, w.wait, writerPID(w.path)
	}
	return e
}

// isBusy reports whether err is SQLite's SQLITE_BUSY or SQLITE_LOCKED, or
// ErrBusy.
func isBusy(err error) bool {
	if errors.Is(err, ErrBusy) {
		return true
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code() & 0xff
	return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
}
