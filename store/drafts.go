package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"autonomy/workbook"
)

func deleteDrafts(ctx context.Context, tx *sql.Tx, runID, exercise, entryID string) error {
	_, err := tx.ExecContext(ctx,
		`DELETE FROM drafts WHERE run_id = ? AND exercise = ? AND entry_id = ?`,
		runID, exercise, entryID)
	return err
}

// SaveDraft keeps d, replacing the draft of the same form (RunID,
// Exercise, EntryID). Invalid UTF-8 in it becomes U+FFFD.
func (s *Store) SaveDraft(ctx context.Context, d workbook.Draft) error {
	err := s.saveDraft(ctx, d)
	if err != nil {
		return fmt.Errorf("store: save draft of %s: %w", d.Exercise, err)
	}
	return nil
}

func (s *Store) saveDraft(ctx context.Context, d workbook.Draft) error {
	if d.Exercise == "" {
		return errors.New("draft without exercise")
	}
	stamp, err := formatTime(d.SavedAt)
	if err != nil {
		return err
	}
	answer, err := encodeDraft(d.Answer)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO drafts (run_id, exercise, entry_id, saved_at, answer) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (run_id, exercise, entry_id) DO UPDATE SET
				saved_at = excluded.saved_at,
				answer = excluded.answer`,
			d.RunID, d.Exercise, d.EntryID, stamp, answer)
		return err
	})
}

// Drafts lists every draft, newest first.
func (s *Store) Drafts(ctx context.Context) ([]workbook.Draft, error) {
	var drafts []workbook.Draft
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		drafts, err = readDrafts(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: drafts: %w", err)
	}
	return drafts, nil
}

func readDrafts(ctx context.Context, tx *sql.Tx) ([]workbook.Draft, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT run_id, exercise, entry_id, saved_at, answer FROM drafts
		ORDER BY saved_at DESC, run_id, exercise, entry_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var drafts []workbook.Draft
	for rows.Next() {
		var d workbook.Draft
		var saved, answer string
		if err := rows.Scan(&d.RunID, &d.Exercise, &d.EntryID, &saved, &answer); err != nil {
			return nil, err
		}
		if d.SavedAt, err = parseTime(saved); err != nil {
			return nil, err
		}
		if d.Answer, err = decodeDraft(answer); err != nil {
			return nil, fmt.Errorf("draft of %q: %w", d.Exercise, err)
		}
		drafts = append(drafts, d)
	}
	return drafts, rows.Err()
}

// DiscardDraft removes the draft of the form (runID, exercise, entryID),
// if there is one.
func (s *Store) DiscardDraft(ctx context.Context, runID, exercise, entryID string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		return deleteDrafts(ctx, tx, runID, exercise, entryID)
	})
	if err != nil {
		return fmt.Errorf("store: discard draft of %s: %w", exercise, err)
	}
	return nil
}
