package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// Deleted means deleted, in the -wal too. After a delete, the -wal still
// holds the pages the delete changed as they were before it, deleted text
// included, until a truncating checkpoint has copied the new pages into
// the database and emptied the -wal. A reader of another process keeps
// that checkpoint from finishing for as long as its read lasts, so the
// delete flags the database (metaDeleted, in its own transaction) and the
// store retries until the checkpoint succeeds: at once, then in the
// background while the store is open, then at the next open.

// metaDeleted is the meta key set by a delete until the -wal is emptied.
const metaDeleted = "wal_holds_deleted"

// truncateRetry bounds the pause between two tries of the checkpoint.
const truncateRetry = time.Second

// truncator retries the checkpoint in the background, one goroutine at a
// time, until it succeeds or the store closes.
type truncator struct {
	mu      sync.Mutex
	running bool
	stop    chan struct{}
	done    chan struct{}
}

// truncateAfterDelete empties the -wal if a delete is flagged: it tries
// once now, and if a reader keeps the checkpoint from finishing, goes on
// trying in the background.
func (s *Store) truncateAfterDelete(ctx context.Context) error {
	var pending bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM meta WHERE key = ?)`, metaDeleted).Scan(&pending)
	if err != nil {
		return fmt.Errorf("store: %s: %w", s.path, err)
	}
	if pending && !s.tryTruncate(ctx) {
		s.truncate.start(s)
	}
	return nil
}

// tryTruncate runs one truncating checkpoint, without waiting for other
// processes, and clears the flag when it succeeded (a write of the meta
// page only). It reports whether both happened.
func (s *Store) tryTruncate(ctx context.Context) bool {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		return false
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA busy_timeout = %d`, s.wait.Milliseconds()))
	var busy, logFrames, done int
	err = conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done)
	if err != nil || busy != 0 {
		return false
	}
	_, err = conn.ExecContext(ctx, `DELETE FROM meta WHERE key = ?`, metaDeleted)
	return err == nil
}

// flagDelete sets the flag in the delete's transaction.
func flagDelete(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING`, metaDeleted)
	return err
}

// start starts the retrying goroutine unless it runs.
func (t *truncator) start(s *Store) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.running {
		return
	}
	t.running = true
	t.stop, t.done = make(chan struct{}), make(chan struct{})
	go func(stop <-chan struct{}, done chan<- struct{}) {
		defer close(done)
		delay := 20 * time.Millisecond
		for {
			select {
			case <-stop:
				return
			case <-time.After(delay):
			}
			if s.tryTruncate(context.Background()) {
				t.mu.Lock()
				t.running = false
				t.mu.Unlock()
				return
			}
			delay = min(2*delay, truncateRetry)
		}
	}(t.stop, t.done)
}

// halt stops the retrying goroutine and waits for it; the flag stays for
// the next open.
func (t *truncator) halt() {
	t.mu.Lock()
	running, stop, done := t.running, t.stop, t.done
	t.running = false
	t.mu.Unlock()
	if running {
		close(stop)
		<-done
	}
}
