package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// metaSafetySeen records when the person first opened the safety boundary
// with "!"; until then Home points to it.
const metaSafetySeen = "safety_seen"

// SafetySeen reports whether the safety boundary was ever opened.
func (s *Store) SafetySeen(ctx context.Context) (bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", metaSafetySeen).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store: safety seen: %w", err)
	}
	return true, nil
}

// MarkSafetySeen records the first opening of the safety boundary; later
// ones change nothing.
func (s *Store) MarkSafetySeen(ctx context.Context, now time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
			metaSafetySeen, now.UTC().Format(time.RFC3339Nano))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: mark safety seen: %w", err)
	}
	return nil
}
