package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// metaSafetySeen records when the person first opened the safety boundary
// with "!"; until then Home points to it.
const metaSafetySeen = "safety_seen"

// SafetySeen reports whether the safety boundary was ever opened.
func (s *Store) SafetySeen(ctx context.Context) (bool, error) {
	seen, err := safetySeen(ctx, s.db)
	if err != nil {
		return false, fmt.Errorf("store: safety seen: %w", err)
	}
	return seen, nil
}

func safetySeen(ctx context.Context, q querier) (bool, error) {
	var seen bool
	err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM meta WHERE key = ?)", metaSafetySeen).Scan(&seen)
	return seen, err
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
